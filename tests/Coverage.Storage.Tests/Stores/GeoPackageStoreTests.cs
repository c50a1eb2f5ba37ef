using Coverage.Storage.Backup;
using System.Diagnostics;
using Coverage.Storage.GeoPackage;
using Microsoft.Data.Sqlite;
using static Coverage.Storage.Tests.Stores.Samples;

namespace Coverage.Storage.Tests.Stores;

/// <summary>The shared store specification on a GeoPackage file, plus what only a file can do wrong.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes below are Unix-only
public sealed class GeoPackageStoreTests : PlanStoreContract
{
    private readonly string _dir = Directory.CreateTempSubdirectory("coverage-gpkg-").FullName;
    private string FilePath => System.IO.Path.Combine(_dir, "plan.gpkg");

    protected override async Task<IPlanStore> OpenStoreAsync() => await GeoPackageStore.OpenAsync(FilePath);

    protected override async Task BackupStoreAsync(string backupPath) => await GeoPackageBackup.BackupAsync(FilePath, backupPath);

    protected override async Task RestoreStoreAsync(string backupPath)
    {
        await Store.DisposeAsync();
        await GeoPackageBackup.RestoreAsync(backupPath, FilePath, force: true, "restorer");
        Store = await GeoPackageStore.OpenAsync(FilePath);
    }

    protected override Task CleanupAsync()
    {
        if (!OperatingSystem.IsWindows())
            foreach (var f in Directory.EnumerateFiles(_dir)) File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    protected override async Task<IReadOnlyList<string>> RawTokenTextAsync()
    {
        await using var conn = new SqliteConnection($"Data Source={FilePath};Mode=ReadOnly;Pooling=False");
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT id, name, role, token_hash, created_at, created_by, COALESCE(revoked_at, '') FROM planner_tokens";
        var values = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) for (var i = 0; i < r.FieldCount; i++) values.Add(r.GetString(i));
        return values;
    }

    private async Task<string> PragmaAsync(string pragma)
    {
        await using var conn = new SqliteConnection($"Data Source={FilePath};Mode=ReadOnly;Pooling=False");
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = pragma;
        return Convert.ToString(await cmd.ExecuteScalarAsync())!;
    }

