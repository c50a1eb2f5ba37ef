using Coverage.Storage.GeoPackage;
using Microsoft.Data.Sqlite;

namespace Coverage.Storage.Tests.Stores;

/// <summary>Migration 0002 on a store made before versions: existing rows get the id and actor of their last edit-log row
/// (version 0 when none: no log id is 0, so the first logged change cannot repeat it).</summary>
public sealed class GeoPackageMigrationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("coverage-gpkg-migrate-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Coverage.sln"))) return Path.Combine(dir.FullName, relative);
        throw new InvalidOperationException("Coverage.sln not found");
    }

    [Fact]
    public async Task A_schema_1_store_upgrades_with_the_last_log_id_and_actor_of_each_row()
    {
        var path = Path.Combine(_dir, "old.gpkg");
        await using (var conn = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            // The schema as 0001 left it, one facility and two log rows (alice made it, bob changed it last).
            cmd.CommandText = $"PRAGMA application_id = {GeoPackageStore.ApplicationId}; PRAGMA user_version = {GeoPackageStore.UserVersion};" +
                File.ReadAllText(RepoFile("src/Coverage.Storage/GeoPackage/Migrations/0001_init.sql")) +
                "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at DATETIME NOT NULL);" +
                "INSERT INTO schema_migrations VALUES (1, '0001_init', '2026-01-01T00:00:00.000Z');" +
                "INSERT INTO facilities (geom, id, category, name, status) VALUES (X'47500001E61000000101000000000000000000005E400000000000003E40', 'f1', 'elderly', '旧设施', 'existing');" +
                "INSERT INTO facilities (geom, id, category, name, status) VALUES (X'47500001E61000000101000000000000000000005E400000000000003E40', 'f2', 'elderly', '无日志', 'existing');" +
                "INSERT INTO edit_log (at, actor, action, entity, entity_id) VALUES ('2026-01-02T00:00:00.000Z', 'alice', 'insert', 'facility', 'f1');" +
                "INSERT INTO edit_log (at, actor, action, entity, entity_id) VALUES ('2026-01-03T00:00:00.000Z', 'bob', 'update', 'facility', 'f1');";
            await cmd.ExecuteNonQueryAsync();
        }

        await using var store = await GeoPackageStore.OpenAsync(path);

        Assert.Equal(4, (await store.PingAsync()).SchemaVersion);
        var f1 = (await store.GetFacilityAsync("f1"))!.Stamp!;
        Assert.Equal((2L, "bob", new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero)), (f1.Version, f1.UpdatedBy, f1.UpdatedAt));
        var f2 = (await store.GetFacilityAsync("f2"))!.Stamp!;
        Assert.Equal((0L, null, null), (f2.Version, f2.UpdatedBy, f2.UpdatedAt));
        // Its first logged change takes a log id, never 0 nor one of f1's.
        Assert.True(await store.UpdateFacilityAsync((await store.GetFacilityAsync("f2"))! with { Name = "改过", Geometry = Samples.Pt(120.1, 30.9) }, "carol", expectedVersion: 0));
        Assert.Equal(3L, (await store.GetFacilityAsync("f2"))!.Stamp!.Version);
    }

    [Fact]
    public async Task A_schema_3_store_upgrades_to_4_keeping_its_rows_and_then_saves_groupings()
    {
        var path = Path.Combine(_dir, "schema3.gpkg");
        await using (var conn = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            // The schema as 0001–0003 left it, with one settlement and its log row.
            cmd.CommandText = $"PRAGMA application_id = {GeoPackageStore.ApplicationId}; PRAGMA user_version = {GeoPackageStore.UserVersion};" +
                string.Concat(new[] { "0001_init", "0002_versions", "0003_facility_year_area" }.Select(m => File.ReadAllText(RepoFile($"src/Coverage.Storage/GeoPackage/Migrations/{m}.sql")))) +
                "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at DATETIME NOT NULL);" +
                "INSERT INTO schema_migrations VALUES (1, '0001_init', '2026-01-01T00:00:00.000Z'), (2, '0002_versions', '2026-01-01T00:00:00.000Z'), (3, '0003_facility_year_area', '2026-01-01T00:00:00.000Z');" +
                "INSERT INTO settlements (geom, id, name, kind, town, population, elderly, urban, version) VALUES (X'47500001E61000000101000000000000000000005E400000000000003E40', 'v1', '荻港村', 'administrative-village', '和孚镇', 100, 20, 0, 1);" +
                "INSERT INTO edit_log (at, actor, action, entity, entity_id) VALUES ('2026-01-02T00:00:00.000Z', 'alice', 'insert', 'settlement', 'v1');";
            await cmd.ExecuteNonQueryAsync();
        }

        await using var store = await GeoPackageStore.OpenAsync(path);

        Assert.Equal(4, (await store.PingAsync()).SchemaVersion);
        Assert.Equal("荻港村", (await store.GetSettlementAsync("v1"))!.Name);
        Assert.Equal(1, await store.PlanVersionAsync());
        Assert.Empty(await store.ListGroupingsAsync());
        var saved = await store.SaveGroupingAsync(new SavedGrouping
        {
            Name = "划分", PlanVersion = 1, Units = [new GroupingUnit("LC001", "v1", ["v1"])], Check = new GroupingCheck(true, 1, 1, "{}"),
        }, "bob");
        Assert.Equal(2, saved.Stamp!.Version);
        Assert.Equal(["LC001"], (await store.GetGroupingAsync("划分"))!.Units.Select(u => u.Id));
        await using var conn2 = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        await conn2.OpenAsync();
        await using var q = conn2.CreateCommand();
        q.CommandText = "SELECT data_type FROM gpkg_contents WHERE table_name = 'life_circle_groupings'";
        Assert.Equal("attributes", await q.ExecuteScalarAsync()); // listed as a GeoPackage attributes table, as QGIS expects
    }
}
