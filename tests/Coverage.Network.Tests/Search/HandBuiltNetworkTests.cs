using Coverage.Core;
using Coverage.Network.Graph;
using Coverage.Network.Search;
using Coverage.Network.Snapping;

namespace Coverage.Network.Tests.Search;

/// <summary>Small networks drawn in metres; every expected time is worked out in the comment above it.</summary>
public class HandBuiltNetworkTests
{
    const double Tol = 0.02; // seconds: fixed-point coordinates move snapped offsets by about 1 cm
    static readonly WalkProfile Adult = WalkProfile.Adult, Elderly = WalkProfile.Elderly;

    static TravelTimes FromPoints(WalkGraph g, WalkProfile p, params SnapResult[] places)
    {
        var sources = new SourceSet();
        for (int i = 0; i < places.Length; i++) sources.AddPoint(places[i], i);
        return BoundedDijkstra.Run(g, p, sources);
    }

    static TravelTimes FromNode(WalkGraph g, WalkProfile p, int node, double limit = double.PositiveInfinity)
    {
        var sources = new SourceSet();
        sources.AddNode(node, 0);
        return BoundedDijkstra.Run(g, p, sources, limit);
    }

    [Fact]
    public void Neighbour_across_a_canal_is_reached_only_over_the_bridge()
    {
        // North bank street N0(0,20)–N1(200,20)–N2(400,20), south bank S0(0,-20)–S1(200,-20)–S2(400,-20),
        // the canal between them, one bridge N2–S2 (40 m).
        var net = new LocalNetwork();
        int n0 = net.Node(0, 20), n1 = net.Node(200, 20), n2 = net.Node(400, 20);
        int s0 = net.Node(0, -20), s1 = net.Node(200, -20), s2 = net.Node(400, -20);
        net.Edge(n0, n1); net.Edge(n1, n2); net.Edge(s0, s1); net.Edge(s1, s2);
        net.Edge(n2, s2, EdgeFlags.Both | EdgeFlags.Bridge);
        var g = net.Build();
        var snapper = new Snapper(g);

        // Facility (100,-25) joins the south street 5 m off, 100 m from S0. Home (0,25) joins N0 5 m off.
        // Facility → S1 100 → S2 200 → bridge 40 → N2 → N1 200 → N0 200: 5 + 740 + 5 = 750 m = 625 s.
        // Straight across the canal they are only √(100² + 50²) ≈ 112 m apart.
        var facility = snapper.Snap(LocalNetwork.At(100, -25));
        var home = snapper.Snap(LocalNetwork.At(0, 25));
        var times = FromPoints(g, Adult, facility);

        Assert.Equal(745 / 1.2, times.Seconds[n0], Tol);
        Assert.Equal(625, times.SecondsTo(home), Tol);
        Assert.Equal(750, times.MetresTo(home), 0.02);
        Assert.Equal(0, times.Source[n0]);
    }

    [Fact]
    public void Steps_cost_the_profile_factor_including_part_of_a_flight()
    {
        // A(0,0)–B(60,0) level, B–C(90,0) steps (30 m horizontal). Source node A.
        // Adult (1.2 m/s, steps ×2): C = 60/1.2 + 30/1.2·2 = 50 + 50 = 100 s; halfway up (75,0): 50 + 15/1.2·2 = 75 s.
        // Elderly (0.9 m/s, steps ×3): C = 66.667 + 100 = 166.667 s; halfway: 66.667 + 50 = 116.667 s.
        var net = new LocalNetwork();
        int a = net.Node(0, 0), b = net.Node(60, 0), c = net.Node(90, 0);
        net.Edge(a, b); net.Edge(b, c, EdgeFlags.Both | EdgeFlags.Steps);
        var g = net.Build();
        var halfway = new Snapper(g).Snap(LocalNetwork.At(75, 0));

        var adult = FromNode(g, Adult, a);
        Assert.Equal(100, adult.Seconds[c], Tol);
        Assert.Equal(75, adult.SecondsTo(halfway), Tol);

        var elderly = FromNode(g, Elderly, a);
        Assert.Equal(500 / 3.0, elderly.Seconds[c], Tol);
        Assert.Equal(350 / 3.0, elderly.SecondsTo(halfway), Tol);
    }

    [Fact]
    public void One_sided_way_is_walked_only_in_its_allowed_direction()
    {
        // A(0,0)→B(100,0) allowed A to B only; the way back is B–C(50,120)–A, 130 + 130 = 260 m.
        var net = new LocalNetwork();
        int a = net.Node(0, 0), b = net.Node(100, 0), c = net.Node(50, 120);
        net.Edge(a, b, EdgeFlags.Forward);
        net.Edge(b, c); net.Edge(c, a);
        var g = net.Build();
        var snapper = new Snapper(g);
        var at30 = snapper.Snap(LocalNetwork.At(30, 0));
        var at90 = snapper.Snap(LocalNetwork.At(90, 0));

        Assert.Equal(100 / 1.2, FromNode(g, Adult, a).Seconds[b], Tol);     // 100 m
        var fromB = FromNode(g, Adult, b);
        Assert.Equal(260 / 1.2, fromB.Seconds[a], Tol);                     // 260 m round the loop, not 100
        Assert.Equal(290 / 1.2, fromB.SecondsTo(at30), Tol);                // loop 260 + A→30 m

        // A source ON the one-sided way at 70 m: 90 m is 20 m downstream; 30 m is upstream,
        // so 30 (to B) + 260 (loop) + 30 (A to the place) = 320 m.
        var source = snapper.Snap(LocalNetwork.At(70, 0));
        var fromMid = FromPoints(g, Adult, source);
        Assert.Equal(20 / 1.2, fromMid.SecondsTo(at90), Tol);
        Assert.Equal(320 / 1.2, fromMid.SecondsTo(at30), Tol);
        Assert.Equal(290 / 1.2, fromMid.Seconds[a], Tol);                   // A: 30 + 260 = 290 m
    }

