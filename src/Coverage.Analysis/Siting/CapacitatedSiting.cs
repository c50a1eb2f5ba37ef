using System.Diagnostics;
using Coverage.Analysis.Capacity;
using Coverage.Analysis.Circles;
using Coverage.Core.Domain;

namespace Coverage.Analysis.Siting;

/// <summary>
/// A capacitated siting answer: the solver's proposals as a <see cref="SitingAnswer"/> (each site's NewlyCoveredDemand is the
/// demand it adds within capacity to the sites before it; Objective and Bound are the total served within capacities, existing
/// facilities included), and the demand served within capacities before and after (in the circle's demand unit).
/// </summary>
public sealed record CapacitatedSitingResult(CircleStandard Circle, int K, int SiteCapacity, SitingAnswer Answer, double TotalDemand,
    double ServedBefore, double ServedAfter, int Candidates, int ModelColumns, int ModelRows, IReadOnlyList<RejectedSite> Rejected,
    IReadOnlyList<AnalysisNote> Notes)
{
    public SolveStatus Status => Answer.Status;
    public double? Bound => Answer.Bound;
    public double? Gap => Answer.Gap;
    public double PercentBefore => TotalDemand > 0 ? ServedBefore / TotalDemand * 100 : 100;
}

/// <summary>
/// Capacitated siting for a nearest circle: choose k candidate sites, each with the same planner-given capacity (places), to
/// maximise the demand served within capacities by the existing facilities (their own capacities) and the new sites together.
/// Every counted facility of the circle must carry a capacity: a facility without one would be neither free capacity nor none,
/// so the request is refused naming them (the accessibility analysis, a map, leaves them out with a note instead).
/// Rows are every demand sample some column reaches (covered ones too: existing capacity may not suffice), samples reached by
/// the same columns merged (a transportation problem splits a row freely, so merging changes nothing); the existing catchments
/// are the capacity analysis's, the candidates' come from <see cref="ReachSets"/>, the siting's own per-candidate search.
/// Solved by <see cref="CpSatCover.MaxCapacitatedCover"/> (a flow variable per site and row it reaches, so at most
/// <see cref="MaxModelCandidates"/> candidates enter the model: those reaching the most demand no existing facility reaches,
/// said in a note); the served demand before and with the chosen sites is then their max flow over the unrounded demand (the
/// solver weighs centi-people; the flow gives the capacity analysis's own figures, and is never less than the solver's, which a
/// time limit can leave short of the best flow for its sites), and bound and gap are reported as the uncapacitated siting does.
/// </summary>
public static class CapacitatedSiting
{
    /// <summary>Proposals are ordered largest addition first by max flows, k² of them; beyond this many, in the solver's order.</summary>
    const int MaxOrdered = 20;
    /// <summary>Candidates in the model at most: 400 × a few hundred rows each is about 10⁵ flow variables, solved in seconds.</summary>
    public const int MaxModelCandidates = 400;

