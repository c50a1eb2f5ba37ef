using Coverage.Core.Geo;
using Coverage.Network.Graph;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Isochrones;

/// <summary>One edge's polyline in the local metric projection, with its cumulative projected length per point.</summary>
/// <param name="X">x of the from node, the shape points in order, the to node.</param>
/// <param name="Along">Projected length up to point k (0 at the from node, the whole length at the to node).</param>
/// <param name="Box">Bounding box of the projected polyline.</param>
sealed record ProjectedEdge(double[] X, double[] Y, double[] Along, Envelope Box)
{
    public double Length => Along[^1];

    /// <summary>
    /// Edge e projected point by point (its ends read from the graph's projected nodes) and measured in point order, so a
    /// reached stretch [s0, s1] of it is cut without reprojecting anything; the same doubles whoever asks (one
    /// <see cref="LocalProjection.Forward(double, double)"/> per point).
    /// </summary>
    public static ProjectedEdge Of(WalkGraph g, int e, ProjectedNodes nodes, LocalProjection projection)
    {
        int first = g.ShapeFirst[e], count = g.ShapeFirst[e + 1] - first;
        var x = new double[count + 2];
        var y = new double[count + 2];
        var along = new double[count + 2];
        (x[0], y[0], x[^1], y[^1]) = (nodes.X[g.EdgeFrom[e]], nodes.Y[g.EdgeFrom[e]], nodes.X[g.EdgeTo[e]], nodes.Y[g.EdgeTo[e]]);
        for (int k = 1; k <= count; k++)
            (x[k], y[k]) = projection.Forward(g.ShapeLon7[first + k - 1] / WalkGraph.CoordScale, g.ShapeLat7[first + k - 1] / WalkGraph.CoordScale);
        var box = new Envelope(x[0], x[^1], y[0], y[^1]);
        for (int k = 1; k <= count + 1; k++)
        {
            along[k] = along[k - 1] + Math.Sqrt((x[k] - x[k - 1]) * (x[k] - x[k - 1]) + (y[k] - y[k - 1]) * (y[k] - y[k - 1]));
            box.ExpandToInclude(x[k], y[k]);
        }
        return new ProjectedEdge(x, y, along, box);
    }
}

/// <summary>What an isochrone reads of the graph in the local projection: its edges' polylines and the edges near an extent.</summary>
interface IEdgeProjection
{
    ProjectedEdge Edge(int e);

    /// <summary>Edges whose projected bounding box may meet the extent (a superset: callers test the box), ascending.</summary>
    List<int> EdgesNear(Envelope extent);
}

/// <summary>
/// The graph's nodes in one projection (16 bytes a node: 16 MB on a province, where the shape points, the edges' boxes and
/// a projected grid were ten times that), kept with the graph's <see cref="NetworkIndex"/>: most edges of a street grid
/// have no shape point, and an isochrone that projected its nodes edge by edge paid several times its old cost.
/// </summary>
sealed class ProjectedNodes
{
    public readonly double[] X, Y;

    public ProjectedNodes(WalkGraph g, LocalProjection projection)
    {
        X = new double[g.NodeCount]; Y = new double[g.NodeCount];
        for (int n = 0; n < g.NodeCount; n++) (X[n], Y[n]) = projection.Forward(g.NodeLon(n), g.NodeLat(n));
    }
}

/// <summary>
/// One isochrone's projection of the edges it reads, each projected on first use: a 15-minute isochrone reads a few
/// thousand edges of a province's million, so no whole-graph projected copy of the shape points is held. Not shared
/// between threads: each isochrone has its own, with its own copy of the projection's transforms.
/// </summary>
sealed class EdgesOnDemand(NetworkIndex network, LocalProjection projection) : IEdgeProjection
{
    readonly Dictionary<int, ProjectedEdge> _edges = new();
    readonly ProjectedNodes _nodes = network.Nodes(projection);

    public ProjectedEdge Edge(int e)
    {
        if (!_edges.TryGetValue(e, out var edge)) _edges.Add(e, edge = ProjectedEdge.Of(network.Graph, e, _nodes, projection));
        return edge;
    }

    public List<int> EdgesNear(Envelope extent) => network.EdgesNear(extent, projection);
}
