using Coverage.Analysis;
using Coverage.Analysis.Circles;
using Coverage.Analysis.Isochrones;
using Coverage.Analysis.Region;
using Coverage.Analysis.Siting;
using Coverage.Analysis.WhatIf;
using Coverage.Core.Domain;
using NetTopologySuite.Features;

namespace Coverage.Server.Api;

/// <summary>
/// The coverage, uncovered, what-if and isochrone bodies of docs/API.md: projections of the one Coverage.Analysis
/// result, never a recount. Shares are 0–1. Every demand figure travels with its field and unit (人 / 老年人(60+)):
/// <c>demand*</c>, <c>coveredDemand</c>, <c>shareDemand</c>, <c>gapDemand</c> count the circle's demand field;
/// <c>population*</c> and <c>elderly*</c> always count people and older people.
/// </summary>
public static class CoverageJson
{
    public sealed record Unit(string Zh, string En);
    public sealed record Counts(int Total, int Covered, int Partly, int Uncovered);
    public sealed record Status(string Id, string Zh, string En);
    /// <summary>A town or the county. villages: top-level villages (administrative villages rolled up, communities; 个行政村/社区);
    /// settlements..uncovered: places scored on their own (个居民点).</summary>
    public sealed record Area(string Name, Counts Villages, int Settlements, int Covered, int Partly, int Uncovered,
        double Population, double CoveredPopulation, double Elderly, double CoveredElderly,
        string Demand, Unit DemandUnit, double DemandTotal, double CoveredDemand, double? ShareDemand, double? ShareSettlements,
        double TargetPercent, bool Met, double GapDemand, double UnreachableDemand, double? MeanMinutes);
    public sealed record Unsnapped(string Id, string Name, string Kind, string Reason, double Metres, bool Excluded, string Zh, string En);
    public sealed record EquityView(double? UrbanShare, double? RuralShare, double? Gap, double? TownMinutesCv, double? Gini, double? Theil);
    public sealed record Note(string Level, string Code, string Zh, string En);
    public sealed record CoverageView(CircleStandard Circle, bool Computed, Area County, IReadOnlyList<Area> Towns, FeatureCollection Settlements,
        IReadOnlyList<Unsnapped> Unsnapped, EquityView Equity, IReadOnlyList<Status> CountedStatuses, IReadOnlyList<Note> Notes);
    /// <summary>A place outside the circle. Remainder: the people of an administrative village in none of its natural villages.
    /// Minutes to the nearest facility however far; null only when it cannot be reached on foot (then unreachable says why).</summary>
    public sealed record UncoveredRow(string Id, string Name, string Town, string? Village, double Population, double Elderly,
        string Demand, Unit DemandUnit, double DemandTotal, double UncoveredDemand, double? Minutes, string? Unreachable, string? UnreachableZh,
        string? UnreachableEn, string Status, bool Remainder, double Lon, double Lat);
    public sealed record ChangedSettlement(string Id, string Name, string Town, string? Village, double Population, double Elderly,
        double DemandTotal, double CoveredDemandDelta, bool Remainder, string Before, string After, double? MinutesBefore, double? MinutesAfter);
    public sealed record TownChange(string Town, Area? Before, Area? After);
    public sealed record WhatIfView(CircleStandard Circle, string Demand, Unit DemandUnit, Area Before, Area After, double DeltaPopulation,
        double DeltaElderly, double DeltaDemand, double DeltaSharePoints, IReadOnlyList<ChangedSettlement> NewlyCovered,
        IReadOnlyList<ChangedSettlement> NewlyUncovered, IReadOnlyList<ChangedSettlement> Changed, IReadOnlyList<TownChange> Towns,
        IReadOnlyList<Status> CountedStatuses, IReadOnlyList<Note> Notes);

    /// <summary>A settlement row fully covered under one side of a comparison and not the other (status ids as in coverage).</summary>
    public sealed record ShiftedSettlement(string Id, string Name, string Town, string? Village, bool TopLevel, bool Place, string StatusA,
        string StatusB, double CoveredPopulationDelta, double CoveredDemandDelta);
    /// <summary>Scenario B against A for one circle: county and towns (Coverage.Analysis AreaDelta), with the demand field and unit.</summary>
    public sealed record CircleComparison(CircleStandard Circle, string Demand, Unit DemandUnit, AreaDelta County, IReadOnlyList<AreaDelta> Towns,
        IReadOnlyList<ShiftedSettlement> Gained, IReadOnlyList<ShiftedSettlement> Lost);

