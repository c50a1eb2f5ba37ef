using System.Diagnostics;
using System.Globalization;
using Coverage.Analysis.Circles;

namespace Coverage.Analysis.Siting;

/// <summary>
/// Location–allocation over the walk network: which candidates to build for one circle. Computes each candidate's
/// reach over the still-uncovered demand once, merges identical rows and columns, then solves with CP-SAT (hinted
/// by greedy) and reports greedy alongside.
/// </summary>
public sealed class SitingPlanner(CoverageEngine engine)
{
    static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary>Maximal covering: the best <paramref name="k"/> new sites.</summary>
    public SitingResult MaximalCovering(string circleId, int k, CandidateSet candidates, SolverLimits? limits = null)
    {
        var demand = SitingDemand.For(engine, circleId);
        CheckNewSites(k);
        return MaximalCovering(Prepare(demand, candidates), k, limits);
    }

    /// <summary>
    /// Maximal covering on a prepared instance (<see cref="Prepare(string, CandidateSet)"/>): only the solve depends on
    /// <paramref name="k"/>, so one instance answers every k with the same result as a fresh preparation.
    /// </summary>
    public SitingResult MaximalCovering(SitingInstance prep, int k, SolverLimits? limits = null)
    {
        CheckInstance(prep);
        CheckNewSites(k);
        var demand = prep.Demand;
        var candidates = prep.Candidates;
        if (k > candidates.Sites.Count)
            throw new AnalysisInputException(
                string.Create(Ci, $"要求新建 {k} 处，但只有 {candidates.Sites.Count} 个候选点；全部建成最多可覆盖 {prep.ReachablePercent:0.0}%（现状 {demand.BasePercent:0.0}%）。请减少数量、加密候选点（--spacing）或提供更多候选点"),
                string.Create(Ci, $"{k} new sites asked for but there are only {candidates.Sites.Count} candidates; building all of them reaches at most {prep.ReachablePercent:0.0}% (now {demand.BasePercent:0.0}%). Ask for fewer, use a finer --spacing, or give more candidates"));
        var limit = limits ?? SolverLimits.Default;
        var greedyClock = Stopwatch.StartNew();
        var greedy = GreedyCover.MaxCover(prep.Model, k);
        greedyClock.Stop();
        var cp = prep.Model.ColumnCount == 0
            ? new CoverSolution(SolveStatus.Optimal, [], 0, 0, 0, TimeSpan.Zero)
            : CpSatCover.MaxCover(prep.Model, k, limit, greedy);
        var notes = new List<AnalysisNote>();
        if (cp.Chosen.Length < k && cp.Status == SolveStatus.Optimal)
            notes.Add(AnalysisNote.Info("fewer-sites", $"只需 {cp.Chosen.Length} 处即可覆盖这些候选点能覆盖的全部需求，其余 {k - cp.Chosen.Length} 处不再增加覆盖",
                $"{cp.Chosen.Length} sites already cover all the demand these candidates can reach; the other {k - cp.Chosen.Length} would add nothing"));
        var greedyAnswer = Answer("greedy", SolveStatus.Feasible, greedy, prep, demand, greedyClock.Elapsed, null, null, greedy.Length > 0 ? prep.Model.CoveredBy(greedy) / SitingDemand.WeightScale : 0);
        var cpAnswer = Answer("CP-SAT", cp.Status, cp.Chosen, prep, demand, cp.Wall, cp.Bound / SitingDemand.WeightScale, cp.Gap, cp.Objective / SitingDemand.WeightScale);
        return Result(SitingMode.MaximalCovering, demand, prep, candidates, cpAnswer, greedyAnswer, notes) with { NewSites = k };
    }

    static void CheckNewSites(int k)
    {
        if (k <= 0)
            throw new AnalysisInputException($"新建数量须至少为 1（收到 {k}）", $"The number of new sites must be at least 1 (got {k})");
    }

    /// <summary>An instance answers only for the plan version (engine) it was prepared on.</summary>
    void CheckInstance(SitingInstance prep)
    {
        if (!ReferenceEquals(prep.Engine, engine))
            throw new ArgumentException("The siting instance was prepared on another plan version (engine).", nameof(prep));
    }

    /// <summary>Set covering: the fewest new sites that bring the circle to <paramref name="targetPercent"/> of its demand.</summary>
    public SitingResult SetCovering(string circleId, double targetPercent, CandidateSet candidates, SolverLimits? limits = null)
    {
        var demand = SitingDemand.For(engine, circleId);
        CheckTarget(targetPercent);
        return SetCovering(Prepare(demand, candidates), targetPercent, limits);
    }

