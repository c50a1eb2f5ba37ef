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
    readonly EdgeWays.Builder _ways = new();

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
    /// <paramref name="wayId"/> and <paramref name="name"/> label it (see <see cref="EdgeWays"/>).
    /// </summary>
    public int AddEdge(int from, int to, EdgeFlags flags, ReadOnlySpan<(double Lon, double Lat)> shape = default,
        double? lengthMetres = null, double? ferrySeconds = null, long wayId = 0, string? name = null)
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
        _ways.Add(wayId, name);
        if ((flags & EdgeFlags.Ferry) != 0) _ferries.Add((e, (float)ferrySeconds!.Value));
        return e;
    }

    public WalkGraph Build()
    {
        _ferries.Sort((a, b) => a.Edge.CompareTo(b.Edge));
        var ferryEdges = new int[_ferries.Count];
        var ferrySeconds = new float[_ferries.Count];
        for (int i = 0; i < ferryEdges.Length; i++) (ferryEdges[i], ferrySeconds[i]) = _ferries[i];
        return Assemble(_lat7.ToArray(), _lon7.ToArray(), _from.ToArray(), _to.ToArray(), _length.ToArray(), _flags.ToArray(),
            _shapeFirst.ToArray(), _shapeLat7.ToArray(), _shapeLon7.ToArray(), ferryEdges, ferrySeconds, _ways.Build());
    }

    /// <summary>
    /// Lays out the CSR arcs and labels components over finished node and edge arrays (taken, not copied).
    /// The bulk path of the OSM reader; <paramref name="ferryEdges"/> must be sorted ascending.
    /// </summary>
    public static WalkGraph Assemble(int[] lat7, int[] lon7, int[] from, int[] to, float[] length, EdgeFlags[] flags,
        int[] shapeFirst, int[] shapeLat7, int[] shapeLon7, int[] ferryEdges, float[] ferrySeconds, EdgeWays? ways = null)
    {
        var (firstArc, arcHead, arcEdge) = Arcs(lat7.Length, from, to, flags);
        var (component, sizes) = LabelComponents(lat7.Length, from, to);
        return new WalkGraph(lat7, lon7, firstArc, arcHead, arcEdge, from, to, length, flags,
            shapeFirst, shapeLat7, shapeLon7, ferryEdges, ferrySeconds, component, sizes, ways);
    }

    /// <summary>The CSR arcs of n nodes: one per walkable direction of each edge, grouped by tail node, in edge order within a node.</summary>
    internal static (int[] FirstArc, int[] ArcHead, int[] ArcEdge) Arcs(int n, int[] from, int[] to, EdgeFlags[] flags)
    {
        int m = from.Length;
        // Count arcs per tail node, prefix-sum, then fill.
        var firstArc = new int[n + 1];
        for (int e = 0; e < m; e++)
        {
            if ((flags[e] & EdgeFlags.Forward) != 0) firstArc[from[e] + 1]++;
            if ((flags[e] & EdgeFlags.Backward) != 0) firstArc[to[e] + 1]++;
        }
        for (int i = 0; i < n; i++) firstArc[i + 1] += firstArc[i];
        var fill = new int[n];
        Array.Copy(firstArc, fill, n);
        var arcHead = new int[firstArc[n]];
        var arcEdge = new int[firstArc[n]];
        for (int e = 0; e < m; e++)
        {
            if ((flags[e] & EdgeFlags.Forward) != 0) { int a = fill[from[e]]++; arcHead[a] = to[e]; arcEdge[a] = e << 1; }
            if ((flags[e] & EdgeFlags.Backward) != 0) { int a = fill[to[e]]++; arcHead[a] = from[e]; arcEdge[a] = (e << 1) | 1; }
        }
        return (firstArc, arcHead, arcEdge);
    }

    /// <summary>Union–find over edges (direction ignored), then renumbers components largest first (ties: lowest node).</summary>
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
        // Roots are the lowest node of their component, so ordering by (size desc, root asc) is deterministic.
        var rootSize = new int[n];
        int rootCount = 0;
        for (int i = 0; i < n; i++) { int r = Find(i); if (rootSize[r]++ == 0) rootCount++; }
        var roots = new int[rootCount];
        var sortKey = new long[rootCount];
        for (int i = 0, k = 0; i < n; i++)
            if (parent[i] == i) { roots[k] = i; sortKey[k++] = ((long)(int.MaxValue - rootSize[i]) << 32) | (uint)i; }
        Array.Sort(sortKey, roots);
        var rootLabel = new int[n];
        var sizes = new int[rootCount];
        for (int k = 0; k < rootCount; k++) { rootLabel[roots[k]] = k; sizes[k] = rootSize[roots[k]]; }
        var component = new int[n];
        for (int i = 0; i < n; i++) component[i] = rootLabel[Find(i)];
        return (component, sizes);
    }
}
