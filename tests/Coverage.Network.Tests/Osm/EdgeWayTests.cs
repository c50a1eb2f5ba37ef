using Coverage.Network.Graph;
using Coverage.Network.Osm;
using Coverage.Network.Tests.Support;
using OsmSharp;
using OsmSharp.Streams;

namespace Coverage.Network.Tests.Osm;

/// <summary>Each edge knows the OSM way it came from and that way's name (name, else name:zh, else ref).</summary>
public class EdgeWayTests
{
    [Fact]
    public void Every_edge_names_its_way_by_name_then_name_zh_then_ref()
    {
        // A T: way 10 (name) runs 1-2-3 and is cut at the junction 2; way 11 (name:zh only) and way 12 (ref only) leave
        // node 2 and 3; way 13 has no name at all.
        var path = new OsmXml()
            .Node(1, 0, 0).Node(2, 0, 1).Node(3, 0, 2).Node(4, 1, 1).Node(5, 1, 2).Node(6, -1, 2)
            .Way(10, [1, 2, 3], "highway", "residential", "name", "环湖路", "name:zh", "别名", "ref", "X1")
            .Way(11, [2, 4], "highway", "footway", "name:zh", "白庄路")
            .Way(12, [3, 5], "highway", "track", "ref", "C205")
            .Way(13, [3, 6], "highway", "path")
            .Save();
        var (g, _) = OsmNetworkReader.Read(path);
        var byWay = Enumerable.Range(0, g.EdgeCount).GroupBy(e => g.Ways.WayId[e]).ToDictionary(x => x.Key, x => x.Select(g.Ways.NameOf).ToList());
        Assert.Equal(new long[] { 10, 11, 12, 13 }, byWay.Keys.Order());
        Assert.Equal(["环湖路", "环湖路"], byWay[10]);
        Assert.Equal(["白庄路"], byWay[11]);
        Assert.Equal(["C205"], byWay[12]);
        Assert.Equal([null], byWay[13]);
        // Interned: 环湖路 is stored once for its two edges.
        Assert.Equal(new[] { "C205", "环湖路", "白庄路" }.Order(StringComparer.Ordinal), g.Ways.Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Each_edge_of_a_real_extract_starts_on_two_consecutive_nodes_of_its_way_with_that_ways_name()
    {
        // Oracle: OsmSharp's object stream (full tags), not the reader's block decoder.
        var path = Extracts.PathOf("andorra.osm.pbf");
        var (g, _) = OsmNetworkReader.Read(path);
        var nodes = new Dictionary<long, (int Lat7, int Lon7)>();
        var ways = new Dictionary<long, (long[] Nodes, string? Name)>();
        using (var file = File.OpenRead(path))
            foreach (var geo in new PBFOsmStreamSource(file))
            {
                if (geo is Node n) nodes[n.Id!.Value] = (WalkGraphBuilder.ToFixed(n.Latitude!.Value), WalkGraphBuilder.ToFixed(n.Longitude!.Value));
                else if (geo is Way w && w.Tags != null)
                    ways[w.Id!.Value] = (w.Nodes, w.Tags.TryGetValue("name", out var name) ? name
                        : w.Tags.TryGetValue("name:zh", out var zh) ? zh : w.Tags.TryGetValue("ref", out var r) ? r : null);
            }
        int named = 0;
        for (int e = 0; e < g.EdgeCount; e++)
        {
            long id = g.Ways.WayId[e];
            Assert.True(ways.TryGetValue(id, out var way), $"edge {e}: way {id} is not in the extract");
            Assert.Equal(way.Name, g.Ways.NameOf(e));
            if (way.Name != null) named++;
            var (lon0, lat0) = g.EdgePoint(e, 0);
            var (lon1, lat1) = g.EdgePoint(e, 1);
            var a = (WalkGraphBuilder.ToFixed(lat0), WalkGraphBuilder.ToFixed(lon0));
            var b = (WalkGraphBuilder.ToFixed(lat1), WalkGraphBuilder.ToFixed(lon1));
            bool consecutive = Enumerable.Range(0, way.Nodes.Length - 1).Any(i =>
                nodes.TryGetValue(way.Nodes[i], out var p) && nodes.TryGetValue(way.Nodes[i + 1], out var q) && ((p == a && q == b) || (p == b && q == a)));
            Assert.True(consecutive, $"edge {e} does not start on a segment of way {id}");
        }
        Assert.True(named > g.EdgeCount / 4, $"only {named} of {g.EdgeCount} edges named");
    }
}
