using Coverage.Core.Geo;
using Coverage.Network.Graph;
using Coverage.Network.Snapping;
using Coverage.Network.Tests.Search;

namespace Coverage.Network.Tests.Snapping;

/// <summary>
/// A place joins the main network rather than a small fragment cut off from it, unless the fragment is all the
/// network within the snap limit. The main network in these cases is a 4×4 grid of 100 m blocks: 16 nodes at
/// (i·100, j·100), so the island threshold is max(10, min(1 % × 16, 200)) = 10 nodes.
/// </summary>
public class MainNetworkSnapTests
{
    const double Cm = 0.02;

    /// <summary>The grid plus a 3-node fragment (2 edges) along y = −30 from x = 100 to 200, 30 m south of the y = 0 street.</summary>
    static (Snapper Snapper, int MainEdge, int FragmentEdge) GridWithFragment()
    {
        var net = LocalNetwork.Grid(4, 100);
        net.Street((100, -30), (150, -30), (200, -30));
        var g = net.Build();
        int main = Enumerable.Range(0, g.EdgeCount).Single(e => Near(g, g.EdgeFrom[e], 100, 0) && Near(g, g.EdgeTo[e], 200, 0));
        int fragment = Enumerable.Range(0, g.EdgeCount).Single(e => Near(g, g.EdgeFrom[e], 150, -30) && Near(g, g.EdgeTo[e], 200, -30));
        return (new Snapper(g), main, fragment);
    }

    static bool Near(WalkGraph g, int n, double x, double y)
    {
        var p = LocalNetwork.At(x, y);
        return Math.Abs(g.NodeLon(n) - p.Lon) < 1e-7 && Math.Abs(g.NodeLat(n) - p.Lat) < 1e-7;
    }

    [Fact]
    public void A_place_nearer_a_small_fragment_joins_the_main_network_within_reach()
    {
        var (snapper, mainEdge, _) = GridWithFragment();
        // Place (160,−35): 5 m from the fragment at (160,−30), 35 m from the main street's point (160,0),
        // which is 60 m along the edge (100,0)→(200,0).
        var s = snapper.Snap(LocalNetwork.At(160, -35));

        Assert.Equal(SnapStatus.OnNetwork, s.Status);
        Assert.Equal(mainEdge, s.Edge);
        Assert.Equal(0, s.Component);
        Assert.False(s.IsOnIsland);
        Assert.Equal(35, s.DistanceMetres, Cm);
        Assert.Equal(60, s.OffsetMetres, Cm);
    }

    [Fact]
    public void With_the_main_network_beyond_the_limit_the_fragment_is_used_and_flagged()
    {
        var (snapper, _, fragmentEdge) = GridWithFragment();
        // Limit 30 m: the main street is 35 m away, the fragment 5 m: the fragment is all the network in reach.
        var s = snapper.Snap(LocalNetwork.At(160, -35), maxMetres: 30);

        Assert.Equal(SnapStatus.OnNetwork, s.Status);
        Assert.Equal(fragmentEdge, s.Edge);
        Assert.True(s.IsOnIsland);
        Assert.Equal(5, s.DistanceMetres, Cm);
        Assert.Equal(10, s.OffsetMetres, Cm);
        Assert.Equal(35, snapper.MainNetworkMetres(s.Lon, s.Lat), Cm);
        Assert.Equal((2, 100.0), (snapper.ComponentSize(s.Component).Edges, Math.Round(snapper.ComponentSize(s.Component).Metres, 6)));
    }

    [Fact]
    public void A_place_on_a_true_island_stays_there()
    {
        // Island: (1000,0)–(1050,0)–(1100,0), 700 m east of the grid's corner (300,0). Place (1050,−5) is 5 m from it
        // and √(750² + 5²) = 750.017 m from the main network: beyond 500 m, so it joins the island.
        var net = LocalNetwork.Grid(4, 100);
        net.Street((1000, 0), (1050, 0), (1100, 0));
        var snapper = new Snapper(net.Build());

        var s = snapper.Snap(LocalNetwork.At(1050, -5));
        Assert.Equal(SnapStatus.OnNetwork, s.Status);
        Assert.True(s.IsOnIsland);
        Assert.Equal(5, s.DistanceMetres, Cm);
        Assert.Equal(Math.Sqrt(750 * 750 + 25), snapper.MainNetworkMetres(s.Lon, s.Lat), Cm);

        // Even given a 1 km limit the island stays: the main network is 745 m farther than it, far beyond the 50 m slack
        // (a straight 750 m leg would cross whatever cut the island off). With a 1 km slack the main network wins.
        var wide = snapper.Snap(LocalNetwork.At(1050, -5), maxMetres: 1000);
        Assert.True(wide.IsOnIsland);
        Assert.Equal(5, wide.DistanceMetres, Cm);
        var slack = new Snapper(snapper.Graph, SnapOptions.Default with { MainNetworkSlackMetres = 1000 }).Snap(LocalNetwork.At(1050, -5), maxMetres: 1000);
        Assert.False(slack.IsOnIsland);
        Assert.Equal(Math.Sqrt(750 * 750 + 25), slack.DistanceMetres, Cm);
    }

