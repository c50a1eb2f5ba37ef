namespace Coverage.Network.Graph;

/// <summary>
/// Numbers a graph's nodes along a Hilbert curve of their coordinates, so that nodes near each other on the ground are
/// near each other in every per-node array. A search reads and writes those arrays at the heads of the arcs it relaxes;
/// in the order a reader meets nodes in an extract (way by way, ids scattered over the region) nearly every one of those
/// accesses is a cache miss on a province. Renumbered, a search's frontier touches a few contiguous runs instead:
/// 1.03–1.45× (typically ~1.2×) quicker searches on the 994 k-node stress province, same times on every node
/// (bench verb <c>node-order</c>, bench/results/issue14-2026-12-02-s32.txt).
/// </summary>
/// <remarks>
/// Only nodes move. Edges keep their numbers, shapes and way labels, so snapped places, the snap index and anything
/// that names an edge are unchanged; each node keeps its component label (labels are computed before renumbering).
/// Answers do not depend on the numbering: times are a function of the graph, and a tie between sources goes to the
/// lower source whatever order nodes are settled in (<see cref="Search.BoundedDijkstra"/>).
/// </remarks>
public static class WalkGraphOrder
{
    /// <summary>Curve order: the nodes' bounding square is cut into 2^30 × 2^30 cells, one per fixed-point unit (1e-7°, ~1 cm)
    /// on any region narrower than 107°, so only nodes at the same coordinate share a key; those keep their previous order.</summary>
    const int Order = 30;

    /// <summary>The graph with its nodes renumbered in Hilbert order of their coordinates (see the class remarks).</summary>
    public static WalkGraph Spatial(WalkGraph g) => Renumbered(g, HilbertNumbers(g.NodeLat7, g.NodeLon7));

    /// <summary>
    /// New number of each node: its rank along a Hilbert curve over the nodes' bounding square, ties (same coordinate)
    /// in node order. A permutation of 0..n-1, the same for the same coordinates.
    /// </summary>
    public static int[] HilbertNumbers(int[] lat7, int[] lon7)
    {
        int n = lat7.Length;
        if (lon7.Length != n) throw new ArgumentException("Node arrays disagree in length.");
        var newId = new int[n];
        if (n == 0) return newId;
        long minX = long.MaxValue, minY = long.MaxValue, maxX = long.MinValue, maxY = long.MinValue;
        for (int i = 0; i < n; i++)
        {
            minX = Math.Min(minX, lon7[i]); maxX = Math.Max(maxX, lon7[i]);
            minY = Math.Min(minY, lat7[i]); maxY = Math.Max(maxY, lat7[i]);
        }
        // A square (cells not stretched) over the larger side; fixed-point degrees span at most 3.6e9 < 2^32, so a shift of at
        // most 2 brings any span within 2^Order cells.
        long span = Math.Max(maxX - minX, maxY - minY) + 1;
        int shift = 0;
        while ((span - 1) >> shift >= 1L << Order) shift++;
        var key = new long[n];
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
            key[i] = HilbertIndex(Order, (lon7[i] - minX) >> shift, (lat7[i] - minY) >> shift);
        }
        Array.Sort(key, order);
        // Array.Sort is not stable: put each run of equal keys back in node order, so the numbering is a function of the input.
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && key[end] == key[start]) end++;
            if (end - start > 1) Array.Sort(order, start, end - start);
            start = end;
        }
        for (int k = 0; k < n; k++) newId[order[k]] = k;
        return newId;
    }

    /// <summary>
    /// Position of cell (x, y) along the Hilbert curve over a 2^order square, 0 ≤ x, y &lt; 2^order (the classic
    /// rotate-and-flip walk, one quadrant per bit from the top). Consecutive positions are edge-adjacent cells.
    /// </summary>
    public static long HilbertIndex(int order, long x, long y)
    {
        if (order is < 1 or > 31) throw new ArgumentOutOfRangeException(nameof(order), "Order must be 1..31.");
        long side = 1L << order;
        if ((ulong)x >= (ulong)side || (ulong)y >= (ulong)side) throw new ArgumentOutOfRangeException(nameof(x), $"Cell ({x}, {y}) is outside the 2^{order} square.");
        long d = 0;
        for (long s = side >> 1; s > 0; s >>= 1)
        {
            long rx = (x & s) != 0 ? 1 : 0, ry = (y & s) != 0 ? 1 : 0;
            d += s * s * ((3 * rx) ^ ry);
            if (ry == 0)
            {
                if (rx == 1) { x = s - 1 - x; y = s - 1 - y; }
                (x, y) = (y, x);
            }
        }
        return d;
    }

    /// <summary>
    /// The same graph with node i numbered <paramref name="newId"/>[i]: coordinates and component labels move with their
    /// nodes, edges keep their numbers (ends renamed), and each node's arcs stay in edge order. The edge arrays that do not
    /// name nodes are shared with <paramref name="g"/> (a graph is immutable).
    /// </summary>
    public static WalkGraph Renumbered(WalkGraph g, int[] newId)
    {
        int n = g.NodeCount, m = g.EdgeCount;
        if (newId.Length != n) throw new ArgumentException($"Need one new number per node ({n}), got {newId.Length}.", nameof(newId));
        var seen = new bool[n];
        foreach (int id in newId)
        {
            if ((uint)id >= (uint)n || seen[id]) throw new ArgumentException("New node numbers must be a permutation of 0..n-1.", nameof(newId));
            seen[id] = true;
        }
        var lat = new int[n]; var lon = new int[n]; var component = new int[n];
        for (int i = 0; i < n; i++)
        {
            int k = newId[i];
            lat[k] = g.NodeLat7[i]; lon[k] = g.NodeLon7[i]; component[k] = g.NodeComponent[i];
        }
        var from = new int[m]; var to = new int[m];
        for (int e = 0; e < m; e++) { from[e] = newId[g.EdgeFrom[e]]; to[e] = newId[g.EdgeTo[e]]; }
        var (firstArc, arcHead, arcEdge) = WalkGraphBuilder.Arcs(n, from, to, g.EdgeFlagsOf);
        return new WalkGraph(lat, lon, firstArc, arcHead, arcEdge, from, to, g.EdgeLength, g.EdgeFlagsOf,
            g.ShapeFirst, g.ShapeLat7, g.ShapeLon7, g.FerryEdges, g.FerrySeconds, component, g.ComponentNodeCount, g.Ways);
    }
}
