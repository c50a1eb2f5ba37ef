using Coverage.Core.Geo;
using Coverage.Network.Graph;
using Coverage.Network.Osm;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Coverage.Network.Roads;

/// <summary>
/// Merges a planner's road layer (already turned into OSM-like nodes and ways) into an OSM extract's ways, giving one
/// collector for <see cref="ChainCompressor"/>. Layer roads that OSM already has are dropped: a layer road is judged in
/// pieces of about <see cref="PieceMetres"/>, and a piece whose ends and middle all lie within the overlap distance of an
/// OSM way running the same way (bearing within the limit) overlaps; runs of overlap are dropped over a stretch (see
/// <see cref="NetworkMergeOptions"/>). What remains is joined to OSM where it crosses an OSM way at grade (neither is a
/// bridge or ferry) and where its ends lie within the join distance of one: the OSM way gets a node inserted into its
/// ref run (keeping its id and name), or an existing OSM node is used when one is that close. Distances are measured in
/// the data's <see cref="LocalProjection"/>; OSM segments are found through an STR-tree, so the merge is O((n + m) log n).
/// </summary>
internal sealed partial class NetworkMerge
{
    /// <summary>Length of the pieces a layer road is judged in (m): short enough that a cut lies within a few metres
    /// of where the overlap begins or ends, long enough that a county's layer stays a few hundred thousand pieces.</summary>
    public const double PieceMetres = 5;

    readonly ExtractCollector _osm, _roads;
    readonly NetworkMergeOptions _options;
    readonly double _cosMaxBearing;
    readonly LocalProjection _projection;
    readonly double[] _osmX, _osmY, _roadX, _roadY;   // projected metres per node index; NaN when no way uses the node

    // OSM segments: node indices of its ends, its way, and the position of its first ref in WayRefs.
    readonly List<int> _segA = [], _segB = [], _segWay = [], _segPos = [];
    /// <summary>Per segment: bit 1 when its first node is its way's first, bit 2 when its last node is the way's last.</summary>
    readonly List<byte> _segWayEnds = [];
    readonly STRtree<int> _segments = new();

    long _nextId;
    readonly List<(long Id, int Lat7, int Lon7)> _newNodes = [];
    /// <summary>Nodes to insert into OSM segments, keyed by the segment's first ref position in WayRefs.</summary>
    readonly Dictionary<int, List<Insertion>> _osmInsertions = [];
    /// <summary>Layer node index → id of the OSM (or inserted) node it now is.</summary>
    readonly Dictionary<int, long> _roadNodeJoin = [];
    readonly HashSet<long> _junctionNodes = [];
    readonly List<Run> _runs = [];
    int _endJoins, _crossings;
    double _osmMetres, _layerMetres, _duplicateMetres;

    readonly record struct Insertion(double T, long Id, double X, double Y);

    /// <summary>A point of a kept stretch of layer road: an existing layer node, or a new node where an overlap was cut.</summary>
    struct RunPoint
    {
        public int RoadNode;        // layer node index, or -1 for a new node
        public long Id;             // new node's id (or the OSM node it was joined to); unused for layer nodes
        public double X, Y;
        public int Lat7, Lon7;
        public bool Cut;            // where an overlap was dropped: joined within the overlap distance, not the join distance
        public bool Joined;
    }

    /// <summary>A kept stretch of one layer way, with the nodes inserted into each of its segments by crossings.</summary>
    sealed class Run(int way, List<RunPoint> points, double metres, double share)
    {
        public readonly int Way = way;
        public readonly List<RunPoint> Points = points;
        public readonly double Metres = metres;
        /// <summary>Share of its way's length, to split a ferry's time between the stretches kept.</summary>
        public readonly double Share = share;
        public readonly List<Insertion>?[] Inserted = new List<Insertion>?[points.Count - 1];
    }

    NetworkMerge(ExtractCollector osm, ExtractCollector roads, NetworkMergeOptions options)
    {
        _osm = osm;
        _roads = roads;
        _options = options;
        _cosMaxBearing = Math.Cos(options.MaxBearingDegrees * Math.PI / 180);
        osm.SortNodes();
        roads.SortNodes();
        _projection = ProjectionFor(osm, roads);
        (_osmX, _osmY) = Project(osm);
        (_roadX, _roadY) = Project(roads);
        _nextId = Math.Max(MaxId(osm), MaxId(roads)) + 1;
    }

    /// <summary>One collector holding the OSM ways (split where layer roads join) and the layer roads OSM lacks.</summary>
    public static ExtractCollector Merge(ExtractCollector osm, ExtractCollector roads, NetworkMergeOptions options, out NetworkMergeReport report)
    {
        var merge = new NetworkMerge(osm, roads, options);
        merge.IndexOsmSegments();
        for (int w = 0; w + 1 < roads.WayStart.Count; w++) merge.KeepWhatOsmLacks(w);
        foreach (var run in merge._runs) merge.JoinCrossings(run);
        foreach (var run in merge._runs) merge.JoinEnds(run);
        var merged = merge.Emit();
        double addedMetres = merge._runs.Where(r => !merge.IsFerryWay(r.Way)).Sum(r => r.Metres);
        report = new NetworkMergeReport(merge._osmMetres / 1000, merge._layerMetres / 1000, addedMetres / 1000,
            merge._duplicateMetres / 1000, merge._junctionNodes.Count, merge._endJoins, merge._crossings);
        return merged;
    }

