using Coverage.Network.Graph;
using Coverage.Network.Snapping;
using Coverage.Network.Tests.Search;

namespace Coverage.Network.Tests.Snapping;

public class SnapperTests
{
    const double Cm = 0.02; // fixed-point coordinates are 1e-7°, about 1 cm

    [Fact]
    public void Place_joins_the_nearest_point_of_the_nearest_edge_not_the_nearest_node()
    {
        // A long street A(0,0)–B(1000,0); a lane C(400,300)–D(400,600) whose end C is the nearest NODE to the place.
        var net = new LocalNetwork();
        int a = net.Node(0, 0), b = net.Node(1000, 0), c = net.Node(400, 300), d = net.Node(400, 600);
        int street = net.Edge(a, b);
        net.Edge(c, d);
        var snapper = new Snapper(net.Build());

        // Place (500,10): 10 m north of the street's point at 500 m; C is √(100²+290²) ≈ 306.8 m away.
        var p = LocalNetwork.At(500, 10);
        var s = snapper.Snap(p);

        Assert.Equal(SnapStatus.OnNetwork, s.Status);
        Assert.Equal(street, s.Edge);
        Assert.Equal(500, s.OffsetMetres, Cm);
        Assert.Equal(10, s.DistanceMetres, Cm);
        var expected = LocalNetwork.At(500, 0);
        Assert.Equal(expected.Lon, s.SnappedLon, 7);
        Assert.Equal(expected.Lat, s.SnappedLat, 7);
    }

    [Fact]
    public void Offset_is_measured_along_the_shape_of_a_bent_edge()
    {
        // A(0,0) → (100,0) → (100,100) → B(200,100): 300 m. Place (105,50) is 5 m east of the middle segment,
        // at 100 + 50 = 150 m along the edge.
        var net = new LocalNetwork();
        int a = net.Node(0, 0), b = net.Node(200, 100);
        int e = net.Edge(a, b, EdgeFlags.Both, (100, 0), (100, 100));
        var s = new Snapper(net.Build()).Snap(LocalNetwork.At(105, 50));

        Assert.Equal(e, s.Edge);
        Assert.Equal(1, s.Segment);
        Assert.Equal(150, s.OffsetMetres, Cm);
        Assert.Equal(5, s.DistanceMetres, Cm);
    }

    [Fact]
    public void Place_beyond_the_maximum_is_reported_too_far_with_its_distance()
    {
        var net = new LocalNetwork();
        int a = net.Node(0, 0), b = net.Node(200, 0);
        int e = net.Edge(a, b);
        var snapper = new Snapper(net.Build());

        // 800 m north of the street's middle.
        var far = snapper.Snap(LocalNetwork.At(100, 800));
        Assert.Equal(SnapStatus.TooFar, far.Status);
        Assert.False(far.IsOnNetwork);
        Assert.Equal(e, far.Edge);
        Assert.Equal(800, far.DistanceMetres, Cm);

        var allowed = snapper.Snap(LocalNetwork.At(100, 800), maxMetres: 1000);
        Assert.Equal(SnapStatus.OnNetwork, allowed.Status);
        Assert.Equal(100, allowed.OffsetMetres, Cm);
    }

    [Fact]
    public void Place_far_outside_the_network_bounds_still_finds_its_nearest_edge()
    {
        var net = new LocalNetwork();
        int a = net.Node(0, 0), b = net.Node(200, 0);
        net.Edge(a, b);
        // 5 km west of A, outside the grid's bounding box: the ring search starts at the grid's edge.
        var s = new Snapper(net.Build()).Snap(LocalNetwork.At(-5000, 0));
        Assert.Equal(SnapStatus.TooFar, s.Status);
        Assert.Equal(5000, s.DistanceMetres, Cm);
        Assert.Equal(0, s.OffsetMetres);
    }

    [Fact]
    public void Place_on_a_tiny_island_is_snapped_and_flagged_not_hidden()
    {
        // Main component: a 4×4 grid of 100 m blocks (16 nodes). Island: one 50 m lane 2 km away (2 nodes).
        var net = LocalNetwork.Grid(4, 100);
        int p = net.Node(2000, 0), q = net.Node(2050, 0);
        int lane = net.Edge(p, q);
        var snapper = new Snapper(net.Build());

        var onIsland = snapper.Snap(LocalNetwork.At(2025, 3));
        Assert.Equal(SnapStatus.OnNetwork, onIsland.Status);
        Assert.Equal(lane, onIsland.Edge);
        Assert.Equal(1, onIsland.Component);
        Assert.True(onIsland.IsOnIsland);

        var inTown = snapper.Snap(LocalNetwork.At(150, 202)); // 2 m north of the y = 200 street
        Assert.Equal(0, inTown.Component);
        Assert.False(inTown.IsOnIsland);
        Assert.Equal(2, inTown.DistanceMetres, Cm);

        // The threshold is a parameter: with islands defined as < 2 nodes, the lane is a component, not an island.
        var lenient = new Snapper(snapper.Graph, new SnapOptions(IslandShareOfLargest: 0, IslandNodeCount: 2));
        Assert.False(lenient.Snap(LocalNetwork.At(2025, 3)).IsOnIsland);
    }

