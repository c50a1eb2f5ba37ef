using System.Buffers.Binary;
using System.Text;
using Coverage.Core.Domain;
using Coverage.Storage.Export;
using NetTopologySuite.Geometries;

namespace Coverage.Storage.Tests.Import;

/// <summary>Damaged and hostile files (FINDINGS #7–#11): a clear bilingual error or a faithful read, never a crash, a huge allocation or lost rows.</summary>
public class HostileInputTests(ImportFixture fx) : IClassFixture<ImportFixture>
{
    static readonly GeometryFactory F = new(new PrecisionModel(), 4326);

    static Settlement Village(string id, string name, double x, double y) => new()
    {
        Id = id, Name = name, Kind = SettlementKind.AdministrativeVillage, Town = "北望镇", Population = 1000, Elderly = 300, Source = "v.shp", SourceId = id,
        Geometry = F.CreatePolygon([new(x, y), new(x + 0.01, y), new(x + 0.01, y + 0.01), new(x, y + 0.01), new(x, y)]),
    };

    static readonly Settlement[] Villages = [Village("v1", "南麻村", 120.60, 30.90), Village("v2", "北厍村", 120.62, 30.92)];

    [Fact]
    public void A_shapefile_record_claiming_2147483647_parts_and_points_is_refused_before_allocating()
    {
        var shp = PlanExporter.Settlements(Villages, Path.Combine(fx.Dir, "corrupt.shp")).Single();
        var bytes = File.ReadAllBytes(shp);
        // File header 100 bytes, record header 8, shape type 4, bounding box 32: the part count is at 144, the point count at 148.
        Assert.Equal(5, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(108))); // a polygon record
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(144), int.MaxValue);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(148), int.MaxValue);
        File.WriteAllBytes(shp, bytes);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var r = fx.Importer.Settlements(shp);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var e = Assert.Single(r.Errors);
        // 44 + 4 × 2147483647 + 16 × 2147483647 bytes; the record holds 44 + 4 + 16 × 5 = 128.
        Assert.Equal("the shapefile is damaged: record 1's 2147483647 parts and 2147483647 points need 42949672984 bytes but the record holds 128; " +
            "repair or re-export the layer in GIS", e.En);
        Assert.StartsWith("Shapefile 已损坏：第 1 条记录", e.Zh);
        Assert.True(allocated < 16 << 20, $"allocated {allocated / 1e6:0.0} MB reading a 1 KB file"); // was 16.8 GB, then OutOfMemoryException
    }

    [Fact]
    public void A_shapefile_record_running_past_the_end_of_the_file_is_refused()
    {
        var shp = PlanExporter.Settlements(Villages, Path.Combine(fx.Dir, "short.shp")).Single();
        var bytes = File.ReadAllBytes(shp);
        File.WriteAllBytes(shp, bytes[..^20]); // the last record loses 20 bytes
        var e = Assert.Single(fx.Importer.Settlements(shp).Errors);
        Assert.Equal("the shapefile is damaged: record 2 claims 128 bytes, past the end of the file; repair or re-export the layer in GIS", e.En);
    }

    [Fact]
    public void A_cut_dbf_is_refused_rather_than_read_with_repeated_records()
    {
        var shp = PlanExporter.Settlements(Villages, Path.Combine(fx.Dir, "cutdbf.shp")).Single();
        var dbf = Path.ChangeExtension(shp, ".dbf");
        var bytes = File.ReadAllBytes(dbf);
        int header = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)), record = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(10));
        File.WriteAllBytes(dbf, bytes[..(header + record)]); // one of the two declared records left
        var e = Assert.Single(fx.Importer.Settlements(shp).Errors);
        Assert.Equal($"the shapefile is damaged: the attribute table (.dbf) declares 2 records needing {header + 2 * record} bytes but the file has {header + record}; " +
            "repair or re-export the layer in GIS", e.En);
    }

    [Fact]
    public void A_utf8_shapefile_without_cpg_reads_its_chinese_names_as_utf8()
    {
        var shp = PlanExporter.Settlements(Villages, Path.Combine(fx.Dir, "nocpg.shp")).Single();
        File.Delete(Path.ChangeExtension(shp, ".cpg"));
        // The .dbf header is binary: its length 32 + 32 × 11 fields + 1 = 385 = 0x0181 puts byte 0x81 at offset 8, which made the
        // whole-file sniff decide GBK.
        Assert.Equal(0x81, File.ReadAllBytes(Path.ChangeExtension(shp, ".dbf"))[8]);
        var r = fx.Importer.Settlements(shp);
        Assert.True(r.Succeeded, string.Join("\n", r.Errors));
        Assert.Equal(["南麻村", "北厍村"], r.Items.Select(s => s.Name));
        Assert.Contains(r.Warnings, w => w.En == "no .cpg file: attributes read as UTF-8 (they decode as UTF-8)");
    }

    [Fact]
    public void A_gbk_shapefile_whose_cpg_says_utf8_is_a_clear_error_naming_the_encoding()
    {
        var shp = PlanExporter.Settlements(Villages, Path.Combine(fx.Dir, "gbk.shp")).Single();
        var dbf = Path.ChangeExtension(shp, ".dbf");
        var bytes = File.ReadAllBytes(dbf);
        var utf8 = Encoding.UTF8.GetBytes("南麻村");
        var gbk = Coverage.Storage.Import.InputText.Gb18030.GetBytes("南麻村");
        int at = bytes.AsSpan().IndexOf(utf8);
        Assert.True(at > 0);
        gbk.CopyTo(bytes, at); // 6 GBK bytes over 9 UTF-8 bytes; the rest of the field stays
        for (int k = at + gbk.Length; k < at + utf8.Length; k++) bytes[k] = (byte)' ';
        File.WriteAllBytes(dbf, bytes);
        var e = Assert.Single(fx.Importer.Settlements(shp).Errors);
        Assert.Equal("the shapefile's attribute text is not UTF-8; name its encoding (UTF-8 or GBK) in a .cpg file, or save the layer as UTF-8 in GIS", e.En);
    }

    [Fact]
    public void An_unterminated_quote_is_an_error_naming_its_line_not_three_rows_swallowed()
    {
        var csv = fx.Write("quote.csv", "id,name,category,lon,lat,town\n1,甲中心,elderly,120.6,31.0,\"北望镇\n2,乙中心,elderly,120.61,31.0,北望镇\n3,丙中心,elderly,120.62,31.0,北望镇\n");
        var r = fx.Importer.Facilities(csv);
        var e = Assert.Single(r.Errors);
        Assert.Equal("line 2: a quoted field is never closed, so every line after it would be read into that one field; add the closing quote (\")", e.En);
        Assert.Empty(r.Items);
    }

    [Fact]
    public void A_quoted_field_spanning_lines_still_reads_as_one_field()
    {
        // The quoted name spans lines 2–3 and is read as one field: the name rule (shared with the API) then refuses its
        // newline on line 2, and the next row, on line 4, is read on its own — nothing after the quote is swallowed.
        var r = fx.Importer.Facilities(fx.Write("multiline.csv", "id,name,category,lon,lat\n1,\"甲\n中心\",elderly,120.6,31.0\n2,乙中心,elderly,120.61,31.0\n"));
        var e = Assert.Single(r.Errors);
        Assert.Equal("line 2, field name: name contains control characters (e.g. newline, tab)", $"{e.Where.En}, field {e.Field}: {e.En}");
    }

    [Fact]
    public void Cr_only_line_ends_read_every_row_with_its_line_number()
    {
        var r = fx.Importer.Facilities(fx.Write("mac.csv", "id,name,category,lon,lat\r1,甲中心,elderly,120.6,31.0\r2,乙中心,elderly,120.61,31.0\r"));
        Assert.True(r.Succeeded, string.Join("\n", r.Errors));
        Assert.Equal(["甲中心", "乙中心"], r.Items.Select(f => f.Name));
        Assert.Equal(["line 2", "line 3"], r.ItemRows.Select(w => w.En));
    }

    [Fact]
    public void Wkt_nested_60000_deep_is_a_row_error_not_a_stack_overflow()
    {
        const int depth = 60_000;
        var wkt = string.Concat(Enumerable.Repeat("GEOMETRYCOLLECTION (", depth)) + "POINT (120.6 31)" + new string(')', depth);
        var r = fx.Importer.Facilities(fx.Write("nested.csv", $"id,name,category,wkt\n1,甲中心,elderly,\"{wkt}\"\n"));
        var e = Assert.Single(r.Errors);
        Assert.Equal(("line 2", "wkt", "WKT nests brackets more than 32 deep: not a usable geometry"), (e.Where.En, e.Field, e.En));
    }

    [Fact]
    public void Wkt_nested_a_few_levels_still_reads()
    {
        var r = fx.Importer.Settlements(fx.Write("multi.csv", "id,name,wkt\n1,甲村,\"MULTIPOLYGON (((120.6 31, 120.61 31, 120.61 31.01, 120.6 31)))\"\n"));
        Assert.True(r.Succeeded, string.Join("\n", r.Errors));
        Assert.IsType<MultiPolygon>(Assert.Single(r.Items).Geometry);
    }

    [Theory]
    [InlineData("null", "entry 2 of 'features' is null, not a Feature object; remove or correct it")]
    [InlineData("42", "entry 2 of 'features' is 数字/number 42, not a Feature object; remove or correct it")]
    public void A_features_entry_that_is_not_an_object_is_a_clear_error(string entry, string expected)
    {
        var path = fx.Write("entries.geojson", $$$"""
            {"type":"FeatureCollection","features":[
             {"type":"Feature","geometry":{"type":"Point","coordinates":[120.6,31.0]},"properties":{"name":"甲中心","category":"elderly"}},
             {{{entry}}}]}
            """);
        Assert.Equal(expected, Assert.Single(fx.Importer.Facilities(path).Errors).En);
    }

    [Fact]
    public void A_lone_surrogate_in_a_geojson_string_is_a_clear_error_naming_the_feature()
    {
        var path = fx.Write("surrogate.geojson", """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","geometry":{"type":"Point","coordinates":[120.6,31.0]},"properties":{"name":"\udfff x","category":"elderly"}}]}
            """);
        Assert.Equal("feature 1 holds an invalid string (such as a lone surrogate \\udfff); correct that feature's text",
            Assert.Single(fx.Importer.Facilities(path).Errors).En);
    }

    [Fact]
    public void A_gbk_encoded_geojson_is_a_clear_error_naming_the_byte()
    {
        var text = """{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[120.6,31.0]},"properties":{"name":"甲中心","category":"elderly"}}]}""";
        var path = fx.Write("gbk.geojson", Coverage.Storage.Import.InputText.Gb18030.GetBytes(text));
        int first = text.IndexOf('甲'); // ASCII before it: one byte per character
        Assert.Equal($"GeoJSON must be UTF-8 but is not near byte {first}; save it as UTF-8", Assert.Single(fx.Importer.Facilities(path).Errors).En);
    }
}

