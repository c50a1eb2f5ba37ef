using Coverage.Core.Geo;
using Coverage.Network.Graph;
using Coverage.Network.Osm;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Noding;

namespace Coverage.Network.Roads;

/// <summary>How a layer's lines are joined into a network.</summary>
public enum RoadTopology
{
    /// <summary>Decided from the layer: <see cref="Noded"/> when nearly every junction is a shared vertex, else <see cref="Repair"/>.</summary>
    Auto,
    /// <summary>Lines join only where they share a vertex (to OSM's 1e-7° grid), as OSM ways join at shared nodes: a layer
    /// exported from OSM or from a topologically clean GIS is taken as drawn, gaps and crossings without a vertex included.</summary>
    Noded,
    /// <summary>Lines are repaired as a surveyed or CAD layer needs: crossings noded, near vertices merged, T-ends and dangling ends joined.</summary>
    Repair,
}

/// <summary>The topology names planners type (--topology, region.json's "topology").</summary>
public static class RoadTopologyNames
{
    /// <summary>auto | noded | repair (case-insensitive; empty: auto); anything else is a bilingual input error.</summary>
    public static RoadTopology Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => RoadTopology.Auto,
        "noded" => RoadTopology.Noded,
        "repair" => RoadTopology.Repair,
        _ => throw new Coverage.Core.InputException(
            $"未知的道路拓扑“{text}”：可选 auto（按图层自动判断）、noded（已成网，只在共享顶点处连接）、repair（修复交叉、吸附端点）",
            $"Unknown road topology '{text}': use auto (decided from the layer), noded (joined at shared vertices only) or repair (crossings noded, ends snapped)"),
    };

    /// <summary>The name as typed (for cache keys and reports).</summary>
    public static string Name(RoadTopology topology) => topology.ToString().ToLowerInvariant();
}

/// <summary>How hard the noder repairs a layer. Distances are metres in the layer's local projection.</summary>
/// <param name="ToleranceMetres">Vertices closer than this are one point; a line end this close to another line touches it (T-junction).</param>
/// <param name="SnapMetres">A dangling end this close to another line is joined to it by a short added segment; 0 turns joining off.</param>
/// <param name="NodeCrossings">Whether lines at the same grade that cross (or touch) without a shared vertex are joined there.</param>
/// <param name="Topology">Whether the repairs above are made (<see cref="RoadTopology.Repair"/>), not made
/// (<see cref="RoadTopology.Noded"/>), or made only when the layer needs them (<see cref="RoadTopology.Auto"/>).</param>
public sealed record RoadNodingOptions(double ToleranceMetres = 1.0, double SnapMetres = 5.0, bool NodeCrossings = true,
    RoadTopology Topology = RoadTopology.Auto)
{
    public static RoadNodingOptions Default { get; } = new();

    /// <summary>
    /// Auto takes a layer as noded when repairs would be at most this share of its junction evidence (shared vertices plus
    /// repairs found). Measured on OSM extracts converted by ogr2ogr (GeoPackage and Shapefile alike): Andorra 87 of
    /// 1,695 (5.1 %), Krems 25 of 899 (2.8 %), Bautzen 0 of 24, north-bayreuth's village lanes 7 of 453 (1.5 %) — OSM's own
    /// mapping errors, which OSM routing does not repair either; a CAD layer drawn without shared vertices is near 100 %.
    /// 10 % is twice the worst OSM figure, and a county layer where one junction in ten is broken is not one to take as drawn.
    /// </summary>
    public const double NodedRepairShare = 0.10;
}

/// <summary>One walkable line of the layer (a part of a multi-line feature is a line of its own).</summary>
internal sealed class RoadLine(int feature, RoadTags tags, WayAccess access, Coordinate[] xy, LonLat[] lonLat)
{
    public int Feature => feature;
    public RoadTags Tags => tags;
    public WayAccess Access => access;
    /// <summary>Vertices in the local projection (metres) and as read (WGS84), same order.</summary>
    public Coordinate[] Xy => xy;
    public LonLat[] LonLat => lonLat;
    /// <summary>Points added on segment i (crossings, T-junctions, joins onto it), in no particular order.</summary>
    public readonly List<(int Segment, Coordinate Xy)> Inserted = [];
    /// <summary>Join points added before the first and after the last vertex (dangling ends extended to another line).</summary>
    public Coordinate? ExtendStart, ExtendEnd;
    public bool IsEnd(int vertex) => vertex == 0 || vertex == xy.Length - 1;
}

