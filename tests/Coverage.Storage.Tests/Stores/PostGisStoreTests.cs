using Coverage.Storage.Backup;
using System.Net;
using System.Net.Sockets;
using Coverage.Storage.PostGis;
using Npgsql;
using static Coverage.Storage.Tests.Stores.Samples;

namespace Coverage.Storage.Tests.Stores;

/// <summary>The shared store specification on a real PostGIS, each test in its own schema.</summary>
public sealed class PostGisStoreTests : PlanStoreContract
{
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N")[..16];

    private string StoreConnectionString =>
        new NpgsqlConnectionStringBuilder(TestPostGis.ConnectionString) { SearchPath = $"{_schema},public" }.ConnectionString;

    private async Task<T> AdminAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(StoreConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<List<string>> AdminColumnAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(StoreConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        var list = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add(r.GetString(0));
        return list;
    }

    protected override async Task<IPlanStore> OpenStoreAsync()
    {
        await AdminAsync<int>($"CREATE SCHEMA {_schema}; SELECT 1");
        return await PostGisStore.OpenAsync(StoreConnectionString);
    }

    protected override async Task BackupStoreAsync(string backupPath) => await PostGisBackup.BackupAsync(StoreConnectionString, backupPath);

    protected override async Task RestoreStoreAsync(string backupPath)
    {
        await Store.DisposeAsync();
        await PostGisBackup.RestoreAsync(backupPath, StoreConnectionString, force: true, "restorer");
        Store = await PostGisStore.OpenAsync(StoreConnectionString);
    }

    protected override Task CleanupAsync() => AdminAsync<int>($"DROP SCHEMA {_schema} CASCADE; SELECT 1");

    protected override async Task<IReadOnlyList<string>> RawTokenTextAsync() => await AdminColumnAsync(
        "SELECT unnest(ARRAY[id, name, role, token_hash, created_at::text, created_by, COALESCE(revoked_at::text, '')]) FROM planner_tokens");

    [Fact]
    public async Task Migrations_are_recorded_once_and_reopening_applies_nothing_new()
    {
        await using (var again = await PostGisStore.OpenAsync(StoreConnectionString)) { }
        Assert.Equal(["1:0001_init", "2:0002_versions", "3:0003_facility_year_area", "4:0004_life_circle_groupings"], await AdminColumnAsync("SELECT version || ':' || name FROM schema_migrations ORDER BY version"));
        Assert.Equal(PostGisStore.LatestSchemaVersion, (await Store.PingAsync()).SchemaVersion);
    }

    [Fact]
    public async Task A_schema_3_store_upgrades_to_4_keeping_its_rows_and_then_saves_groupings()
    {
        var schema = _schema + "_v3";
        var cs = new NpgsqlConnectionStringBuilder(TestPostGis.ConnectionString) { SearchPath = $"{schema},public" }.ConnectionString;
        var old = string.Concat(new[] { "0001_init", "0002_versions", "0003_facility_year_area" }
            .Select(m => File.ReadAllText(RepoFile($"src/Coverage.Storage/PostGis/Migrations/{m}.sql"))));
        await AdminAsync<int>($"CREATE SCHEMA {schema}; SET search_path = {schema}, public; {old}" +
            "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());" +
            "INSERT INTO schema_migrations (version, name) VALUES (1, '0001_init'), (2, '0002_versions'), (3, '0003_facility_year_area');" +
            "INSERT INTO settlements (id, name, kind, town, population, elderly, urban, geom, version) VALUES ('v1', '荻港村', 'administrative-village', '和孚镇', 100, 20, false, ST_SetSRID(ST_MakePoint(120, 30), 4326), 1);" +
            "INSERT INTO edit_log (at, actor, action, entity, entity_id) VALUES ('2026-01-02T00:00:00Z', 'alice', 'insert', 'settlement', 'v1'); SELECT 1");
        try
        {
            await using var store = await PostGisStore.OpenAsync(cs);
            Assert.Equal(4, (await store.PingAsync()).SchemaVersion);
            Assert.Equal("荻港村", (await store.GetSettlementAsync("v1"))!.Name);
            Assert.Equal(1, await store.PlanVersionAsync());
            var saved = await store.SaveGroupingAsync(new SavedGrouping
            {
                Name = "划分", PlanVersion = 1, Units = [new GroupingUnit("LC001", "v1", ["v1"])], Check = new GroupingCheck(true, 1, 1, "{ \"kept\": \"as sent\" }"),
            }, "bob");
            Assert.Equal(2, saved.Stamp!.Version);
            Assert.Equal("{ \"kept\": \"as sent\" }", (await store.GetGroupingAsync("划分"))!.Check.Json);
        }
        finally
        {
            await AdminAsync<int>($"DROP SCHEMA {schema} CASCADE; SELECT 1");
        }
    }

    static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Coverage.sln"))) return Path.Combine(dir.FullName, relative);
        throw new InvalidOperationException("Coverage.sln not found");
    }

