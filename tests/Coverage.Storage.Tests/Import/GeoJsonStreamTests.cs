using System.Text.Json;
using Coverage.Storage.Import;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Coverage.Storage.Tests.Import;

/// <summary>
/// The importers' streamed GeoJSON reader (<see cref="GeoJsonFeatures.Read"/>) against the slow and obvious reading it
/// replaced: System.Text.Json's JsonDocument for the properties and ids, NTS's GeoJSON converter for each geometry.
/// Every feature must come out the same: property texts in order, geometry type, factory, and every ordinate bit for bit.
/// </summary>
public sealed class GeoJsonStreamTests(ImportFixture fx) : IClassFixture<ImportFixture>
{
    static readonly JsonSerializerOptions Nts = new() { Converters = { new GeoJsonConverterFactory() } };

    public static TheoryData<string> DemoFiles => new()
    {
        "facilities.synthetic.geojson", "settlements.synthetic.geojson", "towns.synthetic.geojson", "water.synthetic.geojson",
    };

    [Theory]
    [MemberData(nameof(DemoFiles))]
    public void Demo_county_files_read_as_NTS_and_JsonDocument_read_them(string name)
    {
        var path = Path.Combine(Path.GetDirectoryName(SeedDirectory.Find())!, "geodata", "demo", name);
        int features = AssertSameAsOracle(path);
        Assert.True(features > 0);
    }

    [Theory]
    [InlineData("north-bayreuth.osm.gz")]
    [InlineData("krems.osm.gz")]
    public void Real_water_polygons_written_by_NTS_read_back_as_NTS_reads_them(string extract)
    {
        // Real OSM coordinates (lakes and ponds as polygons, rivers as lines), written by NTS's own GeoJSON writer.
        var water = OsmWater.FromExtract(ImportFixture.OsmExtract(extract)).Features;
        var collection = new FeatureCollection();
        foreach (var w in water) collection.Add(new Feature(w.Geometry, new AttributesTable { { "kind", w.Kind }, { "name", w.Name } }));
        var path = fx.Write($"{extract}.geojson", JsonSerializer.Serialize(collection, Nts));
        Assert.Equal(water.Count, AssertSameAsOracle(path));
        Assert.Contains(water, w => w.Geometry is Polygon);
        Assert.Contains(water, w => w.Geometry is LineString);
    }

