using NetTopologySuite.Geometries;

namespace Coverage.Demo.Layout;

/// <summary>
/// Makes every crossing of two walkable ways a junction, as in OSM: the crossing point is inserted into both ways
/// (snapped to an existing vertex within 5 cm) so they share one node. Ways marked not noded (the motorway, the
/// ferry) pass over or under everything. Segment buckets are looked up, never enumerated, so the result is stable.
/// </summary>
internal static class Junctions
{
    const double CellSize = 250, Snap = 0.05;

    public static void Insert(List<WayDraft> ways)
    {
        var buckets = new Dictionary<(int, int), List<(int Way, int Seg)>>();
        var inserts = ways.Select(_ => new List<(int Seg, double T, Coordinate P)>()).ToArray();
        for (int w = 0; w < ways.Count; w++)
        {
            if (!ways[w].Noded) continue;
            var pts = ways[w].Points;
            for (int s = 0; s + 1 < pts.Count; s++)
            {
                var (x0, y0, x1, y1) = Cells(pts[s], pts[s + 1]);
                for (int cx = x0; cx <= x1; cx++)
                    for (int cy = y0; cy <= y1; cy++)
                    {
                        if (!buckets.TryGetValue((cx, cy), out var list)) buckets[(cx, cy)] = list = [];
                        foreach (var (w2, s2) in list)
                        {
                            if (w2 == w && s2 + 1 >= s) continue;                 // neighbours share a vertex
                            // Visit each pair once: in the lowest cell both segments cover.
                            var (u0, v0, _, _) = Cells(ways[w2].Points[s2], ways[w2].Points[s2 + 1]);
                            if (cx == Math.Max(x0, u0) && cy == Math.Max(y0, v0)) Cross(ways, inserts, w2, s2, w, s);
                        }
                        list.Add((w, s));
                    }
            }
        }
        for (int w = 0; w < ways.Count; w++)
        {
            if (inserts[w].Count == 0) continue;
            var pts = ways[w].Points;
            var result = new List<Coordinate>(pts.Count + inserts[w].Count);
            var sorted = inserts[w].OrderBy(i => i.Seg).ThenBy(i => i.T).ToList();
            int k = 0;
            for (int s = 0; s < pts.Count; s++)
            {
                Append(result, pts[s]);
                while (k < sorted.Count && sorted[k].Seg == s) Append(result, sorted[k++].P);
            }
            ways[w].Points = result;
        }
    }

    static void Append(List<Coordinate> list, Coordinate p)
    {
        if (list.Count == 0 || !list[^1].Equals2D(p)) list.Add(p);
    }

    static (int, int, int, int) Cells(Coordinate a, Coordinate b) => (
        (int)Math.Floor(Math.Min(a.X, b.X) / CellSize), (int)Math.Floor(Math.Min(a.Y, b.Y) / CellSize),
        (int)Math.Floor(Math.Max(a.X, b.X) / CellSize), (int)Math.Floor(Math.Max(a.Y, b.Y) / CellSize));

    static void Cross(List<WayDraft> ways, List<(int, double, Coordinate)>[] inserts, int wp, int sp, int wq, int sq)
    {
        Coordinate p1 = ways[wp].Points[sp], p2 = ways[wp].Points[sp + 1];
        Coordinate q1 = ways[wq].Points[sq], q2 = ways[wq].Points[sq + 1];
        double rx = p2.X - p1.X, ry = p2.Y - p1.Y, sx = q2.X - q1.X, sy = q2.Y - q1.Y;
        double denom = rx * sy - ry * sx;
        double lp = Math.Sqrt(rx * rx + ry * ry), lq = Math.Sqrt(sx * sx + sy * sy);
        if (lp == 0 || lq == 0 || Math.Abs(denom) < 1e-9 * lp * lq) return;   // parallel: no single crossing
        double qx = q1.X - p1.X, qy = q1.Y - p1.Y;
        double t = (qx * sy - qy * sx) / denom, u = (qx * ry - qy * rx) / denom;
        double ep = Snap / lp, eq = Snap / lq;
        if (t < -ep || t > 1 + ep || u < -eq || u > 1 + eq) return;
        Coordinate point =
            t <= ep ? p1 : t >= 1 - ep ? p2 :
            u <= eq ? q1 : u >= 1 - eq ? q2 :
            new Coordinate(p1.X + t * rx, p1.Y + t * ry);
        if (!point.Equals2D(p1) && !point.Equals2D(p2)) inserts[wp].Add((sp, Param(p1, rx, ry, lp, point), point));
        if (!point.Equals2D(q1) && !point.Equals2D(q2)) inserts[wq].Add((sq, Param(q1, sx, sy, lq, point), point));
    }

    static double Param(Coordinate a, double dx, double dy, double len, Coordinate p) =>
        ((p.X - a.X) * dx + (p.Y - a.Y) * dy) / (len * len);
}
