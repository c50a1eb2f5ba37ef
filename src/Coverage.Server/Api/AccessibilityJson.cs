using Coverage.Analysis.Capacity;
using Coverage.Core.Domain;

namespace Coverage.Server.Api;

/// <summary>
/// /api/accessibility (docs/API.md): a nearest circle's capacity figures. Accessibility is per 1,000 of the circle's demand,
/// its unit spelled out (e.g. 床位/千名老年人(60+)); served demand beside the covered (uncapacitated) demand, which is the
/// coverage figure itself.
/// </summary>
public static class AccessibilityJson
{
    public sealed record CircleRef(string Id, string NameZh, string NameEn, double Minutes, string Profile);
    public sealed record Method(string Id, string NameZh, string NameEn, string Weight);
    public sealed record SettlementRow(string Id, string Name, string Town, string? Village, double Demand, double PerThousand,
        double CoveredDemand, double ServedDemand, double? ServedShare, int FacilitiesInReach, bool OnlyUnknownCapacity, int NaturalVillages);
    public sealed record FacilityRow(string Id, string Name, string? Town, int Capacity, double WeightedDemand, double? RatioPerThousand,
        int Settlements, double Assigned);
    public sealed record AreaRow(string Name, int Settlements, double Demand, double CoveredDemand, double ServedDemand,
        double? CoveredShare, double? ServedShare, double? PerThousand, double Capacity);
    public sealed record WithoutCapacity(int Count, IReadOnlyList<string> Ids);
    public sealed record Accessibility(CircleRef Circle, Method Method, string Demand, CoverageJson.Unit DemandUnit,
        CoverageJson.Unit CapacityUnit, CoverageJson.Unit AccessibilityUnit, IReadOnlyList<SettlementRow> Settlements,
        IReadOnlyList<FacilityRow> Facilities, WithoutCapacity WithoutCapacity, IReadOnlyList<AreaRow> Towns, AreaRow County,
        IReadOnlyList<CoverageJson.Note> Notes, double SearchMilliseconds);

    /// <summary>The accessibility unit, e.g. 床位/千名老年人(60+) · places per 1,000 older people (60+).</summary>
    public static CoverageJson.Unit PerThousandUnit(CapacityAnalysis a) =>
        new($"{a.Unit.Zh}/千{a.Circle.Demand.UnitZh()}", $"{a.Unit.En} per 1,000 {a.Circle.Demand.UnitEn()}");

    public static Accessibility Of(CapacityAnalysis a)
    {
        var c = a.Circle;
        return new Accessibility(
            new CircleRef(c.Id, c.NameZh, c.NameEn, c.Minutes, c.Profile),
            new Method(Catchment.Name(a.Method), Catchment.LabelZh(a.Method), Catchment.LabelEn(a.Method),
                a.Method == CatchmentMethod.TwoStep ? "w(t) = 1 for t ≤ T, else 0" : "w(t) = (exp(-(t/T)²/2) - exp(-1/2)) / (1 - exp(-1/2)) for t ≤ T, else 0"),
            c.Demand.Id(), CoverageJson.UnitOf(c.Demand), new CoverageJson.Unit(a.Unit.Zh, a.Unit.En), PerThousandUnit(a),
            a.Settlements.Select(r => new SettlementRow(r.Settlement.Id, r.Settlement.Name, r.Settlement.Town, r.Village, R(r.Demand),
                R(r.PerThousand, 4), R(r.CoveredDemand), R(r.ServedDemand), R(r.ServedShare, 4), r.FacilitiesInReach, r.OnlyUnknownCapacity,
                r.NaturalVillages)).ToList(),
            a.Facilities.Select(f => new FacilityRow(f.Facility.Id, f.Facility.Name, f.Town, f.Capacity, R(f.WeightedDemand),
                R(f.RatioPerThousand, 4), f.Settlements, R(f.Assigned))).ToList(),
            new WithoutCapacity(a.WithoutCapacity.Count, a.WithoutCapacity),
            a.Towns.Select(Area).ToList(), Area(a.County), CoverageJson.Notes(a.Notes), Math.Round(a.SearchMilliseconds, 1));
    }

    static AreaRow Area(AreaAccessibility t) => new(t.Name, t.Settlements, R(t.Demand), R(t.CoveredDemand), R(t.ServedDemand),
        R(t.CoveredShare, 4), R(t.ServedShare, 4), R(t.PerThousand, 4), t.Capacity);

    static double R(double v, int digits = 2) => Math.Round(v, digits);
    static double? R(double? v, int digits = 2) => v is null ? null : Math.Round(v.Value, digits);
}
