using Coverage.Analysis.Circles;
using Coverage.Core.Domain;

namespace Coverage.Analysis.Siting;

/// <summary>
/// What one side of a comparison covers that the other does not, in one area: villages (个行政村/社区, the top-level rows)
/// and places (个居民点, the rows scored on their own) that became fully covered, and the people, older people and demand
/// (of the circle's demand field) whose coverage rose — each person once, summed over places.
/// </summary>
public sealed record CoverageShift(int Villages, int Places, double Population, double Elderly, double Demand)
{
    public static CoverageShift None { get; } = new(0, 0, 0, 0, 0);
}

/// <summary>
/// Covered people, elderly, demand, fully covered places (settlements) and villages of an area under scenarios A and B;
/// B − A; and what B gained and lost against A (<see cref="Gained"/> − <see cref="Lost"/> is B − A).
/// </summary>
public sealed record AreaDelta(string Name, double PopulationA, double PopulationB, double ElderlyA, double ElderlyB, int SettlementsA, int SettlementsB,
    double PercentA, double PercentB)
{
    public double Population => PopulationB - PopulationA;
    public double Elderly => ElderlyB - ElderlyA;
    public int Settlements => SettlementsB - SettlementsA;
    /// <summary>Change of the covered share of the circle's demand, in percentage points.</summary>
    public double PercentPoints => PercentB - PercentA;
    /// <summary>Fully covered top-level villages (行政村/社区) under A and B.</summary>
    public int VillagesA { get; init; }
    public int VillagesB { get; init; }
    public int Villages => VillagesB - VillagesA;
    /// <summary>Covered demand (people or older people, by the circle's demand field) under A and B.</summary>
    public double DemandA { get; init; }
    public double DemandB { get; init; }
    public double Demand => DemandB - DemandA;
    public CoverageShift Gained { get; init; } = CoverageShift.None;
    public CoverageShift Lost { get; init; } = CoverageShift.None;

    internal static AreaDelta Of(string name, AreaCoverage? a, AreaCoverage? b, IReadOnlyList<RowPair> rows)
    {
        var (gained, lost) = RowPair.Shifts(rows);
        return new AreaDelta(name, a?.CoveredPopulation ?? 0, b?.CoveredPopulation ?? 0, a?.CoveredElderly ?? 0, b?.CoveredElderly ?? 0,
            a?.Covered ?? 0, b?.Covered ?? 0, (a?.DemandShare ?? 0) * 100, (b?.DemandShare ?? 0) * 100)
        {
            VillagesA = a?.Villages.Covered ?? 0, VillagesB = b?.Villages.Covered ?? 0,
            DemandA = a?.CoveredDemand ?? 0, DemandB = b?.CoveredDemand ?? 0,
            Gained = gained, Lost = lost,
        };
    }
}

/// <summary>
/// A settlement row (as the coverage answer lists and the map draws it) fully covered under one side and not the other.
/// TopLevel: counted among villages (行政村/社区); Place: counted among places (居民点). Deltas are the row's own, B − A.
/// </summary>
public sealed record SettlementShift(string Id, string Name, string Town, string? Village, bool TopLevel, bool Place,
    CoverageStatus A, CoverageStatus B, double CoveredPopulationDelta, double CoveredDemandDelta);

/// <summary>Scenario B against scenario A for one circle: the county, every town, and the rows gained and lost.</summary>
public sealed record CircleDelta(CircleStandard Circle, AreaDelta County, IReadOnlyList<AreaDelta> Towns)
{
    /// <summary>Rows fully covered under B and not under A, by town then name.</summary>
    public IReadOnlyList<SettlementShift> Gained { get; init; } = [];
    /// <summary>Rows fully covered under A and not under B, by town then name.</summary>
    public IReadOnlyList<SettlementShift> Lost { get; init; } = [];
}