    /// <summary>Set covering on a prepared instance: the same answer as a fresh preparation for every target.</summary>
    public SitingResult SetCovering(SitingInstance prep, double targetPercent, SolverLimits? limits = null)
    {
        CheckInstance(prep);
        CheckTarget(targetPercent);
        var demand = prep.Demand;
        var candidates = prep.Candidates;
        long total = (long)Math.Round(demand.TotalDemand * SitingDemand.WeightScale);
        long baseCovered = (long)Math.Round(demand.BaseCoveredDemand * SitingDemand.WeightScale);
        long needed = (long)Math.Ceiling(targetPercent / 100 * total - 1e-6) - baseCovered;
        var notes = new List<AnalysisNote>();
        var limit = limits ?? SolverLimits.Default;
        if (needed <= 0)
        {
            notes.Add(AnalysisNote.Info("target-met", string.Create(Ci, $"现状已覆盖 {demand.BasePercent:0.0}%，达到目标 {targetPercent:0.#}%，无需新建"),
                string.Create(Ci, $"The base already covers {demand.BasePercent:0.0}%, meeting the {targetPercent:0.#}% target: no new site needed")));
            var none = Answer("CP-SAT", SolveStatus.Optimal, [], prep, demand, TimeSpan.Zero, 0, 0, 0);
            return Result(SitingMode.SetCovering, demand, prep, candidates, none, none with { Method = "greedy" }, notes) with { TargetPercent = targetPercent };
        }
        long coverable = prep.Model.CoverableWeight();
        if (coverable < needed)
        {
            int sitesForMax = GreedyCover.MinCover(prep.Model, coverable)?.Length ?? 0;
            throw new AnalysisInputException(
                string.Create(Ci, $"目标 {targetPercent:0.#}% 无法达到：现状 {demand.BasePercent:0.0}%，用这 {candidates.Sites.Count} 个候选点最多可覆盖 {prep.ReachablePercent:0.0}%（约 {sitesForMax} 处新点即可达到）。请降低目标或提供更多候选点"),
                string.Create(Ci, $"The {targetPercent:0.#}% target is unreachable: now {demand.BasePercent:0.0}%, at most {prep.ReachablePercent:0.0}% reachable with these {candidates.Sites.Count} candidates (about {sitesForMax} new sites get there). Lower the target or give more candidates"));
        }
        var greedyClock = Stopwatch.StartNew();
        var greedy = GreedyCover.MinCover(prep.Model, needed)!;
        greedyClock.Stop();
        var cp = CpSatCover.MinCover(prep.Model, needed, limit, greedy);
        var greedyAnswer = Answer("greedy", SolveStatus.Feasible, greedy, prep, demand, greedyClock.Elapsed, null, null, greedy.Length);
        var cpAnswer = cp.Status is SolveStatus.Optimal or SolveStatus.Feasible
            ? Answer("CP-SAT", cp.Status, cp.Chosen, prep, demand, cp.Wall, cp.Bound, cp.Gap, cp.Objective)
            : greedyAnswer with { Method = "CP-SAT (no solution in time; greedy shown)", Status = cp.Status };
        return Result(SitingMode.SetCovering, demand, prep, candidates, cpAnswer, greedyAnswer, notes) with { TargetPercent = targetPercent };
    }

    static void CheckTarget(double targetPercent)
    {
        if (!(targetPercent > 0 && targetPercent <= 100))
            throw new AnalysisInputException($"目标覆盖率须在 0–100% 之间（收到 {targetPercent}）", $"The target must be a share in (0, 100] % (got {targetPercent})");
    }

    /// <summary>
    /// The part of a siting question that does not depend on k or the target: the circle's uncovered demand, each
    /// candidate's reach over it (one bounded search per candidate: nearly all of a request's time) and the merged model.
    /// Valid for this plan version (engine) only; <see cref="SitingInstanceCache"/> keeps them per version.
    /// </summary>
    public SitingInstance Prepare(string circleId, CandidateSet candidates) => Prepare(SitingDemand.For(engine, circleId), candidates);