    private static string Ogrinfo(params string[] args)
    {
        var psi = new ProcessStartInfo("ogrinfo") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("ogrinfo not found: install gdal-bin (apt-get install -y gdal-bin)");
        }
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"ogrinfo failed ({p.ExitCode}): {stderr}");
        Assert.DoesNotContain("ERROR", stderr);
        Assert.DoesNotContain("Warning", stderr);
        return stdout.Result;
    }

    [Fact]
    public async Task File_is_an_OGC_GeoPackage_that_ogrinfo_lists_with_layers_and_feature_counts()
    {
        await Store.UpsertFacilitiesAsync([Facility("f1"), Facility("f2"), Facility("trail", Line(120, 30, 120.01, 30.02), "fitness")], "alice");
        await Store.UpsertSettlementsAsync([Settlement("v1", Box(120, 30, 120.01, 30.01)), Settlement("v2", Pt(120.1, 30.1))], "alice");
        await Store.UpsertCircleStandardsAsync([Circle("elderly-15")], "alice");
        await Store.DisposeAsync();

        Assert.Equal("1196444487", await PragmaAsync("PRAGMA application_id")); // 0x47504B47 'GPKG'
        Assert.Equal("10300", await PragmaAsync("PRAGMA user_version"));
        var layers = Ogrinfo("-ro", FilePath);
        foreach (var table in new[] { "facilities", "settlements", "circle_standards", "scenarios", "scenario_edits", "edit_log", "planner_tokens" })
            Assert.Contains($": {table}", layers);
        var summary = Ogrinfo("-ro", "-so", "-al", FilePath);
        Assert.Contains("Layer name: facilities", summary);
        Assert.Contains("Geometry: Unknown (any)", summary);
        Assert.Matches(@"Layer name: facilities[\s\S]*?Feature Count: 3", summary);
        Assert.Matches(@"Layer name: settlements[\s\S]*?Feature Count: 2", summary);
        Assert.Matches(@"Layer name: circle_standards[\s\S]*?Feature Count: 1", summary);
        Assert.Matches(@"Layer name: edit_log[\s\S]*?Feature Count: 6", summary);
        Assert.Contains("EPSG\",4326", summary);
        var features = Ogrinfo("-ro", FilePath, "facilities", "-where", "id = 'trail'");
        Assert.Contains("LINESTRING (120 30,120.01 30.02)", features);
        Assert.Contains("name (String) = 养老服务站", features);
        Store = await OpenStoreAsync(); // for DisposeAsync
    }

    [Fact]
    public async Task A_read_only_file_opens_for_reading_and_refuses_writes_clearly()
    {
        await Store.UpsertFacilitiesAsync([Facility("f1")], "alice");
        await Store.DisposeAsync();
        File.SetUnixFileMode(FilePath, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Store = await GeoPackageStore.OpenAsync(FilePath);
        Assert.Equal("f1", (await Store.GetFacilityAsync("f1"))!.Id);
        var e = await Assert.ThrowsAsync<PlanStoreException>(() => Store.UpsertFacilitiesAsync([Facility("f2")], "alice"));
        Assert.Equal(PlanStoreError.ReadOnly, e.Error);
        Assert.Contains(FilePath, e.MessageEn);
        Assert.Contains("只读", e.MessageZh);
        Assert.True((await Store.PingAsync()).Ok);
    }

    [Fact]
    public async Task Opening_read_only_by_request_refuses_writes()
    {
        await Store.DisposeAsync();
        Store = await GeoPackageStore.OpenAsync(FilePath, readOnly: true);
        var e = await Assert.ThrowsAsync<PlanStoreException>(() => Store.IssuePlannerTokenAsync("a", "planner", "root"));
        Assert.Equal(PlanStoreError.ReadOnly, e.Error);
    }

    [Fact]
    public async Task A_file_that_is_not_SQLite_is_refused_with_a_clear_error()
    {
        var path = System.IO.Path.Combine(_dir, "villages.gpkg");
        await File.WriteAllTextAsync(path, "name,lon,lat\n荻港村,120.1,30.9\n");
        var e = await Assert.ThrowsAsync<PlanStoreException>(() => GeoPackageStore.OpenAsync(path));
        Assert.Equal(PlanStoreError.Corrupt, e.Error);
        Assert.Equal($"文件不是 GeoPackage(不是 SQLite 文件):{path}(请选择 Coverage 的 .gpkg 文件,或换一个新文件名) / " +
            $"File is not a GeoPackage (not an SQLite file): {path} (choose a Coverage .gpkg file or a new file name)", e.Message);
    }

    [Fact]
    public async Task A_damaged_GeoPackage_is_reported_corrupt_not_thrown_as_a_driver_error()
    {
        await Store.UpsertFacilitiesAsync(Enumerable.Range(0, 300).Select(i => Facility($"f{i}", name: new string('名', 50))).ToList(), "alice");
        await Store.DisposeAsync();
        var bytes = await File.ReadAllBytesAsync(FilePath);
        var pageSize = (bytes[16] << 8) | bytes[17];
        for (var i = pageSize * 2; i < bytes.Length; i++) bytes[i] = 0xA5; // keep the header page, wreck the b-trees
        await File.WriteAllBytesAsync(FilePath, bytes);

        var e = await Assert.ThrowsAsync<PlanStoreException>(() => GeoPackageStore.OpenAsync(FilePath));
        Assert.Equal(PlanStoreError.Corrupt, e.Error);
        Assert.StartsWith($"GeoPackage 文件已损坏:{FilePath}", e.MessageZh);
        Assert.Contains("restore it from a backup", e.MessageEn);
        Store = await GeoPackageStore.OpenAsync(System.IO.Path.Combine(_dir, "fresh.gpkg"));
    }

    [Fact]
    public async Task A_plain_SQLite_database_is_not_taken_for_a_GeoPackage()
    {
        var path = System.IO.Path.Combine(_dir, "other.sqlite");
        await using (var conn = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);";
            await cmd.ExecuteNonQueryAsync();
        }
        var e = await Assert.ThrowsAsync<PlanStoreException>(() => GeoPackageStore.OpenAsync(path));
        Assert.Contains("application_id is not GPKG", e.MessageEn);
    }

    [Fact]
    public async Task A_missing_folder_is_named_in_the_error()
    {
        var path = System.IO.Path.Combine(_dir, "no-such-folder", "plan.gpkg");
        var e = await Assert.ThrowsAsync<PlanStoreException>(() => GeoPackageStore.OpenAsync(path));
        Assert.Equal(PlanStoreError.Unavailable, e.Error);
        Assert.Contains(System.IO.Path.Combine(_dir, "no-such-folder"), e.MessageEn);
    }

    [Fact]
    public async Task Reopening_keeps_the_data_and_does_not_reapply_the_schema()
    {
        await Store.UpsertFacilitiesAsync([Facility("f1")], "alice");
        await Store.DisposeAsync();
        Store = await GeoPackageStore.OpenAsync(FilePath);
        Assert.NotNull(await Store.GetFacilityAsync("f1"));
        Assert.Equal("4", await PragmaAsync("SELECT COUNT(*) FROM schema_migrations"));
    }
}
