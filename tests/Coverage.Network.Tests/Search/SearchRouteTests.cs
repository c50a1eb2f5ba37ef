using Coverage.Core;
using Coverage.Network.Graph;
using Coverage.Network.Search;
using Coverage.Network.Snapping;

namespace Coverage.Network.Tests.Search;

/// <summary>Routes traced through the search tree, on networks drawn in metres with every point's time worked out by hand.</summary>
public class SearchRouteTests
{
    const double Tol = 0.05; // seconds (fixed-point coordinates move offsets by about 1 cm)
    const double Metre = 1e-5; // degrees: positions agree to about a metre

    [Fact]
    public void A_route_crosses_the_bridge_with_both_legs_and_partial_edges_and_times_every_point()
    {
        // The canal network of HandBuiltNetworkTests: north street N0(0,20)–N1(200,20)–N2(400,20) with a shape point at (300,20),
        // south street S0(0,-20)–S1(200,-20)–S2(400,-20), bridge N2–S2. Facility (100,-25) joins the south street 5 m off;
        // home (0,25) joins N0 5 m off. Adult 1.2 m/s, from home: leg 5 m → N0 → N1 → (300,20) → N2 → bridge 40 → S2 → S1 → 100 m of
        // S0–S1 → leg 5 m: 750 m = 625 s. Seconds from the facility at each point: home 625, N0 620.83, N1 454.17, shape 370.83,
        // N2 287.5, S2 254.17, S1 87.5, the facility's join point (100,-20) 4.17 (its leg still to walk).
        var net = new LocalNetwork();
        int n0 = net.Node(0, 20), n1 = net.Node(200, 20), n2 = net.Node(400, 20);
        int s0 = net.Node(0, -20), s1 = net.Node(200, -20), s2 = net.Node(400, -20);
        net.Edge(n0, n1); net.Edge(n1, n2, EdgeFlags.Both, (300, 20)); net.Edge(s0, s1); net.Edge(s1, s2);
        net.Edge(n2, s2, EdgeFlags.Both | EdgeFlags.Bridge);
        var g = net.Build();
        var snapper = new Snapper(g);
        var sources = new SourceSet();
        sources.AddPoint(snapper.Snap(LocalNetwork.At(100, -25)), 7);
        var times = BoundedDijkstra.Run(g, WalkProfile.Adult, sources);

        var route = times.RouteTo(snapper.Snap(LocalNetwork.At(0, 25)))!;

        Assert.Equal(7, route.Source);
        Assert.Equal(625, route.Seconds, Tol);
        Assert.Equal(750, route.Metres, 0.05);
        Assert.Equal(5, route.SourceLegMetres, 0.05);
        (double X, double Y, double S)[] expected =
        [
            (0, 25, 625), (0, 20, 620.83), (200, 20, 454.17), (300, 20, 370.83), (400, 20, 287.5), (400, -20, 254.17), (200, -20, 87.5),
            (100, -20, 4.17),
        ];
        Assert.Equal(expected.Length, route.Points.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            var at = LocalNetwork.At(expected[i].X, expected[i].Y);
            Assert.Equal(at.Lon, route.Points[i].Lon, Metre);
            Assert.Equal(at.Lat, route.Points[i].Lat, Metre);
            Assert.Equal(expected[i].S, route.Points[i].Seconds, 0.01 + Tol);
        }
    }

    [Fact]
    public void A_place_on_the_sources_own_edge_walks_straight_along_it()
    {
        // One street A(0,0)–B(300,0). Facility (50,-10) joins at 50 m, 10 m off; home (200,4) at 200 m, 4 m off.
        // 10 + 150 + 4 = 164 m = 136.67 s; no node is passed: home, (200,0), (50,0).
        var net = new LocalNetwork();
        net.Edge(net.Node(0, 0), net.Node(300, 0));
        var g = net.Build();
        var snapper = new Snapper(g);
        var sources = new SourceSet();
        sources.AddPoint(snapper.Snap(LocalNetwork.At(50, -10)), 0);
        var times = BoundedDijkstra.Run(g, WalkProfile.Adult, sources);

        var route = times.RouteTo(snapper.Snap(LocalNetwork.At(200, 4)))!;

        Assert.Equal(164 / 1.2, route.Seconds, Tol);
        Assert.Equal(3, route.Points.Count);
        Assert.Equal(LocalNetwork.At(50, 0).Lon, route.Points[2].Lon, Metre);
        Assert.Equal(10 / 1.2, route.Points[2].Seconds, Tol);
        Assert.Equal(150 / 1.2 + 10 / 1.2, route.Points[1].Seconds, Tol);
    }

    [Fact]
    public void An_unreached_place_has_no_route()
    {
        // Two streets that never meet: nothing joins the home to the facility.
        var net = new LocalNetwork();
        net.Edge(net.Node(0, 0), net.Node(100, 0));
        net.Edge(net.Node(0, 500), net.Node(100, 500));
        var g = net.Build();
        var snapper = new Snapper(g, new SnapOptions(IslandShareOfLargest: 0, IslandNodeCount: 0));
        var sources = new SourceSet();
        sources.AddPoint(snapper.Snap(LocalNetwork.At(50, 2)), 0);
        var times = BoundedDijkstra.Run(g, WalkProfile.Adult, sources);

        Assert.Null(times.RouteTo(snapper.Snap(LocalNetwork.At(50, 498))));
    }
}
