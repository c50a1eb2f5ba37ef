using System.Runtime.InteropServices;
using Coverage.Core.Geo;
using Coverage.Network.Graph;

namespace Coverage.Network.Osm;

/// <summary>
/// Turns collected walkable ways into a <see cref="WalkGraph"/>. Ways are cut into pieces at refs missing from the
/// extract (a clipped way must not shortcut across the gap). Graph nodes are OSM nodes of degree ≠ 2, plus degree-2
/// nodes where two pieces meet with different flags or direction, plus ferry ends; every other node is interior
/// shape of a chain, even across way boundaries. Rings with no graph node get one at their first node. Edges are numbered
/// in the order the walk meets them; nodes, at the end, in Hilbert order of their coordinates (<see cref="WalkGraphOrder"/>).
/// </summary>
internal sealed class ChainCompressor
{
    const byte HasEnd = 0x80, Conflict = 0x40, RelFlagsMask = 0x3F;

    readonly ExtractCollector _x;
    readonly int[] _lat7, _lon7;          // all OSM nodes, sorted by id
    // Pieces: node indices of piece p are _pieceNodes[_pieceStart[p] .. _pieceStart[p+1]).
    int[] _pieceNodes = [], _pieceStart = [], _pieceWay = [];
    double[] _wayLength = [];
    int[] _graphId = [];                  // per OSM node: graph node id, or -1 when interior/unused
    int[] _throughNode = [], _throughEnd = []; // sorted piece-end incidences at non-graph nodes: node, (piece << 1) | atEnd
    bool[] _visited = [];                 // per segment, indexed by the position of its first node in _pieceNodes

    // Output
    readonly List<int> _nodeLat7 = [], _nodeLon7 = [];
    readonly List<int> _from = [], _to = [], _shapeFirst = [0], _shapeLat7 = [], _shapeLon7 = [], _ferryEdges = [];
    readonly List<float> _length = [], _ferrySeconds = [];
    readonly List<EdgeFlags> _flags = [];
    readonly EdgeWays.Builder _ways = new();

    public long MissingRefs { get; private set; }

    public ChainCompressor(ExtractCollector collector)
    {
        _x = collector;
        _x.SortNodes();
        _lat7 = CollectionsMarshal.AsSpan(_x.NodeLat7).ToArray();
        _lon7 = CollectionsMarshal.AsSpan(_x.NodeLon7).ToArray();
    }

    public WalkGraph Compress()
    {
        CutPieces();
        MarkGraphNodes();
        IndexThroughNodes();
        _visited = new bool[_pieceNodes.Length];
        for (int p = 0; p + 1 < _pieceStart.Length; p++)
            for (int i = _pieceStart[p]; i < _pieceStart[p + 1]; i++)
                if (_graphId[_pieceNodes[i]] >= 0) { WalkFrom(p, i, +1); WalkFrom(p, i, -1); }
        // Whatever is still unvisited lies on rings without a junction: give each ring a node and walk it.
        for (int p = 0; p + 1 < _pieceStart.Length; p++)
            for (int i = _pieceStart[p]; i < _pieceStart[p + 1] - 1; i++)
                if (!_visited[i]) { AddGraphNode(_pieceNodes[i]); WalkFrom(p, i, +1); }

        var walked = WalkGraphBuilder.Assemble(_nodeLat7.ToArray(), _nodeLon7.ToArray(), _from.ToArray(), _to.ToArray(),
            _length.ToArray(), _flags.ToArray(), _shapeFirst.ToArray(), _shapeLat7.ToArray(), _shapeLon7.ToArray(),
            _ferryEdges.ToArray(), _ferrySeconds.ToArray(), _ways.Build());
        // Nodes are numbered above in the order the walk meets them, way by way: scattered over the region. Searches read
        // per-node arrays at every arc head, so number them along a Hilbert curve instead (edges keep their numbers).
        return WalkGraphOrder.Spatial(walked);
    }

    /// <summary>Resolves refs to node indices, dropping repeated consecutive nodes and cutting at missing ones.</summary>
    void CutPieces()
    {
        var refs = CollectionsMarshal.AsSpan(_x.WayRefs);
        var wayStart = CollectionsMarshal.AsSpan(_x.WayStart);
        int ways = wayStart.Length - 1;
        var nodes = new int[refs.Length];
        var starts = new List<int>(ways + 1) { 0 };
        var pieceWay = new List<int>(ways);
        _wayLength = new double[ways];
        int n = 0;
        for (int w = 0; w < ways; w++)
        {
            int pieceBegin = n;
            for (int r = wayStart[w]; r < wayStart[w + 1]; r++)
            {
                int idx = _x.IndexOf(refs[r]);
                if (idx < 0) { MissingRefs++; ClosePiece(); continue; }
                if (n > pieceBegin && nodes[n - 1] == idx) continue;
                if (n > pieceBegin) _wayLength[w] += SegmentMetres(nodes[n - 1], idx);
                nodes[n++] = idx;
            }
            ClosePiece();

            void ClosePiece()
            {
                if (n - pieceBegin >= 2) { starts.Add(n); pieceWay.Add(w); }
                else n = pieceBegin;
                pieceBegin = n;
            }
        }
        _pieceNodes = nodes.AsSpan(0, n).ToArray();
        _pieceStart = starts.ToArray();
        _pieceWay = pieceWay.ToArray();
    }

