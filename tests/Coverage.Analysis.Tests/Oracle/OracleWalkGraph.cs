using Coverage.Core.Geo;
using OsmSharp;
using OsmSharp.Streams;

namespace Coverage.Analysis.Tests.Oracle;

/// <summary>
/// The demo county's walkable ways as this oracle reads them, with no help from the Network project: every OSM node
/// of a walkable way is a vertex (no chain compression), every way segment an edge. Walkability is this file's own
/// reading of DESIGN.md ("Walking network"); distances are <see cref="Geodesy"/>'s WGS84 metric (the definition of a
/// metre the whole product uses), coordinates at the 1e-7° resolution OSM stores.
/// </summary>
public sealed class OracleWalkGraph
{
    /// <summary>DESIGN.md's walkable highway values (cycleway included where foot is not no).</summary>
    static readonly HashSet<string> Walkable =
    [
        "footway", "path", "pedestrian", "steps", "living_street", "residential", "service", "unclassified", "track",
        "tertiary", "tertiary_link", "secondary", "secondary_link", "primary", "primary_link", "cycleway",
    ];

    /// <summary>Walked only with an explicit foot permission.</summary>
    static readonly HashSet<string> FootPermissionOnly = ["motorway", "motorway_link", "trunk", "trunk_link"];

    static readonly HashSet<string> FootGrants = ["yes", "designated", "permissive"];

    /// <summary>Tags that would make a way one-sided or change its walking time; the demo must carry none (checked on read).</summary>
    static readonly string[] DirectionalKeys = ["oneway:foot", "foot:forward", "foot:backward", "incline"];

    /// <summary>One straight piece of a way. Ferries carry their share of the crossing time; other segments are walked.</summary>
    public readonly record struct Segment(int A, int B, double Metres, bool Steps, double FerrySeconds)
    {
        public bool IsFerry => !double.IsNaN(FerrySeconds);
    }

    readonly List<double> _lon = [], _lat = [];
    readonly List<Segment> _segments = [];
    List<int>[] _incident = [];

    public IReadOnlyList<Segment> Segments => _segments;
    public int VertexCount => _lon.Count;
    public double Lon(int v) => _lon[v];
    public double Lat(int v) => _lat[v];
    /// <summary>Segments that end at vertex v.</summary>
    public IReadOnlyList<int> Incident(int v) => _incident[v];

    public int StepsWays { get; private set; }
    public int FerryWays { get; private set; }

    /// <summary>Waiting time of a ferry without interval=* in China (written out here, not read from RoadRules).</summary>
    public const double ChinaFerryWaitSeconds = 300;
    public int WalkableWays { get; private set; }

    public static OracleWalkGraph Read(string pbf)
    {
        var g = new OracleWalkGraph();
        var nodes = new Dictionary<long, (double Lon, double Lat)>();
        var vertexOf = new Dictionary<long, int>();
        using var stream = File.OpenRead(pbf);
        foreach (var geo in new PBFOsmStreamSource(stream))
        {
            if (geo is Node n)
                nodes[n.Id!.Value] = (Round7(n.Longitude!.Value), Round7(n.Latitude!.Value));
            else if (geo is Way w && w.Nodes.Length >= 2)
                g.AddWay(w, nodes, vertexOf);
        }
        g._incident = new List<int>[g.VertexCount];
        for (int v = 0; v < g.VertexCount; v++) g._incident[v] = [];
        for (int s = 0; s < g._segments.Count; s++)
        {
            g._incident[g._segments[s].A].Add(s);
            g._incident[g._segments[s].B].Add(s);
        }
        g._box = g.Boxes();
        return g;
    }

    static double Round7(double degrees) => Math.Round(degrees * 1e7) / 1e7;

    void AddWay(Way w, Dictionary<long, (double Lon, double Lat)> nodes, Dictionary<long, int> vertexOf)
    {
        string? Tag(string key) => w.Tags != null && w.Tags.TryGetValue(key, out var v) ? v : null;
        bool ferry = Tag("route") == "ferry";
        string? highway = Tag("highway"), foot = Tag("foot"), access = Tag("access");
        bool footGrants = foot != null && FootGrants.Contains(foot);
        bool open = access is not ("private" or "no") || footGrants;
        bool walkable = foot != "no" && (ferry ? open
            : highway != null && (Walkable.Contains(highway) && open || FootPermissionOnly.Contains(highway) && footGrants));
        if (!walkable) return;
        foreach (var key in DirectionalKeys)
            if (Tag(key) != null)
                throw new InvalidOperationException($"Way {w.Id} has {key}={Tag(key)}: this oracle reads every way as two-way and level; extend it first.");

        WalkableWays++;
        bool steps = highway == "steps";
        if (steps) StepsWays++;
        var pieces = new List<(int A, int B, double Metres)>();
        for (int i = 0; i + 1 < w.Nodes.Length; i++)
        {
            var (p, q) = (nodes[w.Nodes[i]], nodes[w.Nodes[i + 1]]);
            if (w.Nodes[i] == w.Nodes[i + 1]) continue;
            pieces.Add((Vertex(w.Nodes[i], p), Vertex(w.Nodes[i + 1], q), Geodesy.DistanceMeters(p.Lon, p.Lat, q.Lon, q.Lat)));
        }
        double ferrySeconds = double.NaN, wayMetres = pieces.Sum(x => x.Metres);
        if (ferry)
        {
            FerryWays++;
            // duration=HH:MM (the only form the demo writes); the crossing time is shared out by length.
            var hm = (Tag("duration") ?? throw new InvalidOperationException($"Ferry {w.Id} has no duration")).Split(':');
            ferrySeconds = (int.Parse(hm[0]) * 60 + int.Parse(hm[1])) * 60.0;
            // The demo lies in China and its ferry has no interval=*: the crossing also pays China's default wait,
            // 5 minutes (Valhalla's ferry_cost), once for the whole way.
            ferrySeconds += ChinaFerryWaitSeconds;
        }
        foreach (var (a, b, metres) in pieces)
            _segments.Add(new Segment(a, b, metres, steps, ferry ? ferrySeconds * metres / wayMetres : double.NaN));

        int Vertex(long id, (double Lon, double Lat) p)
        {
            if (vertexOf.TryGetValue(id, out int v)) return v;
            vertexOf[id] = v = _lon.Count;
            _lon.Add(p.Lon); _lat.Add(p.Lat);
            return v;
        }
    }

