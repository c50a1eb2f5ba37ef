using Coverage.Analysis.Region;
using Coverage.Analysis.Tests.Support;
using Coverage.Core.Domain;
using Coverage.Core.Seeds;
using Coverage.Network.Graph;

namespace Coverage.Analysis.Tests.Capacity;

/// <summary>
/// A small network drawn in metres with point settlements and point facilities at its nodes, and the brute-force oracle
/// times: a plain Dijkstra from every node over the drawn edge lengths (both directions), written here, not the engine's.
/// </summary>
public sealed class SmallTown
{
    public required List<(double X, double Y)> Nodes { get; init; }
    public required List<(int A, int B)> Edges { get; init; }
    /// <summary>Settlement id, node, population, elderly.</summary>
    public required List<(string Id, int Node, int Population, int Elderly)> People { get; init; }
    /// <summary>Facility id, node, capacity (null = unknown).</summary>
    public required List<(string Id, int Node, int? Capacity)> Places { get; init; }

    public const double AdultSpeed = 1.2;

    public AnalysisRegion Region(SeedCatalog seeds)
    {
        var s = new Street();
        foreach (var (x, y) in Nodes) s.Node(x, y);
        foreach (var (a, b) in Edges) s.Edge(a, b);
        var facilities = Places.Select(p => Street.Facility(p.Id, "elderly", null, Street.Point(Nodes[p.Node].X, Nodes[p.Node].Y)) with { Capacity = p.Capacity });
        var settlements = People.Select(p => Street.Settlement(p.Id, p.Node % 2 == 0 ? "T1" : "T2", Street.Point(Nodes[p.Node].X, Nodes[p.Node].Y), p.Population, p.Elderly));
        return new AnalysisRegion(s.Build(), seeds, facilities, settlements);
    }

    /// <summary>Walking seconds between every pair of nodes at the adult speed (+∞ when not connected).</summary>
    public double[,] AllPairsSeconds()
    {
        int n = Nodes.Count;
        var adj = Enumerable.Range(0, n).Select(_ => new List<(int To, double Metres)>()).ToArray();
        foreach (var (a, b) in Edges)
        {
            double d = Math.Sqrt(Math.Pow(Nodes[a].X - Nodes[b].X, 2) + Math.Pow(Nodes[a].Y - Nodes[b].Y, 2));
            adj[a].Add((b, d)); adj[b].Add((a, d));
        }
        var result = new double[n, n];
        for (int src = 0; src < n; src++)
        {
            var dist = Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
            var done = new bool[n];
            dist[src] = 0;
            for (int round = 0; round < n; round++)
            {
                int u = -1;
                for (int v = 0; v < n; v++) if (!done[v] && (u < 0 || dist[v] < dist[u])) u = v;
                if (u < 0 || double.IsPositiveInfinity(dist[u])) break;
                done[u] = true;
                foreach (var (to, m) in adj[u]) dist[to] = Math.Min(dist[to], dist[u] + m);
            }
            for (int v = 0; v < n; v++) result[src, v] = dist[v] / AdultSpeed;
        }
        return result;
    }

    /// <summary>
    /// A random connected town: nodes in a 3 km square, a random spanning tree plus a few extra edges, settlements on some
    /// nodes, facilities on others (about one in four without a capacity).
    /// </summary>
    public static SmallTown Random(int seed)
    {
        var r = new System.Random(seed);
        int n = r.Next(8, 16);
        var nodes = Enumerable.Range(0, n).Select(_ => (Math.Round(r.NextDouble() * 3000, 1), Math.Round(r.NextDouble() * 3000, 1))).ToList();
        var edges = new List<(int, int)>();
        for (int i = 1; i < n; i++) edges.Add((r.Next(i), i));
        for (int extra = r.Next(0, n / 2); extra > 0; extra--)
        {
            int a = r.Next(n), b = r.Next(n);
            if (a != b && !edges.Contains((a, b)) && !edges.Contains((b, a))) edges.Add((a, b));
        }
        var people = Enumerable.Range(0, n).Where(_ => r.NextDouble() < 0.7)
            .Select(i => ($"S{i}", i, r.Next(0, 800), r.Next(0, 200))).ToList();
        var places = Enumerable.Range(0, r.Next(2, 6))
            .Select(j => ($"F{j}", r.Next(n), r.NextDouble() < 0.25 ? (int?)null : r.Next(0, 300))).ToList();
        return new SmallTown { Nodes = nodes, Edges = edges, People = people, Places = places };
    }

    public static SeedCatalog Seeds(double minutes) =>
        TestSeeds.Catalog(TestSeeds.Circle("eld", CircleKind.Nearest, minutes, "adult", "elderly"));

    /// <summary>Minutes for the catchment such that no settlement–facility time lies within 2 s of the limit (fixed-point snaps move times by ~0.01 s).</summary>
    public double ClearLimitMinutes(double around)
    {
        var t = AllPairsSeconds();
        var times = People.SelectMany(p => Places.Select(f => t[p.Node, f.Node])).Where(double.IsFinite).ToList();
        for (double m = around; m < around + 30; m += 0.25)
            if (times.All(x => Math.Abs(x - m * 60) > 2)) return m;
        throw new InvalidOperationException("no clear limit");
    }
}
