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

    static IEnumerable<(double Lon, double Lat)> Positions(System.Text.Json.JsonElement f) =>
        f.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble()));
}
