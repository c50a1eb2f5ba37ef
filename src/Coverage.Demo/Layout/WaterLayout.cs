using Coverage.Demo.Random;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Coverage.Demo.Layout;

/// <summary>
/// Lakes (湖荡) kept clear of town centres and trunk roads, long canals crossing the whole county, and branch
/// canals wandering off them into the farmland: the water that cuts villages off from each other.
/// </summary>
internal static class WaterLayout
{
    public const double GuardMetres = 3;
    static readonly GeometryFactory Factory = new();

    public static List<WaterBody> Place(LocalFrame frame, double scale, IReadOnlyList<Town> towns,
        IReadOnlyList<RoadPlan> trunkRoads, SeededRandom random, NameBook names)
    {
        var water = new List<WaterBody>();
        // Town centres in a grid: a province has ~1,600 towns, too many to scan for every trial point.
        var centres = new SpacedPoints(TownSearchCell);
        foreach (var t in towns) centres.Add(t.Centre);
        PlaceLakes(frame, scale, towns, centres, trunkRoads, random, names, water);
        int majorCount = water.Count;
        int perDirection = Math.Max(2, (int)Math.Round(3 * Math.Sqrt(scale)));
        for (int k = 0; k < perDirection; k++)
        {
            water.Add(MajorCanal(frame, centres, random, names, k, perDirection, eastWest: true));
            water.Add(MajorCanal(frame, centres, random, names, k, perDirection, eastWest: false));
        }
        var majors = water.Skip(majorCount).ToList();
        int branches = (int)Math.Round(random.Int(40, 55) * scale);
        for (int b = 0; b < branches; b++)
        {
            var canal = BranchCanal(frame, centres, majors, random, names);
            if (canal != null) water.Add(canal);
        }
        return water;
    }

    const double TownSearchCell = 2000, MaxLakeRadius = 1300, SeatClearance = 3500, TownClearance = 2500;

    static void PlaceLakes(LocalFrame frame, double scale, IReadOnlyList<Town> towns, SpacedPoints centres,
        IReadOnlyList<RoadPlan> trunkRoads, SeededRandom random, NameBook names, List<WaterBody> water)
    {
        var seat = towns.First(t => t.IsSeat).Centre;
        var roadTree = new STRtree<LineString>();
        foreach (var r in trunkRoads)
        {
            var line = Factory.CreateLineString(r.Points);
            roadTree.Insert(line.EnvelopeInternal, line);
        }
        int wanted = (int)Math.Round(random.Int(6, 10) * scale);
        // Lakes by centre (the same instances are found again), with their radii: the checks below visit only neighbours.
        var lakes = new SpacedPoints(TownSearchCell);
        var lakeRadius = new Dictionary<Coordinate, double>(ReferenceEqualityComparer.Instance);
        for (int attempt = 0; attempt < wanted * 300 && lakeRadius.Count < wanted; attempt++)
        {
            double r = random.Range(350, MaxLakeRadius);
            var c = new Coordinate(random.Range(r + 500, frame.SideMetres - r - 500), random.Range(r + 500, frame.SideMetres - r - 500));
            if (seat.Distance(c) < r + SeatClearance || centres.NearestDistance(c, r + TownClearance) < r + TownClearance) continue;
            if (lakes.Within(c, 1.35 * (r + MaxLakeRadius) + 300).Any(l => l.Distance(c) < 1.35 * (r + lakeRadius[l]) + 300)) continue;
            var reach = new Envelope(c); reach.ExpandBy(1.35 * r + 150);
            var centre = Factory.CreatePoint(c);
            if (roadTree.Query(reach).Any(l => l.Distance(centre) < 1.35 * r + 150)) continue;
            lakes.Add(c);
            lakeRadius.Add(c, r);
            var (outline, guard) = Blob(c, r, random);
            water.Add(new WaterBody { Name = names.Lake(), Kind = WaterKind.Lake, Outline = outline, Guard = guard, Width = 2 * r });
        }
    }

