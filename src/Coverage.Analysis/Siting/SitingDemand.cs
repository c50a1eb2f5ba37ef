using Coverage.Analysis.Circles;
using Coverage.Core;
using Coverage.Core.Domain;
using Coverage.Network.Search;

namespace Coverage.Analysis.Siting;

/// <summary>
/// What is left to cover under one nearest-facility circle: the demand samples (population or elderly, by the
/// circle's demand field) that the counted facilities leave beyond the circle's minutes. The base is the circle's one
/// coverage result (<see cref="CoverageEngine.Evaluate(string)"/>): the same facilities, statuses
/// (<see cref="AnalysisOptions.CountedStatuses"/>) and people as every other view.
/// Weights are centi-people (1/100 of a person), so every solver works with the same integers.
/// </summary>
public sealed class SitingDemand
{
    public const double WeightScale = 100;

    SitingDemand(CircleStandard circle, CategoryGroup group, double limitSeconds, double total, double covered,
        int[] samples, long[] weight, int baseFacilities, VillageHierarchy villages, IReadOnlyList<FacilityStatus> counted)
    {
        Circle = circle; Group = group; LimitSeconds = limitSeconds; TotalDemand = total; BaseCoveredDemand = covered;
        Samples = samples; Weight = weight; BaseFacilities = baseFacilities; Villages = villages; CountedStatuses = counted;
    }

    /// <summary>Each person once: the people and older people scored at a settlement's own samples.</summary>
    public VillageHierarchy Villages { get; }
    /// <summary>Facility statuses of the base (the region's one setting, as in every coverage view).</summary>
    public IReadOnlyList<FacilityStatus> CountedStatuses { get; }

    public CircleStandard Circle { get; }
    public CategoryGroup Group { get; }
    public WalkProfile Profile => Group.Profile;
    public double LimitSeconds { get; }
    /// <summary>Demand of every settlement the circle applies to (off-network ones included: they count against the target).</summary>
    public double TotalDemand { get; }
    /// <summary>Demand the base facilities already cover.</summary>
    public double BaseCoveredDemand { get; }
    /// <summary>Region sample indices not yet covered, on the network, with demand.</summary>
    public int[] Samples { get; }
    /// <summary>Centi-people of each uncovered sample.</summary>
    public long[] Weight { get; }
    /// <summary>Facilities counted as the base (of the counted statuses, on the network).</summary>
    public int BaseFacilities { get; }

    public double BasePercent => TotalDemand > 0 ? BaseCoveredDemand / TotalDemand * 100 : 100;

    /// <summary>Uncovered demand for a circle of the catalogue; nearest-facility circles only.</summary>
    public static SitingDemand For(CoverageEngine engine, string circleId)
    {
        var circle = engine.Circle(circleId);
        if (circle.Kind != CircleKind.Nearest)
            throw new AnalysisInputException(
                $"服务圈“{circle.NameZh}”是{(circle.Kind == CircleKind.Composite ? "综合" : "“村内或就近”")}类目标，选址只支持单类设施的服务圈（如 elderly-15）；请按类别分别选址",
                $"Circle '{circle.Id}' is a {circle.Kind.ToString().ToLowerInvariant()} target: siting works on single-category circles (e.g. elderly-15); site each category on its own");
        var region = engine.Region;
        var plan = CirclePlan.For(circle, region.Seeds);
        if (!plan.Computable)
            throw new AnalysisInputException(string.Join("；", plan.Notes.Select(n => n.Zh)), string.Join("; ", plan.Notes.Select(n => n.En)));
        var group = plan.Groups[0];
        double limit = plan.LimitSeconds;

        var times = engine.Times(group);
        int baseCount = region.CountedFacilities(group).Count;
        var coverage = engine.Evaluate(circle);

        var samples = new List<int>();
        var weights = new List<long>();
        bool Applies(Settlement st) => circle.AppliesToKind(st.Kind);
        var villages = VillageHierarchy.Of(region, Applies); // each person once, as in the circle's coverage
        for (int s = 0; s < region.Settlements.Count; s++)
        {
            var st = region.Settlements[s];
            if (!Applies(st)) continue;
            double demand = circle.Demand == DemandField.Elderly ? villages.OwnElderly(s) : villages.OwnPopulation(s);
            double d = demand * region.SampleShareOf(s); // each sample's part of it: equal shares
            for (int k = region.SettlementFirstSample[s]; k < region.SettlementFirstSample[s + 1]; k++)
            {
                if (!(times.SecondsAt(k) <= limit) && region.SampleSnaps[k].IsOnNetwork && d > 0) { samples.Add(k); weights.Add((long)Math.Round(d * WeightScale)); }
            }
        }
        double total = coverage.County.Demand, covered = coverage.County.CoveredDemand;
        return new SitingDemand(circle, group, limit, total, covered, samples.ToArray(), weights.ToArray(), baseCount, villages, coverage.CountedStatuses);
    }
}
