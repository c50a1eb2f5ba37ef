using Coverage.Network.Graph;
using NetTopologySuite.Geometries;

namespace Coverage.Network.Tests.Clip;

/// <summary>Clipping a hand-built graph: which edges stay (any part inside), how nodes are renumbered, what travels with them.</summary>
public sealed class WalkGraphClipTests
{
    [Fact]
    public void Edges_touching_the_area_are_kept_whole_with_their_shape_ferry_time_and_name()
    {
        // a(0,0) —e0— b(0.01,0) —e1 (ferry, 600 s)— c(0.02,0) —e2— d(0.03,0); e3 from d bends up through (0.03,0.01) to e(0.04,0.01).
        var b = new WalkGraphBuilder();
        int na = b.AddNode(120.00, 30), nb = b.AddNode(120.01, 30), nc = b.AddNode(120.02, 30), nd = b.AddNode(120.03, 30), ne = b.AddNode(120.04, 30.01);
        b.AddEdge(na, nb, EdgeFlags.Both, wayId: 10, name: "甲路");
        b.AddEdge(nb, nc, EdgeFlags.Both | EdgeFlags.Ferry, ferrySeconds: 600, wayId: 11, name: "渡口");
        b.AddEdge(nc, nd, EdgeFlags.Both, wayId: 12);
        b.AddEdge(nd, ne, EdgeFlags.Forward, [(120.03, 30.01)], wayId: 13, name: "乙路");
        var g = b.Build();
        // The area covers x in [120.005, 120.015]: e0 and e1 cross into it; e2 and e3 lie wholly outside.
        var area = new GeometryFactory().ToGeometry(new Envelope(120.005, 120.015, 29.99, 30.02));
        var r = WalkGraphClip.Clip(g, area);
        Assert.Equal((2, 2), (r.KeptEdges, r.DroppedEdges));
        Assert.Equal(3, r.Graph.NodeCount);
        Assert.Equal(new long[] { 10, 11 }, r.Graph.Ways.WayId);
        Assert.Equal("渡口", r.Graph.Ways.NameOf(1));
        Assert.Equal(new[] { 1 }, r.Graph.FerryEdges);
        Assert.Equal(600f, r.Graph.FerrySecondsOf(1));
        Assert.Equal(g.EdgeLength[0] / 1000, r.KeptKm, 6);          // the ferry is not walkable km
        Assert.Equal((g.EdgeLength[2] + g.EdgeLength[3]) / 1000, r.DroppedKm, 6);
        Assert.Equal(1, r.Graph.ComponentCount);

        // An area touching only e3's bend keeps e3 whole, shape included, and its one-way direction.
        var bend = new GeometryFactory().ToGeometry(new Envelope(120.029, 120.031, 30.009, 30.011));
        var onlyBend = WalkGraphClip.Clip(g, bend);
        Assert.Equal(1, onlyBend.KeptEdges);
        Assert.Equal(3, onlyBend.Graph.EdgePointCount(0));
        Assert.Equal((120.03, 30.01), onlyBend.Graph.EdgePoint(0, 1));
        Assert.Equal(EdgeFlags.Forward, onlyBend.Graph.EdgeFlagsOf[0]);
        Assert.Equal(1, onlyBend.Graph.ArcCount);
    }
}
