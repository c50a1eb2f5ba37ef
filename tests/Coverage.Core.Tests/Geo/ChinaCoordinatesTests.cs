using Coverage.Core.Geo;
using Xunit.Abstractions;

namespace Coverage.Core.Tests.Geo;

public class ChinaCoordinatesTests(ITestOutputHelper output)
{
    const double Metre = 1.0;

    static void Near(LonLat expected, LonLat actual, double metres) =>
        Assert.True(expected.DistanceTo(actual) < metres, $"{actual} is {expected.DistanceTo(actual):0.000} m from {expected}");

    // googollee/eviltransform go/transform_test.go: (WGS84, GCJ-02) pairs for Shanghai, Shenzhen, Beijing.
    public static TheoryData<double, double, double, double> EvilTransformPairs => new()
    {
        { 121.5272106, 31.1774276, 121.531541859215, 31.17530398364597 },
        { 113.912316, 22.543847, 113.9171764808363, 22.540796131694766 },
        { 116.377817, 39.911954, 116.38404722455657, 39.91334545536069 },
    };

    [Theory]
    [MemberData(nameof(EvilTransformPairs))]
    public void Wgs84_to_gcj02_matches_eviltransform(double wLon, double wLat, double gLon, double gLat) =>
        Near(new(gLon, gLat), ChinaCoordinates.Wgs84ToGcj02(new(wLon, wLat)), Metre);

    [Theory]
    [MemberData(nameof(EvilTransformPairs))]
    public void Gcj02_to_wgs84_matches_eviltransform_within_a_metre(double wLon, double wLat, double gLon, double gLat)
    {
        var r = ChinaCoordinates.ToWgs84(new(gLon, gLat), SourceCrs.Gcj02);
        Assert.True(r.OffsetApplied);
        Near(new(wLon, wLat), r.Wgs84, Metre);
    }

    [Fact]
    public void Conversions_match_the_coordtransform_readme_values()
    {
        // wandergis/coordtransform README.md, input (116.404, 39.915) for every function.
        var p = new LonLat(116.404, 39.915);
        Near(new(116.41024449916938, 39.91640428150164), ChinaCoordinates.Wgs84ToGcj02(p), Metre);
        Near(new(116.39775550083061, 39.91359571849836), ChinaCoordinates.Gcj02ToWgs84(p), Metre);
        Near(new(116.41036949371029, 39.92133699351021), ChinaCoordinates.Gcj02ToBd09(p), Metre);
        Near(new(116.39762729119315, 39.90865673957631), ChinaCoordinates.Bd09ToGcj02(p), Metre);
    }

    [Fact]
    public void Bd09_matches_the_hutool_reference_values()
    {
        // dromara/hutool CoordinateUtilTest.java wgs84toBd09Test2, checked there against tool.lu/coordinate.
        // (hutool's other expected values use a longitude variant ~8 m off coordtransform and eviltransform; not used.)
        Near(new(123.00636516028885, 45.00636909189589), ChinaCoordinates.Wgs84ToBd09(new(122.99395597, 44.99804071)), Metre);
    }

    [Fact]
    public void Round_trips_over_China_are_below_1e7_degrees()
    {
        double worstGcj = 0, worstBd = 0;
        for (double lon = 74; lon <= 134; lon += 0.5)
            for (double lat = 18.5; lat <= 53; lat += 0.5)
            {
                var w = new LonLat(lon, lat);
                if (!ChinaRegion.Contains(w)) continue;
                var g = ChinaCoordinates.ToWgs84(ChinaCoordinates.FromWgs84(w, SourceCrs.Gcj02), SourceCrs.Gcj02).Wgs84;
                var b = ChinaCoordinates.ToWgs84(ChinaCoordinates.FromWgs84(w, SourceCrs.Bd09), SourceCrs.Bd09).Wgs84;
                worstGcj = Math.Max(worstGcj, Math.Max(Math.Abs(g.Lon - lon), Math.Abs(g.Lat - lat)));
                worstBd = Math.Max(worstBd, Math.Max(Math.Abs(b.Lon - lon), Math.Abs(b.Lat - lat)));
            }
        output.WriteLine($"worst round trip: GCJ-02 {worstGcj:E2}°, BD-09 {worstBd:E2}°");
        Assert.True(worstGcj < 1e-7, $"GCJ-02 round trip {worstGcj}°");
        Assert.True(worstBd < 1e-7, $"BD-09 round trip {worstBd}°");
    }

    [Theory]
    [InlineData(2.35, 48.85)]   // Paris
    [InlineData(126.98, 37.57)] // Seoul
    [InlineData(121.56, 25.03)] // Taipei
    [InlineData(105.85, 21.03)] // Hanoi
    public void Outside_China_points_are_left_as_wgs84_and_flagged(double lon, double lat)
    {
        foreach (var crs in new[] { SourceCrs.Gcj02, SourceCrs.Bd09 })
        {
            var r = ChinaCoordinates.ToWgs84(new(lon, lat), crs);
            Assert.False(r.OffsetApplied);
            Assert.Equal(new LonLat(lon, lat), r.Wgs84);
        }
    }

    [Theory]
    [InlineData(116.40, 39.90, true)]  // Beijing
    [InlineData(120.64, 31.16, true)]  // Wujiang
    [InlineData(87.62, 43.83, true)]   // Urumqi
    [InlineData(91.11, 29.65, true)]   // Lhasa
    [InlineData(110.35, 20.02, true)]  // Haikou
    [InlineData(126.65, 45.75, true)]  // Harbin
    [InlineData(106.91, 47.92, false)] // Ulaanbaatar
    [InlineData(131.89, 43.12, false)] // Vladivostok
    [InlineData(129.07, 35.18, false)] // Busan
    public void China_region_is_finer_than_the_rough_box(double lon, double lat, bool inside)
    {
        Assert.Equal(inside, ChinaRegion.Contains(lon, lat));
        Assert.True(ChinaRegion.InRoughBox(lon, lat)); // all of these pass the rough box test
    }

    [Theory]
    [InlineData("gcj02", SourceCrs.Gcj02)]
    [InlineData("GCJ-02", SourceCrs.Gcj02)]
    [InlineData("bd09", SourceCrs.Bd09)]
    [InlineData("wgs84", SourceCrs.Wgs84)]
    public void Crs_names_parse(string text, SourceCrs expected)
    {
        Assert.True(ChinaCoordinates.TryParse(text, out var crs));
        Assert.Equal(expected, crs);
        Assert.False(ChinaCoordinates.TryParse("epsg:3857", out _));
    }
}
