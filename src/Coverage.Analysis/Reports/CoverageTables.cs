using Coverage.Analysis.Circles;
using Coverage.Analysis.Region;
using Coverage.Core.Domain;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Reports;

/// <summary>
/// The report's tables built from circle coverages: projections of the one result. Demand columns name their field
/// (人口 / 老年人口(60岁及以上)): in the heading when every circle of the table counts the same field, and always in the
/// demand_field column, so an elderly share is never headed "people covered".
/// </summary>
public static class CoverageTables
{
    static readonly ReportColumn Circle = new("circle", "服务圈", "Circle");
    static readonly ReportColumn DemandField = new("demand_field", "需求口径", "Demand field");

    /// <summary>The demand field's name for headings: the field itself when all circles share it, else "需求".</summary>
    static (string Zh, string En) DemandName(IEnumerable<CircleCoverage> circles)
    {
        var fields = circles.Select(c => c.Circle.Demand).Distinct().ToList();
        return fields.Count == 1 ? (fields[0].NameZh(), fields[0].NameEn()) : ("需求人数（见需求口径）", "demand (see demand field)");
    }

    static string FieldText(CircleCoverage c) => $"{c.Circle.Demand.NameZh()} {c.Circle.Demand.NameEn()}";

    static string? Unreachable(SettlementCoverage s) => s.Unreachable is { } u ? $"{u.Zh(s.OffNetworkMetres)} / {u.En(s.OffNetworkMetres)}" : null;

    /// <summary>
    /// Every settlement under every circle (with geometry). An administrative village with natural villages is their
    /// roll-up (natural_villages &gt; 0): sum people over the rows with natural_villages = 0, or use the towns table.
    /// </summary>
    public static ReportTable Settlements(IEnumerable<CircleCoverage> circles)
    {
        var list = circles.ToList();
        var (dz, de) = DemandName(list);
        var rows = new List<object?[]>();
        var geometries = new List<Geometry?>();
        foreach (var c in list)
            foreach (var s in c.Settlements)
            {
                rows.Add([c.Circle.Id, s.Settlement.Id, s.Settlement.Name, s.Settlement.Town, s.Settlement.Kind.ToId(), s.Settlement.ParentId,
                    s.NaturalVillages, s.Status.Id(), s.Minutes, Unreachable(s), s.NearestFacilityId, s.NearestFacilityName, s.CoveredShare, s.Population,
                    s.Elderly, s.CoveredPopulation, s.CoveredElderly, FieldText(c), s.Demand, s.CoveredDemand, s.OffNetwork, s.NoPopulation]);
                geometries.Add(s.Settlement.Geometry);
            }
        return new ReportTable("settlements", "居民点覆盖明细", "Settlement coverage",
        [
            Circle, new("settlement_id", "编号", "Id"), new("name", "居民点", "Settlement"), new("town", "镇/街道", "Town"),
            new("kind", "类型", "Kind"), new("parent_id", "所属行政村编号", "Administrative village id"),
            new("natural_villages", "汇总自然村数（个）", "Natural villages rolled up", ColumnKind.Integer), new("status", "状态", "Status"),
            new("minutes", "到最近设施（分钟）", "Minutes to nearest", ColumnKind.Number), new("unreachable", "步行不可达原因", "Why not reachable on foot"),
            new("facility_id", "最近设施编号", "Nearest facility id"), new("facility", "最近设施", "Nearest facility"),
            new("covered_share", "覆盖比例", "Covered share", ColumnKind.Share), new("population", "人口（人）", "Population (people)", ColumnKind.Integer),
            new("elderly", "老年人口（60岁及以上，人）", "Older people (60+)", ColumnKind.Integer),
            new("covered_population", "覆盖人口（人）", "Covered population (people)", ColumnKind.Number),
            new("covered_elderly", "覆盖老年人口（人）", "Covered older people (60+)", ColumnKind.Number), DemandField,
            new("demand", dz, de, ColumnKind.Number), new("covered_demand", $"覆盖{dz}", $"Covered {de}", ColumnKind.Number),
            new("off_network", "不在路网上", "Off network", ColumnKind.Boolean),
            new("no_population", "无人口数据", "No population", ColumnKind.Boolean),
        ], rows, geometries);
    }

