using System.Diagnostics;
using System.Text.RegularExpressions;
using Coverage.Storage;
using Npgsql;

namespace Coverage.Server.Tests.Cli;

/// <summary>`coverage export` from the plan store: files GDAL reads with the store's own counts, one-line errors.</summary>
public sealed partial class ExportCliTests : IDisposable
{
    readonly PlanFiles _files = new();
    public void Dispose() => _files.Dispose();

    void ImportCentres(string store)
    {
        PlanFiles.Succeeds("import", "facilities", _files.FacilitiesCsv("centres.csv", PlanFiles.Centres(250)), "--store", store);
    }

    /// <summary>GDAL's view of a GeoPackage: layer name → feature count, from `ogrinfo -so` (an independent reader).</summary>
    static Dictionary<string, long> OgrLayers(string gpkg)
    {
        var psi = new ProcessStartInfo("ogrinfo") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-ro", "-so", "-al", gpkg }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("ogrinfo (gdal-bin) is not installed");
        var stderr = p.StandardError.ReadToEndAsync();
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0 && !stderr.Result.Contains("ERROR"), stderr.Result);
        return LayerBlock().Matches(text).ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value));
    }

    [GeneratedRegex(@"Layer name: (\w+)[\s\S]*?Feature Count: (\d+)")]
    private static partial Regex LayerBlock();

    async Task AssertGpkgMatchesStore(IPlanStore store, string gpkg)
    {
        var facilities = await store.QueryFacilitiesAsync(new FacilityQuery());
        var settlements = await store.QuerySettlementsAsync(new SettlementQuery());
        Assert.True(facilities.Count > 250 && settlements.Count > 0); // the demo region's tables plus ours
        Assert.Equal(new Dictionary<string, long> { ["facilities"] = facilities.Count, ["settlements"] = settlements.Count }, OgrLayers(gpkg));
    }

    [Fact]
    public async Task Export_all_as_gpkg_opens_in_ogrinfo_with_the_store_s_layers_and_counts()
    {
        ImportCentres(_files.Store);
        var gpkg = _files.In("out/plan-export.gpkg");
        PlanFiles.Succeeds("export", "all", "--format", "gpkg", "--out", gpkg, "--store", _files.Store);
        await using var store = await Coverage.Storage.GeoPackage.GeoPackageStore.OpenAsync(_files.StorePath, readOnly: true);
        await AssertGpkgMatchesStore(store, gpkg);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(gpkg)!, "*.tmp", SearchOption.AllDirectories));
    }

    /// <summary>Issue #10: ogr2ogr to GeoJSON kept no geometry (774 of 774 facilities lost) while ogrinfo opened the file.</summary>
    [Fact]
    public async Task Export_all_as_gpkg_converts_with_ogr2ogr_to_geojson_keeping_every_geometry()
    {
        ImportCentres(_files.Store);
        var gpkg = _files.In("exported.gpkg");
        PlanFiles.Succeeds("export", "all", "--format", "gpkg", "--out", gpkg, "--store", _files.Store);
        var expected = new Dictionary<string, int>
        {
            ["facilities"] = (await _files.WithStoreAsync(s => s.QueryFacilitiesAsync(new FacilityQuery()))).Count,
            ["settlements"] = (await _files.WithStoreAsync(s => s.QuerySettlementsAsync(new SettlementQuery()))).Count,
        };
        foreach (var (layer, count) in expected)
        {
            var geojson = _files.In(layer + ".geojson");
            var psi = new ProcessStartInfo("ogr2ogr") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "-f", "GeoJSON", geojson, gpkg, layer }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0 && stderr.Length == 0, stderr);
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(geojson));
            var features = doc.RootElement.GetProperty("features").EnumerateArray().ToList();
            Assert.Equal(count, features.Count);
            Assert.Equal(count, features.Count(f => f.GetProperty("geometry").ValueKind == System.Text.Json.JsonValueKind.Object));
        }
    }

    [Fact]
    public async Task Export_from_postgis_matches_the_store()
    {
        var admin = TestPostGis.ConnectionString;
        var schema = "cli_" + Guid.NewGuid().ToString("N")[..16];
        await Exec(admin, $"CREATE SCHEMA {schema}");
        try
        {
            var conn = new NpgsqlConnectionStringBuilder(admin) { SearchPath = $"{schema},public" }.ConnectionString;
            ImportCentres("postgis:" + conn);
            var again = CliRunner.Run("import", "facilities", _files.In("centres.csv"), "--store", "postgis:" + conn);
            Assert.Contains("新增 added 0, 更新 updated 0, 未变 unchanged 250", again.Stdout);
            var gpkg = _files.In("pg.gpkg");
            PlanFiles.Succeeds("export", "all", "--out", gpkg, "--store", "postgis:" + conn);
            await using var store = await Coverage.Storage.PostGis.PostGisStore.OpenAsync(conn);
            await AssertGpkgMatchesStore(store, gpkg);
        }
        finally { await Exec(admin, $"DROP SCHEMA {schema} CASCADE"); }
    }

    static async Task Exec(string connection, string sql)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Export_facilities_of_one_category_as_csv_has_one_row_per_stored_facility()
    {
        ImportCentres(_files.Store);
        var csv = _files.In("elderly.csv");
        PlanFiles.Succeeds("export", "facilities", "--category", "elderly", "--out", csv, "--store", _files.Store);
        var expected = await _files.WithStoreAsync(s => s.QueryFacilitiesAsync(new FacilityQuery { Categories = ["elderly"] }));
        var lines = File.ReadAllLines(csv);
        Assert.Equal("id,name,category,kind,status,capacity,town,built_year,area_m2,source,source_id,lon,lat,wkt", lines[0].TrimStart('\uFEFF'));
        Assert.Equal(expected.Count, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Contains(",elderly,", l));
        Assert.Contains(lines, l => l.StartsWith("e0250,日间照料中心250,elderly,"));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("geojson")]
    [InlineData("gpkg")]
    public async Task An_exported_table_imports_back_unchanged(string format)
    {
        ImportCentres(_files.Store);
        var count = (await _files.WithStoreAsync(s => s.QueryFacilitiesAsync(new FacilityQuery()))).Count;
        var file = _files.In("round-trip." + format);
        Assert.Equal(0, CliRunner.Run("export", "facilities", "--out", file, "--store", _files.Store).ExitCode);
        var r = PlanFiles.Succeeds("import", "facilities", file, "--store", _files.Store);
        Assert.Contains($"新增 added 0, 更新 updated 0, 未变 unchanged {count}", r.Stdout);
    }

    [Fact]
    public void Export_all_as_geojson_writes_two_files_in_the_folder()
    {
        ImportCentres(_files.Store);
        var folder = _files.In("geojson");
        PlanFiles.Succeeds("export", "all", "--format", "geojson", "--out", folder, "--store", _files.Store);
        Assert.Equal(["facilities.geojson", "settlements.geojson"], Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order().ToArray());
    }

    [Fact]
    public void An_unknown_category_is_one_line_and_exit_2()
    {
        ImportCentres(_files.Store);
        PlanFiles.AssertOneLineError(CliRunner.Run("export", "facilities", "--category", "pool", "--out", _files.In("x.csv"), "--store", _files.Store),
            "Unknown category 'pool'");
        Assert.False(File.Exists(_files.In("x.csv")));
    }

    [Fact]
    public void A_store_that_does_not_exist_is_one_line_and_exit_2_and_is_not_created()
    {
        PlanFiles.AssertOneLineError(CliRunner.Run("export", "all", "--out", _files.In("x.gpkg"), "--store", _files.Store),
            "The plan store does not exist: " + _files.StorePath);
        Assert.False(File.Exists(_files.StorePath));
    }

    [Fact]
    public void Exporting_onto_the_store_file_itself_is_refused()
    {
        ImportCentres(_files.Store);
        var before = File.ReadAllBytes(_files.StorePath);
        PlanFiles.AssertOneLineError(CliRunner.Run("export", "all", "--out", _files.StorePath, "--store", _files.Store),
            "The export would overwrite the plan store itself");
        Assert.Equal(before, File.ReadAllBytes(_files.StorePath));
    }

    [Fact]
    public void A_format_that_contradicts_the_out_extension_is_one_line_and_exit_2() =>
        PlanFiles.AssertOneLineError(CliRunner.Run("export", "facilities", "--format", "csv", "--out", _files.In("x.geojson"), "--store", _files.Store),
            "--out ends in .geojson but --format is csv");
}