    [Fact]
    public void Ferry_is_never_a_place_to_join_the_network()
    {
        // W(-100,0)–A(0,0) street, A–B(0,300) ferry, B–N(100,300) street. A place mid-river at (0,140)
        // lies ON the ferry line but joins the street at pier A, 140 m away.
        var net = new LocalNetwork();
        int w = net.Node(-100, 0), a = net.Node(0, 0), b = net.Node(0, 300), n = net.Node(100, 300);
        int street = net.Edge(w, a);
        net.Ferry(a, b, 240);
        net.Edge(b, n);
        var s = new Snapper(net.Build()).Snap(LocalNetwork.At(0, 140));
        Assert.Equal(street, s.Edge);
        Assert.Equal(100, s.OffsetMetres, Cm);
        Assert.Equal(140, s.DistanceMetres, Cm);
    }

    [Theory]
    [InlineData(181, 31)]
    [InlineData(120, 91)]
    [InlineData(double.NaN, 31)]
    [InlineData(120, double.PositiveInfinity)]
    public void Invalid_coordinates_are_a_clear_error(double lon, double lat)
    {
        var net = new LocalNetwork();
        net.Edge(net.Node(0, 0), net.Node(10, 0));
        var snapper = new Snapper(net.Build());
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => snapper.Snap(lon, lat));
        Assert.Contains("Invalid coordinate", ex.Message);
        Assert.Contains("坐标无效", ex.Message);
    }

    [Fact]
    public void A_graph_without_edges_says_there_is_no_network()
    {
        var b = new WalkGraphBuilder();
        b.AddNode(120, 31);
        var s = new Snapper(b.Build()).Snap(120, 31);
        Assert.Equal(SnapStatus.NoNetwork, s.Status);
        Assert.Equal(-1, s.Edge);
    }

    [Fact]
    public void Grid_index_agrees_with_brute_force_on_random_places()
    {
        // Oracle: distance from the place to every segment of every edge, in the place's tangent plane.
        var rng = new Random(7);
        var net = new LocalNetwork();
        var nodes = Enumerable.Range(0, 60).Select(_ => net.Node(rng.NextDouble() * 3000, rng.NextDouble() * 2000)).ToArray();
        for (int k = 0; k < 90; k++)
        {
            int u = nodes[rng.Next(nodes.Length)], v = nodes[rng.Next(nodes.Length)];
            if (u == v) continue;
            var shape = rng.Next(3) == 0 ? new[] { (rng.NextDouble() * 3000, rng.NextDouble() * 2000) } : [];
            net.Edge(u, v, EdgeFlags.Both, shape);
        }
        var g = net.Build();
        var snapper = new Snapper(g);
        for (int i = 0; i < 500; i++)
        {
            var p = LocalNetwork.At(rng.NextDouble() * 4000 - 500, rng.NextDouble() * 3000 - 500);
            var s = snapper.Snap(p, maxMetres: double.PositiveInfinity);
            // With no distance limit the main network is always in reach: an island is passed over when the main network
            // is at most the slack (50 m) farther than it.
            double main = BruteForceNearestMetres(g, p.Lon, p.Lat, e => !snapper.IsIsland(g.NodeComponent[g.EdgeFrom[e]]));
            double any = BruteForceNearestMetres(g, p.Lon, p.Lat, _ => true);
            Assert.Equal(main <= any + snapper.Options.MainNetworkSlackMetres ? main : any, s.DistanceMetres, 1e-6);
        }
    }

    /// <summary>Geodesic metres to the nearest point (in the place's tangent plane) of the edges <paramref name="allowed"/> accepts.</summary>
    static double BruteForceNearestMetres(WalkGraph g, double lon, double lat, Func<int, bool> allowed)
    {
        var (ky, kx) = Core.Geo.Geodesy.MetresPerDegree(lat);
        double best = double.PositiveInfinity, bestLon = lon, bestLat = lat;
        for (int e = 0; e < g.EdgeCount; e++)
            for (int j = 0; allowed(e) && j + 1 < g.EdgePointCount(e); j++)
            {
                var (aLon, aLat) = g.EdgePoint(e, j);
                var (bLon, bLat) = g.EdgePoint(e, j + 1);
                double ax = (aLon - lon) * kx, ay = (aLat - lat) * ky, bx = (bLon - lon) * kx, by = (bLat - lat) * ky;
                // Minimise |a + t(b-a)| over t by ternary search: a different method from the projection formula.
                double lo = 0, hi = 1;
                for (int it = 0; it < 200; it++)
                {
                    double m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3;
                    if (Dist(m1) < Dist(m2)) hi = m2; else lo = m1;
                }
                foreach (double t in (ReadOnlySpan<double>)[(lo + hi) / 2, 0, 1])
                    if (Dist(t) < best) { best = Dist(t); bestLon = aLon + t * (bLon - aLon); bestLat = aLat + t * (bLat - aLat); }
                double Dist(double t) => Math.Sqrt(Math.Pow(ax + t * (bx - ax), 2) + Math.Pow(ay + t * (by - ay), 2));
            }
        return Core.Geo.Geodesy.GeodesicMetres(lon, lat, bestLon, bestLat);
    }
}
