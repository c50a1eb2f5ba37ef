using Coverage.Core.Geo;
using Coverage.Network.Osm;
using Coverage.Network.Roads;
using NetTopologySuite.Geometries;

namespace Coverage.Network.Tests.Roads;

/// <summary>other_tags parsing, mapping files, OSM-style layers, and bad layers refused with one bilingual line.</summary>
public class RoadMappingTests
{
    static readonly GeometryFactory Factory = new();

    static GisFeature Line(int number, params (string Key, string? Value)[] attributes) =>
        new(Factory.CreateLineString([new Coordinate(120 + number * 0.001, 30), new Coordinate(120 + number * 0.001, 30.001)]),
            attributes.Select(a => new KeyValuePair<string, string?>(a.Key, a.Value)).ToList(), number);

    [Fact]
    public void Other_tags_hstore_is_parsed_with_escapes_and_a_cut_value_is_flagged()
    {
        var pairs = HstoreTags.Parse("\"bridge\"=>\"yes\",\"foot\"=>\"no\",\"name:en\"=>\"The \\\"Old\\\" Road\",\"note\"=>\"a=>b,c\"", out bool cut);
        Assert.False(cut);
        Assert.Equal(["bridge", "foot", "name:en", "note"], pairs.Select(p => p.Key));
        Assert.Equal("The \"Old\" Road", pairs[2].Value);
        Assert.Equal("a=>b,c", pairs[3].Value);

        pairs = HstoreTags.Parse("\"foot\"=>\"yes\",\"surface\"=>\"asph", out cut);
        Assert.True(cut);
        Assert.Equal("foot", Assert.Single(pairs).Key);
        Assert.Empty(HstoreTags.Parse(null, out cut));
    }

    [Fact]
    public void An_osm_style_layer_is_judged_by_the_osm_rules_from_highway_and_other_tags()
    {
        var layer = new[]
        {
            Line(1, ("osm_id", "1"), ("highway", "residential"), ("other_tags", "\"foot\"=>\"no\"")),
            Line(2, ("osm_id", "2"), ("highway", "motorway"), ("other_tags", "\"foot\"=>\"yes\"")),
            Line(3, ("osm_id", "3"), ("highway", "steps"), ("other_tags", "\"bridge\"=>\"yes\",\"oneway:foot\"=>\"yes\"")),
            Line(4, ("osm_id", "4"), ("highway", null), ("other_tags", "\"route\"=>\"ferry\",\"duration\"=>\"00:20\"")),
            Line(5, ("osm_id", "5"), ("highway", null), ("other_tags", null)), // a waterway: not walked
            Line(6, ("osm_id", "6"), ("highway", "footway"), ("other_tags", "\"tunnel\"=>\"yes\",\"layer\"=>\"-1\"")),
        };
        var fields = RoadMapping.Default.Resolve(layer[0].Attributes.Select(a => a.Key).ToList(), "osm.gpkg");
        var verdicts = layer.Select(f => (Tags: fields.Map(f, out var unknown), Unknown: unknown)).ToList();
        Assert.All(verdicts, v => Assert.Null(v.Unknown));
        var access = verdicts.Select(v => PedestrianAccess.Classify(v.Tags.Tags)).ToList();
        Assert.Equal("foot=no", access[0].Reason);
        Assert.True(access[1].IsWalkable);
        Assert.Equal(Graph.EdgeFlags.Forward | Graph.EdgeFlags.Steps | Graph.EdgeFlags.Bridge, access[2].Flags);
        Assert.True(access[3].IsFerry);
        Assert.Equal(1200, access[3].FerrySeconds);
        Assert.False(access[4].IsWalkable);
        Assert.True(verdicts[5].Tags.Tunnel && verdicts[5].Tags.Layer == -1 && verdicts[5].Tags.IsSeparated);
        Assert.True(verdicts[2].Tags.IsSeparated && !verdicts[0].Tags.IsSeparated);
    }

