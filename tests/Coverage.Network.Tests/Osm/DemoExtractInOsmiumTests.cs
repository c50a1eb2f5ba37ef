using Coverage.Network.Osm;
using Coverage.Network.Tests.Support;
using OsmSharp.Streams;

namespace Coverage.Network.Tests.Osm;

/// <summary>
/// The committed demo extract reads the same in libosmium (osmium, osm2pgsql; GDAL and OSRM decode PBF alike) as in
/// Coverage. A PBF that stores a one-element repeated field unpacked is legal protobuf, yet libosmium then reads a
/// one-tag way as untagged: 2,664 of the 3,573 demo ways looked untagged to it before the demo writer packed them.
/// </summary>
public class DemoExtractInOsmiumTests
{
    static Dictionary<long, OsmSharp.Way> OsmSharpWays(string path)
    {
        using var stream = File.OpenRead(path);
        return new PBFOsmStreamSource(stream).OfType<OsmSharp.Way>().ToDictionary(w => w.Id!.Value);
    }

    [Fact]
    public void Osmium_reads_every_demo_way_with_the_tags_and_nodes_Coverage_reads()
    {
        var osmium = Osmium.Ways(Extracts.Demo);
        var ours = OsmSharpWays(Extracts.Demo);

        Assert.Equal(ours.Keys.Order(), osmium.Select(w => w.Id).Order());
        var differing = osmium.Where(w =>
        {
            var tags = ours[w.Id].Tags?.ToDictionary(t => t.Key, t => t.Value) ?? [];
            return tags.Count != w.Tags.Count || tags.Except(w.Tags).Any() || !ours[w.Id].Nodes.SequenceEqual(w.Nodes);
        }).ToList();
        var first = differing.FirstOrDefault();
        Assert.True(first == null, first == null ? "" :
            $"osmium reads {differing.Count} of {osmium.Count} ways differently, e.g. way {first.Id}: " +
            $"osmium {first.Tags.Count} tags, Coverage {ours[first.Id].Tags?.Count ?? 0} tags");
    }

    [Fact]
    public void Osmium_sees_exactly_the_walkable_ways_Coverage_keeps()
    {
        var osmium = Osmium.Ways(Extracts.Demo);
        var ours = OsmSharpWays(Extracts.Demo);
        var (_, stats) = OsmNetworkReader.Read(Extracts.Demo);

        var walkableToOsmium = osmium.Where(w => PedestrianAccess.Classify(w.Tags).IsWalkable).Select(w => w.Id).Order().ToList();
        var walkableToUs = ours.Values.Where(w => PedestrianAccess.Classify(w.Tags).IsWalkable).Select(w => w.Id!.Value).Order().ToList();

        // Demo ways all have two or more nodes, so every walkable way is one Coverage's reader keeps.
        Assert.Equal(stats.WalkableWays, walkableToUs.Count);
        Assert.Equal(walkableToUs, walkableToOsmium);
        Assert.Equal(stats.WaysRead, osmium.Count);
    }

    [Fact]
    public void The_demo_network_is_unchanged_by_a_round_trip_through_osmium()
    {
        // osmium re-encodes what it read; if it had missed a tag, the copy would lose that way's walkability.
        string copy = Path.Combine(Path.GetTempPath(), $"coverage-demo-osmium-{Guid.NewGuid():N}.osm.pbf");
        try
        {
            Osmium.Run("cat", Extracts.Demo, "-o", copy);
            var (g, s) = OsmNetworkReader.Read(Extracts.Demo);
            var (g2, s2) = OsmNetworkReader.Read(copy);
            Assert.Equal((s.WaysRead, s.WalkableWays, g.NodeCount, g.EdgeCount, g.ComponentCount),
                (s2.WaysRead, s2.WalkableWays, g2.NodeCount, g2.EdgeCount, g2.ComponentCount));
            Assert.Equal(g.WalkableMetres(), g2.WalkableMetres(), 6);
        }
        finally { File.Delete(copy); }
    }
}
