using Coverage.Analysis.Circles;
using Coverage.Analysis.Region;
using Coverage.Core.Domain;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Reports;

/// <summary>The report's tables built from circle coverages.</summary>
public static class CoverageTables
{
    static readonly ReportColumn Circle = new("circle", "服务圈", "Circle");

    public static string StatusZh(CoverageStatus s) => s switch { CoverageStatus.Covered => "覆盖", CoverageStatus.Partly => "部分覆盖", _ => "未覆盖" };
    public static string StatusId(CoverageStatus s) => s switch { CoverageStatus.Covered => "covered", CoverageStatus.Partly => "partly", _ => "uncovered" };

    /// <summary>
    /// Every settlement under every circle (with geometry). An administrative village with natural villages is their
    /// roll-up (natural_villages &gt; 0): sum people over the rows with natural_villages = 0, or use the towns table.
    /// </summary>
    public static ReportTable Settlements(IEnumerable<CircleCoverage> circles)
    {
        var rows = new List<object?[]>();
        var geometries = new List<Geometry?>();
        foreach (var c in circles)
            foreach (var s in c.Settlements)
            {
                rows.Add([c.Circle.Id, s.Settlement.Id, s.Settlement.Name, s.Settlement.Town, s.Settlement.Kind.ToId(), s.Settlement.ParentId,
                    s.NaturalVillages, StatusId(s.Status), s.Minutes, s.NearestFacilityId, s.NearestFacilityName, s.CoveredShare, s.Population,
                    s.Elderly, s.CoveredPopulation, s.CoveredElderly, s.OffNetwork, s.NoPopulation]);
                geometries.Add(s.Settlement.Geometry);
            }
        return new ReportTable("settlements", "居民点覆盖明细", "Settlement coverage",
        [
            Circle, new("settlement_id", "编号", "Id"), new("name", "居民点", "Settlement"), new("town", "镇/街道", "Town"),
            new("kind", "类型", "Kind"), new("parent_id", "所属行政村编号", "Administrative village id"),
            new("natural_villages", "汇总自然村数", "Natural villages rolled up", ColumnKind.Integer), new("status", "状态", "Status"), new("minutes", "最近设施（分钟）", "Minutes to nearest", ColumnKind.Number),
            new("facility_id", "最近设施编号", "Nearest facility id"), new("facility", "最近设施", "Nearest facility"),
            new("covered_share", "覆盖比例", "Covered share", ColumnKind.Share), new("population", "人口", "Population", ColumnKind.Integer),
            new("elderly", "老年人口", "Elderly", ColumnKind.Integer), new("covered_population", "覆盖人口", "Covered population", ColumnKind.Number),
            new("covered_elderly", "覆盖老年人口", "Covered elderly", ColumnKind.Number), new("off_network", "不在路网上", "Off network", ColumnKind.Boolean),
            new("no_population", "无人口数据", "No population", ColumnKind.Boolean),
        ], rows, geometries);
    }

    /// <summary>
    /// The uncovered list: places not fully covered, worst first, per circle. Natural villages stand for their
    /// administrative village (named beside them); a village's people in none of them appear as its remainder.
    /// </summary>
    public static ReportTable Uncovered(IEnumerable<CircleCoverage> circles)
    {
        var rows = new List<object?[]>();
        var geometries = new List<Geometry?>();
        foreach (var c in circles)
        {
            var names = c.Settlements.ToDictionary(s => s.Settlement.Id, s => s.Settlement.Name, StringComparer.Ordinal);
            foreach (var s in c.Uncovered)
            {
                var name = s.IsRemainder ? $"{s.Settlement.Name}（其余 rest）" : s.Settlement.Name;
                var village = s.Settlement.ParentId is { } p && names.TryGetValue(p, out var n) ? n : null;
                rows.Add([c.Circle.Id, name, village, s.Settlement.Town, StatusId(s.Status), s.Population, s.Elderly,
                    s.Demand - s.CoveredDemand, s.Minutes, s.NearestFacilityName]);
                geometries.Add(s.Settlement.Geometry);
            }
        }
        return new ReportTable("uncovered", "未覆盖居民点清单", "Settlements left out",
        [
            Circle, new("name", "居民点", "Settlement"), new("village", "所属行政村", "Administrative village"), new("town", "镇/街道", "Town"), new("status", "状态", "Status"),
            new("population", "人口", "Population", ColumnKind.Integer), new("elderly", "老年人口", "Elderly", ColumnKind.Integer),
            new("uncovered_demand", "未覆盖人数", "Uncovered people", ColumnKind.Number),
            new("minutes", "最近设施（分钟）", "Minutes to nearest", ColumnKind.Number), new("facility", "最近设施", "Nearest facility"),
        ], rows, geometries);
    }

