using System.Text;
using Coverage.Analysis.Indicators;
using Coverage.Analysis.Reports;
using Coverage.Core.Domain;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Tests.Indicators;

/// <summary>
/// A circle_villages indicator whose circle cannot be computed has no value: null (not 0) with a grey "no value" light and a
/// bilingual note; the CSV cell is empty and the HTML/Word cell a dash.
/// </summary>
public class IndicatorNoValueTests
{
    [Fact]
    public void An_indicator_whose_circle_cannot_be_computed_shows_no_value_never_zero()
    {
        var gf = new GeometryFactory(new PrecisionModel(), 4326);
        var settlements = new[] { new Settlement { Id = "a", Name = "a", Town = "甲镇", Geometry = gf.CreatePoint(new Coordinate(120, 30)), Population = 100 } };
        var d = new IndicatorDefinition
        {
            Id = "stops", NameZh = "候车亭覆盖", NameEn = "Stops", Kind = IndicatorKind.CircleVillages, Categories = ["bus-shelter"], Circle = "bus-x",
            Target = 100, UnitZh = "%", UnitEn = "%", PolicySource = "《x》",
        };
        var r = IndicatorEngine.Evaluate([d], [], settlements, _ => null).Single();
        Assert.Null(r.Value);
        Assert.Equal(IndicatorLight.NoValue, r.Light);
        Assert.Equal(("无现值", "no value"), IndicatorTables.LightName(r.Light));
        Assert.Equal("no-value", IndicatorTables.LightId(r.Light));
        var note = Assert.Single(r.Notes, n => n.Code == "circle-not-computed");
        Assert.Contains("没有现值", note.Zh);
        Assert.Contains("no value", note.En);

        var table = IndicatorTables.County([r]);
        int value = table.Columns.ToList().FindIndex(c => c.Id == "value");
        Assert.Null(table.Rows.Single()[value]);
        using var csv = new MemoryStream();
        TableWriters.WriteCsv(table, csv);
        var row = Encoding.UTF8.GetString(csv.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].TrimEnd('\r').Split(',');
        Assert.Equal("", row[value]);
        Assert.Equal("—", ReportCells.Text(table.Rows.Single()[value], table.Columns[value].Kind));
        var html = new StringWriter();
        IndicatorHtml.WritePage(html, [r]);
        // Target, then now: a dash, not 0.
        Assert.Contains("<td>≥100</td><td class=\"n\">—</td>", html.ToString());
    }

    /// <summary>
    /// Places per 1,000 elderly over a plan imported without elderly figures has nobody to divide by: no value (grey, a
    /// note), county and towns alike, never 0 and a red light; a town with elderly keeps its figure.
    /// </summary>
    [Fact]
    public void A_ratio_with_nobody_to_divide_by_has_no_value_never_zero()
    {
        var gf = new GeometryFactory(new PrecisionModel(), 4326);
        Settlement Village(string id, string town, int elderly) =>
            new() { Id = id, Name = id, Town = town, Geometry = gf.CreatePoint(new Coordinate(120, 30)), Population = 1000, Elderly = elderly };
        var home = new Facility { Id = "h", Name = "敬老院", Category = "elderly", Capacity = 30, Town = "乙镇", Geometry = gf.CreatePoint(new Coordinate(120, 30)) };
        var d = new IndicatorDefinition
        {
            Id = "beds", NameZh = "每千名老人床位", NameEn = "Beds", Kind = IndicatorKind.PerThousand, Categories = ["elderly"],
            Demand = DemandField.Elderly, Target = 40, UnitZh = "张/千人", UnitEn = "per 1,000", PolicySource = "《x》",
        };
        var none = IndicatorEngine.Evaluate([d], [home], [Village("a", "甲镇", 0), Village("b", "乙镇", 0)], _ => null).Single();
        Assert.Null(none.Value);
        Assert.Equal(IndicatorLight.NoValue, none.Light);
        Assert.All(none.Towns, t => Assert.Equal((null, IndicatorLight.NoValue), (t.Value, t.Light)));
        Assert.Empty(none.Shortfalls);
        Assert.Contains(none.Notes, n => n.Code == "no-demand" && n.Zh.Contains("老年人口") && n.En.Contains("elderly population"));

        var some = IndicatorEngine.Evaluate([d], [home], [Village("a", "甲镇", 0), Village("b", "乙镇", 600)], _ => null).Single();
        Assert.Equal(50, some.Value); // 30 places over 600 elderly
        Assert.Equal((50.0, IndicatorLight.Met), (some.Towns.Single(t => t.Town == "乙镇").Value!.Value, some.Towns.Single(t => t.Town == "乙镇").Light));
        Assert.Equal(((double?)null, IndicatorLight.NoValue), (some.Towns.Single(t => t.Town == "甲镇").Value, some.Towns.Single(t => t.Town == "甲镇").Light));
    }
}