    /// <summary>
    /// The snapping rule of DESIGN.md and Snapper, by brute force: the nearest point of every non-ferry segment; when that
    /// segment lies on an island (see <see cref="IslandSegments"/>), the nearest point of the main network instead if it is
    /// within <paramref name="maxMetres"/> and at most <paramref name="slackMetres"/> farther. Without an island mask every
    /// segment is main network.
    /// </summary>
    public OraclePlace Snap(double lon, double lat, ref int hint, bool[]? island, double maxMetres, double slackMetres)
    {
        var any = Nearest(lon, lat, ref hint, null);
        if (island is null || any.Segment < 0 || !island[any.Segment]) return any;
        int none = -1;
        var main = Nearest(lon, lat, ref none, island);
        return main.Segment >= 0 && main.LegMetres <= maxMetres && main.LegMetres <= any.LegMetres + slackMetres ? main : any;
    }

    /// <summary>
    /// Which segments lie on an island: the oracle finds its own connected pieces (union–find, direction ignored); whether
    /// a piece is an island is the engine snapper's verdict on the graph component of a vertex of it that is a graph node
    /// (the size rule itself is tested on hand-built graphs in Coverage.Network.Tests).
    /// </summary>
    public bool[] IslandSegments(Network.Graph.WalkGraph graph, Network.Snapping.Snapper snapper)
    {
        var nodeAt = new Dictionary<(int, int), int>();
        for (int n = 0; n < graph.NodeCount; n++) nodeAt[(graph.NodeLon7[n], graph.NodeLat7[n])] = n;
        var parent = Enumerable.Range(0, VertexCount).ToArray();
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        foreach (var seg in _segments) parent[Find(seg.A)] = Find(seg.B);
        var verdict = new Dictionary<int, bool>();
        for (int v = 0; v < VertexCount; v++)
            if (!verdict.ContainsKey(Find(v)) && nodeAt.TryGetValue(((int)Math.Round(_lon[v] * 1e7), (int)Math.Round(_lat[v] * 1e7)), out int node))
                verdict[Find(v)] = snapper.IsIsland(graph.NodeComponent[node]);
        return [.. _segments.Select(seg => verdict.TryGetValue(Find(seg.A), out bool island) && island)];
    }

    /// <summary>
    /// The nearest point of the non-ferry segments (not masked out), scanned one by one, measured in the local tangent
    /// plane at the place (east and north metres per degree from WGS84 radii at its latitude). A segment whose bounding
    /// box is already farther than the best so far is passed over without the projection; the scan may start from a hint
    /// (the previous answer: places come in runs), which changes how fast, not what, it finds (ties go to the lowest
    /// segment index). Thread-safe.
    /// </summary>
    OraclePlace Nearest(double lon, double lat, ref int hint, bool[]? skip)
    {
        var box = _box;
        var (ky, kx) = Geodesy.MetresPerDegree(lat);
        double kx2 = kx * kx, ky2 = ky * ky;
        int best = -1; double bestT = 0, bestD2 = double.PositiveInfinity;
        if (hint >= 0) Try(hint);
        for (int i = 0, j = 0; i < box.Length; i += 4, j++)
        {
            double ox = lon < box[i] ? box[i] - lon : lon > box[i + 2] ? lon - box[i + 2] : 0;
            double oy = lat < box[i + 1] ? box[i + 1] - lat : lat > box[i + 3] ? lat - box[i + 3] : 0;
            if (ox * ox * kx2 + oy * oy * ky2 <= bestD2) Try(j);
        }
        hint = best;
        return new OraclePlace(best, bestT, Math.Sqrt(bestD2));

        void Try(int i)
        {
            var s = _segments[i];
            if (s.IsFerry || skip?[i] == true) return;
            double ax = (_lon[s.A] - lon) * kx, ay = (_lat[s.A] - lat) * ky;
            double dx = (_lon[s.B] - _lon[s.A]) * kx, dy = (_lat[s.B] - _lat[s.A]) * ky;
            double len2 = dx * dx + dy * dy;
            double t = len2 == 0 ? 0 : Math.Clamp(-(ax * dx + ay * dy) / len2, 0, 1);
            double ex = ax + t * dx, ey = ay + t * dy, d2 = ex * ex + ey * ey;
            // Ties go to the lower segment index, whatever the scan order.
            if (d2 < bestD2 || d2 == bestD2 && i < best) { best = i; bestT = t; bestD2 = d2; }
        }
    }

    /// <summary>Bounding boxes of the segments, four doubles each (min lon, min lat, max lon, max lat).</summary>
    double[] _box = [];

    double[] Boxes() => [.. _segments.SelectMany(s => new[] { Math.Min(_lon[s.A], _lon[s.B]), Math.Min(_lat[s.A], _lat[s.B]),
        Math.Max(_lon[s.A], _lon[s.B]), Math.Max(_lat[s.A], _lat[s.B]) })];
}

/// <summary>A place joined to the oracle graph: segment, fraction along it from A, and the straight leg in metres.</summary>
public readonly record struct OraclePlace(int Segment, double T, double LegMetres);
