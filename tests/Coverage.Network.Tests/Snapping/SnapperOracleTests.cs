using Coverage.Core.Geo;
using Coverage.Network.Graph;
using Coverage.Network.Osm;
using Coverage.Network.Snapping;
using Coverage.Network.Tests.Support;

namespace Coverage.Network.Tests.Snapping;

/// <summary>
/// The snapper's grid search (rings of cells, cells and segments pruned by their bounding boxes) against the plain
/// rule it must reproduce bit for bit, on real networks: every non-ferry segment measured in the place's tangent plane,
/// the nearest taken (ties to the lowest segment id), its point measured geodesically, and the main network preferred
/// within the slack — the snapper before the pruning, written out without any index.
/// </summary>
public class SnapperOracleTests
{
    const int Places = 20_000;

    public static TheoryData<string> Networks => new() { "demo", "monaco.osm.gz" };

    /// <summary>
    /// The snap index finds a segment's edge from the edge of its block of 64 ids, walking on over ShapeFirst: against the
    /// plain count (edge e holds interior points + 1 segments, numbered on from the edge before), for every segment id.
    /// </summary>
    [Theory]
    [MemberData(nameof(Networks))]
    public void Every_segment_id_names_the_edge_that_holds_it(string network)
    {
        var g = OsmNetworkReader.Read(network == "demo" ? Extracts.Demo : Extracts.PathOf(network)).Graph;
        var grid = g.SegmentGrid;
        int s = 0, longEdges = 0;
        for (int e = 0; e < g.EdgeCount; e++)
        {
            int count = g.ShapeFirst[e + 1] - g.ShapeFirst[e] + 1;
            if (count > 64) longEdges++;
            Assert.Equal(s, grid.SegmentBase(e));
            for (int j = 0; j < count; j++, s++)
                if (grid.EdgeOfSegment(s) != e) Assert.Fail($"segment {s} (number {j} of edge {e}): index says edge {grid.EdgeOfSegment(s)}");
        }
        Assert.Equal(g.ShapeFirst[g.EdgeCount] + g.EdgeCount, s);
        Assert.True(s > 2_000, $"{s} segments ({longEdges} edges of more than a block): too few to cross many blocks");
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Snaps_are_identical_to_a_scan_of_every_segment(string network)
    {
        var g = OsmNetworkReader.Read(network == "demo" ? Extracts.Demo : Extracts.PathOf(network)).Graph;
        var snapper = new Snapper(g);
        var oracle = new BruteForceSnapper(g, snapper);
        var rng = new Random(12);
        var (minLon, minLat, maxLon, maxLat) = oracle.Bounds;
        int islands = 0, tooFar = 0, joinedMain = 0, ties = 0;
        // One memo for the whole run, small enough that it forgets its edges many times over (as a sampling thread's does).
        var measured = new SegmentMetres(snapper, maxSegments: 256);
        for (int i = 0; i < Places; i++)
        {
            double lon, lat;
            if (i % 10 == 9)
            {   // Exactly on a junction or a shape point: several segments at the same distance, the lowest id must win.
                int e = rng.Next(g.EdgeCount);
                (lon, lat) = g.EdgePoint(e, rng.Next(g.EdgePointCount(e)));
            }
            else if (i % 2 == 0)
            {   // Anywhere in the box and 0.01° around it: open country, too far places, beyond the network.
                lon = minLon - 0.01 + rng.NextDouble() * (maxLon - minLon + 0.02);
                lat = minLat - 0.01 + rng.NextDouble() * (maxLat - minLat + 0.02);
            }
            else
            {   // Near a node (within ~150 m), as the isochrone grid and settlement samples mostly are.
                int n = rng.Next(g.NodeCount);
                lon = g.NodeLon(n) + (rng.NextDouble() - 0.5) * 0.003;
                lat = g.NodeLat(n) + (rng.NextDouble() - 0.5) * 0.003;
            }
            double max = (i % 3) switch { 0 => Snapper.DefaultMaxMetres, 1 => 60, _ => double.PositiveInfinity };
            var (nearest, expected, tied) = Compare(snapper, oracle, measured, lon, lat, max, i);
            if (tied > 1) ties++;
            if (nearest.IsOnIsland) islands++;
            if (expected.Status == SnapStatus.TooFar) tooFar++;
            if (nearest.IsOnIsland && !expected.IsOnIsland) joinedMain++;
        }
        // The cases the rule distinguishes all occur, so each path of the search was compared.
        Assert.True(tooFar > 100, $"too far: {tooFar}");
        Assert.True(islands > 0 && joinedMain > 0, $"islands: {islands}, joined the main network: {joinedMain}");
        Assert.True(ties > 500, $"places with two or more segments at the nearest distance: {ties}");
    }

    /// <summary>
    /// Places far from every way, where the search crosses wide empty stretches of the grid in long steps and meets its
    /// first ways with no best so far: a hand-made network of a dense lattice, two single ways mirrored about a meridian
    /// (a place on that meridian is exactly as far from both: the lower segment id must win, whichever side of the ring
    /// the search looks at first) and open country between, kilometres wide. Places anywhere in and well around it, and
    /// on the mirror line; the same on the demo county and Monaco, kilometres beyond their edges.
    /// </summary>
    [Theory]
    [InlineData("sparse")]
    [InlineData("demo")]
    [InlineData("monaco.osm.gz")]
    public void Far_places_snap_as_a_scan_of_every_segment_does(string network)
    {
        var g = OsmNetworkReader.Read(network switch { "sparse" => SparseNetwork(), "demo" => Extracts.Demo, _ => Extracts.PathOf(network) }).Graph;
        var snapper = new Snapper(g);
        var oracle = new BruteForceSnapper(g, snapper);
        var rng = new Random(29);
        var (minLon, minLat, maxLon, maxLat) = oracle.Bounds;
        double spanLon = maxLon - minLon, spanLat = maxLat - minLat;
        var measured = new SegmentMetres(snapper, maxSegments: 256);
        int tooFar = 0, ties = 0;
        for (int i = 0; i < 3000; i++)
        {
            double lon, lat;
            if (network == "sparse" && i % 4 == 3)
            {   // On the mirror meridian, level with the mirrored ways or beyond their ends.
                lon = 0; lat = (90 + rng.Next(0, 40)) * 0.001 + (i % 8 == 3 ? 0 : rng.NextDouble() * 0.001);
            }
            else
            {   // The box and as much again on every side: open country and places far outside the grid.
                lon = minLon - spanLon + rng.NextDouble() * 3 * spanLon;
                lat = minLat - spanLat + rng.NextDouble() * 3 * spanLat;
            }
            double max = i % 2 == 0 ? Snapper.DefaultMaxMetres : double.PositiveInfinity;
            var (_, expected, tied) = Compare(snapper, oracle, measured, lon, lat, max, i);
            if (tied > 1) ties++;
            if (expected.Status == SnapStatus.TooFar) tooFar++;
        }
        Assert.True(tooFar > 600, $"too far: {tooFar}");
        if (network == "sparse") Assert.True(ties > 300, $"places as far from both mirrored ways: {ties}");
    }

    /// <summary>
    /// A lattice of footways 31 × 31 nodes 0.001° apart, south of two single footways at 0.1° east and west of the
    /// meridian 0, and open country kilometres wide between: a grid with long runs of empty cells.
    /// </summary>
    static string SparseNetwork()
    {
        var osm = new OsmXml();
        long Id(int r, int c) => 1 + (r + 300) * 1000 + (c + 300);
        for (int r = -200; r <= -170; r++) for (int c = -15; c <= 15; c++) osm.Node(Id(r, c), r, c);
        for (int r = -200; r <= -170; r++) osm.Way(10_000 + r + 300, [.. Enumerable.Range(-15, 31).Select(c => Id(r, c))], "highway", "footway");
        for (int c = -15; c <= 15; c++) osm.Way(20_000 + c + 300, [.. Enumerable.Range(-200, 31).Select(r => Id(r, c))], "highway", "footway");
        foreach (int c in new[] { -100, 100 })
        {
            osm.Node(Id(100, c), 100, c).Node(Id(105, c), 105, c).Node(Id(110, c), 110, c);
            osm.Way(30_000 + c + 300, [Id(100, c), Id(105, c), Id(110, c)], "highway", "footway");
        }
        return osm.Save();
    }

    /// <summary>The snapper's three ways of snapping a place (nearest, main network preferred, with a memo) against the oracle's.</summary>
    static (SnapResult Nearest, SnapResult Expected, int Tied) Compare(Snapper snapper, BruteForceSnapper oracle, SegmentMetres measured,
        double lon, double lat, double max, int place)
    {
        var nearest = oracle.Nearest(lon, lat, max, out int tied);
        var expected = oracle.PreferMain(lon, lat, max, nearest);
        AssertSame(nearest, snapper.SnapNearest(lon, lat, max), place);
        AssertSame(expected, snapper.Snap(lon, lat, max), place);
        AssertSame(expected, snapper.Snap(lon, lat, max, measured), place);
        return (nearest, expected, tied);
    }

    static void AssertSame(SnapResult expected, SnapResult actual, int place)
    {
        string at = $"place {place} ({expected.Lon:R}, {expected.Lat:R})";
        Assert.True(expected.Status == actual.Status && expected.Edge == actual.Edge && expected.Segment == actual.Segment
            && expected.Component == actual.Component && expected.IsOnIsland == actual.IsOnIsland,
            $"{at}: expected {expected}, got {actual}");
        Assert.True(expected.SnappedLon == actual.SnappedLon && expected.SnappedLat == actual.SnappedLat, $"{at}: expected {expected}, got {actual}");
        // Bit for bit: the index may only skip work, never change the arithmetic of the answer.
        Assert.True(expected.DistanceMetres.Equals(actual.DistanceMetres), $"{at}: distance {expected.DistanceMetres:R} vs {actual.DistanceMetres:R}");
        Assert.True(expected.OffsetMetres.Equals(actual.OffsetMetres), $"{at}: offset {expected.OffsetMetres:R} vs {actual.OffsetMetres:R}");
        Assert.Equal(expected, actual);
    }

    /// <summary>The snap rule with no index: every segment of every walkable, non-ferry edge, each time.</summary>
    sealed class BruteForceSnapper
    {
        readonly WalkGraph _g;
        readonly Snapper _snapper;
        readonly double[] _aLon, _aLat, _bLon, _bLat;
        readonly int[] _id, _edge, _index;

        public BruteForceSnapper(WalkGraph g, Snapper snapper)
        {
            _g = g; _snapper = snapper;
            var aLon = new List<double>(); var aLat = new List<double>(); var bLon = new List<double>(); var bLat = new List<double>();
            var id = new List<int>(); var edge = new List<int>(); var index = new List<int>();
            for (int e = 0; e < g.EdgeCount; e++)
            {
                if ((g.EdgeFlagsOf[e] & EdgeFlags.Ferry) != 0) continue;
                for (int j = 0; j + 1 < g.EdgePointCount(e); j++)
                {
                    var (al, aa) = g.EdgePoint(e, j);
                    var (bl, ba) = g.EdgePoint(e, j + 1);
                    aLon.Add(al); aLat.Add(aa); bLon.Add(bl); bLat.Add(ba);
                    id.Add(g.ShapeFirst[e] + e + j); edge.Add(e); index.Add(j);
                }
            }
            _aLon = [.. aLon]; _aLat = [.. aLat]; _bLon = [.. bLon]; _bLat = [.. bLat];
            _id = [.. id]; _edge = [.. edge]; _index = [.. index];
            Bounds = (_aLon.Min(), _aLat.Min(), _aLon.Max(), _aLat.Max());
        }

        public (double MinLon, double MinLat, double MaxLon, double MaxLat) Bounds { get; }

        public SnapResult Nearest(double lon, double lat, double max, out int tied)
        {
            int k = Scan(lon, lat, allowIslands: true, out double t, out _, out tied);
            return At(lon, lat, k, t, max);
        }

        public SnapResult PreferMain(double lon, double lat, double max, SnapResult nearest)
        {
            if (!nearest.IsOnIsland) return nearest;
            double slack = _snapper.Options.MainNetworkSlackMetres;
            double reach = Math.Min(max, nearest.DistanceMetres + slack);
            int k = Scan(lon, lat, allowIslands: false, out double t, out double planar, out _);
            if (k < 0 || planar > reach * 1.001 + 0.01) return nearest;
            var main = At(lon, lat, k, t, max);
            return main.IsOnNetwork && main.DistanceMetres <= nearest.DistanceMetres + slack ? main : nearest;
        }

        /// <summary>Index of the nearest segment in the place's tangent plane (ties to the lowest segment id); tied = segments at that distance.</summary>
        int Scan(double lon, double lat, bool allowIslands, out double bestT, out double best, out int tied)
        {
            tied = 0;
            var (ky, kx) = Geodesy.MetresPerDegree(lat);
            int bestK = -1;
            best = double.PositiveInfinity; bestT = 0;
            for (int k = 0; k < _id.Length; k++)
            {
                if (!allowIslands && _snapper.IsIsland(_g.NodeComponent[_g.EdgeFrom[_edge[k]]])) continue;
                double ax = (_aLon[k] - lon) * kx, ay = (_aLat[k] - lat) * ky, bx = (_bLon[k] - lon) * kx, by = (_bLat[k] - lat) * ky;
                double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
                double t = len2 > 0 ? Math.Clamp(-(ax * dx + ay * dy) / len2, 0, 1) : 0;
                double px = ax + t * dx, py = ay + t * dy, d = Math.Sqrt(px * px + py * py);
                if (d < best) tied = 1;
                else if (d == best) tied++;
                if (d < best || (d == best && _id[k] < _id[bestK])) { best = d; bestK = k; bestT = t; }
            }
            return bestK;
        }

        SnapResult At(double lon, double lat, int k, double t, double max)
        {
            int e = _edge[k], j = _index[k], component = _g.NodeComponent[_g.EdgeFrom[e]];
            double sLon = _aLon[k] + (_bLon[k] - _aLon[k]) * t, sLat = _aLat[k] + (_bLat[k] - _aLat[k]) * t;
            double metres = Geodesy.GeodesicMetres(lon, lat, sLon, sLat);
            var status = metres <= Math.Max(max, Snapper.ResolutionMetres) ? SnapStatus.OnNetwork : SnapStatus.TooFar;
            return new SnapResult(status, lon, lat, e, j, Offset(e, j, t), sLon, sLat, metres, component, _snapper.IsIsland(component));
        }

        /// <summary>Metres along the shape to fraction t of segment j, scaled to the stored edge length.</summary>
        double Offset(int e, int j, double t)
        {
            int segments = _g.EdgePointCount(e) - 1;
            double length = _g.EdgeLength[e];
            if (j == 0 && t == 0) return 0;
            if (j == segments - 1 && t == 1) return length;
            double before = 0, total = 0;
            for (int k = 0; k < segments; k++)
            {
                var (pLon, pLat) = _g.EdgePoint(e, k);
                var (qLon, qLat) = _g.EdgePoint(e, k + 1);
                double d = Geodesy.DistanceMeters(pLon, pLat, qLon, qLat);
                before += k < j ? d : k == j ? d * t : 0;
                total += d;
            }
            return total > 0 ? Math.Clamp(before / total * length, 0, length) : 0;
        }
    }
}