    public static CircleComparison Comparison(CircleDelta d)
    {
        static ShiftedSettlement Row(SettlementShift s) => new(s.Id, s.Name, s.Town, s.Village, s.TopLevel, s.Place, s.A.Id(), s.B.Id(),
            Math.Round(s.CoveredPopulationDelta, 2), Math.Round(s.CoveredDemandDelta, 2));
        return new(d.Circle, d.Circle.Demand.Id(), UnitOf(d.Circle.Demand), d.County, d.Towns, d.Gained.Select(Row).ToList(), d.Lost.Select(Row).ToList());
    }

    public static Unit UnitOf(DemandField field) => new(field.UnitZh(), field.UnitEn());

    public static IReadOnlyList<Status> Statuses(IEnumerable<FacilityStatus> statuses) =>
        statuses.Select(s => new Status(s.ToId(), s.NameZh(), s.NameEn())).ToList();

    public static Area AreaOf(AreaCoverage a, DemandField field) => new(a.Name,
        new Counts(a.Villages.Total, a.Villages.Covered, a.Villages.Partly, a.Villages.Uncovered), a.Settlements, a.Covered, a.Partly, a.Uncovered,
        a.Population, a.CoveredPopulation, a.Elderly, a.CoveredElderly, field.Id(), UnitOf(field), a.Demand, a.CoveredDemand, a.DemandShare,
        a.SettlementShare, a.TargetPercent, a.TargetMet, a.GapPeople, a.UnreachableDemand, a.MeanMinutes);

    public static Area CountyOf(CircleCoverage c) => AreaOf(c.County, c.Circle.Demand);

    internal static IReadOnlyList<Note> Notes(IEnumerable<AnalysisNote> notes) =>
        notes.Select(n => new Note(n.Level.ToString().ToLowerInvariant(), n.Code, n.Zh, n.En)).ToList();

    /// <summary>One settlement row under a circle as a Feature: its own people and demand, status and minutes (the coverage
    /// answer's features and the map's viewport features alike).</summary>
    public static Feature SettlementFeature(SettlementCoverage s) => new(s.Settlement.Geometry, new AttributesTable
    {
        { "id", s.Settlement.Id }, { "name", s.Settlement.Name }, { "town", s.Settlement.Town }, { "kind", s.Settlement.Kind.ToId() },
        { "parentId", s.RolledUp ? s.Settlement.ParentId : null }, { "naturalVillages", s.NaturalVillages },
        { "population", Math.Round(s.Population, 2) }, { "elderly", Math.Round(s.Elderly, 2) },
        { "demandTotal", Math.Round(s.Demand, 2) }, { "coveredDemand", Math.Round(s.CoveredDemand, 2) },
        { "minutes", Round(s.Minutes) }, { "unreachable", s.Unreachable?.Id() },
        { "status", s.Status.Id() }, { "coveredShare", Math.Round(s.CoveredShare, 4) },
        { "nearestFacilityId", s.NearestFacilityId }, { "nearestFacilityName", s.NearestFacilityName },
    });

    /// <summary>Each row's own people: a roll-up's are its natural villages' plus its remainder, as every sum and file counts them.</summary>
    /// <param name="withSettlements">False: the county, towns and notes only, the settlements and unsnapped lists empty (a
    /// province's page reads its settlements by viewport, /api/map/settlements: 182 k features and 17 MB of unsnapped samples
    /// per circle are not for a browser).</param>
    public static CoverageView Coverage(CircleCoverage c, bool withSettlements = true)
    {
        var settlements = new FeatureCollection();
        if (withSettlements)
            foreach (var s in c.Settlements) settlements.Add(SettlementFeature(s));
        var unsnapped = c.Unsnapped.Where(_ => withSettlements).Select(u => new Unsnapped(u.Id, u.Name, u.Kind == PlaceKind.Facility ? "facility" : "settlement",
            u.Reason.ToString(), Math.Round(u.DistanceMetres, 1), u.Excluded, u.DescribeZh, u.DescribeEn)).ToList();
        var e = c.Equity;
        return new(c.Circle, c.Computed, CountyOf(c), c.Towns.Select(t => AreaOf(t, c.Circle.Demand)).ToList(), settlements, unsnapped,
            new EquityView(e.UrbanShare, e.RuralShare, e.UrbanRuralGapPoints, e.TownMeanMinutesCv, e.Gini, e.Theil),
            Statuses(c.CountedStatuses), Notes(c.Notes));
    }

