using Coverage.Core;
using Coverage.Network.Graph;
using Coverage.Network.Search;
using Coverage.Network.Snapping;

namespace Coverage.Network.Tests.Search;

public class WalkTimeTests
{
    [Fact]
    public void Walk_time_counts_legs_partial_edges_and_steps_in_seconds_but_not_in_metres()
    {
        // Street A(0,0)–B(60,0), steps B–C(90,0). Home (-10,3) lies beyond the street's end, so it joins at A itself,
        // √(10² + 3²) = 10.440 m away. Shop (75,4): halfway up the steps, 4 m off.
        // Metres: 10.440 + 60 + 15 + 4 = 89.440. Adult seconds: (10.440 + 60 + 4)/1.2 + 15/1.2·2 = 62.034 + 25 = 87.034.
        var net = new LocalNetwork();
        int a = net.Node(0, 0), b = net.Node(60, 0), c = net.Node(90, 0);
        net.Edge(a, b); net.Edge(b, c, EdgeFlags.Both | EdgeFlags.Steps);
        var snapper = new Snapper(net.Build());
        double leg = Math.Sqrt(109);

        var r = WalkTime.Between(snapper, LocalNetwork.At(-10, 3), LocalNetwork.At(75, 4), WalkProfile.Adult);
        Assert.Equal(WalkTimeStatus.Reached, r.Status);
        Assert.Equal(leg + 79, r.Metres, 0.02);
        Assert.Equal((leg + 64) / 1.2 + 25, r.Seconds, 0.02);

        var back = WalkTime.Between(snapper, LocalNetwork.At(75, 4), LocalNetwork.At(-10, 3), WalkProfile.Elderly);
        Assert.Equal(leg + 79, back.Metres, 0.02);
        Assert.Equal((leg + 64) / 0.9 + 15 / 0.9 * 3, back.Seconds, 0.02);
    }

    [Fact]
    public void Walk_time_through_a_ferry_counts_its_length_in_metres_and_its_duration_in_seconds()
    {
        // W(-100,0)–A(0,0), ferry A–B(0,300) 240 s, B–N(100,300). W to N: 100 + 300 + 100 = 500 m, 83.333 + 240 + 83.333 s.
        var net = new LocalNetwork();
        int w = net.Node(-100, 0), a = net.Node(0, 0), b = net.Node(0, 300), n = net.Node(100, 300);
        net.Edge(w, a); net.Ferry(a, b, 240); net.Edge(b, n);
        var r = WalkTime.Between(new Snapper(net.Build()), LocalNetwork.At(-100, 0), LocalNetwork.At(100, 300), WalkProfile.Adult);
        Assert.Equal(500, r.Metres, 0.02);
        Assert.Equal(240 + 200 / 1.2, r.Seconds, 0.02);
    }

    [Fact]
    public void Walk_time_says_which_end_is_off_the_network_or_that_no_path_exists()
    {
        var net = new LocalNetwork();
        int a = net.Node(0, 0), b = net.Node(100, 0), p = net.Node(1000, 0), q = net.Node(1030, 0);
        net.Edge(a, b); net.Edge(p, q);
        var snapper = new Snapper(net.Build());

        var fromFar = WalkTime.Between(snapper, LocalNetwork.At(50, 900), LocalNetwork.At(50, 0), WalkProfile.Adult);
        Assert.Equal(WalkTimeStatus.FromNotOnNetwork, fromFar.Status);
        Assert.Equal(900, fromFar.From.DistanceMetres, 0.02);
        Assert.Equal(WalkTimeStatus.ToNotOnNetwork, WalkTime.Between(snapper, LocalNetwork.At(50, 0), LocalNetwork.At(50, -900), WalkProfile.Adult).Status);

        var toIsland = WalkTime.Between(snapper, LocalNetwork.At(50, 0), LocalNetwork.At(1015, 1), WalkProfile.Adult);
        Assert.Equal(WalkTimeStatus.NoPath, toIsland.Status);
        Assert.True(toIsland.To.IsOnIsland);
        Assert.Equal(double.PositiveInfinity, toIsland.Seconds);
    }

    [Fact]
    public void The_same_place_off_the_network_is_zero_seconds_from_itself()
    {
        // Street A(0,0)–B(100,0); the place (50,14) is 14 m off it. From it to itself: 0 s and 0 m, not 2 × 14 m.
        var net = new LocalNetwork();
        net.Edge(net.Node(0, 0), net.Node(100, 0));
        var snapper = new Snapper(net.Build());

        var same = WalkTime.Between(snapper, LocalNetwork.At(50, 14), LocalNetwork.At(50, 14), WalkProfile.Adult);
        Assert.Equal(WalkTimeStatus.Reached, same.Status);
        Assert.Equal((0.0, 0.0), (same.Seconds, same.Metres));
    }

    [Fact]
    public void Two_places_joining_the_network_at_the_same_point_still_walk_both_legs()
    {
        // The rule: off-network legs are walked to and from the network, never straight between two places (that may
        // cross water). (50,14) and (50,−14) both join at (50,0): 14 + 0 + 14 = 28 m = 23.333 s at 1.2 m/s.
        var net = new LocalNetwork();
        net.Edge(net.Node(0, 0), net.Node(100, 0));
        var snapper = new Snapper(net.Build());

        var across = WalkTime.Between(snapper, LocalNetwork.At(50, 14), LocalNetwork.At(50, -14), WalkProfile.Adult);
        Assert.Equal(28, across.Metres, 0.02);
        Assert.Equal(28 / 1.2, across.Seconds, 0.02);
    }
}
