using System.Diagnostics;
using System.Text.Json;
using Coverage.Core;
using Coverage.Core.Geo;
using Coverage.Storage.Import;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Coverage.Server.Tests.RegionFolder;

/// <summary>A county boundary read from GeoJSON in GCJ-02 and from a Gauss–Krüger Shapefile made by ogr2ogr lands on its WGS84 original.</summary>
public sealed class BoundaryFileTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("coverage-boundary-").FullName;
    static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };
    static readonly Coordinate[] Ring = [new(120.50, 30.93), new(120.62, 30.91), new(120.66, 31.00), new(120.60, 31.07), new(120.49, 31.03), new(120.50, 30.93)];

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string WriteGeoJson(string name, IEnumerable<Coordinate> ring)
    {
        var polygon = new GeometryFactory().CreatePolygon(ring.ToArray());
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, $"{{\"type\":\"FeatureCollection\",\"features\":[{{\"type\":\"Feature\",\"properties\":{{}},\"geometry\":{JsonSerializer.Serialize<Geometry>(polygon, GeoJson)}}}]}}");
        return path;
    }

    static void AssertWithinMetres(Geometry read, double metres)
    {
        // A Shapefile stores outer rings clockwise: compare vertices as a set, not in order.
        var got = read.Coordinates;
        Assert.Equal(Ring.Length, got.Length);
        foreach (var c in Ring)
            Assert.True(got.Min(g => Geodesy.DistanceMeters(c.X, c.Y, g.X, g.Y)) < metres, $"no vertex read within {metres} m of {c}");
    }

    [Fact]
    public void A_gcj02_boundary_lands_within_a_millimetre_of_its_wgs84_original()
    {
        var gcj = Ring.Select(c => ChinaCoordinates.FromWgs84(new LonLat(c.X, c.Y), SourceCrs.Gcj02)).Select(p => new Coordinate(p.Lon, p.Lat)).ToList();
        Assert.True(Geodesy.DistanceMeters(gcj[0].X, gcj[0].Y, Ring[0].X, Ring[0].Y) > 100, "GCJ-02 moves the vertex by hundreds of metres");
        AssertWithinMetres(BoundaryFile.Read(WriteGeoJson("gcj.geojson", gcj), SourceCrs.Gcj02).Polygon, 0.001);
    }

    [Fact]
    public void A_gauss_kruger_shapefile_boundary_is_read_through_its_prj()
    {
        var shp = Path.Combine(_dir, "county.shp");
        var psi = new ProcessStartInfo("ogr2ogr", ["-t_srs", "EPSG:4549", shp, WriteGeoJson("wgs.geojson", Ring)]) { RedirectStandardError = true };
        using (var p = Process.Start(psi)!) { p.WaitForExit(); Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd()); }
        Assert.Contains("Gauss", File.ReadAllText(Path.ChangeExtension(shp, ".prj")));
        AssertWithinMetres(BoundaryFile.Read(shp).Polygon, 0.05);
    }

    [Fact]
    public void A_layer_of_lines_is_refused_naming_the_feature()
    {
        var path = Path.Combine(_dir, "line.geojson");
        File.WriteAllText(path, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[120.5,30.9],[120.6,31.0]]}}]}""");
        var e = Assert.Throws<InputException>(() => BoundaryFile.Read(path));
        Assert.Contains("第 1 个要素", e.Text.Zh);
        Assert.Contains("LineString but polygons are needed", e.Text.En);
    }
}
