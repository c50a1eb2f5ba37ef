using Coverage.Analysis.Circles;

namespace Coverage.Analysis.WhatIf;

/// <summary>
/// A place whose coverage changed in a what-if: a natural village, a community, a village scored on its own, or the
/// remainder of an administrative village (people in none of its natural villages) — each person once, never a
/// natural village and its administrative village's roll-up side by side. People are the place's own.
/// </summary>
public sealed record SettlementChange(string SettlementId, string Name, string Town,
    CoverageStatus Before, CoverageStatus After, double? MinutesBefore, double? MinutesAfter, double CoveredDemandDelta,
    double Population, double Elderly, double Demand, bool Remainder, string? Village);

/// <summary>A circle's coverage before and after adding or removing facilities, and what changed.</summary>
public sealed record WhatIfResult
{
    public required CircleCoverage Before { get; init; }
    public required CircleCoverage After { get; init; }
    /// <summary>Places whose status, minutes or covered demand changed (largest demand change first).</summary>
    public required IReadOnlyList<SettlementChange> Changes { get; init; }
    public double CoveredDemandDelta { get; init; }
    public double CoveredPopulationDelta { get; init; }
    public double CoveredElderlyDelta { get; init; }
    /// <summary>Change of the county's covered demand share, in percentage points.</summary>
    public double DemandSharePointsDelta { get; init; }
    public int FullyCoveredSettlementsDelta { get; init; }
    public required IReadOnlyList<AnalysisNote> Notes { get; init; }

    internal static WhatIfResult Compare(CircleCoverage before, CircleCoverage after, IReadOnlyList<AnalysisNote> notes)
    {
        var changes = new List<SettlementChange>();
        var (placesBefore, placesAfter) = (before.Places.ToList(), after.Places.ToList());
        for (int i = 0; i < Math.Min(placesBefore.Count, placesAfter.Count); i++)
        {
            var (b, a) = (placesBefore[i], placesAfter[i]);
            if (a.IsRemainder && a.Demand <= 0 && a.Population <= 0) continue; // nobody lives there but in its natural villages
            bool minutesChanged = b.Minutes is { } mb && a.Minutes is { } ma ? Math.Abs(mb - ma) > 1e-6 : b.Minutes != a.Minutes;
            if (b.Status == a.Status && !minutesChanged && Math.Abs(b.CoveredDemand - a.CoveredDemand) < 1e-9) continue;
            changes.Add(new SettlementChange(a.Settlement.Id, a.Settlement.Name, a.Settlement.Town, b.Status, a.Status,
                b.Minutes, a.Minutes, a.CoveredDemand - b.CoveredDemand, a.Population, a.Elderly, a.Demand, a.IsRemainder,
                a.Village));
        }
        return new WhatIfResult
        {
            Before = before,
            After = after,
            Changes = changes.OrderByDescending(c => Math.Abs(c.CoveredDemandDelta)).ThenBy(c => c.Name, StringComparer.Ordinal).ToList(),
            CoveredDemandDelta = after.County.CoveredDemand - before.County.CoveredDemand,
            CoveredPopulationDelta = after.County.CoveredPopulation - before.County.CoveredPopulation,
            CoveredElderlyDelta = after.County.CoveredElderly - before.County.CoveredElderly,
            DemandSharePointsDelta = ((after.County.DemandShare ?? 0) - (before.County.DemandShare ?? 0)) * 100,
            FullyCoveredSettlementsDelta = after.County.Covered - before.County.Covered,
            Notes = notes,
        };
    }
}
