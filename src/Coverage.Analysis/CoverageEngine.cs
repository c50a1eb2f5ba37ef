using System.Collections.Concurrent;
using Coverage.Analysis.Capacity;
using Coverage.Analysis.Circles;
using Coverage.Analysis.Isochrones;
using Coverage.Analysis.Region;
using Coverage.Analysis.WhatIf;
using Coverage.Core;
using Coverage.Core.Domain;
using Coverage.Core.Geo;
using Coverage.Network.Search;

namespace Coverage.Analysis;

/// <summary>
/// The analysis entry point the CLI and server call. Travel times are one multi-source search (to the nearest facility, unbounded) per category
/// group and walk profile, cached at the settlement samples; circles, what-ifs and isochrones are computed from them.
/// Thread-safe: searches use pooled scratch buffers and the cache fills once per group.
/// </summary>
public sealed class CoverageEngine
{
    readonly ConcurrentDictionary<string, Lazy<SampleTimes>> _cache = new();
    readonly ConcurrentDictionary<string, Lazy<FacilityReach>> _reach = new();
    readonly ConcurrentDictionary<string, Lazy<CircleSettlements>> _circleSettlements = new();
    readonly ConcurrentDictionary<string, Lazy<CircleFixed>> _circleFixed = new();
    readonly SearchScratchPool _pool;
    readonly Lazy<IsochroneBuilder> _isochrones;

    /// <param name="previous">The previous plan version's engine, if any: a search it has run whose facilities and samples this
    /// version holds unchanged is taken over instead of run again (see <see cref="TakeOverTimes"/>); the figures are the same.</param>
    public CoverageEngine(AnalysisRegion region, CoverageEngine? previous = null)
    {
        Region = region;
        _pool = SearchScratchPool.For(region.Graph);
        if (previous is not null) TakeOverTimes(previous);
        _isochrones = new Lazy<IsochroneBuilder>(() => new IsochroneBuilder(region));
        _indicators = new Lazy<IReadOnlyList<Indicators.IndicatorResult>>(() =>
            Coverage.Analysis.Indicators.IndicatorEngine.Evaluate(region.Seeds.Indicators, region.Facilities, region.Settlements,
                id => region.Seeds.FindCircle(id) is { } c ? Evaluate(c) : null));
    }

    public AnalysisRegion Region { get; }

    /// <summary>Searches (category groups) taken over from the previous plan version's engine.</summary>
    public int SearchesTakenOver { get; private set; }

    /// <summary>
    /// Takes over every search the previous version ran whose inputs this version holds unchanged: the same samples and snaps
    /// (<see cref="AnalysisRegion.SamplesToken"/>) and the same sources, i.e. the group's counted facilities are, in order, the
    /// same ids at exactly the same geometries (so the same snaps and seeds, added in the same order). The seconds are then
    /// the search's own and are shared; only the facility each sample is timed to is renumbered, old index to new (a map, not a
    /// copy of the times: <see cref="SampleTimes.Renumbered"/>), which keeps
    /// their order, so every tie breaks as it did. On a province a facility edit then searches its own group again, not all eight.
    /// </summary>
    void TakeOverTimes(CoverageEngine previous)
    {
        if (!ReferenceEquals(previous.Region.SamplesToken, Region.SamplesToken)) return;
        foreach (var (key, lazy) in previous._cache)
        {
            if (!lazy.IsValueCreated || FacilityMap(previous.Region, lazy.Value.Group) is not { } map) continue;
            var old = lazy.Value;
            _cache.TryAdd(key, new Lazy<SampleTimes>(() => old.Renumbered(map)));
            SearchesTakenOver++;
        }
    }

    /// <summary>
    /// Old facility index → new for a group whose counted facilities (<see cref="AnalysisRegion.CountedFacilities"/>, the very
    /// list <see cref="FillSources"/> adds as sources) are the same in both versions (the same count, and pair by pair in index
    /// order the same id and exactly the same geometry); null when they are not.
    /// </summary>
    int[]? FacilityMap(AnalysisRegion before, CategoryGroup group)
    {
        var now = Region.CountedFacilities(group);
        var then = before.CountedFacilities(group);
        if (now.Count != then.Count) return null;
        var map = new int[before.Facilities.Count];
        Array.Fill(map, -1);
        for (int j = 0; j < now.Count; j++)
        {
            var (a, b) = (Region.Facilities[now[j]], before.Facilities[then[j]]);
            if (a.Id != b.Id || !a.Geometry.EqualsExact(b.Geometry)) return null;
            map[then[j]] = now[j];
        }
        return map;
    }