    /// <summary>Degree count and end-flag agreement per OSM node decide which nodes the graph keeps.</summary>
    void MarkGraphNodes()
    {
        int count = _lat7.Length;
        var degree = new int[count];
        var endState = new byte[count];
        for (int p = 0; p + 1 < _pieceStart.Length; p++)
        {
            int first = _pieceStart[p], last = _pieceStart[p + 1] - 1;
            var f = _x.WayFlags[_pieceWay[p]];
            for (int i = first + 1; i < last; i++) degree[_pieceNodes[i]] += 2;
            MarkEnd(_pieceNodes[first], f);
            MarkEnd(_pieceNodes[last], Reverse(f));
        }
        void MarkEnd(int node, EdgeFlags leaving)
        {
            degree[node]++;
            byte rel = (byte)leaving, state = endState[node];
            if ((leaving & EdgeFlags.Ferry) != 0) endState[node] = HasEnd | Conflict;
            else if (state == 0) endState[node] = (byte)(HasEnd | rel);
            else if (Reverse((EdgeFlags)(state & RelFlagsMask)) != leaving) endState[node] |= Conflict;
        }

        _graphId = degree; // reused: degree is not needed once the verdict is written
        for (int node = 0; node < count; node++)
        {
            int d = degree[node];
            bool keep = d > 0 && (d != 2 || (endState[node] & Conflict) != 0);
            _graphId[node] = -1;
            if (keep) AddGraphNode(node);
        }
    }

    void AddGraphNode(int osmIndex)
    {
        _graphId[osmIndex] = _nodeLat7.Count;
        _nodeLat7.Add(_lat7[osmIndex]);
        _nodeLon7.Add(_lon7[osmIndex]);
    }

    void IndexThroughNodes()
    {
        var node = new List<int>();
        var end = new List<int>();
        for (int p = 0; p + 1 < _pieceStart.Length; p++)
        {
            int a = _pieceNodes[_pieceStart[p]], b = _pieceNodes[_pieceStart[p + 1] - 1];
            if (_graphId[a] < 0) { node.Add(a); end.Add(p << 1); }
            if (_graphId[b] < 0) { node.Add(b); end.Add((p << 1) | 1); }
        }
        _throughNode = node.ToArray();
        _throughEnd = end.ToArray();
        Array.Sort(_throughNode, _throughEnd);
    }

    /// <summary>Follows the chain leaving position <paramref name="pos"/> of piece p in direction dir to the next graph node.</summary>
    void WalkFrom(int p, int pos, int dir)
    {
        int first = _pieceStart[p], last = _pieceStart[p + 1] - 1;
        if (dir > 0 ? pos == last || _visited[pos] : pos == first || _visited[pos - 1]) return;

        int from = _graphId[_pieceNodes[pos]];
        int way = _pieceWay[p];
        var wayFlags = _x.WayFlags[way];
        var flags = dir > 0 ? wayFlags : Reverse(wayFlags);
        double metres = 0;
        while (true)
        {
            _visited[dir > 0 ? pos : pos - 1] = true;
            int next = pos + dir;
            metres += SegmentMetres(_pieceNodes[pos], _pieceNodes[next]);
            int node = _pieceNodes[next];
            if (_graphId[node] >= 0) { Emit(from, _graphId[node], flags, metres, way); return; }
            _shapeLat7.Add(_lat7[node]); _shapeLon7.Add(_lon7[node]);
            pos = next;
            if (pos != first && pos != last) continue;
            // A through node at a piece end: carry on into the other piece that ends here.
            int code = (p << 1) | (pos == last ? 1 : 0), other = OtherEnd(node, code);
            p = other >> 1;
            first = _pieceStart[p]; last = _pieceStart[p + 1] - 1;
            (pos, dir) = (other & 1) == 0 ? (first, +1) : (last, -1);
        }
    }

    int OtherEnd(int node, int code)
    {
        int i = Array.BinarySearch(_throughNode, node);
        while (i > 0 && _throughNode[i - 1] == node) i--;
        return _throughEnd[i] != code ? _throughEnd[i] : _throughEnd[i + 1];
    }

    void Emit(int from, int to, EdgeFlags flags, double metres, int way)
    {
        int e = _from.Count;
        _from.Add(from); _to.Add(to);
        _length.Add((float)metres);
        _flags.Add(flags);
        _shapeFirst.Add(_shapeLat7.Count);
        _ways.Add(_x.WayId[way], _x.WayName[way]);
        if ((flags & EdgeFlags.Ferry) == 0) return;
        float tagged = _x.WayFerrySeconds[way];
        double wayMetres = _wayLength[way];
        _ferryEdges.Add(e);
        // The way's time (tagged, else estimated from its whole length) is spread along it in proportion to length;
        // the wait is part of it, so a whole crossing pays it once however many edges the way is cut into.
        double wayTime = (float.IsNaN(tagged) ? PedestrianAccess.EstimateFerrySeconds(wayMetres) : tagged) + _x.WayFerryWait[way];
        _ferrySeconds.Add((float)Math.Max(0.001, wayMetres > 0 ? wayTime * metres / wayMetres : wayTime));
    }

    double SegmentMetres(int a, int b) =>
        Geodesy.DistanceMeters(_lon7[a] / WalkGraph.CoordScale, _lat7[a] / WalkGraph.CoordScale,
            _lon7[b] / WalkGraph.CoordScale, _lat7[b] / WalkGraph.CoordScale);

    /// <summary>The same flags seen from the other end: Forward and Backward swap.</summary>
    static EdgeFlags Reverse(EdgeFlags f) =>
        (f & ~EdgeFlags.Both) | ((f & EdgeFlags.Forward) != 0 ? EdgeFlags.Backward : 0) | ((f & EdgeFlags.Backward) != 0 ? EdgeFlags.Forward : 0);
}
