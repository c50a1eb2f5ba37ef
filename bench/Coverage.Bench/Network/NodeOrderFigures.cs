using System.Globalization;
using Coverage.Core;
using Coverage.Network.Graph;
using Coverage.Network.Search;

namespace Coverage.Bench.Network;

/// <summary>
/// <c>node-order GRAPH</c>: what numbering the graph's nodes along a Hilbert curve (<see cref="WalkGraphOrder"/>, as the
/// reader now does) is worth to a search, against the numbering a reader gives when it meets nodes way by way with the
/// ways in an order unrelated to where they are (OSM way ids follow mapping history, not place: a real province's
/// extract). The stress region's generator writes its ways in spatial order, so its graph as generated is the kind
/// case; the scattered order is made from it by shuffling its ways and numbering nodes as met. Three numberings, the same
/// sources: as built (Hilbert), ways as generated, ways shuffled. CPU ms per search (median of 5, three rounds); every
/// node's time and source is compared across the numberings (they must be equal: the numbering changes the order of the
/// work, never its answer).
/// </summary>
public static class NodeOrderFigures
{
    public static int Run(string[] args)
    {
        var ci = CultureInfo.InvariantCulture;
        if (args.Length != 1)
        {
            Console.Error.WriteLine("Usage: node-order GRAPH   (an extract name, grid:N or stress:SCALE)");
            return 2;
        }
        var g = BenchData.Graph(args[0]);
        int n = g.NodeCount;
        var generated = Numbered(g, NumberedAsMet(g, shuffleWays: false));
        var scattered = Numbered(g, NumberedAsMet(g, shuffleWays: true));
        var graphs = new (string Name, WalkGraph Graph, int[] NewId)[]
        {
            ("hilbert", g, Enumerable.Range(0, n).ToArray()),
            ("ways as generated", generated.Graph, generated.NewId),
            ("ways shuffled", scattered.Graph, scattered.NewId),
        };
        string gaps = string.Join(", ", graphs.Select(x => string.Create(ci, $"{x.Name} {MeanGap(x.Graph):N0}")));
        Console.WriteLine(string.Create(ci, $"# node-order {args[0]}: {n:N0} nodes; mean |from - to| over edges: {gaps}"));
        Console.WriteLine($"# {Timing.JitTiering}");
        int failures = 0;
        var profile = WalkProfile.Adult;
        foreach (var (count, limit) in new[] { (20, double.PositiveInfinity), (300, double.PositiveInfinity), (2000, 900.0),
                     (2000, double.PositiveInfinity), (20000, double.PositiveInfinity) })
        {
            var nodes = BenchData.RandomNodes(g, count, 42);
            var runs = graphs.Select(x =>
            {
                var set = new SourceSet();
                for (int i = 0; i < nodes.Length; i++) set.AddNode(x.NewId[nodes[i]], i);
                return (x.Name, x.Graph, x.NewId, Sources: set, Space: new SearchSpace(x.Graph), Times: new TravelTimes(x.Graph));
            }).ToArray();
            for (int round = 0; round < 3; round++)
            {
                var cpu = new double[runs.Length];
                for (int k = 0; k < runs.Length; k++)
                {
                    var r = runs[k];
                    (_, cpu[k]) = Timing.Measure(5, () => BoundedDijkstra.Run(r.Graph, profile, r.Sources, limit, r.Space, r.Times, tree: false));
                }
                int differ = 0;
                for (int k = 1; k < runs.Length; k++)
                    for (int i = 0; i < n; i++)
                        if (runs[0].Times.Seconds[i] != runs[k].Times.Seconds[runs[k].NewId[i]] || runs[0].Times.Source[i] != runs[k].Times.Source[runs[k].NewId[i]]) differ++;
                if (differ > 0) failures++;
                string each = string.Join(", ", runs.Select((r, k) => string.Create(ci, $"{r.Name} {cpu[k]:N1}")));
                Console.WriteLine(string.Create(ci, $"sources {count} limit {limit}: {each} ms cpu; shuffled / hilbert {cpu[2] / cpu[0]:N2}, " +
                    $"generated / hilbert {cpu[1] / cpu[0]:N2}; node times or sources that differ {differ}"));
            }
        }
        if (failures > 0) Console.Error.WriteLine($"{failures} runs gave other times or sources in a renumbered graph: a numbering must not change an answer");
        return failures > 0 ? 1 : 0;
    }

    static (WalkGraph Graph, int[] NewId) Numbered(WalkGraph g, int[] newId) => (WalkGraphOrder.Renumbered(g, newId), newId);

    /// <summary>Nodes numbered as a reader meets them: way by way (in the order of their OSM ids, or shuffled), each edge's ends in edge order.</summary>
    static int[] NumberedAsMet(WalkGraph g, bool shuffleWays)
    {
        var edges = Enumerable.Range(0, g.EdgeCount).ToArray();
        // Edges of one way stay together and in their order; the ways are taken in id order or in a random order.
        var wayRank = new Dictionary<long, int>();
        foreach (long w in g.Ways.WayId.Distinct().OrderBy(w => w)) wayRank[w] = wayRank.Count;
        if (shuffleWays)
        {
            var rng = new Random(7);
            var ranks = Enumerable.Range(0, wayRank.Count).OrderBy(_ => rng.Next()).ToArray();
            foreach (var w in wayRank.Keys.ToList()) wayRank[w] = ranks[wayRank[w]];
        }
        var byWay = edges.OrderBy(e => wayRank[g.Ways.WayId[e]]).ThenBy(e => e).ToArray();
        var newId = Enumerable.Repeat(-1, g.NodeCount).ToArray();
        int next = 0;
        foreach (int e in byWay)
        {
            if (newId[g.EdgeFrom[e]] < 0) newId[g.EdgeFrom[e]] = next++;
            if (newId[g.EdgeTo[e]] < 0) newId[g.EdgeTo[e]] = next++;
        }
        for (int i = 0; i < newId.Length; i++) if (newId[i] < 0) newId[i] = next++;
        return newId;
    }

    static double MeanGap(WalkGraph g)
    {
        double sum = 0;
        for (int e = 0; e < g.EdgeCount; e++) sum += Math.Abs(g.EdgeFrom[e] - g.EdgeTo[e]);
        return sum / Math.Max(1, g.EdgeCount);
    }
}
