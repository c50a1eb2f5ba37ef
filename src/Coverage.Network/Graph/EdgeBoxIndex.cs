using System.Runtime.CompilerServices;
using NetTopologySuite.Geometries;

namespace Coverage.Network.Graph;

/// <summary>
/// A uniform grid over the edges' bounding boxes (shape points included), so a viewport's question ("which edges lie in this
/// box?") touches only the edges near the box instead of every edge of a province's graph on every pan. Built once per graph
/// and shared (<see cref="For"/>). The grid only picks candidates; each candidate is then tested exactly as
/// <see cref="ScanEdgesIn"/> tests every edge, so the answer is the scan's, edge for edge and in the same (graph) order.
/// </summary>
public sealed class EdgeBoxIndex
{
    static readonly ConditionalWeakTable<WalkGraph, EdgeBoxIndex> Shared = new();

    /// <summary>Edges whose box covers more cells than this go to a short list every query checks, so one long ferry cannot fill the grid.</summary>
    const int MaxCellsPerEdge = 16;

    readonly WalkGraph _graph;
    // Per edge, its box in 1e-7 degree units (the graph's own integers, so the box is exact).
    readonly int[] _minLon7, _maxLon7, _minLat7, _maxLat7;
    readonly int _originLon7, _originLat7, _columns, _rows;
    readonly long _cellLon7, _cellLat7;
    // Cell c's edges are _cellEdges[_cellStart[c] .. _cellStart[c + 1]), ascending.
    readonly int[] _cellStart, _cellEdges;
    readonly int[] _bigEdges;

    /// <summary>The index every request on this graph shares (kept while the graph lives).</summary>
    public static EdgeBoxIndex For(WalkGraph graph) => Shared.GetValue(graph, g => new EdgeBoxIndex(g));

    EdgeBoxIndex(WalkGraph graph)
    {
        _graph = graph;
        int m = graph.EdgeCount;
        (_minLon7, _maxLon7, _minLat7, _maxLat7) = (new int[m], new int[m], new int[m], new int[m]);
        long loX = long.MaxValue, hiX = long.MinValue, loY = long.MaxValue, hiY = long.MinValue;
        for (int e = 0; e < m; e++)
        {
            EdgeBox7(graph, e);
            loX = Math.Min(loX, _minLon7[e]); hiX = Math.Max(hiX, _maxLon7[e]);
            loY = Math.Min(loY, _minLat7[e]); hiY = Math.Max(hiY, _maxLat7[e]);
        }
        if (m == 0) (loX, hiX, loY, hiY) = (0, 0, 0, 0);
        (_originLon7, _originLat7) = ((int)loX, (int)loY);
        // About four edges per cell, cells square in degrees.
        long width = hiX - loX + 1, height = hiY - loY + 1;
        double side = Math.Sqrt((double)width * height / Math.Max(1, m / 4.0));
        _columns = (int)Math.Clamp(Math.Ceiling(width / side), 1, 4096);
        _rows = (int)Math.Clamp(Math.Ceiling(height / side), 1, 4096);
        _cellLon7 = (width + _columns - 1) / _columns;
        _cellLat7 = (height + _rows - 1) / _rows;
        (_cellStart, _cellEdges, _bigEdges) = Fill(m);
    }

    void EdgeBox7(WalkGraph graph, int e)
    {
        int from = graph.EdgeFrom[e], to = graph.EdgeTo[e];
        int minX = Math.Min(graph.NodeLon7[from], graph.NodeLon7[to]), maxX = Math.Max(graph.NodeLon7[from], graph.NodeLon7[to]);
        int minY = Math.Min(graph.NodeLat7[from], graph.NodeLat7[to]), maxY = Math.Max(graph.NodeLat7[from], graph.NodeLat7[to]);
        for (int k = graph.ShapeFirst[e]; k < graph.ShapeFirst[e + 1]; k++)
        {
            minX = Math.Min(minX, graph.ShapeLon7[k]); maxX = Math.Max(maxX, graph.ShapeLon7[k]);
            minY = Math.Min(minY, graph.ShapeLat7[k]); maxY = Math.Max(maxY, graph.ShapeLat7[k]);
        }
        (_minLon7[e], _maxLon7[e], _minLat7[e], _maxLat7[e]) = (minX, maxX, minY, maxY);
    }

    /// <summary>Edge e's box in 1e-7 degree units (shape points included).</summary>
    public (int MinLon7, int MaxLon7, int MinLat7, int MaxLat7) Box7(int e) => (_minLon7[e], _maxLon7[e], _minLat7[e], _maxLat7[e]);

    int Column(long lon7) => (int)Math.Clamp((lon7 - _originLon7) / _cellLon7, 0, _columns - 1);
    int Row(long lat7) => (int)Math.Clamp((lat7 - _originLat7) / _cellLat7, 0, _rows - 1);

