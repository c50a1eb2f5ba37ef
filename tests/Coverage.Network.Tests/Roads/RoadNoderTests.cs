using System.Globalization;
using Coverage.Core.Geo;
using Coverage.Network.Graph;
using Coverage.Network.Osm;
using Coverage.Network.Roads;
using NetTopologySuite.Geometries;

namespace Coverage.Network.Tests.Roads;

/// <summary>Each noding rule pinned on a hand-built layer whose answer is known by construction.</summary>
public class RoadNoderTests
{
    // Local metres around (120°E, 30°N), inside China: the noder projects to CGCS2000 GK CM 120E, where these are exact to mm.
    static readonly LocalProjection Gk = LocalProjection.GaussKruger3(120);
    static readonly (double X, double Y) Origin = Gk.Forward(120, 30);

    /// <summary>A line through points given in metres east/north of the origin, as GeoJSON coordinates.</summary>
    static string Line(params (double X, double Y)[] points) =>
        "[" + string.Join(",", points.Select(p =>
        {
            var ll = Gk.Inverse(Origin.X + p.X, Origin.Y + p.Y);
            return string.Create(CultureInfo.InvariantCulture, $"[{ll.Lon:R},{ll.Lat:R}]");
        })) + "]";

    static string Feature(string coordinates, string properties) =>
        "{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":" + coordinates + "},\"properties\":{" + properties + "}}";

    static List<GisFeature> Layer(params string[] features) =>
        RoadLayerFiles.FromGeoJson($$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""");

    static (WalkGraph G, RoadBuildReport R) Build(List<GisFeature> layer, RoadNodingOptions? options = null)
    {
        var (g, _, r) = RoadNetwork.Build(layer, null, options, "test.geojson");
        return (g, r);
    }

    const string Lane = "\"道路等级\":\"村道\"";

    [Fact]
    public void Two_roads_crossing_without_a_shared_vertex_become_four_edges_at_one_junction()
    {
        var (g, r) = Build(Layer(Feature(Line((-100, 0), (100, 0)), Lane), Feature(Line((0, -100), (0, 100)), Lane)));
        Assert.Equal(4, g.EdgeCount);
        Assert.Equal(5, g.NodeCount);
        Assert.Equal(1, r.CrossingsNoded);
        Assert.Equal(400, g.WalkableMetres(), 0.05);
        Assert.All(Enumerable.Range(0, g.EdgeCount), e => Assert.Equal(100, g.EdgeLength[e], 0.05));
    }

    /// <summary>
    /// Tunnel and layer columns (Chinese or OSM-style) reach the access rules, not only the noder: in China a 国道 is
    /// walked, but not in a road tunnel and not as an elevated road (layer 1 without a bridge tag), as for OSM ways.
    /// </summary>
    [Fact]
    public void Tunnel_and_layer_columns_reach_the_china_road_rules()
    {
        var (g, r) = Build(Layer(
            Feature(Line((0, 0), (100, 0)), "\"道路等级\":\"国道\""),
            Feature(Line((0, 50), (100, 50)), "\"道路等级\":\"国道\",\"是否隧道\":\"是\""),
            Feature(Line((0, 100), (100, 100)), "\"道路等级\":\"国道\",\"分层\":\"1\"")));
        Assert.Equal(1, g.EdgeCount);
        Assert.Equal(100, g.WalkableMetres(), 0.05);
        Assert.Equal(1, r.NotWalkable["tunnel=yes"]);
        Assert.Single(r.NotWalkable, kv => kv.Key.StartsWith("layer=1"));
    }

    [Theory]
    [InlineData("\"是否桥梁\":\"是\"", "")]
    [InlineData("\"是否隧道\":\"Y\"", "")]
    [InlineData("\"layer\":\"1\"", "")]
    [InlineData("\"layer\":\"-1\"", "\"layer\":\"1\"")]
    public void A_bridge_tunnel_or_other_layer_crossing_a_road_is_not_joined(string over, string under)
    {
        var (g, r) = Build(Layer(Feature(Line((-100, 0), (100, 0)), Lane + (under.Length > 0 ? "," + under : "")),
            Feature(Line((0, -100), (0, 100)), Lane + "," + over)));
        Assert.Equal(2, g.EdgeCount);
        Assert.Equal(2, g.ComponentCount);
        Assert.Equal(0, r.CrossingsNoded);
        Assert.Equal(1, r.GradeSeparatedCrossings);
    }

    [Fact]
    public void A_bridge_still_joins_a_road_at_its_ends()
    {
        var (g, _) = Build(Layer(Feature(Line((-100, 0), (100, 0)), Lane),
            Feature(Line((100, 0), (200, 0)), Lane + ",\"是否桥梁\":\"是\"")));
        Assert.Equal(1, g.ComponentCount);
        Assert.True(g.EdgeFlagsOf.Count(f => (f & EdgeFlags.Bridge) != 0) == 1);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.6)]
    [InlineData(-0.6)] // overshoots the road by 0.6 m: the crossing is noded and the 0.6 m stub merges into it
    public void A_line_ending_on_or_within_the_tolerance_of_another_makes_a_T_junction(double gap)
    {
        var (g, r) = Build(Layer(Feature(Line((-100, 0), (100, 0)), Lane), Feature(Line((30, 80), (30, gap)), Lane)));
        Assert.Equal(1, g.ComponentCount);
        Assert.Equal(3, g.EdgeCount);
        Assert.Equal(1, r.TJunctions + r.CrossingsNoded);
        Assert.Equal(0, r.DanglingEndsJoined);
        Assert.Equal(280, g.WalkableMetres(), 1.0);
    }

    [Fact]
    public void A_dangling_end_three_metres_short_is_joined_to_the_nearest_line_and_reported()
    {
        var layer = Layer(Feature(Line((-100, 0), (100, 0)), Lane), Feature(Line((30, 80), (30, 3)), Lane));
        var (g, r) = Build(layer);
        Assert.Equal(1, r.DanglingEndsJoined);
        Assert.Equal(1, g.ComponentCount);
        Assert.Equal(3, g.EdgeCount);
        Assert.Equal(280, g.WalkableMetres(), 0.05); // 200 + 77 + the 3 m join
        Assert.Contains(r.Lines(), l => l.Contains("悬挂端连接 1 处") && l.Contains("1 dangling ends joined"));

        var (apart, r2) = Build(layer, new RoadNodingOptions(SnapMetres: 2));
        Assert.Equal(0, r2.DanglingEndsJoined);
        Assert.Equal(2, apart.ComponentCount);
    }

    [Fact]
    public void Two_dangling_ends_facing_each_other_are_joined_once()
    {
        var (g, r) = Build(Layer(Feature(Line((-100, 0), (0, 0)), Lane), Feature(Line((4, 0), (100, 0)), Lane)));
        Assert.Equal(1, r.DanglingEndsJoined);
        Assert.Equal(1, g.ComponentCount);
        Assert.Equal(200, g.WalkableMetres(), 0.05);
    }

    [Fact]
    public void An_exact_duplicate_line_in_either_direction_is_dropped_but_a_different_one_is_kept()
    {
        var (g, r) = Build(Layer(Feature(Line((0, 0), (50, 10), (100, 0)), Lane), Feature(Line((100, 0), (50, 10), (0, 0)), Lane),
            Feature(Line((0, 0), (50, -10), (100, 0)), Lane)));
        Assert.Equal(1, r.DuplicatesDropped);
        Assert.Equal(4 * Math.Sqrt(50 * 50 + 10 * 10), g.WalkableMetres(), 0.05); // two of the three lines, a ring
        Assert.Equal(4 * Math.Sqrt(50 * 50 + 10 * 10) / 1000, r.WalkableKm, 0.0001);
    }

    [Fact]
    public void Vertices_within_the_tolerance_merge()
    {
        var (g, r) = Build(Layer(Feature(Line((-100, 0), (0, 0)), Lane), Feature(Line((0, 0.4), (100, 0)), Lane),
            Feature(Line((0, -0.5), (0, -100)), Lane)));
        Assert.Equal(1, g.ComponentCount);
        Assert.Equal(3, g.EdgeCount);
        Assert.Equal(2, r.VerticesMerged);
    }

    [Theory]
    [InlineData("是", EdgeFlags.Forward)]
    [InlineData("反向", EdgeFlags.Backward)]
    [InlineData("否", EdgeFlags.Both)]
    public void One_way_for_walkers_is_honoured_but_a_vehicle_one_way_is_not(string value, EdgeFlags expected)
    {
        var (g, _) = Build(Layer(Feature(Line((0, 0), (100, 0)), Lane + $",\"步行单向\":\"{value}\",\"单向\":\"是\"")));
        Assert.Equal(expected, g.EdgeFlagsOf[0] & EdgeFlags.Both);
        // The edge may be stored either way round: check the flags against its stored direction.
        bool stored = g.NodeLon(g.EdgeFrom[0]) < g.NodeLon(g.EdgeTo[0]);
        Assert.True(stored || expected == EdgeFlags.Both);
    }

    [Fact]
    public void The_report_says_a_vehicle_one_way_column_does_not_bind_walkers()
    {
        var (_, r) = Build(Layer(Feature(Line((0, 0), (100, 0)), Lane + ",\"单向\":\"是\"")));
        Assert.Equal("单向", r.VehicleOnewayColumn);
        Assert.Contains(r.Lines(), l => l.Contains("车辆单向") && l.Contains("vehicle one-way"));
    }

    static List<GisFeature> FerryLayer() => Layer(Feature(Line((-100, 0), (0, 0)), Lane),
        Feature(Line((0, 0), (400, 0)), "\"道路等级\":\"渡口\",\"渡运时间\":\"12\""),
        Feature(Line((400, 0), (500, 0)), Lane),
        Feature(Line((200, -50), (200, 50)), Lane)); // crosses the ferry mid-river: a bridge-less crossing must not join it

    [Fact]
    public void A_ferry_with_minutes_becomes_a_ferry_edge_of_that_time_joined_to_the_roads_at_its_ends()
    {
        var (g, r) = Build(FerryLayer());
        Assert.Single(g.FerryEdges);
        // The layer lies in China: the China rules add their 5-minute wait (no interval column) to the 12-minute crossing.
        Assert.Equal(720 + RoadRules.China.FerryDefaultWaitSeconds, g.FerrySeconds[0], 0.01);
        Assert.Equal(2, g.ComponentCount);
        Assert.Equal(0, r.CrossingsNoded);
        var (elsewhere, _, _) = RoadNetwork.Build(FerryLayer(), null, null, "test.geojson", RoadRules.Default);
        Assert.Equal(720, elsewhere.FerrySeconds[0], 0.01);
    }

    [Theory]
    [InlineData("村道", true, EdgeFlags.None)]
    [InlineData("乡道", true, EdgeFlags.None)]
    [InlineData("县道", true, EdgeFlags.None)]
    [InlineData("省道", true, EdgeFlags.None)]
    [InlineData("主干路", true, EdgeFlags.None)]
    [InlineData("次干路", true, EdgeFlags.None)]
    [InlineData("支路", true, EdgeFlags.None)]
    [InlineData("街巷", true, EdgeFlags.None)]
    [InlineData("人行道", true, EdgeFlags.None)]
    [InlineData("步行街", true, EdgeFlags.None)]
    [InlineData("机耕路", true, EdgeFlags.None)]
    [InlineData("田间道", true, EdgeFlags.None)]
    [InlineData("台阶", true, EdgeFlags.Steps)]
    [InlineData("人行天桥", true, EdgeFlags.Bridge)]
    [InlineData("渡口", true, EdgeFlags.Ferry)]
    [InlineData("高速公路", false, EdgeFlags.None)]
    [InlineData("城市快速路", false, EdgeFlags.None)]
    [InlineData("在建", false, EdgeFlags.None)]
    public void Chinese_class_values_map_as_documented(string value, bool walkable, EdgeFlags mark)
    {
        var other = Feature(Line((0, 50), (100, 50)), "\"DLDJ\":\"村道\""); // keeps the layer buildable when the tested class is not walkable
        var (g, r) = Build(Layer(Feature(Line((0, 0), (100, 0)), $"\"DLDJ\":\"{value}\""), other));
        Assert.Equal(walkable ? 2 : 1, r.WalkableFeatures);
        Assert.Empty(r.UnknownClassValues);
        if (!walkable) { Assert.Single(r.NotWalkable); return; }
        int e = Enumerable.Range(0, g.EdgeCount).Single(i => g.Ways.WayId[i] == -1);
        Assert.Equal(mark, g.EdgeFlagsOf[e] & (EdgeFlags.Steps | EdgeFlags.Ferry | EdgeFlags.Bridge));
    }

    [Fact]
    public void Unknown_class_values_are_counted_and_not_walked_unless_foot_access_is_granted()
    {
        var (g, r) = Build(Layer(Feature(Line((0, 0), (100, 0)), "\"等级\":\"神秘路\""),
            Feature(Line((0, 10), (100, 10)), "\"等级\":\"神秘路\""),
            Feature(Line((0, 20), (100, 20)), "\"等级\":\"神秘路\",\"步行\":\"是\""),
            Feature(Line((0, 30), (100, 30)), "\"等级\":\"村道\"")));
        Assert.Equal(3, r.UnknownClassValues["神秘路"]);
        Assert.Equal(2, r.WalkableFeatures);
        Assert.Equal(2, r.NotWalkable["highway=神秘路"]);
        Assert.Contains(r.Lines(), l => l.StartsWith("未知道路等级") && l.Contains("神秘路 ×3"));
        Assert.Equal(200, g.WalkableMetres(), 0.05);
    }

    [Fact]
    public void Names_and_feature_numbers_reach_the_edges_and_node_ids_stay_clear_of_osm()
    {
        var layer = Layer(Feature(Line((0, 0), (100, 0)), Lane + ",\"名称\":\"东风路\""), Feature(Line((100, 0), (100, 100)), Lane));
        var (collector, _) = RoadNetwork.Collect(layer);
        Assert.All(collector.NodeIds, id => Assert.True(id >= 1L << 50));
        Assert.Equal(new long[] { -1, -2 }, collector.WayId);
        Assert.Equal(new string?[] { "东风路", null }, collector.WayName);
        var (g, _) = Build(layer);
        int e = Enumerable.Range(0, g.EdgeCount).Single(i => g.Ways.WayId[i] == -1);
        Assert.Equal("东风路", g.Ways.NameOf(e));
    }

    [Fact]
    public void A_layer_without_a_class_column_is_all_roads()
    {
        var (g, r) = Build(Layer(Feature(Line((0, 0), (100, 0)), "\"名称\":\"东风路\""), Feature(Line((0, 10), (100, 10)), "\"名称\":\"西风路\"")));
        Assert.Equal(2, r.WalkableFeatures);
        Assert.Equal(2, g.EdgeCount);
    }
}