    [Fact]
    public void A_place_beside_a_fragment_with_the_main_network_beyond_the_slack_stays_on_the_fragment()
    {
        var (snapper, _, fragmentEdge) = GridWithFragment();
        // (160,−35) is 5 m from the fragment and 35 m from the main street: 30 m farther. Within the default 50 m slack the
        // main street wins; with a 20 m slack the fragment keeps the place.
        var tight = new Snapper(snapper.Graph, SnapOptions.Default with { MainNetworkSlackMetres = 20 });
        var s = tight.Snap(LocalNetwork.At(160, -35));
        Assert.True(s.IsOnIsland);
        Assert.Equal(fragmentEdge, s.Edge);
        Assert.Equal(5, s.DistanceMetres, Cm);
        Assert.False(snapper.Snap(LocalNetwork.At(160, -35)).IsOnIsland); // default 50 m slack: 30 m farther is fine
    }

    [Fact]
    public void A_component_above_the_threshold_is_not_passed_over_for_a_farther_main_network()
    {
        // A 12-node street along y = −40 (x = 0, 50, …, 550): 12 ≥ 10 nodes, not an island. Place (150,−35) is 5 m
        // from it and 35 m from the grid: the nearer street wins.
        var net = LocalNetwork.Grid(4, 100);
        net.Street([.. Enumerable.Range(0, 12).Select(i => (i * 50.0, -40.0))]);
        var snapper = new Snapper(net.Build());

        var s = snapper.Snap(LocalNetwork.At(150, -35));
        Assert.Equal(1, s.Component);
        Assert.False(s.IsOnIsland);
        Assert.Equal(5, s.DistanceMetres, Cm);
    }

    [Theory]
    // max(10, min(1 % × largest, 200)): the floor for a village extract, 1 % for a county, the cap for a province.
    [InlineData(500, 10)]
    [InlineData(4_857, 48.57)]
    [InlineData(20_000, 200)]
    [InlineData(1_000_000, 200)]
    public void The_island_threshold_scales_with_the_largest_component_between_a_floor_and_a_cap(int largest, double threshold) =>
        Assert.Equal(threshold, SnapOptions.Default.IslandThreshold(largest), 9);

    [Fact]
    public void Too_far_distances_at_kilometre_range_are_geodesic()
    {
        // A 20 m street at 53.9°N (Belarus, where the finding was made); the place lies about 25 km to its north-east,
        // so its nearest point is the street's east end.
        var b = new WalkGraphBuilder();
        int w = b.AddNode(27.5, 53.9), e = b.AddNode(27.5003, 53.9);
        b.AddEdge(w, e, EdgeFlags.Both, default, 19.7);
        var snapper = new Snapper(b.Build());
        var s = snapper.Snap(27.8, 54.05);

        double geodesic = Geodesy.GeodesicMetres(27.8, 54.05, 27.5003, 53.9);
        Assert.Equal(SnapStatus.TooFar, s.Status);
        Assert.Equal(geodesic, s.DistanceMetres, 0.001);
        // The flat plane at the place's latitude, which was reported before, is tens of metres off here.
        var (ky, kx) = Geodesy.MetresPerDegree(54.05);
        double flat = Math.Sqrt(Math.Pow((27.8 - 27.5003) * kx, 2) + Math.Pow((54.05 - 53.9) * ky, 2));
        Assert.True(Math.Abs(flat - geodesic) > 20, $"flat {flat:0.0} m vs geodesic {geodesic:0.0} m");
    }

    [Fact]
    public void A_place_on_a_way_is_on_the_network_even_with_a_zero_limit()
    {
        // The limit is 0 m; the node itself is 0 m away; 3 cm north is 3 cm beyond it (not "0 m … limit 0 m").
        var net = new LocalNetwork();
        int a = net.Node(0, 0), c = net.Node(100, 0);
        net.Edge(a, c);
        var snapper = new Snapper(net.Build());

        var g = snapper.Graph;
        var onNode = snapper.Snap(g.NodeLon(a), g.NodeLat(a), maxMetres: 0);
        Assert.Equal(SnapStatus.OnNetwork, onNode.Status);
        Assert.Equal(0, onNode.DistanceMetres, 0.001);

        var off = snapper.Snap(LocalNetwork.At(50, 0.03), maxMetres: 0);
        Assert.Equal(SnapStatus.TooFar, off.Status);
        Assert.Equal(0.03, off.DistanceMetres, 0.005);
    }
}
