using Coverage.Core.Geo;
using NetTopologySuite.Geometries;

namespace Coverage.Core.Tests.Geo;

public class CrsSpecTests
{
    [Theory]
    [InlineData("wgs84", "WGS84 (EPSG:4326)")]
    [InlineData("EPSG:4326", "WGS84 (EPSG:4326)")]
    [InlineData("urn:ogc:def:crs:OGC:1.3:CRS84", "WGS84 (EPSG:4326)")]
    [InlineData("CGCS2000", "CGCS2000 (EPSG:4490)")]
    [InlineData("epsg:4490", "CGCS2000 (EPSG:4490)")]
    [InlineData("gcj02", "GCJ-02")]
    [InlineData("GCJ-02", "GCJ-02")]
    [InlineData("高德", "GCJ-02")]
    [InlineData("bd09", "BD-09")]
    [InlineData("baidu", "BD-09")]
    [InlineData("EPSG:4513", "CGCS2000 / 3-degree Gauss-Kruger zone 25 (EPSG:4513)")]
    [InlineData("EPSG:4528", "CGCS2000 / 3-degree Gauss-Kruger zone 40 (EPSG:4528)")]
    [InlineData("4533", "CGCS2000 / 3-degree Gauss-Kruger zone 45 (EPSG:4533)")]
    [InlineData("EPSG:4534", "CGCS2000 / 3-degree Gauss-Kruger CM 75E (EPSG:4534)")]
    [InlineData("urn:ogc:def:crs:EPSG::4549", "CGCS2000 / 3-degree Gauss-Kruger CM 120E (EPSG:4549)")]
    [InlineData("EPSG:4554", "CGCS2000 / 3-degree Gauss-Kruger CM 135E (EPSG:4554)")]
    [InlineData("cgcs2000-gk3:120", "CGCS2000 / 3-degree Gauss-Kruger CM 120E (EPSG:4549)")]
    [InlineData(" CGCS2000-GK3-Zone:40 ", "CGCS2000 / 3-degree Gauss-Kruger zone 40 (EPSG:4528)")]
    public void What_a_planner_types_is_parsed(string text, string expected) => Assert.Equal(expected, CrsSpec.Parse(text).ToString());

    [Fact]
    public void Shorthand_and_epsg_codes_name_the_same_zones()
    {
        for (int zone = 25; zone <= 45; zone++)
        {
            Assert.Equal(CrsSpec.Parse($"EPSG:{4488 + zone}"), CrsSpec.Parse($"cgcs2000-gk3-zone:{zone}"));
            Assert.Equal(CrsSpec.Parse($"EPSG:{4509 + zone}"), CrsSpec.Parse($"cgcs2000-gk3:{zone * 3}"));
        }
        Assert.NotEqual(CrsSpec.Parse("EPSG:4528"), CrsSpec.Parse("EPSG:4549"));
    }

    [Theory]
    [InlineData("EPSG:3857")]
    [InlineData("EPSG:4512")]
    [InlineData("EPSG:4555")]
    [InlineData("cgcs2000-gk3:121")]
    [InlineData("cgcs2000-gk3:72")]
    [InlineData("cgcs2000-gk3-zone:24")]
    [InlineData("utm50")]
    [InlineData("")]
    public void Anything_else_is_refused_listing_what_is_accepted(string text)
    {
        var e = Assert.Throws<InputException>(() => CrsSpec.Parse(text));
        Assert.Equal($"unknown coordinate system '{text}'; accepted: {CrsSpec.Accepted}", e.Text.En);
        Assert.StartsWith($"未知坐标系“{text}”；可选：wgs84, cgcs2000", e.Text.Zh);
    }

    [Fact]
    public void A_zone_prefix_adds_zone_millions_to_the_easting_and_nothing_else()
    {
        // Independent of ProjNet: the PROJ reference pair of LocalProjectionTests, shifted to CM 120E, then the prefix.
        var plain = CrsSpec.Parse("EPSG:4549").FromWgs84(new LonLat(122, 1));
        var prefixed = CrsSpec.Parse("EPSG:4528").FromWgs84(new LonLat(122, 1));
        Assert.Equal(500000 + 222650.796797586, plain.X, 0.001);
        Assert.Equal(110642.229411933, plain.Y, 0.001);
        Assert.Equal(plain.X + 40_000_000, prefixed.X, 1e-6);
        Assert.Equal(plain.Y, prefixed.Y, 1e-6);
        var back = CrsSpec.Parse("EPSG:4528").ToWgs84(prefixed.X, prefixed.Y).Wgs84;
        Assert.True(back.DistanceTo(new LonLat(122, 1)) < 0.001);
    }

    static Envelope Box(double minX, double minY, double maxX, double maxY) => new(minX, maxX, minY, maxY);

