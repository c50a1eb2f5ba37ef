using Coverage.Core.Geo;
using Coverage.Network.Graph;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Isochrones;

/// <summary>
/// One edge's polyline in the local metric projection, with its cumulative projected length per point: points
/// [start, start + count) of the arrays (an isochrone's edges share its buffers, so reading one allocates no arrays).
/// </summary>
/// <param name="x">x of the from node, the shape points in order, the to node.</param>
/// <param name="along">Projected length up to point k (0 at the from node, the whole length at the to node).</param>
/// <param name="box">Bounding box of the projected polyline.</param>
readonly struct ProjectedEdge(double[] x, double[] y, double[] along, int start, int count, Envelope box)
{
    public ReadOnlySpan<double> X => x.AsSpan(start, count);
    public ReadOnlySpan<double> Y => y.AsSpan(start, count);
    public ReadOnlySpan<double> Along => along.AsSpan(start, count);
    public Envelope Box => box;
    public double Length => along[start + count - 1];

    /// <summary>
    /// Edge e projected point by point (its ends read from the graph's projected nodes) into x, y and along from
    /// <paramref name="start"/> on, and measured in point order, so a reached stretch [s0, s1] of it is cut without
    /// reprojecting anything; the same doubles whoever asks (one <see cref="LocalProjection.Forward(double, double)"/> per point).
    /// </summary>
    public static ProjectedEdge Of(WalkGraph g, int e, ProjectedNodes nodes, LocalProjection projection, double[] x, double[] y, double[] along, int start)
    {
        int first = g.ShapeFirst[e], count = g.ShapeFirst[e + 1] - first, end = start + count + 1;
        (x[start], y[start], x[end], y[end]) = (nodes.X[g.EdgeFrom[e]], nodes.Y[g.EdgeFrom[e]], nodes.X[g.EdgeTo[e]], nodes.Y[g.EdgeTo[e]]);
        for (int k = 1; k <= count; k++)
            (x[start + k], y[start + k]) = projection.Forward(g.ShapeLon7[first + k - 1] / WalkGraph.CoordScale, g.ShapeLat7[first + k - 1] / WalkGraph.CoordScale);
        var box = new Envelope(x[start], x[end], y[start], y[end]);
        along[start] = 0;
        for (int k = start + 1; k <= end; k++)
        {
            along[k] = along[k - 1] + Math.Sqrt((x[k] - x[k - 1]) * (x[k] - x[k - 1]) + (y[k] - y[k - 1]) * (y[k] - y[k - 1]));
            box.ExpandToInclude(x[k], y[k]);
        }
        return new ProjectedEdge(x, y, along, start, count + 2, box);
    }
}

/// <summary>What an isochrone reads of the graph in the local projection: its edges' polylines and the edges near an extent.</summary>
interface IEdgeProjection : IDisposable
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
/// between threads: each isochrone has its own buffers and its own copy of the projection's transforms, taken from the
/// network's pool and given back on <see cref="Dispose"/> (a fresh copy, buffers and map per isochrone were most of its
/// allocations, and the collections they set off most of a street grid's slow isochrones).
/// </summary>
sealed class EdgesOnDemand : IEdgeProjection
{
    readonly NetworkIndex _network;
    readonly EdgeBuffers _buffers;
    readonly ProjectedNodes _nodes;

    public EdgesOnDemand(NetworkIndex network, LocalProjection projection)
    {
        _network = network;
        _buffers = network.RentBuffers(projection);
        _nodes = network.Nodes(_buffers.Projection);
    }

    public ProjectedEdge Edge(int e)
    {
        var b = _buffers;
        if (b.Slots.TryGetValue(e, out int slot)) return b.Edges[slot];
        int points = _network.Graph.ShapeFirst[e + 1] - _network.Graph.ShapeFirst[e] + 2;
        b.Reserve(points);
        var edge = ProjectedEdge.Of(_network.Graph, e, _nodes, b.Projection, b.X, b.Y, b.Along, b.Used);
        b.Used += points;
        b.Slots.Add(e, b.Edges.Count);
        b.Edges.Add(edge);
        return edge;
    }

    public List<int> EdgesNear(Envelope extent) => _network.EdgesNear(extent, _buffers.Projection);

    public void Dispose() => _network.ReturnBuffers(_buffers);
}

/// <summary>An isochrone's projected points and edges, kept in the network's pool between isochrones (emptied, not freed).</summary>
sealed class EdgeBuffers(LocalProjection projection)
{
    /// <summary>This pool entry's own copy of the projection's transforms.</summary>
    public readonly LocalProjection Projection = projection;
    public double[] X = new double[1024], Y = new double[1024], Along = new double[1024];
    public int Used;
    public readonly Dictionary<int, int> Slots = new();
    public readonly List<ProjectedEdge> Edges = new();

    /// <summary>Room for <paramref name="points"/> more points (edges read before keep the arrays they were read into).</summary>
    public void Reserve(int points)
    {
        if (Used + points <= X.Length) return;
        int size = Math.Max(X.Length * 2, Used + points);
        Array.Resize(ref X, size); Array.Resize(ref Y, size); Array.Resize(ref Along, size);
    }

    public void Clear()
    {
        Used = 0;
        Slots.Clear();
        Edges.Clear();
    }
}
