using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Coverage.Core.Geo;
using Coverage.Storage;
using Coverage.Storage.Import;

namespace Coverage.Server.Tests.Cli;

/// <summary>`coverage import` as a planner meets it: converted coordinates, all-or-nothing files, idempotent re-imports, one-line errors.</summary>
public sealed partial class ImportCliTests : IDisposable
{
    readonly PlanFiles _files = new();
    public void Dispose() => _files.Dispose();

    static (int Added, int Updated, int Unchanged) Counts(string stdout, bool dryRun = false)
    {
        var m = (dryRun ? DryRunCounts() : ImportCounts()).Match(stdout);
        Assert.True(m.Success, stdout);
        return (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value));
    }

    [GeneratedRegex(@"added (\d+), 更新 updated (\d+), 未变 unchanged (\d+)")]
    private static partial Regex ImportCounts();

    [GeneratedRegex(@"add (\d+), 更新 update (\d+), 不变 leave unchanged (\d+)")]
    private static partial Regex DryRunCounts();

    [Theory]
    [InlineData("gcj02")]
    [InlineData("bd09")]
    public async Task An_amap_or_baidu_csv_is_stored_in_wgs84_within_a_metre_of_the_converter(string crs)
    {
        // Oracle: the forward WGS84→GCJ-02 (→BD-09) formulas (closed form, published) made these coordinates from known WGS84 points.
        // Inside the demo county: imports refuse rows more than 5 km outside the region, as the API does.
        LonLat[] wgs = [new(120.6086, 30.9946), new(120.5012, 30.9231), new(120.7055, 31.1102), new(120.4513, 30.8775)];
        var given = wgs.Select(p => crs == "bd09" ? ChinaCoordinates.Wgs84ToBd09(p) : ChinaCoordinates.Wgs84ToGcj02(p)).ToArray();
        var csv = _files.In("amap.csv");
        File.WriteAllText(csv, "id,name,lon,lat\n" + string.Concat(given.Select((p, i) =>
            string.Create(CultureInfo.InvariantCulture, $"g{i},卫生室{i},{p.Lon:R},{p.Lat:R}\n"))));
        var r = PlanFiles.Succeeds("import", "facilities", csv, "--crs", crs, "--category", "clinic", "--store", _files.Store);
        Assert.Equal((4, 0, 0), Counts(r.Stdout));

        var stored = await _files.WithStoreAsync(s => s.QueryFacilitiesAsync(new FacilityQuery { Categories = ["clinic"] }));
        for (int i = 0; i < wgs.Length; i++)
        {
            var f = stored.Single(x => x.Source == "amap.csv" && x.SourceId == $"g{i}");
            var p = (NetTopologySuite.Geometries.Point)f.Geometry;
            Assert.True(Geodesy.DistanceMeters(p.X, p.Y, wgs[i].Lon, wgs[i].Lat) < 1.0, $"g{i} is {Geodesy.DistanceMeters(p.X, p.Y, wgs[i].Lon, wgs[i].Lat):0.00} m from the original WGS84 point");
            var inverse = crs == "bd09" ? ChinaCoordinates.Bd09ToWgs84(given[i]) : ChinaCoordinates.Gcj02ToWgs84(given[i]);
            Assert.True(Geodesy.DistanceMeters(p.X, p.Y, inverse.Lon, inverse.Lat) < 1.0);
            // Both offsets move points in eastern China by hundreds of metres: the conversion really happened.
            Assert.True(Geodesy.DistanceMeters(p.X, p.Y, given[i].Lon, given[i].Lat) > 100);
        }
    }

    [Fact]
    public async Task A_csv_in_a_zone_prefixed_gauss_kruger_zone_is_stored_in_wgs84_and_an_unknown_crs_is_one_line()
    {
        // Zone 40 (CM 120E) holds the demo county. This checks the CLI wiring; PROJ as the oracle for the zone maths is in GisLayerFileTests.
        var wgs = new LonLat(120.6086, 30.9946);
        var (x, y) = CrsSpec.Parse("EPSG:4528").FromWgs84(wgs);
        Assert.InRange(x, 40_000_000, 41_000_000);
        var csv = _files.In("gk.csv");
        File.WriteAllText(csv, string.Create(CultureInfo.InvariantCulture, $"id,name,lon,lat\ngk1,卫生室,{x:R},{y:R}\n"));
        var r = PlanFiles.Succeeds("import", "facilities", csv, "--crs", "cgcs2000-gk3-zone:40", "--category", "clinic", "--store", _files.Store);
        Assert.Equal((1, 0, 0), Counts(r.Stdout));
        var stored = await _files.WithStoreAsync(s => s.QueryFacilitiesAsync(new FacilityQuery { Categories = ["clinic"] }));
        var p = (NetTopologySuite.Geometries.Point)stored.Single(f => f.SourceId == "gk1").Geometry;
        Assert.True(Geodesy.DistanceMeters(p.X, p.Y, wgs.Lon, wgs.Lat) < 0.01);

        var bad = CliRunner.Run("import", "facilities", csv, "--crs", "utm51", "--store", _files.Store);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Equal($"错误 Error: 未知坐标系“utm51”；可选：{CrsSpec.Accepted} / unknown coordinate system 'utm51'; accepted: {CrsSpec.Accepted}", bad.Stderr.Trim());
    }

    [Fact]
    public async Task A_csv_with_3_bad_rows_of_1000_stores_nothing_and_lists_each_row()
    {
        PlanFiles.Succeeds("import", "facilities", _files.FacilitiesCsv("first.csv", PlanFiles.Centres(5)), "--store", _files.Store);
        var before = await _files.WithStoreAsync(s => s.PingAsync());

        // Data row k is on line k + 1 (line 1 is the header).
        var rows = PlanFiles.Centres(1000).Select((row, k) => (k + 1) switch
        {
            100 => row with { Lat = "三十度" },
            501 => row with { Category = "swimming-pool" },
            1000 => row with { Name = "" },
            _ => row,
        });
        var r = CliRunner.Run("import", "facilities", _files.FacilitiesCsv("bad.csv", rows), "--store", _files.Store);

        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("  第 101 行 字段 lat：“三十度”不是数字", lines[0]);
        Assert.Contains("line 101, field lat: '三十度' is not a number", lines[0]);
        Assert.StartsWith("  第 502 行 字段 category：未知类别“swimming-pool”", lines[1]);
        Assert.Contains("line 502, field category: unknown category 'swimming-pool'", lines[1]);
        Assert.Equal("  第 1001 行 字段 name：name 为空或缺失 / line 1001, field name: name is missing or empty", lines[2]);
        Assert.Equal("错误 Error: bad.csv 有 3 行错误，未导入任何数据；请改正后重新导入 / bad.csv has 3 bad rows; nothing was imported: fix them and import again", lines[3]);
        var after = await _files.WithStoreAsync(s => s.PingAsync());
        Assert.Equal(before.Counts, after.Counts);
    }

    [Fact]
    public async Task Reimporting_the_same_file_is_idempotent_by_source_id_and_says_so()
    {
        var csv = _files.FacilitiesCsv("centres.csv", PlanFiles.Centres(1000));
        var first = PlanFiles.Succeeds("import", "facilities", csv, "--store", _files.Store, "--by", "planner-wang");
        Assert.Contains("Empty plan store: imported region demo's own tables first", first.Stdout);
        Assert.Equal((1000, 0, 0), Counts(first.Stdout));

        var again = CliRunner.Run("import", "facilities", csv, "--store", _files.Store, "--by", "planner-wang");
        Assert.Equal((0, 0, 1000), Counts(again.Stdout));
        Assert.DoesNotContain("Empty plan store", again.Stdout);

        // Two renamed rows and one new row: the dry run predicts exactly what the import then does.
        _files.FacilitiesCsv("centres.csv", PlanFiles.Centres(1001, i => i is 7 or 800 ? $"改名中心{i}" : $"日间照料中心{i}"));
        var dry = CliRunner.Run("import", "facilities", csv, "--store", _files.Store, "--dry-run");
        Assert.Equal((1, 2, 998), Counts(dry.Stdout, dryRun: true));
        var changed = CliRunner.Run("import", "facilities", csv, "--store", _files.Store, "--by", "planner-wang");
        Assert.Equal((1, 2, 998), Counts(changed.Stdout));

        var log = await _files.WithStoreAsync(s => s.ReadEditLogAsync(new EditLogQuery { Entity = "facility", Limit = 5000 }));
        var mine = log.Where(e => e.Actor == "planner-wang").ToList();
        Assert.Equal(1001, mine.Count(e => e.Action == "insert"));
        Assert.Equal(2, mine.Count(e => e.Action == "update"));
        var stored = await _files.WithStoreAsync(s => s.QueryFacilitiesAsync(new FacilityQuery()));
        Assert.Equal("改名中心800", stored.Single(f => f.Source == "centres.csv" && f.SourceId == "e0800").Name);
    }

    [Fact]
    public void Settlements_without_an_id_column_reimport_unchanged_by_content_hash()
    {
        var csv = _files.In("villages.csv");
        File.WriteAllText(csv, "村名,镇街,人口,老年人口,经度,纬度\n陈家村,新市镇,1820,512,120.601,30.951\n沈家浜,新市镇,960,301,120.612,30.962\n");
        var first = PlanFiles.Succeeds("import", "settlements", csv, "--store", _files.Store);
        Assert.Equal((2, 0, 0), Counts(first.Stdout));
        Assert.Equal((0, 0, 2), Counts(CliRunner.Run("import", "settlements", csv, "--store", _files.Store).Stdout));
    }

    [Fact]
    public void A_gbk_csv_reads_with_detection_and_with_encoding_gbk_alike()
    {
        var csv = _files.FacilitiesCsv("gbk.csv", PlanFiles.Centres(3), InputText.Gb18030);
        var detected = CliRunner.Run("import", "facilities", csv, "--store", _files.Store, "--dry-run");
        var named = CliRunner.Run("import", "facilities", csv, "--store", _files.Store, "--encoding", "gbk", "--dry-run");
        Assert.Equal((3, 0, 0), Counts(detected.Stdout, dryRun: true));
        Assert.Equal((3, 0, 0), Counts(named.Stdout, dryRun: true));
        Assert.False(File.Exists(_files.StorePath)); // a dry run creates no store
    }

    [Fact]
    public void A_file_with_a_header_only_writes_nothing_and_creates_no_store()
    {
        var csv = _files.FacilitiesCsv("empty.csv", []);
        var r = PlanFiles.Succeeds("import", "facilities", csv, "--store", _files.Store);
        Assert.Equal("注意 Note: 文件中没有数据行 / the file has no data rows", r.Stderr.Trim());
        Assert.False(File.Exists(_files.StorePath));
    }

    [Fact]
    public void An_unknown_category_is_one_line_and_exit_2()
    {
        var csv = _files.FacilitiesCsv("c.csv", PlanFiles.Centres(3));
        PlanFiles.AssertOneLineError(CliRunner.Run("import", "facilities", csv, "--category", "swimming", "--store", _files.Store),
            "未知类别“swimming”", "Unknown category 'swimming'; known: school, clinic, elderly");
        Assert.False(File.Exists(_files.StorePath));
    }

    [Fact]
    public void A_missing_file_is_one_line_and_exit_2() =>
        PlanFiles.AssertOneLineError(CliRunner.Run("import", "settlements", _files.In("nope.csv"), "--store", _files.Store),
            "找不到文件", "File not found: " + _files.In("nope.csv"));

    [Fact]
    public void A_gbk_file_read_as_utf8_is_one_line_and_exit_2()
    {
        var csv = _files.FacilitiesCsv("gbk.csv", PlanFiles.Centres(3), InputText.Gb18030);
        PlanFiles.AssertOneLineError(CliRunner.Run("import", "facilities", csv, "--encoding", "utf-8", "--store", _files.Store),
            "文件不是 utf-8 编码", "The file is not utf-8 (near byte 31)");
        Assert.False(File.Exists(_files.StorePath));
    }

    [Fact]
    public void A_utf8_file_read_as_gbk_is_one_line_and_exit_2() =>
        PlanFiles.AssertOneLineError(CliRunner.Run("import", "facilities", _files.FacilitiesCsv("u.csv", PlanFiles.Centres(3)),
            "--encoding", "gbk", "--store", _files.Store), "The file is UTF-8, not GBK");

    [Fact]
    public void A_file_in_neither_utf8_nor_gbk_is_one_line_and_exit_2()
    {
        var csv = _files.In("latin.csv");
        // 0x80 and 0xFF are valid in neither UTF-8 nor GB18030 at these positions.
        File.WriteAllBytes(csv, [.. Encoding.ASCII.GetBytes("id,name,category,lon,lat\n1,caf"), 0xFF, 0x80, .. Encoding.ASCII.GetBytes(",elderly,120.1,30.8\n")]);
        PlanFiles.AssertOneLineError(CliRunner.Run("import", "facilities", csv, "--store", _files.Store),
            "无法识别文件编码", "cannot read the file's encoding: neither UTF-8 nor GBK");
    }
}
