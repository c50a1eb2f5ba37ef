using Coverage.Network.Graph;
using Coverage.Network.Snapping;

namespace Coverage.Network.Search;

/// <summary>A graph node that is a source, reached after an off-network leg of <c>LegMetres</c>.</summary>
public readonly record struct NodeSeed(int Node, float LegMetres, int Source);

/// <summary>
/// A stretch [FromOffset, ToOffset] of an edge that is a source (a snapped point when both offsets are equal; a
/// trail running along the edge otherwise). Legs are the off-network walk at each end, interpolated in between.
/// </summary>
public readonly record struct EdgeSeed(int Edge, float FromOffset, float ToOffset, float LegAtFrom, float LegAtTo, int Source);

/// <summary>
/// The sources of one search: nodes, snapped points and trails, each tagged with the caller's source index
/// (e.g. the facility). Distances are kept in metres so one set serves every walk profile. Reusable via Clear.
/// </summary>
public sealed partial class SourceSet
{
    readonly List<NodeSeed> _nodes = [];
    readonly List<EdgeSeed> _edges = [];

    public IReadOnlyList<NodeSeed> Nodes => _nodes;
    public IReadOnlyList<EdgeSeed> Edges => _edges;
    public bool IsEmpty => _nodes.Count == 0 && _edges.Count == 0;

    // Span views for the search: foreach over the interfaces above would box an enumerator per search.
    internal ReadOnlySpan<NodeSeed> NodeSpan => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_nodes);
    internal ReadOnlySpan<EdgeSeed> EdgeSpan => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_edges);

    public void Clear() { _nodes.Clear(); _edges.Clear(); }

    public void AddNode(int node, int source, double legMetres = 0)
    {
        if (node < 0) throw new ArgumentOutOfRangeException(nameof(node), $"Node {node} is not a graph node.");
        if (!(legMetres >= 0)) throw new ArgumentOutOfRangeException(nameof(legMetres), "Leg must be ≥ 0 m.");
        _nodes.Add(new NodeSeed(node, (float)legMetres, source));
    }

    /// <summary>A place joined to the network: both edge ends are seeded with its leg plus the partial edge.</summary>
    public void AddPoint(in SnapResult snap, int source)
    {
        if (!snap.IsOnNetwork)
            throw new ArgumentException(
                $"来源点不在路网上 / Source {source} at {snap.Lon},{snap.Lat} is not on the network ({snap.Status}, {snap.DistanceMetres:0} m from the nearest walkable way).",
                nameof(snap));
        AddStretch(snap.Edge, snap.OffsetMetres, snap.OffsetMetres, snap.DistanceMetres, snap.DistanceMetres, source);
    }

    public void AddStretch(int edge, double fromOffset, double toOffset, double legAtFrom, double legAtTo, int source)
    {
        if (edge < 0) throw new ArgumentOutOfRangeException(nameof(edge), $"Edge {edge} is not a graph edge.");
        if (!(fromOffset <= toOffset) || fromOffset < 0) throw new ArgumentOutOfRangeException(nameof(fromOffset), "Need 0 ≤ fromOffset ≤ toOffset.");
        if (!(legAtFrom >= 0 && legAtTo >= 0)) throw new ArgumentOutOfRangeException(nameof(legAtFrom), "Legs must be ≥ 0 m.");
        _edges.Add(new EdgeSeed(edge, (float)fromOffset, (float)toOffset, (float)legAtFrom, (float)legAtTo, source));
    }

    internal void Validate(WalkGraph g)
    {
        foreach (var s in NodeSpan)
            if (s.Node >= g.NodeCount) throw new ArgumentOutOfRangeException(nameof(g), $"Source node {s.Node} is not in this graph ({g.NodeCount} nodes).");
        foreach (var s in EdgeSpan)
        {
            if (s.Edge >= g.EdgeCount) throw new ArgumentOutOfRangeException(nameof(g), $"Source edge {s.Edge} is not in this graph ({g.EdgeCount} edges).");
            if ((g.EdgeFlagsOf[s.Edge] & EdgeFlags.Ferry) != 0) throw new ArgumentException($"Source edge {s.Edge} is a ferry: it can only be boarded at its ends.");
        }
    }
}
