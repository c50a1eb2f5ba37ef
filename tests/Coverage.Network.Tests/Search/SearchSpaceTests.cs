using Coverage.Core;
using Coverage.Network.Search;
using Coverage.Network.Snapping;

namespace Coverage.Network.Tests.Search;

/// <summary>
/// The search's queue against a sorted set of (seconds, node) used the way Dijkstra uses it: keys at or after the last
/// popped time, improved nodes pushed again, equal times on many nodes (grids), and zero-second arcs that queue a lower
/// node at the very time just popped (below the last key). Every pop must be the set's least entry: the search's settle
/// order, and so its ties, depend on it.
/// </summary>
public class SearchSpaceTests
{
    [Theory]
    [InlineData(100_000, 4095, false)]
    [InlineData(100_000, 4096, true)]
    [InlineData(100_000, 256, false)]
    [InlineData(SearchSpace.LargeGraphNodes - 1, 256, false)]
    [InlineData(SearchSpace.LargeGraphNodes, 255, false)]
    [InlineData(SearchSpace.LargeGraphNodes, 256, true)]
    [InlineData(1_000_000, 1, false)]
    public void The_radix_queue_is_taken_from_thousands_of_places_or_hundreds_on_a_large_graph(int nodes, int seeds, bool wide)
    {
        var space = new SearchSpace(nodes, 1);
        space.Begin(seeds);
        Assert.Equal(wide, space.Wide is not null);
        space.Begin(0);
        Assert.Null(space.Wide);
    }

    [Theory]
    [InlineData(1, 8, false)]
    [InlineData(2, 256, false)]
    [InlineData(3, 1, false)]
    [InlineData(1, 8, true)]
    [InlineData(2, 256, true)]
    [InlineData(3, 1, true)]
    public void Pops_come_in_exact_time_then_node_order_as_a_sorted_set_gives_them(int seed, int slots, bool wide)
    {
        var random = new Random(seed);
        var space = new SearchSpace(100_000, slots) { WideFrom = wide ? 0 : int.MaxValue };
        space.Begin(0);
        Assert.Equal(wide, space.Wide is not null);
        for (int round = 0; round < 3; round++) // the same space reused after Clear, as a pooled scratch is
        {
            var oracle = new SortedSet<(float Seconds, int Node)>();
            float last = 0;
            for (int i = 0; i < 200; i++) Queue(space, oracle, random.Next(100_000), (float)(random.NextDouble() * 50));
            int pops = 0, belowLast = 0;
            while (oracle.Count > 0)
            {
                Assert.Equal(oracle.Count, space.Count);
                var want = oracle.Min;
                int node = space.PopMin(out float key);
                Assert.Equal(want, (key, node));
                oracle.Remove(want);
                last = key;
                pops++;
                // Relax a few arcs: mostly ahead in time, often to the very same time (0 s arcs, equal grid steps), some to a lower node.
                int arcs = pops < 20_000 ? random.Next(4) : 0;
                for (int a = 0; a < arcs; a++)
                {
                    int kind = random.Next(10);
                    float t = kind switch
                    {
                        0 => last,                                           // 0-second arc
                        1 => last + 1e-9f,                                   // too short to change a float time
                        2 => MathF.Round(last) + 1,                          // grid steps: many nodes at one time
                        _ => last + (float)(random.NextDouble() * 30),
                    };
                    int next = kind < 2 && node > 0 ? random.Next(node) : random.Next(100_000); // lower node: below the last key
                    if (kind < 2 && node > 0) belowLast++;
                    Queue(space, oracle, next, t);
                }
            }
            Assert.Equal(0, space.Count);
            Assert.True(pops > 20_000 && belowLast > 100, $"{pops} pops, {belowLast} entries queued below the last key");
            // Leave entries behind: Clear must drop them, as a search that stopped at its stop nodes does.
            for (int i = 0; i < 50; i++) space.Push(random.Next(100_000), (float)(random.NextDouble() * 1e4));
            space.PopMin(out _);
            space.Clear();
            Assert.Equal(0, space.Count);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Zero_and_negative_zero_keys_are_one_time(bool wide)
    {
        var space = new SearchSpace(10, 1) { WideFrom = wide ? 0 : int.MaxValue };
        space.Begin(0);
        space.Push(5, 0f);
        space.Push(3, -0f);
        Assert.Equal(3, space.PopMin(out float a));
        Assert.Equal(5, space.PopMin(out float b));
        Assert.Equal(0f, a);
        Assert.Equal(0f, b);
    }

    /// <summary>
    /// A search from thousands of places runs on the radix queue, one from a few on the 4-ary heap; the choice must never
    /// change an answer. On a grid (equal times everywhere: ties settled by node order) and from sources on nodes and
    /// mid-edge, every node's seconds, source and arc into it must be the same, bounded or not, and a space must switch
    /// between the two from one search to the next.
    /// </summary>
    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(400.0)]
    public void A_wide_search_on_the_radix_queue_gives_the_heaps_answer_to_the_bit(double limit)
    {
        var g = LocalNetwork.Grid(90, 50).Build();
        var random = new Random(1201);
        var sources = new SourceSet();
        for (int s = 0; s < SearchSpace.WideSearchSeeds + 500; s++)
        {
            if (s % 3 == 0) sources.AddNode(random.Next(g.NodeCount), s, random.Next(3) * 10);
            else
            {
                int e = random.Next(g.EdgeCount);
                var snap = new SnapResult(SnapStatus.OnNetwork, 0, 0, e, 0, random.Next(5) * g.EdgeLength[e] / 4, 0, 0, random.Next(2) * 5, 0, false);
                sources.AddPoint(snap, s);
            }
        }
        var space = new SearchSpace(g);
        var heap = new TravelTimes(g);
        var radix = new TravelTimes(g);
        for (int round = 0; round < 2; round++)
        {
            space.WideFrom = int.MaxValue;
            BoundedDijkstra.Run(g, WalkProfile.Adult, sources, limit, space, heap);
            Assert.Null(space.Wide);
            space.WideFrom = SearchSpace.WideSearchSeeds;
            BoundedDijkstra.Run(g, WalkProfile.Adult, sources, limit, space, radix);
            Assert.NotNull(space.Wide);
            Assert.Equal(heap.Seconds, radix.Seconds);
            Assert.Equal(heap.Source, radix.Source);
            Assert.Equal(heap.ParentArc, radix.ParentArc);
        }
        // Ties were met: nodes whose time two different sources reach exactly, settled by the queue's order.
        int reached = heap.Seconds.Count(float.IsFinite), tied = 0;
        for (int n = 0; n < g.NodeCount; n++)
            for (int a = g.FirstArc[n]; a < g.FirstArc[n + 1]; a++)
            {
                int v = g.ArcCosts(WalkProfile.Adult)[a].Head;
                if (float.IsFinite(heap.Seconds[n]) && heap.Seconds[n] == heap.Seconds[v] && heap.Source[n] != heap.Source[v]) tied++;
            }
        Assert.True(reached > g.NodeCount / 2 && tied > 50, $"{reached} of {g.NodeCount} nodes reached, {tied} equal-time neighbours of different sources");
    }

    static void Queue(SearchSpace space, SortedSet<(float, int)> oracle, int node, float seconds)
    {
        // The search never queues one node twice at one time (it pushes only strictly better times).
        if (!oracle.Add((seconds, node))) return;
        space.Push(node, seconds);
    }
}
