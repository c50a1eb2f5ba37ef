using static Coverage.Server.Tests.Support.DemoTables;

namespace Coverage.Server.Tests;

public abstract partial class ApiContract
{
    [Fact]
    public async Task Network_lines_draw_the_region_water_first_then_every_walkable_edge()
    {
        var features = FeaturesOf(await JsonOf(await Anonymous.GetAsync("/api/network/lines")));
        var water = Features("water.synthetic.geojson");
        var kinds = features.Select(f => P(f, "kind")).ToList();
        // Oracle: the demo's water table (all areas) and the region's edge count from /api/health.
        Assert.Equal(Enumerable.Repeat("water", water.Count), kinds.Take(water.Count));
        Assert.DoesNotContain("water", kinds.Skip(water.Count));
        var health = await JsonOf(await Anonymous.GetAsync("/api/health"));
        Assert.Equal(health.GetProperty("network").GetProperty("edges").GetInt32(), kinds.Count - water.Count);
        Assert.Equal(Prop(water[0], "name"), P(features[0], "name"));
        Assert.Equal(FirstPosition(water[0]), FirstPosition(features[0]));
    }

    [Fact]
    public async Task Network_lines_in_a_bbox_keep_only_the_water_that_reaches_it()
    {
        var (w, s, e, n) = (120.55, 30.95, 120.60, 31.00);
        var inBox = Features("water.synthetic.geojson").Count(f => Positions(f).Any(p => p.Lon >= w && p.Lon <= e && p.Lat >= s && p.Lat <= n));
        var served = FeaturesOf(await JsonOf(await Anonymous.GetAsync($"/api/network/lines?bbox={w},{s},{e},{n}")))
            .Count(f => P(f, "kind") == "water");
        // Envelope intersection may also keep a lake whose vertices all lie outside the box: at least, and not all of them.
        Assert.InRange(served, Math.Max(1, inBox), Features("water.synthetic.geojson").Count - 1);
    }

    [Fact]
    public async Task Network_lines_with_maxLines_keep_the_longest_edges_and_say_they_are_truncated()
    {
        var whole = await JsonOf(await Anonymous.GetAsync("/api/network/lines"));
        Assert.False(whole.TryGetProperty("truncated", out _));
        var edges = FeaturesOf(whole).Where(f => P(f, "kind") is not ("water" or "canal" or "river")).ToList();
        const int most = 500;
        var capped = await JsonOf(await Anonymous.GetAsync($"/api/network/lines?maxLines={most}"));
        Assert.True(capped.GetProperty("truncated").GetBoolean());
        var kept = FeaturesOf(capped).Where(f => P(f, "kind") is not ("water" or "canal" or "river")).Select(Line).ToList();
        Assert.Equal(most, kept.Count);
        // Oracle: each edge's length measured here along its points; every edge kept is at least as long as every edge left out
        // (within the rounding of the served coordinates and a ferry's length), and each kept edge is one of the network's.
        var all = edges.Select(Line).ToList();
        var left = all.ToList();
        foreach (var line in kept) Assert.True(left.Remove(line), "a kept edge is not one of the network's");
        Assert.True(kept.Min(Metres) >= left.Max(Metres) - 1.0, $"a kept edge of {kept.Min(Metres):0.0} m, one left out of {left.Max(Metres):0.0} m");

        var roomy = await JsonOf(await Anonymous.GetAsync($"/api/network/lines?maxLines={all.Count}"));
        Assert.False(roomy.GetProperty("truncated").GetBoolean());
        Assert.Equal(FeaturesOf(whole).Count, FeaturesOf(roomy).Count);
    }

    static string Line(System.Text.Json.JsonElement f) => f.GetProperty("geometry").GetProperty("coordinates").GetRawText();

    static double Metres(string coordinates)
    {
        var p = System.Text.Json.JsonDocument.Parse(coordinates).RootElement.EnumerateArray().Select(c => (c[0].GetDouble(), c[1].GetDouble())).ToList();
        return p.Zip(p.Skip(1), (a, b) => Coverage.Core.Geo.Geodesy.DistanceMeters(a.Item1, a.Item2, b.Item1, b.Item2)).Sum();
    }

    static IEnumerable<(double Lon, double Lat)> Positions(System.Text.Json.JsonElement f) =>
        f.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble()));
}