    SitingInstance Prepare(SitingDemand demand, CandidateSet candidates)
    {
        if (candidates.Sites.Count == 0)
        {
            string why = candidates.Rejected.Count > 0 ? $"（{candidates.Rejected.Count} 个给定点均不可用，如：{candidates.Rejected[0].Zh}）" : "";
            string whyEn = candidates.Rejected.Count > 0 ? $" ({candidates.Rejected.Count} given sites are all unusable, e.g. {candidates.Rejected[0].En})" : "";
            throw new AnalysisInputException($"没有可用的候选点{why}。请提供距步行道路 {engine.Region.Options.MaxSnapMetres:0} 米以内的点，或改用沿路生成的候选点",
                $"No usable candidate sites{whyEn}. Give sites within {engine.Region.Options.MaxSnapMetres:0} m of a walkable way, or use candidates generated along the ways");
        }
        var clock = Stopwatch.StartNew();
        var sites = candidates.Sites;
        var region = engine.Region;
        var reach = ReachSets.Compute(region, demand.Profile, demand.LimitSeconds, demand.Samples, sites.Count, (c, set) =>
        {
            set.AddPoint(sites[c].Snap, c);
            return sites[c].Snap.Edge;
        });
        clock.Stop();
        var full = new CoverInstance(demand.Weight, reach);
        var model = full.Aggregate(out var candidateOf);
        double reachable = demand.TotalDemand > 0
            ? (demand.BaseCoveredDemand + full.CoverableWeight() / SitingDemand.WeightScale) / demand.TotalDemand * 100 : 100;
        return new SitingInstance(engine, demand, candidates, reach, model, candidateOf, Math.Min(100, reachable), clock.Elapsed);
    }

    SitingAnswer Answer(string method, SolveStatus status, IReadOnlyList<int> chosen, SitingInstance prep, SitingDemand demand,
        TimeSpan wall, double? bound, double? gap, double objective)
    {
        var region = engine.Region;
        var covered = new bool[demand.Samples.Length];
        var remaining = chosen.Select(c => prep.Candidate[c]).ToList();
        var sites = new List<ProposedSite>();
        double added = 0;
        // Largest remaining addition first, so each site's villages are the ones it adds to those before it.
        while (remaining.Count > 0)
        {
            int best = remaining.MaxBy(c => Gain(c))!;
            remaining.Remove(best);
            var bySettlement = new Dictionary<int, (double Demand, double Share)>();
            foreach (int i in prep.Reach[best])
            {
                if (covered[i]) continue;
                covered[i] = true;
                int k = demand.Samples[i], s = region.SampleSettlement[k];
                var (d, sh) = bySettlement.GetValueOrDefault(s);
                bySettlement[s] = (d + demand.Weight[i] / SitingDemand.WeightScale, sh + region.SampleShareOf(s));
            }
            // People and older people of the place's own samples (an administrative village's remainder, not its whole figure).
            var rows = bySettlement.OrderByDescending(p => p.Value.Demand).Select(p =>
            {
                var st = region.Settlements[p.Key];
                double share = Math.Min(1, p.Value.Share);
                return new NewlyCoveredSettlement(st.Id, st.Name, st.Town, p.Value.Demand, share,
                    share * demand.Villages.OwnPopulation(p.Key), share * demand.Villages.OwnElderly(p.Key));
            }).ToList();
            double gain = rows.Sum(r => r.Demand);
            added += gain;
            var site = prep.Candidates.Sites[best];
            sites.Add(new ProposedSite(site, gain, rows, SiteLabel.Of(region, site.Lon, site.Lat)));
        }
        double after = demand.TotalDemand > 0 ? (demand.BaseCoveredDemand + added) / demand.TotalDemand * 100 : 100;
        return new SitingAnswer(method, status, sites, added, Math.Min(100, after), objective, bound, gap, wall);

        double Gain(int c) { double g = 0; foreach (int i in prep.Reach[c]) if (!covered[i]) g += demand.Weight[i]; return g; }
    }

    SitingResult Result(SitingMode mode, SitingDemand demand, SitingInstance prep, CandidateSet candidates, SitingAnswer optimal, SitingAnswer greedy,
        List<AnalysisNote> notes) => new()
    {
        Circle = demand.Circle,
        Mode = mode,
        Candidates = candidates.Sites.Count,
        ModelColumns = prep.Model.ColumnCount,
        ModelRows = prep.Model.RowCount,
        UncoveredSamples = demand.Samples.Length,
        BaseFacilities = demand.BaseFacilities,
        CountedStatuses = demand.CountedStatuses,
        TotalDemand = demand.TotalDemand,
        BaseCoveredDemand = demand.BaseCoveredDemand,
        BasePercent = demand.BasePercent,
        ReachablePercent = prep.ReachablePercent,
        Optimal = optimal,
        Greedy = greedy,
        ReachTime = prep.ReachTime,
        Rejected = candidates.Rejected,
        Notes = notes,
    };
}