    /// <summary>A star-shaped lake: a circle with a few gentle harmonics (amplitudes sum below 0.3, so it stays simple).</summary>
    static (Polygon Outline, Polygon Guard) Blob(Coordinate c, double r, SeededRandom random)
    {
        const int n = 56;
        var harmonics = new (int K, double A, double Phase)[]
        {
            (2, random.Range(0.04, 0.12), random.Range(0, 2 * Math.PI)),
            (3, random.Range(0.02, 0.09), random.Range(0, 2 * Math.PI)),
            (5, random.Range(0.01, 0.05), random.Range(0, 2 * Math.PI)),
        };
        var outline = new Coordinate[n + 1];
        var guard = new Coordinate[n + 1];
        for (int i = 0; i < n; i++)
        {
            double theta = 2 * Math.PI * i / n;
            double f = 1;
            foreach (var (k, a, phase) in harmonics) f += a * DetMath.Cos(k * theta + phase);
            var (s, co) = DetMath.SinCos(theta);
            outline[i] = new Coordinate(c.X + r * f * co, c.Y + r * f * s);
            guard[i] = new Coordinate(c.X + (r * f + GuardMetres + 2) * co, c.Y + (r * f + GuardMetres + 2) * s);
        }
        outline[n] = outline[0].Copy();
        guard[n] = guard[0].Copy();
        return (Factory.CreatePolygon(outline), Factory.CreatePolygon(guard));
    }

    static WaterBody MajorCanal(LocalFrame frame, SpacedPoints towns, SeededRandom random, NameBook names,
        int k, int count, bool eastWest)
    {
        double side = frame.SideMetres;
        Coordinate[] line = [];
        for (int attempt = 0; attempt < 12; attempt++)
        {
            double b = (k + 0.5 + random.Range(-0.25, 0.25)) / count * side;
            double a1 = random.Range(150, 400), l1 = random.Range(4000, 9000), p1 = random.Range(0, 2 * Math.PI);
            double a2 = random.Range(40, 120), l2 = random.Range(1200, 2500), p2 = random.Range(0, 2 * Math.PI);
            var pts = new List<Coordinate>();
            for (double s = -200; s <= side + 200; s += 200)
            {
                double off = b + a1 * DetMath.Sin(2 * Math.PI * s / l1 + p1) + a2 * DetMath.Sin(2 * Math.PI * s / l2 + p2);
                pts.Add(eastWest ? new Coordinate(s, off) : new Coordinate(off, s));
            }
            line = [.. pts];
            // Keep town centres on dry land, so their main junction is not in the water.
            var ls = Factory.CreateLineString(line);
            if (IsClearOf(ls, towns, 250)) break;
        }
        return Canal(line, random.Range(28, 45), names.Canal());
    }

    /// <summary>True when no point is within <paramref name="clearance"/> of the line: only points near its vertices are measured.</summary>
    static bool IsClearOf(LineString line, SpacedPoints points, double clearance)
    {
        // Every point within the clearance of a segment lies within clearance + half the segment of one of its ends.
        var c = line.Coordinates;
        for (int i = 0; i + 1 < c.Length; i++)
            foreach (var p in points.Within(c[i], clearance + c[i].Distance(c[i + 1])))
                if (line.Distance(Factory.CreatePoint(p)) <= clearance) return false;
        return true;
    }

    static WaterBody? BranchCanal(LocalFrame frame, SpacedPoints towns, List<WaterBody> majors,
        SeededRandom random, NameBook names)
    {
        var parent = random.Pick(majors).Centreline;
        int at = random.Int(5, parent.Length - 6);
        var start = parent[at];
        if (!frame.Contains(start, 1000)) return null;
        var (tx, ty) = Unit(parent[at + 1].X - parent[at - 1].X, parent[at + 1].Y - parent[at - 1].Y);
        double sign = random.Chance(0.5) ? 1 : -1;
        double dx = -ty * sign, dy = tx * sign;                 // leave the parent canal at a right angle
        int steps = random.Int(8, 25);
        double heading = 0;
        var pts = new List<Coordinate> { start };
        var p = start;
        for (int i = 0; i < steps; i++)
        {
            double turn = Math.Clamp(heading + random.Range(-0.35, 0.35), -1.0, 1.0) - heading;  // bounded: never loops
            heading += turn;
            var (s, c) = DetMath.SinCos(turn);
            (dx, dy) = (dx * c - dy * s, dx * s + dy * c);
            p = new Coordinate(p.X + dx * 200, p.Y + dy * 200);
            if (!frame.Contains(p, 100) || towns.NearestDistance(p, 400) < 400) break;
            pts.Add(p);
        }
        return pts.Count < 5 ? null : Canal([.. pts], random.Range(12, 22), names.Canal());
    }

