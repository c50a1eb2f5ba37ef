using System.Diagnostics;
using Coverage.Network.Graph;
using Coverage.Network.Osm;
using Coverage.Network.Roads;
using Coverage.Network.Tests.Support;

namespace Coverage.Network.Tests.Roads;

/// <summary>
/// Hand-built merges near (0°, 0°), where 0.001° is 110.6 m north and 111.3 m east: an OSM road west–east along the
/// equator from node 1 (0, 0) to node 2 (0, 0.002°), 222.6 m; layer lanes north of it.
/// </summary>
public class NetworkMergeHandBuiltTests
{
    const long L = LaneLayer.LayerNodeBase;
    static readonly WayAccess Walk = new(EdgeFlags.Both, float.NaN, null);
    static readonly WayAccess Bridge = new(EdgeFlags.Both | EdgeFlags.Bridge, float.NaN, null);

    static ExtractCollector OsmRoad(WayAccess access)
    {
        var osm = new ExtractCollector();
        osm.AddNode(1, 0, 0);
        osm.AddNode(2, 0, 20_000);
        osm.AddWay(access, [1, 2], 100, "Main road");
        return osm;
    }

    /// <summary>A lane along longitude 0.001° from lat7 <paramref name="southLat7"/> to 0.001° north.</summary>
    static ExtractCollector Lane(int southLat7, WayAccess access, int? northLat7 = null)
    {
        var layer = new ExtractCollector();
        layer.AddNode(L + 1, southLat7, 10_000);
        layer.AddNode(L + 2, northLat7 ?? 10_000, 10_000);
        layer.AddWay(access, [L + 1, L + 2], -1, "Lane");
        return layer;
    }

    static WalkGraph Graph(ExtractCollector x) => OsmNetworkReader.Compress(x, "test", "test", Stopwatch.StartNew()).Graph;

    [Fact]
    public void A_lane_ending_4_m_from_an_OSM_road_is_joined_to_it()
    {
        // 4 m north of the road is 4 / 110.574 m per 1e-5° = 0.0000362° = lat7 362.
        var merged = NetworkMerge.Merge(OsmRoad(Walk), Lane(362, Walk), NetworkMergeOptions.Default, out var report);
        var g = Graph(merged);
        Assert.Equal(1, report.Junctions);
        Assert.Equal(1, report.EndJoins);
        // The road is split at the foot of the lane (a node inserted, its id and name kept): three edges, one component.
        Assert.Equal(3, g.EdgeCount);
        Assert.Equal(1, g.ComponentCount);
        Assert.Equal(2, Enumerable.Range(0, g.EdgeCount).Count(e => g.Ways.WayId[e] == 100));
        Assert.All(Enumerable.Range(0, g.EdgeCount).Where(e => g.Ways.WayId[e] == 100), e => Assert.Equal("Main road", g.Ways.NameOf(e)));
        // The lane now starts on the road: 110.6 m long (its 4 m gap walked as part of it), the road 111.3 + 111.3 m.
        Assert.Equal(110.6, Enumerable.Range(0, g.EdgeCount).Where(e => g.Ways.WayId[e] == -1).Sum(e => g.EdgeLength[e]), 0.2);
        // What the layer adds is measured as drawn: 110.6 − 4.0 = 106.6 m.
        Assert.Equal(0.1066, report.AddedKm, 4);
    }

    [Fact]
    public void A_lane_ending_10_m_from_an_OSM_road_is_left_apart()
    {
        var merged = NetworkMerge.Merge(OsmRoad(Walk), Lane(904, Walk), NetworkMergeOptions.Default, out var report);
        Assert.Equal(0, report.Junctions);
        Assert.Equal(2, Graph(merged).ComponentCount);
    }

    [Fact]
    public void A_layer_road_crossing_an_OSM_road_at_grade_meets_it_there()
    {
        // From 0.001° south to 0.001° north: crosses the road at (0, 0.001°).
        var merged = NetworkMerge.Merge(OsmRoad(Walk), Lane(-10_000, Walk), NetworkMergeOptions.Default, out var report);
        var g = Graph(merged);
        Assert.Equal(1, report.Crossings);
        Assert.Equal(4, g.EdgeCount);
        Assert.Equal(1, g.ComponentCount);
    }

    [Fact]
    public void A_layer_road_crossing_on_a_bridge_does_not_meet_the_road_below()
    {
        var merged = NetworkMerge.Merge(OsmRoad(Walk), Lane(-10_000, Bridge), NetworkMergeOptions.Default, out var report);
        Assert.Equal(0, report.Junctions);
        Assert.Equal(2, Graph(merged).ComponentCount);
    }

    [Fact]
    public void A_layer_road_passing_under_an_OSM_bridge_does_not_meet_it()
    {
        var merged = NetworkMerge.Merge(OsmRoad(Bridge), Lane(-10_000, Walk), NetworkMergeOptions.Default, out var report);
        Assert.Equal(0, report.Junctions);
        Assert.Equal(2, Graph(merged).ComponentCount);
    }

