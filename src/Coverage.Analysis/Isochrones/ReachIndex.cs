using Coverage.Network.Graph;
using Coverage.Network.Search;
using Coverage.Network.Snapping;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Isochrones;

/// <summary>
/// Region-wide lookups built once so an isochrone's work grows with what it reaches, not with the region: the edges at
/// each node (both directions, one-way or not), the settlement samples snapped to each edge, and a uniform grid of
/// edges by projected bounding box. With them an isochrone visits the edges of the nodes its search reached and the
/// ways around them, never every edge or every sample of a province. Immutable; safe to share between threads.
/// </summary>
sealed class ReachIndex
{
    readonly WalkGraph _graph;
    readonly int[] _firstIncident, _incident;
    readonly int[] _firstSample, _samples;
    readonly EdgeGrid _grid;

    public ReachIndex(WalkGraph graph, ProjectedGraph projected, IReadOnlyList<SampleSnap> sampleSnaps, int[] settlementFirstSample)
    {
        _graph = graph;
        (_firstIncident, _incident) = Csr(graph.NodeCount, graph.EdgeCount * 2,
            k => (k & 1) == 0 ? graph.EdgeFrom[k >> 1] : graph.EdgeTo[k >> 1], k => k >> 1);
        (_firstSample, _samples) = Csr(graph.EdgeCount, sampleSnaps.Count,
            k => sampleSnaps[k].IsOnNetwork ? sampleSnaps[k].Edge : -1, k => k);
        SampleSettlement = new int[sampleSnaps.Count];
        for (int s = 0; s + 1 < settlementFirstSample.Length; s++)
            for (int k = settlementFirstSample[s]; k < settlementFirstSample[s + 1]; k++) SampleSettlement[k] = s;
        _grid = new EdgeGrid(projected);
    }

    /// <summary>Settlement of each sample (samples of one settlement are contiguous, in settlement order).</summary>
    public int[] SampleSettlement { get; }

    /// <summary>Edges with node n at either end (a self-loop twice).</summary>
    public ReadOnlySpan<int> IncidentEdges(int node) => _incident.AsSpan(_firstIncident[node], _firstIncident[node + 1] - _firstIncident[node]);

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

    /// <summary>Edges whose projected bounding box may meet the envelope (a superset: callers test the box), ascending.</summary>
    public List<int> EdgesNear(Envelope extent) => _grid.Query(extent);

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
    static (int[] First, int[] Values) Csr(int keys, int items, Func<int, int> key, Func<int, int> value)
    {
        var first = new int[keys + 1];
        for (int k = 0; k < items; k++) { int r = key(k); if (r >= 0) first[r + 1]++; }
        for (int r = 0; r < keys; r++) first[r + 1] += first[r];
        var fill = first[..^1];
        var values = new int[first[keys]];
        for (int k = 0; k < items; k++) { int r = key(k); if (r >= 0) values[fill[r]++] = value(k); }
        return (first, values);
    }

    /// <summary>
    /// Edges filed under every cell of a uniform grid their projected bounding box overlaps. Cells are 250 m, or
    /// larger so the grid stays within about a million cells on a province.
    /// </summary>
    sealed class EdgeGrid
    {
        const int MaxCells = 1 << 20;
        readonly double _x0, _y0, _size;
        readonly int _nx, _ny;
        readonly int[] _first, _edges;

        public EdgeGrid(ProjectedGraph p)
        {
            var all = new Envelope();
            foreach (var box in p.EdgeBox) all.ExpandToInclude(box);
            if (all.IsNull) all = new Envelope(0, 0, 0, 0);
            _x0 = all.MinX; _y0 = all.MinY;
            _size = Math.Max(250, Math.Sqrt(all.Width * all.Height / MaxCells));
            _nx = (int)(all.Width / _size) + 1; _ny = (int)(all.Height / _size) + 1;
            var cellOf = new List<(int Cell, int Edge)>();
            for (int e = 0; e < p.EdgeBox.Length; e++)
            {
                var (i0, j0, i1, j1) = Cells(p.EdgeBox[e]);
                for (int j = j0; j <= j1; j++)
                    for (int i = i0; i <= i1; i++) cellOf.Add((j * _nx + i, e));
            }
            (_first, _edges) = Csr(_nx * _ny, cellOf.Count, k => cellOf[k].Cell, k => cellOf[k].Edge);
        }

        (int I0, int J0, int I1, int J1) Cells(Envelope box) =>
            (Clamp((box.MinX - _x0) / _size, _nx), Clamp((box.MinY - _y0) / _size, _ny),
             Clamp((box.MaxX - _x0) / _size, _nx), Clamp((box.MaxY - _y0) / _size, _ny));

        static int Clamp(double cell, int n) => (int)Math.Clamp(Math.Floor(cell), 0, n - 1);

        public List<int> Query(Envelope extent)
        {
            var result = new List<int>();
            var (i0, j0, i1, j1) = Cells(extent);
            for (int j = j0; j <= j1; j++)
                for (int i = i0; i <= i1; i++)
                {
                    int c = j * _nx + i;
                    result.AddRange(_edges.AsSpan(_first[c], _first[c + 1] - _first[c]));
                }
            return SortedDistinct(result);
        }
    }
}
