using Coverage.Analysis.Capacity;
using Coverage.Analysis.Circles;

namespace Coverage.Analysis.Siting;

/// <summary>A capacitated siting answer: the candidates to build and the demand served within capacities before and after (in the circle's demand unit).</summary>
public sealed record CapacitatedSitingResult(string CircleId, int K, int SiteCapacity, SolveStatus Status, IReadOnlyList<CandidateSite> Chosen,
    double ServedBefore, double ServedAfter, double Bound, double Gap, TimeSpan Wall);

/// <summary>
/// Capacitated siting for a nearest circle: choose k candidate sites, each with the same planner-given capacity (e.g. a
/// default per category), to maximise the demand served within capacities by the existing facilities (their own
/// capacities; those without one are left out, as in <see cref="CapacityAnalysis"/>) and the new sites together.
/// Rows are every demand sample (covered ones too: existing capacity may not suffice); the existing catchments are the
/// capacity analysis's, the candidates' come from <see cref="ReachSets"/>, the siting's own per-candidate search.
/// Solved by <see cref="CpSatCover.MaxCapacitatedCover"/>; bound and gap as the uncapacitated siting reports them.
/// </summary>
public static class CapacitatedSiting
{
    public static CapacitatedSitingResult Solve(CoverageEngine engine, string circleId, CandidateSet candidates, int k, int siteCapacity,
        SolverLimits? limits = null)
    {
        if (k < 1) throw new AnalysisInputException($"k 应为至少 1 的整数，而不是 {k}", $"k must be an integer of at least 1; got {k}");
        if (siteCapacity < 1) throw new AnalysisInputException($"新设施容量应至少为 1，而不是 {siteCapacity}", $"The new sites' capacity must be at least 1; got {siteCapacity}");
        var region = engine.Region;
        var plan = CirclePlan.For(engine.Circle(circleId), region.Seeds);
        CapacityAnalyzer.Check(plan);
        var group = plan.Groups[0];
        var villages = VillageHierarchy.Of(region.Settlements, s => plan.Circle.AppliesToKind(s.Kind));
        var demand = CapacityAnalyzer.SampleDemand(region, plan.Circle, villages);
        var rows = Enumerable.Range(0, demand.Length).Where(k2 => demand[k2] > 0 && region.SampleSnaps[k2].IsOnNetwork).ToArray();
        var rowOf = new Dictionary<int, int>();
        for (int r = 0; r < rows.Length; r++) rowOf[rows[r]] = r;
        var weight = rows.Select(s => (long)Math.Round(demand[s] * SitingDemand.WeightScale)).ToArray();

        var existing = engine.FacilityReachOf(group, plan.LimitSeconds, CapacityAnalyzer.Counted(region, group));
        var columns = new List<int[]>();
        var capacity = new List<long>();
        var fixedOpen = new List<bool>();
        for (int j = 0; j < existing.Count; j++)
        {
            if (region.Facilities[existing.Facility[j]].Capacity is not int c || c <= 0) continue;
            var reached = new List<int>();
            for (int e = existing.First[j]; e < existing.First[j + 1]; e++)
                if (rowOf.TryGetValue(existing.Samples[e], out int r)) reached.Add(r);
            columns.Add([.. reached]); capacity.Add((long)(c * SitingDemand.WeightScale)); fixedOpen.Add(true);
        }
        int firstCandidate = columns.Count;
        var sites = candidates.Sites;
        var reach = ReachSets.Compute(region, group.Profile, plan.LimitSeconds, rows, sites.Count, (c, set) =>
        {
            set.AddPoint(sites[c].Snap, c);
            return sites[c].Snap.Edge;
        });
        foreach (var r in reach) { columns.Add(r); capacity.Add((long)(siteCapacity * SitingDemand.WeightScale)); fixedOpen.Add(false); }

        var inst = new CapacitatedInstance(weight, [.. columns], [.. capacity], [.. fixedOpen]);
        var solution = CpSatCover.MaxCapacitatedCover(inst, k, limits ?? SolverLimits.Default);
        double before = CpSatCover.ServedBy(inst, []) / SitingDemand.WeightScale;
        return new CapacitatedSitingResult(plan.Circle.Id, k, siteCapacity, solution.Status,
            solution.Chosen.Select(c => sites[c - firstCandidate]).ToList(), before, solution.Objective / SitingDemand.WeightScale,
            solution.Bound / SitingDemand.WeightScale, solution.Gap, solution.Wall);
    }
}
