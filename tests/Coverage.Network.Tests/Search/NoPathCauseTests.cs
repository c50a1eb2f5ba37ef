using Coverage.Core;
using Coverage.Network.Graph;
using Coverage.Network.Search;
using Coverage.Network.Snapping;

namespace Coverage.Network.Tests.Search;

/// <summary>
/// "No walking path" names its real cause: an island (how big, how far the main network is), two separate networks,
/// or one-sided ways. The main network is a 4×4 grid of 100 m blocks (16 nodes, 24 edges): islands are under 10 nodes.
/// </summary>
public class NoPathCauseTests
{
    [Fact]
    public void A_place_near_a_fragment_reaches_the_main_network_instead_of_no_path()
    {
        // Fragment (100,−30)–(150,−30)–(200,−30). From (160,−35) the main street (160,0) is 35 m away: the place joins
        // it, not the fragment 5 m away. To (300,5): 35 + 140 (x 160 → 300) + 5 = 180 m = 150 s at 1.2 m/s.
        var net = LocalNetwork.Grid(4, 100);
        net.Street((100, -30), (150, -30), (200, -30));
        var r = WalkTime.Between(new Snapper(net.Build()), LocalNetwork.At(160, -35), LocalNetwork.At(300, 5), WalkProfile.Adult);

        Assert.Equal(WalkTimeStatus.Reached, r.Status);
        Assert.Equal(180, r.Metres, 0.05);
        Assert.Equal(150, r.Seconds, 0.05);
    }

    [Fact]
    public void From_a_true_island_the_cause_gives_its_size_and_the_distance_to_the_main_network()
    {
        // Island (1000,0)–(1050,0)–(1100,0): 2 ways, 100 m. From (1050,−5) the main network's nearest point is the
        // grid corner (300,0), √(750² + 5²) = 750.017 m away, beyond the 500 m limit.
        var net = LocalNetwork.Grid(4, 100);
        net.Street((1000, 0), (1050, 0), (1100, 0));
        var r = WalkTime.Between(new Snapper(net.Build()), LocalNetwork.At(1050, -5), LocalNetwork.At(150, 5), WalkProfile.Adult);

        Assert.Equal(WalkTimeStatus.NoPath, r.Status);
        var cause = r.Cause!.Value;
        Assert.Equal(NoPathReason.FromOnIsland, cause.Reason);
        Assert.Equal((2, 100.0), (cause.Edges, Math.Round(cause.Metres, 3)));
        Assert.Equal(Math.Sqrt(750 * 750 + 25), cause.MainNetworkMetres, 0.02);
        var text = cause.Describe(500);
        Assert.Contains("2 ways, 100 m in all", text);
        Assert.Contains("the nearest main-network way is 750 m away, beyond the 500 m snap limit", text);
        Assert.Contains("起点只能接入", text);
        Assert.DoesNotContain("water", text);
    }

    [Fact]
    public void Two_networks_too_big_to_be_islands_are_reported_as_separate_networks()
    {
        // A 12-node street 2 km east (11 ways): not an island, yet nothing joins it to the grid.
        var net = LocalNetwork.Grid(4, 100);
        net.Street([.. Enumerable.Range(0, 12).Select(i => (2000 + i * 50.0, 0.0))]);
        var r = WalkTime.Between(new Snapper(net.Build()), LocalNetwork.At(150, 5), LocalNetwork.At(2100, 5), WalkProfile.Adult);

        Assert.Equal(WalkTimeStatus.NoPath, r.Status);
        var cause = r.Cause!.Value;
        // The grid: 2 directions × 4 lines × 3 blocks = 24 ways of 100 m; the street: 11 ways.
        Assert.Equal((NoPathReason.SeparateNetworks, 24, 11), (cause.Reason, cause.Edges, cause.OtherEdges));
        Assert.Equal(2400, cause.Metres, 0.01);
        Assert.Contains("(24 and 11 ways)", r.Cause.Value.Describe(500));
    }

    [Fact]
    public void On_one_connected_network_only_one_sided_ways_can_leave_no_path()
    {
        // A(0,0)→B(100,0) may be walked only forward; B–C(200,0) both ways. From (150,5) to (50,5) the place's edge
        // can be entered neither at A (nothing leads to A) nor at B (backward). The other way round: 5 + 100 + 5 = 110 m.
        var net = new LocalNetwork();
        int a = net.Node(0, 0), b = net.Node(100, 0), c = net.Node(200, 0);
        net.Edge(a, b, EdgeFlags.Forward);
        net.Edge(b, c);
        var snapper = new Snapper(net.Build());

        var back = WalkTime.Between(snapper, LocalNetwork.At(150, 5), LocalNetwork.At(50, 5), WalkProfile.Adult);
        Assert.Equal(WalkTimeStatus.NoPath, back.Status);
        Assert.Equal(NoPathReason.OneSidedWays, back.Cause!.Value.Reason);
        Assert.Contains("one-sided foot access", back.Cause.Value.Describe(500));

        var forth = WalkTime.Between(snapper, LocalNetwork.At(50, 5), LocalNetwork.At(150, 5), WalkProfile.Adult);
        Assert.Equal(110, forth.Metres, 0.05);
    }
}
