using Coverage.Network.Search;

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
    [InlineData(1, 8)]
    [InlineData(2, 256)]
    [InlineData(3, 1)]
    public void Pops_come_in_exact_time_then_node_order_as_a_sorted_set_gives_them(int seed, int slots)
    {
        var random = new Random(seed);
        var space = new SearchSpace(100_000, slots);
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

    [Fact]
    public void Zero_and_negative_zero_keys_are_one_time()
    {
        var space = new SearchSpace(10, 1);
        space.Push(5, 0f);
        space.Push(3, -0f);
        Assert.Equal(3, space.PopMin(out float a));
        Assert.Equal(5, space.PopMin(out float b));
        Assert.Equal(0f, a);
        Assert.Equal(0f, b);
    }

    static void Queue(SearchSpace space, SortedSet<(float, int)> oracle, int node, float seconds)
    {
        // The search never queues one node twice at one time (it pushes only strictly better times).
        if (!oracle.Add((seconds, node))) return;
        space.Push(node, seconds);
    }
}
