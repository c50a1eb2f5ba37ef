using Coverage.Storage.Import;

namespace Coverage.Storage.Tests.Fuzz;

/// <summary>Minimal reproducers of the defects the file fuzz suites found (issue 15), each kept in Fuzz/corpus.</summary>
[Trait("Category", "Fuzz")]
public class FuzzRegressionTests(FuzzCorpus corpus) : IClassFixture<FuzzCorpus>
{
    [Fact]
    public void A_wkt_cell_of_a_comma_and_a_chinese_character_is_a_row_error_not_a_crash()
    {
        // NTS's WKT tokenizer threw IndexOutOfRangeException on ",村"; the import ended in "Internal error".
        var path = corpus.Write("wkt.csv", FuzzCorpus.Seed("regress-wkt-comma-cjk.csv"));
        var e = Assert.Single(corpus.Importer.Facilities(path).Errors);
        Assert.Equal(("line 2", "wkt"), (e.Where.En, e.Field));
        Assert.Equal("WKT cannot be parsed: ',村' is not a WKT geometry", e.En);
        Assert.Equal("WKT 无法解析：“,村”不是 WKT 几何", e.Zh);
    }

    [Fact]
    public void A_quoted_value_with_a_line_break_is_shown_on_one_line()
    {
        // The error quoted the cell as it was, so the one-line message printed as two lines.
        var path = corpus.Write("people.csv", FuzzCorpus.Seed("regress-multiline-value.csv"));
        var e = Assert.Single(corpus.Importer.Settlements(path).Errors);
        Assert.Equal("'3120\\nmore' is not a non-negative whole number", e.En);
        Assert.Equal("“3120\\nmore”不是非负整数", e.Zh);
    }

    [Fact]
    public void A_megabyte_value_is_cut_in_its_error()
    {
        var path = corpus.Write("long.csv", Outcome.Bytes($"name,category,kind,lon,lat\n卫生室,clinic,village-clinic,{new string('9', 10)}x{new string('1', 1_000_000)},31\n"));
        var e = Assert.Single(corpus.Importer.Facilities(path).Errors);
        Assert.Equal($"'{new string('9', 10)}x{new string('1', 49)}…' is not a number (use '.' as decimal point)", e.En);
    }

    [Fact]
    public void A_geojson_syntax_error_is_one_line()
    {
        // System.Text.Json quotes the text around the error, line break included.
        var path = corpus.Write("roads.geojson", Outcome.Bytes("{\"type\":\"FeatureCollection\",\n\"features\":[\nx\n]}"));
        var e = Assert.Single(corpus.Importer.Facilities(path).Errors);
        Assert.DoesNotContain('\n', e.En);
        Assert.StartsWith("not valid JSON (line 3): ", e.En);
        Assert.Equal("不是有效的 JSON（第 3 行）", e.Zh);
    }

    [Fact]
    public void A_pbf_with_a_damaged_zlib_block_is_refused_as_damaged()
    {
        // OsmSharp's inflater threw a bare System.Exception ("Adler chksum doesn't match"): exit 70 "Internal error".
        var bytes = FuzzCorpus.Seed("network.osm.pbf");
        bytes[^3] ^= 0xFF; // inside the zlib stream's Adler-32 checksum of the last (data) block
        var path = corpus.Write("damaged.osm.pbf", bytes);
        var e = Assert.Single(corpus.Importer.Facilities(path).Errors);
        Assert.StartsWith("file is not OSM data or is damaged: ", e.En);
        Assert.StartsWith("文件不是 OSM 数据或已损坏：", e.Zh);
    }

    [Fact]
    public void Osm_nodes_with_nan_coordinates_are_row_errors_not_a_crash()
    {
        // A clinic way through a NaN node crashed NTS's InteriorPoint (NullReferenceException); a NaN clinic node was accepted.
        var path = corpus.Write("nan.osm", FuzzCorpus.Seed("regress-osm-nan-node.osm"));
        var errors = corpus.Importer.Facilities(path).Errors;
        Assert.Equal(["OSM node 3", "OSM way 10"], errors.Select(e => e.Where.En));
        Assert.Equal("the node's coordinates (120.6, NaN) are not a valid longitude/latitude", errors[0].En);
        Assert.Equal("the way's nodes are not in the extract (cut at its edge)", errors[1].En);
    }
}
