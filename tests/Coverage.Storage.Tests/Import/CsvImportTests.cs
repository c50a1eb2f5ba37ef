using System.Globalization;
using System.Text;
using Coverage.Core.Domain;
using Coverage.Core.Geo;
using Coverage.Storage.Import;
using NetTopologySuite.Geometries;

namespace Coverage.Storage.Tests.Import;

public class CsvImportTests(ImportFixture fx) : IClassFixture<ImportFixture>
{
    static string Clinics(int count, Func<int, string>? row = null)
    {
        var sb = new StringBuilder("id,name,category,kind,status,lon,lat,town\n");
        for (int i = 1; i <= count; i++)
            sb.Append(row?.Invoke(i) ?? string.Create(CultureInfo.InvariantCulture,
                $"c{i},卫生室{i},clinic,village-clinic,existing,{120.5 + i * 1e-4},{31.0 + i * 1e-4},平望镇")).Append('\n');
        return sb.ToString();
    }

    [Fact]
    public void Thousand_rows_with_three_bad_ones_import_nothing_and_report_exactly_those_three()
    {
        // Line n holds row n-1 (line 1 is the header).
        var path = fx.Write("clinics-3-bad.csv", Clinics(1000, i => i switch
        {
            100 => "c100,卫生室100,library,,existing,120.51,31.01,平望镇",
            501 => "c501,卫生室501,clinic,village-clinic,existing,120.55,abc,平望镇",
            876 => "c876,卫生室876,clinic,village-clinic,existing,31.08,120.58,平望镇",
            _ => null!,
        }));
        var r = fx.Importer.Facilities(path);
        Assert.False(r.Succeeded);
        Assert.Empty(r.Items);
        Assert.Equal(1000, r.RowCount);
        Assert.Equal([("line 101", "category"), ("line 502", "lat"), ("line 877", "lon")], r.Errors.Select(e => (e.Where.En, e.Field)));
        Assert.Contains("unknown category 'library'", r.Errors[0].En);
        Assert.Contains("未知类别", r.Errors[0].Zh);
        Assert.Contains("'abc' is not a number", r.Errors[1].En);
        Assert.Contains("swapped", r.Errors[2].En);
        Assert.Contains("经纬度可能填反了", r.Errors[2].Zh);
        Assert.Equal("第 877 行 字段 lon：" + r.Errors[2].Zh + " / line 877, field lon: " + r.Errors[2].En, r.Errors[2].ToString());
    }

    [Fact]
    public void Valid_file_imports_every_row_with_source_and_source_id()
    {
        var path = fx.Write("clinics.csv", Clinics(1000));
        var r = fx.Importer.Facilities(path);
        Assert.True(r.Succeeded, string.Join("\n", r.Errors));
        Assert.Equal(1000, r.Items.Count);
        var f = r.Items[41];
        Assert.Equal(("c42", "卫生室42", "clinic", "village-clinic", FacilityStatus.Existing, "平望镇", "clinics.csv", "c42"),
            (f.Id, f.Name, f.Category, f.Kind, f.Status, f.Town, f.Source, f.SourceId));
        Assert.Equal(new Coordinate(120.5042, 31.0042), ((Point)f.Geometry).Coordinate);
    }

    const string ChineseSettlements = "名称,类型,镇街,区划代码,人口,60岁以上人口,经度,纬度\n南麻村,行政村,盛泽镇,320509102201,3120,890,120.61,30.89\n";

    static void AssertChineseSettlement(ImportResult<Settlement> r)
    {
        Assert.True(r.Succeeded, string.Join("\n", r.Errors));
        var s = Assert.Single(r.Items);
        Assert.Equal(("南麻村", SettlementKind.AdministrativeVillage, "盛泽镇", "320509102201", 3120, 890),
            (s.Name, s.Kind, s.Town, s.AdminCode, s.Population, s.Elderly));
    }

