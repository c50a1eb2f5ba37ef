using Coverage.Analysis.Region;
using Coverage.Network.Graph;
using Coverage.Network.Search;
using Coverage.Network.Snapping;

namespace Coverage.Analysis.Isochrones;

/// <summary>
/// Region-wide lookups built once so an isochrone's work grows with what it reaches, not with the region: the settlement
/// samples snapped to each edge, over the graph's shared <see cref="NetworkIndex"/> (the edges at each node, both
/// directions, one-way or not). With them an isochrone visits the edges of the nodes its search reached and the
/// ways around them (<see cref="NetworkIndex.EdgesNear"/>), never every edge or every sample of a province. Immutable; safe to share between threads.
/// </summary>
sealed class ReachIndex
{
    readonly WalkGraph _graph;
    readonly NetworkIndex _network;
    readonly int[] _firstSample, _samples;

    /// <summary>A region's index over the graph's own (shared) <paramref name="network"/> index and this plan's samples.</summary>
    /// <param name="sampleSettlement">The region's settlement of each sample (<see cref="Region.AnalysisRegion.SampleSettlement"/>), shared, not copied.</param>
    public ReachIndex(NetworkIndex network, IReadOnlyList<SampleSnap> sampleSnaps, SampleSettlements sampleSettlement)
    {
        if (sampleSettlement.Count != sampleSnaps.Count) throw new ArgumentException("One settlement per sample.", nameof(sampleSettlement));
        _network = network;
        _graph = network.Graph;
        (_firstSample, _samples) = Csr(_graph.EdgeCount, sampleSnaps.Count,
            k => sampleSnaps[k].IsOnNetwork ? sampleSnaps[k].Edge : -1, k => k);
        SampleSettlement = sampleSettlement;
    }

    /// <summary>An index with a network index of its own (not the shared one), as a test builds it.</summary>
    public ReachIndex(WalkGraph graph, IReadOnlyList<SampleSnap> sampleSnaps, SampleSettlements sampleSettlement)
        : this(new NetworkIndex(graph), sampleSnaps, sampleSettlement) { }

    /// <summary>Settlement of each sample (samples of one settlement are contiguous, in settlement order).</summary>
    public SampleSettlements SampleSettlement { get; }

    /// <summary>Edges with node n at either end (a self-loop twice).</summary>
    public ReadOnlySpan<int> IncidentEdges(int node) => _network.IncidentEdges(node);

    /// <summary>Samples snapped onto edge e, ascending.</summary>
    public ReadOnlySpan<int> SamplesOn(int edge) => _samples.AsSpan(_firstSample[edge], _firstSample[edge + 1] - _firstSample[edge]);

    /// <summary>
    /// Every edge a place on it may be timed through, ascending: the edges at nodes the search reached (finite
    /// seconds) and the edges holding a source. A place on any other edge is unreached, so this is what a scan over all
    /// edges would keep. Found by a walk over reached nodes from the seeded ones: each reached node's search-tree
    /// parent is reached too, so the walk meets them all and nothing else.
    /// </summary>
    public List<int> ReachedEdges(TravelTimes times, SourceSet sources)
    {
        var seconds = times.Seconds;
        var seen = new HashSet<int>();
        var stack = new Stack<int>();
        void Visit(int node)
        {
            if (float.IsFinite(seconds[node]) && seen.Add(node)) stack.Push(node);
        }
        foreach (var s in sources.Nodes) Visit(s.Node);
        foreach (var s in sources.Edges) { Visit(_graph.EdgeFrom[s.Edge]); Visit(_graph.EdgeTo[s.Edge]); }
        var edges = new List<int>();
        foreach (var s in sources.Edges) edges.Add(s.Edge);
        while (stack.Count > 0)
        {
            int n = stack.Pop();
            foreach (int e in IncidentEdges(n))
            {
                edges.Add(e);
                Visit(_graph.EdgeFrom[e] == n ? _graph.EdgeTo[e] : _graph.EdgeFrom[e]);
            }
        }
        return SortedDistinct(edges);
    }

    internal static List<int> SortedDistinct(List<int> items)
    {
        items.Sort();
        int w = 0;
        for (int i = 0; i < items.Count; i++)
            if (w == 0 || items[i] != items[w - 1]) items[w++] = items[i];
        items.RemoveRange(w, items.Count - w);
        return items;
    }

    /// <summary>Compressed rows: item k (of <paramref name="items"/>) filed under key(k) (skipped when negative) as value(k), in k order.</summary>
    internal static (int[] First, int[] Values) Csr(int keys, int items, Func<int, int> key, Func<int, int> value)
    {
        var first = new int[keys + 1];
        for (int k = 0; k < items; k++) { int r = key(k); if (r >= 0) first[r + 1]++; }
        for (int r = 0; r < keys; r++) first[r + 1] += first[r];
        var fill = first[..^1];
        var values = new int[first[keys]];
        for (int k = 0; k < items; k++) { int r = key(k); if (r >= 0) values[fill[r]++] = value(k); }
        return (first, values);
    }
}