    [Fact]
    public void A_mapping_file_renames_fields_and_adds_classes()
    {
        var mapping = RoadMapping.Parse("""
            { // comments are allowed
              "fields": { "class": "LX", "name": ["LM"], "bridge": "QL" },
              "classes": { "乡村小道": { "highway": "path" }, "村道": { "highway": "track" } }
            }
            """, "map.json");
        var layer = new[] { Line(1, ("LX", "乡村小道"), ("LM", "小河路"), ("QL", "1")), Line(2, ("LX", "村道"), ("LM", null), ("QL", "0")) };
        var fields = mapping.Resolve(layer[0].Attributes.Select(a => a.Key).ToList(), "roads.shp");
        var a = fields.Map(layer[0], out var u1);
        var b = fields.Map(layer[1], out _);
        Assert.Null(u1);
        Assert.Equal(("path", "小河路", "yes"), (a.Tags.Highway, a.Tags.Name, a.Tags.Bridge));
        Assert.Equal(("track", "no"), (b.Tags.Highway, b.Tags.Bridge));
        Assert.Equal("LX", fields.Columns[RoadField.Class]);
    }

    [Fact]
    public void A_mapping_that_names_a_missing_field_is_refused_naming_the_field_and_the_layer()
    {
        var mapping = RoadMapping.Parse("""{"fields": {"class": "DJ"}}""", "map.json");
        var e = Assert.Throws<NetworkInputException>(() => RoadNetwork.Build([Line(1, ("等级", "村道"))], mapping, layer: "roads.shp"));
        Assert.Contains("\"DJ\"", e.Message);
        Assert.Contains("roads.shp", e.Message);
        Assert.Contains(" / ", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Theory]
    [InlineData("{\"fields\": {\"klass\": \"DJ\"}}", "klass")]
    [InlineData("{\"colours\": {}}", "colours")]
    [InlineData("{\"classes\": {\"村道\": \"track\"}}", "村道")]
    [InlineData("{\"fields\": ", "JSON")]
    public void A_bad_mapping_file_is_refused_in_both_languages(string json, string named)
    {
        var e = Assert.Throws<NetworkInputException>(() => RoadMapping.Parse(json, "map.json"));
        Assert.Contains(named, e.Message);
        Assert.Contains("map.json", e.Message);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}.* / [A-Z]", e.Message);
    }

    [Fact]
    public void A_layer_of_points_is_refused()
    {
        var points = new[] { new GisFeature(Factory.CreatePoint(new Coordinate(120, 30)), [], 1) };
        var e = Assert.Throws<NetworkInputException>(() => RoadNetwork.Build(points, layer: "pois.shp"));
        Assert.Contains("没有线要素", e.Message);
        Assert.Contains("Point", e.Message);
        Assert.Contains("no line features", e.Message);
        Assert.Throws<NetworkInputException>(() => RoadNetwork.Build([], layer: "empty.shp"));
    }

    [Fact]
    public void A_layer_where_nothing_is_walkable_is_refused_with_the_reasons()
    {
        var e = Assert.Throws<NetworkInputException>(() => RoadNetwork.Build(
            [Line(1, ("等级", "高速公路")), Line(2, ("等级", "高速公路")), Line(3, ("等级", "在建"))], layer: "roads.gpkg"));
        Assert.Contains("没有可步行的道路", e.Message);
        Assert.Contains("highway=motorway ×2", e.Message);
        Assert.Contains("roads.gpkg", e.Message);
    }

    [Fact]
    public void A_NaN_coordinate_is_refused_naming_the_feature()
    {
        var bad = new GisFeature(Factory.CreateLineString([new Coordinate(120, 30), new Coordinate(double.NaN, 30.001)]),
            [new("等级", "村道")], 2);
        var e = Assert.Throws<NetworkInputException>(() => RoadNetwork.Build([Line(1, ("等级", "村道")), bad], layer: "roads.shp"));
        Assert.Contains("第 2 个要素", e.Message);
        Assert.Contains("feature 2", e.Message);
        Assert.Contains("NaN", e.Message);
    }
}