    [Fact]
    public void A_layer_road_5_m_beside_an_OSM_road_along_its_length_is_a_duplicate()
    {
        // Lat7 452 = 5 m north, from lon 0.0001° to 0.0019° (200 m): dropped whole, nothing added.
        var layer = new ExtractCollector();
        layer.AddNode(L + 1, 452, 1_000);
        layer.AddNode(L + 2, 452, 19_000);
        layer.AddWay(Walk, [L + 1, L + 2], -1, "Main road (survey)");
        var merged = NetworkMerge.Merge(OsmRoad(Walk), layer, NetworkMergeOptions.Default, out var report);
        Assert.Equal(0.2004, report.DuplicateKm, 4);
        Assert.Equal(0, report.AddedKm, 6);
        Assert.Equal(1, Graph(merged).EdgeCount);
    }
}

/// <summary>
/// A layer of lanes that never meet each other, only the OSM road: the lanes' own vertices give no junction evidence,
/// but two of them start exactly on OSM nodes, as a layer cut from the same topology does. That evidence makes the
/// layer noded, so a third lane drawn 4 m short of the road stays apart, as in OSM; a repaired layer would join it.
/// </summary>
public class NetworkMergeEvidenceTests
{
    static string Osm() => new OsmXml().Node(1, 0, 0).Node(2, 0, 1).Node(3, 0, 2).Node(4, 0, 3).Node(5, 0, 4)
        .Way(10, [1, 2, 3, 4, 5], "highway", "residential").Save();

    static List<Coverage.Core.Geo.GisFeature> Lanes() => RoadLayerFiles.FromGeoJson("""
        {"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"highway":"track"},"geometry":{"type":"LineString","coordinates":[[0.001,0.0],[0.001,0.001]]}},
          {"type":"Feature","properties":{"highway":"track"},"geometry":{"type":"LineString","coordinates":[[0.003,0.0],[0.003,0.001]]}},
          {"type":"Feature","properties":{"highway":"track"},"geometry":{"type":"LineString","coordinates":[[0.002,0.0000362],[0.002,0.001]]}}
        ]}
        """);

    [Fact]
    public void Lanes_starting_on_OSM_nodes_make_the_layer_noded_and_a_lane_4_m_short_stays_apart()
    {
        var osm = Osm();
        var noded = MergedNetwork.Build(osm, [new RoadLayerFeatures("lanes", Lanes())]);
        Assert.Contains(noded.Report, l => l.Contains("已成网") && l.Contains("Already noded"));
        Assert.Equal(2, noded.Graph.ComponentCount); // road + lanes A and B; lane C alone, as OSM would have it

        var repaired = MergedNetwork.Build(osm, [new RoadLayerFeatures("lanes", Lanes())],
            noding: RoadNodingOptions.Default with { Topology = RoadTopology.Repair });
        Assert.Equal(1, repaired.Graph.ComponentCount); // the 4 m gap closed
    }
}

/// <summary>
/// An elevated road left out by China's rules (a 500 m run of trunk bridge ways) is not part of the network a layer is
/// merged into: a ground road drawn 3 m beside it, under it, is a road of its own, not a duplicate of the viaduct.
/// </summary>
public class NetworkMergeElevatedTests
{
    [Fact]
    public void A_ground_road_under_a_dropped_elevated_road_is_kept()
    {
        var osm = new OsmXml(31, 120.6).Node(1, 0, 0).Node(2, 0, 1).Node(3, 0, 2).Node(4, 0, 3).Node(5, 0, 4).Node(6, 0, 5)
            .Node(7, 5, 0).Node(8, 5, 1);
        for (int i = 1; i <= 5; i++) osm.Way(i, [i, i + 1], "highway", "trunk", "bridge", "yes", "layer", "1");
        var path = osm.Way(10, [7, 8], "highway", "residential").Save();
        var layer = RoadLayerFiles.FromGeoJson("""
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"highway":"residential"},
              "geometry":{"type":"LineString","coordinates":[[120.6,31.00003],[120.605,31.00003]]}}]}
            """);
        var built = MergedNetwork.Build(path, [new RoadLayerFeatures("ground", layer)],
            noding: RoadNodingOptions.Default with { Topology = RoadTopology.Repair });
        Assert.Equal(5, built.Stats.ElevatedWaysDropped);
        double ground = Coverage.Core.Geo.Geodesy.DistanceMeters(120.6, 31.00003, 120.605, 31.00003);
        double lane = Coverage.Core.Geo.Geodesy.DistanceMeters(120.6, 31.005, 120.601, 31.005);
        Assert.Equal(ground + lane, built.Graph.WalkableMetres(), 0.5);
    }
}
