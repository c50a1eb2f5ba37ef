using Coverage.Core;
using Coverage.Network.Graph;
using Coverage.Network.Search;
using Coverage.Network.Snapping;

namespace Coverage.Network.Tests.Search;

/// <summary>
/// A node (or place) as quick to reach from two sources goes to the lower source index, whatever order the search meets
/// them in. Checked against single-source runs on graphs with whole-metre lengths at 1 m/s, where every time is an exact
/// integer and ties are everywhere: the expected source of a node is the lowest s whose own search reaches it as quickly
/// as the best. Zero-length edges (two nodes at one spot) make ties between nodes settled at the same time.
/// </summary>
public class SourceTieTests
{
    static readonly WalkProfile Unit = new("unit", "单位", "Unit", 1.0, 2.0, "test: 1 m/s, so whole metres are whole seconds");

    [Fact]
    public void A_node_as_quick_from_two_sources_goes_to_the_lower_source()
    {
        var rng = new Random(20261202);
        int ties = 0, nodes = 0;
        for (int round = 0; round < 400; round++)
        {
            var g = RandomWholeMetreGraph(rng, out _);
            int k = 2 + rng.Next(5);
            var sources = new SourceSet();
            var seeds = new List<(int Node, int Leg, int Source)>();
            // Sources added in a shuffled order, some sharing a node: the seed order must not decide either.
            foreach (int s in Enumerable.Range(0, k).OrderBy(_ => rng.Next()))
            {
                int node = rng.Next(g.NodeCount), leg = rng.Next(3) == 0 ? rng.Next(4) : 0;
                seeds.Add((node, leg, s));
                sources.AddNode(node, s, leg);
                if (rng.Next(4) == 0) { int other = rng.Next(k); seeds.Add((node, leg, other)); sources.AddNode(node, other, leg); }
            }
            double limit = rng.Next(3) == 0 ? 5 + rng.Next(20) : double.PositiveInfinity;
            var multi = BoundedDijkstra.Run(g, Unit, sources, limit);

            var single = new float[k][];
            for (int s = 0; s < k; s++)
            {
                var one = new SourceSet();
                foreach (var seed in seeds.Where(x => x.Source == s)) one.AddNode(seed.Node, s, seed.Leg);
                single[s] = one.IsEmpty ? Enumerable.Repeat(float.PositiveInfinity, g.NodeCount).ToArray() : BoundedDijkstra.Run(g, Unit, one, limit).Seconds;
            }
            for (int v = 0; v < g.NodeCount; v++)
            {
                float best = Enumerable.Range(0, k).Min(s => single[s][v]);
                int expected = float.IsPositiveInfinity(best) ? -1 : Enumerable.Range(0, k).First(s => single[s][v] == best);
                Assert.Equal(best, multi.Seconds[v]);
                Assert.True(expected == multi.Source[v], $"round {round} node {v}: {best} s from sources " +
                    $"{string.Join(",", Enumerable.Range(0, k).Where(s => single[s][v] == best))}, the search named {multi.Source[v]}");
                if (Enumerable.Range(0, k).Count(s => single[s][v] == best && !float.IsPositiveInfinity(best)) > 1) ties++;
                nodes++;
                // The tree agrees with the source: following parent arcs ends at a seed of the named source.
                if (expected >= 0) Assert.Contains(seeds, x => x.Node == Root(g, multi, v) && x.Source == expected);
            }
        }
        Assert.True(ties > 2000 && nodes > 5000, $"{ties} tied nodes of {nodes}");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void A_place_midway_between_two_sources_goes_to_the_lower_one_read_either_way(int sourceAtFrom, int sourceAtTo)
    {
        var net = new LocalNetwork();
        int a = net.Node(0, 0), b = net.Node(100, 0);
        int edge = net.Edge(a, b);
        var g = net.Build();
        var ends = new SourceSet();
        ends.AddNode(a, sourceAtFrom);
        ends.AddNode(b, sourceAtTo);
        var times = BoundedDijkstra.Run(g, WalkProfile.Adult, ends);
        var middle = new SnapResult(SnapStatus.OnNetwork, 0, 0, edge, 0, 50, 0, 0, 3, g.NodeComponent[a], false);
        Assert.Equal(0, times.ReachOf(middle).Source);
        var seconds = new float[1];
        var source = new int[1];
        times.ReadSamples([SampleSnap.Of(middle)], seconds, source, keepBetterOnly: false);
        Assert.Equal((times.ReachOf(middle).Seconds, 0), (seconds[0], source[0]));
    }

    static int Root(WalkGraph g, TravelTimes t, int v)
    {
        for (int guard = 0; t.ParentArc[v] >= 0; guard++)
        {
            Assert.True(guard <= g.NodeCount, "the search tree has a cycle");
            int arcEdge = g.ArcEdge[t.ParentArc[v]], e = arcEdge >> 1;
            int tail = (arcEdge & 1) == 0 ? g.EdgeFrom[e] : g.EdgeTo[e];
            Assert.Equal(t.Source[v], t.Source[tail]);
            v = tail;
        }
        return v;
    }

    /// <summary>Random graphs of whole-metre edges (a few of 0 m), some one-sided or steps; coordinates are irrelevant here.</summary>
    internal static WalkGraph RandomWholeMetreGraph(Random rng, out List<int> walkable)
    {
        var b = new WalkGraphBuilder();
        int n = 6 + rng.Next(40);
        for (int i = 0; i < n; i++) b.AddNode(120.6 + rng.NextDouble() * 0.01, 31.1 + rng.NextDouble() * 0.01);
        walkable = [];
        int m = n + rng.Next(2 * n);
        for (int e = 0; e < m; e++)
        {
            int u = rng.Next(n), v = rng.Next(n);
            if (u == v) continue;
            var flags = rng.Next(10) switch { < 7 => EdgeFlags.Both, < 9 => EdgeFlags.Forward, _ => EdgeFlags.Backward };
            if (rng.Next(8) == 0) flags |= EdgeFlags.Steps;
            walkable.Add(b.AddEdge(u, v, flags, lengthMetres: rng.Next(10) == 0 ? 0 : 1 + rng.Next(4)));
        }
        return b.Build();
    }
}
