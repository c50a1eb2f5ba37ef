using Coverage.Core.Geo;

namespace Coverage.Network.Graph;

/// <summary>
/// Assembles a <see cref="WalkGraph"/> from nodes and edges (chains with interior shape): computes lengths,
/// lays out the CSR arcs and labels connected components. Used by the OSM reader and by hand-built test networks.
/// Does not compress degree-2 nodes: callers add edges between junctions.
/// </summary>
public sealed class WalkGraphBuilder
{
    readonly List<int> _lat7 = [], _lon7 = [];
    readonly List<int> _from = [], _to = [];
    readonly List<float> _length = [];
    readonly List<EdgeFlags> _flags = [];
    readonly List<int> _shapeFirst = [0];
    readonly List<int> _shapeLat7 = [], _shapeLon7 = [];
    readonly List<(int Edge, float Seconds)> _ferries = [];

    public int NodeCount => _lat7.Count;
    public int EdgeCount => _from.Count;

    public int AddNode(double lon, double lat)
    {
        if (!Geodesy.IsValidLonLat(lon, lat)) throw new ArgumentOutOfRangeException(nameof(lon), $"Invalid coordinate {lon},{lat}.");
        _lat7.Add(ToFixed(lat));
        _lon7.Add(ToFixed(lon));
        return _lat7.Count - 1;
    }

    public static int ToFixed(double degrees) => (int)Math.Round(degrees * WalkGraph.CoordScale);

    /// <summary>
    /// Adds an edge from node <paramref name="from"/> to node <paramref name="to"/> through interior shape points
    /// (lon, lat). Its length is measured along the shape unless <paramref name="lengthMetres"/> is given.
    /// </summary>
    public int AddEdge(int from, int to, EdgeFlags flags, ReadOnlySpan<(double Lon, double Lat)> shape = default,
        double? lengthMetres = null, double? ferrySeconds = null)
    {
        if ((uint)from >= (uint)NodeCount || (uint)to >= (uint)NodeCount) throw new ArgumentOutOfRangeException(nameof(from));
        if ((flags & EdgeFlags.Both) == 0) throw new ArgumentException("An edge must be walkable in at least one direction.", nameof(flags));
        if ((flags & EdgeFlags.Ferry) != 0 && ferrySeconds is not > 0) throw new ArgumentException("A ferry needs a positive duration.", nameof(ferrySeconds));
        int e = _from.Count;
        double prevLon = _lon7[from] / WalkGraph.CoordScale, prevLat = _lat7[from] / WalkGraph.CoordScale, len = 0;
        foreach (var (lon, lat) in shape)
        {
            int la = ToFixed(lat), lo = ToFixed(lon);
            _shapeLat7.Add(la); _shapeLon7.Add(lo);
            double qLon = lo / WalkGraph.CoordScale, qLat = la / WalkGraph.CoordScale;
            len += Geodesy.DistanceMeters(prevLon, prevLat, qLon, qLat);
            prevLon = qLon; prevLat = qLat;
        }
        len += Geodesy.DistanceMeters(prevLon, prevLat, _lon7[to] / WalkGraph.CoordScale, _lat7[to] / WalkGraph.CoordScale);
        _shapeFirst.Add(_shapeLat7.Count);
        _from.Add(from); _to.Add(to);
        _length.Add((float)(lengthMetres ?? len));
        _flags.Add(flags);
        if ((flags & EdgeFlags.Ferry) != 0) _ferries.Add((e, (float)ferrySeconds!.Value));
        return e;
    }

    public WalkGraph Build()
    {
        int n = NodeCount, m = EdgeCount;
        var flags = _flags.ToArray();
        var from = _from.ToArray();
        var to = _to.ToArray();

        // CSR: count arcs per tail node, prefix-sum, then fill.
        var firstArc = new int[n + 1];
        for (int e = 0; e < m; e++)
        {
            if ((flags[e] & EdgeFlags.Forward) != 0) firstArc[from[e] + 1]++;
            if ((flags[e] & EdgeFlags.Backward) != 0) firstArc[to[e] + 1]++;
        }
        for (int i = 0; i < n; i++) firstArc[i + 1] += firstArc[i];
        var fill = (int[])firstArc.Clone();
        var arcHead = new int[firstArc[n]];
        var arcEdge = new int[firstArc[n]];
        for (int e = 0; e < m; e++)
        {
            if ((flags[e] & EdgeFlags.Forward) != 0) { int a = fill[from[e]]++; arcHead[a] = to[e]; arcEdge[a] = e << 1; }
            if ((flags[e] & EdgeFlags.Backward) != 0) { int a = fill[to[e]]++; arcHead[a] = from[e]; arcEdge[a] = (e << 1) | 1; }
        }

        var (component, sizes) = LabelComponents(n, from, to);
        _ferries.Sort((a, b) => a.Edge.CompareTo(b.Edge));
        return new WalkGraph(_lat7.ToArray(), _lon7.ToArray(), firstArc, arcHead, arcEdge, from, to, _length.ToArray(), flags,
            _shapeFirst.ToArray(), _shapeLat7.ToArray(), _shapeLon7.ToArray(),
            _ferries.Select(f => f.Edge).ToArray(), _ferries.Select(f => f.Seconds).ToArray(), component, sizes);
    }

    /// <summary>Union–find over edges (direction ignored), then renumbers components largest first.</summary>
    public static (int[] Component, int[] Sizes) LabelComponents(int n, int[] from, int[] to)
    {
        var parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        int Find(int x)
        {
            while (parent[x] != x) { parent[x] = parent[parent[x]]; x = parent[x]; }
            return x;
        }
        for (int e = 0; e < from.Length; e++)
        {
            int a = Find(from[e]), b = Find(to[e]);
            if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b);
        }
        var rootSize = new int[n];
        for (int i = 0; i < n; i++) rootSize[Find(i)]++;
        var roots = Enumerable.Range(0, n).Where(i => parent[i] == i).OrderByDescending(r => rootSize[r]).ThenBy(r => r).ToArray();
        var rootLabel = new int[n];
        var sizes = new int[roots.Length];
        for (int k = 0; k < roots.Length; k++) { rootLabel[roots[k]] = k; sizes[k] = rootSize[roots[k]]; }
        var component = new int[n];
        for (int i = 0; i < n; i++) component[i] = rootLabel[Find(i)];
        return (component, sizes);
    }
}