    public static CapacitatedSitingResult Solve(CoverageEngine engine, string circleId, CandidateSet candidates, int k, int siteCapacity,
        SolverLimits? limits = null)
    {
        if (k < 1) throw new AnalysisInputException($"新建数量须至少为 1（收到 {k}）", $"The number of new sites must be at least 1 (got {k})");
        CheckCapacity(siteCapacity);
        var region = engine.Region;
        var plan = CirclePlan.For(engine.Circle(circleId), region.Seeds);
        CapacityAnalyzer.Check(plan);
        var group = plan.Groups[0];
        var counted = region.CountedFacilities(group);
        CheckFacilityCapacities(region, plan.Circle, counted);
        var sites = candidates.Sites;
        if (sites.Count == 0)
            throw new AnalysisInputException("没有可用的候选点（均被拒绝或未给出）", "No usable candidate sites (all rejected or none given)");
        if (k > sites.Count)
            throw new AnalysisInputException($"要求新建 {k} 处，但只有 {sites.Count} 个候选点；请减少数量或提供更多候选点",
                $"{k} new sites asked for but there are only {sites.Count} candidates; ask for fewer or give more candidates");

        var villages = VillageHierarchy.Of(region, s => plan.Circle.AppliesToKind(s.Kind));
        var demand = CapacityAnalyzer.SampleDemand(region, plan.Circle, villages);
        double total = demand.Sum();
        var samples = Enumerable.Range(0, demand.Length).Where(s => demand[s] > 0 && region.SampleSnaps[s].IsOnNetwork).ToArray();
        var clock = Stopwatch.StartNew();
        var existing = engine.FacilityReachOf(group, plan.LimitSeconds, counted);
        var columns = new List<int[]>();
        var capacity = new List<long>();
        var fixedOpen = new List<bool>();
        var sampleIndex = new Dictionary<int, int>();
        for (int i = 0; i < samples.Length; i++) sampleIndex[samples[i]] = i;
        for (int j = 0; j < existing.Count; j++)
        {
            var reached = new List<int>();
            for (int e = existing.First[j]; e < existing.First[j + 1]; e++)
                if (sampleIndex.TryGetValue(existing.Samples[e], out int i)) reached.Add(i);
            columns.Add([.. reached]); capacity.Add(Scaled(region.Facilities[existing.Facility[j]].Capacity!.Value)); fixedOpen.Add(true);
        }
        int firstCandidate = columns.Count;
        var reach = ReachSets.Compute(region, group.Profile, plan.LimitSeconds, samples, sites.Count, (c, set) =>
        {
            set.AddPoint(sites[c].Snap, c);
            return sites[c].Snap.Edge;
        });
        var pool = Pool(reach, columns, samples.Select(s => demand[s]).ToArray());
        foreach (int c in pool) { columns.Add(reach[c]); capacity.Add(Scaled(siteCapacity)); fixedOpen.Add(false); }

        var (inst, exact) = MergedRows(samples.Select(s => demand[s]).ToArray(), columns, [.. capacity], [.. fixedOpen]);
        var hint = Enumerable.Range(firstCandidate, Math.Min(k, pool.Count)).ToArray();
        var solution = CpSatCover.MaxCapacitatedCover(inst, k, limits ?? SolverLimits.Default, hint);
        // No answer in time: the hint (the k candidates reaching the most demand no facility reaches) stands, as greedy does uncapacitated.
        var chosen = solution.Status is SolveStatus.Optimal or SolveStatus.Feasible ? solution.Chosen : hint;
        // Served figures from the unrounded demand (the solver's integers only choose the sites): "served now" is then the
        // capacity analysis's own figure, and "after" what it would say with the sites built.
        double beforeScaled = CpSatCover.ServedBy(inst, [], exact);
        var ordered = Ordered(inst, exact, chosen, beforeScaled);
        double afterScaled = beforeScaled + ordered.Sum(p => p.Added);
        double bound = Math.Max(solution.Bound, afterScaled);
        double gap = solution.Status == SolveStatus.Optimal ? 0 : bound > 0 ? (bound - afterScaled) / bound : 0;
        var proposals = ordered.Select(p =>
        {
            var site = sites[pool[p.Column - firstCandidate]];
            return new ProposedSite(site, p.Added / SitingDemand.WeightScale, [], SiteLabel.Of(region, site.Lon, site.Lat));
        }).ToList();
        double before = beforeScaled / SitingDemand.WeightScale, after = afterScaled / SitingDemand.WeightScale;
        clock.Stop();
        var answer = new SitingAnswer("CP-SAT", solution.Status, proposals, after - before, total > 0 ? Math.Min(100, after / total * 100) : 100,
            after, bound / SitingDemand.WeightScale, gap, clock.Elapsed);
        var notes = new List<AnalysisNote>(plan.Notes);
        if (pool.Count < sites.Count)
            notes.Add(AnalysisNote.Info("capacitated-candidates",
                $"{sites.Count} 个候选点中，按容量选址只比较步行范围内未被现有设施覆盖的需求最多的 {pool.Count} 个；上界与差距针对这些候选点",
                $"Of {sites.Count} candidates, capacitated siting compares the {pool.Count} reaching the most demand no existing facility reaches; bound and gap are over those"));
        return new CapacitatedSitingResult(plan.Circle, k, siteCapacity, answer, total, before, after, sites.Count, inst.ColumnCount, inst.RowCount,
            candidates.Rejected, notes);
    }

    /// <summary>
    /// The candidates the model compares, best first: all when few, else the <see cref="MaxModelCandidates"/> reaching the most
    /// demand no existing facility reaches (then the most demand in reach); candidates reaching no demand never help.
    /// </summary>
    static List<int> Pool(int[][] reach, List<int[]> existing, double[] demand)
    {
        var reachedByExisting = new bool[demand.Length];
        foreach (var col in existing) foreach (int s in col) reachedByExisting[s] = true;
        return Enumerable.Range(0, reach.Length).Where(c => reach[c].Length > 0)
            .Select(c => (Column: c, Uncovered: reach[c].Where(s => !reachedByExisting[s]).Sum(s => demand[s]), All: reach[c].Sum(s => demand[s])))
            .OrderByDescending(p => p.Uncovered).ThenByDescending(p => p.All).ThenBy(p => p.Column)
            .Take(MaxModelCandidates).Select(p => p.Column).ToList();
    }