    [Fact]
    public void Longitude_latitude_ranges_are_wgs84_and_the_reason_says_gcj02_cannot_be_told()
    {
        var g = CrsSpec.Guess(Box(118.69, 31.87, 118.88, 32.16), null);
        Assert.Equal(CrsSpec.Wgs84, g.Crs);
        Assert.Equal("坐标在经纬度范围内（经度 118.69–118.88，纬度 31.87–32.16），按 WGS84 读取；GCJ-02（高德）与 BD-09（百度）无法从数值区分，若数据来自高德或百度地图请用 --crs gcj02 或 --crs bd09", g.Reason.Zh);
        Assert.Contains("GCJ-02 (Amap) and BD-09 (Baidu) cannot be told apart from the numbers", g.Reason.En);
    }

    [Theory]
    [InlineData(39_512_300, 3_300_000, 39_530_100, 3_350_000, 39, "CGCS2000 / 3-degree Gauss-Kruger zone 39 (EPSG:4527)")]
    [InlineData(40_376_109, 3_528_150, 40_393_768, 3_560_429, 40, "CGCS2000 / 3-degree Gauss-Kruger zone 40 (EPSG:4528)")]
    [InlineData(25_400_000, 4_000_000, 25_600_000, 4_100_000, 25, "CGCS2000 / 3-degree Gauss-Kruger zone 25 (EPSG:4513)")]
    public void Eastings_in_the_millions_are_a_zone_with_prefix(double minX, double minY, double maxX, double maxY, int zone, string name)
    {
        var g = CrsSpec.Guess(Box(minX, minY, maxX, maxY), null);
        Assert.Equal(name, g.Crs.ToString());
        Assert.Contains($"按 CGCS2000 3° 带第 {zone} 带（带号前缀，中央经线 {zone * 3}°E）解读", g.Reason.Zh);
        Assert.StartsWith($"coordinates x {minX:#,0}–{maxX:#,0}, y {minY:#,0}–{maxY:#,0}: read as CGCS2000 3-degree Gauss-Kruger zone {zone}", g.Reason.En);
    }

    [Theory]
    [InlineData(118.78, 120)]
    [InlineData(121.49, 120)]
    [InlineData(121.51, 123)]
    [InlineData(87.6, 87)]
    public void Eastings_without_prefix_take_the_central_meridian_from_the_hint(double hint, int cm)
    {
        var g = CrsSpec.Guess(Box(376_109, 3_528_150, 393_768, 3_560_429), hint);
        Assert.Equal((CrsKind.GaussKruger3, cm, false), (g.Crs.Kind, g.Crs.CentralMeridian, g.Crs.ZonePrefix));
        Assert.Contains($"中央经线 {cm}°E 取自参考经度", g.Reason.Zh);
    }

    [Theory]
    [InlineData(376_109, 3_528_150, 393_768, 3_560_429, null, "look like CGCS2000 3-degree Gauss-Kruger without a zone prefix, but the central meridian cannot be told; pass --crs")]
    [InlineData(376_109, 3_528_150, 393_768, 3_560_429, -3.0, "central meridian cannot be told")] // a hint outside China helps nobody
    [InlineData(39_990_000, 3_300_000, 40_010_000, 3_350_000, null, "fit no known coordinate system")] // spans two zones
    [InlineData(3_300_000, 39_512_300, 3_350_000, 39_530_100, null, "x and y look swapped")]
    [InlineData(50_000_000, 3_300_000, 50_100_000, 3_350_000, null, "fit no known coordinate system")] // zone 50: no such zone in China
    [InlineData(500_000, 100_000, 600_000, 200_000, 120.0, "fit no known coordinate system")] // northing of 1°N: not China
    [InlineData(-500, 30, 200, 40, null, "fit no known coordinate system")]
    public void Numbers_that_fit_nothing_are_refused_saying_to_pass_crs(double minX, double minY, double maxX, double maxY, double? hint, string expected)
    {
        var e = Assert.Throws<InputException>(() => CrsSpec.Guess(Box(minX, minY, maxX, maxY), hint));
        Assert.Contains(expected, e.Text.En);
        Assert.StartsWith("坐标 x 在", e.Text.Zh);
        Assert.Contains("可选：wgs84", e.Text.Zh);
    }

    [Fact]
    public void A_zone_knows_its_reach()
    {
        var zone40 = CrsSpec.Parse("EPSG:4528");
        Assert.True(zone40.Covers(new LonLat(118.8, 32)));
        Assert.False(zone40.Covers(new LonLat(110, 32)));
        Assert.False(zone40.Covers(new LonLat(double.NaN, 32)));
        Assert.True(CrsSpec.Wgs84.Covers(new LonLat(-70, -30)));
    }
}
