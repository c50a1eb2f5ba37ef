using Coverage.Analysis.Capacity;
using Coverage.Core.Domain;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Reports;

/// <summary>
/// Report tables of a circle's capacity analysis (<see cref="CapacityAnalysis"/>): per settlement and per town (with the
/// county last). Headings carry the units: accessibility as capacity per 1,000 of the circle's demand (e.g. 床位/千老年人),
/// served beside covered demand in the demand's own unit.
/// </summary>
public static class CapacityTables
{
    static (string Zh, string En) PerThousand(CapacityAnalysis a) =>
        ($"可达性（{a.Unit.Zh}/千{a.Circle.Demand.UnitZh()}）", $"Accessibility ({a.Unit.En} per 1,000 {a.Circle.Demand.UnitEn()})");

    static string Method(CapacityAnalysis a) => $"{Catchment.LabelZh(a.Method)} / {Catchment.LabelEn(a.Method)}";

    /// <summary>Every settlement of the circle, with geometry. A roll-up (natural_villages &gt; 0) sums its natural villages and remainder.</summary>
    public static ReportTable Settlements(CapacityAnalysis a)
    {
        var (az, ae) = PerThousand(a);
        var (dz, de) = (a.Circle.Demand.NameZh(), a.Circle.Demand.NameEn());
        var rows = a.Settlements.Select(r => new object?[]
        {
            a.Circle.Id, Method(a), r.Settlement.Id, r.Settlement.Name, r.Settlement.Town, r.Village, r.NaturalVillages, r.Demand, r.PerThousand,
            r.CoveredDemand, r.ServedDemand, r.ServedShare, r.FacilitiesInReach, r.OnlyUnknownCapacity,
        }).ToList();
        return new ReportTable("capacity_settlements", "居民点服务容量与可达性", "Settlement service capacity and accessibility",
        [
            new("circle", "服务圈", "Circle"), new("method", "方法", "Method"), new("settlement_id", "编号", "Id"), new("name", "居民点", "Settlement"),
            new("town", "镇/街道", "Town"), new("village", "所属行政村", "Administrative village"),
            new("natural_villages", "汇总自然村数（个）", "Natural villages rolled up", ColumnKind.Integer),
            new("demand", $"{dz}（{a.Circle.Demand.UnitZh()}）", $"{de} ({a.Circle.Demand.UnitEn()})", ColumnKind.Number),
            new("per_thousand", az, ae, ColumnKind.Number),
            new("covered_demand", $"步行范围内{dz}（不计容量）", $"{de} within walk (capacity not counted)", ColumnKind.Number),
            new("served_demand", $"容量可服务{dz}", $"{de} served within capacity", ColumnKind.Number),
            new("served_share", "容量服务比例", "Served share", ColumnKind.Share),
            new("facilities_in_reach", "步行范围内有容量设施（处）", "Facilities with capacity in reach", ColumnKind.Integer),
            new("only_unknown_capacity", "仅可达无容量数据设施", "Reaches only facilities without capacity", ColumnKind.Boolean),
        ], rows, a.Settlements.Select(r => (Geometry?)r.Settlement.Geometry).ToList());
    }

    /// <summary>
    /// A circle's capacity figures as a section of the printable reports (HTML and Word): the town table, and the notes that
    /// name facilities without a capacity and places that reach only such facilities.
    /// </summary>
    public static ReportSection Section(CapacityAnalysis a)
    {
        var towns = Towns(a);
        return new($"{a.Circle.NameZh}：{towns.TitleZh}", $"{a.Circle.NameEn}: {towns.TitleEn}",
            a.Notes.Where(n => n.Code is "no-capacity" or "only-unknown-capacity").Select(n => new ReportText(n.Zh, n.En)).ToList(), [towns]);
    }

    /// <summary>Per town, then the county: demand, covered and served demand, accessibility, and the capacity located there.</summary>
    public static ReportTable Towns(CapacityAnalysis a)
    {
        var (az, ae) = PerThousand(a);
        var (dz, de) = (a.Circle.Demand.NameZh(), a.Circle.Demand.NameEn());
        var rows = a.Towns.Append(a.County).Select(t => new object?[]
        {
            a.Circle.Id, Method(a), t.Name, t.Settlements, t.Demand, t.CoveredDemand, t.CoveredShare, t.ServedDemand, t.ServedShare, t.PerThousand, t.Capacity,
        }).ToList();
        return new ReportTable("capacity_towns", "各镇服务容量", "Service capacity by town",
        [
            new("circle", "服务圈", "Circle"), new("method", "方法", "Method"), new("town", "镇/街道", "Town"),
            new("settlements", "居民点（个）", "Settlements", ColumnKind.Integer),
            new("demand", $"{dz}（{a.Circle.Demand.UnitZh()}）", $"{de} ({a.Circle.Demand.UnitEn()})", ColumnKind.Number),
            new("covered_demand", $"步行范围内{dz}（不计容量）", $"{de} within walk (capacity not counted)", ColumnKind.Number),
            new("covered_share", "覆盖比例（不计容量）", "Covered share (capacity not counted)", ColumnKind.Share),
            new("served_demand", $"容量可服务{dz}", $"{de} served within capacity", ColumnKind.Number),
            new("served_share", "容量服务比例", "Served share", ColumnKind.Share),
            new("per_thousand", az, ae, ColumnKind.Number),
            new("capacity", $"镇内设施容量（{a.Unit.Zh}）", $"Capacity located in the town ({a.Unit.En})", ColumnKind.Number),
        ], rows);
    }
}
