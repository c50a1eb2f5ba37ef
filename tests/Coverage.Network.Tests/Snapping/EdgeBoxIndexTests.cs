using Coverage.Network.Graph;
using Coverage.Network.Osm;
using Coverage.Network.Tests.Search;
using Coverage.Network.Tests.Support;
using NetTopologySuite.Geometries;

namespace Coverage.Network.Tests.Snapping;

/// <summary>The edge index must give the old every-edge scan's answer exactly: same edges, same order, same truncation.</summary>
public class EdgeBoxIndexTests
{
    static readonly Lazy<WalkGraph> Andorra = new(() => OsmNetworkReader.Read(Extracts.PathOf("andorra.osm.pbf")).Graph);

    [Fact]
    public void Index_answers_random_boxes_exactly_as_the_scan_on_a_real_extract()
    {
        var graph = Andorra.Value;
        var index = EdgeBoxIndex.For(graph);
        Assert.Same(index, EdgeBoxIndex.For(graph));
        var all = EdgeBoxIndex.ScanEdgesIn(graph, null);
        var region = new Envelope();
        foreach (int e in all)
            for (int i = 0; i < graph.EdgePointCount(e); i++) { var (x, y) = graph.EdgePoint(e, i); region.ExpandToInclude(x, y); }

        var random = new Random(20261130);
        int?[] caps = [null, 1, 7, 100, 5_000];
        int nonEmpty = 0, truncated = 0;
        foreach (var box in Boxes(graph, region, random))
            foreach (var cap in caps)
            {
                var expected = OldKeepLongest(graph, EdgeBoxIndex.ScanEdgesIn(graph, box), cap);
                var actual = EdgeBoxIndex.KeepLongest(graph, index.EdgesIn(box), cap);
                Assert.True(expected.Edges.SequenceEqual(actual.Edges),
                    $"box {box}, cap {cap}: scan {expected.Edges.Count} edges, index {actual.Edges.Count}");
                Assert.Equal(expected.Truncated, actual.Truncated);
                if (expected.Edges.Count > 0) nonEmpty++;
                if (expected.Truncated) truncated++;
            }
        // The boxes really exercised the index: many held edges, and caps cut some.
        Assert.True(nonEmpty > 500, $"only {nonEmpty} non-empty answers");
        Assert.True(truncated > 100, $"only {truncated} truncated answers");
    }

    [Fact]
    public void Cap_breaks_length_ties_by_edge_number_as_the_full_sort_did()
    {
        // A 50 m grid: many edges share one length, so which tied edges a cap keeps is decided by the tie rule alone.
        var graph = LocalNetwork.Grid(12, 50).Build();
        var lengths = graph.EdgeLength.GroupBy(l => l).Max(g => g.Count());
        Assert.True(lengths > 20, $"the grid has only {lengths} edges of one length");
        var index = EdgeBoxIndex.For(graph);
        var box = new Envelope(graph.NodeLon(0), graph.NodeLon(graph.NodeCount - 1), graph.NodeLat(0), graph.NodeLat(graph.NodeCount - 1));
        foreach (int cap in new[] { 1, 5, 37, 100, graph.EdgeCount - 1 })
        {
            var expected = OldKeepLongest(graph, EdgeBoxIndex.ScanEdgesIn(graph, box), cap);
            var actual = EdgeBoxIndex.KeepLongest(graph, index.EdgesIn(box), cap);
            Assert.Equal(expected.Edges, actual.Edges);
            Assert.True(actual.Truncated);
        }
    }

    /// <summary>The cap as it was before the heap (a full sort), the oracle for <see cref="EdgeBoxIndex.KeepLongest"/>.</summary>
    static (List<int> Edges, bool Truncated) OldKeepLongest(WalkGraph graph, List<int> edges, int? cap) =>
        cap is not { } most || edges.Count <= most ? (edges, false)
            : (edges.OrderByDescending(e => graph.EdgeLength[e]).ThenBy(e => e).Take(most).Order().ToList(), true);

    /// <summary>Street- to region-size boxes around edge points, point boxes on shape points, boxes touching edges' corners, outside, whole.</summary>
    static IEnumerable<Envelope?> Boxes(WalkGraph graph, Envelope region, Random random)
    {
        yield return null;
        yield return new Envelope(region);
        yield return new Envelope(region.MinX - 1, region.MaxX + 1, region.MinY - 1, region.MaxY + 1);
        yield return new Envelope(region.MaxX + 0.01, region.MaxX + 0.5, region.MinY, region.MaxY); // east of the graph
        yield return new Envelope(-170, -160, -80, -70); // far away
        yield return new Envelope(179, 1000, 89, 1000); // absurd, beyond the world
        for (int k = 0; k < 300; k++)
        {
            int e = random.Next(graph.EdgeCount);
            var (x, y) = graph.EdgePoint(e, random.Next(graph.EdgePointCount(e)));
            yield return new Envelope(x, x, y, y); // a point on the edge: boundary must count
            double half = Math.Pow(10, random.NextDouble() * 5 - 6) * 2; // 2e-6 .. 0.2 degrees
            yield return new Envelope(x - half * random.NextDouble(), x + half * random.NextDouble(),
                y - half * random.NextDouble(), y + half * random.NextDouble());
            // A box that ends exactly on this point from the outside (touching, not overlapping).
            yield return new Envelope(x - half, x, y - half, y);
            yield return new Envelope(x, x + half, y, y + half);
        }
    }
}
