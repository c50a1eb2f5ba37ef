using Coverage.Analysis.Reports;

namespace Coverage.Analysis.LifeCircles;

/// <summary>
/// Life-circle units as one report table (one row a unit, its polygon as geometry): what the CLI, the API and the
/// CSV/GeoJSON/HTML writers take, so the columns are defined once.
/// </summary>
public static class LifeCircleTable
{
    public static readonly IReadOnlyList<ReportColumn> Columns =
    [
        new("unit_id", "单元编号", "Unit id"),
        new("centre_id", "中心村（社区）编号", "Centre id"),
        new("centre", "中心村（社区）", "Centre"),
        new("town", "所属镇（街道）", "Town"),
        new("member_count", "成员村（社区）数（个）", "Members (count)", ColumnKind.Integer),
        new("members", "成员村（社区）", "Members"),
        new("population", "人口（人）", "Population (people)", ColumnKind.Number),
        new("elderly", "老年人口（60岁及以上，人）", "Older people (60+)", ColumnKind.Number),
        new("max_minutes", "最远成员步行时间（分钟）", "Slowest member walk (min)", ColumnKind.Number),
        new("meets", "达标（15分钟且规模不超上限）", "Meets the rule (15 min and size)", ColumnKind.Boolean),
        new("why", "不达标原因", "Why not"),
    ];

    public static ReportTable Of(LifeCircleResult result) => Of(result.Instance, result.Units);

    public static ReportTable Of(LifeCircleInstance inst, IReadOnlyList<LifeCircleUnit> units) =>
        new("life_circles", $"15分钟生活圈单元（{inst.Rule.SourceZh}）", $"15-minute life-circle units ({inst.Rule.SourceEn})", Columns,
            units.Select(u => Row(inst, u)).ToList(), units.Select(u => u.Polygon).ToList());

    static object?[] Row(LifeCircleInstance inst, LifeCircleUnit u)
    {
        var centre = inst.Members[u.Centre];
        return
        [
            u.Id, centre.Id, centre.Name, centre.Town, u.Members.Count, string.Join("、", u.Members.Select(m => inst.Members[m].Name)),
            Math.Round(u.Population, 2), Math.Round(u.Elderly, 2), u.MaxMinutes is double t ? Math.Round(t, 2) : null, u.Meets, Why(inst, u),
        ];
    }

    /// <summary>Why a unit misses the rule, in both languages; empty when it meets it.</summary>
    public static string Why(LifeCircleInstance inst, LifeCircleUnit u)
    {
        var reasons = new List<string>();
        if (u.Infeasible is { } why) reasons.Add($"{why.Zh} / {why.En}");
        else if (u.Beyond.Count > 0)
            reasons.Add($"{string.Join("、", u.Beyond.Select(m => inst.Members[m].Name))} 距中心超过 {inst.Rule.Minutes:0} 分钟 / beyond {inst.Rule.Minutes:0} min of the centre");
        if (!u.WithinSize)
            reasons.Add($"人口 {u.Population:0} 人超过上限 {inst.Rule.PopulationMax:0} 人 / {u.Population:0} people above the {inst.Rule.PopulationMax:0} maximum");
        return string.Join("；", reasons);
    }
}
