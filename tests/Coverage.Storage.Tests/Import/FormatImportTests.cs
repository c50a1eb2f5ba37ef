using System.Text;
using System.Xml.Linq;
using Coverage.Core.Domain;
using Coverage.Core.Geo;
using Coverage.Storage.Export;
using Coverage.Storage.Import;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Writers;

namespace Coverage.Storage.Tests.Import;

public class FormatImportTests(ImportFixture fx) : IClassFixture<ImportFixture>
{
    static readonly GeometryFactory F = new(new PrecisionModel(), 4326);

    [Fact]
    public void GeoJson_interchange_fields_are_read_and_synthetic_files_are_flagged()
    {
        var path = fx.Write("demo.geojson", """
            {"type":"FeatureCollection","synthetic":true,"features":[
             {"type":"Feature","geometry":{"type":"Point","coordinates":[120.6,31.0]},
              "properties":{"id":"v1","name":"南麻村","kind":"administrative_village","town":"盛泽镇","admin_code":"320509102201",
                            "parent_id":null,"population":3120,"elderly":890,"urban":false}},
             {"type":"Feature","geometry":null,"properties":{"id":"v2","name":"无几何村"}}]}
            """);
        var r = fx.Importer.Settlements(path);
        Assert.Equal(("feature 2", "feature has no geometry"), (Assert.Single(r.Errors).Where.En, r.Errors[0].En));
        Assert.Contains(r.Warnings, w => w.En == "this file is synthetic demo data (synthetic: true)");
        var ok = fx.Importer.Settlements(fx.Write("demo1.geojson", File.ReadAllText(path).Replace(",\n {\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"id\":\"v2\",\"name\":\"无几何村\"}}", "")));
        var s = Assert.Single(ok.Items);
        Assert.Equal(("v1", "南麻村", 3120, 890, "demo1.geojson", "v1"), (s.Id, s.Name, s.Population, s.Elderly, s.Source, s.SourceId));
    }

    [Fact]
    public void Not_json_is_a_clear_file_error()
    {
        var e = Assert.Single(fx.Importer.Facilities(fx.Write("bad.geojson", "{\"type\": \"FeatureCollection\", \"features\": [")).Errors);
        Assert.StartsWith("not valid JSON", e.En);
    }

    [Fact]
    public void Shapefile_in_gauss_kruger_is_reprojected_to_wgs84()
    {
        var gk = LocalProjection.GaussKruger3(120);
        var (x, y) = gk.Forward(120.64, 31.16);
        var path = Path.Combine(fx.Dir, "gk.shp");
        var options = new ShapefileWriterOptions(ShapeType.Point) { Encoding = new UTF8Encoding(false), Projection = gk.Wkt };
        options.AddCharacterField("name", 50);
        options.AddCharacterField("category", 20);
        using (var w = Shapefile.OpenWrite(path, options))
            w.Write(new Feature(new Point(x, y), new AttributesTable { { "name", "卫生院" }, { "category", "clinic" } }));
        var r = fx.Importer.Facilities(path);
        var p = (Point)Assert.Single(r.Items).Geometry;
        Assert.True(new LonLat(p.X, p.Y).DistanceTo(new LonLat(120.64, 31.16)) < 0.001);
        Assert.Contains(r.Warnings, w => w.En.StartsWith("coordinates reprojected from CGCS2000 / 3-degree Gauss-Kruger CM 120E"));
    }

    [Fact]
    public void Shapefile_without_cpg_in_gbk_is_read_as_gbk()
    {
        var path = Path.Combine(fx.Dir, "gbk.shp");
        var options = new ShapefileWriterOptions(ShapeType.Point) { Encoding = InputText.Gb18030, Projection = ShapefileExport.Wgs84Prj };
        options.AddCharacterField("名称", 50);
        options.AddCharacterField("类别", 20);
        using (var w = Shapefile.OpenWrite(path, options))
            w.Write(new Feature(F.CreatePoint(new Coordinate(120.6, 31.0)), new AttributesTable { { "名称", "平望镇文化站" }, { "类别", "文化设施" } }));
        File.Delete(Path.ChangeExtension(path, ".cpg"));
        var r = fx.Importer.Facilities(path);
        Assert.True(r.Succeeded, string.Join("\n", r.Errors));
        Assert.Equal(("平望镇文化站", "culture"), (r.Items[0].Name, r.Items[0].Category));
        Assert.Contains(r.Warnings, w => w.En == "no .cpg file: attributes read as GBK (they do not decode as UTF-8)");
    }

    [Fact]
    public void Unusable_prj_is_refused_clearly()
    {
        var path = Path.Combine(fx.Dir, "badprj.shp");
        PlanExporter.Facilities([new Facility { Id = "a", Name = "a", Category = "park", Geometry = F.CreatePoint(new Coordinate(120.6, 31)) }], path);
        File.WriteAllText(Path.ChangeExtension(path, ".prj"), "PROJCS[\"nonsense\"");
        var e = Assert.Single(fx.Importer.Facilities(path).Errors);
        Assert.StartsWith(".prj coordinate system cannot be used; export the layer as WGS84 (EPSG:4326)", e.En);
    }

