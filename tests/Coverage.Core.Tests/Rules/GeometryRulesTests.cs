using Coverage.Core.Rules;
using NetTopologySuite.Geometries;

namespace Coverage.Core.Tests.Rules;

public class GeometryRulesTests
{
    // Wujiang district's extent; the margin is 0.05° on every side.
    static readonly GeometryRules Wujiang = new(new Envelope(120.3, 120.9, 30.8, 31.3));
    static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    [Theory]
    [InlineData(120.6, 31.0, null)]           // inside
    [InlineData(120.94, 31.0, null)]          // 0.04° east of the extent: within the margin
    [InlineData(120.96, 31.0, "lies outside this region [120.3, 30.8, 120.9, 31.3]")] // 0.06° east: beyond it
    [InlineData(120.6, 30.74, "lies outside this region")]  // 0.06° south
    [InlineData(31.0, 120.6, "look swapped")]                // lat 120.6 is out of range, swapped fits
    [InlineData(200.0, 95.0, "is out of range")]
    [InlineData(116.4, 39.9, "lies outside this region")]    // Beijing: in China, far from the county
    public void A_position_is_judged_against_the_region_with_a_5_km_margin(double lon, double lat, string? words)
    {
        var problem = Wujiang.Position(lon, lat);
        if (words is null) Assert.Null(problem);
        else Assert.Contains(words, problem!.En);
    }

    [Theory]
    [InlineData(1.52, 42.5, null)]            // Andorra: outside China, and swapped it is not in China either
    [InlineData(42.5, 1.52, null)]            // in range; swapped (1.52, 42.5) is not in China: no guess
    [InlineData(31.0, 120.6, "look swapped")] // out of range, swapped lies in China
    [InlineData(30.0, 80.0, "look swapped")]  // in range but outside China; swapped, (80, 30) is in Tibet
    public void Without_a_region_only_China_decides_whether_a_swap_is_named(double lon, double lat, string? words)
    {
        var problem = new GeometryRules(null).Position(lon, lat);
        if (words is null) Assert.Null(problem);
        else Assert.Contains(words, problem!.En);
    }

    [Theory]
    [InlineData(31.0, 120.6, "look swapped")] // out of range; swapped in range
    [InlineData(200.0, 95.0, "is out of range")]
    [InlineData(2.35, 48.85, null)]           // Paris: a store may hold any place on Earth
    [InlineData(30.0, 80.0, null)]            // no China guess without a region
    public void Anywhere_checks_range_only_and_names_a_swap_that_would_be_in_range(double lon, double lat, string? words)
    {
        var problem = GeometryRules.Anywhere.Position(lon, lat);
        if (words is null) Assert.Null(problem);
        else Assert.Contains(words, problem!.En);
    }

    [Fact]
    public void Check_names_the_vertex_count_before_looking_at_any_position()
    {
        // 20,001 positions, every one out of range: the count is the one problem named.
        var line = Wgs84.CreateLineString(Enumerable.Range(0, 20_001).Select(i => new Coordinate(500 + i, 500)).ToArray());
        Assert.Equal("the geometry has 20001 vertices, above the limit of 20000; simplify it first (e.g. QGIS 'Simplify')", Wujiang.Check(line)!.En);
    }

    [Fact]
    public void Check_names_a_self_intersection_where_it_is()
    {
        // A bow-tie: edges (120.6,31)-(120.62,31.02) and (120.62,31)-(120.6,31.02) cross at (120.61, 31.01).
        var bowTie = Wgs84.CreatePolygon([new(120.6, 31), new(120.62, 31.02), new(120.62, 31), new(120.6, 31.02), new(120.6, 31)]);
        var problem = Wujiang.Check(bowTie)!;
        Assert.Equal("invalid geometry: Self-intersection at (120.61, 31.01); repair it in GIS (e.g. QGIS 'Fix geometries')", problem.En);
        Assert.StartsWith("几何无效：边界自相交，位置 (120.61, 31.01)", problem.Zh);
    }
}
