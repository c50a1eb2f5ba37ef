using System.Globalization;
using Coverage.Storage.GeoPackage;
using Coverage.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Coverage.Storage.Backup;

/// <summary>
/// Backup and restore of a GeoPackage store. The copy uses SQLite's online backup API, which reads the whole file
/// under one read lock: a server writing meanwhile waits a moment, and the copy is one committed state.
/// Restore builds the new file beside the store and renames it over the store, so it is all or nothing.
/// </summary>
public static class GeoPackageBackup
{
    public const string Kind = "geopackage";
    const string DataFile = "plan.gpkg";

    public static int LatestSchemaVersion => SqlMigration.Load("geopackage/").Max(m => m.Version);

    public static async Task<BackupManifest> BackupAsync(string storePath, string backupPath, CancellationToken ct = default)
    {
        var store = Path.GetFullPath(storePath);
        if (!File.Exists(store))
            throw new PlanStoreException(PlanStoreError.NotFound, $"规划库不存在：{store}", $"The plan store does not exist: {store}");
        // Opening through the store checks the file is a Coverage GeoPackage before anything is copied.
        await (await GeoPackageStore.OpenAsync(store, readOnly: true, ct)).DisposeAsync();
        var copy = BackupArchive.TempBeside(backupPath) + ".gpkg";
        try
        {
            await CopyAsync(store, copy, ct);
            var (schema, counts) = await DescribeAsync(copy, ct);
            var manifest = new BackupManifest
            {
                Kind = Kind, SchemaVersion = schema, CreatedAt = DateTimeOffset.UtcNow, RowCounts = counts, DataFile = DataFile,
            };
            return BackupArchive.Write(backupPath, manifest, copy);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    /// <summary>
    /// SQLite's online backup in one step (one read lock, so one committed state). A writer holding the file makes the step
    /// answer SQLITE_BUSY at once rather than wait, so the copy is retried until the writer is done, up to 30 s as any store access.
    /// </summary>
    static async Task CopyAsync(string store, string copy, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var source = Open(store, SqliteOpenMode.ReadOnly);
                await using var target = Open(copy, SqliteOpenMode.ReadWriteCreate);
                await source.OpenAsync(ct);
                await target.OpenAsync(ct);
                source.BackupDatabase(target);
                return;
            }
            catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20, ct);
            }
            catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
            {
                throw new PlanStoreException(PlanStoreError.Unavailable,
                    $"规划库 30 秒内一直被写入锁定，无法备份：{store}（请稍后再试）", $"The plan store stayed locked by writers for 30 s, cannot back it up: {store} (try again later)");
            }
        }
    }

    /// <summary>
    /// Replaces the store at storePath with the backup: checked (kind, schema, SHA-256, row counts), upgraded to this
    /// program's schema, given an edit-log row "restore" that a running server sees as a plan change, then renamed into place.
    /// </summary>
    public static async Task<BackupManifest> RestoreAsync(string backupPath, string storePath, bool force, string actor,
        CancellationToken ct = default)
    {
        var store = Path.GetFullPath(storePath);
        var manifest = BackupArchive.ReadManifest(backupPath);
        BackupArchive.CheckFits(backupPath, manifest, Kind, LatestSchemaVersion);
        long lastEditId = 0;
        if (File.Exists(store) && new FileInfo(store).Length > 0)
        {
            await (await GeoPackageStore.OpenAsync(store, readOnly: true, ct)).DisposeAsync();
            var (_, counts) = await DescribeAsync(store, ct);
            BackupArchive.CheckMayReplace(store, counts, force);
            lastEditId = await LastEditIdAsync(store, ct);
        }
        else if (!Directory.Exists(Path.GetDirectoryName(store)))
            throw new PlanStoreException(PlanStoreError.NotFound, $"文件夹不存在：{Path.GetDirectoryName(store)}",
                $"Folder does not exist: {Path.GetDirectoryName(store)}");
        var temp = BackupArchive.TempBeside(store);
        try
        {
            BackupArchive.ExtractData(backupPath, manifest, temp);
            var (_, restored) = await DescribeAsync(temp, ct);
            CheckCounts(backupPath, manifest, restored);
            await (await GeoPackageStore.OpenAsync(temp, ct: ct)).DisposeAsync(); // applies newer migrations
            await LogRestoreAsync(temp, Math.Max(lastEditId, await LastEditIdAsync(temp, ct)) + 1, actor, backupPath, manifest, ct);
            File.Move(temp, store, overwrite: true);
            return manifest;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Every table's rows must be as the manifest says: a backup that decompresses but lost rows is refused.</summary>
    internal static void CheckCounts(string backupPath, BackupManifest manifest, IReadOnlyDictionary<string, long> actual)
    {
        foreach (var (table, expected) in manifest.RowCounts)
            if (actual.GetValueOrDefault(table, -1) != expected)
                throw new PlanStoreException(PlanStoreError.Corrupt,
                    $"备份文件已损坏（表 {table} 应有 {expected} 行，实为 {actual.GetValueOrDefault(table)}）：{backupPath}；规划库未改动",
                    $"The backup file is damaged (table {table} should have {expected} rows, has {actual.GetValueOrDefault(table)}): {backupPath}; the store was not changed");
    }

    static SqliteConnection Open(string path, SqliteOpenMode mode) => new(new SqliteConnectionStringBuilder
    {
        DataSource = path, Mode = mode, Pooling = false, DefaultTimeout = 30,
    }.ToString());

    /// <summary>Schema version and rows per table of every table in the file (SQLite's own tables aside).</summary>
    internal static async Task<(int SchemaVersion, Dictionary<string, long> Counts)> DescribeAsync(string path, CancellationToken ct)
    {
        await using var conn = Open(path, SqliteOpenMode.ReadOnly);
        await conn.OpenAsync(ct);
        var tables = new List<string>();
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) tables.Add(r.GetString(0));
        }
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var t in tables) counts[t] = await ScalarAsync(conn, $"SELECT COUNT(*) FROM \"{t.Replace("\"", "\"\"")}\"", ct);
        var schema = tables.Contains("schema_migrations") ? await ScalarAsync(conn, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", ct) : 0;
        return ((int)schema, counts);
    }

    static async Task<long> LastEditIdAsync(string path, CancellationToken ct)
    {
        await using var conn = Open(path, SqliteOpenMode.ReadOnly);
        await conn.OpenAsync(ct);
        return await ScalarAsync(conn, "SELECT COALESCE(MAX(id), 0) FROM edit_log", ct);
    }

    static async Task<long> ScalarAsync(SqliteConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The restore's own edit-log row, numbered past every id the replaced store had: a server that read the log up to
    /// there sees a newer row and rebuilds its analysis from the restored plan.
    /// </summary>
    static async Task LogRestoreAsync(string path, long id, string actor, string backupPath, BackupManifest manifest, CancellationToken ct)
    {
        await using var conn = Open(path, SqliteOpenMode.ReadWrite);
        await conn.OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "INSERT INTO edit_log (id, at, actor, action, entity, entity_id, before, after) " +
            "VALUES (@id, @at, @actor, @action, @entity, @entity_id, NULL, @after)";
        cmd.Parameters.AddWithValue("@id", id);
        cmd.Parameters.AddWithValue("@at", DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("@actor", actor);
        cmd.Parameters.AddWithValue("@action", RestoreLog.Action);
        cmd.Parameters.AddWithValue("@entity", RestoreLog.Entity);
        cmd.Parameters.AddWithValue("@entity_id", Path.GetFileName(backupPath));
        cmd.Parameters.AddWithValue("@after", PlanJson.Serialize(manifest));
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>How a restore appears in the edit log.</summary>
public static class RestoreLog
{
    public const string Action = "restore";
    /// <summary>The whole plan: readers of the log treat it as a change to everything.</summary>
    public const string Entity = "plan";
}
