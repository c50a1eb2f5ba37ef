using System.Globalization;
using System.IO.Compression;
using System.Text;
using Coverage.Core.Geo;
using Coverage.Network.Osm;
using Coverage.Network.Roads;
using Coverage.TestSupport;
using FsCheck;
using FsCheck.Fluent;
using NetTopologySuite.Geometries;
using Xunit.Abstractions;

namespace Coverage.Network.Tests.Fuzz;

/// <summary>
/// The network readers a planner meets: <see cref="OsmNetworkReader"/> on OSM extracts (.osm, .osm.gz, .pbf: the corpus
/// extract with its elements reordered, duplicated, cut, given huge ids and NaN/out-of-range coordinates, and raw byte
/// mutations), and <see cref="RoadNetwork.Build"/> on road layers with hostile geometries and attributes. Invariants in
/// <see cref="FileFuzz"/>: a graph, or a bilingual <see cref="NetworkInputException"/>; memory bounded.
/// </summary>
[Trait("Category", "Fuzz")]
public class NetworkFileFuzzTests(ITestOutputHelper output)
{
    static string CorpusDir => Path.Combine(AppContext.BaseDirectory, "Fuzz", "corpus");
    static readonly string[] SeedLines = File.ReadAllLines(Path.Combine(CorpusDir, "facilities.osm")).Skip(2).SkipLast(1).ToArray();

    static readonly Gen<string> Number = FileFuzz.HostileNumber;