    static LocalProjection ProjectionFor(ExtractCollector a, ExtractCollector b)
    {
        var extent = new Envelope();
        foreach (var x in new[] { a, b })
            for (int i = 0; i < x.NodeIds.Count; i++) extent.ExpandToInclude(x.NodeLon7[i] / WalkGraph.CoordScale, x.NodeLat7[i] / WalkGraph.CoordScale);
        return extent.IsNull ? LocalProjection.ForExtent(0, 0, 0, 0) : LocalProjection.ForExtent(extent);
    }

    /// <summary>Projected coordinates of every node some way uses (the others stay NaN and are never read).</summary>
    (double[] X, double[] Y) Project(ExtractCollector x)
    {
        var px = new double[x.NodeIds.Count];
        var py = new double[x.NodeIds.Count];
        Array.Fill(px, double.NaN);
        foreach (var id in x.WayRefs)
        {
            int i = x.IndexOf(id);
            if (i < 0 || !double.IsNaN(px[i])) continue;
            (px[i], py[i]) = _projection.Forward(x.NodeLon7[i] / WalkGraph.CoordScale, x.NodeLat7[i] / WalkGraph.CoordScale);
        }
        return (px, py);
    }

    static long MaxId(ExtractCollector x) => x.NodeIds.Count == 0 ? 0 : x.NodeIds[^1];

    bool IsFerryWay(int roadWay) => (_roads.WayFlags[roadWay] & EdgeFlags.Ferry) != 0;

    /// <summary>Bridges and ferries never meet what they pass over: they are met only at their ends.</summary>
    static bool CanMeet(EdgeFlags f) => (f & (EdgeFlags.Bridge | EdgeFlags.Ferry)) == 0;

    /// <summary>Where on OSM segment s a junction may be made near (x, y): anywhere on an ordinary way, at the way's
    /// end node only on a bridge or ferry. The distance to that place and its fraction along the segment; infinity when none.</summary>
    double MeetingDistance(int s, double x, double y, out double t)
    {
        if (CanMeet(_osm.WayFlags[_segWay[s]])) return DistanceToSegment(x, y, s, out t);
        t = 0;
        double best = double.PositiveInfinity;
        if ((_segWayEnds[s] & 1) != 0) best = Distance(_osmX[_segA[s]], _osmY[_segA[s]], x, y);
        if ((_segWayEnds[s] & 2) != 0 && Distance(_osmX[_segB[s]], _osmY[_segB[s]], x, y) is var d && d < best) (best, t) = (d, 1);
        return best;
    }

    static double Distance(double ax, double ay, double bx, double by) => Math.Sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by));

    void IndexOsmSegments()
    {
        for (int w = 0; w + 1 < _osm.WayStart.Count; w++)
        {
            bool ferry = (_osm.WayFlags[w] & EdgeFlags.Ferry) != 0;
            int previous = -1, firstSegment = _segA.Count;
            for (int r = _osm.WayStart[w]; r < _osm.WayStart[w + 1]; r++)
            {
                int node = _osm.IndexOf(_osm.WayRefs[r]);
                if (previous >= 0 && node >= 0 && node != previous)
                {
                    int s = _segA.Count;
                    _segA.Add(previous); _segB.Add(node); _segWay.Add(w); _segPos.Add(r - 1);
                    _segWayEnds.Add((byte)(s == firstSegment ? 1 : 0));
                    _segments.Insert(new Envelope(_osmX[previous], _osmX[node], _osmY[previous], _osmY[node]), s);
                    if (!ferry) _osmMetres += GroundMetres(_osm, previous, node);
                }
                previous = node;
            }
            if (_segA.Count > firstSegment) _segWayEnds[^1] |= 2;
        }
        _segments.Build();
    }

    /// <summary>Length on the ground, as the graph measures it (the projection's scale error, up to 0.1 % at a zone's
    /// edge, stays out of the reported kilometres).</summary>
    static double GroundMetres(ExtractCollector x, int a, int b) =>
        Geodesy.DistanceMeters(x.NodeLon7[a] / WalkGraph.CoordScale, x.NodeLat7[a] / WalkGraph.CoordScale,
            x.NodeLon7[b] / WalkGraph.CoordScale, x.NodeLat7[b] / WalkGraph.CoordScale);

    /// <summary>Distance from (x, y) to OSM segment s, and the fraction t of the nearest point along it.</summary>
    double DistanceToSegment(double x, double y, int s, out double t)
    {
        double ax = _osmX[_segA[s]], ay = _osmY[_segA[s]];
        double dx = _osmX[_segB[s]] - ax, dy = _osmY[_segB[s]] - ay, len2 = dx * dx + dy * dy;
        t = len2 > 0 ? Math.Clamp(((x - ax) * dx + (y - ay) * dy) / len2, 0, 1) : 0;
        double ex = ax + t * dx - x, ey = ay + t * dy - y;
        return Math.Sqrt(ex * ex + ey * ey);
    }

    IList<int> SegmentsNear(double x, double y, double radius) =>
        _segments.Query(new Envelope(x - radius, x + radius, y - radius, y + radius));
}
