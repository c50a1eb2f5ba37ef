using Coverage.Core.Domain;

namespace Coverage.Analysis.Capacity;

/// <summary>
/// One settlement under a circle's capacity analysis. Accessibility is per 1,000 of the circle's demand (e.g. places per
/// 1,000 elderly); served demand is the part of the covered demand the facilities' capacities can take (max flow).
/// An administrative village with natural villages is their roll-up (demand-weighted), as in the coverage figures.
/// </summary>
public sealed record SettlementAccessibility
{
    public required Settlement Settlement { get; init; }
    /// <summary>The administrative village a natural village is rolled into, or null.</summary>
    public string? Village { get; init; }
    /// <summary>The circle's demand (population or elderly) counted at this settlement.</summary>
    public required double Demand { get; init; }
    /// <summary>A_i × 1000: capacity units reachable per 1,000 of demand (demand-weighted over the settlement's samples).</summary>
    public required double PerThousand { get; init; }
    /// <summary>Demand within the circle's minutes of any counted facility, capacity known or not (the coverage figure).</summary>
    public required double CoveredDemand { get; init; }
    /// <summary>Demand the facilities within the circle's minutes can take, capacities respected (0 … covered).</summary>
    public required double ServedDemand { get; init; }
    /// <summary>Facilities with a known capacity within the circle's minutes of some sample.</summary>
    public required int FacilitiesInReach { get; init; }
    /// <summary>Some sample is within reach of a facility, but none of the facilities in reach has a capacity.</summary>
    public required bool OnlyUnknownCapacity { get; init; }
    /// <summary>Natural villages rolled into this row (0 for every other settlement).</summary>
    public int NaturalVillages { get; init; }

    public double? ServedShare => Demand > 0 ? ServedDemand / Demand : null;
}

/// <summary>One facility: its capacity, the demand-weighted catchment (step 1) and what max flow assigns to it.</summary>
public sealed record FacilityCapacity
{
    public required Facility Facility { get; init; }
    /// <summary>The town it counts in: its own, or its nearest settlement's when it names none (<see cref="Region.FacilityTowns"/>).</summary>
    public string Town { get; init; } = "";
    public required int Capacity { get; init; }
    /// <summary>Σ_k demand_k·w(t_kj) over the samples in the facility's catchment.</summary>
    public required double WeightedDemand { get; init; }
    /// <summary>R_j × 1000: capacity per 1,000 of the weighted demand in its catchment; null when no demand is in reach.</summary>
    public required double? RatioPerThousand { get; init; }
    /// <summary>Settlements with some sample in the catchment.</summary>
    public required int Settlements { get; init; }
    /// <summary>Demand the capacitated coverage assigns to the facility (≤ capacity).</summary>
    public required double Assigned { get; init; }
}

/// <summary>A town or the county: demand, covered and served demand, and demand-weighted accessibility.</summary>
public sealed record AreaAccessibility
{
    public required string Name { get; init; }
    public required int Settlements { get; init; }
    public required double Demand { get; init; }
    public required double CoveredDemand { get; init; }
    public required double ServedDemand { get; init; }
    /// <summary>Demand-weighted mean of the places' accessibility per 1,000; null without demand.</summary>
    public required double? PerThousand { get; init; }
    /// <summary>Known capacity of the counted facilities located in the area (by their town).</summary>
    public required double Capacity { get; init; }

    public double? CoveredShare => Demand > 0 ? CoveredDemand / Demand : null;
    public double? ServedShare => Demand > 0 ? ServedDemand / Demand : null;
}

/// <summary>
/// A circle's capacity analysis: accessibility per settlement (2SFCA or Gaussian E2SFCA), the facilities' ratios, and
/// capacitated coverage beside the uncapacitated figure; facilities without a capacity are listed in the notes and excluded.
/// </summary>
public sealed record CapacityAnalysis
{
    public required CircleStandard Circle { get; init; }
    public required CatchmentMethod Method { get; init; }
    /// <summary>What a capacity counts for the circle's categories, e.g. 床位 / places.</summary>
    public required CapacityUnit Unit { get; init; }
    public required IReadOnlyList<SettlementAccessibility> Settlements { get; init; }
    public required IReadOnlyList<FacilityCapacity> Facilities { get; init; }
    /// <summary>Counted facilities of the circle without a capacity (excluded from both figures), by id.</summary>
    public required IReadOnlyList<string> WithoutCapacity { get; init; }
    public required IReadOnlyList<AreaAccessibility> Towns { get; init; }
    public required AreaAccessibility County { get; init; }
    public required IReadOnlyList<AnalysisNote> Notes { get; init; }
    /// <summary>Milliseconds the per-facility searches took (one bounded search per facility).</summary>
    public required double SearchMilliseconds { get; init; }
}

/// <summary>The unit of a capacity, by facility category (a capacity's meaning depends on it; the data holds only numbers).</summary>
public sealed record CapacityUnit(string Zh, string En)
{
    public static CapacityUnit For(IEnumerable<string> categories)
    {
        var units = categories.Select(c => c.Split('/')[0].ToLowerInvariant()).Distinct().Select(Of).Distinct().ToList();
        return units.Count == 1 ? units[0] : new("容量单位", "capacity units");
    }

    static CapacityUnit Of(string category) => category switch
    {
        "elderly" => new("床位", "places"),
        "clinic" => new("床位", "beds"),
        "school" => new("学位", "school places"),
        "culture" or "fitness" or "park" => new("平方米", "m²"),
        _ => new("容量单位", "capacity units"),
    };
}