    /// <summary>Valid files off the common path: each must still read as the oracle reads it.</summary>
    [Theory]
    [InlineData("""{"features":[{"geometry":{"coordinates":[1.5,2.25],"type":"Point"},"type":"Feature","properties":{"a":1}}],"type":"FeatureCollection"}""")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","id":7,"properties":{"n":-0.0,"e":1E2,"big":123456789012345678901234567890,"t":true,"f":false,"z":null,"o":{"k":[1, 2]},"s":"\u00e9\"\\"},"geometry":{"type":"Point","coordinates":[120.1234567,30.7654321]}}]}""")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":null,"geometry":{"type":"Point","coordinates":[1,2,3]}}]}""")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":[],"geometry":{"type":"LineString","coordinates":[[1,2],[3,4,5]]}}]}""")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","bbox":[0,0,1,1],"coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}""")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]}]}}]}""")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[4,0],[4,4],[0,0]],[[1,1],[2,1],[2,2],[1,1]]],[[[5,5],[6,5],[6,6],[5,5]]]]}},{"type":"Feature","geometry":{"type":"MultiLineString","coordinates":[[[0,0],[1,1]],[[2,2],[3,3],[4,4]]]}},{"type":"Feature","geometry":{"type":"MultiPoint","coordinates":[[0,0],[1,1]]}}]}""")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null},{"type":"Feature"},{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}},{"type":"Feature","geometry":{"type":"Point","coordinates":[]}},{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1]]]}},{"type":"Feature","geometry":{"type":"Point","coordinates":[[1,2]]}},{"type":"Feature","geometry":{"type":"Circle","coordinates":[1,2]}},{"type":"Feature","geometry":"here"}]}""")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2,]}},],}""")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":1},"properties":{"b":2},"geometry":{"type":"Point","coordinates":[1,2]}}]}""")]
    [InlineData("""{"type":"FeatureCollection","synthetic":true,"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[]}""")]
    public void Unusual_but_readable_files_read_as_the_oracle_reads_them(string json) => AssertSameAsOracle(fx.Write("odd.geojson", json));

    /// <summary>Broken files: the same bilingual error as the JsonDocument path gives (its wording is pinned here).</summary>
    [Theory]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature"}""", "not valid JSON (line 1)")]
    [InlineData("{\"type\":\"FeatureCollection\",\n\"features\":[\n{\"type\":\"Feature\"} x]}", "not valid JSON (line 3)")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature"},null]}""", "entry 2 of 'features' is null, not a Feature object")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature"},{"type":"Feature","properties":{"a":"\udfff"}}]}""", "feature 2 holds an invalid string")]
    [InlineData("""{"type":"FeatureCollection","feature":[]}""", "not a GeoJSON FeatureCollection (no 'features' array)")]
    [InlineData("""[{"type":"Feature"}]""", "not a GeoJSON FeatureCollection (no 'features' array)")]
    [InlineData("""{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:99999"}},"features":[]}""", "the GeoJSON 'crs' member 'EPSG:99999' is not supported")]
    public void Broken_files_fail_with_the_same_message(string json, string english)
    {
        var e = Assert.Throws<ImportFormatException>(() => GeoJsonFeatures.Read(fx.Write("broken.geojson", json), []));
        Assert.Contains(english, e.Text.En);
        Assert.NotEmpty(e.Text.Zh);
    }

    [Fact]
    public void A_synthetic_file_is_named_so_in_the_warnings()
    {
        var warnings = new List<ImportWarning>();
        GeoJsonFeatures.Read(fx.Write("synthetic.geojson", """{"type":"FeatureCollection","synthetic":true,"features":[]}"""), warnings);
        Assert.Equal("this file is synthetic demo data (synthetic: true)", Assert.Single(warnings).En);
    }

    /// <summary>Reads the file both ways and compares feature by feature; returns the feature count.</summary>
    static int AssertSameAsOracle(string path)
    {
        var read = GeoJsonFeatures.Read(path, []);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true });
        var expected = doc.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(expected.Count, read.Count);
        for (int i = 0; i < read.Count; i++)
        {
            var (f, e) = (read[i], expected[i]);
            Assert.Equal(i + 1, f.Number);
            Assert.Equal(e.TryGetProperty("id", out var id) ? Text(id) : null, f.Id);
            var properties = e.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
                ? p.EnumerateObject().Select(m => KeyValuePair.Create(m.Name, Text(m.Value))).ToList() : [];
            Assert.Equal(properties, f.Properties);
            AssertSameGeometry(e, f, i + 1);
        }
        return read.Count;
    }

    static void AssertSameGeometry(JsonElement e, GeoJsonFeature f, int n)
    {
        if (!e.TryGetProperty("geometry", out var g) || g.ValueKind == JsonValueKind.Null)
        {
            Assert.Null(f.Geometry);
            Assert.Equal("feature has no geometry", f.GeometryError?.En);
            return;
        }
        Geometry expected;
        try { expected = g.Deserialize<Geometry>(Nts)!; }
        catch (Exception x) when (x is JsonException or ArgumentException or InvalidOperationException or NotSupportedException or FormatException)
        {
            Assert.Null(f.Geometry);
            Assert.Equal($"geometry cannot be read: {x.Message}", f.GeometryError?.En);
            return;
        }
        var actual = Assert.IsAssignableFrom<Geometry>(f.Geometry);
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Same(expected.Factory, actual.Factory);
        Assert.True(expected.EqualsExact(actual), $"feature {n}: {actual} != {expected}");
        for (int k = 0; k < expected.NumGeometries; k++) AssertSameSequences(expected.GetGeometryN(k), actual.GetGeometryN(k), n);
    }

    /// <summary>Ordinates by their bits (EqualsExact would call -0.0 and 0.0 equal), with the sequences' kind and dimension.</summary>
    static void AssertSameSequences(Geometry expected, Geometry actual, int n)
    {
        var (a, b) = (Sequences(expected), Sequences(actual));
        Assert.Equal(a.Count, b.Count);
        for (int s = 0; s < a.Count; s++)
        {
            Assert.Equal((a[s].GetType(), a[s].Dimension, a[s].Measures, a[s].Count), (b[s].GetType(), b[s].Dimension, b[s].Measures, b[s].Count));
            for (int i = 0; i < a[s].Count; i++)
                for (int d = 0; d < a[s].Dimension; d++)
                    Assert.True(BitConverter.DoubleToInt64Bits(a[s].GetOrdinate(i, d)) == BitConverter.DoubleToInt64Bits(b[s].GetOrdinate(i, d)),
                        $"feature {n}: ordinate {d} of point {i} differs");
        }
    }

    static List<CoordinateSequence> Sequences(Geometry g) => g switch
    {
        Point p => [p.CoordinateSequence],
        LineString l => [l.CoordinateSequence],
        Polygon p => [p.Shell.CoordinateSequence, .. p.Holes.Select(h => h.CoordinateSequence)],
        _ => Enumerable.Range(0, g.NumGeometries).SelectMany(i => Sequences(g.GetGeometryN(i))).ToList(),
    };

    static string? Text(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Null => null,
        _ => v.GetRawText(),
    };
}