/// <summary>FINDINGS #13: the importer's names and text values obey the API's rules.</summary>
public class ImportedTextTests(ImportFixture fx) : IClassFixture<ImportFixture>
{
    [Fact]
    public void A_name_of_201_characters_is_refused_and_one_of_200_is_kept_as_in_the_api()
    {
        string n200 = new('村', 200), n201 = new('村', 201);
        var r = fx.Importer.Settlements(fx.Write("long.csv", $"id,name,lon,lat\n1,{n200},120.6,31.0\n2,{n201},120.61,31.0\n"));
        var e = Assert.Single(r.Errors);
        Assert.Equal(("line 3", "name", "name is too long (201 characters, at most 200)"), (e.Where.En, e.Field, e.En));
    }

    [Fact]
    public void A_blob_in_the_name_column_of_a_geopackage_is_an_error_not_its_dotnet_type_name()
    {
        var path = Path.Combine(fx.Dir, "blob.gpkg");
        var f = new NetTopologySuite.Geometries.GeometryFactory(new NetTopologySuite.Geometries.PrecisionModel(), 4326);
        GeoPackageExport.Write(path, [new Facility { Id = "b1", Name = "甲中心", Category = "elderly", Status = FacilityStatus.Existing, Source = "blob.gpkg",
            SourceId = "b1", Geometry = f.CreatePoint(new NetTopologySuite.Geometries.Coordinate(120.6, 31.0)) }], []);
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "UPDATE facilities SET name = X'E794B2FF00'";
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }
        var r = fx.Importer.Facilities(path);
        var e = Assert.Single(r.Errors);
        Assert.Equal(("feature 1", "name", "column name holds 5 bytes of binary data (BLOB), not text; make it a text column in GIS"), (e.Where.En, e.Field, e.En));
        Assert.Empty(r.Items);
    }
}
