using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Isochrones;

/// <summary>
/// Marching squares on a <see cref="TimeField"/>: the area T ≤ level as closed rings, the inside on the left (shells
/// counter-clockwise, holes clockwise). Each crossing lies on one grid side and is placed by linear interpolation of
/// that side's two values, so it is the same point for both cells that share the side and segments chain into rings
/// by side id; a saddle cell is decided by its centre value (the mean of its corners). Level sets of one field never
/// cross, so the areas of rising levels nest.
/// </summary>
static class Contours
{
    /// <summary>Closed rings (first = last coordinate) of the area T ≤ level, in the field's projected coordinates.</summary>
    public static List<Coordinate[]> Rings(TimeField field, float level)
    {
        var next = new Dictionary<int, int>();
        int nx = field.Nx, ny = field.Ny;
        var v = field.Values;
        Span<int> sides = stackalloc int[4];
        Span<bool> exits = stackalloc bool[4];
        for (int j = 0; j + 1 < ny; j++)
            for (int i = 0; i + 1 < nx; i++)
            {
                int k = j * nx + i;
                float a = v[k], b = v[k + 1], c = v[k + nx + 1], d = v[k + nx];
                bool ia = a <= level, ib = b <= level, ic = c <= level, id = d <= level;
                if (ia == ib && ib == ic && ic == id) continue;
                // Sides counter-clockwise: bottom (a→b), right (b→c), top (c→d), left (d→a); an exit goes in → out.
                int n = 0;
                if (ia != ib) { sides[n] = 2 * k; exits[n++] = ia; }
                if (ib != ic) { sides[n] = 2 * (k + 1) + 1; exits[n++] = ib; }
                if (ic != id) { sides[n] = 2 * (k + nx); exits[n++] = ic; }
                if (id != ia) { sides[n] = 2 * k + 1; exits[n++] = id; }
                if (n == 2)
                {
                    if (exits[0]) next[sides[0]] = sides[1]; else next[sides[1]] = sides[0];
                    continue;
                }
                // Saddle: centre inside joins the inside corners (each exit runs to the next entry), else to the previous.
                bool centreInside = (a + b + c + d) / 4 <= level;
                for (int s = 0; s < 4; s++)
                    if (exits[s]) next[sides[s]] = sides[(s + (centreInside ? 1 : 3)) % 4];
            }
        return Chain(field, level, next);
    }

    static List<Coordinate[]> Chain(TimeField field, float level, Dictionary<int, int> next)
    {
        var rings = new List<Coordinate[]>();
        var ring = new List<Coordinate>();
        while (next.Count > 0)
        {
            int start = next.Keys.First(), side = start;
            ring.Clear();
            do
            {
                ring.Add(Crossing(field, level, side));
                int to = next[side];
                next.Remove(side);
                side = to;
            } while (side != start && next.ContainsKey(side));
            if (ring.Count < 3) continue;
            ring.Add(ring[0].Copy());
            rings.Add(ring.ToArray());
        }
        return rings;
    }

    /// <summary>Where the level crosses grid side id (2·vertex for the side towards +x, 2·vertex + 1 towards +y).</summary>
    static Coordinate Crossing(TimeField field, float level, int side)
    {
        int k = side >> 1, i = k % field.Nx, j = k / field.Nx;
        bool up = (side & 1) == 1;
        float f0 = field.Values[k], f1 = field.Values[up ? k + field.Nx : k + 1];
        double t = Math.Clamp((level - f0) / (double)(f1 - f0), 1e-3, 1 - 1e-3);
        return up ? new Coordinate(field.X(i), field.Y(j) + t * field.CellMetres) : new Coordinate(field.X(i) + t * field.CellMetres, field.Y(j));
    }

    /// <summary>
    /// Polygons from oriented rings: counter-clockwise rings are shells, clockwise ones holes, each hole in the smallest
    /// shell around it (shells may lie in holes of other shells).
    /// </summary>
    public static Geometry Polygons(GeometryFactory factory, IEnumerable<Coordinate[]> rings)
    {
        var shells = new List<(Coordinate[] Ring, double Area, Envelope Box, List<LinearRing> Holes)>();
        var holes = new List<(Coordinate[] Ring, Envelope Box)>();
        foreach (var r in rings)
        {
            double area = Area.OfRingSigned(r); // NTS: positive for clockwise
            if (area < 0) shells.Add((r, -area, new Envelope(r), []));
            else if (area > 0) holes.Add((r, new Envelope(r)));
        }
        shells.Sort((x, y) => x.Area.CompareTo(y.Area));
        foreach (var (hole, box) in holes)
        {
            var probe = hole[0];
            foreach (var shell in shells)
                if (shell.Box.Covers(box) && PointLocation.IsInRing(probe, shell.Ring))
                {
                    shell.Holes.Add(factory.CreateLinearRing(hole));
                    break;
                }
        }
        var polygons = shells.Select(s => factory.CreatePolygon(factory.CreateLinearRing(s.Ring), s.Holes.ToArray())).ToArray();
        return polygons.Length switch
        {
            0 => factory.CreatePolygon(),
            1 => polygons[0],
            _ => factory.CreateMultiPolygon(polygons),
        };
    }

    /// <summary>The ring reversed (a shell of the shorter level becomes a hole of the band and the other way round).</summary>
    public static Coordinate[] Reversed(Coordinate[] ring)
    {
        var r = (Coordinate[])ring.Clone();
        Array.Reverse(r);
        return r;
    }
}
