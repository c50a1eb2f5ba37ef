using Coverage.Analysis.Region;
using Coverage.Core.Domain;

namespace Coverage.Analysis.Circles;

public enum CoverageStatus
{
    /// <summary>Every sample point of the settlement is within the limit.</summary>
    Covered,
    /// <summary>Some but not all sample points are within the limit.</summary>
    Partly,
    Uncovered,
}

/// <summary>
/// One settlement under one circle. Minutes are to the nearest counted facility (composite: the slowest of the
/// categories' nearest) from the settlement's best-served sample; null when beyond the search limit or off the network.
/// </summary>
public sealed record SettlementCoverage
{
    public required Settlement Settlement { get; init; }
    public required CoverageStatus Status { get; init; }
    /// <summary>Minutes from the settlement's best-served sample (presence: 0 when a facility is inside).</summary>
    public double? Minutes { get; init; }
    /// <summary>Demand-weighted mean minutes over the samples (unreached samples at the search limit); null when none reached.</summary>
    public double? MeanMinutes { get; init; }
    public string? NearestFacilityId { get; init; }
    public string? NearestFacilityName { get; init; }
    /// <summary>Share (0–1) of the settlement's samples within the limit.</summary>
    public double CoveredShare { get; init; }
    /// <summary>People of this row, each counted once: a roll-up's natural villages plus its remainder.</summary>
    public double Population { get; init; }
    public double Elderly { get; init; }
    public double CoveredPopulation { get; init; }
    public double CoveredElderly { get; init; }
    /// <summary>Demand of the circle's field (population or elderly).</summary>
    public double Demand { get; init; }
    public double CoveredDemand { get; init; }
    public int Samples { get; init; }
    /// <summary>No sample joined the network: the status is only what presence inside the polygon can give.</summary>
    public bool OffNetwork { get; init; }
    /// <summary>Population missing or zero: status reported, weight 0.</summary>
    public bool NoPopulation { get; init; }
    /// <summary>Presence circles: a counted facility lies inside the settlement polygon.</summary>
    public bool FacilityInside { get; init; }
    /// <summary>Natural villages rolled into this administrative village's row (0: scored at its own samples only).</summary>
    public int NaturalVillages { get; init; }
    /// <summary>For a roll-up: the people of the village in none of its natural villages, scored at the village's own samples.</summary>
    public SettlementCoverage? Remainder { get; init; }
    /// <summary>This is a roll-up's <see cref="Remainder"/>, not a row of its own.</summary>
    public bool IsRemainder { get; init; }
}

/// <summary>A town (镇/街道) or the whole county against the circle's target.</summary>
public sealed record AreaCoverage
{
    public required string Name { get; init; }
    public int Settlements { get; init; }
    public int Covered { get; init; }
    public int Partly { get; init; }
    public int Uncovered { get; init; }
    public double Population { get; init; }
    public double Elderly { get; init; }
    public double CoveredPopulation { get; init; }
    public double CoveredElderly { get; init; }
    public double Demand { get; init; }
    public double CoveredDemand { get; init; }
    /// <summary>Share (0–1) of settlements fully covered; null when there are none.</summary>
    public double? SettlementShare { get; init; }
    /// <summary>Share (0–1) of demand covered; null when the demand is zero.</summary>
    public double? DemandShare { get; init; }
    public double TargetPercent { get; init; }
    public bool TargetMet { get; init; }
    /// <summary>People (of the demand field) still to cover to reach the target; 0 when met.</summary>
    public double GapPeople { get; init; }
    /// <summary>Demand-weighted mean minutes over all samples (unreached at the search limit); null with no demand.</summary>
    public double? MeanMinutes { get; init; }
}

/// <summary>
/// Equalisation (均等化) measures. Access times of unreached samples count at <see cref="CapMinutes"/> (the search
/// limit), so the measures are lower bounds of the true inequality where many are unreached.
/// </summary>
public sealed record EquityMeasures
{
    /// <summary>Covered share of urban demand (0–1); null without urban demand.</summary>
    public double? UrbanShare { get; init; }
    public double? RuralShare { get; init; }
    /// <summary>Urban minus rural covered share, in percentage points; null when either is missing.</summary>
    public double? UrbanRuralGapPoints { get; init; }
    /// <summary>Coefficient of variation of the towns' demand-weighted mean minutes (weighted by town demand).</summary>
    public double? TownMeanMinutesCv { get; init; }
    /// <summary>Gini of settlements' mean minutes, weighted by demand (0 = equal access everywhere).</summary>
    public double? Gini { get; init; }
    /// <summary>Theil T index of settlements' mean minutes, weighted by demand.</summary>
    public double? Theil { get; init; }
    public double CapMinutes { get; init; }
}

/// <summary>The answer to "who does this circle leave out?": rows per settlement, per town and for the county.</summary>
public sealed record CircleCoverage
{
    public required CircleStandard Circle { get; init; }
    /// <summary>False when nothing could be computed (no known category, bad minutes): see <see cref="Notes"/>.</summary>
    public bool Computed { get; init; } = true;
    public required IReadOnlyList<SettlementCoverage> Settlements { get; init; }
    public required IReadOnlyList<AreaCoverage> Towns { get; init; }
    public required AreaCoverage County { get; init; }
    public required EquityMeasures Equity { get; init; }
    /// <summary>Settlements and counted facilities of this circle that did not join the network.</summary>
    public required IReadOnlyList<SnapIssue> Unsnapped { get; init; }
    public required IReadOnlyList<AnalysisNote> Notes { get; init; }
    /// <summary>Minutes the searches ran to (beyond it minutes are unknown).</summary>
    public double SearchLimitMinutes { get; init; }

    /// <summary>
    /// The rows that partition the people, each person once: settlements scored on their own, and the remainders of
    /// administrative villages rolled up from their natural villages.
    /// </summary>
    public IEnumerable<SettlementCoverage> Places => PlacesOf(Settlements);

    internal static IEnumerable<SettlementCoverage> PlacesOf(IEnumerable<SettlementCoverage> rows) =>
        rows.Select(r => r.Remainder ?? r);

    /// <summary>Places not fully covered (natural villages rather than their roll-ups), worst first (most uncovered demand).</summary>
    public IEnumerable<SettlementCoverage> Uncovered =>
        Places.Where(s => s.Status != CoverageStatus.Covered && (!s.IsRemainder || s.Demand > 0)).OrderByDescending(s => s.Demand - s.CoveredDemand).ThenBy(s => s.Settlement.Name, StringComparer.Ordinal);
}
