using System.Text;
using System.Text.Json;
using Coverage.Analysis.Circles;
using Coverage.Analysis.Isochrones;
using Coverage.Analysis.Reports;
using Coverage.Analysis.Tests.Support;
using Coverage.Core;
using Coverage.Core.Domain;
using static Coverage.Analysis.Tests.Support.TestSeeds;

namespace Coverage.Analysis.Tests;

public class ReportTests
{
    static readonly CircleStandard Culture = Circle("culture-11", CircleKind.Nearest, 11, "adult", "culture") with { NameZh = "11分钟文化圈" };
    static readonly CircleStandard Broken = Circle("theatre-10", CircleKind.Nearest, 10, "adult", "theatre");

    static (CoverageEngine Engine, IReadOnlyList<CircleCoverage> Circles) Evaluate()
    {
        var engine = new CoverageEngine(Village.Region(Catalog(Culture, Broken)));
        return (engine, engine.EvaluateAll());
    }

    [Fact]
    public void Uncovered_csv_has_a_bom_and_lists_each_settlement_left_out_worst_first()
    {
        var (_, circles) = Evaluate();
        using var ms = new MemoryStream();
        TableWriters.WriteCsv(CoverageTables.Uncovered(circles), ms);
        var bytes = ms.ToArray();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("circle,name,village,town,status,population,elderly,demand_field,uncovered_demand,minutes,unreachable,facility", lines[0]);
        // V leaves 400 people out, C 300, B 200, W 50, Z nobody (no population).
        Assert.Equal(["V", "C", "B", "W", "Z"], lines[1..].Select(l => l.Split(',')[1]));
        Assert.Equal("culture-11,B,,T1,uncovered,200,50,人口 population,200,12.5,,C1", lines[3]);   // B belongs to no administrative village
    }

    [Fact]
    public void Html_report_is_self_contained_bilingual_and_says_what_could_not_be_computed()
    {
        var (engine, circles) = Evaluate();
        var w = new StringWriter();
        HtmlReport.Write(engine.Region, circles, w, generated: DateTimeOffset.UnixEpoch);
        var html = w.ToString();
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("11分钟文化圈", html);
        Assert.Contains("Places not covered", html);
        Assert.Contains("人口覆盖率 Share of population covered", html);   // the demand field names the share
        Assert.Contains("<svg", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", ""));
        Assert.Contains("theatre", html);                 // the broken circle is reported as not computed
        Assert.Contains("1676", html);                    // the facility off the network, with its distance
        Assert.Contains("未达标 gap 950 人 people", html);
    }

    [Fact]
    public void Isochrone_geojson_is_a_feature_collection_of_bands()
    {
        var (engine, _) = Evaluate();
        var json = IsochroneGeoJson.ToJson(engine.Isochrone("C1", [5, 10], WalkProfile.Adult));
        using var doc = JsonDocument.Parse(json);
        var features = doc.RootElement.GetProperty("features");
        Assert.Equal(2, features.GetArrayLength());
        Assert.Equal("Polygon", features[0].GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(10, features[1].GetProperty("properties").GetProperty("to_minutes").GetDouble());
    }
}