    /// <summary>Counting sort of the edges into cells (two passes, no per-cell lists): edges stay ascending within a cell.</summary>
    (int[] Start, int[] Edges, int[] Big) Fill(int m)
    {
        var start = new int[_columns * _rows + 1];
        var big = new List<int>();
        for (int pass = 0; pass < 2; pass++)
        {
            var cursor = pass == 0 ? null : (int[])start.Clone();
            var edges = pass == 0 ? null : new int[start[^1]];
            for (int e = 0; e < m; e++)
            {
                int c0 = Column(_minLon7[e]), c1 = Column(_maxLon7[e]), r0 = Row(_minLat7[e]), r1 = Row(_maxLat7[e]);
                if ((long)(c1 - c0 + 1) * (r1 - r0 + 1) > MaxCellsPerEdge)
                {
                    if (pass == 0) big.Add(e);
                    continue;
                }
                for (int r = r0; r <= r1; r++)
                    for (int c = c0; c <= c1; c++)
                        if (pass == 0) start[r * _columns + c + 1]++;
                        else edges![cursor![r * _columns + c]++] = e;
            }
            if (pass == 0)
                for (int c = 0; c < _columns * _rows; c++) start[c + 1] += start[c];
            else return (start, edges!, big.ToArray());
        }
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>The edges whose box meets <paramref name="box"/> (all edges when null), in graph order: the same list as <see cref="ScanEdgesIn"/>.</summary>
    public List<int> EdgesIn(Envelope? box)
    {
        if (box is null || box.IsNull) return ScanEdgesIn(_graph, box);
        // Cell range in 1e-7 degrees, widened by one unit so rounding can only add candidates, never lose one.
        int c0 = Column(Units7Floor(box.MinX) - 1), c1 = Column(Units7Floor(box.MaxX) + 1);
        int r0 = Row(Units7Floor(box.MinY) - 1), r1 = Row(Units7Floor(box.MaxY) + 1);
        var found = new List<int>();
        if ((long)(c1 - c0 + 1) * (r1 - r0 + 1) * 4 >= _graph.EdgeCount)
        {
            // Most of the grid: one pass over the stored boxes is cheaper than gathering and sorting cells.
            for (int e = 0; e < _graph.EdgeCount; e++)
                if (Meets(e, box)) found.Add(e);
            return found;
        }
        foreach (int e in _bigEdges)
            if (Meets(e, box)) found.Add(e);
        for (int r = r0; r <= r1; r++)
            for (int c = c0; c <= c1; c++)
                for (int i = _cellStart[r * _columns + c], end = _cellStart[r * _columns + c + 1]; i < end; i++)
                {
                    int e = _cellEdges[i];
                    // An edge in several cells is reported once: from the first cell of the query range it lies in.
                    if (Math.Max(Column(_minLon7[e]), c0) != c || Math.Max(Row(_minLat7[e]), r0) != r) continue;
                    if (Meets(e, box)) found.Add(e);
                }
        found.Sort();
        return found;
    }

    /// <summary>Clamped so a box far outside the world cannot overflow; outside the grid it clamps to the border cells.</summary>
    static long Units7Floor(double degrees) => (long)Math.Floor(Math.Clamp(degrees, -1000, 1000) * WalkGraph.CoordScale);

    /// <summary>
    /// The scan's test with the stored box: dividing by 1e7 is monotone, so the min and max of the divided points are the divided
    /// min and max, the envelope <see cref="ScanEdgesIn"/> builds point by point; compared as Envelope.Intersects does
    /// (box is not null here), without an envelope per candidate.
    /// </summary>
    bool Meets(int e, Envelope box) =>
        !(_minLon7[e] / WalkGraph.CoordScale > box.MaxX || _maxLon7[e] / WalkGraph.CoordScale < box.MinX ||
          _minLat7[e] / WalkGraph.CoordScale > box.MaxY || _maxLat7[e] / WalkGraph.CoordScale < box.MinY);

    /// <summary>Every edge tested one by one (the answer before the index, kept as the tests' and benchmark's oracle).</summary>
    public static List<int> ScanEdgesIn(WalkGraph graph, Envelope? box)
    {
        var edges = new List<int>();
        for (int e = 0; e < graph.EdgeCount; e++)
            if (box is null || Intersects(graph, e, box)) edges.Add(e);
        return edges;
    }

    static bool Intersects(WalkGraph graph, int e, Envelope box)
    {
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        for (int i = 0, n = graph.EdgePointCount(e); i < n; i++)
        {
            var (lon, lat) = graph.EdgePoint(e, i);
            minX = Math.Min(minX, lon); maxX = Math.Max(maxX, lon); minY = Math.Min(minY, lat); maxY = Math.Max(maxY, lat);
        }
        return box.Intersects(new Envelope(minX, maxX, minY, maxY));
    }

    /// <summary>
    /// With a cap (a province's overview would hold a million lines) only the cap's longest, so a zoomed-out view keeps its long
    /// roads, back in graph order; <c>Truncated</c> says some were left out. Longest first, ties by edge number: the same question
    /// always keeps the same edges.
    /// </summary>
    public static (List<int> Edges, bool Truncated) KeepLongest(WalkGraph graph, List<int> edges, int? cap)
    {
        if (cap is not { } most || edges.Count <= most) return (edges, false);
        // A heap of the cap's best so far, its worst on top: no sort of a province's million edges for a 20,000-line view.
        // The order (longer first, then lower edge number) is total, so this keeps exactly the edges a full sort would.
        var best = new PriorityQueue<int, int>(most, Comparer<int>.Create((a, b) => Better(graph, b, a)));
        foreach (int e in edges)
            if (best.Count < most) best.Enqueue(e, e);
            else if (Better(graph, e, best.Peek()) < 0) best.DequeueEnqueue(e, e);
        var kept = new List<int>(best.Count);
        while (best.TryDequeue(out int e, out _)) kept.Add(e);
        kept.Sort();
        return (kept, true);
    }

    /// <summary>Negative when edge a comes before edge b among the longest: longer first, ties by lower edge number.</summary>
    static int Better(WalkGraph graph, int a, int b)
    {
        int byLength = graph.EdgeLength[b].CompareTo(graph.EdgeLength[a]);
        return byLength != 0 ? byLength : a.CompareTo(b);
    }
}
