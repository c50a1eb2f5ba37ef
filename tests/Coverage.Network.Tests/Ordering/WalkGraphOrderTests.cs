using Coverage.Core;
using Coverage.Network.Graph;
using Coverage.Network.Osm;
using Coverage.Network.Search;
using Coverage.Network.Snapping;
using Coverage.Network.Tests.Search;
using Coverage.Network.Tests.Support;

namespace Coverage.Network.Tests.Ordering;

/// <summary>
/// The graph's nodes numbered along a Hilbert curve (<see cref="WalkGraphOrder"/>): the curve is the curve, a
/// renumbered graph gives every node the same time and source (under the renumbering) and every place the same reach,
/// and an extract is read in that order. Not compared: which of several equally quick routes the tree keeps (and so its
/// metres, when steps make a shorter path as slow as a longer one); that follows the order nodes are met in.
/// </summary>
public class WalkGraphOrderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(6)]
    public void The_curve_visits_every_cell_once_each_step_to_an_edge_neighbour(int order)
    {
        int side = 1 << order;
        var cellAt = new (int X, int Y)?[side * side];
        for (int x = 0; x < side; x++)
            for (int y = 0; y < side; y++)
            {
                long d = WalkGraphOrder.HilbertIndex(order, x, y);
                Assert.InRange(d, 0, side * side - 1);
                Assert.Null(cellAt[d]);
                cellAt[d] = (x, y);
            }
        for (int d = 0; d + 1 < cellAt.Length; d++)
        {
            var (p, q) = (cellAt[d]!.Value, cellAt[d + 1]!.Value);
            Assert.True(Math.Abs(p.X - q.X) + Math.Abs(p.Y - q.Y) == 1, $"step {d}: ({p.X},{p.Y}) → ({q.X},{q.Y})");
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => WalkGraphOrder.HilbertIndex(order, side, 0));
    }

    [Fact]
    public void A_renumbered_graph_times_every_node_and_place_the_same_from_the_same_sources()
    {
        var rng = new Random(20261203);
        int nodes = 0, places = 0;
        for (int round = 0; round < 200; round++)
        {
            var g = SourceTieTests.RandomWholeMetreGraph(rng, out var walkable);
            if (walkable.Count == 0) continue;
            // Half the rounds a random permutation, half the Hilbert order itself.
            var newId = round % 2 == 0 ? Enumerable.Range(0, g.NodeCount).OrderBy(_ => rng.Next()).ToArray()
                : WalkGraphOrder.HilbertNumbers(g.NodeLat7, g.NodeLon7);
            var h = WalkGraphOrder.Renumbered(g, newId);
            var profile = rng.Next(2) == 0 ? WalkProfile.Adult : WalkProfile.Elderly;
            double limit = rng.Next(3) == 0 ? 5 + rng.Next(10) : double.PositiveInfinity;
            var sg = new SourceSet();
            var sh = new SourceSet();
            for (int s = 0, k = 1 + rng.Next(5); s < k; s++)
                if (rng.Next(2) == 0)
                {
                    int node = rng.Next(g.NodeCount);
                    double leg = rng.Next(3);
                    sg.AddNode(node, s, leg); sh.AddNode(newId[node], s, leg);
                }
                else
                {
                    var snap = Place(g, walkable[rng.Next(walkable.Count)], rng);
                    sg.AddPoint(snap, s); sh.AddPoint(snap, s); // edges keep their numbers
                }
            var tg = BoundedDijkstra.Run(g, profile, sg, limit);
            var th = BoundedDijkstra.Run(h, profile, sh, limit);
            for (int v = 0; v < g.NodeCount; v++)
            {
                Assert.Equal(g.NodeLat7[v], h.NodeLat7[newId[v]]);
                Assert.Equal(BitConverter.SingleToInt32Bits(tg.Seconds[v]), BitConverter.SingleToInt32Bits(th.Seconds[newId[v]]));
                Assert.Equal(tg.Source[v], th.Source[newId[v]]);
                nodes++;
            }
            for (int i = 0; i < 10; i++)
            {
                var place = Place(g, walkable[rng.Next(walkable.Count)], rng);
                Assert.Equal(tg.ReachOf(place).Seconds, th.ReachOf(place).Seconds);
                Assert.Equal(tg.ReachOf(place).Source, th.ReachOf(place).Source);
                places++;
            }
            // Components: the same partition, labels moved with their nodes, largest first.
            var (fresh, sizes) = WalkGraphBuilder.LabelComponents(h.NodeCount, h.EdgeFrom, h.EdgeTo);
            Assert.Equal(sizes, h.ComponentNodeCount);
            for (int e = 0; e < h.EdgeCount; e++) Assert.Equal(h.NodeComponent[h.EdgeFrom[e]], h.NodeComponent[h.EdgeTo[e]]);
            for (int v = 0; v < g.NodeCount; v++) Assert.Equal(g.NodeComponent[v], h.NodeComponent[newId[v]]);
            Assert.Equal(fresh.Distinct().Count(), h.NodeComponent.Distinct().Count());
        }
        Assert.True(nodes > 4000 && places > 1500, $"{nodes} nodes, {places} places");
    }

    [Fact]
    public void Renumbering_rejects_what_is_not_a_permutation()
    {
        var g = LocalNetwork.Grid(3, 100).Build();
        Assert.Throws<ArgumentException>(() => WalkGraphOrder.Renumbered(g, new int[g.NodeCount])); // all zero
        Assert.Throws<ArgumentException>(() => WalkGraphOrder.Renumbered(g, Enumerable.Range(1, g.NodeCount).ToArray()));
        Assert.Throws<ArgumentException>(() => WalkGraphOrder.Renumbered(g, [0, 1]));
    }

    [Fact]
    public void A_grid_built_in_shuffled_order_comes_out_with_neighbours_numbered_close()
    {
        // 64 × 64 streets whose nodes are added in random order: arcs join node numbers ~1,400 apart on average. Along the
        // curve most neighbours are close; the long jumps are the curve's quadrant seams (measured mean 51.4).
        const int size = 64;
        var rng = new Random(7);
        var cells = Enumerable.Range(0, size * size).OrderBy(_ => rng.Next()).ToArray();
        var net = new LocalNetwork();
        var id = new int[size * size];
        foreach (int c in cells) id[c] = net.Node(c / size * 50.0, c % size * 50.0);
        for (int i = 0; i < size; i++)
            for (int j = 0; j < size; j++)
            {
                if (i + 1 < size) net.Edge(id[i * size + j], id[(i + 1) * size + j]);
                if (j + 1 < size) net.Edge(id[i * size + j], id[i * size + j + 1]);
            }
        var g = net.Build();
        var h = WalkGraphOrder.Spatial(g);
        double Gap(WalkGraph x) => Enumerable.Range(0, x.EdgeCount).Average(e => Math.Abs(x.EdgeFrom[e] - x.EdgeTo[e]));
        Assert.True(Gap(g) > 1000, $"shuffled mean gap {Gap(g):0.0}");
        Assert.True(Gap(h) < 100, $"Hilbert mean gap {Gap(h):0.0}");
    }

    [Fact]
    public void An_extract_is_read_with_its_nodes_in_Hilbert_order()
    {
        var g = OsmNetworkReader.Read(Extracts.PathOf("monaco.osm.gz")).Graph;
        var newId = WalkGraphOrder.HilbertNumbers(g.NodeLat7, g.NodeLon7);
        Assert.True(newId.Select((k, i) => k == i).All(x => x), "nodes are not numbered along the curve");
        Assert.True(g.NodeCount > 1000);
    }

    static SnapResult Place(WalkGraph g, int e, Random rng)
    {
        double x = rng.Next(3) == 0 ? 0 : Math.Floor(rng.NextDouble() * g.EdgeLength[e]);
        return new SnapResult(SnapStatus.OnNetwork, 0, 0, e, 0, Math.Min(x, g.EdgeLength[e]), 0, 0, rng.Next(5), g.NodeComponent[g.EdgeFrom[e]], false);
    }
}
