using System.Globalization;
using System.Text;
using Coverage.Storage.Import;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace Coverage.Storage.Tests.Fuzz;

/// <summary>
/// CSV and GeoJSON files, generated two ways: structured (a valid table or FeatureCollection whose fields, quoting,
/// encoding, line ends and geometries are then made hostile) and raw byte mutations of the corpus. Invariants in
/// <see cref="FileFuzz"/>: a read or a user-facing bilingual refusal, memory bounded by the input's size.
/// </summary>
[Trait("Category", "Fuzz")]
public class TextFileFuzzTests(FuzzCorpus corpus, ITestOutputHelper output) : IClassFixture<FuzzCorpus>
{
    // ---- CSV ----

    static readonly string[] FacilityHeader = ["id", "name", "category", "kind", "status", "lon", "lat", "town", "wkt"];
    static readonly string[] SettlementHeader = ["名称", "类型", "镇街", "区划代码", "人口", "60岁以上人口", "经度", "纬度", "几何"];

    /// <summary>WKT a planner's CSV might hold, and hostile ones: deep nesting, self-intersection, NaN, huge counts, junk.</summary>
    static readonly Gen<string> Wkt = Outcome.Pick("POINT (120.6 31)", "LINESTRING (120.6 31, 120.61 31)", "POLYGON ((120.6 31, 120.61 31, 120.61 31.01, 120.6 31.01, 120.6 31))",
        "POLYGON ((120.6 31, 120.61 31.01, 120.61 31, 120.6 31.01, 120.6 31))", // a bow tie: self-intersecting
        "POINT (NaN NaN)", "POINT (1e308 1e308)", "POINT EMPTY", "POLYGON ((120.6 31, 120.61 31))", "MULTIPOINT ((120.6 31), EMPTY)",
        "GEOMETRYCOLLECTION (POINT (120.6 31))", "POINT (120.6)", "POINT ZM (120.6 31 1 2)", "LINESTRING (120.6 31)", "CIRCULARSTRING (0 0, 1 1, 2 0)",
        "POLYGON ((", "POINT (120.6 31", "SRID=4326;POINT (120.6 31)", "TRIANGLE ((0 0, 1 0, 0 1, 0 0))", "POINT (120,6 31)", "POINT (120.6 31) x",
        "POINT(120.6 31)\r\n", "'", "POINT (\"120.6\" 31)", "POINT (1e400 31)", "MULTIPOLYGON (((120.6 31, 120.61 31, 120.6 31.01, 120.6 31)), EMPTY)");

    /// <summary>
    /// Every big value a file may carry, by name: deep nesting (FINDINGS #9), a long line, a huge field. Built when used (some
    /// are megabytes); the random suite draws them rarely, <see cref="Csv_every_huge_value_once"/> runs each once.
    /// </summary>
    static readonly (string Name, Func<string> Make)[] HugeValues =
    [
        .. from depth in new[] { 33, 64, 5_000, 60_000 }
           from kind in new[] { "GEOMETRYCOLLECTION (", "MULTIPOLYGON (", "(" }
           select ($"WKT nested {depth} deep in '{kind}'", (Func<string>)(() => string.Concat(Enumerable.Repeat(kind, depth)) + "POINT (120.6 31)" + new string(')', depth))),
        .. from n in new[] { 1_000, 100_000 }
           select ($"LINESTRING of {n} vertices", (Func<string>)(() => "LINESTRING (" + string.Join(", ", Enumerable.Range(0, n).Select(i => $"{120.6 + i * 1e-7:0.0000000} 31")) + ")")),
        .. from len in new[] { 70_000, 1_500_000 }
           from c in new[] { 'x', '村', ',', '"', '\n' }
           select ($"{len} × '{(c == '\n' ? "\\n" : c)}'", (Func<string>)(() => new string(c, len))),
    ];

    static readonly Gen<string> Huge = Gen.Elements(HugeValues).Select(h => h.Make());

    static readonly Gen<string> Text = Gen.OneOf(
        Outcome.Pick("卫生室", "南麻村", "clinic", "village-clinic", "fitness", "fitness-station", "existing", "planned", "行政村", "自然村",
            "平望镇", "", " ", "\t", "=1+1", "\0", "\u202e", "\ufeff", "\ud800", "\udfff x", "😀", "a\u0301", "NULL", "null"),
        FileFuzz.HostileNumber,
        Wkt,
        from len in Gen.Elements(100, 300)
        from c in Gen.Elements('x', '村', ',', '"', '\r')
        select new string(c, len));