    /// <summary>
    /// The uncovered list: places not fully covered, worst first, per circle. Natural villages stand for their
    /// administrative village (named beside them); a village's people in none of them appear as its remainder.
    /// </summary>
    public static ReportTable Uncovered(IEnumerable<CircleCoverage> circles)
    {
        var list = circles.ToList();
        var (dz, de) = DemandName(list);
        var rows = new List<object?[]>();
        var geometries = new List<Geometry?>();
        foreach (var c in list)
        {
            foreach (var s in c.Uncovered)
            {
                var name = s.IsRemainder ? $"{s.Settlement.Name}（其余 rest）" : s.Settlement.Name;
                rows.Add([c.Circle.Id, name, s.Village, s.Settlement.Town, s.Status.Id(), s.Population, s.Elderly, FieldText(c),
                    s.Demand - s.CoveredDemand, s.Minutes, Unreachable(s), s.NearestFacilityName]);
                geometries.Add(s.Settlement.Geometry);
            }
        }
        return new ReportTable("uncovered", "未覆盖居民点清单", "Places not covered",
        [
            Circle, new("name", "居民点", "Settlement"), new("village", "所属行政村", "Administrative village"), new("town", "镇/街道", "Town"), new("status", "状态", "Status"),
            new("population", "人口（人）", "Population (people)", ColumnKind.Integer), new("elderly", "老年人口（60岁及以上，人）", "Older people (60+)", ColumnKind.Integer),
            DemandField, new("uncovered_demand", $"未覆盖{dz}", $"Uncovered {de}", ColumnKind.Number),
            new("minutes", "到最近设施（分钟）", "Minutes to nearest", ColumnKind.Number), new("unreachable", "步行不可达原因", "Why not reachable on foot"),
            new("facility", "最近设施", "Nearest facility"),
        ], rows, geometries);
    }

    /// <summary>Town (镇/街道) summaries per circle, then the county row.</summary>
    public static ReportTable Towns(IEnumerable<CircleCoverage> circles)
    {
        var list = circles.ToList();
        var (dz, de) = DemandName(list);
        var rows = new List<object?[]>();
        foreach (var c in list)
            foreach (var t in c.Towns.Append(c.County))
                rows.Add([c.Circle.Id, t.Name, t.Villages.Total, t.Villages.Covered, t.Villages.Partly, t.Villages.Uncovered,
                    t.Settlements, t.Covered, t.Partly, t.Uncovered, t.SettlementShare, FieldText(c), t.Demand, t.CoveredDemand,
                    t.DemandShare, t.TargetPercent / 100, t.TargetMet, t.GapPeople, t.UnreachableDemand, t.MeanMinutes]);
        return new ReportTable("towns", "镇街汇总", "Town summary",
        [
            Circle, new("town", "镇/街道", "Town"), .. VillageColumns, .. PlaceColumns, DemandField,
            new("demand", $"{dz}", $"{de}", ColumnKind.Number), new("covered_demand", $"覆盖{dz}", $"Covered {de}", ColumnKind.Number),
            new("demand_share", $"{dz}覆盖率", $"Share of {de} covered", ColumnKind.Share), new("target", "目标", "Target", ColumnKind.Share),
            new("target_met", "达标", "Target met", ColumnKind.Boolean), new("gap_demand", $"距目标差（{dz}）", $"Gap to target ({de})", ColumnKind.Number),
            new("unreachable_demand", $"步行不可达（{dz}）", $"Cannot reach on foot ({de})", ColumnKind.Number),
            new("mean_minutes", "平均步行时间（分钟）", "Mean minutes", ColumnKind.Number),
        ], rows);
    }

    static readonly ReportColumn[] VillageColumns =
    [
        new("villages", "行政村/社区（个）", "Villages (admin. villages, communities)", ColumnKind.Integer),
        new("villages_covered", "行政村/社区覆盖（个）", "Villages covered", ColumnKind.Integer),
        new("villages_partly", "行政村/社区部分覆盖（个）", "Villages partly covered", ColumnKind.Integer),
        new("villages_uncovered", "行政村/社区未覆盖（个）", "Villages not covered", ColumnKind.Integer),
    ];

    static readonly ReportColumn[] PlaceColumns =
    [
        new("settlements", "居民点（个）", "Settlements (places)", ColumnKind.Integer),
        new("covered", "居民点覆盖（个）", "Settlements covered", ColumnKind.Integer),
        new("partly", "居民点部分覆盖（个）", "Settlements partly covered", ColumnKind.Integer),
        new("uncovered", "居民点未覆盖（个）", "Settlements not covered", ColumnKind.Integer),
        new("settlement_share", "居民点全覆盖率", "Settlements fully covered", ColumnKind.Share),
    ];