    [Fact]
    public void Gbk_file_with_chinese_headers_is_detected_and_read()
    {
        var path = fx.Write("villages-gbk.csv", ChineseSettlements, InputText.Gb18030);
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(File.ReadAllBytes(path))); // really not UTF-8
        var r = fx.Importer.Settlements(path);
        AssertChineseSettlement(r);
        Assert.Contains(r.Warnings, w => w.En == "file read as GBK");
    }

    [Fact]
    public void Utf8_with_bom_is_read()
    {
        AssertChineseSettlement(fx.Importer.Settlements(fx.Write("villages-bom.csv", ChineseSettlements, new UTF8Encoding(true))));
    }

    [Fact]
    public void Gcj02_coordinates_are_converted_to_wgs84()
    {
        // eviltransform's Shanghai pair: GCJ-02 (121.531541859215, 31.17530398364597) is WGS84 (121.5272106, 31.1774276).
        var path = fx.Write("amap.csv", "name,category,lon,lat\n站点,bus-shelter,121.531541859215,31.17530398364597\n");
        var r = fx.Importer.Facilities(path, new ImportOptions { Crs = SourceCrs.Gcj02 });
        var p = (Point)Assert.Single(r.Items).Geometry;
        Assert.True(new LonLat(p.X, p.Y).DistanceTo(new LonLat(121.5272106, 31.1774276)) < 1.0);
        Assert.Empty(r.Warnings);
    }

    [Fact]
    public void Gcj02_points_outside_China_are_left_and_a_warning_says_so()
    {
        var path = fx.Write("abroad.csv", "name,category,lon,lat\nParis,park,2.35,48.85\n");
        var r = fx.Importer.Facilities(path, new ImportOptions { Crs = SourceCrs.Gcj02 });
        Assert.Equal(new Coordinate(2.35, 48.85), ((Point)Assert.Single(r.Items).Geometry).Coordinate);
        Assert.Contains(r.Warnings, w => w.En == "1 coordinates lie outside China where the GCJ-02 offset does not apply; left as WGS84");
    }

    [Fact]
    public void Out_of_range_coordinates_are_reported_with_their_values()
    {
        var r = fx.Importer.Facilities(fx.Write("range.csv", "name,category,lon,lat\nX,park,200,95\n"));
        var e = Assert.Single(r.Errors);
        Assert.Equal("coordinate (200, 95) is out of range (lon -180..180, lat -90..90, longitude first); if it is projected, convert it to WGS84", e.En);
    }

    [Fact]
    public void Points_outside_a_given_region_are_errors_and_swaps_into_it_are_named()
    {
        var region = new Envelope(120.3, 120.9, 30.8, 31.3); // Wujiang
        var r = fx.Importer.Facilities(fx.Write("region.csv", "name,category,lon,lat\nA,park,116.4,39.9\nB,park,31.0,120.6\nC,park,120.6,31.0\n"),
            new ImportOptions { Region = region });
        Assert.Equal(2, r.Errors.Count);
        Assert.Equal("coordinate (116.4, 39.9) lies outside this region [120.3, 30.8, 120.9, 31.3] (a 5 km margin allowed; GCJ-02/BD-09 not converted?)", r.Errors[0].En);
        Assert.Contains("swapped", r.Errors[1].En);
    }

    [Fact]
    public void Unknown_category_lists_the_known_ones()
    {
        var e = Assert.Single(fx.Importer.Facilities(fx.Write("cat.csv", "name,category,lon,lat\nX,gym,120.6,31.0\n")).Errors);
        Assert.Equal("unknown category 'gym'; known: school（学校）, clinic（医疗卫生）, elderly（养老服务）, culture（文化设施）, fitness（体育健身）, bus-shelter（公交站点）, park（公园绿地）", e.En);
    }

    [Fact]
    public void Chinese_category_and_kind_names_are_accepted_and_a_kind_alone_finds_its_category()
    {
        var r = fx.Importer.Facilities(fx.Write("zh.csv", "名称,类别,类型,状态,经度,纬度\n甲,养老服务,日间照料中心,规划,120.6,31.0\n乙,,村卫生室,在建,120.6,31.01\n"));
        Assert.True(r.Succeeded, string.Join("\n", r.Errors));
        Assert.Equal([("elderly", "day-care-centre", FacilityStatus.Planned), ("clinic", "village-clinic", FacilityStatus.UnderConstruction)],
            r.Items.Select(f => (f.Category, f.Kind, f.Status)));
    }

    /// <summary>
    /// Issue 13: a sports ground drawn as its plot is placed at an interior point and keeps the plot's ground area for the
    /// per-capita area indicator; a stated area wins. Hand-computed on the WGS84 ellipsoid at 31.005°N: 0.01° east is
    /// N·cos φ·Δλ = 955.0 m and 0.01° north is M·Δφ = 1,108.7 m, so the square is 1,058,796 m² (± 0.07 % for the projection).
    /// </summary>
    [Fact]
    public void A_facility_drawn_as_an_area_is_placed_inside_it_with_its_ground_area()
    {
        var path = fx.Write("poly.csv", "name,category,kind,area_m2,wkt\n" +
            "体育场,fitness,fitness-station,,\"POLYGON((120.6 31, 120.61 31, 120.61 31.01, 120.6 31.01, 120.6 31))\"\n" +
            "卫生院,clinic,,3000,\"POLYGON((120.6 31, 120.61 31, 120.61 31.01, 120.6 31))\"\n");
        var r = fx.Importer.Facilities(path);
        Assert.Empty(r.Errors);
        var (ground, clinic) = (r.Items[0], r.Items[1]);
        var square = new NetTopologySuite.IO.WKTReader().Read("POLYGON((120.6 31, 120.61 31, 120.61 31.01, 120.6 31.01, 120.6 31))");
        Assert.IsType<NetTopologySuite.Geometries.Point>(ground.Geometry);
        Assert.True(square.Contains(ground.Geometry));
        Assert.InRange(ground.AreaM2!.Value, 1_058_050, 1_059_540);
        Assert.Equal(3000, clinic.AreaM2);
        Assert.Contains(r.Warnings, w => w.En == "2 facilities drawn as areas are placed at an interior point; those without an area take the polygon's (m²)");
    }

    [Fact]
    public void Fitness_trail_takes_a_line_and_a_station_refuses_one()
    {
        var path = fx.Write("trail.csv", "name,category,kind,wkt\n步道,fitness,fitness-trail,\"LINESTRING(120.6 31, 120.61 31)\"\n健身点,fitness,fitness-station,\"LINESTRING(120.6 31, 120.61 31)\"\n");
        var r = fx.Importer.Facilities(path);
        var e = Assert.Single(r.Errors);
        Assert.Equal(("line 3", "fitness/fitness-station needs a Point, not a LineString"), (e.Where.En, e.En));
    }

    [Fact]
    public void Self_intersecting_polygon_is_reported_with_the_reason_and_location()
    {
        // A bow-tie: edges (120.6,31)-(120.62,31.02) and (120.62,31)-(120.6,31.02) cross at (120.61, 31.01).
        var path = fx.Write("bowtie.csv", "name,kind,wkt\n南麻村,行政村,\"POLYGON((120.6 31, 120.62 31.02, 120.62 31, 120.6 31.02, 120.6 31))\"\n");
        var e = Assert.Single(fx.Importer.Settlements(path).Errors);
        Assert.Equal("invalid geometry: Self-intersection at (120.61, 31.01); repair it in GIS (e.g. QGIS 'Fix geometries')", e.En);
        Assert.Contains("边界自相交", e.Zh);
    }

    [Fact]
    public void A_200_MB_file_is_refused_from_its_size_before_reading()
    {
        var path = Path.Combine(fx.Dir, "huge.csv");
        using (var f = File.Create(path)) f.SetLength(200L * 1024 * 1024); // sparse: nothing is written
        var e = Assert.Single(fx.Importer.Facilities(path).Errors);
        Assert.Equal(("file", "file is 200 MB, above the 100 MB limit; split it or raise the limit"), (e.Where.En, e.En));
    }

    [Fact]
    public void An_endless_upload_stream_is_cut_at_the_limit()
    {
        var stream = new EndlessCsv();
        var e = Assert.Single(fx.Importer.FacilitiesFromCsv(stream, "upload.csv", new ImportOptions { MaxBytes = 1024 * 1024 }).Errors);
        Assert.StartsWith("file is over 1", e.En);
        Assert.True(stream.Served <= 1024 * 1024 + 81920, $"read {stream.Served} bytes");
    }

    [Fact]
    public void Wrong_encodings_are_refused_with_a_reason()
    {
        var xlsx = fx.Importer.Facilities(fx.Write("book.csv", [(byte)'P', (byte)'K', 3, 4, 20, 0, 6, 0]));
        Assert.Equal("this is an Excel workbook (.xlsx), not CSV; rename it to .xlsx and import it as it is", Assert.Single(xlsx.Errors).En);
        var utf16 = fx.Importer.Facilities(fx.Write("utf16.csv", Encoding.Unicode.GetBytes("name,lon,lat\n")));
        Assert.StartsWith("cannot read the file's encoding: file contains NUL bytes", Assert.Single(utf16.Errors).En);
        var neither = fx.Importer.Facilities(fx.Write("junk.csv", [(byte)'n', (byte)',', 0x81, 0x20, 0xFF, 0xFF]));
        Assert.StartsWith("cannot read the file's encoding: neither UTF-8 nor GBK", Assert.Single(neither.Errors).En);
    }

    [Fact]
    public void Rows_without_id_get_a_stable_hash_and_identical_rows_are_duplicates()
    {
        var path = fx.Write("noid.csv", "name,category,lon,lat\nA,park,120.6,31.0\nB,park,120.7,31.0\n");
        var first = fx.Importer.Facilities(path).Items.Select(f => f.SourceId).ToList();
        var second = fx.Importer.Facilities(path).Items.Select(f => f.SourceId).ToList();
        Assert.Equal(first, second);
        Assert.Equal(2, first.Distinct().Count());
        Assert.All(first, id => Assert.Matches("^h[0-9a-f]{16}$", id!));
        var dup = fx.Importer.Facilities(fx.Write("dup.csv", "name,category,lon,lat\nA,park,120.6,31.0\nA,park,120.6,31.0\n"));
        Assert.Equal(("line 3", "same content as line 2"), (Assert.Single(dup.Errors).Where.En, dup.Errors[0].En));
    }

    [Fact]
    public void Missing_columns_are_named_with_their_accepted_headers()
    {
        var e = Assert.Single(fx.Importer.Facilities(fx.Write("nocoords.csv", "name,category\nA,park\n")).Errors);
        Assert.Equal("missing required columns: lon (lon/lng/longitude/x/经度/long); lat (lat/latitude/y/纬度)", e.En);
    }

    [Fact]
    public void Settlement_checks_elderly_against_population_and_counts_blank_populations()
    {
        var r = fx.Importer.Settlements(fx.Write("pop.csv", "name,population,elderly,lon,lat\nA,100,120,120.6,31.0\nB,,,120.6,31.1\n"));
        Assert.Equal("elderly population 120 exceeds population 100", Assert.Single(r.Errors).En);
        var ok = fx.Importer.Settlements(fx.Write("pop2.csv", "name,population,lon,lat\nB,,120.6,31.1\n"));
        Assert.Contains(ok.Warnings, w => w.En == "1 settlements have no population; counted as 0");
    }

    /// <summary>A non-seekable stream of CSV rows that never ends, counting what it served.</summary>
    sealed class EndlessCsv : Stream
    {
        static readonly byte[] Row = "x,park,120.6,31.0\n"u8.ToArray();
        public long Served { get; private set; }
        public override int Read(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++) buffer[offset + i] = Row[(Served + i) % Row.Length];
            Served += count;
            return count;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Served; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
