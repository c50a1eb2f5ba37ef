using Coverage.Core;

namespace Coverage.Network.Graph;

/// <summary>
/// The pedestrian network as parallel primitive arrays (CSR). Nodes are junctions and dead ends; each edge is
/// a compressed chain of OSM segments whose interior points are kept as shape. Coordinates are WGS84 in fixed
/// point (1e-7 degree, ~1 cm), lengths in metres. Immutable once built; safe to share between threads.
/// </summary>
public sealed class WalkGraph
{
    public const double CoordScale = 1e7;

    // Nodes
    public readonly int[] NodeLat7;
    public readonly int[] NodeLon7;
    /// <summary>Arcs of node n are FirstArc[n] .. FirstArc[n+1]-1.</summary>
    public readonly int[] FirstArc;
    /// <summary>Connected component (undirected view) of each node; component 0 is the largest.</summary>
    public readonly int[] NodeComponent;
    /// <summary>Node count of each component, largest first.</summary>
    public readonly int[] ComponentNodeCount;

    // Arcs: directed, one per walkable direction of an edge, grouped by tail node.
    public readonly int[] ArcHead;
    /// <summary>(edge &lt;&lt; 1) | 1 when the arc runs EdgeTo → EdgeFrom.</summary>
    public readonly int[] ArcEdge;

    // Edges: undirected chains.
    public readonly int[] EdgeFrom;
    public readonly int[] EdgeTo;
    public readonly float[] EdgeLength;
    public readonly EdgeFlags[] EdgeFlagsOf;
    /// <summary>Interior shape points of edge e are ShapeFirst[e] .. ShapeFirst[e+1]-1, ordered From → To.</summary>
    public readonly int[] ShapeFirst;
    public readonly int[] ShapeLat7;
    public readonly int[] ShapeLon7;

    /// <summary>Ferry edges (sorted ascending) and their crossing time in seconds.</summary>
    public readonly int[] FerryEdges;
    public readonly float[] FerrySeconds;

    /// <summary>Source OSM way and name of each edge (labels only; the search never reads it).</summary>
    public readonly EdgeWays Ways;

    readonly Dictionary<string, ArcCost[]> _arcCostsByProfile = new();
    Snapping.SegmentGrid? _segmentGrid;
    readonly object _segmentGridLock = new();

    public WalkGraph(int[] nodeLat7, int[] nodeLon7, int[] firstArc, int[] arcHead, int[] arcEdge,
        int[] edgeFrom, int[] edgeTo, float[] edgeLength, EdgeFlags[] edgeFlags,
        int[] shapeFirst, int[] shapeLat7, int[] shapeLon7, int[] ferryEdges, float[] ferrySeconds,
        int[] nodeComponent, int[] componentNodeCount, EdgeWays? ways = null)
    {
        int n = nodeLat7.Length, m = edgeFrom.Length;
        if (nodeLon7.Length != n || firstArc.Length != n + 1 || nodeComponent.Length != n)
            throw new ArgumentException("Node arrays disagree in length.");
        if (edgeTo.Length != m || edgeLength.Length != m || edgeFlags.Length != m || shapeFirst.Length != m + 1)
            throw new ArgumentException("Edge arrays disagree in length.");
        if (arcHead.Length != arcEdge.Length || firstArc[n] != arcHead.Length)
            throw new ArgumentException("Arc arrays disagree in length.");
        if (ferryEdges.Length != ferrySeconds.Length || shapeLat7.Length != shapeLon7.Length || shapeFirst[m] != shapeLat7.Length)
            throw new ArgumentException("Shape or ferry arrays disagree in length.");
        if (ways != null && ways.EdgeCount != m)
            throw new ArgumentException("Edge way table disagrees with the edge count.");
        CheckArcs(firstArc, arcHead, n);
        NodeLat7 = nodeLat7; NodeLon7 = nodeLon7; FirstArc = firstArc; ArcHead = arcHead; ArcEdge = arcEdge;
        EdgeFrom = edgeFrom; EdgeTo = edgeTo; EdgeLength = edgeLength; EdgeFlagsOf = edgeFlags;
        ShapeFirst = shapeFirst; ShapeLat7 = shapeLat7; ShapeLon7 = shapeLon7;
        FerryEdges = ferryEdges; FerrySeconds = ferrySeconds;
        NodeComponent = nodeComponent; ComponentNodeCount = componentNodeCount;
        Ways = ways ?? EdgeWays.None(m);
    }

    /// <summary>
    /// The snapping index over this graph's segments: read with the graph from its cache, else built on first use
    /// (once, whichever thread asks first), so every <see cref="Snapping.Snapper"/> on the graph shares one.
    /// </summary>
    internal Snapping.SegmentGrid SegmentGrid
    {
        get
        {
            if (Volatile.Read(ref _segmentGrid) is { } grid) return grid;
            lock (_segmentGridLock) return _segmentGrid ??= new Snapping.SegmentGrid(this);
        }
    }

    /// <summary>Whether the snapping index is already built or read (the cache writes it only then, or builds it to write).</summary>
    internal bool HasSegmentGrid => Volatile.Read(ref _segmentGrid) is not null;

