using Coverage.Network.Graph;
using Coverage.Network.Osm;
using Coverage.Network.Tests.Support;
using Xunit.Abstractions;

namespace Coverage.Network.Tests.Osm;

/// <summary>Every shared extract builds, and its graph agrees with an uncompressed oracle read independently.</summary>
public class RealExtractTests(ITestOutputHelper output)
{
    public static TheoryData<string> Names => new(Extracts.All);

    [Theory, MemberData(nameof(Names))]
    public void Extract_builds_with_plausible_stats(string name)
    {
        var (g, s) = OsmNetworkReader.Read(Extracts.PathOf(name));
        output.WriteLine(s.ToString());
        Assert.True(s.OsmNodesRead > 700 && s.WaysRead > 90, $"{s.OsmNodesRead} nodes, {s.WaysRead} ways");
        Assert.InRange(s.WalkableWays, 1, s.WaysRead);
        Assert.InRange(g.NodeCount, 2, (int)s.OsmNodesRead);
        Assert.InRange(s.WalkableKm, 1, 5000);
        Assert.InRange(s.LargestComponentShare, 0.5, 1);
        Assert.Equal(g.ComponentCount, s.Components);
        Assert.True(s.TopologyBytesPerNode < 64, $"{s.TopologyBytesPerNode:0.0} B/node");
        for (int e = 0; e < g.EdgeCount; e++)
            Assert.True(g.EdgeLength[e] >= 0 && float.IsFinite(g.EdgeLength[e]));
    }

    [Theory, MemberData(nameof(Names))]
    public void Compressed_graph_keeps_every_walkable_metre_and_component_of_the_uncompressed_ways(string name)
    {
        var path = Extracts.PathOf(name);
        var (g, s) = OsmNetworkReader.Read(path);
        var oracle = UncompressedWayGraph.Read(path);

        Assert.Equal((oracle.WaysRead, oracle.WalkableWays), (s.WaysRead, s.WalkableWays));
        Assert.Equal(oracle.WalkableMetres, g.WalkableMetres(), 1.0);

        var osmComponent = oracle.Components(out int oracleCount);
        Assert.Equal(oracleCount, g.ComponentCount);
        // Graph nodes map to OSM nodes by position; the partition into components must be the same one.
        var byPosition = new Dictionary<(int, int), int>();
        var ambiguous = new HashSet<(int, int)>();
        foreach (var (id, pos) in oracle.Coordinates)
            if (!byPosition.TryAdd(pos, osmComponent[id]) && byPosition[pos] != osmComponent[id]) ambiguous.Add(pos);
        var graphToOracle = new Dictionary<int, int>();
        var oracleToGraph = new Dictionary<int, int>();
        for (int n = 0; n < g.NodeCount; n++)
        {
            var pos = (g.NodeLat7[n], g.NodeLon7[n]);
            if (ambiguous.Contains(pos)) continue;
            int oc = byPosition[pos], gc = g.NodeComponent[n];
            Assert.Equal(oc, graphToOracle.GetValueOrDefault(gc, oc));
            Assert.Equal(gc, oracleToGraph.GetValueOrDefault(oc, gc));
            graphToOracle[gc] = oc; oracleToGraph[oc] = gc;
        }
        output.WriteLine($"{name}: {oracle.WalkableMetres:0.0} m, {oracleCount} components, {ambiguous.Count} shared positions");
    }

    [Theory, MemberData(nameof(Names))]
    public void Component_labels_agree_with_a_breadth_first_search_of_the_graph(string name)
    {
        var (g, _) = OsmNetworkReader.Read(Extracts.PathOf(name));
        var label = new int[g.NodeCount];
        Array.Fill(label, -1);
        var sizes = new List<int>();
        var queue = new Queue<int>();
        var undirected = new List<int>[g.NodeCount];
        for (int n = 0; n < g.NodeCount; n++) undirected[n] = [];
        for (int e = 0; e < g.EdgeCount; e++) { undirected[g.EdgeFrom[e]].Add(g.EdgeTo[e]); undirected[g.EdgeTo[e]].Add(g.EdgeFrom[e]); }
        for (int s = 0; s < g.NodeCount; s++)
        {
            if (label[s] >= 0) continue;
            label[s] = sizes.Count; queue.Enqueue(s); int size = 0;
            while (queue.Count > 0)
            {
                size++;
                foreach (var m in undirected[queue.Dequeue()])
                    if (label[m] < 0) { label[m] = sizes.Count; queue.Enqueue(m); }
            }
            sizes.Add(size);
        }
        Assert.Equal(sizes.OrderDescending(), g.ComponentNodeCount);
        var map = new Dictionary<int, int>();
        for (int n = 0; n < g.NodeCount; n++)
        {
            Assert.Equal(map.GetValueOrDefault(label[n], g.NodeComponent[n]), g.NodeComponent[n]);
            map[label[n]] = g.NodeComponent[n];
            Assert.Equal(sizes[label[n]], g.ComponentNodeCount[g.NodeComponent[n]]);
        }
    }
}
