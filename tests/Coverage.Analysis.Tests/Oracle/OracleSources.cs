using Coverage.Core.Geo;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Tests.Oracle;

/// <summary>
/// A facility as sources on the oracle graph. A point joins at its brute-force snap (within the snap limit). A line
/// (fitness trail) is a source along its whole length: it is walked in steps of at most <see cref="TrailStepMetres"/>
/// (its vertices included), each step point snapped; where two consecutive points lie on one segment, or on two
/// segments that meet, the network between them is a source too, its leg interpolated. The demo's trails run on canal-side paths, so
/// their legs are centimetres.
/// </summary>
public static class OracleSources
{
    public const double TrailStepMetres = 5;
    /// <summary>Within 1 cm of a vertex a place is at the vertex (the coordinate resolution).</summary>
    const double AtVertexMetres = 0.01;

    /// <summary>Sources of a facility geometry; none when it is nowhere within <paramref name="maxSnapMetres"/> of a walkable way.</summary>
    /// <param name="gaps">Consecutive trail points, both on the network, with no segment or shared vertex between them (network left out).</param>
    /// <param name="island">Segments on islands (see <see cref="OracleWalkGraph.IslandSegments"/>), for the snapping rule.</param>
    public static List<OracleSource> Of(OracleWalkGraph g, Geometry geometry, double maxSnapMetres, bool[] island, double slackMetres, out int gaps)
    {
        gaps = 0;
        if (geometry is Point p)
        {
            int none = -1;
            var at = g.Snap(p.X, p.Y, ref none, island, maxSnapMetres, slackMetres);
            return at.LegMetres <= maxSnapMetres ? [new OracleSource(at.Segment, at.T, at.T, at.LegMetres, at.LegMetres)] : [];
        }
        var result = new List<OracleSource>();
        for (int part = 0; part < geometry.NumGeometries; part++)
        {
            var line = geometry.GetGeometryN(part).Coordinates;
            OraclePlace? previous = null;
            int hint = -1;
            foreach (var (lon, lat) in Steps(line))
            {
                var here = g.Snap(lon, lat, ref hint, null, maxSnapMetres, slackMetres); // trail points: the nearest way, any piece
                if (here.LegMetres > maxSnapMetres) { previous = null; continue; }
                result.Add(new OracleSource(here.Segment, here.T, here.T, here.LegMetres, here.LegMetres));
                if (previous is { } before)
                {
                    var between = Between(g, before, here).ToList();
                    if (between.Count == 0) gaps++;
                    result.AddRange(between);
                }
                previous = here;
            }
        }
        return result;
    }

    static IEnumerable<(double Lon, double Lat)> Steps(Coordinate[] line)
    {
        for (int i = 0; i + 1 < line.Length; i++)
        {
            var (a, b) = (line[i], line[i + 1]);
            int pieces = Math.Max(1, (int)Math.Ceiling(Geodesy.DistanceMeters(a.X, a.Y, b.X, b.Y) / TrailStepMetres));
            for (int k = 0; k < pieces; k++)
                yield return (a.X + (b.X - a.X) * k / pieces, a.Y + (b.Y - a.Y) * k / pieces);
        }
        yield return (line[^1].X, line[^1].Y);
    }

    /// <summary>
    /// The network between two consecutive snapped trail points: a stretch of one segment when one segment holds both
    /// (a vertex is on all its segments), or two stretches meeting at the vertex two segments share. The leg varies
    /// linearly along the way between them.
    /// </summary>
    static IEnumerable<OracleSource> Between(OracleWalkGraph g, OraclePlace a, OraclePlace b)
    {
        foreach (int s in On(g, a))
            if (On(g, b).Contains(s))
                return [Stretch(s, Along(g, a, s), a.LegMetres, Along(g, b, s), b.LegMetres)];
        foreach (int sa in On(g, a))
            foreach (int sb in On(g, b))
            {
                var (x, y) = (g.Segments[sa], g.Segments[sb]);
                int v = x.A == y.A || x.A == y.B ? x.A : x.B == y.A || x.B == y.B ? x.B : -1;
                if (v < 0) continue;
                double tv = x.A == v ? 0 : 1, ta = Along(g, a, sa), ua = y.A == v ? 0 : 1, ub = Along(g, b, sb);
                double da = Math.Abs(ta - tv) * x.Metres, db = Math.Abs(ub - ua) * y.Metres;
                double legV = da + db > 0 ? a.LegMetres + (b.LegMetres - a.LegMetres) * da / (da + db) : a.LegMetres;
                return [Stretch(sa, ta, a.LegMetres, tv, legV), Stretch(sb, ua, legV, ub, b.LegMetres)];
            }
        return [];
    }

    static OracleSource Stretch(int segment, double t1, double leg1, double t2, double leg2) =>
        t1 <= t2 ? new OracleSource(segment, t1, t2, leg1, leg2) : new OracleSource(segment, t2, t1, leg2, leg1);

    static int? VertexAt(OracleWalkGraph g, OraclePlace p)
    {
        var s = g.Segments[p.Segment];
        return p.T * s.Metres <= AtVertexMetres ? s.A : (1 - p.T) * s.Metres <= AtVertexMetres ? s.B : null;
    }

    static IEnumerable<int> On(OracleWalkGraph g, OraclePlace p) =>
        VertexAt(g, p) is int v ? g.Incident(v).Where(s => !g.Segments[s].IsFerry) : [p.Segment];

    static double Along(OracleWalkGraph g, OraclePlace p, int segment)
    {
        if (segment == p.Segment) return p.T;
        return g.Segments[segment].A == VertexAt(g, p) ? 0 : 1;
    }
}