    readonly Lazy<IReadOnlyList<Indicators.IndicatorResult>> _indicators;

    /// <summary>The plan's indicators (seeds/indicators.json), evaluated once per plan version: every view reads these.</summary>
    public IReadOnlyList<Indicators.IndicatorResult> Indicators => _indicators.Value;

    /// <summary>The catalogue's circle with this id; bad input (bilingual) when there is none.</summary>
    public CircleStandard Circle(string circleId) =>
        Region.Seeds.FindCircle(circleId)
        ?? throw new AnalysisInputException($"未知服务圈“{circleId}”，可选：{string.Join("、", Region.Seeds.Circles.Select(c => c.Id))}",
            $"Unknown circle '{circleId}'. Known: {string.Join(", ", Region.Seeds.Circles.Select(c => c.Id))}");

    public CircleCoverage Evaluate(string circleId) => Evaluate(Circle(circleId));

    /// <summary>Coverage of any circle standard (from the catalogue or ad hoc). Never throws for bad circle data: see Notes.</summary>
    public CircleCoverage Evaluate(CircleStandard circle)
    {
        var plan = Plan(circle);
        if (!plan.Computable) return NotComputed(plan);
        var times = plan.Groups.Select(Times).ToArray();
        return Score(plan, times, [], []);
    }

    /// <summary>
    /// Every circle of the catalogue (the whole-county report): each distinct search once and each circle's fixed part, spread
    /// over <see cref="AnalysisOptions.Parallelism"/> threads, then the circles scored together
    /// (<see cref="CircleScorer.ScoreAll"/>: each sample read once for all of them). Each circle's figures are those of
    /// <see cref="Evaluate(CircleStandard)"/>, bit for bit.
    /// </summary>
    /// <remarks>
    /// One queue, the searches first and then the circles' fixed parts, handed out one item at a time. Scoring waits for
    /// every search: the eight whole-region searches of a province take about as long each, so the threads finish them
    /// together, and scoring the circles together reads each sample's edge once where scoring them one by one read it
    /// once per group of each circle (twelve times).
    /// </remarks>
    public IReadOnlyList<CircleCoverage> EvaluateAll() => EvaluateMany(Region.Seeds.Circles);