    [Fact]
    public async Task Geometry_columns_are_srid_4326_with_gist_indexes()
    {
        Assert.Equal(["facilities.geom:4326:GEOMETRY", "settlements.geom:4326:GEOMETRY"], await AdminColumnAsync(
            $"SELECT f_table_name || '.' || f_geometry_column || ':' || srid || ':' || type FROM geometry_columns " +
            $"WHERE f_table_schema = '{_schema}' ORDER BY 1"));
        Assert.Equal(["facilities_geom", "settlements_geom"], await AdminColumnAsync(
            $"SELECT indexname::text FROM pg_indexes WHERE schemaname = '{_schema}' AND indexdef LIKE '%USING gist (geom)%' ORDER BY 1"));
        await Store.UpsertSettlementsAsync([Settlement("v1", Box(120, 30, 120.01, 30.01))], "alice");
        Assert.True(await AdminAsync<bool>("SELECT ST_Equals(geom, ST_MakeEnvelope(120, 30, 120.01, 30.01, 4326)) FROM settlements"));
    }

    [Fact]
    public async Task Ping_names_PostgreSQL_and_PostGIS_versions_and_the_server()
    {
        var health = await Store.PingAsync();
        Assert.Equal("postgis", health.Kind);
        Assert.Matches(@"^PostgreSQL \d+\.\d+.*, PostGIS \d+\.\d+", health.Version);
        var b = new NpgsqlConnectionStringBuilder(TestPostGis.ConnectionString);
        Assert.Equal($"{b.Host}:{b.Port}/{b.Database}", health.Location);
    }

    [Fact]
    public async Task A_database_that_is_down_gives_one_clear_line_naming_host_port_and_what_to_do()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        } // closed again: nothing listens on this port now

        var e = await Assert.ThrowsAsync<PlanStoreException>(() =>
            PostGisStore.OpenAsync($"Host=127.0.0.1;Port={port};Username=postgres;Database=plan;Timeout=5"));

        Assert.Equal(PlanStoreError.Unavailable, e.Error);
        Assert.Equal($"无法连接 PostGIS 数据库 127.0.0.1:{port}/plan(连接被拒绝,服务器未运行)。" +
            "请启动 PostgreSQL(测试环境:scripts/postgis.sh start)或检查连接字符串中的 Host/Port / " +
            $"Cannot connect to the PostGIS database at 127.0.0.1:{port}/plan (connection refused: no server is listening): " +
            "start PostgreSQL (for tests: scripts/postgis.sh start) or fix Host/Port in the connection string", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public async Task A_missing_database_is_named_with_how_to_create_it()
    {
        var cs = new NpgsqlConnectionStringBuilder(TestPostGis.ConnectionString) { Database = "no_such_plan" }.ConnectionString;
        var e = await Assert.ThrowsAsync<PlanStoreException>(() => PostGisStore.OpenAsync(cs));
        Assert.Equal(PlanStoreError.Unavailable, e.Error);
        Assert.Contains("Database does not exist", e.MessageEn);
        Assert.Contains("/no_such_plan; create it first (createdb no_such_plan)", e.MessageEn);
    }

    [Fact]
    public async Task Ping_on_a_damaged_schema_reports_the_problem_instead_of_throwing()
    {
        await AdminAsync<int>("DROP TABLE edit_log; SELECT 1");
        var health = await Store.PingAsync();
        Assert.False(health.Ok);
        Assert.Contains("lacks a Coverage table", health.Error);
        var e = await Assert.ThrowsAsync<PlanStoreException>(() => Store.UpsertFacilitiesAsync([Facility("f1")], "alice"));
        Assert.Equal(PlanStoreError.Corrupt, e.Error);
        Assert.Empty(await Store.QueryFacilitiesAsync(new FacilityQuery())); // the facility insert was rolled back with the log
    }
}
