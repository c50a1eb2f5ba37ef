using System.Data.Common;
using System.Globalization;
using Coverage.Storage.Sql;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Coverage.Storage.GeoPackage;

/// <summary>
/// The embedded default store: one OGC GeoPackage file (SQLite) that QGIS and ogrinfo open directly.
/// Feature tables facilities and settlements, attribute tables for the rest.
/// </summary>
public sealed class GeoPackageStore : SqlPlanStore
{
    /// <summary>'GPKG' in the SQLite header's application_id.</summary>
    public const int ApplicationId = 0x47504B47;
    /// <summary>GeoPackage 1.3.0.</summary>
    public const int UserVersion = 10300;

    private readonly string _connectionString;

    private GeoPackageStore(string path, bool readOnly)
    {
        Path = path;
        IsReadOnly = readOnly;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            // No pooling: a closed store releases its file at once (copy, delete, open in QGIS).
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }
    public bool IsReadOnly { get; }
    protected override string StoreKind => "geopackage";
    protected override string Location => Path;

    /// <summary>
    /// Opens the GeoPackage at path, creating it (and the Coverage tables) when missing. A file that cannot be
    /// written opens read-only: reads work, writes fail with PlanStoreError.ReadOnly.
    /// </summary>
    public static async Task<GeoPackageStore> OpenAsync(string path, bool readOnly = false, CancellationToken ct = default)
    {
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
            throw new PlanStoreException(PlanStoreError.Unavailable, $"文件夹不存在:{folder}(请先创建或换一个路径)",
                $"Folder does not exist: {folder} (create it or choose another path)");
        var exists = File.Exists(full);
        if (!exists && readOnly)
            throw new PlanStoreException(PlanStoreError.NotFound, $"GeoPackage 文件不存在:{full}", $"GeoPackage file not found: {full}");
        if (exists) CheckSqliteHeader(full);
        var store = new GeoPackageStore(full, readOnly || (exists && !IsWritable(full)));
        await store.PrepareAsync(exists && new FileInfo(full).Length > 0, ct);
        return store;
    }

    private static void CheckSqliteHeader(string path)
    {
        var header = new byte[16];
        int read;
        using (var f = File.OpenRead(path)) read = f.ReadAtLeast(header, 16, throwOnEndOfStream: false);
        if (read == 0) return;
        if (read < 16 || System.Text.Encoding.ASCII.GetString(header, 0, 15) != "SQLite format 3")
            throw NotGeoPackage(path, "不是 SQLite 文件", "not an SQLite file");
    }

    private static PlanStoreException NotGeoPackage(string path, string whyZh, string whyEn) =>
        new(PlanStoreError.Corrupt, $"文件不是 GeoPackage({whyZh}):{path}(请选择 Coverage 的 .gpkg 文件,或换一个新文件名)",
            $"File is not a GeoPackage ({whyEn}): {path} (choose a Coverage .gpkg file or a new file name)");