    [Fact]
    public void Ferry_takes_its_fixed_time_for_every_profile()
    {
        // W(-100,0)–A(0,0) street 100 m, A–B(0,300) ferry of 240 s, B–N(100,300) street 100 m. Source W.
        // Adult: A 83.333, B 83.333 + 240 = 323.333, N 323.333 + 83.333 = 406.667 s.
        // Elderly: A 111.111, B 351.111, N 462.222 s: only the walking legs slow down.
        var net = new LocalNetwork();
        int w = net.Node(-100, 0), a = net.Node(0, 0), b = net.Node(0, 300), n = net.Node(100, 300);
        net.Edge(w, a); net.Ferry(a, b, 240); net.Edge(b, n);
        var g = net.Build();

        var adult = FromNode(g, Adult, w);
        Assert.Equal(1000 / 12.0 + 240, adult.Seconds[b], Tol);
        Assert.Equal(2000 / 12.0 + 240, adult.Seconds[n], Tol);
        var elderly = FromNode(g, Elderly, w);
        Assert.Equal(1000 / 9.0 + 240, elderly.Seconds[b], Tol);
        Assert.Equal(2000 / 9.0 + 240, elderly.Seconds[n], Tol);

        // A ferry edge cannot be a source: nobody boards mid-river.
        var sources = new SourceSet();
        sources.AddStretch(1, 150, 150, 0, 0, 0);
        Assert.Throws<ArgumentException>(() => BoundedDijkstra.Run(g, Adult, sources));
    }

    /// <summary>Road R0(0,0)–R1(200,0)–R2(400,0)–F(600,0), lane R1–H(200,-50); a trail drawn along the road from R0 to R2.</summary>
    static (WalkGraph G, int R1, int H, int F) TrailTown()
    {
        var net = new LocalNetwork();
        int r0 = net.Node(0, 0), r1 = net.Node(200, 0), r2 = net.Node(400, 0), f = net.Node(600, 0), h = net.Node(200, -50);
        net.Edge(r0, r1); net.Edge(r1, r2); net.Edge(r2, f); net.Edge(r1, h);
        return (net.Build(), r1, h, f);
    }

    [Fact]
    public void Trail_is_entered_mid_way_not_only_at_its_ends()
    {
        // The trail runs the whole road R0–R2, so R1 in its middle is ON it: 0 s. H = 50 m down the lane
        // from R1 = 41.667 s (via the trail's ends it would be 200 + 50 = 250 m). F = 200 m past R2 = 166.667 s.
        var (g, r1, h, f) = TrailTown();
        var snapper = new Snapper(g);
        var sources = new SourceSet();
        var seeding = sources.AddLine(snapper, [LocalNetwork.At(0, 0), LocalNetwork.At(400, 0)], source: 7);
        var times = BoundedDijkstra.Run(g, Adult, sources);

        Assert.Equal(seeding.Samples, seeding.OnNetwork);
        Assert.Equal(0, times.Seconds[r1], Tol);
        Assert.Equal(50 / 1.2, times.Seconds[h], Tol);
        Assert.Equal(200 / 1.2, times.Seconds[f], Tol);
        Assert.Equal(7, times.Source[h]);
        // A place beside the trail between samples: 0 s along the road, plus its 30 m leg = 25 s.
        Assert.Equal(0, times.SecondsTo(snapper.Snap(LocalNetwork.At(103, 0))), Tol);
        Assert.Equal(25, times.SecondsTo(snapper.Snap(LocalNetwork.At(103, 30))), Tol);
    }

    [Fact]
    public void Trail_beside_the_road_is_reached_by_walking_across_to_it()
    {
        // Same town, trail 8 m north of the road (within the 15 m tolerance): R1 is 8 m from it, H = 58 m = 48.333 s.
        // Trail 40 m north (off the network, still within snapping range): H = 40 + 50 = 90 m = 75 s.
        var (g, r1, h, _) = TrailTown();
        var snapper = new Snapper(g);
        foreach (var (y, expectedH) in new[] { (8.0, 58 / 1.2), (40.0, 90 / 1.2) })
        {
            var sources = new SourceSet();
            sources.AddLine(snapper, [LocalNetwork.At(0, y), LocalNetwork.At(400, y)], source: 0);
            var times = BoundedDijkstra.Run(g, Adult, sources);
            Assert.Equal(y / 1.2, times.Seconds[r1], Tol);
            Assert.Equal(expectedH, times.Seconds[h], Tol);
        }
    }