/// <summary>One settlement row under A and under B (the same region, so the same rows).</summary>
readonly record struct RowPair(SettlementCoverage A, SettlementCoverage B)
{
    /// <summary>+1: fully covered under B only; −1: under A only; 0: no change of full coverage.</summary>
    public int Flip => (A.Status == CoverageStatus.Covered, B.Status == CoverageStatus.Covered) switch { (false, true) => 1, (true, false) => -1, _ => 0 };

    /// <summary>Gains and losses over rows, counted as <see cref="AreaCoverage"/> counts: villages at top-level rows, places at
    /// rows scored on their own, people at places (a roll-up's remainder, never the roll-up a second time).</summary>
    public static (CoverageShift Gained, CoverageShift Lost) Shifts(IEnumerable<RowPair> rows)
    {
        int villagesGained = 0, villagesLost = 0, placesGained = 0, placesLost = 0;
        double[] gained = new double[3], lost = new double[3];
        foreach (var row in rows)
        {
            int flip = row.Flip;
            if (!row.A.RolledUp) (villagesGained, villagesLost) = (villagesGained + Math.Max(flip, 0), villagesLost + Math.Max(-flip, 0));
            if (row.A.NaturalVillages == 0) (placesGained, placesLost) = (placesGained + Math.Max(flip, 0), placesLost + Math.Max(-flip, 0));
            var (a, b) = (row.A.Place, row.B.Place);
            double[] change = [b.CoveredPopulation - a.CoveredPopulation, b.CoveredElderly - a.CoveredElderly, b.CoveredDemand - a.CoveredDemand];
            for (int i = 0; i < change.Length; i++)
            {
                gained[i] += Math.Max(change[i], 0);
                lost[i] += Math.Max(-change[i], 0);
            }
        }
        return (new CoverageShift(villagesGained, placesGained, gained[0], gained[1], gained[2]),
            new CoverageShift(villagesLost, placesLost, lost[0], lost[1], lost[2]));
    }

    public SettlementShift Shift() => new(A.Settlement.Id, A.Settlement.Name, CircleScorer.TownOf(A), A.Village, !A.RolledUp, A.NaturalVillages == 0,
        A.Status, B.Status, B.CoveredPopulation - A.CoveredPopulation, B.CoveredDemand - A.CoveredDemand);
}

public static class ScenarioComparison
{
    /// <summary>
    /// B − A per circle (every computable circle of the catalogue unless named) and per town. <paramref name="planCoverage"/>,
    /// when given, is the plan's own result per circle, used for a side without edits (one count per plan version).
    /// </summary>
    public static IReadOnlyList<CircleDelta> Compare(CoverageEngine engine, Scenario a, Scenario b, IEnumerable<string>? circleIds = null,
        Func<string, CircleCoverage>? planCoverage = null)
    {
        var result = new List<CircleDelta>();
        foreach (var id in circleIds ?? engine.Region.Seeds.Circles.Select(c => c.Id))
        {
            var (ca, cb) = (a.Evaluate(engine, id, planCoverage), b.Evaluate(engine, id, planCoverage));
            if (ca.Computed && cb.Computed) result.Add(Compare(ca, cb));
        }
        return result;
    }

    /// <summary>B − A for one circle: two results of the same region (the plan and a scenario, or two scenarios).</summary>
    public static CircleDelta Compare(CircleCoverage a, CircleCoverage b)
    {
        var rowsB = b.Settlements.ToDictionary(r => r.Settlement.Id, StringComparer.Ordinal);
        var pairs = a.Settlements.Where(r => rowsB.ContainsKey(r.Settlement.Id)).Select(r => new RowPair(r, rowsB[r.Settlement.Id])).ToList();
        var byTown = pairs.ToLookup(p => CircleScorer.TownOf(p.A));
        var towns = a.Towns.Select(t => t.Name).Union(b.Towns.Select(t => t.Name)).Order(StringComparer.Ordinal)
            .Select(t => AreaDelta.Of(t, a.Towns.FirstOrDefault(x => x.Name == t), b.Towns.FirstOrDefault(x => x.Name == t), byTown[t].ToList()))
            .ToList();
        var changed = pairs.Where(p => p.Flip != 0).OrderBy(p => CircleScorer.TownOf(p.A), StringComparer.Ordinal)
            .ThenBy(p => p.A.Settlement.Name, StringComparer.Ordinal).ToList();
        return new CircleDelta(a.Circle, AreaDelta.Of(a.County.Name, a.County, b.County, pairs), towns)
        {
            Gained = changed.Where(p => p.Flip > 0).Select(p => p.Shift()).ToList(),
            Lost = changed.Where(p => p.Flip < 0).Select(p => p.Shift()).ToList(),
        };
    }
}
