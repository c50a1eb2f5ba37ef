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