    /// <summary>Town (镇/街道) summaries per circle, then the county row.</summary>
    public static ReportTable Towns(IEnumerable<CircleCoverage> circles)
    {
        var rows = new List<object?[]>();
        foreach (var c in circles)
            foreach (var t in c.Towns.Append(c.County))
                rows.Add([c.Circle.Id, t.Name, t.Settlements, t.Covered, t.Partly, t.Uncovered, t.SettlementShare, t.Demand, t.CoveredDemand,
                    t.DemandShare, t.TargetPercent / 100, t.TargetMet, t.GapPeople, t.MeanMinutes]);
        return new ReportTable("towns", "镇街汇总", "Town summary",
        [
            Circle, new("town", "镇/街道", "Town"), new("settlements", "居民点数", "Settlements", ColumnKind.Integer),
            new("covered", "覆盖", "Covered", ColumnKind.Integer), new("partly", "部分覆盖", "Partly", ColumnKind.Integer),
            new("uncovered", "未覆盖", "Uncovered", ColumnKind.Integer), new("settlement_share", "居民点覆盖率", "Settlements covered", ColumnKind.Share),
            new("demand", "需求人数", "Demand", ColumnKind.Number), new("covered_demand", "覆盖人数", "Covered", ColumnKind.Number),
            new("demand_share", "人口覆盖率", "People covered", ColumnKind.Share), new("target", "目标", "Target", ColumnKind.Share),
            new("target_met", "达标", "Target met", ColumnKind.Boolean), new("gap_people", "差距（人）", "Gap (people)", ColumnKind.Number),
            new("mean_minutes", "平均步行时间（分钟）", "Mean minutes", ColumnKind.Number),
        ], rows);
    }

    /// <summary>County row and equity measures per circle.</summary>
    public static ReportTable County(IEnumerable<CircleCoverage> circles)
    {
        var rows = circles.Select(c => new object?[]
        {
            c.Circle.Id, c.Circle.NameZh, c.Computed, c.County.SettlementShare, c.County.DemandShare, c.County.TargetPercent / 100, c.County.TargetMet,
            c.County.GapPeople, c.Equity.UrbanShare, c.Equity.RuralShare, c.Equity.UrbanRuralGapPoints, c.Equity.TownMeanMinutesCv, c.Equity.Gini, c.Equity.Theil,
        }).ToList();
        return new ReportTable("county", "全县汇总与均等化", "County summary and equity",
        [
            Circle, new("name", "名称", "Name"), new("computed", "已计算", "Computed", ColumnKind.Boolean),
            new("settlement_share", "居民点覆盖率", "Settlements covered", ColumnKind.Share), new("demand_share", "人口覆盖率", "People covered", ColumnKind.Share),
            new("target", "目标", "Target", ColumnKind.Share), new("target_met", "达标", "Target met", ColumnKind.Boolean),
            new("gap_people", "差距（人）", "Gap (people)", ColumnKind.Number), new("urban_share", "城镇覆盖率", "Urban covered", ColumnKind.Share),
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
