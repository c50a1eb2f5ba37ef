using Coverage.Analysis.Circles;
using Coverage.Core;
using Coverage.Core.Domain;
using Coverage.Network.Search;

namespace Coverage.Analysis.Siting;

/// <summary>
/// What is left to cover under one nearest-facility circle: the demand samples (population or elderly, by the
/// circle's demand field) that existing — and, by default, planned — facilities leave beyond the circle's minutes.
/// Weights are centi-people (1/100 of a person), so every solver works with the same integers.
/// </summary>
public sealed class SitingDemand
{
    public const double WeightScale = 100;

    SitingDemand(CircleStandard circle, CategoryGroup group, double limitSeconds, double total, double covered,
        int[] samples, long[] weight, int baseFacilities)
    {
        Circle = circle; Group = group; LimitSeconds = limitSeconds; TotalDemand = total; BaseCoveredDemand = covered;
        Samples = samples; Weight = weight; BaseFacilities = baseFacilities;
    }

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
    /// <summary>Facilities counted as the base (existing, under construction and planned, on the network).</summary>
    public int BaseFacilities { get; }

    public double BasePercent => TotalDemand > 0 ? BaseCoveredDemand / TotalDemand * 100 : 100;

    /// <summary>Uncovered demand for a circle of the catalogue; nearest-facility circles only.</summary>
    public static SitingDemand For(CoverageEngine engine, string circleId, bool includePlanned = true)
    {
        var circle = engine.Circle(circleId);
        if (circle.Kind != CircleKind.Nearest)
            throw new AnalysisInputException(
                $"服务圈“{circle.NameZh}”是{(circle.Kind == CircleKind.Composite ? "综合" : "“村内或就近”")}类目标，选址只支持单类设施的服务圈（如 elderly-15）；请按类别分别选址",
                $"Circle '{circle.Id}' is a {circle.Kind.ToString().ToLowerInvariant()} target: siting works on single-category circles (e.g. elderly-15); site each category on its own");
        var region = engine.Region;
        var plan = CirclePlan.For(circle, region.Seeds, region.Options.SearchLimitFactor);
        if (!plan.Computable)
            throw new AnalysisInputException(string.Join("；", plan.Notes.Select(n => n.Zh)), string.Join("; ", plan.Notes.Select(n => n.En)));
        var group = plan.Groups[0];
        double limit = plan.LimitSeconds;

        var seconds = (float[])engine.Times(group).Seconds.Clone();
        int baseCount = Enumerable.Range(0, region.Facilities.Count).Count(i => region.IsCounted(i) && group.Matches(region.Facilities[i]));
        if (includePlanned) baseCount += AddPlanned(engine, group, seconds);

        double total = 0, covered = 0;
        var samples = new List<int>();
        var weights = new List<long>();
        bool Applies(Settlement st) => circle.AppliesTo.Count == 0 || circle.AppliesTo.Contains(st.Kind);
        var villages = VillageHierarchy.Of(region.Settlements, Applies); // each person once, as in the circle's coverage
        for (int s = 0; s < region.Settlements.Count; s++)
        {
            var st = region.Settlements[s];
            if (!Applies(st)) continue;
            double demand = circle.Demand == DemandField.Elderly ? villages.OwnElderly(s) : villages.OwnPopulation(s);
            total += demand;
            for (int k = region.SettlementFirstSample[s]; k < region.SettlementFirstSample[s + 1]; k++)
            {
                double d = demand * region.SampleShare[k];
                if (seconds[k] <= limit) covered += d;
                else if (region.SampleSnaps[k].IsOnNetwork && d > 0) { samples.Add(k); weights.Add((long)Math.Round(d * WeightScale)); }
            }
        }
        return new SitingDemand(circle, group, limit, total, covered, samples.ToArray(), weights.ToArray(), baseCount);
    }

    /// <summary>Planned facilities of the group join the base: one search from all of them, kept where quicker.</summary>
    static int AddPlanned(CoverageEngine engine, CategoryGroup group, float[] seconds)
    {
        var region = engine.Region;
        var set = new SourceSet();
        int count = 0;
        for (int i = 0; i < region.Facilities.Count; i++)
        {
            var f = region.Facilities[i];
            if (f.Status != FacilityStatus.Planned || !region.FacilityUsable[i] || region.IsCounted(i) || !group.Matches(f)) continue;
            region.AddSources(set, i, i);
            count++;
        }
        if (count == 0) return 0;
        var times = BoundedDijkstra.Run(region.Graph, group.Profile, set, group.LimitSeconds);
        for (int k = 0; k < seconds.Length; k++)
            if (region.SampleSnaps[k].IsOnNetwork && times.SecondsTo(region.SampleSnaps[k]) is var t && t < seconds[k]) seconds[k] = t;
        return count;
    }
}
