using System.IO.Compression;
using System.Text.Json.Nodes;
using Coverage.Storage;
using Coverage.Storage.GeoPackage;
using Coverage.Storage.PostGis;
using Npgsql;

namespace Coverage.Server.Tests.Cli;

/// <summary>
/// `coverage backup` / `coverage restore` on both stores: the exports after restore are byte for byte the exports before
/// the backup (the oracle is the first export itself), the edit log comes back, and bad backups are refused in one line.
/// </summary>
public sealed class BackupCliTests : IDisposable
{
    readonly PlanFiles _files = new();
    public void Dispose() => _files.Dispose();

    /// <summary>
    /// What `coverage export` writes in the given formats (default: every format that holds no timestamp of its own), as
    /// (file name, bytes).
    /// </summary>
    Dictionary<string, byte[]> Exports(string store, string label, params string[] formats)
    {
        var folder = _files.In("exports-" + label);
        var files = new Dictionary<string, byte[]>();
        foreach (var format in formats is [] ? ["geojson", "csv", "xlsx"] : formats)
        {
            var outPath = format == "xlsx" ? Path.Combine(folder, "plan.xlsx") : Path.Combine(folder, format);
            Directory.CreateDirectory(format == "xlsx" ? folder : outPath);
            PlanFiles.Succeeds("export", "all", "--format", format, "--out", outPath, "--store", store);
        }
        foreach (var f in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
            files[Path.GetRelativePath(folder, f)] = f.EndsWith(".xlsx", StringComparison.Ordinal) ? WorkbookContent(f) : File.ReadAllBytes(f);
        return files;
    }

    /// <summary>
    /// A workbook's sheets and shared strings byte for byte: the rest of the zip differs between two exports of the same
    /// plan (entry times, and MiniExcel's random relationship ids), so it says nothing about the plan.
    /// </summary>
    static byte[] WorkbookContent(string xlsx)
    {
        using var zip = ZipFile.OpenRead(xlsx);
        using var all = new MemoryStream();
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) || e.FullName == "xl/sharedStrings.xml")
                     .OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            all.Write(System.Text.Encoding.UTF8.GetBytes(entry.FullName + "\n"));
            using var s = entry.Open();
            s.CopyTo(all);
        }
        return all.ToArray();
    }

    static void AssertSameBytes(Dictionary<string, byte[]> expected, Dictionary<string, byte[]> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, bytes) in expected) Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"{name} differs after restore");
    }

    /// <summary>Deletes, renames and adds facilities and a settlement through the store, as planners would after the backup.</summary>
    static async Task ChangeThePlanAsync(IPlanStore store)
    {
        var facilities = await store.QueryFacilitiesAsync(new FacilityQuery());
        await store.DeleteFacilityAsync(facilities[0].Id, "alice");
        await store.UpdateFacilityAsync(facilities[1] with { Name = "改过的名字" }, "bob");
        await store.UpsertFacilitiesAsync([facilities[2] with { Id = "new-after-backup", SourceId = "new-after-backup" }], "bob");
        var settlement = (await store.QuerySettlementsAsync(new SettlementQuery()))[0];
        await store.DeleteSettlementAsync(settlement.Id, "alice");
    }

    async Task RoundTripAsync(string storeSpec, Func<Task<IPlanStore>> open)
    {
        PlanFiles.Succeeds("import", "facilities", _files.FacilitiesCsv("centres.csv", PlanFiles.Centres(60)), "--store", storeSpec);
        var before = Exports(storeSpec, "before");
        IReadOnlyList<EditLogEntry> logBefore;
        await using (var store = await open()) logBefore = await store.ReadEditLogAsync(new EditLogQuery { Limit = 1_000_000 });
        var backup = _files.In("plan.coverage-backup");
        var made = PlanFiles.Succeeds("backup", backup, "--store", storeSpec);
        Assert.Contains("edit_log " + logBefore.Count, made.Stdout);

        await using (var store = await open()) await ChangeThePlanAsync(store);
        Assert.NotEqual(before["geojson/facilities.geojson"], Exports(storeSpec, "changed", "geojson")["geojson/facilities.geojson"]);

        var refused = CliRunner.Run("restore", backup, "--store", storeSpec);
        PlanFiles.AssertOneLineError(refused, "--force");
        PlanFiles.Succeeds("restore", backup, "--force", "--store", storeSpec);
        AssertSameBytes(before, Exports(storeSpec, "after"));

        await using (var store = await open())
        {
            var logAfter = await store.ReadEditLogAsync(new EditLogQuery { Limit = 1_000_000 });
            Assert.Equal(logBefore, logAfter.Take(logBefore.Count));
            // One more row: the restore itself, numbered past the changed log's rows so a running server sees it.
            var restore = Assert.Single(logAfter.Skip(logBefore.Count));
            Assert.Equal(("restore", "plan", "plan.coverage-backup"), (restore.Action, restore.Entity, restore.EntityId));
            Assert.True(restore.Id > logBefore[^1].Id + 4, $"restore row id {restore.Id} must pass the 4 edits made after the backup");
        }
    }

    [Fact]
    public Task GeoPackage_backup_change_restore_gives_byte_identical_exports_and_the_edit_log_back() =>
        RoundTripAsync(_files.Store, async () => await GeoPackageStore.OpenAsync(_files.StorePath));

    [Fact]
    public async Task PostGis_backup_change_restore_gives_byte_identical_exports_and_the_edit_log_back()
    {
        var admin = TestPostGis.ConnectionString;
        var schema = "bk_" + Guid.NewGuid().ToString("N")[..16];
        await Exec(admin, $"CREATE SCHEMA {schema}");
        try
        {
            var conn = new NpgsqlConnectionStringBuilder(admin) { SearchPath = $"{schema},public" }.ConnectionString;
            await RoundTripAsync("postgis:" + conn, async () => await PostGisStore.OpenAsync(conn));
            // A PostGIS backup is refused by a GeoPackage store, before anything is touched.
            var wrongKind = CliRunner.Run("restore", _files.In("plan.coverage-backup"), "--force", "--store", "gpkg:" + _files.In("other.gpkg"));
            PlanFiles.AssertOneLineError(wrongKind, "postgis", "geopackage");
            Assert.False(File.Exists(_files.In("other.gpkg")));
        }
        finally { await Exec(admin, $"DROP SCHEMA {schema} CASCADE"); }
    }

    static async Task<object?> Scalar(string connection, string sql)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        return await cmd.ExecuteScalarAsync();
    }

    /// <summary>
    /// Another application's table in the store's schema is neither backed up nor rolled back; planner tokens stay the
    /// current ones (revoked stays revoked, newer kept); the replaced store is backed up first; and the backup restores
    /// into a brand-new database without PostGIS (the restore creates the extension), giving the same facilities.
    /// </summary>
    [Fact]
    public async Task PostGis_restore_leaves_other_tables_keeps_current_tokens_and_works_into_a_new_database()
    {
        var admin = TestPostGis.ConnectionString;
        var schema = "bk_" + Guid.NewGuid().ToString("N")[..16];
        var database = "bkdb_" + Guid.NewGuid().ToString("N")[..16];
        await Exec(admin, $"CREATE SCHEMA {schema}");
        try
        {
            var conn = new NpgsqlConnectionStringBuilder(admin) { SearchPath = $"{schema},public" }.ConnectionString;
            var spec = "postgis:" + conn;
            PlanFiles.Succeeds("import", "facilities", _files.FacilitiesCsv("centres.csv", PlanFiles.Centres(30)), "--store", spec);
            await Exec(admin, $"CREATE TABLE {schema}.other_app (x int); INSERT INTO {schema}.other_app VALUES (1)");
            await using (var store = await PostGisStore.OpenAsync(conn)) await store.IssuePlannerTokenAsync("alice", "planner", "admin");
            var backup = _files.In("pg.coverage-backup");
            PlanFiles.Succeeds("backup", backup, "--store", spec);
            var backedUp = Coverage.Storage.Backup.BackupArchive.ReadManifest(backup).RowCounts;
            Assert.DoesNotContain("other_app", backedUp.Keys);

            await Exec(admin, $"UPDATE {schema}.other_app SET x = 2");
            await using (var store = await PostGisStore.OpenAsync(conn))
            {
                await store.RevokePlannerTokenAsync("alice", "admin");
                await store.IssuePlannerTokenAsync("bob", "planner", "admin");
                await ChangeThePlanAsync(store);
            }
            var restored = PlanFiles.Succeeds("restore", backup, "--force", "--store", spec);
            Assert.Equal(2, Convert.ToInt32(await Scalar(admin, $"SELECT x FROM {schema}.other_app")));
            await using (var store = await PostGisStore.OpenAsync(conn))
            {
                var tokens = (await store.ListPlannerTokensAsync()).ToDictionary(t => t.Name);
                Assert.False(tokens["alice"].IsActive);
                Assert.True(tokens["bob"].IsActive);
                Assert.Equal(backedUp["facilities"], (await store.QueryFacilitiesAsync(new FacilityQuery())).Count);
            }
            var safety = Assert.Single(Directory.GetFiles(_files.Dir, "*.before-restore-*.coverage-backup"));
            Assert.Contains(safety, restored.Stdout);
            // The replaced store's record: its edit log has the 4 plan edits made after the backup (and the token ones).
            Assert.True(Coverage.Storage.Backup.BackupArchive.ReadManifest(safety).RowCounts["edit_log"]
                >= Coverage.Storage.Backup.BackupArchive.ReadManifest(backup).RowCounts["edit_log"] + 4);

            await Exec(admin, $"CREATE DATABASE {database}");
            var fresh = new NpgsqlConnectionStringBuilder(admin) { Database = database, SearchPath = $"{schema},public" }.ConnectionString;
            PlanFiles.Succeeds("restore", backup, "--store", "postgis:" + fresh);
            await using (var store = await PostGisStore.OpenAsync(fresh))
                Assert.Equal(backedUp["facilities"], (await store.QueryFacilitiesAsync(new FacilityQuery())).Count);
            Assert.Equal("postgis", await Scalar(fresh, "SELECT extname FROM pg_extension WHERE extname = 'postgis'"));
        }
        finally
        {
            await Exec(admin, $"DROP SCHEMA {schema} CASCADE");
            await Exec(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    static async Task Exec(string connection, string sql)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>A backup to tamper with, and the store file's bytes before any restore attempt.</summary>
    (string Backup, byte[] Store) BackupOfCentres()
    {
        PlanFiles.Succeeds("import", "facilities", _files.FacilitiesCsv("centres.csv", PlanFiles.Centres(20)), "--store", _files.Store);
        var backup = _files.In("good.coverage-backup");
        PlanFiles.Succeeds("backup", backup, "--store", _files.Store);
        return (backup, File.ReadAllBytes(_files.StorePath));
    }

    /// <summary>A refused restore leaves the store as it was, byte for byte, and no temporary file behind.</summary>
    void AssertRefused(string backup, byte[] store, params string[] mustContain)
    {
        PlanFiles.AssertOneLineError(CliRunner.Run("restore", backup, "--force", "--store", _files.Store), mustContain);
        Assert.True(store.AsSpan().SequenceEqual(File.ReadAllBytes(_files.StorePath)), "the store changed");
        Assert.Empty(Directory.GetFiles(_files.Dir, "*.tmp"));
    }

    [Fact]
    public void A_truncated_backup_is_refused_and_the_store_is_unchanged()
    {
        var (backup, store) = BackupOfCentres();
        var bytes = File.ReadAllBytes(backup);
        File.WriteAllBytes(_files.In("cut.coverage-backup"), bytes[..(bytes.Length / 2)]);
        AssertRefused(_files.In("cut.coverage-backup"), store, "不是完整的 Coverage 备份", "truncated");
    }

    [Fact]
    public void A_backup_whose_data_no_longer_matches_its_sha256_is_refused()
    {
        var (backup, store) = BackupOfCentres();
        var tampered = _files.In("tampered.coverage-backup");
        File.Copy(backup, tampered);
        using (var zip = ZipFile.Open(tampered, ZipArchiveMode.Update))
        {
            var data = zip.GetEntry("plan.gpkg")!;
            byte[] gpkg;
            using (var s = data.Open()) { using var m = new MemoryStream(); s.CopyTo(m); gpkg = m.ToArray(); }
            gpkg[^100] ^= 0xFF; // one byte of the last page
            data.Delete();
            using var w = zip.CreateEntry("plan.gpkg").Open();
            w.Write(gpkg);
        }
        AssertRefused(tampered, store, "SHA-256");
    }

    [Fact]
    public void A_backup_of_a_newer_schema_is_refused_naming_both_versions()
    {
        var (backup, store) = BackupOfCentres();
        var newer = _files.In("newer.coverage-backup");
        File.Copy(backup, newer);
        using (var zip = ZipFile.Open(newer, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("manifest.json")!;
            JsonObject manifest;
            using (var s = entry.Open()) manifest = JsonNode.Parse(s)!.AsObject();
            manifest["schemaVersion"] = 99;
            entry.Delete();
            using var w = zip.CreateEntry("manifest.json").Open();
            w.Write(System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        }
        AssertRefused(newer, store, "99", "upgrade Coverage");
    }
}
