using Coverage.Core.Geo;
using NetTopologySuite.Geometries;

namespace Coverage.Core.Tests.Geo;

public class LocalProjectionTests
{
    const double Mm = 0.001;

    [Fact]
    public void Gauss_Kruger_matches_the_PROJ_tmerc_reference_pair()
    {
        // PROJ test/gie/builtins.gie, "+proj=tmerc +ellps=GRS80": (2°E, 1°N) -> (222650.796797586, 110642.229411933).
        // CGCS2000 uses the GRS80 ellipsoid; our zone adds the 500 km false easting.
        var (x, y) = LocalProjection.GaussKruger3(0).Forward(2, 1);
        Assert.Equal(500000 + 222650.796797586, x, Mm);
        Assert.Equal(110642.229411933, y, Mm);
    }

    [Fact]
    public void Utm_matches_the_PROJ_utm_reference_pair()
    {
        // PROJ gie docs / builtins: "+proj=utm +zone=32 +ellps=GRS80", (12°E, 55°N) -> (691875.63214, 6098907.82501).
        var (x, y) = LocalProjection.Utm(32, north: true).Forward(12, 55);
        Assert.Equal(691875.63214, x, Mm);
        Assert.Equal(6098907.82501, y, Mm);
    }

    [Theory]
    [InlineData(120.3, 30.8, 120.9, 31.3, "CGCS2000 / 3-degree Gauss-Kruger CM 120E", 4549)] // Wujiang
    [InlineData(119.9, 30.6, 120.3, 31.0, "CGCS2000 / 3-degree Gauss-Kruger CM 120E", 4549)] // Wuxing, Huzhou
    [InlineData(121.3, 30.8, 121.6, 31.0, "CGCS2000 / 3-degree Gauss-Kruger CM 120E", 4549)] // Nanqiao: 121.45/3 rounds to 40
    [InlineData(126.4, 45.6, 126.9, 45.9, "CGCS2000 / 3-degree Gauss-Kruger CM 126E", 4551)] // Harbin
    [InlineData(1.4, 42.4, 1.8, 42.7, "WGS 84 / UTM zone 31N", 32631)] // Andorra
    [InlineData(-70.0, -34.0, -69.0, -33.0, "WGS 84 / UTM zone 19S", 32719)]
    public void Extent_picks_the_zone_of_its_centre(double minLon, double minLat, double maxLon, double maxLat, string name, int epsg)
    {
        var p = LocalProjection.ForExtent(minLon, minLat, maxLon, maxLat);
        Assert.Equal((name, epsg), (p.Name, p.Epsg));
    }

    [Theory]
    [InlineData(120.64, 31.16)]
    [InlineData(121.47, 30.91)]
    [InlineData(1.52, 42.51)]
    public void Round_trip_is_below_a_millimetre(double lon, double lat)
    {
        var p = LocalProjection.ForExtent(lon - 0.3, lat - 0.3, lon + 0.3, lat + 0.3);
        for (double dx = -0.3; dx <= 0.3; dx += 0.1)
            for (double dy = -0.3; dy <= 0.3; dy += 0.1)
            {
                var (x, y) = p.Forward(lon + dx, lat + dy);
                var back = p.Inverse(x, y);
                Assert.True(back.DistanceTo(new LonLat(lon + dx, lat + dy)) < Mm);
            }
    }

    [Fact]
    public void Geometries_round_trip_and_keep_metric_lengths()
    {
        var f = new GeometryFactory(new PrecisionModel(), 4326);
        var line = f.CreateLineString([new Coordinate(120.0, 31.0), new Coordinate(120.01, 31.0)]);
        var p = LocalProjection.ForExtent(line.EnvelopeInternal);
        var projected = p.Forward(line);
        // On the central meridian GK scale is 1: the projected length equals the ellipsoidal distance.
        Assert.Equal(Geodesy.DistanceMeters(120.0, 31.0, 120.01, 31.0), projected.Length, 0.01);
        Assert.Equal(4549, projected.SRID);
        var back = (LineString)p.Inverse(projected);
        Assert.Equal(4326, back.SRID);
        Assert.Equal(120.01, back.EndPoint.X, 1e-9);
        Assert.Equal(120.0, line.StartPoint.X); // the input is not modified
    }
}