    /// <summary>
    /// These circles (from the catalogue or ad hoc) evaluated together as <see cref="EvaluateAll"/> evaluates the catalogue's,
    /// in their order: each circle's figures are those of <see cref="Evaluate(CircleStandard)"/>, bit for bit.
    /// </summary>
    public IReadOnlyList<CircleCoverage> EvaluateMany(IReadOnlyList<CircleStandard> circles)
    {
        // At most one thread per core: every searching thread rents a scratch of ~24 B per graph node that the pool keeps,
        // and on a busy machine the thread pool would otherwise add threads (and scratches) while searches run long.
        var options = new ParallelOptions { MaxDegreeOfParallelism = Region.Options.Parallelism ?? Environment.ProcessorCount };
        var plans = circles.Select(Plan).ToArray();
        var computable = plans.Where(p => p.Computable).ToArray();
        var groups = computable.SelectMany(p => p.Groups).DistinctBy(g => g.Key).ToArray();
        var queue = Partitioner.Create(Enumerable.Range(0, groups.Length + computable.Length), EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(queue, options, i =>
        {
            if (i < groups.Length) Times(groups[i]);
            else FixedOf(computable[i - groups.Length]);
        });
        var scored = CircleScorer.ScoreAll(Region, computable.Select(p => Input(p, p.Groups.Select(Times).ToArray(), [], [])).ToList());
        var results = new CircleCoverage[plans.Length];
        for (int i = 0, j = 0; i < plans.Length; i++) results[i] = plans[i].Computable ? scored[j++] : NotComputed(plans[i]);
        return results;
    }

    /// <summary>The circle's scored settlements and their village links (cached per set of settlement kinds).</summary>
    CircleSettlements SettlementsOf(CircleStandard circle) =>
        _circleSettlements.GetOrAdd(CircleSettlements.KeyOf(circle), _ => new Lazy<CircleSettlements>(() => CircleSettlements.Of(Region, circle))).Value;

    /// <summary>
    /// The circle scored from these times, with the engine's cached <see cref="CircleFixed"/> part; a what-if that removes or
    /// adds facilities of a presence circle tests the villages' polygons again with its own facilities.
    /// </summary>
    CircleCoverage Score(CirclePlan plan, SampleTimes[] times, IReadOnlyList<Facility> added, IReadOnlyList<AnalysisNote> notes,
        IReadOnlySet<int>? removed = null) =>
        CircleScorer.ScoreAll(Region, [Input(plan, times, added, notes, removed)])[0];

    /// <summary>What scoring reads of a circle, with the engine's cached <see cref="CircleFixed"/> part.</summary>
    CircleScorer.CircleInput Input(CirclePlan plan, SampleTimes[] times, IReadOnlyList<Facility> added, IReadOnlyList<AnalysisNote> notes,
        IReadOnlySet<int>? removed = null)
    {
        var fixedPart = FixedOf(plan);
        var inside = fixedPart.FacilityInside is { } planInside && (removed is { Count: > 0 } || added.Count > 0)
            ? CircleScorer.FacilitiesInside(Region, plan.Circle, fixedPart.Settlements, planInside, removed ?? new HashSet<int>(), added)
            : fixedPart.FacilityInside;
        return new(plan, times, added, notes, fixedPart.Settlements, inside, fixedPart.Unsnapped);
    }

    /// <summary>What a circle's scoring reads that no travel time changes: its settlements, facilities inside them, snap issues.</summary>
    sealed record CircleFixed(CircleSettlements Settlements, int[]? FacilityInside, IReadOnlyList<SnapIssue> Unsnapped);

    /// <summary>
    /// The circle's <see cref="CircleFixed"/>, cached per definition (kind, categories, settlement kinds, searched groups): on a
    /// province the presence test of every village polygon and the snap-issue filter cost as much as scoring the times.
    /// </summary>
    CircleFixed FixedOf(CirclePlan plan)
    {
        var circle = plan.Circle;
        string key = string.Join("\u001f", [circle.Kind.ToString(), CircleSettlements.KeyOf(circle), string.Join("\u001e", circle.Categories),
            .. plan.Groups.Select(g => g.Key)]);
        return _circleFixed.GetOrAdd(key, _ => new Lazy<CircleFixed>(() =>
        {
            var settlements = SettlementsOf(circle);
            return new CircleFixed(settlements, CircleScorer.FacilitiesInside(Region, circle, settlements), CircleScorer.UnsnappedFor(Region, plan, settlements));
        })).Value;
    }

    /// <summary>
    /// What a circle's coverage becomes when facilities are added (each joined to the network; one search from all of
    /// them, kept where quicker) and removed by id (their groups re-searched without them).
    /// </summary>
    /// <param name="before">
    /// The plan's coverage of this circle as this engine computed it (<see cref="Evaluate(string)"/>), when the caller holds it
    /// (the server keeps each circle per plan version): the what-if's "before" is then that very answer, not scored again
    /// (on a province a circle's scoring takes a few tenths of a second). Computed here when null.
    /// </param>
    public WhatIfResult WhatIf(string circleId, IReadOnlyList<Facility> added, IReadOnlyCollection<string> removedIds, CircleCoverage? before = null)
    {
        var circle = Circle(circleId);
        if (before is not null && before.Circle.Id != circle.Id)
            throw new ArgumentException($"The coverage given as before is of circle '{before.Circle.Id}', not '{circle.Id}'.", nameof(before));
        var removed = new HashSet<int>();
        foreach (var id in removedIds)
        {
            int i = Region.FacilityIndexOf(id);
            if (i < 0) throw new AnalysisInputException($"未知设施编号“{id}”，无法移除", $"Unknown facility id '{id}': cannot remove it");
            removed.Add(i);
        }
        var plan = Plan(circle);
        before ??= Evaluate(circle);
        if (!plan.Computable) return WhatIfResult.Compare(before, before, []);

        var notes = new List<AnalysisNote>();
        var times = new SampleTimes[plan.Groups.Count];
        for (int g = 0; g < times.Length; g++)
        {
            var group = plan.Groups[g];
            bool touched = removed.Any(i => group.Matches(Region.Facilities[i]));
            times[g] = touched ? Search(group, removed) : Times(group);
            var adds = Enumerable.Range(0, added.Count).Where(j => group.Matches(added[j])).ToList();
            if (adds.Count > 0) times[g] = WithAdded(times[g], added, adds, notes);
        }
        foreach (var f in added.Where(f => !plan.Groups.Any(g => g.Matches(f))))
            notes.Add(AnalysisNote.Warning("added-not-counted", $"新增设施“{f.Name}”（{f.Category}）不属于该服务圈的类别，不影响结果",
                $"Added facility '{f.Name}' ({f.Category}) is not of this circle's categories: no effect"));
        var after = Score(plan, times, added, notes, removed);
        return WhatIfResult.Compare(before, after, notes);
    }

    /// <summary>
    /// A nearest circle's capacity figures: accessibility per settlement (2SFCA or Gaussian E2SFCA) and capacitated coverage,
    /// from one bounded search per counted facility (cached per group and minutes), timed exactly as the coverage figures are.
    /// </summary>
    public CapacityAnalysis Capacity(string circleId, CatchmentMethod method)
    {
        var plan = Plan(Circle(circleId));
        return CapacityAnalyzer.Analyze(Region, plan, method, (group, facilities) => FacilityReachOf(group, plan.LimitSeconds, facilities));
    }

    /// <summary>Per-facility catchments of a group's counted facilities up to a limit (cached: the facilities are fixed per plan version).</summary>
    internal FacilityReach FacilityReachOf(CategoryGroup group, double limitSeconds, IReadOnlyList<int> facilities) =>
        _reach.GetOrAdd($"{group.Key}|{limitSeconds}", _ => new Lazy<FacilityReach>(() => FacilityReach.Search(Region, group, facilities, limitSeconds, _pool))).Value;

    /// <summary>Nested isochrone bands from a point (snapped to the network).</summary>
    public IsochroneResult Isochrone(LonLat origin, IReadOnlyList<double> minutes, WalkProfile profile) =>
        _isochrones.Value.FromPoint(origin, minutes, profile, _pool);

    /// <summary>Nested isochrone bands from a facility of the region (a trail from its whole length).</summary>
    public IsochroneResult Isochrone(string facilityId, IReadOnlyList<double> minutes, WalkProfile profile)
    {
        int i = Region.FacilityIndexOf(facilityId);
        if (i < 0) throw new AnalysisInputException($"未知设施编号“{facilityId}”", $"Unknown facility id '{facilityId}'");
        return _isochrones.Value.FromFacility(i, minutes, profile, _pool);
    }

    /// <summary>Searches whose sample times this engine holds, and their bytes (<see cref="SampleTimes.Bytes"/>: a frozen search, 8 bytes per graph node).</summary>
    public (int Searches, long Bytes) HeldTimes
    {
        get
        {
            var held = _cache.Values.Where(l => l.IsValueCreated).Select(l => l.Value).ToList();
            return (held.Count, held.Sum(t => t.Bytes));
        }
    }

    /// <summary>Cached sample times of a group (all counted facilities of it).</summary>
    public SampleTimes Times(CategoryGroup group) =>
        _cache.GetOrAdd(group.Key, _ => new Lazy<SampleTimes>(() => Search(group, null))).Value;

    CirclePlan Plan(CircleStandard circle) => CirclePlan.For(circle, Region.Seeds);

    CircleCoverage NotComputed(CirclePlan plan) => new()
    {
        Circle = plan.Circle,
        Computed = false,
        Settlements = [],
        Towns = [],
        County = new CircleScorer.AreaSums().ToArea("全县 County", plan.Circle.TargetPercent),
        Equity = new EquityMeasures(),
        Unsnapped = [],
        Notes = plan.Notes,
    };

    SampleTimes Search(CategoryGroup group, HashSet<int>? excluded)
    {
        var scratch = _pool.Rent();
        try
        {
            int sources = FillSources(group, excluded, scratch.Sources);
            if (scratch.Sources.IsEmpty) return SampleTimes.OfSearch(group, null, Region.SampleSnaps, sources);
            var search = RunWithoutTree(group.Profile, scratch);
            if (!HoldAsArrays(Region.SampleCount, search.FrozenBytes)) return SampleTimes.OfSearch(group, search.TakeFrozen(), Region.SampleSnaps, sources);
            // Fewer samples than nodes (a sparse region on a large graph): per-sample arrays are the smaller way to hold them.
            var seconds = GC.AllocateUninitializedArray<float>(Region.SampleCount);
            var facility = GC.AllocateUninitializedArray<int>(Region.SampleCount);
            search.ReadSamples(Region.SampleSnaps, seconds, facility, keepBetterOnly: false); // +∞ and -1 where unreached
            return SampleTimes.OfArrays(group, seconds, facility, sources);
        }
        finally { _pool.Return(scratch); }
    }

    /// <summary>
    /// Whether a search's sample times are held as per-sample arrays (8 bytes per sample) rather than as its frozen search
    /// (8 bytes per graph node): whichever is smaller. A province has ~4.4 samples per node; a 1 M-node grid with 20,000
    /// villages 0.02, where a frozen search per group would hold 64 MB for what arrays hold in 1.3 MB. The figures are the same.
    /// </summary>
    internal static bool HoldAsArrays(long samples, long frozenBytes) => 8L * samples <= frozenBytes;

    /// <summary>The group's counted facilities (less the excluded) as sources, each under its facility index; returns how many.</summary>
    int FillSources(CategoryGroup group, HashSet<int>? excluded, SourceSet set)
    {
        set.Clear();
        int sources = 0;
        foreach (int i in Region.CountedFacilities(group))
        {
            if (excluded?.Contains(i) == true) continue;
            Region.AddSources(set, i, i);
            sources++;
        }
        return sources;
    }

    /// <summary>
    /// The walk behind a settlement's minutes under a circle (from <paramref name="coverage"/>, this engine's answer): traced
    /// through the search tree of the same multi-source search, from the sample the minutes are timed at to the nearest
    /// facility, with the point where the walk passes the circle's limit. Null when there is no walk (see <see cref="VillageRoute"/>).
    /// </summary>
    public VillageRoute? Route(CircleCoverage coverage, SettlementCoverage row)
    {
        if (!coverage.Computed || row.BestSample < 0) return null;
        var plan = Plan(coverage.Circle);
        var times = plan.Groups.Select(Times).ToArray();
        var (_, facility, group) = CircleScorer.Slowest(times, row.BestSample);
        if (facility < 0) return null;
        var scratch = _pool.Rent();
        try
        {
            FillSources(plan.Groups[group], null, scratch.Sources);
            BoundedDijkstra.Run(Region.Graph, plan.Groups[group].Profile, scratch.Sources, double.PositiveInfinity, scratch.Space, scratch.Times);
            var walk = scratch.Times.RouteTo(Region.FullSampleSnap(row.BestSample));
            return walk is null ? null : VillageRoute.Of(Region, coverage.Circle, row, walk);
        }
        finally { _pool.Return(scratch); }
    }

    SampleTimes WithAdded(SampleTimes baseTimes, IReadOnlyList<Facility> added, List<int> which, List<AnalysisNote> notes)
    {
        var (seconds, facility) = baseTimes.ToArrays();
        var scratch = _pool.Rent();
        try
        {
            scratch.Sources.Clear();
            foreach (int j in which)
            {
                var issue = Region.AddSources(scratch.Sources, added[j], Region.Facilities.Count + j);
                if (issue is { Excluded: true })
                    notes.Add(AnalysisNote.Error("added-off-network", issue.DescribeZh, issue.DescribeEn));
            }
            if (!scratch.Sources.IsEmpty)
            {
                // One search from the added facilities, kept at a sample where it is quicker.
                RunWithoutTree(baseTimes.Group.Profile, scratch).ReadSamples(Region.SampleSnaps, seconds, facility, keepBetterOnly: true);
            }
            return SampleTimes.OfArrays(baseTimes.Group, seconds, facility, baseTimes.SourceCount);
        }
        finally { _pool.Return(scratch); }
    }

    /// <summary>One search from the scratch's sources to the nearest of them, unbounded, without its tree (sample times need none); its times are the scratch's.</summary>
    TravelTimes RunWithoutTree(WalkProfile profile, SearchScratch scratch)
    {
        BoundedDijkstra.Run(Region.Graph, profile, scratch.Sources, double.PositiveInfinity, scratch.Space, scratch.Times, tree: false);
        return scratch.Times;
    }
}
