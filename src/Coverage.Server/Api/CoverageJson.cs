using Coverage.Analysis;
using Coverage.Analysis.Circles;
using Coverage.Analysis.Isochrones;
using Coverage.Analysis.Region;
using Coverage.Analysis.WhatIf;
using Coverage.Core.Domain;
using NetTopologySuite.Features;

namespace Coverage.Server.Api;

/// <summary>The coverage, uncovered, what-if and isochrone bodies of docs/API.md, from Coverage.Analysis results. Shares are 0–1.</summary>
public static class CoverageJson
{
    public sealed record County(int Settlements, int Covered, int Partly, int Uncovered, double Population, double CoveredPopulation,
        double Elderly, double CoveredElderly, string Demand, double? SharePopulation, double? ShareSettlements, double TargetPercent,
        bool Met, double GapPeople, double? MeanMinutes);
    public sealed record TownRow(string Town, int Settlements, int Covered, int Partly, int Uncovered, double Population, double CoveredPopulation,
        double Elderly, double CoveredElderly, double? Share, double? MeanMinutes, bool Met);
    public sealed record Unsnapped(string Id, string Name, string Kind, string Reason, double Metres);
    public sealed record EquityView(double? UrbanShare, double? RuralShare, double? Gap, double? TownMinutesCv, double? Gini, double? Theil);
    public sealed record Note(string Level, string Code, string Zh, string En);
    public sealed record CoverageView(CircleStandard Circle, bool Computed, County County, IReadOnlyList<TownRow> Towns, FeatureCollection Settlements,
        IReadOnlyList<Unsnapped> Unsnapped, EquityView Equity, double SearchLimitMinutes, IReadOnlyList<Note> Notes);
    /// <summary>A place outside the circle. Remainder: the people of an administrative village in none of its natural villages.</summary>
    public sealed record UncoveredRow(string Id, string Name, string Town, double Population, double Elderly, double UncoveredDemand,
        double? Minutes, string Status, bool Remainder, double Lon, double Lat);
    public sealed record ChangedSettlement(string Id, string Name, string Town, double Population, string Before, string After,
        double? MinutesBefore, double? MinutesAfter);
    public sealed record TownChange(string Town, TownRow? Before, TownRow? After);
    public sealed record WhatIfView(CircleStandard Circle, County Before, County After, double DeltaPopulation, double DeltaElderly,
        double DeltaDemand, double DeltaSharePoints, IReadOnlyList<ChangedSettlement> NewlyCovered, IReadOnlyList<ChangedSettlement> NewlyUncovered,
        IReadOnlyList<ChangedSettlement> Changed, IReadOnlyList<TownChange> Towns, IReadOnlyList<Note> Notes);

    static string Status(CoverageStatus s) => s switch { CoverageStatus.Covered => "covered", CoverageStatus.Partly => "partly", _ => "uncovered" };

    public static County CountyOf(CircleCoverage c)
    {
        var k = c.County;
        return new(k.Settlements, k.Covered, k.Partly, k.Uncovered, k.Population, k.CoveredPopulation, k.Elderly, k.CoveredElderly,
            c.Circle.Demand == DemandField.Elderly ? "elderly" : "population", k.DemandShare, k.SettlementShare, k.TargetPercent, k.TargetMet,
            k.GapPeople, k.MeanMinutes);
    }

    static TownRow TownOf(AreaCoverage t) => new(t.Name, t.Settlements, t.Covered, t.Partly, t.Uncovered, t.Population, t.CoveredPopulation,
        t.Elderly, t.CoveredElderly, t.DemandShare, t.MeanMinutes, t.TargetMet);

    static IReadOnlyList<Note> Notes(IEnumerable<AnalysisNote> notes) =>
        notes.Select(n => new Note(n.Level.ToString().ToLowerInvariant(), n.Code, n.Zh, n.En)).ToList();

    public static CoverageView Coverage(CircleCoverage c)
    {
        var settlements = new FeatureCollection();
        foreach (var s in c.Settlements)
            settlements.Add(new Feature(s.Settlement.Geometry, new AttributesTable
            {
                { "id", s.Settlement.Id }, { "name", s.Settlement.Name }, { "town", s.Settlement.Town }, { "kind", s.Settlement.Kind.ToId() },
                { "population", s.Settlement.Population }, { "elderly", s.Settlement.Elderly }, { "minutes", Round(s.Minutes) },
                { "status", Status(s.Status) }, { "coveredShare", Math.Round(s.CoveredShare, 4) },
                { "nearestFacilityId", s.NearestFacilityId }, { "nearestFacilityName", s.NearestFacilityName },
            }));
        var unsnapped = c.Unsnapped.Select(u => new Unsnapped(u.Id, u.Name, u.Kind == PlaceKind.Facility ? "facility" : "settlement",
            u.Reason.ToString(), Math.Round(u.DistanceMetres, 1))).ToList();
        var e = c.Equity;
        return new(c.Circle, c.Computed, CountyOf(c), c.Towns.Select(TownOf).ToList(), settlements, unsnapped,
            new EquityView(e.UrbanShare, e.RuralShare, e.UrbanRuralGapPoints, e.TownMeanMinutesCv, e.Gini, e.Theil), c.SearchLimitMinutes,
            Notes(c.Notes));
    }

    /// <summary>Each person once (natural villages, not again in their administrative village), most uncovered demand first.</summary>
    public static IReadOnlyList<UncoveredRow> Uncovered(CircleCoverage c) =>
        c.Uncovered.Select(s =>
        {
            var p = s.Settlement.Geometry.InteriorPoint;
            return new UncoveredRow(s.Settlement.Id, s.Settlement.Name, s.Settlement.Town, s.Population, s.Elderly,
                Math.Round(s.Demand - s.CoveredDemand, 1), Round(s.Minutes), Status(s.Status), s.IsRemainder, Math.Round(p.X, 6), Math.Round(p.Y, 6));
        }).ToList();

    public static WhatIfView WhatIf(WhatIfResult r)
    {
        var population = r.After.Settlements.ToDictionary(s => s.Settlement.Id, s => (double)s.Settlement.Population);
        ChangedSettlement Row(SettlementChange c) => new(c.SettlementId, c.Name, c.Town, population.GetValueOrDefault(c.SettlementId),
            Status(c.Before), Status(c.After), Round(c.MinutesBefore), Round(c.MinutesAfter));
        var before = r.Before.Towns.ToDictionary(t => t.Name);
        var towns = r.After.Towns.Select(t => new TownChange(t.Name, before.TryGetValue(t.Name, out var b) ? TownOf(b) : null, TownOf(t))).ToList();
        return new(r.After.Circle, CountyOf(r.Before), CountyOf(r.After), r.CoveredPopulationDelta, r.CoveredElderlyDelta, r.CoveredDemandDelta,
            r.DemandSharePointsDelta,
            r.Changes.Where(c => c.After == CoverageStatus.Covered && c.Before != CoverageStatus.Covered).Select(Row).ToList(),
            r.Changes.Where(c => c.Before == CoverageStatus.Covered && c.After != CoverageStatus.Covered).Select(Row).ToList(),
            r.Changes.Select(Row).ToList(), towns, Notes(r.Notes));
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
            }));
        return fc;
    }

    static double? Round(double? minutes) => minutes is { } m ? Math.Round(m, 2) : null;
}
