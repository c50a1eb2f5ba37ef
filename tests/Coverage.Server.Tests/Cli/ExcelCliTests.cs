using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Coverage.Server.Tests.Support;
using MiniExcelLibs;

namespace Coverage.Server.Tests.Cli;

/// <summary>
/// Excel through the CLI: the plan store exported as .xlsx imports back unchanged (every row "unchanged"), and the
/// report workbook holds the CSV report's tables cell for cell, numbers as numbers.
/// </summary>
public sealed partial class ExcelCliTests : IDisposable
{
    readonly PlanFiles _files = new();
    public void Dispose() => _files.Dispose();

    [GeneratedRegex(@"新增 added (\d+), 更新 updated (\d+), 未变 unchanged (\d+)")]
    private static partial Regex Counts();

    static (int Added, int Updated, int Unchanged) Written(CliRunner.Result r)
    {
        var m = Counts().Match(r.Stdout);
        Assert.True(m.Success, r.Stdout);
        return (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value));
    }

    [Fact]
    public async Task Export_all_as_xlsx_then_import_each_sheet_leaves_every_row_unchanged()
    {
        // The first import seeds the store with the demo region's tables, as the server's first start does.
        PlanFiles.Succeeds("import", "facilities", _files.FacilitiesCsv("centres.csv", PlanFiles.Centres(20)), "--store", _files.Store);
        int facilities = (await _files.WithStoreAsync(s => s.QueryFacilitiesAsync(new Coverage.Storage.FacilityQuery()))).Count;
        int settlements = (await _files.WithStoreAsync(s => s.QuerySettlementsAsync(new Coverage.Storage.SettlementQuery()))).Count;
        Assert.True(facilities > 500 && settlements > 100);

        var xlsx = _files.In("out/plan.xlsx");
        PlanFiles.Succeeds("export", "all", "--format", "xlsx", "--out", xlsx, "--store", _files.Store);
        var sheets = MiniExcel.GetSheetNames(xlsx);
        Assert.Equal(["设施", "居民点"], sheets);
        var heading = MiniExcel.Query(xlsx, useHeaderRow: false, sheetName: "居民点").Cast<IDictionary<string, object?>>().First();
        Assert.Equal(["编号", "名称", "类型", "所属镇街", "区划代码", "所属行政村", "常住人口", "60岁以上人口", "城乡", "来源", "来源编号", "经度", "纬度", "几何"],
            heading.Values.Select(v => v?.ToString()));

        var dry = PlanFiles.Succeeds("import", "facilities", xlsx, "--dry-run", "--store", _files.Store);
        Assert.Contains($"{facilities} facilities valid", dry.Stdout);
        Assert.Contains($"新增 add 0, 更新 update 0, 不变 leave unchanged {facilities}", dry.Stdout);
        Assert.Equal((0, 0, facilities), Written(PlanFiles.Succeeds("import", "facilities", xlsx, "--store", _files.Store)));
        Assert.Equal((0, 0, settlements), Written(PlanFiles.Succeeds("import", "settlements", xlsx, "--sheet", "居民点", "--store", _files.Store)));
    }

    [Fact]
    public void Import_of_an_xlsx_with_bad_rows_lists_them_by_sheet_row_and_writes_nothing()
    {
        var path = _files.In("bad.xlsx");
        MiniExcel.SaveAs(path, new[]
        {
            new Dictionary<string, object?> { ["名称"] = "甲卫生室", ["类别"] = "医疗卫生", ["经度"] = 120.6, ["纬度"] = 30.96 },
            new Dictionary<string, object?> { ["名称"] = "乙卫生室", ["类别"] = "医疗卫生", ["经度"] = "东经", ["纬度"] = 30.96 },
        }, sheetName: "卫生室");
        var r = CliRunner.Run("import", "facilities", path, "--store", _files.Store);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("工作表“卫生室”第 3 行 字段 lon（C 列“经度”）：“东经”不是数字", r.Stderr);
        Assert.Contains("bad.xlsx 有 1 行错误，未导入任何数据", r.Stderr);
        Assert.False(File.Exists(_files.StorePath));
        PlanFiles.AssertOneLineError(CliRunner.Run("import", "facilities", _files.FacilitiesCsv("a.csv", PlanFiles.Centres(1)), "--sheet", "x", "--store", _files.Store),
            "--sheet 只适用于 Excel 工作簿");
    }

    [Fact]
    public void Report_xlsx_has_one_sheet_per_table_holding_the_csv_report_s_values()
    {
        var report = _files.In("report.xlsx");
        PlanFiles.Succeeds("report", "--circle", "elderly-15", "--format", "xlsx", "--out", report, "--store", _files.Store);
        var sheets = MiniExcel.GetSheetNames(report);
        Assert.Equal(["未覆盖居民点清单", "居民点覆盖明细", "镇街汇总", "全县汇总与均等化", "无法计算或需注意的事项"], sheets);
        var tables = new[] { "uncovered", "settlements", "towns", "county", "problems" };
        for (int t = 0; t < tables.Length; t++)
        {
            var csvPath = _files.In($"{tables[t]}.csv");
            PlanFiles.Succeeds("report", "--circle", "elderly-15", "--format", "csv", "--table", tables[t], "--out", csvPath, "--store", _files.Store);
            var (header, csvRows) = CsvText.Parse(File.ReadAllText(csvPath, Encoding.UTF8));
            var sheet = MiniExcel.Query(report, useHeaderRow: false, sheetName: sheets[t]).Cast<IDictionary<string, object?>>()
                .Select(r => r.Values.ToArray()).ToList();
            Assert.Equal(header.Count, sheet[0].Length);
            Assert.Equal(csvRows.Count, sheet.Count - 1);
            Assert.True(tables[t] == "problems" || csvRows.Count > 0, tables[t]);
            for (int r = 0; r < csvRows.Count; r++)
                for (int c = 0; c < header.Count; c++)
                    AssertSameCell(csvRows[r][c], sheet[r + 1][c], $"{tables[t]} row {r + 1} column {header.First(h => h.Value == c).Key}");
        }
    }

    /// <summary>A CSV cell (numbers rounded to 4 decimals) against the workbook's: numbers must be number cells, equal to the CSV's rounding.</summary>
    static void AssertSameCell(string csv, object? xlsx, string where)
    {
        switch (xlsx)
        {
            case null: Assert.True(csv == "", $"{where}: '{csv}' vs empty"); break;
            case double d:
                Assert.True(double.TryParse(csv, NumberStyles.Float, CultureInfo.InvariantCulture, out var v), $"{where}: number {d} vs '{csv}'");
                Assert.True(Math.Abs(v - d) <= 5e-5 * Math.Max(1, Math.Abs(d)), $"{where}: {d} vs {csv}");
                break;
            case bool b: Assert.Equal(b ? "true" : "false", csv); break;
            default:
                Assert.False(double.TryParse(csv, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && csv.Any(char.IsDigit) && !csv.Any(char.IsLetter),
                    $"{where}: '{xlsx}' is text in the workbook but a number in the CSV");
                Assert.Equal(csv, xlsx.ToString());
                break;
        }
    }
}