    const int PieceSegments = 16;

    public static WaterBody Canal(Coordinate[] centreline, double width, string name)
    {
        // Flat ends: the guard reaches past them too, so a road rounding the end of a creek keeps its distance.
        var guardLine = Extended(centreline, GuardMetres + 1);
        return new WaterBody
        {
            Name = name, Kind = WaterKind.Canal, Centreline = centreline, Width = width,
            Outline = Ribbon(centreline, width / 2),
            Guard = Ribbon(guardLine, width / 2 + GuardMetres),
            OutlinePieces = RibbonPieces(centreline, width / 2, PieceSegments),
            GuardPieces = RibbonPieces(guardLine, width / 2 + GuardMetres, PieceSegments),
        };
    }

    static Coordinate[] Extended(Coordinate[] line, double by)
    {
        var result = (Coordinate[])line.Clone();
        var (ax, ay) = Unit(line[0].X - line[1].X, line[0].Y - line[1].Y);
        var (bx, by2) = Unit(line[^1].X - line[^2].X, line[^1].Y - line[^2].Y);
        result[0] = new Coordinate(line[0].X + ax * by, line[0].Y + ay * by);
        result[^1] = new Coordinate(line[^1].X + bx * by, line[^1].Y + by2 * by);
        return result;
    }

    /// <summary>A polygon of constant half-width around a gently curving line (flat ends), built without buffer's trigonometry.</summary>
    public static Polygon Ribbon(Coordinate[] line, double half) => RibbonPiece(Sides(line, half), 0, line.Length - 1);

    /// <summary>
    /// The same ribbon cut into pieces of at most <paramref name="window"/> segments sharing their cross-section edges,
    /// so spatial queries and overlays on a 30 km canal touch only the few pieces nearby.
    /// </summary>
    public static List<Polygon> RibbonPieces(Coordinate[] line, double half, int window)
    {
        var sides = Sides(line, half);
        var pieces = new List<Polygon>();
        for (int a = 0; a < line.Length - 1; a += window) pieces.Add(RibbonPiece(sides, a, Math.Min(a + window, line.Length - 1)));
        return pieces;
    }

    static (Coordinate[] Left, Coordinate[] Right) Sides(Coordinate[] line, double half)
    {
        int n = line.Length;
        var left = new Coordinate[n];
        var right = new Coordinate[n];
        for (int i = 0; i < n; i++)
        {
            var a = line[Math.Max(0, i - 1)];
            var b = line[Math.Min(n - 1, i + 1)];
            var (tx, ty) = Unit(b.X - a.X, b.Y - a.Y);
            left[i] = new Coordinate(line[i].X - ty * half, line[i].Y + tx * half);
            right[i] = new Coordinate(line[i].X + ty * half, line[i].Y - tx * half);
        }
        return (left, right);
    }

    static Polygon RibbonPiece((Coordinate[] Left, Coordinate[] Right) sides, int from, int to)
    {
        var ring = new List<Coordinate>();
        for (int i = from; i <= to; i++) ring.Add(sides.Left[i].Copy());
        for (int i = to; i >= from; i--) ring.Add(sides.Right[i].Copy());
        ring.Add(sides.Left[from].Copy());
        return Factory.CreatePolygon([.. ring]);
    }

    public static (double X, double Y) Unit(double x, double y)
    {
        double len = Math.Sqrt(x * x + y * y);
        return len == 0 ? (1, 0) : (x / len, y / len);
    }
}