/// <summary>What the noder fixed, for <see cref="RoadBuildReport"/>.</summary>
internal sealed class NodingCounts
{
    public int Crossings, GradeSeparated, TJunctions, DanglingJoined, VerticesMerged;
    /// <summary>The topology used (never Auto), and what decided it: distinct points where two or more lines share a
    /// vertex exactly, and the repairs the layer would need (found whether made or not).</summary>
    public RoadTopology Topology = RoadTopology.Repair;
    public int SharedVertices, RepairsFound;
    /// <summary>Feature numbers of each pair of lines joined at a crossing or T-junction, for tests to audit.</summary>
    public readonly List<(int, int)> JoinedFeatures = [];
}

/// <summary>
/// Nodes a road layer the way ArcGIS's network builder and a surveyor would: in a local metric projection, vertices
/// within the tolerance merge; lines at the same grade are split where they cross or where one's end touches the
/// other within the tolerance — never where either is a bridge or tunnel, or their layers differ; dangling ends within
/// the snap distance are joined to the nearest line. Candidate pairs come from NetTopologySuite's monotone-chain
/// noder and an STR-tree, not from all pairs. The result is an <see cref="ExtractCollector"/> with synthetic node ids
/// from <see cref="FirstNodeId"/> up, so the OSM graph pipeline (and a merge with OSM) takes it as is.
/// </summary>
/// <param name="networkVertices">Positions (lon7, lat7) of the network the layer will be merged into, when there is one:
/// a layer vertex on one of them is junction evidence too (a layer of lanes exported from the same topology meets the
/// OSM roads at their nodes even where its lanes never meet each other).</param>
internal sealed class RoadNoder(IReadOnlyList<RoadLine> lines, LocalProjection projection, RoadNodingOptions options,
    IReadOnlySet<(long Lon7, long Lat7)>? networkVertices = null)
{
    /// <summary>Node ids of layer vertices start here: OSM node ids (about 1.3e10 in 2026) never reach it.</summary>
    public const long FirstNodeId = 1L << 50;

    public NodingCounts Counts { get; } = new();
    IReadOnlyList<RoadLine> Lines => lines;
    RoadNodingOptions Options => options;

    public ExtractCollector Node(Func<int, string?> nameOf, RoadRules? rules = null)
    {
        var (nodeOf, nodeLonLat) = options.Topology == RoadTopology.Noded ? NodedOnly() : Repaired();
        var collector = new ExtractCollector(rules);
        for (int n = 0; n < nodeLonLat.Count; n++)
            collector.AddNode(FirstNodeId + n, (int)Math.Round(nodeLonLat[n].Lat * WalkGraph.CoordScale), (int)Math.Round(nodeLonLat[n].Lon * WalkGraph.CoordScale));
        var refs = new List<long>();
        for (int l = 0; l < lines.Count; l++)
        {
            refs.Clear();
            foreach (var p in nodeOf[l])
                if (refs.Count == 0 || refs[^1] != FirstNodeId + p) refs.Add(FirstNodeId + p);
            collector.AddWay(lines[l].Access, refs.ToArray(), -lines[l].Feature, nameOf(lines[l].Feature));
        }
        return collector;
    }

    /// <summary>
    /// The repair passes (they count what they find as they fix it); under Auto, when the fixes are a small share of the
    /// junction evidence, they are undone and the lines joined at shared vertices only.
    /// </summary>
    (List<int>[] NodeOf, List<LonLat> NodeLonLat) Repaired()
    {
        if (options.NodeCrossings) FindCrossings();
        if (options.SnapMetres > 0) JoinDanglingEnds();
        var clusters = Cluster(options.ToleranceMetres, countMerges: true);
        Counts.SharedVertices = CountSharedVertices();
        Counts.RepairsFound = Counts.Crossings + Counts.TJunctions + Counts.DanglingJoined + Counts.VerticesMerged;
        Counts.Topology = RoadTopology.Repair;
        if (options.Topology == RoadTopology.Repair || !IsNoded(Counts.SharedVertices, Counts.RepairsFound)) return clusters;
        foreach (var line in lines) { line.Inserted.Clear(); line.ExtendStart = line.ExtendEnd = null; }
        Counts.Crossings = Counts.TJunctions = Counts.DanglingJoined = Counts.VerticesMerged = 0;
        Counts.JoinedFeatures.Clear();
        Counts.Topology = RoadTopology.Noded;
        return Cluster(0, countMerges: false);
    }

    /// <summary>Noded by request: no repair pass runs (crossings at different grades are still counted for the report).</summary>
    (List<int>[] NodeOf, List<LonLat> NodeLonLat) NodedOnly()
    {
        Counts.SharedVertices = CountSharedVertices();
        Counts.Topology = RoadTopology.Noded;
        return Cluster(0, countMerges: false);
    }

    /// <summary>Auto's verdict: repairs at most <see cref="RoadNodingOptions.NodedRepairShare"/> of the junction evidence.</summary>
    internal static bool IsNoded(int sharedVertices, int repairs) =>
        sharedVertices > 0 && repairs <= RoadNodingOptions.NodedRepairShare * (sharedVertices + repairs);

    /// <summary>
    /// Distinct positions (OSM's 1e-7° grid) that are a vertex of two or more lines, or of a line and the network the
    /// layer joins: junctions drawn as OSM draws them.
    /// </summary>
    int CountSharedVertices()
    {
        var firstLine = new Dictionary<(long, long), int>();
        var shared = new HashSet<(long, long)>();
        for (int l = 0; l < lines.Count; l++)
            foreach (var p in lines[l].LonLat)
            {
                var key = ((long)Math.Round(p.Lon * WalkGraph.CoordScale), (long)Math.Round(p.Lat * WalkGraph.CoordScale));
                if ((!firstLine.TryAdd(key, l) && firstLine[key] != l) || networkVertices?.Contains(key) == true) shared.Add(key);
            }
        return shared.Count;
    }

    static bool SameGrade(RoadLine a, RoadLine b) => !a.Tags.IsSeparated && !b.Tags.IsSeparated && a.Tags.Layer == b.Tags.Layer;

    // ---- Crossings and T-junctions -------------------------------------------------------------------------------

    void FindCrossings()
    {
        var strings = new List<ISegmentString>(lines.Count);
        for (int l = 0; l < lines.Count; l++) strings.Add(new BasicSegmentString(lines[l].Xy, l));
        var finder = new CrossingFinder(this);
        new MCIndexNoder(finder, options.ToleranceMetres).ComputeNodes(strings);
    }

    /// <summary>Called by the monotone-chain noder for each pair of segments whose boxes (grown by the tolerance) overlap.</summary>
    sealed class CrossingFinder(RoadNoder noder) : ISegmentIntersector
    {
        readonly RobustLineIntersector _li = new();
        readonly HashSet<(int, int, double, double)> _crossings = [], _separated = [], _touches = [];

        public bool IsDone => false;

        public void ProcessIntersections(ISegmentString e0, int s0, ISegmentString e1, int s1)
        {
            int l0 = (int)e0.Context!, l1 = (int)e1.Context!;
            if (l0 == l1) return; // a line meeting itself shares a vertex where it is meant to
            RoadLine a = noder.Lines[l0], b = noder.Lines[l1];
            Coordinate a0 = a.Xy[s0], a1 = a.Xy[s0 + 1], b0 = b.Xy[s1], b1 = b.Xy[s1 + 1];
            _li.ComputeIntersection(a0, a1, b0, b1);
            var key = (Math.Min(l0, l1), Math.Max(l0, l1));
            if (!SameGrade(a, b))
            {
                if (_li.IsProper && _separated.Add((key.Item1, key.Item2, _li.GetIntersection(0).X, _li.GetIntersection(0).Y))) noder.Counts.GradeSeparated++;
                return;
            }
            if (_li.HasIntersection)
            {
                for (int k = 0; k < _li.IntersectionNum; k++) Touch(l0, s0, l1, s1, _li.GetIntersection(k).Copy());
                return;
            }
            // Near miss: a line end within the tolerance of the other segment is a T-junction there.
            TouchNear(l0, s0, l1, s1);
            TouchNear(l1, s1, l0, s0);
        }

        /// <summary>An exact meeting point p of segment s0 of line l0 and s1 of l1: put it into each line where it is not a vertex.</summary>
        void Touch(int l0, int s0, int l1, int s1, Coordinate p)
        {
            RoadLine a = noder.Lines[l0], b = noder.Lines[l1];
            int va = VertexAt(a, s0, p), vb = VertexAt(b, s1, p);
            if (va >= 0 && vb >= 0) return; // a shared vertex: clustering joins it
            var key = (Math.Min(l0, l1), Math.Max(l0, l1), p.X, p.Y);
            if (va < 0) a.Inserted.Add((s0, p));
            if (vb < 0) b.Inserted.Add((s1, p));
            bool t = (va >= 0 && a.IsEnd(va)) || (vb >= 0 && b.IsEnd(vb));
            if (t ? _touches.Add(key) : _crossings.Add(key))
            {
                if (t) noder.Counts.TJunctions++; else noder.Counts.Crossings++;
                noder.Counts.JoinedFeatures.Add((a.Feature, b.Feature));
            }
        }

        /// <summary>Ends of line le on its segment se that lie within the tolerance of segment so of line lo become T-junctions.</summary>
        void TouchNear(int le, int se, int lo, int so)
        {
            RoadLine end = noder.Lines[le], other = noder.Lines[lo];
            int last = end.Xy.Length - 1;
            if (se == 0) TryEnd(0);
            if (se + 1 == last) TryEnd(last);

            void TryEnd(int v)
            {
                var p = end.Xy[v];
                // Near one of the segment's vertices: vertex clustering joins them, no point is added.
                if (!IsNear(p, other, so) || p.Distance(other.Xy[so]) <= noder.Options.ToleranceMetres
                    || p.Distance(other.Xy[so + 1]) <= noder.Options.ToleranceMetres) return;
                var q = new LineSegment(other.Xy[so], other.Xy[so + 1]).ClosestPoint(p);
                if (VertexAt(other, so, q) >= 0 || !_touches.Add((Math.Min(le, lo), Math.Max(le, lo), q.X, q.Y))) return;
                other.Inserted.Add((so, q));
                noder.Counts.TJunctions++;
                noder.Counts.JoinedFeatures.Add((end.Feature, other.Feature));
            }
        }

        bool IsNear(Coordinate p, RoadLine other, int so)
        {
            double d = DistanceComputer.PointToSegment(p, other.Xy[so], other.Xy[so + 1]);
            return d > 0 && d <= noder.Options.ToleranceMetres;
        }

        /// <summary>Index of the vertex of segment s that is p (exactly), or -1 when p is inside the segment.</summary>
        static int VertexAt(RoadLine line, int s, Coordinate p) =>
            line.Xy[s].Equals2D(p) ? s : line.Xy[s + 1].Equals2D(p) ? s + 1 : -1;
    }

    // ---- Dangling ends ------------------------------------------------------------------------------------------

    /// <summary>
    /// A line end that meets nothing within the tolerance is extended to the nearest point of another line within the
    /// snap distance, unless that line is a bridge or tunnel or at another layer (a bridge's own ends may come down
    /// to any at-grade line: they are at grade).
    /// </summary>
    void JoinDanglingEnds()
    {
        var (nodeOf, _) = Cluster(options.ToleranceMetres, countMerges: false);
        var degree = new Dictionary<int, int>();
        foreach (var points in nodeOf) foreach (var n in points.Distinct()) degree[n] = degree.GetValueOrDefault(n) + 1;
        var index = new STRtree<(int Line, int Segment)>();
        for (int l = 0; l < lines.Count; l++)
            for (int s = 0; s + 1 < lines[l].Xy.Length; s++)
                index.Insert(new Envelope(lines[l].Xy[s], lines[l].Xy[s + 1]), (l, s));
        index.Build();

        var joined = new HashSet<(int, int)>();
        for (int l = 0; l < lines.Count; l++)
        {
            var line = lines[l];
            bool startFree = degree[nodeOf[l][0]] == 1 && nodeOf[l].Count(n => n == nodeOf[l][0]) == 1;
            bool endFree = degree[nodeOf[l][^1]] == 1 && nodeOf[l].Count(n => n == nodeOf[l][^1]) == 1;
            if (startFree && Join(l, line.Xy[0], index, joined) is { } s) line.ExtendStart = s;
            if (endFree && Join(l, line.Xy[^1], index, joined) is { } e) line.ExtendEnd = e;
        }
    }

    Coordinate? Join(int l, Coordinate end, STRtree<(int Line, int Segment)> index, HashSet<(int, int)> joined)
    {
        var box = new Envelope(end);
        box.ExpandBy(options.SnapMetres);
        (int Line, int Segment) best = (-1, -1);
        double bestDistance = double.PositiveInfinity;
        foreach (var (o, s) in index.Query(box))
        {
            if (o == l) continue;
            var other = lines[o];
            if (other.Tags.IsSeparated || (!lines[l].Tags.IsSeparated && other.Tags.Layer != lines[l].Tags.Layer)) continue;
            double d = DistanceComputer.PointToSegment(end, other.Xy[s], other.Xy[s + 1]);
            if (d < bestDistance) { bestDistance = d; best = (o, s); }
        }
        if (best.Line < 0 || bestDistance > options.SnapMetres || bestDistance <= options.ToleranceMetres) return null;
        if (!joined.Add((Math.Min(l, best.Line), Math.Max(l, best.Line)))) return null; // the other end already came across
        var target = lines[best.Line];
        var q = new LineSegment(target.Xy[best.Segment], target.Xy[best.Segment + 1]).ClosestPoint(end);
        if (!q.Equals2D(target.Xy[best.Segment]) && !q.Equals2D(target.Xy[best.Segment + 1])) target.Inserted.Add((best.Segment, q));
        Counts.DanglingJoined++;
        return q;
    }

    // ---- Vertex clustering --------------------------------------------------------------------------------------

    /// <summary>
    /// Every line's point sequence (extensions, vertices and inserted points in order) as node numbers, and each
    /// node's WGS84 position. Points that may connect (line ends, lines at grade, inserted points) within the
    /// tolerance are one node; an inner vertex of a bridge or tunnel joins only a point at exactly its position (a
    /// shared vertex, as OSM's shared node).
    /// </summary>
    (List<int>[] NodeOf, List<LonLat> NodeLonLat) Cluster(double tolerance, bool countMerges)
    {
        var tree = new PointClusters(tolerance);
        var exact = new Dictionary<(double, double), int>();
        var lonLat = new List<LonLat>();
        var sequences = lines.Select(Sequence).ToArray();
        var nodeOf = new List<int>[lines.Count];
        for (int pass = 0; pass < 2; pass++)
            for (int l = 0; l < lines.Count; l++)
            {
                nodeOf[l] ??= Enumerable.Repeat(-1, sequences[l].Count).ToList();
                for (int i = 0; i < sequences[l].Count; i++)
                {
                    var (xy, ll, connectable) = sequences[l][i];
                    if (connectable != (pass == 0)) continue;
                    nodeOf[l][i] = connectable ? Connect(xy, ll, l) : Exact(xy, ll);
                }
            }
        return (nodeOf, lonLat);

        int Connect(Coordinate xy, LonLat? ll, int line)
        {
            int fresh = lonLat.Count;
            var (n, founder, centre) = tree.Insert(xy, fresh, line);
            if (n == fresh) lonLat.Add(ll ?? projection.Inverse(xy.X, xy.Y));
            // Counted when two lines meet through the merge; a line's own close vertices merging is mere simplification.
            else if (countMerges && founder != line && !centre.Equals2D(xy)) Counts.VerticesMerged++;
            exact.TryAdd((xy.X, xy.Y), n);
            return n;
        }

        int Exact(Coordinate xy, LonLat? ll)
        {
            if (exact.TryGetValue((xy.X, xy.Y), out int n)) return n;
            exact[(xy.X, xy.Y)] = lonLat.Count;
            lonLat.Add(ll ?? projection.Inverse(xy.X, xy.Y));
            return lonLat.Count - 1;
        }
    }

    /// <summary>
    /// Points within the tolerance of a cluster's first point join that cluster (the nearest when several qualify).
    /// A hash grid of tolerance-sized cells finds candidates in the 3×3 cells around a point: linear in the number of
    /// points whatever their order (NetTopologySuite's KdTree, unbalanced, degrades on points fed along lines).
    /// </summary>
    sealed class PointClusters(double tolerance)
    {
        readonly Dictionary<(long, long), List<(Coordinate Centre, int Node, int Line)>> _cells = [];
        readonly Dictionary<(double, double), (int Node, int Line)> _exact = [];

        public (int Node, int FounderLine, Coordinate Centre) Insert(Coordinate p, int fresh, int line)
        {
            if (_exact.TryGetValue((p.X, p.Y), out var same)) return (same.Node, same.Line, p);
            var best = (Node: -1, Line: -1, Centre: p);
            if (tolerance > 0)
            {
                var (cx, cy) = Cell(p);
                double bestDistance = double.PositiveInfinity;
                for (long x = cx - 1; x <= cx + 1; x++)
                    for (long y = cy - 1; y <= cy + 1; y++)
                        if (_cells.TryGetValue((x, y), out var list))
                            foreach (var c in list)
                            {
                                double d = c.Centre.Distance(p);
                                if (d <= tolerance && d < bestDistance) { bestDistance = d; best = (c.Node, c.Line, c.Centre); }
                            }
            }
            if (best.Node < 0)
            {
                best = (fresh, line, p);
                if (tolerance > 0)
                {
                    var key = Cell(p);
                    if (!_cells.TryGetValue(key, out var list)) _cells[key] = list = [];
                    list.Add((p, fresh, line));
                }
            }
            _exact[(p.X, p.Y)] = (best.Node, best.Line);
            return (best.Node, best.Line, best.Centre);
        }

        (long, long) Cell(Coordinate p) => ((long)Math.Floor(p.X / tolerance), (long)Math.Floor(p.Y / tolerance));
    }

    /// <summary>The line's points in order: start extension, then each vertex followed by the points inserted on its segment.</summary>
    List<(Coordinate Xy, LonLat? LonLat, bool Connectable)> Sequence(RoadLine line)
    {
        var seq = new List<(Coordinate, LonLat?, bool)>(line.Xy.Length + line.Inserted.Count + 2);
        bool atGrade = !line.Tags.IsSeparated;
        if (line.ExtendStart != null) seq.Add((line.ExtendStart, null, true));
        var bySegment = line.Inserted.GroupBy(p => p.Segment).ToDictionary(g => g.Key,
            g => g.Select(p => p.Xy).Distinct().OrderBy(p => p.Distance(line.Xy[g.Key])).ToList());
        for (int i = 0; i < line.Xy.Length; i++)
        {
            seq.Add((line.Xy[i], line.LonLat[i], atGrade || line.IsEnd(i)));
            if (bySegment.TryGetValue(i, out var points))
                foreach (var p in points) seq.Add((p, null, true));
        }
        if (line.ExtendEnd != null) seq.Add((line.ExtendEnd, null, true));
        return seq;
    }
}
