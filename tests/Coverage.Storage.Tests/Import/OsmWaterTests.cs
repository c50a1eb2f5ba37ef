using System.IO.Compression;
using System.Xml.Linq;
using Coverage.Storage.Import;
using NetTopologySuite.Geometries;

namespace Coverage.Storage.Tests.Import;

public sealed class OsmWaterTests(ImportFixture fx) : IClassFixture<ImportFixture>
{
    [Fact]
    public void Hand_built_extract_gives_areas_lines_and_counts_relations()
    {
        var path = fx.Write("water.osm", """
            <?xml version="1.0" encoding="UTF-8"?>
            <osm version="0.6">
              <node id="1" lat="31.00" lon="120.60"/><node id="2" lat="31.00" lon="120.61"/>
              <node id="3" lat="31.01" lon="120.61"/><node id="4" lat="31.01" lon="120.60"/>
              <node id="5" lat="31.02" lon="120.60"/><node id="6" lat="31.02" lon="120.62"/>
              <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/><tag k="natural" v="water"/><tag k="name" v="北荡"/></way>
              <way id="11"><nd ref="5"/><nd ref="6"/><tag k="waterway" v="canal"/><tag k="name" v="頔塘"/></way>
              <way id="12"><nd ref="4"/><nd ref="5"/><tag k="waterway" v="stream"/></way>
              <way id="13"><nd ref="1"/><nd ref="5"/><tag k="highway" v="footway"/></way>
              <way id="14"><nd ref="2"/><nd ref="6"/><tag k="natural" v="water"/></way>
              <relation id="20"><member type="way" ref="10" role="outer"/><tag k="type" v="multipolygon"/><tag k="natural" v="water"/></relation>
            </osm>
            """);
        var r = OsmWater.FromExtract(path);
        // Way 14 is natural=water but not closed: not an area, and not a waterway line either.
        Assert.Equal([("water", "北荡", "Polygon"), ("canal", "頔塘", "LineString"), ("river", null, "LineString")],
            r.Features.Select(f => (f.Kind, f.Name, f.Geometry.GeometryType)));
        Assert.Equal(0.01 * 0.01, r.Features[0].Geometry.Area, 12);
        Assert.Equal(1, r.SkippedRelations);
    }

    [Fact]
    public void Real_extract_water_matches_a_brute_force_reading_of_the_xml()
    {
        var path = ImportFixture.OsmExtract("north-bayreuth.osm.gz");
        var r = OsmWater.FromExtract(path);
        // Oracle: LINQ to XML over the same file.
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        var doc = XDocument.Load(gz);
        var ways = doc.Root!.Elements("way").Select(w => (
            Nodes: w.Elements("nd").Select(n => (long)n.Attribute("ref")!).ToList(),
            Tags: w.Elements("tag").ToDictionary(t => (string)t.Attribute("k")!, t => (string)t.Attribute("v")!))).ToList();
        bool Closed(List<long> n) => n.Count >= 4 && n[0] == n[^1];
        int areas = ways.Count(w => Closed(w.Nodes) && (w.Tags.GetValueOrDefault("natural") == "water"
            || w.Tags.GetValueOrDefault("landuse") is "reservoir" or "basin" || w.Tags.GetValueOrDefault("waterway") == "riverbank"));
        int lines = ways.Count(w => w.Tags.GetValueOrDefault("waterway") is "river" or "stream" or "canal" or "ditch" or "drain"
            && !(Closed(w.Nodes) && (w.Tags.GetValueOrDefault("natural") == "water" || w.Tags.GetValueOrDefault("waterway") == "riverbank")));
        Assert.True(areas + lines > 0, "the extract has water");
        Assert.Equal(areas + lines, r.Features.Count);
        Assert.All(r.Features, f => Assert.True(f.Geometry.IsValid || f.Geometry is LineString, $"invalid {f.Kind} {f.Name}"));
    }

    [Fact]
    public void Demo_water_table_reads_as_areas()
    {
        var table = Directory.GetFiles(Path.Combine(FindRepo(), "geodata", "demo"), "water*.geojson").Single();
        var water = OsmWater.FromGeoJson(table);
        Assert.Equal(File.ReadAllText(table).Split("\"type\":\"Feature\"").Length - 1, water.Count);
        Assert.All(water, w => Assert.Equal("water", w.Kind));
    }

    static string FindRepo()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(d!.FullName, "Coverage.sln"))) d = d.Parent;
        return d.FullName;
    }
}