    static readonly Gen<string> Element = Gen.OneOf(
        from id in Gen.Elements("1", "2", "3", "-1", "0", "9223372036854775807", "9223372036854775808", "1e3", "x", "")
        from lat in Gen.Frequency((3, Gen.Constant("31.0005")), (2, Number))
        from lon in Gen.Frequency((3, Gen.Constant("120.6005")), (2, Number))
        select $"  <node id=\"{id}\" version=\"1\" lat=\"{lat}\" lon=\"{lon}\"/>",
        from id in Gen.Elements("20", "11", "9223372036854775807", "-5", "0")
        from n in Gen.Choose(0, 8)
        from refs in Gen.ArrayOf(Gen.Elements("1", "2", "3", "4", "5", "99", "-1", "9223372036854775807", "x", ""), n)
        from tags in Gen.Elements("<tag k=\"highway\" v=\"footway\"/>", "<tag k=\"highway\" v=\"residential\"/><tag k=\"bridge\" v=\"yes\"/><tag k=\"layer\" v=\"2147483648\"/>",
            "<tag k=\"highway\" v=\"steps\"/><tag k=\"incline\" v=\"NaN%\"/>", "<tag k=\"highway\" v=\"path\"/><tag k=\"access\" v=\"no\"/>",
            "<tag k=\"highway\" v=\"primary\"/><tag k=\"sidewalk\" v=\"both\"/><tag k=\"maxspeed\" v=\"1e400\"/>", "<tag k=\"highway\"/>",
            "<tag k=\"highway\" v=\"footway\"/><tag k=\"highway\" v=\"motorway\"/>", "<tag k=\"highway\" v=\"service\"/><tag k=\"tunnel\" v=\"yes\"/><tag k=\"layer\" v=\"-9999999999\"/>")
        select $"  <way id=\"{id}\" version=\"1\">{string.Concat(refs.Select(r => $"<nd ref=\"{r}\"/>"))}{tags}</way>",
        Gen.Elements("  <relation id=\"1\"><member type=\"way\" ref=\"11\" role=\"\"/><tag k=\"type\" v=\"route\"/></relation>",
            "  <bounds minlat=\"NaN\" minlon=\"1\" maxlat=\"2\" maxlon=\"3\"/>", "  <node/>", "  <way/>", "  <nd ref=\"1\"/>", "  <!-- c -->", "  <osm>", "  </way>"));

    sealed record ExtractCase(string Label, byte[] Bytes, string Name);

    static readonly Gen<ExtractCase> Extracts = Gen.OneOf(
        from lines in Gen.Shuffle(SeedLines)
        from n in Gen.Choose(0, 8)
        from hostile in Gen.ArrayOf(Element, n)
        from duplicate in Gen.Choose(0, 3)
        from cut in Gen.Frequency((5, Gen.Constant(-1)), (1, Gen.Choose(0, 1500)))
        from gzip in Gen.Elements(false, false, true)
        select Structured(lines.Concat(hostile).Concat(lines.Take(duplicate)), cut, gzip),
        from seed in Gen.Elements("facilities.osm", "network.osm.pbf")
        from n in Gen.Choose(1, 4)
        from mutations in Gen.ArrayOf(FileFuzz.ByteMutation, n)
        select new ExtractCase($"{seed} ×{n} byte mutations", mutations.Aggregate(File.ReadAllBytes(Path.Combine(CorpusDir, seed)), (b, m) => m(b)),
            seed == "facilities.osm" ? "extract.osm" : "extract.osm.pbf"),
        from n in Gen.Choose(1, 3)
        from mutations in Gen.ArrayOf(FileFuzz.ByteMutation, n)
        select new ExtractCase($"osm.gz ×{n} byte mutations", mutations.Aggregate(Gzip(File.ReadAllBytes(Path.Combine(CorpusDir, "facilities.osm"))), (b, m) => m(b)),
            "extract.osm.gz"));

    static ExtractCase Structured(IEnumerable<string> elements, int cut, bool gzip)
    {
        var bytes = Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\">\n{string.Join("\n", elements)}\n</osm>\n");
        if (cut >= 0) bytes = bytes[..Math.Min(cut, bytes.Length)];
        var label = $"structured{(cut >= 0 ? $" cut at {cut}" : "")}{(gzip ? " gz" : "")}: {(bytes.Length < 400 ? Encoding.UTF8.GetString(bytes) : bytes.Length + " bytes")}";
        return new ExtractCase(label, gzip ? Gzip(bytes) : bytes, gzip ? "extract.osm.gz" : "extract.osm");
    }

    static byte[] Gzip(byte[] bytes)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(bytes);
        return ms.ToArray();
    }

    [Fact]
    public void Osm_extracts_into_a_walk_graph()
    {
        var dir = Support.TempDir.Create();
        try
        {
            FileFuzz.Run("osm-network", Extracts, FileFuzz.Cases(800), c =>
            {
                var path = Path.Combine(dir, c.Name);
                File.WriteAllBytes(path, c.Bytes);
                var input = FileFuzz.Feeding(c.Label, c.Bytes.Length);
                OsmNetworkReader.Read(path);
                return (input, []);
            }, output.WriteLine);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    // ---- Road layers ----

    static readonly GeometryFactory F = new(new PrecisionModel(), 4326);

    static readonly Gen<double> Ordinate = Gen.Frequency(
        (20, Gen.Choose(-500, 500).Select(i => i * 1e-5)),
        (1, Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e308, -1e308, 400.0, 0.0, double.Epsilon)));

    static readonly Gen<Geometry> RoadGeometry = Gen.OneOf(
        from n in Gen.Frequency((6, Gen.Choose(2, 8)), (1, Gen.Choose(0, 1)))
        from xs in Gen.ArrayOf(Ordinate, n)
        from ys in Gen.ArrayOf(Ordinate, n)
        select Line(xs, ys),
        from k in Gen.Choose(1, 3)
        from n in Gen.Choose(2, 5)
        from xs in Gen.ArrayOf(Ordinate, n * k)
        from ys in Gen.ArrayOf(Ordinate, n * k)
        select (Geometry)F.CreateMultiLineString(Enumerable.Range(0, k).Select(i => (LineString)Line(xs[(i * n)..((i + 1) * n)], ys[(i * n)..((i + 1) * n)])).ToArray()),
        Gen.Elements<Geometry>(F.CreatePoint(new Coordinate(120.6, 31)), F.CreateLineString([]), F.CreateMultiLineString([]),
            F.CreatePolygon([new(120.6, 31), new(120.61, 31.01), new(120.61, 31), new(120.6, 31.01), new(120.6, 31)]),
            F.CreateLineString([new(120.6, 31), new(120.6, 31), new(120.6, 31)]),
            F.CreateLineString([new(120.6, 31), new(120.61, 31.01), new(120.61, 31), new(120.6, 31.01)])));

    static Geometry Line(double[] xs, double[] ys) =>
        xs.Length == 1 ? F.CreatePoint(new Coordinate(120.6 + xs[0], 31 + ys[0]))
        : F.CreateLineString(xs.Select((x, i) => new Coordinate(120.6 + x, 31 + ys[i])).ToArray());

    static readonly Gen<KeyValuePair<string, string?>[]> Attributes =
        from highway in Gen.Elements<string?>("footway", "residential", "primary", "steps", "motorway", null, "", "人行道", "道路", "x")
        from name in Gen.Elements<string?>("人民路", null, "", new string('路', 5000))
        from extra in Gen.Elements(
            Array.Empty<KeyValuePair<string, string?>>(), [new("layer", "2147483648")], [new("bridge", "yes"), new("layer", "NaN")],
            [new("width", "1e400")], [new("HIGHWAY", "primary")], [new("", "")], [new("fclass", "footway")], [new("tunnel", "yes"), new("layer", "-1")])
        select new[] { new KeyValuePair<string, string?>("highway", highway), new("name", name) }.Concat(extra).ToArray();

    static readonly Gen<GisFeature[]> Layers =
        from n in Gen.Frequency((16, Gen.Choose(0, 12)), (1, Gen.Choose(50, 150)))
        from geometries in Gen.ArrayOf(RoadGeometry, n)
        from attributes in Gen.ArrayOf(Attributes, n)
        select geometries.Select((g, i) => new GisFeature(g, attributes[i], i + 1)).ToArray();

    [Fact]
    public void Road_layers_into_a_walk_graph() => FileFuzz.Run("road-layer", Layers, FileFuzz.Cases(200), features =>
    {
        // A layer is not a file here: its size is its vertex count × a shapefile's 16 bytes per point plus attributes.
        long bytes = features.Sum(f => 16L * f.Geometry.NumPoints + 100 + f.Attributes.Sum(a => (a.Value?.Length ?? 0) * 2L));
        var input = FileFuzz.Feeding($"{features.Length} features, {features.Sum(f => f.Geometry.NumPoints)} vertices", bytes);
        RoadNetwork.Build(features);
        return (input, []);
    }, output.WriteLine);

    /// <summary>
    /// Open defect found by this suite: one 10⁶-vertex footway allocates 9.9 GB in RoadNetwork.Build (the cap is 3.3 GB);
    /// skipped until the noder's per-vertex allocations are bounded. Run it with the skip removed to reproduce.
    /// </summary>
    [Fact(Skip = "open defect: a 10⁶-vertex road line allocates 9.9 GB in RoadNetwork.Build (issue 15 fuzz report)")]
    public void Road_layer_of_a_million_vertex_line()
    {
        var coords = Enumerable.Range(0, 1_000_000).Select(i => new Coordinate(120.6 + i * 1e-7, 31 + (i % 2) * 1e-6)).ToArray();
        var layer = new[] { new GisFeature(F.CreateLineString(coords), [new("highway", "footway")], 1) };
        FileFuzz.Run("road-layer-million-vertices", Gen.Constant(layer), 1, features =>
        {
            var input = FileFuzz.Feeding("10⁶ vertices", 16_000_000);
            RoadNetwork.Build(features);
            return (input, []);
        }, output.WriteLine);
    }
}