    /// <summary>How one field is written: plain, quoted, quoted with doubled quotes, with a line break inside, or with a quote never closed.</summary>
    static readonly Gen<Func<string, string, string>> Quoting = Gen.Elements<Func<string, string, string>>(
        (v, _) => v, (v, _) => $"\"{v.Replace("\"", "\"\"")}\"", (v, eol) => $"\"{v}{eol}more\"", (v, _) => $"\"{v}", (v, _) => $"{v}\"x\"",
        (v, _) => $" \"{v}\" ");

    sealed record CsvCase(bool Settlements, string[] Header, string[][] Rows, string Eol, string Encoding, bool Stream)
    {
        public override string ToString()
        {
            var text = string.Join(" | ", new[] { string.Join(",", Header) }.Concat(Rows.Select(r => string.Join(",", r))));
            return $"{(Settlements ? "settlements" : "facilities")} {Encoding} {Rows.Length} rows eol={Escape(Eol)}: {Escape(text.Length < 600 ? text : text[..600] + "…")}";
        }
        static string Escape(string s) => s.Replace("\r", "\\r").Replace("\n", "\\n");
    }

    static readonly Gen<CsvCase> CsvCases =
        from settlements in Gen.Elements(false, true)
        from dropColumns in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 3)))
        from header in Gen.Shuffle(settlements ? SettlementHeader : FacilityHeader).Select(h => h[..^dropColumns])
        from rowCount in Gen.Frequency((12, Gen.Choose(0, 6)), (1, Gen.Choose(50, 200)))
        from rows in Gen.ArrayOf(Row(header, settlements), rowCount)
        from huge in Gen.Frequency((60, Gen.Constant<string?>(null)), (1, Huge.Select(h => (string?)h)))
        from hugeAt in Gen.Zip(Gen.Choose(0, 1000), Gen.Choose(0, 1000))
        from eol in Gen.Elements("\n", "\r\n", "\r", "\n\r", "\u2028")
        from encoding in Gen.Elements("utf-8", "utf-8-bom", "gbk", "utf-16", "latin1")
        from stream in Gen.Elements(false, true)
        select new CsvCase(settlements, header, WithHuge(rows, huge, hugeAt), eol, encoding, stream);

    static string[][] WithHuge(string[][] rows, string? huge, (int Row, int Column) at)
    {
        if (huge is null || rows.Length == 0) return rows;
        var row = rows[at.Row % rows.Length];
        if (row.Length > 0) row[at.Column % row.Length] = row[at.Column % row.Length].StartsWith('"') ? $"\"{huge.Replace("\"", "\"\"")}\"" : huge;
        return rows;
    }

    /// <summary>A row: mostly valid values, some hostile; sometimes too few or too many fields.</summary>
    static Gen<string[]> Row(string[] header, bool settlements) =>
        from valid in Gen.Constant(header.Select(h => ValidValue(h, settlements)).ToArray())
        from hostile in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(1, 3)))
        from picks in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, Math.Max(0, header.Length - 1)), Text), hostile)
        from quoting in Gen.ArrayOf(Gen.Frequency((8, Gen.Constant<Func<string, string, string>>((v, _) => v)), (1, Quoting)), header.Length + 1)
        from extra in Gen.Frequency((8, Gen.Constant(0)), (1, Gen.Choose(-3, 3)))
        select Shape(valid, picks, quoting, extra);

    static string ValidValue(string column, bool settlements) => column switch
    {
        "id" => "c1", "name" or "名称" => settlements ? "南麻村" : "卫生室", "category" => "clinic", "kind" => "village-clinic", "类型" => "行政村",
        "status" => "existing", "lon" or "经度" => "120.6", "lat" or "纬度" => "31.0", "town" or "镇街" => "平望镇", "区划代码" => "320509102201",
        "人口" => "3120", "60岁以上人口" => "890", _ => "",
    };

    static string[] Shape(string[] valid, (int Column, string Value)[] picks, Func<string, string, string>[] quoting, int extra)
    {
        var row = (string[])valid.Clone();
        foreach (var (c, v) in picks) if (c < row.Length) row[c] = v;
        // The quoting is applied when the file is written (it needs the line end); kept here as a marker per field.
        var quoted = row.Select((v, i) => quoting[i]).ToArray();
        var fields = row.Select((v, i) => quoted[i](v, "\n")).ToList();
        if (extra > 0) fields.AddRange(Enumerable.Repeat("x", extra));
        if (extra < 0) fields.RemoveRange(Math.Max(0, fields.Count + extra), Math.Min(fields.Count, -extra));
        return [.. fields];
    }

    static byte[] Encode(string text, string encoding) => encoding switch
    {
        "utf-8-bom" => [0xEF, 0xBB, 0xBF, .. new UTF8Encoding(false).GetBytes(text)],
        "gbk" => EncodeGbk(text),
        "utf-16" => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray(),
        "latin1" => Encoding.Latin1.GetBytes(text),
        _ => new UTF8Encoding(false).GetBytes(text),
    };

    static byte[] EncodeGbk(string text)
    {
        // Lone surrogates cannot be written in GB18030: the lenient encoder writes '?' for them, as Excel would.
        _ = InputText.Gb18030; // registers the code pages
        var lenient = Encoding.GetEncoding("GB18030", EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
        return lenient.GetBytes(text);
    }

    (FileFuzz.Input, IEnumerable<string>) ReadCsv(CsvCase c)
    {
        var text = string.Join(c.Eol, new[] { string.Join(",", c.Header) }.Concat(c.Rows.Select(r => string.Join(",", r)))) + c.Eol;
        var bytes = Encode(text, c.Encoding);
        return ReadCsvBytes(bytes, c.Settlements, c.Stream, c.ToString());
    }

    (FileFuzz.Input, IEnumerable<string>) ReadCsvBytes(byte[] bytes, bool settlements, bool stream, string label)
    {
        FileFuzz.Feeding(label, bytes.Length);
        var importer = corpus.Importer;
        if (stream)
        {
            using var s = new MemoryStream(bytes);
            return settlements ? Outcome.Of(label, bytes.Length, importer.SettlementsFromCsv(s, "upload.csv"))
                : Outcome.Of(label, bytes.Length, importer.FacilitiesFromCsv(s, "upload.csv"));
        }
        var path = corpus.Write(settlements ? "settlements.csv" : "facilities.csv", bytes);
        try
        {
            return settlements ? Outcome.Of(label, bytes.Length, importer.Settlements(path)) : Outcome.Of(label, bytes.Length, importer.Facilities(path));
        }
        finally { FuzzCorpus.Clean(path); }
    }

    /// <summary>Each huge value once, in the wkt and the name field of a one-row facility file, read from a file and as an upload.</summary>
    [Fact]
    public void Csv_every_huge_value_once()
    {
        var cases = (from h in HugeValues from column in new[] { "wkt", "name" } from stream in new[] { false, true } select (h, column, stream)).ToArray();
        Assert.Equal(24 * 4, cases.Length); // every variant the generator has
        foreach (var ((name, make), column, stream) in cases)
        {
            var value = make();
            var row = FacilityHeader.Select(h => h == column ? $"\"{value.Replace("\"", "\"\"")}\"" : ValidValue(h, false));
            var bytes = Outcome.Bytes(string.Join(",", FacilityHeader) + "\n" + string.Join(",", row) + "\n");
            FileFuzz.Run("csv-one-huge-value", Gen.Constant(0), 1, _ => ReadCsvBytes(bytes, false, stream, $"{name} in {column}{(stream ? ", upload" : "")}"));
        }
        output.WriteLine($"csv: {cases.Length} huge-value cases, every one by the rules");
    }

    [Fact]
    public void Csv_structured() => FileFuzz.Run("csv-structured", CsvCases, FileFuzz.Cases(300), ReadCsv, output.WriteLine);

    static readonly Gen<(string Seed, Func<byte[], byte[]>[] Mutations, bool Stream)> CsvMutations =
        from seed in Gen.Elements("facilities.csv", "settlements.csv")
        from n in Gen.Choose(1, 4)
        from mutations in Gen.ArrayOf(FileFuzz.ByteMutation, n)
        from stream in Gen.Elements(false, true)
        select (seed, mutations, stream);

    [Fact]
    public void Csv_byte_mutations() => FileFuzz.Run("csv-bytes", CsvMutations, FileFuzz.Cases(1000), c =>
    {
        var bytes = c.Mutations.Aggregate(FuzzCorpus.Seed(c.Seed), (b, m) => m(b));
        return ReadCsvBytes(bytes, c.Seed.StartsWith("settlements"), c.Stream, $"{c.Seed} ×{c.Mutations.Length} mutations");
    }, output.WriteLine);

    // ---- GeoJSON ----

    static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    static readonly Gen<string> Coordinate = Gen.OneOf(
        from x in Gen.Choose(-2000, 2000) from y in Gen.Choose(-2000, 2000) select $"[{N(120.6 + x * 1e-4)},{N(31 + y * 1e-4)}]",
        from x in FileFuzz.HostileNumber from y in FileFuzz.HostileNumber select $"[{Json(x)},{Json(y)}]",
        Outcome.Pick("[]", "[120.6]", "[120.6,31,5,6,7]", "null", "[\"120.6\",\"31\"]", "[[120.6,31]]", "{}", "[NaN,31]", "[Infinity,1]", "[1e400,31]"));

    /// <summary>A number as JSON would have it when it is one, else the text as a string token (or a bare token for NaN-like words).</summary>
    static string Json(string v) => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && !v.Contains("0x") && v.Trim() == v && v != "" ? v
        : v is "NaN" or "Infinity" or "-Infinity" ? v : $"\"{v}\"";

    static readonly Gen<string> Geometry = Gen.OneOf(
        from c in Coordinate select $"{{\"type\":\"Point\",\"coordinates\":{c}}}",
        from n in Gen.Choose(0, 6)
        from cs in Gen.ArrayOf(Coordinate, n)
        select $"{{\"type\":\"LineString\",\"coordinates\":[{string.Join(",", cs)}]}}",
        from n in Gen.Choose(0, 7)
        from cs in Gen.ArrayOf(Coordinate, n)
        select $"{{\"type\":\"Polygon\",\"coordinates\":[[{string.Join(",", cs)}]]}}",
        Outcome.Pick(
            "null", "1", "\"POINT (120.6 31)\"", "{}", "{\"type\":\"Point\"}", "{\"type\":\"Circle\",\"coordinates\":[120.6,31]}",
            "{\"type\":\"Polygon\",\"coordinates\":[[[120.6,31],[120.61,31.01],[120.61,31],[120.6,31.01],[120.6,31]]]}",
            "{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"Point\",\"coordinates\":[120.6,31]}]}",
            "{\"type\":\"GeometryCollection\",\"geometries\":null}", "{\"type\":\"MultiPolygon\",\"coordinates\":[[[]]]}",
            "{\"type\":\"Point\",\"coordinates\":[120.6,31],\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:3857\"}}}"),
        from depth in Gen.Elements(50, 70)
        select string.Concat(Enumerable.Repeat("{\"type\":\"GeometryCollection\",\"geometries\":[", depth)) + new string(']', 0)
            + "{\"type\":\"Point\",\"coordinates\":[120.6,31]}" + string.Concat(Enumerable.Repeat("]}", depth)),
        from depth in Gen.Elements(3, 70)
        select "{\"type\":\"Point\",\"coordinates\":" + new string('[', depth) + "120.6,31" + new string(']', depth) + "}");

    /// <summary>Every big feature a file may carry, by name: nesting 10⁵ deep, a 2 MB name (built when used; each run once by <see cref="GeoJson_every_huge_feature_once"/>).</summary>
    static readonly (string Name, Func<string> Make)[] HugeFeatures =
    [
        .. from depth in new[] { 1_000, 100_000 }
           select ($"GeometryCollection nested {depth} deep", (Func<string>)(() => "{\"type\":\"Feature\",\"properties\":{},\"geometry\":"
               + string.Concat(Enumerable.Repeat("{\"type\":\"GeometryCollection\",\"geometries\":[", depth))
               + "{\"type\":\"Point\",\"coordinates\":[120.6,31]}" + string.Concat(Enumerable.Repeat("]}", depth)) + "}")),
        .. from depth in new[] { 1_000, 100_000 }
           select ($"coordinates nested {depth} deep", (Func<string>)(() => "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":"
               + new string('[', depth) + "120.6,31" + new string(']', depth) + "}}")),
        .. from len in new[] { 100_000, 2_000_000 }
           select ($"a name of {len} characters", (Func<string>)(() =>
               $"{{\"type\":\"Feature\",\"properties\":{{\"name\":\"{new string('村', len)}\",\"category\":\"clinic\"}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[120.6,31]}}}}")),
    ];

    static readonly Gen<string> HugeFeature = Gen.Elements(HugeFeatures).Select(h => h.Make());

    static readonly Gen<string> Properties = Gen.OneOf(
        Outcome.Pick("{\"name\":\"卫生室\",\"category\":\"clinic\",\"kind\":\"village-clinic\"}", "{\"name\":\"南麻村\",\"kind\":\"行政村\",\"population\":1200}",
            "null", "{}", "[]", "1", "{\"name\":null,\"category\":1e400}", "{\"name\":\"\\udfff\"}", "{\"name\":\"a\",\"name\":\"b\",\"category\":\"clinic\"}",
            "{\"name\":{\"nested\":[1,2,3]},\"category\":[\"clinic\"]}", "{\"population\":-1,\"elderly\":1e308,\"name\":\"x\"}"),
        from len in Gen.Elements(300, 1_000) select $"{{\"name\":\"{new string('村', len)}\",\"category\":\"clinic\"}}");

    static readonly Gen<string> Feature = Gen.Frequency(
        (12, from g in Geometry from p in Properties from id in Gen.Elements("", "\"id\":\"f1\",", "\"id\":1e400,", "\"id\":{},", "\"id\":null,")
             select $"{{\"type\":\"Feature\",{id}\"properties\":{p},\"geometry\":{g}}}"),
        (1, Outcome.Pick("null", "1", "\"Feature\"", "[]", "{}", "{\"type\":\"Feature\"}", "{\"type\":\"FeatureCollection\",\"features\":[]}", "true")));

    sealed record GeoJsonCase(string Text, int Features, bool Settlements, int Reader)
    {
        public override string ToString() => $"{Features} features, {Text.Length} chars, reader {Reader}: {(Text.Length < 200 ? Text : Text[..200] + "…")}";
    }

    static readonly Gen<GeoJsonCase> GeoJsonCases =
        from n in Gen.Frequency((16, Gen.Choose(0, 5)), (1, Gen.Choose(50, 150)))
        from small in Gen.ArrayOf(Feature, n)
        from huge in Gen.Frequency((60, Gen.Constant<string[]>([])), (1, HugeFeature.Select(h => new[] { h })))
        let features = small.Concat(huge).ToArray()
        from wrapper in Gen.Frequency(
            (10, Gen.Constant("{\"type\":\"FeatureCollection\",\"features\":[{0}]}")),
            (1, Outcome.Pick("{\"type\":\"FeatureCollection\",\"features\":null}", "[{0}]", "{\"features\":{0}}", "{\"type\":\"FeatureCollection\",\"features\":[{0}",
                "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4490\"}},\"features\":[{0}]}",
                "{\"type\":\"FeatureCollection\",\"crs\":7,\"features\":[{0}]}", "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{}}", "",
                "{\"type\":\"FeatureCollection\",\"features\":[{0}]} trailing", "{\"type\":\"FeatureCollection\",\"features\":[{0},]}")))
        from settlements in Gen.Elements(false, true)
        from reader in Gen.Choose(0, 3)
        select new GeoJsonCase(wrapper.Replace("{0}", string.Join(",", features)), n, settlements, reader);

    (FileFuzz.Input, IEnumerable<string>) ReadGeoJson(byte[] bytes, bool settlements, int reader, string label)
    {
        FileFuzz.Feeding(label, bytes.Length);
        var path = corpus.Write(reader == 0 ? "layer.json" : "layer.geojson", bytes);
        try
        {
            return reader switch
            {
                // The plan importers, and the GIS layer reader behind road layers and county boundaries.
                0 or 1 => settlements ? Outcome.Of(label, bytes.Length, corpus.Importer.Settlements(path)) : Outcome.Of(label, bytes.Length, corpus.Importer.Facilities(path)),
                2 => Layer(path, bytes.Length, label, settlements ? GisGeometryKind.Polygons : GisGeometryKind.Lines),
                _ => Boundary(path, bytes.Length, label),
            };
        }
        finally { FuzzCorpus.Clean(path); }
    }

    internal static (FileFuzz.Input, IEnumerable<string>) Layer(string path, long bytes, string label, GisGeometryKind kind)
    {
        GisLayerFile.Read(path, null, null, null, new List<ImportWarning>(), kind);
        return (new FileFuzz.Input(label, bytes), []);
    }

    internal static (FileFuzz.Input, IEnumerable<string>) Boundary(string path, long bytes, string label)
    {
        BoundaryFile.Read(path);
        return (new FileFuzz.Input(label, bytes), []);
    }

    [Fact]
    public void GeoJson_structured() => FileFuzz.Run("geojson-structured", GeoJsonCases, FileFuzz.Cases(400),
        c => ReadGeoJson(Outcome.Bytes(c.Text), c.Settlements, c.Reader, c.ToString()), output.WriteLine);

    static readonly Gen<(string Seed, Func<byte[], byte[]>[] Mutations, int Reader)> GeoJsonMutations =
        from seed in Gen.Elements("facilities.geojson", "boundary.geojson", "roads.geojson")
        from n in Gen.Choose(1, 4)
        from mutations in Gen.ArrayOf(FileFuzz.ByteMutation, n)
        from reader in Gen.Choose(0, 3)
        select (seed, mutations, reader);

    [Fact]
    public void GeoJson_byte_mutations() => FileFuzz.Run("geojson-bytes", GeoJsonMutations, FileFuzz.Cases(1000), c =>
    {
        var bytes = c.Mutations.Aggregate(FuzzCorpus.Seed(c.Seed), (b, m) => m(b));
        return ReadGeoJson(bytes, c.Seed == "boundary.geojson", c.Reader, $"{c.Seed} ×{c.Mutations.Length} mutations, reader {c.Reader}");
    }, output.WriteLine);

    /// <summary>Each huge feature once, alone in a collection, through every GeoJSON entry point (plan importers, road layer, boundary).</summary>
    [Fact]
    public void GeoJson_every_huge_feature_once()
    {
        int ran = 0;
        foreach (var (name, make) in HugeFeatures)
        {
            var bytes = Outcome.Bytes("{\"type\":\"FeatureCollection\",\"features\":[" + make() + "]}");
            for (int reader = 0; reader < 4; reader++, ran++)
                FileFuzz.Run("geojson-one-huge-feature", Gen.Constant(reader), 1, r => ReadGeoJson(bytes, r == 1, r, $"{name}, reader {r}"));
        }
        Assert.Equal(6 * 4, ran);
        output.WriteLine($"geojson: {ran} huge-feature cases, every one by the rules");
    }

    /// <summary>The 10⁶-vertex line and polygon the issue names, once each through every GeoJSON entry point (not random: they are big).</summary>
    [Fact]
    public void GeoJson_million_vertex_line_and_polygon()
    {
        var line = string.Join(",", Enumerable.Range(0, 1_000_000).Select(i => $"[{N(120.6 + i * 1e-7)},{N(31 + (i % 2) * 1e-6)}]"));
        var points = Enumerable.Range(0, 1_000_000).Select(i =>
            $"[{N(120.6 + 0.01 * Math.Cos(i * 2 * Math.PI / 1_000_000))},{N(31 + 0.01 * Math.Sin(i * 2 * Math.PI / 1_000_000))}]").ToList();
        var ring = string.Join(",", points.Append(points[0]));
        string Collection(string type, string coords, string props) =>
            $"{{\"type\":\"FeatureCollection\",\"features\":[{{\"type\":\"Feature\",\"properties\":{props},\"geometry\":{{\"type\":\"{type}\",\"coordinates\":{coords}}}}}]}}";
        var cases = new[]
        {
            (Collection("LineString", $"[{line}]", "{\"name\":\"步道\",\"category\":\"fitness\",\"kind\":\"fitness-trail\"}"), 0),
            (Collection("LineString", $"[{line}]", "{\"highway\":\"footway\"}"), 2),
            (Collection("Polygon", $"[[{ring}]]", "{\"name\":\"县\"}"), 3),
        };
        foreach (var (text, reader) in cases)
            FileFuzz.Run("geojson-million-vertices", Gen.Constant(text), 1,
                t => ReadGeoJson(Outcome.Bytes(t), false, reader, $"{t.Length / 1e6:0.0} MB, reader {reader}"), output.WriteLine);
    }
}
