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
}
