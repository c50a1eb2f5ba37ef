using Coverage.Server.Tests.Support;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using static Coverage.Server.Tests.Support.DemoTables;

namespace Coverage.Server.Tests.Cli;

/// <summary>A fresh plan store for the class: the first run imports the demo region into it, as the server does.</summary>
public sealed class ReportStore : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("coverage-report-cli-").FullName;
    public string Spec => "gpkg:" + Path.Combine(Dir, "plan.gpkg");
    public void Dispose() => Directory.Delete(Dir, true);
}

/// <summary>`coverage report` on the demo county, in each format, checked against the demo tables and gdal's ogrinfo.</summary>
public sealed class ReportCliTests(ReportStore store) : IClassFixture<ReportStore>, IDisposable
{
    readonly string _out = Directory.CreateTempSubdirectory("coverage-report-out-").FullName;
    public void Dispose() => Directory.Delete(_out, true);

    CliRunner.Result Report(params string[] args) => CliRunner.Run(["report", .. args, "--store", store.Spec]);

    static void AssertWritten(CliRunner.Result r, string path)
    {
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains($"已写入 Written: {path} ", r.Stdout);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Html_report_has_the_chinese_title_and_the_town_table_with_every_town()
    {
        var path = Path.Combine(_out, "elderly.html");
        var r = Report("--circle", "elderly-15", "--out", path);
        AssertWritten(r, path);
        var html = System.Net.WebUtility.HtmlDecode(File.ReadAllText(path));
        Assert.Contains("<title>十五分钟养老服务圈 · 步行覆盖评估报告</title>", html);
        Assert.Contains("镇街汇总 <span class=\"en\">Town summary</span>", html);
        foreach (var town in Features("towns.synthetic.geojson").Select(t => Prop(t, "name")))
            Assert.Contains($"<td>{town}</td>", html);
        // The county's elderly, each counted once: 167,674 in metadata.json, printed as the circle's demand.
        Assert.Contains("/ 167,674 老年人(60+) older people (60+) covered", r.Stdout);
    }

    [Fact]
    public void Csv_has_one_row_per_settlement_and_its_places_add_up_to_the_county()
    {
        var path = Path.Combine(_out, "elderly.csv");
        AssertWritten(Report("--circle", "elderly-15", "--format", "csv", "--out", path), path);
        var (columns, rows) = CsvText.Parse(File.ReadAllText(path, Encoding.UTF8));
        var header = columns.OrderBy(c => c.Value).Select(c => c.Key).ToArray();
        Assert.Equal(Settlements().Count, rows.Count);
        Assert.Equal(Settlements().Select(s => Prop(s, "id")).Order(), rows.Select(x => x[Array.IndexOf(header, "settlement_id")]).Order());
        // Rows that roll up no natural villages are the places people live: their elderly are the county's.
        int rolled = Array.IndexOf(header, "natural_villages"), elderly = Array.IndexOf(header, "elderly");
        var oracle = Settlements().Where(s => Prop(s, "kind") != "natural_village").Sum(s => s.GetProperty("properties").GetProperty("elderly").GetDouble());
        Assert.Equal(oracle, rows.Where(x => x[rolled] == "0").Sum(x => double.Parse(x[elderly], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Geojson_is_a_feature_collection_of_the_uncovered_places_with_geometry()
    {
        var path = Path.Combine(_out, "uncovered.geojson");
        AssertWritten(Report("--circle", "culture-10", "--format", "geojson", "--table", "uncovered", "--out", path), path);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        Assert.Equal("FeatureCollection", doc.RootElement.GetProperty("type").GetString());
        var features = doc.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.NotEmpty(features);
        Assert.All(features, f =>
        {
            Assert.NotEqual(JsonValueKind.Null, f.GetProperty("geometry").ValueKind);
            Assert.NotEqual("covered", f.GetProperty("properties").GetProperty("status").GetString());
        });
    }

    [Fact]
    public void Gpkg_of_every_circle_opens_in_ogrinfo_with_every_table_as_a_layer()
    {
        var path = Path.Combine(_out, "all.gpkg");
        AssertWritten(Report("--circle", "all", "--format", "gpkg", "--out", path), path);
        var psi = new ProcessStartInfo("ogrinfo", ["-ro", "-so", "-al", path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var info = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        foreach (var layer in new[] { "uncovered", "settlements", "towns", "county", "problems", "facilities" })
            Assert.Contains($"Layer name: {layer}", info);
        // Oracle: one settlements row per settlement a circle applies to (seeds/circles.json appliesTo), every circle.
        using var seeds = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder(), "..", "..", "seeds", "circles.json")));
        var circles = seeds.RootElement.GetProperty("circles").EnumerateArray().ToList();
        int expected = circles.Sum(c => c.TryGetProperty("appliesTo", out var kinds)
            ? Settlements().Count(s => kinds.EnumerateArray().Any(k => k.GetString() == Prop(s, "kind")))
            : Settlements().Count);
        var settlementsLayer = info[info.IndexOf("Layer name: settlements", StringComparison.Ordinal)..];
        Assert.Contains($"Feature Count: {expected}\n", settlementsLayer);
        Assert.Contains("Geometry Column = geom", settlementsLayer);
        var countyLayer = info[info.IndexOf("Layer name: county", StringComparison.Ordinal)..];
        Assert.Contains($"Feature Count: {circles.Count}\n", countyLayer);
        foreach (var column in new[] { "minutes: Real", "status: String", "covered_population: Real", "covered_elderly: Real", "population: Integer" })
            Assert.Contains(column, settlementsLayer);
    }

    [Fact]
    public void Docx_out_name_chooses_the_word_report_and_a_table_for_it_is_refused()
    {
        var path = Path.Combine(_out, "评估报告.docx");
        var r = Report("--circle", "park-10", "--out", path);                 // no --format: the name says docx
        AssertWritten(r, path);
        Assert.Contains("(docx, ", r.Stdout);
        using (var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(path, false))
            Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(doc));
        r = Report("--circle", "park-10", "--format", "docx", "--table", "towns", "--out", Path.Combine(_out, "towns.docx"));
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("错误 Error: docx 报告总是包含全部表；--table 只用于 csv、geojson、gpkg、xlsx / The docx report always holds every table; --table applies to csv, geojson, gpkg and xlsx", line);
        Assert.Equal([path], Directory.GetFiles(_out));
    }

    [Fact]
    public void Without_out_the_report_lands_in_the_current_folder_under_its_circle_name()
    {
        var r = CliRunner.RunIn(_out, "report", "--circle", "park-10", "--format", "csv", "--store", store.Spec);
        AssertWritten(r, Path.Combine(_out, "coverage-park-10.csv"));            // the API's download name
        r = CliRunner.RunIn(_out, "report", "--circle", "park-10", "--format", "csv", "--table", "towns", "--store", store.Spec);
        AssertWritten(r, Path.Combine(_out, "coverage-park-10-towns.csv"));
        Assert.Equal(2, Directory.GetFiles(_out).Length);                   // no temporary file left beside them
    }

    [Fact]
    public void Unknown_circle_is_one_bilingual_line_exit_2_and_the_old_file_stays()
    {
        var path = Path.Combine(_out, "old.html");
        File.WriteAllText(path, "old");
        var r = Report("--circle", "nope-99", "--out", path);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("错误 Error: 未知服务圈“nope-99”，可选：", line);
        Assert.Contains(" / Unknown circle 'nope-99'. Known: ", line);
        Assert.Contains("elderly-15", line);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_out));
    }

    [Fact]
    public void Unwritable_out_is_one_bilingual_line_before_any_work()
    {
        var blocker = Path.Combine(_out, "a-file");
        File.WriteAllText(blocker, "");
        var path = Path.Combine(blocker, "report.html");                   // a folder that cannot exist: a file holds its name
        var r = Report("--circle", "elderly-15", "--out", path);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"错误 Error: 无法写入 {path}", line);
        Assert.Contains($" / Cannot write {path}", line);
        Assert.DoesNotContain("   at ", r.Stderr + r.Stdout);
        Assert.Equal([blocker], Directory.GetFiles(_out));
    }

    [Theory]
    [InlineData("--format", "pdf", "Unknown report format 'pdf'")]
    [InlineData("--table", "people", "Unknown report table 'people'")]
    public void Bad_format_or_table_is_one_bilingual_line(string option, string value, string english)
    {
        var r = Report("--circle", "elderly-15", option, value, "--out", Path.Combine(_out, "x"));
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("错误 Error: 未知报告", line);
        Assert.Contains(english, line);
        Assert.Empty(Directory.GetFiles(_out));
    }
}
