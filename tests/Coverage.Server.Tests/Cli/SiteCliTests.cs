using Coverage.Server.Tests.Support;

namespace Coverage.Server.Tests.Cli;

/// <summary>`coverage site` refuses bad requests with one bilingual line and no stack trace.</summary>
public class SiteCliTests
{
    [Fact]
    public void Both_or_neither_of_new_and_target_is_one_clear_line()
    {
        var r = CliRunner.Run("site", "--circle", "elderly-15", "--new", "5", "--target", "90");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("错误 Error: 请给出 --new（新建数量）或 --target（目标覆盖率 %）之一 / Give exactly one of --new (number of sites) or --target (target %)", r.Stderr.Trim());
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void A_missing_region_folder_is_one_clear_line()
    {
        var r = CliRunner.Run("site", "--circle", "elderly-15", "--new", "5", "--region", "/nonexistent/region");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("错误 Error: 找不到区域：/nonexistent/region（请给出含提取文件的文件夹或提取文件路径） / Region not found: /nonexistent/region (give a folder with an OSM extract, or an extract path)", r.Stderr.Trim());
    }

    [Fact]
    public void Sites_are_proposed_over_the_plan_in_the_store_not_the_raw_tables()
    {
        // A fresh store gets the demo region on first use; the answer lists two numbered sites and their villages.
        var store = Path.Combine(Directory.CreateTempSubdirectory("coverage-site-cli-").FullName, "plan.gpkg");
        var r = CliRunner.Run("site", "--circle", "elderly-15", "--new", "2", "--time-limit", "10", "--store", "gpkg:" + store);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.True(File.Exists(store), "the store was created and filled like the server's");
        var lines = r.Stdout.Split('\n');
        Assert.Single(lines, l => l.StartsWith("  1. ", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("  2. ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("  3. ", StringComparison.Ordinal));
        // Plain words, not solver jargon.
        Assert.Single(lines, l => l.StartsWith("方案质量 Quality: ", StringComparison.Ordinal));
        Assert.DoesNotContain("CP-SAT", r.Stdout);
        Assert.DoesNotContain("objective", r.Stdout);
    }

    [Fact]
    public void Out_writes_the_sites_as_csv_geojson_and_xlsx_with_the_rows_printed()
    {
        var dir = Directory.CreateTempSubdirectory("coverage-site-out-").FullName;
        string csv = Path.Combine(dir, "sites.csv"), geojson = Path.Combine(dir, "sites.geojson"), xlsx = Path.Combine(dir, "sites.xlsx");
        var r = CliRunner.Run("site", "--circle", "elderly-15", "--new", "3", "--time-limit", "10", "--store", "gpkg:" + Path.Combine(dir, "plan.gpkg"),
            "--out", csv, "--out", geojson, "--out", xlsx);
        Assert.True(r.ExitCode == 0, r.Stderr);

        var fromCsv = SitingFiles.Csv(File.ReadAllBytes(csv));
        var fromXlsx = SitingFiles.Xlsx(File.ReadAllBytes(xlsx));
        var fromGeoJson = SitingFiles.GeoJson(File.ReadAllBytes(geojson));
        Assert.Equal(SitingFiles.ChineseHeadings, fromCsv.Headings);
        Assert.Equal(SitingFiles.ChineseHeadings, fromXlsx.Headings);
        Assert.Equal(3, fromCsv.Rows.Count);
        Assert.Equal(fromCsv.Rows, fromXlsx.Rows);
        Assert.Equal(fromCsv.Rows, fromGeoJson.Rows);
        Assert.Equal(fromGeoJson.Points.Select(p => (p.Lon.ToString("R", System.Globalization.CultureInfo.InvariantCulture), p.Lat.ToString("R", System.Globalization.CultureInfo.InvariantCulture))),
            fromCsv.Rows.Select(row => (row[8], row[9])));
        // The printed list names the same sites in the same order: "  1. 白庄村旁 · 环湖路（way 123） / near 白庄村 · …".
        var printed = r.Stdout.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s{2}\d\. ")).ToList();
        Assert.Equal(3, printed.Count);
        for (int i = 0; i < 3; i++)
            Assert.StartsWith($"  {fromCsv.Rows[i][0]}. {fromCsv.Rows[i][1]} / {fromCsv.Rows[i][2]}  {fromCsv.Rows[i][3]}  ", printed[i]);
        foreach (var path in new[] { csv, geojson, xlsx }) Assert.Contains($"已写出 Wrote {path}（3 处 sites）", r.Stdout);
    }

    [Fact]
    public void An_out_file_of_another_kind_is_one_bilingual_line_before_any_work()
    {
        var r = CliRunner.Run("site", "--circle", "elderly-15", "--new", "2", "--out", "sites.txt", "--region", "/nonexistent/region");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("错误 Error: 选址结果无法导出为“.txt”：请用 .csv、.geojson 或 .xlsx / Cannot export sites as '.txt': use .csv, .geojson or .xlsx", r.Stderr.Trim());
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Capacitated_siting_prints_served_within_capacity_and_each_site_adds_at_most_its_capacity()
    {
        var store = Path.Combine(Directory.CreateTempSubdirectory("coverage-site-cap-").FullName, "plan.gpkg");
        var r = CliRunner.Run("site", "--circle", "elderly-15", "--new", "2", "--capacitated", "60", "--time-limit", "10", "--store", "gpkg:" + store);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.Stdout.Split('\n');
        static double Number(string text) => double.Parse(text.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
        // "现状容量内服务 Served within capacity now: 2,274 / 167,674 …" and "建议新建 2 处 …: 容量内新增服务 +120 … → 2,394 (1.4%)".
        var now = System.Text.RegularExpressions.Regex.Match(Assert.Single(lines, l => l.StartsWith("现状容量内服务 ", StringComparison.Ordinal)), @"now: ([\d,]+) / ([\d,]+)");
        var suggested = System.Text.RegularExpressions.Regex.Match(Assert.Single(lines, l => l.StartsWith("建议新建 2 处 ", StringComparison.Ordinal)), @"\+([\d,]+) .* → ([\d,]+) ");
        Assert.True(now.Success && suggested.Success, r.Stdout);
        var sites = lines.Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s{2}\d\. ")).Select(l =>
            Number(System.Text.RegularExpressions.Regex.Match(l, @"served \+([\d,]+)").Groups[1].Value)).ToList();
        Assert.Equal(2, sites.Count);
        Assert.All(sites, s => Assert.InRange(s, 0, 60));
        // Printed rounded to whole people: the parts add up within a person each.
        Assert.Equal(Number(suggested.Groups[1].Value), sites.Sum(), 2.0);
        Assert.Equal(Number(now.Groups[1].Value) + Number(suggested.Groups[1].Value), Number(suggested.Groups[2].Value), 1.0);
        Assert.Single(lines, l => l.StartsWith("方案质量 Quality: ", StringComparison.Ordinal) && l.Contains("bound") && l.Contains("gap"));
    }

    [Theory]
    [InlineData("0", "错误 Error: 新设施容量（床位/座位数）须为正整数，而不是 0；请给出每处新设施的容量，如 40 / The new sites' capacity (places) must be a positive whole number, not 0; give each new site's capacity, e.g. 40")]
    [InlineData("-3", "错误 Error: 新设施容量（床位/座位数）须为正整数，而不是 -3；请给出每处新设施的容量，如 40 / The new sites' capacity (places) must be a positive whole number, not -3; give each new site's capacity, e.g. 40")]
    public void A_capacity_that_is_not_positive_is_one_bilingual_line_before_any_work(string capacity, string expected)
    {
        var r = CliRunner.Run("site", "--circle", "elderly-15", "--new", "2", "--capacitated", capacity, "--region", "/nonexistent/region");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(expected, r.Stderr.Trim());
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Capacitated_siting_of_a_circle_without_capacities_lists_the_facilities()
    {
        var store = Path.Combine(Directory.CreateTempSubdirectory("coverage-site-cap-bad-").FullName, "plan.gpkg");
        var r = CliRunner.Run("site", "--circle", "culture-10", "--new", "1", "--capacitated", "40", "--spacing", "2000", "--store", "gpkg:" + store);
        Assert.Equal(2, r.ExitCode);
        var line = r.Stderr.Trim();
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith("错误 Error: 服务圈“10分钟文化圈”有 ", line);
        // The demo's first culture facility has no capacity and is named in both halves.
        var first = DemoTables.Facilities().Where(f => DemoTables.Prop(f, "category") == "culture" && DemoTables.Prop(f, "status") == "existing")
            .Select(f => DemoTables.Prop(f, "id")).Order(StringComparer.Ordinal).First();
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(line, first + " ").Count);
    }
}
