using System.Diagnostics;
using System.Text;
using Coverage.Core.Domain;
using Coverage.Storage.Export;
using Coverage.Storage.Import;
using Coverage.Storage.Tests.Import;
using NetTopologySuite.Geometries;

namespace Coverage.Storage.Tests.Export;

public class RoundTripTests(ImportFixture fx) : IClassFixture<ImportFixture>
{
    static readonly GeometryFactory F = new(new PrecisionModel(), 4326);

    static readonly Facility[] Facilities =
    [
        new() { Id = "f1", Name = "平望镇卫生院, \"东院\"", Category = "clinic", Kind = "township-health-centre", Geometry = F.CreatePoint(new Coordinate(120.637812345678, 30.97123456789)),
            Capacity = 120, Status = FacilityStatus.Existing, Town = "平望镇", Source = "plan.csv", SourceId = "r1" },
        new() { Id = "f2", Name = "长漾健身步道", Category = "fitness", Kind = "fitness-trail", Status = FacilityStatus.Planned, Source = "plan.csv", SourceId = "r2",
            Geometry = F.CreateLineString([new(120.61, 30.95), new(120.6155555555, 30.9511111111), new(120.62, 30.96)]) },
        new() { Id = "f3", Name = "Day centre", Category = "elderly", Kind = null, Status = FacilityStatus.Proposed, Geometry = F.CreatePoint(new Coordinate(120.6, 30.9)),
            Source = "planner:alice", SourceId = "x9", Town = null },
    ];

    static readonly Settlement[] Settlements =
    [
        new() { Id = "s1", Name = "南麻村", Kind = SettlementKind.AdministrativeVillage, Town = "盛泽镇", AdminCode = "320509102201", Population = 3120, Elderly = 890,
            Urban = false, Source = "villages.gpkg", SourceId = "v1",
            Geometry = F.CreatePolygon([new(120.60, 30.88), new(120.62, 30.88), new(120.62, 30.90), new(120.60, 30.90), new(120.60, 30.88)]) },
        new() { Id = "s2", Name = "北厍社区", Kind = SettlementKind.Community, Town = "黎里镇", ParentId = null, Population = 5000, Elderly = 1200, Urban = true,
            Source = "villages.gpkg", SourceId = "v2", Geometry = F.CreatePoint(new Coordinate(120.7, 31.0)) },
        new() { Id = "s3", Name = "东港", Kind = SettlementKind.NaturalVillage, Town = "盛泽镇", ParentId = "s1", Population = 300, Elderly = 100,
            Source = "villages.gpkg", SourceId = "v3", Geometry = F.CreatePoint(new Coordinate(120.61, 30.89)) },
    ];

    [Theory]
    [InlineData(".csv")]
    [InlineData(".geojson")]
    [InlineData(".gpkg")]
    public void Facilities_export_then_import_gives_equal_objects(string ext)
    {
        var path = Path.Combine(fx.Dir, "facilities" + ext);
        PlanExporter.Facilities(Facilities, path);
        var r = fx.Importer.Facilities(path);
        Assert.True(r.Succeeded, string.Join("\n", r.Errors));
        Assert.Equal(Facilities, r.Items);
    }

    [Theory]
    [InlineData(".csv")]
    [InlineData(".geojson")]
    [InlineData(".gpkg")]
    public void Settlements_export_then_import_gives_equal_objects(string ext)
    {
        var path = Path.Combine(fx.Dir, "settlements" + ext);
        PlanExporter.Settlements(Settlements, path);
        var r = fx.Importer.Settlements(path);
        Assert.True(r.Succeeded, string.Join("\n", r.Errors));
        Assert.Equal(Settlements, r.Items);
    }

    [Fact]
    public void Shapefile_round_trip_splits_points_and_lines_and_keeps_attributes_and_shapes()
    {
        var written = PlanExporter.Facilities(Facilities, Path.Combine(fx.Dir, "fac.shp"));
        Assert.Equal(["fac_points.shp", "fac_lines.shp"], written.Select(Path.GetFileName));
        Assert.Equal("UTF-8", File.ReadAllText(Path.Combine(fx.Dir, "fac_points.cpg")));
        Assert.Equal(ShapefileExport.Wgs84Prj, File.ReadAllText(Path.Combine(fx.Dir, "fac_points.prj")));
        var back = written.SelectMany(p => fx.Importer.Facilities(p).Items).ToList();
        Assert.Equal(3, back.Count);
        foreach (var original in Facilities)
        {
            var got = back.Single(f => f.Id == original.Id);
            Assert.True(original.Geometry.EqualsTopologically(got.Geometry), $"{original.Id}: {got.Geometry}");
            Assert.Equal(original, got with { Geometry = original.Geometry });
        }
    }

    [Fact]
    public void Shapefile_settlement_polygons_round_trip()
    {
        var written = PlanExporter.Settlements(Settlements, Path.Combine(fx.Dir, "set.shp"));
        var back = written.SelectMany(p => fx.Importer.Settlements(p).Items).ToList();
        foreach (var original in Settlements)
        {
            var got = back.Single(s => s.Id == original.Id);
            Assert.True(original.Geometry.EqualsTopologically(got.Geometry));
            Assert.Equal(original, got with { Geometry = original.Geometry });
        }
    }

    [Fact]
    public void Csv_export_starts_with_a_utf8_bom_for_excel()
    {
        var path = Path.Combine(fx.Dir, "bom.csv");
        PlanExporter.Facilities(Facilities, path);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.StartsWith("id,name,category,kind,status,capacity,town,built_year,area_m2,source,source_id,lon,lat,wkt\r\n", Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public void GeoJson_export_follows_rfc7946_ring_orientation()
    {
        var clockwise = Settlements[0] with { Geometry = Settlements[0].Geometry.Reverse() };
        Assert.False(((Polygon)clockwise.Geometry).Shell.IsCCW);
        var path = Path.Combine(fx.Dir, "cw.geojson");
        PlanExporter.Settlements([clockwise], path);
        var back = Assert.Single(fx.Importer.Settlements(path).Items);
        Assert.True(((Polygon)back.Geometry).Shell.IsCCW);
        Assert.DoesNotContain("\"crs\"", File.ReadAllText(path));
    }

    [Fact]
    public void GeoPackage_written_by_coverage_opens_with_ogrinfo()
    {
        var path = Path.Combine(fx.Dir, "plan.gpkg");
        GeoPackageExport.Write(path, Facilities, Settlements);
        var info = Ogrinfo("-ro", "-al", "-so", path);
        Assert.Contains("Layer name: facilities", info);
        Assert.Contains("Layer name: settlements", info);
        Assert.Contains("Feature Count: 3", info);
        Assert.Contains("WGS 84", info);
        var features = Ogrinfo("-ro", path, "settlements");
        Assert.Contains("name (String) = 南麻村", features);
        Assert.Contains("population (Integer) = 3120", features);
        Assert.False((info + features).Contains("ERROR") || (info + features).Contains("Warning"), info + features);
    }

    static string Ogrinfo(params string[] args)
    {
        var psi = new ProcessStartInfo("ogrinfo") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try { p = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("ogrinfo not found: install gdal-bin (apt-get install -y gdal-bin)");
        }
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, output);
        return output;
    }
}
