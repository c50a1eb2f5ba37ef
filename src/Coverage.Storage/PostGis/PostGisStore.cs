using System.Data.Common;
using Coverage.Storage.Sql;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace Coverage.Storage.PostGis;

/// <summary>
/// The team store: PostgreSQL + PostGIS through Npgsql.NetTopologySuite. Migrations (embedded plain SQL) are
/// applied on open, in one transaction, and recorded in schema_migrations. Tables go to the first schema of
/// the connection's search path.
/// </summary>
public sealed class PostGisStore : SqlPlanStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostGisErrors _errors;

    private PostGisStore(NpgsqlDataSource dataSource, PostGisErrors errors)
    {
        _dataSource = dataSource;
        _errors = errors;
    }

    protected override string StoreKind => "postgis";
    protected override string Location => _errors.Where;

    /// <summary>
    /// Connects, applies pending migrations and returns the store; a clear PlanStoreException when it cannot.
    /// boundWaits: the server's short connect and command waits (<see cref="BoundWaits"/>); the CLI keeps Npgsql's, since
    /// an import of a province or a lock held by another writer may rightly take longer than a planner's click.
    /// </summary>
    /// <param name="migrationLockWait">How long to wait for another process upgrading the schema (default <see cref="MigrationLockWait"/>).</param>
    public static async Task<PostGisStore> OpenAsync(string connectionString, CancellationToken ct = default, bool boundWaits = false,
        TimeSpan? migrationLockWait = null)
    {
        var errors = new PostGisErrors(connectionString);
        NpgsqlDataSource dataSource;
        try
        {
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            if (boundWaits) BoundWaits(connectionString, builder.ConnectionStringBuilder);
            builder.UseNetTopologySuite();
            dataSource = builder.Build();
        }
        catch (ArgumentException e)
        {
            throw new PlanStoreException(PlanStoreError.Unavailable, $"PostGIS 连接字符串无效:{e.Message}",
                $"Invalid PostGIS connection string: {e.Message}");
        }
        var store = new PostGisStore(dataSource, errors);
        try
        {
            await store.MigrateAsync(migrationLockWait ?? MigrationLockWait, ct);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>The server's connect timeout (s) when the connection string does not set one.</summary>
    public const int DefaultConnectTimeoutSeconds = 3;
    /// <summary>The server's command timeout (s) when the connection string does not set one.</summary>
    public const int DefaultCommandTimeoutSeconds = 5;

    /// <summary>
    /// A hung database (stopped process, dead network) must answer 503 within seconds, not Npgsql's 15 s connect and 30 s
    /// command waits: every request of a planner would wait that long. A value the connection string sets is kept. The cancel
    /// request after a command timeout gets 1 s. Migrations have their own, longer bounds (<see cref="MigrationTimeout"/>).
    /// </summary>
    static void BoundWaits(string connectionString, NpgsqlConnectionStringBuilder b)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(k => k.Replace(" ", "").ToLowerInvariant()).ToHashSet();
        if (!given.Contains("timeout")) b.Timeout = DefaultConnectTimeoutSeconds;
        if (!given.Contains("commandtimeout")) b.CommandTimeout = DefaultCommandTimeoutSeconds;
        if (!given.Contains("cancellationtimeout")) b.CancellationTimeout = 1000;
    }

    /// <summary>Schema version after opening (the last migration applied).</summary>
    public static int LatestSchemaVersion => SqlMigration.Load("postgis/").Max(m => m.Version);

    /// <summary>
    /// How long opening waits for the migration lock (another server or CLI upgrading the same schema) before saying so;
    /// the lock_timeout of the whole migration transaction, so no table lock is awaited for ever either.
    /// </summary>
    public static readonly TimeSpan MigrationLockWait = TimeSpan.FromSeconds(30);
    /// <summary>
    /// The statement timeout of each migration step: rewriting a province's tables may take minutes, but a database that
    /// hangs mid-upgrade must not hold the opener for ever.
    /// </summary>
    public static readonly TimeSpan MigrationTimeout = TimeSpan.FromMinutes(30);

    private async Task MigrateAsync(TimeSpan lockWait, CancellationToken ct)
    {
        try
        {
            await using var conn = await _dataSource.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            await ExecAsync(conn, tx, $"SET LOCAL lock_timeout = {Milliseconds(lockWait)}; SET LOCAL statement_timeout = {Milliseconds(MigrationTimeout)}", ct);
            // Two servers starting at once: the second waits, then finds nothing pending.
            try { await ExecAsync(conn, tx, "SELECT pg_advisory_xact_lock(hashtext('coverage-migrations:' || current_schema()))", ct); }
            catch (PostgresException e) when (e.SqlState == "55P03") { throw Upgrading(lockWait, e); }
            await ExecAsync(conn, tx,
                "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                ct);
            var applied = await AppliedVersionAsync(conn, tx, ct);
            foreach (var m in SqlMigration.Load("postgis/").Where(m => m.Version > applied))
            {
                await ExecAsync(conn, tx, m.Sql, ct);
                await using var cmd = Command(conn, tx, "INSERT INTO schema_migrations (version, name) VALUES (@v, @n)");
                Add(cmd, "@v", m.Version);
                Add(cmd, "@n", m.Name);
                await cmd.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        catch (Exception e) when (e is not PlanStoreException && Translate(e) is { } pe)
        {
            throw pe;
        }
    }

    static long Milliseconds(TimeSpan t) => (long)t.TotalMilliseconds;

    /// <summary>The migration lock stayed taken: another process is upgrading (or importing into) the same store.</summary>
    PlanStoreException Upgrading(TimeSpan lockWait, Exception e) => new(PlanStoreError.Busy,
        $"另一个进程正在升级 PostGIS 数据库 {_errors.Where} 的结构（等待 {lockWait.TotalSeconds:0} 秒未结束）：请等它完成后重试，或检查是否有卡住的 coverage 进程",
        $"Another process is upgrading the store at {_errors.Where} (still holding the migration lock after {lockWait.TotalSeconds:0} s): " +
        "try again once it has finished, or look for a stuck coverage process", inner: e);

    private static async Task<int> AppliedVersionAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, CancellationToken ct)
    {
        await using var cmd = Command(conn, tx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct));
    }

    /// <summary>
    /// A migration step: the server's statement_timeout (<see cref="MigrationTimeout"/>) ends it; the client waits a minute
    /// longer, so a database that stops answering altogether ends it too.
    /// </summary>
    private static async Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = Command(conn, tx, sql);
        cmd.CommandTimeout = (int)(MigrationTimeout + TimeSpan.FromMinutes(1)).TotalSeconds;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken ct) => await _dataSource.OpenConnectionAsync(ct);

    protected override async Task LockWritesAsync(DbConnection conn, DbTransaction tx, CancellationToken ct)
    {
        // Writers of one plan take turns, so matching by source id never races into duplicate rows.
        await using var cmd = Command(conn, tx, "SELECT pg_advisory_xact_lock(hashtext('coverage-writes:' || current_schema()))");
        await cmd.ExecuteNonQueryAsync(ct);
    }

    protected override void AddGeometry(DbCommand cmd, string name, Geometry geometry) =>
        cmd.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Geometry) { Value = geometry });

    protected override Geometry ReadGeometry(DbDataReader reader, int ordinal) => reader.GetFieldValue<Geometry>(ordinal);

    protected override void AddJson(DbCommand cmd, string name, string? json) =>
        cmd.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = (object?)json ?? DBNull.Value });

    protected override void AddTime(DbCommand cmd, string name, DateTimeOffset? time) =>
        cmd.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = (object?)time?.UtcDateTime ?? DBNull.Value });

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));

    protected override string? BboxPredicate(DbCommand cmd, Envelope box)
    {
        Add(cmd, "@bx0", box.MinX);
        Add(cmd, "@by0", box.MinY);
        Add(cmd, "@bx1", box.MaxX);
        Add(cmd, "@by1", box.MaxY);
        return "ST_Intersects(geom, ST_MakeEnvelope(@bx0, @by0, @bx1, @by1, 4326))";
    }

    protected override async Task<(string Version, int SchemaVersion)> DescribeAsync(DbConnection conn, CancellationToken ct)
    {
        await using var cmd = Command(conn, null,
            "SELECT current_setting('server_version'), postgis_lib_version(), (SELECT COALESCE(MAX(version), 0) FROM schema_migrations)");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return ($"PostgreSQL {r.GetString(0)}, PostGIS {r.GetString(1)}", r.GetInt32(2));
    }

    protected override PlanStoreException? Translate(Exception e) => _errors.Translate(e);

    protected override bool IsBrokenConnection(Exception e) => PostGisErrors.IsBrokenConnection(e);

    /// <summary>A restart kills every pooled connection at once: drop them all, not one per failed request.</summary>
    protected override void ForgetConnections() => _dataSource.Clear();

    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await base.DisposeAsync();
    }
}