    [Fact]
    public void GeoPackage_with_several_layers_needs_a_layer_name_unless_one_matches()
    {
        var path = Path.Combine(fx.Dir, "layers.gpkg");
        var fac = new Facility { Id = "a", Name = "a", Category = "park", Geometry = F.CreatePoint(new Coordinate(120.6, 31)) };
        var set = new Settlement { Id = "s", Name = "s", Town = "t", Geometry = F.CreatePoint(new Coordinate(120.6, 31)) };
        GeoPackageExport.Write(path, [fac], [set]);
        Assert.Equal("a", Assert.Single(fx.Importer.Facilities(path).Items).Id);
        Assert.Equal("s", Assert.Single(fx.Importer.Settlements(path).Items).Id);
        var e = Assert.Single(fx.Importer.Facilities(path, new ImportOptions { Layer = "roads" }).Errors);
        Assert.Equal("no layer 'roads'; layers: facilities, settlements", e.En);
    }

    [Fact]
    public void Osm_extract_facilities_match_a_brute_force_count_of_the_xml()
    {
        var path = ImportFixture.OsmExtract("north-bayreuth.osm.gz");
        var r = fx.Importer.Facilities(path);
        Assert.True(r.Succeeded, string.Join("\n", r.Errors.Take(5)));
        // Oracle: LINQ to XML over the same file, counting node/way elements by their tags.
        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress);
        var doc = XDocument.Load(gz);
        Dictionary<string, string> Tags(XElement e) => e.Elements("tag").GroupBy(t => (string)t.Attribute("k")!).ToDictionary(g => g.Key, g => (string)g.First().Attribute("v")!);
        var objects = doc.Root!.Elements().Where(e => e.Name == "node" || e.Name == "way").Select(e => (e.Name.LocalName, Tags: Tags(e))).ToList();
        int Count(string k, string v) => objects.Count(o => o.Tags.GetValueOrDefault(k) == v);
        int busStops = objects.Count(o => o.Tags.GetValueOrDefault("highway") == "bus_stop"
            || (o.Tags.GetValueOrDefault("public_transport") == "platform" && (o.Tags.GetValueOrDefault("shelter") == "yes" || o.Tags.GetValueOrDefault("bus") == "yes")));
        Assert.Equal(Count("amenity", "school") + Count("amenity", "kindergarten"), r.Items.Count(f => f.Category == "school"));
        Assert.Equal(busStops, r.Items.Count(f => f.Category == "bus-shelter"));
        Assert.Equal(Count("leisure", "park"), r.Items.Count(f => f.Category == "park"));
        int publicPitches = objects.Count(o => o.Tags.GetValueOrDefault("leisure") == "pitch" && o.Tags.GetValueOrDefault("access") is not ("private" or "no"));
        Assert.Equal(Count("leisure", "fitness_station") + Count("leisure", "track") + Count("leisure", "sports_centre") + Count("route", "fitness_trail")
            + publicPitches, r.Items.Count(f => f.Category == "fitness"));
        Assert.Equal((3, 16, 3), (r.Items.Count(f => f.Category == "school"), busStops, r.Items.Count(f => f.Category == "park"))); // grep -c on the file
        Assert.All(r.Items, f => Assert.Equal("north-bayreuth.osm.gz", f.Source));
        var places = fx.Importer.Settlements(path);
        Assert.True(places.Succeeded, string.Join("\n", places.Errors.Take(5)));
        Assert.Equal(new[] { "village", "hamlet", "isolated_dwelling", "neighbourhood" }.Sum(v => Count("place", v)), places.Items.Count);
        Assert.All(r.Items, f => Assert.Matches("^(node|way)/[0-9]+$", f.SourceId!));
        Assert.All(r.Items.Where(f => f.Kind != "fitness-trail"), f => Assert.IsType<Point>(f.Geometry));
    }

    [Fact]
    public void Osm_places_become_settlements_with_missing_population_flagged()
    {
        var path = fx.Write("places.osm", """
            <?xml version="1.0" encoding="UTF-8"?>
            <osm version="0.6">
              <node id="1" lat="31.0" lon="120.6"><tag k="place" v="village"/><tag k="name" v="南麻村"/><tag k="population" v="3120"/></node>
              <node id="2" lat="31.01" lon="120.61"><tag k="place" v="hamlet"/><tag k="name" v="东港"/></node>
              <node id="3" lat="31.02" lon="120.62"><tag k="amenity" v="clinic"/><tag k="name" v="卫生室"/></node>
            </osm>
            """);
        var r = fx.Importer.Settlements(path);
        Assert.True(r.Succeeded, string.Join("\n", r.Errors));
        Assert.Equal([("南麻村", SettlementKind.AdministrativeVillage, 3120, "node/1"), ("东港", SettlementKind.NaturalVillage, 0, "node/2")],
            r.Items.Select(s => (s.Name, s.Kind, s.Population, s.SourceId)));
        Assert.Contains(r.Warnings, w => w.En == "1 settlements have no population; counted as 0");
    }

    [Fact]
    public void An_osm_sports_centre_drawn_as_an_area_keeps_its_ground_area()
    {
        // A 0.001° × 0.001° square at 31.0°N (WGS84, a = 6378137, f = 1/298.257223563, e² = f(2 − f)):
        // M = a(1 − e²)/(1 − e² sin²φ)^1.5 = 6,352,380 m → 110,869.46 m per degree of latitude;
        // N = a/(1 − e² sin²φ)^0.5 = 6,383,526 m → N cos φ · π/180 = 95,504.26 m per degree of longitude;
        // area = 110.86946 m × 95.50426 m = 10,588.5 m² (the 0.0005° between 31.0° and the square's middle moves it < 0.01 %).
        var path = fx.Write("sports.osm", """
            <?xml version="1.0" encoding="UTF-8"?>
            <osm version="0.6">
              <node id="1" lat="31.000" lon="120.600"/><node id="2" lat="31.000" lon="120.601"/>
              <node id="3" lat="31.001" lon="120.601"/><node id="4" lat="31.001" lon="120.600"/>
              <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/><tag k="leisure" v="sports_centre"/><tag k="name" v="全民健身中心"/></way>
            </osm>
            """);
        var r = fx.Importer.Facilities(path);
        Assert.True(r.Succeeded, string.Join("\n", r.Errors));
        var f = Assert.Single(r.Items);
        Assert.Equal(("fitness", "sports-park"), (f.Category, f.Kind));
        Assert.IsType<Point>(f.Geometry);
        Assert.Equal(10_588.5, f.AreaM2!.Value, 5.0);
        Assert.Contains(r.Warnings, w => w.En == "1 OSM facilities drawn as areas have no area tag; their area_m2 is the polygon's ground area"
            && w.Zh.StartsWith("1 个以面绘制的 OSM 设施"));
    }

    [Fact]
    public void An_osm_pitch_is_a_fitness_facility_unless_it_is_closed_to_the_public()
    {
        // 吴江 2019 第19条 counts 笼式球场 (cage courts) with the trails: a village's basketball court serves its fitness circle.
        var path = fx.Write("pitches.osm", """
            <?xml version="1.0" encoding="UTF-8"?>
            <osm version="0.6">
              <node id="1" lat="31.000" lon="120.600"/><node id="2" lat="31.000" lon="120.601"/>
              <node id="3" lat="31.001" lon="120.601"/><node id="4" lat="31.001" lon="120.600"/>
              <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/><tag k="leisure" v="pitch"/><tag k="sport" v="basketball"/><tag k="name" v="村篮球场"/></way>
              <node id="5" lat="31.002" lon="120.602"><tag k="leisure" v="pitch"/><tag k="access" v="private"/><tag k="name" v="单位球场"/></node>
              <node id="6" lat="31.003" lon="120.603"><tag k="leisure" v="pitch"/><tag k="access" v="no"/></node>
              <node id="7" lat="31.004" lon="120.604"><tag k="leisure" v="pitch"/><tag k="access" v="yes"/><tag k="name" v="笼式足球场"/></node>
            </osm>
            """);
        var r = fx.Importer.Facilities(path);
        Assert.True(r.Succeeded, string.Join("\n", r.Errors));
        Assert.Equal([("村篮球场", "way/10"), ("笼式足球场", "node/7")], r.Items.Select(f => (f.Name, f.SourceId!)).Order());
        Assert.All(r.Items, f => Assert.Equal(("fitness", "sports-pitch"), (f.Category, f.Kind)));
        // The same square as the sports centre above: its ground area counts toward 人均体育场地面积.
        Assert.Equal(10_588.5, r.Items.Single(f => f.SourceId == "way/10").AreaM2!.Value, 5.0);
    }

    [Fact]
    public void A_square_has_the_area_of_its_hand_computed_sides() =>
        // The same square as above, measured directly.
        Assert.Equal(10_588.5, GeoArea.SquareMetres(F.CreatePolygon([new(120.600, 31.000), new(120.601, 31.000), new(120.601, 31.001), new(120.600, 31.001), new(120.600, 31.000)])), 5.0);

    [Fact]
    public void A_file_that_is_not_osm_is_refused()
    {
        var e = Assert.Single(fx.Importer.Facilities(fx.Write("notosm.osm", "hello, this is not xml")).Errors);
        Assert.StartsWith("file is not OSM data", e.En);
    }
}
