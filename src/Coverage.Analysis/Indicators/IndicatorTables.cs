using Coverage.Analysis.Reports;
using Coverage.Core.Domain;

namespace Coverage.Analysis.Indicators;

/// <summary>
/// The indicator results as report tables (county sheet, per town, what falls short): the one form the CLI (csv, xlsx, html),
/// the API, and every report render, so the figures are computed once and shown the same everywhere.
/// </summary>
public static class IndicatorTables
{
    static readonly ReportColumn Indicator = new("indicator", "指标编号", "Indicator id");

    public static (string Zh, string En) LightName(IndicatorLight light) => light switch
    {
        IndicatorLight.Met => ("达标", "met"),
        IndicatorLight.Progress => ("推进中", "in progress"),
        IndicatorLight.Short => ("未达标", "short"),
        IndicatorLight.NoValue => ("无现值", "no value"),
        _ => ("无分镇目标", "no town target"),
    };

    public static string LightId(IndicatorLight light) => light switch
    {
        IndicatorLight.Met => "met",
        IndicatorLight.Progress => "progress",
        IndicatorLight.Short => "short",
        IndicatorLight.NoValue => "no-value",
        _ => "no-town-target",
    };

    static string Light(IndicatorLight light) => LightName(light) is var (zh, en) ? $"{zh} / {en}" : "";

    public static string Target(IndicatorDefinition d) => (d.Comparison == ">" ? ">" : "≥") + d.Target.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    public static ReportTable County(IReadOnlyList<IndicatorResult> results) => new("indicators", "规划指标", "Plan indicators",
    [
        Indicator, new("name", "指标", "Indicator"), new("name_en", "指标（英文）", "Indicator (English)"),
        new("baseline", "基期值", "Baseline", ColumnKind.Number), new("target", "目标", "Target"),
        new("value", "现值", "Now", ColumnKind.Number), new("unit", "单位", "Unit"), new("status", "状态", "Status"),
        new("towns_met", "达标镇（街道）", "Towns meeting", ColumnKind.Integer), new("towns", "镇（街道）数", "Towns", ColumnKind.Integer),
        new("source", "依据", "Source"), new("clause", "条款", "Clause"),
    ],
    results.Select(r => new object?[]
    {
        r.Definition.Id, r.Definition.NameZh, r.Definition.NameEn, r.Definition.Baseline, Target(r.Definition), r.Value,
        $"{r.Definition.UnitZh} / {r.Definition.UnitEn}", Light(r.Light),
        r.Towns.All(t => t.Light == IndicatorLight.NoTownTarget) ? null : r.Towns.Count(t => t.Light == IndicatorLight.Met), r.Towns.Count,
        r.Definition.PolicySource, r.Definition.Clause,
    }).ToList());

    public static ReportTable Towns(IReadOnlyList<IndicatorResult> results) => new("indicator_towns", "规划指标分镇（街道）", "Plan indicators by town",
    [
        Indicator, new("name", "指标", "Indicator"), new("town", "镇（街道）", "Town"), new("value", "值", "Value", ColumnKind.Number),
        new("unit", "单位", "Unit"), new("facilities", "计入设施数", "Facilities counted", ColumnKind.Integer),
        new("villages", "行政村数", "Administrative villages", ColumnKind.Integer), new("villages_with", "有设施的行政村", "Villages with one", ColumnKind.Integer),
        new("status", "状态", "Status"),
    ],
    results.SelectMany(r => r.Towns.Select(t => new object?[]
    {
        r.Definition.Id, r.Definition.NameZh, t.Town, t.Value, TownUnit(r.Definition), t.Facilities, t.Villages, t.VillagesWith,
        Light(t.Light),
    })).ToList());

    /// <summary>A town's value is in the indicator's unit, except presence per town: there it is the town's count of facilities.</summary>
    public static string TownUnit(IndicatorDefinition d) => d.Kind == IndicatorKind.PresencePerTown ? "个 / facilities" : $"{d.UnitZh} / {d.UnitEn}";

    public static ReportTable Shortfalls(IReadOnlyList<IndicatorResult> results) => new("indicator_shortfalls", "未达标的镇（街道）与村", "What falls short",
    [
        Indicator, new("name", "指标", "Indicator"), new("what", "对象", "What"), new("id", "编号", "Id"), new("place", "名称", "Name"),
        new("town", "镇（街道）", "Town"), new("detail", "说明", "Detail"),
    ],
    results.SelectMany(r => r.Shortfalls.Select(s => new object?[]
    {
        r.Definition.Id, r.Definition.NameZh, s.What switch { "town" => "镇（街道）/ town", "village" => "行政村 / village", _ => "全县 / county" },
        s.Id, s.Name, s.Town, $"{s.DetailZh} / {s.DetailEn}",
    })).ToList());

    /// <summary>The notes of every indicator (facilities left out for a missing fact, towns placed by the nearest settlement).</summary>
    public static ReportTable Notes(IReadOnlyList<IndicatorResult> results) => new("indicator_notes", "指标计算说明", "Indicator notes",
        [Indicator, new("level", "级别", "Level"), new("note", "说明", "Note")],
        results.SelectMany(r => r.Notes.Select(n => new object?[] { r.Definition.Id, n.Level.ToString().ToLowerInvariant(), $"{n.Zh} / {n.En}" })).ToList());

    /// <summary>The indicators as a section of every printable report (HTML and Word) and of the indicator page.</summary>
    public static ReportSection Section(IReadOnlyList<IndicatorResult> results) => new("规划指标", "Plan indicators",
        results.Count == 0 ? [new("seeds/indicators.json 中没有指标。", "No indicators in seeds/indicators.json.")] :
        [
            new("每项指标的现值由规划库中的设施与居民点算出，依据条款见“规划指标”表末两列。达标：达到目标；推进中：未达目标但不低于基期值；未达标：低于基期或未达目标。",
                "Each indicator's value is computed from the plan's facilities and settlements; its source clause is in the last two columns of the first table. Met: at the target; in progress: short of it but at or past the baseline; short: otherwise."),
        ],
        All(results).Where(t => t.Rows.Count > 0).ToList());

    public static IReadOnlyList<ReportTable> All(IReadOnlyList<IndicatorResult> results) => [County(results), Towns(results), Shortfalls(results), Notes(results)];
}
