using Coverage.Core.Domain;
using Coverage.Storage.Export;
using NetTopologySuite.Geometries;

namespace Coverage.Server.Tests.Cli;

/// <summary>FINDINGS #12: the dry run refuses what the import would refuse, and messages name the file, the row and an option that exists.</summary>
public sealed class ImportPreviewCliTests : IDisposable
{
    readonly PlanFiles _files = new();
    public void Dispose() => _files.Dispose();
    static readonly GeometryFactory F = new(new PrecisionModel(), 4326);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Two_rows_with_one_id_and_different_source_ids_are_refused_by_the_dry_run_and_the_import_alike(bool dryRun)
    {
        var csv = _files.In("dup.csv");
        File.WriteAllText(csv, "id,source_id,name,category,lon,lat\nd1,s1,甲中心,elderly,120.6,31.0\nd1,s2,乙中心,elderly,120.61,31.0\n");
        string[] args = ["import", "facilities", csv, "--store", _files.Store, .. dryRun ? new[] { "--dry-run" } : []];
        var r = CliRunner.Run(args);
        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("  第 3 行 字段 id：编号“d1”与第 2 行重复 / line 3, field id: id 'd1' repeats line 2", lines[0]);
        Assert.Equal("错误 Error: dup.csv 有 1 行错误，未导入任何数据；请改正后重新导入 / dup.csv has 1 bad row; nothing was imported: fix them and import again", lines[1]);
        Assert.False(File.Exists(_files.StorePath));
    }

    [Fact]
    public void Two_thousand_bad_rows_are_counted_as_two_thousand_though_only_a_thousand_errors_are_listed()
    {
        var rows = PlanFiles.Centres(2000).Select(row => row with { Lat = "北纬" }); // one error per row
        var r = CliRunner.Run("import", "facilities", _files.FacilitiesCsv("bad.csv", rows), "--store", _files.Store, "--dry-run");
        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1001, lines.Length); // 1,000 listed errors (the limit) and the summary
        Assert.Contains("bad.csv has 2000 bad rows (1000 more errors not listed); nothing was imported", lines[^1]);
        Assert.Contains("bad.csv 有 2000 行错误（另有 1000 处错误未列出）", lines[^1]);
    }

    [Fact]
    public void A_geopackage_without_feature_layers_says_it_has_none()
    {
        var gpkg = _files.In("empty.gpkg");
        GeoPackageExport.Write(gpkg, Array.Empty<GeoPackageLayer>());
        PlanFiles.AssertOneLineError(CliRunner.Run("import", "facilities", gpkg, "--store", _files.Store, "--dry-run"),
            "GeoPackage 中没有要素图层", "the GeoPackage holds no feature layer", gpkg);
    }

    [Fact]
    public void A_geopackage_with_two_layers_asks_for_layer_and_layer_picks_one()
    {
        var gpkg = _files.In("two.gpkg");
        Facility Centre(string id, double lon) => new()
        {
            Id = id, Name = "中心" + id, Category = "elderly", Status = FacilityStatus.Existing, Source = "two.gpkg", SourceId = id,
            Geometry = F.CreatePoint(new Coordinate(lon, 31.0)),
        };
        GeoPackageExport.Write(gpkg, [
            GeoPackageLayer.From("centres_north", [Centre("n1", 120.60), Centre("n2", 120.61)], ExportColumns.Facility, f => f.Geometry),
            GeoPackageLayer.From("centres_south", [Centre("s1", 120.62)], ExportColumns.Facility, f => f.Geometry)]);
        PlanFiles.AssertOneLineError(CliRunner.Run("import", "facilities", gpkg, "--store", _files.Store, "--dry-run"),
            "the GeoPackage has 2 layers; choose one with --layer: centres_north, centres_south");
        var r = PlanFiles.Succeeds("import", "facilities", gpkg, "--layer", "centres_north", "--store", _files.Store, "--dry-run");
        Assert.Contains("Dry run, nothing written: 2 facilities valid", r.Stdout);
    }

    [Fact]
    public void Layer_on_a_csv_is_refused_rather_than_ignored() =>
        PlanFiles.AssertOneLineError(CliRunner.Run("import", "facilities", _files.FacilitiesCsv("c.csv", PlanFiles.Centres(2)), "--layer", "x",
            "--store", _files.Store), "--layer applies to GeoPackage (.gpkg) files only");
}

/// <summary>FINDINGS #13: imports obey the region as the API does, and a shapefile export imports back unchanged.</summary>
public sealed class ImportRegionCliTests : IDisposable
{
    readonly PlanFiles _files = new();
    public void Dispose() => _files.Dispose();

    [Fact]
    public void Beijing_paris_and_null_island_are_refused_in_a_demo_county_import_each_on_its_line()
    {
        var r = CliRunner.Run("import", "facilities", _files.FacilitiesCsv("far.csv", [
            ("b", "北京中心", "elderly", "116.3913", "39.9075"), ("p", "Paris", "elderly", "2.3522", "48.8566"), ("z", "零点", "elderly", "0", "0"),
            ("ok", "县内中心", "elderly", "120.6", "31.0")]), "--store", _files.Store, "--dry-run");
        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        // The API's words (GeometryRules, one rule for both).
        Assert.Contains("line 2, field lon: coordinate (116.3913, 39.9075) lies outside this region [", lines[0]);
        Assert.Contains("line 3, field lon: coordinate (2.3522, 48.8566) lies outside this region [", lines[1]);
        Assert.Contains("line 4, field lon: coordinate (0, 0) lies outside this region [", lines[2]);
        Assert.EndsWith("(a 5 km margin allowed; GCJ-02/BD-09 not converted?)", lines[0].TrimEnd());
        Assert.Contains("far.csv has 3 bad rows", lines[3]);
    }

    [Fact]
    public void Settlements_and_facilities_exported_as_shapefiles_import_back_unchanged_polygons_and_lines_included()
    {
        PlanFiles.Succeeds("import", "facilities", _files.FacilitiesCsv("c.csv", PlanFiles.Centres(3)), "--store", _files.Store);
        var folder = _files.In("shp");
        PlanFiles.Succeeds("export", "all", "--format", "shp", "--out", folder, "--store", _files.Store);
        // The demo county holds 201 village polygons and 25 fitness-trail lines; shapefiles read them back as one-part multis.
        foreach (var (verb, file) in new[] { ("settlements", "settlements_polygons.shp"), ("settlements", "settlements_points.shp"),
            ("facilities", "facilities_lines.shp"), ("facilities", "facilities_points.shp") })
        {
            var r = PlanFiles.Succeeds("import", verb, Path.Combine(folder, file), "--store", _files.Store, "--dry-run");
            Assert.Matches(@"新增 add 0, 更新 update 0, 不变 leave unchanged [1-9]\d*", r.Stdout);
        }
    }
}
