using System.Globalization;
using Coverage.Demo.Random;
using NetTopologySuite.Geometries;
using NetTopologySuite.Triangulate;

namespace Coverage.Demo.Layout;

/// <summary>Primary roads from the seat to the towns, secondary roads between neighbouring towns, and shared helpers.</summary>
internal static class TrunkRoads
{
    static readonly GeometryFactory Factory = new();

    public static List<RoadPlan> Plan(IReadOnlyList<Town> towns, SeededRandom random)
    {
        var plans = new List<RoadPlan>();
        var edges = DelaunayEdges(towns.Select(t => t.Centre).ToList());
        var joined = new HashSet<(int, int)>();
        int seat = 0, refNo = 0;
        for (int t = 1; t < towns.Count; t++)
            if (towns[seat].Centre.Distance(towns[t].Centre) <= 14000)
            {
                joined.Add((seat, t));
                plans.Add(Road(towns[seat], towns[t], "primary", $"S2{++refNo:00}", random));
            }
        var tree = SpanningTree(towns.Count, edges);
        foreach (var (a, b, length) in edges)
        {
            bool inTree = tree.Contains((a, b));
            if (joined.Contains((a, b)) || (!inTree && (length > 9000 || !random.Chance(0.3)))) continue;
            joined.Add((a, b));
            plans.Add(Road(towns[a], towns[b], "secondary", $"X2{++refNo:00}", random));
        }
        return plans;
    }

    static RoadPlan Road(Town a, Town b, string highway, string reference, SeededRandom random) => new()
    {
        Points = Bent(a.Centre, b.Centre, random, 0.06, 2),
        Tags = [("highway", highway), ("name", $"{a.Name[0]}{b.Name[0]}公路"), ("ref", reference)],
    };

    /// <summary>Delaunay edges between sites as (i, j, length) with i &lt; j, sorted by length then indices.</summary>
    public static List<(int A, int B, double Length)> DelaunayEdges(List<Coordinate> sites)
    {
        var index = new Dictionary<Coordinate, int>();
        for (int i = 0; i < sites.Count; i++) index.TryAdd(sites[i], i);
        var builder = new DelaunayTriangulationBuilder();
        builder.SetSites(sites);
        var lines = builder.GetEdges(Factory);
        var edges = new List<(int, int, double)>();
        for (int i = 0; i < lines.NumGeometries; i++)
        {
            var l = (LineString)lines.GetGeometryN(i);
            int a = index[l.GetCoordinateN(0)], b = index[l.GetCoordinateN(1)];
            edges.Add((Math.Min(a, b), Math.Max(a, b), l.Length));
        }
        return [.. edges.OrderBy(e => e.Item3).ThenBy(e => e.Item1).ThenBy(e => e.Item2)];
    }

    /// <summary>Kruskal's minimum spanning forest over length-sorted edges.</summary>
    public static HashSet<(int, int)> SpanningTree(int count, List<(int A, int B, double Length)> sortedEdges)
    {
        var parent = Enumerable.Range(0, count).ToArray();
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        var tree = new HashSet<(int, int)>();
        foreach (var (a, b, _) in sortedEdges)
        {
            int ra = Find(a), rb = Find(b);
            if (ra == rb) continue;
            parent[ra] = rb;
            tree.Add((a, b));
        }
        return tree;
    }

    /// <summary>A line from a to b through <paramref name="bends"/> points pushed sideways by up to a fraction of its length.</summary>
    public static Coordinate[] Bent(Coordinate a, Coordinate b, SeededRandom random, double fraction, int bends)
    {
        double dx = b.X - a.X, dy = b.Y - a.Y;
        var pts = new Coordinate[bends + 2];
        pts[0] = a.Copy(); pts[^1] = b.Copy();
        for (int k = 1; k <= bends; k++)
        {
            double t = (double)k / (bends + 1), off = random.Range(-fraction, fraction);
            pts[k] = new Coordinate(a.X + dx * t - dy * off, a.Y + dy * t + dx * off);
        }
        return pts;
    }

    public static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