    /// <summary>Attaches the snapping index read from the cache with this graph.</summary>
    internal void AttachSegmentGrid(Snapping.SegmentGrid grid) => Volatile.Write(ref _segmentGrid, grid);

    public int NodeCount => NodeLat7.Length;
    public int EdgeCount => EdgeFrom.Length;
    public int ArcCount => ArcHead.Length;
    public int ComponentCount => ComponentNodeCount.Length;

    public double NodeLon(int n) => NodeLon7[n] / CoordScale;
    public double NodeLat(int n) => NodeLat7[n] / CoordScale;

    /// <summary>Total walkable length in metres (each edge once, ferries excluded).</summary>
    public double WalkableMetres()
    {
        double sum = 0;
        for (int e = 0; e < EdgeLength.Length; e++)
            if ((EdgeFlagsOf[e] & EdgeFlags.Ferry) == 0) sum += EdgeLength[e];
        return sum;
    }

    /// <summary>Bytes held by the graph's arrays (what the cache stores), excluding shape points.</summary>
    public long TopologyBytes =>
        4L * (NodeLat7.Length + NodeLon7.Length + FirstArc.Length + NodeComponent.Length + ComponentNodeCount.Length
              + ArcHead.Length + ArcEdge.Length + EdgeFrom.Length + EdgeTo.Length + EdgeLength.Length + ShapeFirst.Length
              + FerryEdges.Length + FerrySeconds.Length) + EdgeFlagsOf.Length;

    /// <summary>Bytes held by the interior shape points of all edges.</summary>
    public long ShapeBytes => 4L * (ShapeLat7.Length + ShapeLon7.Length);

    /// <summary>Bytes held by the snapping index (0 until it is built or read with the graph).</summary>
    public long SnapIndexBytes => Volatile.Read(ref _segmentGrid)?.Bytes ?? 0;

    /// <summary>Ferry crossing time of edge e, or NaN when e is not a ferry.</summary>
    public float FerrySecondsOf(int e)
    {
        int i = Array.BinarySearch(FerryEdges, e);
        return i >= 0 ? FerrySeconds[i] : float.NaN;
    }

    /// <summary>Seconds to walk the whole of edge e under a profile (ferries: their fixed time).</summary>
    public float EdgeSeconds(int e, WalkProfile profile)
    {
        var flags = EdgeFlagsOf[e];
        if ((flags & EdgeFlags.Ferry) != 0) return FerrySecondsOf(e);
        double s = EdgeLength[e] / profile.SpeedMetresPerSecond;
        if ((flags & EdgeFlags.Steps) != 0) s *= profile.StepsTimeFactor;
        return (float)s;
    }

    /// <summary>
    /// Head and seconds of every arc side by side for a profile (one cache line serves both in the search); computed once per
    /// profile and cached (read-only to callers). The seconds are held only here: a second per-arc array of them, read by no
    /// search, took 10 MB per profile on a province.
    /// </summary>
    public ArcCost[] ArcCosts(WalkProfile profile)
    {
        lock (_arcCostsByProfile)
        {
            if (_arcCostsByProfile.TryGetValue(profile.Id, out var cached)) return cached;
            var costs = new ArcCost[ArcHead.Length];
            for (int a = 0; a < costs.Length; a++) costs[a] = new ArcCost(ArcHead[a], EdgeSeconds(ArcEdge[a] >> 1, profile));
            return _arcCostsByProfile[profile.Id] = costs;
        }
    }

    /// <summary>The search indexes node arrays by these without bounds checks: a graph that breaks them is refused here.</summary>
    static void CheckArcs(int[] firstArc, int[] arcHead, int n)
    {
        if (firstArc[0] != 0) throw new ArgumentException("FirstArc must start at 0.");
        for (int i = 0; i < n; i++)
            if (firstArc[i + 1] < firstArc[i]) throw new ArgumentException($"FirstArc decreases at node {i}.");
        foreach (int head in arcHead)
            if ((uint)head >= (uint)n) throw new ArgumentException($"Arc head {head} is not a node (graph has {n}).");
    }

    /// <summary>Number of points of edge e's polyline including both end nodes.</summary>
    public int EdgePointCount(int e) => ShapeFirst[e + 1] - ShapeFirst[e] + 2;

    /// <summary>Point i (0 = EdgeFrom, last = EdgeTo) of edge e's polyline, as (lon, lat).</summary>
    public (double Lon, double Lat) EdgePoint(int e, int i)
    {
        if (i == 0) return (NodeLon(EdgeFrom[e]), NodeLat(EdgeFrom[e]));
        int interior = ShapeFirst[e + 1] - ShapeFirst[e];
        if (i == interior + 1) return (NodeLon(EdgeTo[e]), NodeLat(EdgeTo[e]));
        int k = ShapeFirst[e] + i - 1;
        return (ShapeLon7[k] / CoordScale, ShapeLat7[k] / CoordScale);
    }
}

/// <summary>One arc's head node and travel seconds under a profile.</summary>
public readonly record struct ArcCost(int Head, float Seconds);