    [Fact]
    public void Two_sources_on_the_place_s_own_edge_are_reached_directly_along_it()
    {
        // Street A(0,0)–B(100,0)–C(200,0). Source 0 at (20,5) joins at 20 m, 5 m off; source 1 at (90,-3) at 90 m, 3 m off.
        // Home (60,4): via source 1 directly 3 + 30 + 4 = 37 m = 30.833 s; via source 0 directly 5 + 40 + 4 = 49 m.
        // Through the ends only it would be B (3 + 10 = 13) + 40 + 4 = 57 m: the direct path must win.
        // Place (10,0): source 0 directly, 5 + 10 = 15 m = 12.5 s.
        var net = new LocalNetwork();
        var street = net.Street((0, 0), (100, 0), (200, 0));
        int a = street[0], b = street[1], c = street[2];
        var g = net.Build();
        var snapper = new Snapper(g);
        var times = FromPoints(g, Adult, snapper.Snap(LocalNetwork.At(20, 5)), snapper.Snap(LocalNetwork.At(90, -3)));

        var home = times.ReachOf(snapper.Snap(LocalNetwork.At(60, 4)));
        Assert.Equal(37 / 1.2, home.Seconds, Tol);
        Assert.Equal(1, home.Source);
        Assert.Equal(-1, home.ViaNode);
        Assert.Equal(37, times.MetresTo(snapper.Snap(LocalNetwork.At(60, 4))), 0.02);
        var west = times.ReachOf(snapper.Snap(LocalNetwork.At(10, 0)));
        Assert.Equal(12.5, west.Seconds, Tol);
        Assert.Equal(0, west.Source);
        Assert.Equal(25 / 1.2, times.Seconds[a], Tol); // 5 + 20
        Assert.Equal(13 / 1.2, times.Seconds[b], Tol); // 3 + 10
        Assert.Equal(113 / 1.2, times.Seconds[c], Tol);
    }

    [Fact]
    public void Nodes_beyond_the_time_limit_are_unreached()
    {
        // A–B–C–D, 120 m apart (100 s each for an adult); limit 250 s: D at 300 s is unreached.
        // On C–D: 48 m past C is 240 s (reached), 72 m past C is 260 s (not).
        var net = new LocalNetwork();
        var street = net.Street((0, 0), (120, 0), (240, 0), (360, 0));
        int a = street[0], c = street[2], d = street[3];
        var g = net.Build();
        var snapper = new Snapper(g);
        var times = FromNode(g, Adult, a, limit: 250);

        Assert.Equal(200, times.Seconds[c], Tol);
        Assert.Equal(float.PositiveInfinity, times.Seconds[d]);
        Assert.Equal(-1, times.Source[d]);
        Assert.Equal(240, times.SecondsTo(snapper.Snap(LocalNetwork.At(288, 0))), Tol);
        Assert.Equal(float.PositiveInfinity, times.SecondsTo(snapper.Snap(LocalNetwork.At(312, 0))));
    }

    [Fact]
    public void Elderly_walk_is_slower_than_adult_walk_on_the_same_path()
    {
        // 540 m of level street: adult 540 / 1.2 = 450 s, elderly 540 / 0.9 = 600 s.
        var net = new LocalNetwork();
        var street = net.Street((0, 0), (300, 0), (300, 240));
        int a = street[0], c = street[2];
        var g = net.Build();
        Assert.Equal(450, FromNode(g, Adult, a).Seconds[c], Tol);
        Assert.Equal(600, FromNode(g, Elderly, a).Seconds[c], Tol);
    }

    [Fact]
    public void Place_on_a_tiny_island_is_unreached_from_the_mainland()
    {
        var net = new LocalNetwork();
        int a = net.Node(0, 0), b = net.Node(100, 0), p = net.Node(1000, 0), q = net.Node(1030, 0);
        net.Edge(a, b); net.Edge(p, q);
        var g = net.Build();
        var snapper = new Snapper(g);
        var islander = snapper.Snap(LocalNetwork.At(1015, 2));
        Assert.True(islander.IsOnIsland);
        Assert.Equal(float.PositiveInfinity, FromNode(g, Adult, a).SecondsTo(islander));
    }

    [Fact]
    public void A_place_too_far_to_snap_has_no_time_and_cannot_be_a_source()
    {
        var net = new LocalNetwork();
        int a = net.Node(0, 0), b = net.Node(100, 0);
        net.Edge(a, b);
        var g = net.Build();
        var far = new Snapper(g).Snap(LocalNetwork.At(50, 700));
        Assert.Equal(SnapStatus.TooFar, far.Status);
        Assert.Equal(700, far.DistanceMetres, 0.02);
        Assert.Equal(float.PositiveInfinity, FromNode(g, Adult, a).SecondsTo(far));
        var ex = Assert.Throws<ArgumentException>(() => new SourceSet().AddPoint(far, 3));
        Assert.Contains("700 m", ex.Message);
    }
}