    /// <summary>
    /// Rows for the circle's uncovered places (<see cref="CircleCoverage.Uncovered"/>: each person once, natural villages not
    /// again in their administrative village, most uncovered demand first), or the first of them, in their order.
    /// </summary>
    public static IReadOnlyList<UncoveredRow> Uncovered(CircleCoverage c, IEnumerable<SettlementCoverage> places)
    {
        var field = c.Circle.Demand;
        return places.Select(s =>
        {
            var p = s.Settlement.Geometry.InteriorPoint;
            return new UncoveredRow(s.Settlement.Id, s.Settlement.Name, s.Settlement.Town, s.Village, s.Population, s.Elderly, field.Id(), UnitOf(field),
                Math.Round(s.Demand, 2), Math.Round(s.Demand - s.CoveredDemand, 1), Round(s.Minutes), s.Unreachable?.Id(),
                s.Unreachable?.Zh(s.OffNetworkMetres), s.Unreachable?.En(s.OffNetworkMetres), s.Status.Id(), s.IsRemainder,
                Math.Round(p.X, 6), Math.Round(p.Y, 6));
        }).ToList();
    }

    public static WhatIfView WhatIf(WhatIfResult r)
    {
        ChangedSettlement Row(SettlementChange c) => new(c.SettlementId, c.Name, c.Town, c.Village, c.Population, c.Elderly, Math.Round(c.Demand, 2),
            Math.Round(c.CoveredDemandDelta, 2), c.Remainder, c.Before.Id(), c.After.Id(), Round(c.MinutesBefore), Round(c.MinutesAfter));
        var field = r.After.Circle.Demand;
        var before = r.Before.Towns.ToDictionary(t => t.Name);
        var towns = r.After.Towns.Select(t => new TownChange(t.Name, before.TryGetValue(t.Name, out var b) ? AreaOf(b, field) : null, AreaOf(t, field))).ToList();
        return new(r.After.Circle, field.Id(), UnitOf(field), CountyOf(r.Before), CountyOf(r.After), r.CoveredPopulationDelta, r.CoveredElderlyDelta,
            r.CoveredDemandDelta, r.DemandSharePointsDelta,
            r.Changes.Where(c => c.After == CoverageStatus.Covered && c.Before != CoverageStatus.Covered).Select(Row).ToList(),
            r.Changes.Where(c => c.Before == CoverageStatus.Covered && c.After != CoverageStatus.Covered).Select(Row).ToList(),
            r.Changes.Select(Row).ToList(), towns, Statuses(r.After.CountedStatuses), Notes(r.Notes));
    }

    public static FeatureCollection Isochrone(IsochroneResult r)
    {
        var fc = new FeatureCollection();
        foreach (var b in r.Bands)
            fc.Add(new Feature(b.Ring, new AttributesTable
            {
                { "minutes", b.ToMinutes }, { "fromMinutes", b.FromMinutes }, { "areaKm2", Math.Round(b.AreaKm2, 4) },
                { "population", Math.Round(b.Population) }, { "elderly", Math.Round(b.Elderly) }, { "settlements", b.SettlementIds.Count },
                { "settlementIds", b.SettlementIds }, { "profile", r.Profile }, { "facilityId", r.FacilityId },
                { "toleranceM", Math.Round(r.ToleranceMetres, 1) },
            }));
        return fc;
    }

    static double? Round(double? minutes) => minutes is { } m ? Math.Round(m, 2) : null;
}
