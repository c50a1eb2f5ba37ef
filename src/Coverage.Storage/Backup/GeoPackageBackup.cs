using System.Globalization;
using Coverage.Storage.GeoPackage;
using Coverage.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Coverage.Storage.Backup;

/// <summary>
/// Backup and restore of a GeoPackage store. The copy uses SQLite's online backup API, which reads the whole file
/// under one read lock: a server writing meanwhile waits a moment, and the copy is one committed state.
/// Restore checks and upgrades the backup in a scratch file, then replaces the live file's rows in one write transaction.
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
    /// Replaces the plan in the store at storePath with the backup's. Everything about the backup is checked first
    /// (kind, schema, SHA-256, row counts) and it is upgraded to this program's schema in a scratch copy; then, in ONE
    /// write transaction on the live file (SQLite's write lock, so a running server's writes wait rather than go
    /// anywhere else), the replaced plan is copied to a safety backup, every table's rows are replaced by the backup's
    /// and a "restore" edit-log row is added, numbered past every id the live file ever had. The live file is written
    /// in place through SQLite, never renamed over, so the server's open connections and journals stay valid.
    /// </summary>
    public static async Task<RestoreResult> RestoreAsync(string backupPath, string storePath, bool force, string actor,
        CancellationToken ct = default, bool restoreTokens = false, bool safetyBackup = true)
    {
        var store = Path.GetFullPath(storePath);
        var manifest = BackupArchive.ReadManifest(backupPath);
        BackupArchive.CheckFits(backupPath, manifest, Kind, LatestSchemaVersion);
        var exists = File.Exists(store) && new FileInfo(store).Length > 0;
        if (exists)
        {
            await (await GeoPackageStore.OpenAsync(store, readOnly: true, ct)).DisposeAsync();
            var (_, counts) = await DescribeAsync(store, ct);
            BackupArchive.CheckMayReplace(store, counts, force);
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
            await (await GeoPackageStore.OpenAsync(temp, ct: ct)).DisposeAsync(); // applies newer migrations to the scratch copy
            await (await GeoPackageStore.OpenAsync(store, ct: ct)).DisposeAsync(); // creates or upgrades the live file: same tables
            var safety = safetyBackup && exists ? BackupArchive.SafetyBackupPath(store, Path.GetFileNameWithoutExtension(store)) : null;
            await ReplaceInPlaceAsync(store, temp, safety, restoreTokens, actor, backupPath, manifest, force, ct);
            return new RestoreResult(manifest, safety);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// The swap itself, under the live file's write lock from reading its last edit-log id until the commit: the
    /// replaced plan is copied out (online backup API, while no other writer can change it), then
    /// each table of the restored copy replaces the live table's rows. Planner tokens stay the live file's unless asked.
    /// </summary>
    static async Task ReplaceInPlaceAsync(string store, string restoredCopy, string? safety, bool restoreTokens, string actor,
        string backupPath, BackupManifest manifest, bool force, CancellationToken ct)
    {
        await using var conn = Open(store, SqliteOpenMode.ReadWrite);
        await conn.OpenAsync(ct);
        await ExecAsync(conn, $"ATTACH DATABASE {SqlText(restoredCopy)} AS restored", ct);
        var tables = await TablesAsync(conn, "restored", ct);
        var copied = tables.Where(t => t != "sqlite_sequence" && (restoreTokens || t != TokensTable)).ToList();
        var safetyCopy = safety is null ? null : safety + ".gpkg";
        try
        {
            // Rows go in table by table: references hold again once all are in (the backup's own were checked consistent).
            await ExecAsync(conn, "PRAGMA foreign_keys = OFF", ct);
            await ExecAsync(conn, "BEGIN IMMEDIATE", ct); // the write lock: the server's writes wait until COMMIT
            try
            {
                // Checked again under the lock: a planner may have added to an empty store since the first check.
                var held = (await TablesAsync(conn, "main", ct)).Intersect(BackupArchive.PlanTables);
                BackupArchive.CheckMayReplace(store, await CountsAsync(conn, "main", held, ct), force);
                var mark = await ScalarAsync(conn, "SELECT COALESCE(MAX(id), 0) FROM main.edit_log", ct);
                if (safetyCopy is not null)
                {
                    // From a second, reading connection: SQLite will not back up from a connection in a write transaction,
                    // and our write lock still lets readers in (nothing is changed yet, so they read the state being replaced).
                    await using var source = Open(store, SqliteOpenMode.ReadOnly);
                    await using var target = Open(safetyCopy, SqliteOpenMode.ReadWriteCreate);
                    await source.OpenAsync(ct);
                    await target.OpenAsync(ct);
                    source.BackupDatabase(target);
                }
                foreach (var t in copied) await ReplaceRowsAsync(conn, t, ct);
                await ExecAsync(conn, "DELETE FROM main.sqlite_sequence WHERE name IN (SELECT name FROM restored.sqlite_sequence)" +
                    (restoreTokens ? "" : $" AND name <> '{TokensTable}'"), ct);
                await ExecAsync(conn, "INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM restored.sqlite_sequence" +
                    (restoreTokens ? "" : $" WHERE name <> '{TokensTable}'"), ct);
                var id = Math.Max(mark, await ScalarAsync(conn, "SELECT COALESCE(MAX(id), 0) FROM main.edit_log", ct)) + 1;
                await LogRestoreAsync(conn, id, actor, backupPath, manifest, ct);
                await ExecAsync(conn, "COMMIT", ct);
            }
            catch
            {
                await ExecAsync(conn, "ROLLBACK", CancellationToken.None);
                throw;
            }
            if (safetyCopy is not null) await WriteSafetyArchiveAsync(safetyCopy, safety!, ct);
        }
        finally
        {
            if (safetyCopy is not null && File.Exists(safetyCopy)) File.Delete(safetyCopy);
        }
    }

    const string TokensTable = "planner_tokens";

    /// <summary>One table's rows replaced by the restored copy's, column by column by name.</summary>
    static async Task ReplaceRowsAsync(SqliteConnection conn, string table, CancellationToken ct)
    {
        var columns = new List<string>();
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = $"SELECT name FROM pragma_table_info({SqlText(table)}, 'restored')";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) columns.Add(Ident(r.GetString(0)));
        }
        var list = string.Join(", ", columns);
        await ExecAsync(conn, $"DELETE FROM main.{Ident(table)}", ct);
        await ExecAsync(conn, $"INSERT INTO main.{Ident(table)} ({list}) SELECT {list} FROM restored.{Ident(table)}", ct);
    }

    /// <summary>The copy of the replaced store packed as an ordinary backup, so `coverage restore` can bring it back.</summary>
    static async Task WriteSafetyArchiveAsync(string copy, string archive, CancellationToken ct)
    {
        var (schema, counts) = await DescribeAsync(copy, ct);
        BackupArchive.Write(archive, new BackupManifest
        {
            Kind = Kind, SchemaVersion = schema, CreatedAt = DateTimeOffset.UtcNow, RowCounts = counts, DataFile = DataFile,
        }, copy);
    }

    static async Task<List<string>> TablesAsync(SqliteConnection conn, string database, CancellationToken ct)
    {
        var tables = new List<string>();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT name FROM {database}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) tables.Add(r.GetString(0));
        return tables;
    }

    static async Task<Dictionary<string, long>> CountsAsync(SqliteConnection conn, string database, IEnumerable<string> tables, CancellationToken ct)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var t in tables) counts[t] = await ScalarAsync(conn, $"SELECT COUNT(*) FROM {database}.{Ident(t)}", ct);
        return counts;
    }

    static async Task ExecAsync(SqliteConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    static string Ident(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
    static string SqlText(string text) => "'" + text.Replace("'", "''") + "'";

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
        var tables = await TablesAsync(conn, "main", ct);
        var counts = await CountsAsync(conn, "main", tables, ct);
        var schema = tables.Contains("schema_migrations") ? await ScalarAsync(conn, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", ct) : 0;
        return ((int)schema, counts);
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
    static async Task LogRestoreAsync(SqliteConnection conn, long id, string actor, string backupPath, BackupManifest manifest, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "INSERT INTO main.edit_log (id, at, actor, action, entity, entity_id, before, after) " +
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

/// <summary>What a restore did: the backup's manifest, and the automatic backup of the replaced store (null when none was made).</summary>
public sealed record RestoreResult(BackupManifest Manifest, string? SafetyBackup);

/// <summary>How a restore appears in the edit log.</summary>
public static class RestoreLog
{
    public const string Action = "restore";
    /// <summary>The whole plan: readers of the log treat it as a change to everything.</summary>
    public const string Entity = "plan";
}