    private static bool IsWritable(string path)
    {
        if (!OperatingSystem.IsWindows() &&
            (File.GetUnixFileMode(path) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0)
            return false; // root may write anyway; the file's mode says it is meant to stay unchanged
        try
        {
            using var _ = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    /// <summary>Checks the file, then creates or upgrades the schema in one transaction.</summary>
    private async Task PrepareAsync(bool hadContent, CancellationToken ct)
    {
        try
        {
            await using var conn = (SqliteConnection)await OpenAsync(ct);
            var check = await ScalarAsync(conn, "PRAGMA quick_check", ct);
            if (!string.Equals(check, "ok", StringComparison.OrdinalIgnoreCase))
                throw Corrupt(check ?? "quick_check failed");
            var appId = int.Parse(await ScalarAsync(conn, "PRAGMA application_id", ct) ?? "0", CultureInfo.InvariantCulture);
            var tables = int.Parse(await ScalarAsync(conn, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'", ct) ?? "0",
                CultureInfo.InvariantCulture);
            if (hadContent && tables > 0 && appId != ApplicationId)
                throw NotGeoPackage(Path, "SQLite 文件但 application_id 不是 GPKG", "an SQLite file whose application_id is not GPKG");
            var applied = await AppliedVersionAsync(conn, ct);
            var pending = SqlMigration.Load("geopackage/").Where(m => m.Version > applied).ToList();
            if (pending.Count == 0) return;
            if (IsReadOnly)
                throw new PlanStoreException(PlanStoreError.ReadOnly,
                    $"GeoPackage 文件只读,无法建立或升级数据表:{Path}", $"GeoPackage file is read-only, cannot create or upgrade its tables: {Path}");
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync(ct);
            await ExecAsync(conn, tx, $"PRAGMA application_id = {ApplicationId}; PRAGMA user_version = {UserVersion};" +
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at DATETIME NOT NULL);", ct);
            foreach (var m in pending)
            {
                await ExecAsync(conn, tx, m.Sql, ct);
                await using var cmd = Command(conn, tx, "INSERT INTO schema_migrations VALUES (@v, @n, @at)");
                Add(cmd, "@v", m.Version);
                Add(cmd, "@n", m.Name);
                AddTime(cmd, "@at", Now());
                await cmd.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        catch (Exception e) when (e is not PlanStoreException && Translate(e) is { } pe)
        {
            throw pe;
        }
    }

    private static async Task<int> AppliedVersionAsync(SqliteConnection conn, CancellationToken ct)
    {
        if (await ScalarAsync(conn, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", ct) is null)
            return 0;
        return int.Parse(await ScalarAsync(conn, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", ct) ?? "0",
            CultureInfo.InvariantCulture);
    }

    private static async Task<string?> ScalarAsync(SqliteConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = Command(conn, null, sql);
        return await cmd.ExecuteScalarAsync(ct) is { } v and not DBNull ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;
    }

    private static async Task ExecAsync(SqliteConnection conn, SqliteTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = Command(conn, tx, sql);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var conn = new SqliteConnection(_connectionString);
        await conn.OpenAsync(ct);
        return conn;
    }

    protected override void EnsureWritable()
    {
        if (IsReadOnly)
            throw new PlanStoreException(PlanStoreError.ReadOnly, $"GeoPackage 文件只读,不能修改:{Path}(请复制到可写位置或修改文件权限)",
                $"GeoPackage file is read-only: {Path} (copy it somewhere writable or change its permissions)");
    }

    protected override void AddGeometry(DbCommand cmd, string name, Geometry geometry) =>
        Add(cmd, name, new GeoPackageGeoWriter { HandleOrdinates = Ordinates.XY }.Write(geometry)); // plain 2D, as GDAL/QGIS expect

    protected override Geometry ReadGeometry(DbDataReader reader, int ordinal) =>
        new GeoPackageGeoReader { HandleSRID = true }.Read((byte[])reader.GetValue(ordinal));

    protected override void AddTime(DbCommand cmd, string name, DateTimeOffset? time) =>
        Add(cmd, name, time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>No spatial index: the box is applied in memory (a county's plan is thousands of rows).</summary>
    protected override string? BboxPredicate(DbCommand cmd, Envelope box) => null;

    protected override async Task<(string Version, int SchemaVersion)> DescribeAsync(DbConnection conn, CancellationToken ct)
    {
        var sqlite = await ScalarAsync((SqliteConnection)conn, "SELECT sqlite_version()", ct);
        return ($"SQLite {sqlite}, GeoPackage 1.3", await AppliedVersionAsync((SqliteConnection)conn, ct));
    }

    private PlanStoreException Corrupt(string why) =>
        new(PlanStoreError.Corrupt, $"GeoPackage 文件已损坏:{Path}({why})。请从备份恢复或重新导出",
            $"GeoPackage file is corrupt: {Path} ({why}); restore it from a backup or export it again");

    protected override PlanStoreException? Translate(Exception e) => e switch
    {
        SqliteException { SqliteErrorCode: 26 } => NotGeoPackage(Path, "不是数据库文件", "file is not a database"),
        SqliteException { SqliteErrorCode: 11 } s => Corrupt(s.Message),
        SqliteException { SqliteErrorCode: 8 } => new PlanStoreException(PlanStoreError.ReadOnly,
            $"GeoPackage 文件不能写入:{Path}", $"GeoPackage file cannot be written: {Path} (check permissions and free space)"),
        SqliteException { SqliteErrorCode: 19 } s => new PlanStoreException(PlanStoreError.Conflict,
            $"与已有记录冲突:{s.Message}", $"conflicts with an existing row: {s.Message}"),
        SqliteException { SqliteErrorCode: 5 or 6 } => new PlanStoreException(PlanStoreError.Unavailable,
            $"GeoPackage 文件被其他程序锁定:{Path}(请关闭正在编辑它的程序,如 QGIS)",
            $"GeoPackage file is locked by another program: {Path} (close the program editing it, e.g. QGIS)"),
        SqliteException { SqliteErrorCode: 13 } => new PlanStoreException(PlanStoreError.Unavailable,
            $"磁盘已满,无法写入:{Path}", $"disk full, cannot write: {Path}"),
        SqliteException { SqliteErrorCode: 10 or 14 } s => new PlanStoreException(PlanStoreError.Unavailable,
            $"无法读写 GeoPackage 文件:{Path}({s.Message})", $"cannot read or write the GeoPackage file: {Path} ({s.Message})"),
        _ => null,
    };
}