    /// <summary>The new sites' capacity: a whole number of places, at least 1 (the one rule for the API, the CLI and the library).</summary>
    public static void CheckCapacity(int siteCapacity)
    {
        if (siteCapacity < 1)
            throw new AnalysisInputException($"新设施容量（床位/座位数）须为正整数，而不是 {siteCapacity}；请给出每处新设施的容量，如 40",
                $"The new sites' capacity (places) must be a positive whole number, not {siteCapacity}; give each new site's capacity, e.g. 40");
    }

    /// <summary>Every counted facility of the circle carries a capacity, or bad input naming those that do not (the first 20).</summary>
    static void CheckFacilityCapacities(Region.AnalysisRegion region, CircleStandard circle, List<int> counted)
    {
        var without = counted.Where(i => region.Facilities[i].Capacity is null).Select(i => region.Facilities[i]).ToList();
        if (without.Count == 0) return;
        string list = string.Join(", ", without.Take(20).Select(f => $"{f.Id} {f.Name}")) + (without.Count > 20 ? " …" : "");
        throw new AnalysisInputException(
            $"服务圈“{circle.NameZh}”有 {without.Count} 处计入的设施没有容量，无法按容量选址：{list}。请先为这些设施填写容量（capacity），或改用不计容量的选址",
            $"Circle '{circle.Id}' counts {without.Count} facilities without a capacity, so capacitated siting cannot weigh them: {list}. Give them a capacity first, or site without capacities");
    }

    static long Scaled(int places) => (long)places * (long)SitingDemand.WeightScale;

    /// <summary>
    /// The instance with samples reached by exactly the same columns merged into one row (weights summed after rounding each
    /// to centi-people) and samples no column reaches dropped: the same served demand for every choice of sites, fewer variables.
    /// Exact: each row's demand in the same units without the rounding, for the served figures.
    /// </summary>
    static (CapacitatedInstance Instance, double[] Exact) MergedRows(double[] demand, List<int[]> columns, long[] capacity, bool[] fixedOpen)
    {
        var reachedBy = new List<int>[demand.Length];
        for (int c = 0; c < columns.Count; c++)
            foreach (int s in columns[c]) (reachedBy[s] ??= []).Add(c);
        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var weight = new List<long>();
        var exact = new List<double>();
        var merged = columns.Select(_ => new List<int>()).ToArray();
        for (int s = 0; s < demand.Length; s++)
        {
            if (reachedBy[s] is not { } cols) continue;
            string key = string.Join(',', cols);
            if (!rowOf.TryGetValue(key, out int r))
            {
                r = rowOf[key] = weight.Count;
                weight.Add(0);
                exact.Add(0);
                foreach (int c in cols) merged[c].Add(r);
            }
            weight[r] += (long)Math.Round(demand[s] * SitingDemand.WeightScale);
            exact[r] += demand[s] * SitingDemand.WeightScale;
        }
        return (new CapacitatedInstance([.. weight], merged.Select(m => m.ToArray()).ToArray(), capacity, fixedOpen), [.. exact]);
    }

    /// <summary>
    /// The chosen columns largest addition first, each with the demand it adds within capacity to those before it (max flows
    /// over the exact row weights).
    /// </summary>
    static List<(int Column, double Added)> Ordered(CapacitatedInstance inst, double[] exact, IReadOnlyList<int> chosen, double servedBefore)
    {
        var open = new List<int>();
        var order = new List<(int, double)>();
        double served = servedBefore;
        var remaining = chosen.ToList();
        while (remaining.Count > 0)
        {
            // The flow with the next site open is the one its choice was made by (not solved again once chosen).
            var (next, now) = remaining.Count <= MaxOrdered
                ? remaining.Select(c => (Column: c, Served: CpSatCover.ServedBy(inst, [.. open, c], exact))).MaxBy(p => p.Served)
                : (remaining[0], CpSatCover.ServedBy(inst, [.. open, remaining[0]], exact));
            remaining.Remove(next);
            open.Add(next);
            order.Add((next, now - served));
            served = now;
        }
        return order;
    }
}