    /// <summary>County row and equity measures per circle.</summary>
    public static ReportTable County(IEnumerable<CircleCoverage> circles)
    {
        var list = circles.ToList();
        var (dz, de) = DemandName(list);
        var rows = list.Select(c => new object?[]
        {
            c.Circle.Id, c.Circle.NameZh, c.Computed, StatusNames.Describe(c.CountedStatuses) is var (sz, se) ? $"{sz} / {se}" : null,
            c.County.Villages.Total, c.County.Villages.Covered, c.County.Villages.Partly, c.County.Villages.Uncovered,
            c.County.Settlements, c.County.Covered, c.County.Partly, c.County.Uncovered, c.County.SettlementShare,
            FieldText(c), c.County.Demand, c.County.CoveredDemand, c.County.DemandShare, c.County.TargetPercent / 100, c.County.TargetMet,
            c.County.GapPeople, c.County.UnreachableDemand, c.Equity.UrbanShare, c.Equity.RuralShare, c.Equity.UrbanRuralGapPoints, c.Equity.TownMeanMinutesCv,
            c.Equity.Gini, c.Equity.Theil,
        }).ToList();
        return new ReportTable("county", "全县汇总与均等化", "County summary and equity",
        [
            Circle, new("name", "名称", "Name"), new("computed", "已计算", "Computed", ColumnKind.Boolean),
            new("counted_statuses", "计入的设施状态", "Facility statuses counted"), .. VillageColumns, .. PlaceColumns, DemandField,
            new("demand", $"{dz}", $"{de}", ColumnKind.Number), new("covered_demand", $"覆盖{dz}", $"Covered {de}", ColumnKind.Number),
            new("demand_share", $"{dz}覆盖率", $"Share of {de} covered", ColumnKind.Share),
            new("target", "目标", "Target", ColumnKind.Share), new("target_met", "达标", "Target met", ColumnKind.Boolean),
            new("gap_demand", $"距目标差（{dz}）", $"Gap to target ({de})", ColumnKind.Number),
            new("unreachable_demand", $"步行不可达（{dz}）", $"Cannot reach on foot ({de})", ColumnKind.Number),
            new("urban_share", "城镇覆盖率", "Urban covered", ColumnKind.Share),
            new("rural_share", "农村覆盖率", "Rural covered", ColumnKind.Share), new("urban_rural_gap_points", "城乡差（百分点）", "Urban–rural gap (points)", ColumnKind.Number),
            new("town_minutes_cv", "镇街平均时间变异系数", "CV of town mean minutes", ColumnKind.Number), new("gini", "基尼系数", "Gini", ColumnKind.Number),
            new("theil", "泰尔指数", "Theil", ColumnKind.Number),
        ], rows);
    }

    /// <summary>Places that could not join the network, and every note (what could not be computed).</summary>
    public static ReportTable Problems(AnalysisRegion region, IEnumerable<CircleCoverage> circles)
    {
        var rows = new List<object?[]>();
        var geometries = new List<Geometry?>();
        foreach (var i in region.SnapIssues)
        {
            rows.Add(["", i.Kind == PlaceKind.Facility ? "facility" : "settlement", i.Id, i.Reason.ToString(), i.DistanceMetres, i.DescribeZh, i.DescribeEn]);
            geometries.Add(new Point(i.Lon, i.Lat) { SRID = 4326 });
        }
        foreach (var n in region.Notes)
        {
            rows.Add(["", "input", n.Code, n.Level.ToString(), null, n.Zh, n.En]);
            geometries.Add(null);
        }
        foreach (var c in circles)
            foreach (var n in c.Notes)
            {
                rows.Add([c.Circle.Id, "circle", n.Code, n.Level.ToString(), null, n.Zh, n.En]);
                geometries.Add(null);
            }
        return new ReportTable("problems", "无法计算或需注意的事项", "What could not be computed",
        [
            Circle, new("kind", "对象", "Kind"), new("id", "编号", "Id"), new("reason", "原因", "Reason"),
            new("distance_m", "距路网（米）", "Distance to network (m)", ColumnKind.Number), new("message_zh", "说明", "Message (zh)"),
            new("message_en", "Message", "Message (en)"),
        ], rows, geometries);
    }
}
