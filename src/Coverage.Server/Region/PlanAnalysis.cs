using System.Collections.Concurrent;
using Coverage.Analysis;
using Coverage.Analysis.Circles;
using Coverage.Analysis.Region;
using Coverage.Storage;

namespace Coverage.Server.Region;

/// <summary>
/// The analysis engine over the current plan. The engine is immutable, so a change to facilities, settlements or circles
/// (seen in the edit log, whoever made it: this server, the CLI, another server on the same PostGIS) builds a new one.
/// When the store is down or does not answer (within <see cref="FreshnessBudget"/> once an outage is known), the last plan read keeps answering
/// (the analysis needs nothing else), and the response says so in <see cref="StaleHeader"/> headers.
/// </summary>
public sealed class PlanAnalysis(RegionHost region, ILogger<PlanAnalysis> log, IHttpContextAccessor? http = null)
{
    /// <summary>Response header on an analysis answered from memory: the time (ISO 8601, UTC) the store last confirmed that plan.</summary>
    public const string StaleHeader = "X-Coverage-Plan-Stale";
    /// <summary>Why (percent-encoded UTF-8, "中文 / English"), next to <see cref="StaleHeader"/>.</summary>
    public const string StaleReasonHeader = "X-Coverage-Plan-Stale-Reason";
    /// <summary>
    /// While the store is known to be down (the last check failed), how long a read waits for it to say whether the plan
    /// changed before answering from memory. The first check of an outage is bounded by the store's own timeouts.
    /// </summary>
    public static readonly TimeSpan FreshnessBudget = TimeSpan.FromSeconds(2);

    static readonly HashSet<string> PlanEntities = [.. IPlanStore.PlanEntities];
    readonly SemaphoreSlim _gate = new(1, 1);
    Snapshot? _current;
    long _confirmedTicks;
    volatile bool _outage;
    // Counts the store's answers (confirmations, committed writes): a read that gave up waiting marks an outage only if
    // none came meanwhile, or back-to-back reads would keep re-marking the outage a late answer just ended.
    long _answers;

    /// <param name="PlanVersion">The store's plan version (<see cref="IPlanStore.PlanVersionAsync"/>) read before the plan: the
    /// engine holds at least that version (a change made while loading is seen by the next read, which rebuilds).</param>
    sealed record Snapshot(CoverageEngine Engine, long SeenEditId, ConcurrentDictionary<string, Lazy<CircleCoverage>> Coverage, long PlanVersion);

    /// <summary>When the store last confirmed the plan in memory is current (null before the first read).</summary>
    public DateTimeOffset? ConfirmedAt => Interlocked.Read(ref _confirmedTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    public async Task<CoverageEngine> EngineAsync(CancellationToken ct) => (await CurrentAsync(ct)).Engine;

    /// <summary>The engine with the plan version it was built on: what a saved life-circle grouping is tied to.</summary>
    public async Task<(CoverageEngine Engine, long PlanVersion)> VersionedEngineAsync(CancellationToken ct)
    {
        var snapshot = await CurrentAsync(ct);
        return (snapshot.Engine, snapshot.PlanVersion);
    }

    /// <summary>The engine, after checking the circle exists in the plan (an unknown circle is a 404, like any unknown id).</summary>
    public async Task<CoverageEngine> EngineForCircleAsync(string circleId, CancellationToken ct) => CheckCircle(await EngineAsync(ct), circleId);

    static CoverageEngine CheckCircle(CoverageEngine engine, string circleId)
    {
        if (engine.Region.Seeds.FindCircle(circleId) is null)
            throw Api.NotFound.Problem(Api.NotFound.Circle, circleId, new($"可选：{string.Join("、", engine.Region.Seeds.Circles.Select(c => c.Id))}。",
                $"Known: {string.Join(", ", engine.Region.Seeds.Circles.Select(c => c.Id))}."));
        return engine;
    }

    /// <summary>A circle's coverage over the current plan, computed once per plan version.</summary>
    public async Task<(CoverageEngine Engine, CircleCoverage Coverage)> CoverageAsync(string circleId, CancellationToken ct)
    {
        var snapshot = await CurrentAsync(ct);
        return (snapshot.Engine, CoverageOf(snapshot, circleId));
    }

    /// <summary>The engine and the plan's coverage per circle from one plan version (each circle computed once per version).</summary>
    public async Task<(CoverageEngine Engine, Func<string, CircleCoverage> Coverage)> PlanAsync(CancellationToken ct)
    {
        var snapshot = await CurrentAsync(ct);
        return (snapshot.Engine, circleId => CoverageOf(snapshot, circleId));
    }

    /// <summary>
    /// The engine and every circle's coverage from one plan version: the circles not computed yet are computed together
    /// (<see cref="CoverageEngine.EvaluateMany"/>: each sample read once for all of them, on every core), each then kept as
    /// a circle computed alone would be.
    /// </summary>
    public async Task<(CoverageEngine Engine, Func<IReadOnlyList<CircleCoverage>> All)> AllCirclesAsync(CancellationToken ct)
    {
        var snapshot = await CurrentAsync(ct);
        return (snapshot.Engine, () => AllOf(snapshot));
    }

    static IReadOnlyList<CircleCoverage> AllOf(Snapshot snapshot)
    {
        var circles = snapshot.Engine.Region.Seeds.Circles;
        var missing = circles.Where(c => !snapshot.Coverage.ContainsKey(c.Id)).ToList();
        if (missing.Count > 0)
        {
            // The batch is fixed before any of its circles is published: a circle another request added meanwhile keeps its
            // own answer (the same figures), and the batch's copy of it is not read.
            var batch = new Lazy<IReadOnlyList<CircleCoverage>>(() => snapshot.Engine.EvaluateMany(missing));
            for (int i = 0; i < missing.Count; i++)
            {
                int at = i;
                snapshot.Coverage.TryAdd(missing[i].Id, new Lazy<CircleCoverage>(() => batch.Value[at]));
            }
        }
        return circles.Select(c => snapshot.Coverage[c.Id].Value).ToList();
    }

    static CircleCoverage CoverageOf(Snapshot snapshot, string circleId)
    {
        var circle = CheckCircle(snapshot.Engine, circleId).Circle(circleId);
        return snapshot.Coverage.GetOrAdd(circle.Id, _ => new Lazy<CircleCoverage>(() => snapshot.Engine.Evaluate(circle))).Value;
    }

    async Task<Snapshot> CurrentAsync(CancellationToken ct)
    {
        var current = _current;
        if (current is null) return await ReadPlanAsync(null, await region.StoreAsync(ct), ct); // nothing in memory yet
        IPlanStore store;
        long latest;
        bool planChanged;
        // Not the request's token: a check that outlives the request's wait still finishes, and its answer is kept.
        var answers = Interlocked.Read(ref _answers);
        var check = CheckAsync(current, CancellationToken.None);
        try
        {
            // Only during a known outage: otherwise a slow but working store must still show a planner their own last write.
            (store, latest, planChanged) = await check.WaitAsync(_outage ? FreshnessBudget : Timeout.InfiniteTimeSpan, ct);
        }
        catch (Exception e) when (Outage(e) is { } why)
        {
            if (e is TimeoutException) _ = FinishLateAsync(current, check);
            return FromMemory(current, why, answers);
        }
        if (!planChanged) return Unchanged(current, latest);
        try { return await ReadPlanAsync(current, store, ct); }
        catch (PlanStoreException e) when (Outage(e) is { } why)
        {
            return FromMemory(current, why, answers);
        }
    }

    /// <summary>Only tokens or scenarios changed: remember how far the log was read (unless a rebuild overtook us), and that the store confirmed the plan.</summary>
    Snapshot Unchanged(Snapshot current, long latest)
    {
        if (latest > current.SeenEditId) Interlocked.CompareExchange(ref _current, current with { SeenEditId = latest }, current);
        Confirmed(DateTime.UtcNow);
        return current;
    }

    /// <summary>
    /// A check the request stopped waiting for (after <see cref="FreshnessBudget"/>) that succeeds later — the store is back:
    /// its answer confirms the plan, or rebuilds it when the plan changed meanwhile (a planner's write just after recovery),
    /// so the next read does not answer from memory again, missing that write.
    /// </summary>
    async Task FinishLateAsync(Snapshot current, Task<(IPlanStore Store, long Latest, bool PlanChanged)> check)
    {
        try
        {
            var (store, latest, planChanged) = await check;
            if (!planChanged) Unchanged(current, latest);
            else await ReadPlanAsync(current, store, CancellationToken.None);
            StoreAnswered(); // also when another request rebuilt the plan meanwhile: the store answered
        }
        catch (Exception e) when (Outage(e) is not null || e is PlanStoreException)
        {
            // Still down: the next read tries again.
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Background plan check failed");
        }
    }

    async Task<(IPlanStore Store, long Latest, bool PlanChanged)> CheckAsync(Snapshot current, CancellationToken ct)
    {
        var store = await region.StoreAsync(ct);
        var (latest, planChanged) = await ChangesSinceAsync(store, current.SeenEditId, ct);
        return (store, latest, planChanged);
    }

    /// <summary>
    /// A store call succeeded (a committed write, say): the outage is over, so reads wait for the store again instead of
    /// answering from memory after <see cref="FreshnessBudget"/>.
    /// </summary>
    public void StoreAnswered()
    {
        Interlocked.Increment(ref _answers);
        _outage = false;
    }

    /// <summary>Reads the whole plan and builds a new engine (one request at a time; the others then use it).</summary>
    async Task<Snapshot> ReadPlanAsync(Snapshot? current, IPlanStore store, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (!ReferenceEquals(_current, current)) return _current!; // rebuilt by another request meanwhile
            // Read the log position before the plan: an edit made during loading triggers one more rebuild, never none.
            var (latest, _) = await ChangesSinceAsync(store, current?.SeenEditId ?? 0, ct);
            var planVersion = await store.PlanVersionAsync(ct);
            var started = DateTime.UtcNow;
            var circles = await store.ListCircleStandardsAsync(ct);
            var facilities = await store.QueryFacilitiesAsync(new FacilityQuery(), ct);
            var settlements = await store.QuerySettlementsAsync(new SettlementQuery(), ct);
            var seeds = region.Seeds with { Circles = circles };
            var analysisRegion = await Task.Run(() => new AnalysisRegion(region.Graph, seeds, facilities, settlements, region.Analysis, snapper: region.Snapper,
                previous: current?.Engine.Region, placesCache: region.PlacesCache), ct);
            log.LogInformation("Analysis region built: {Facilities} facilities, {Settlements} settlements ({Kept} sampled as before) in {Ms:0} ms",
                facilities.Count, settlements.Count, analysisRegion.SettlementsTakenOver, (DateTime.UtcNow - started).TotalMilliseconds);
            if (analysisRegion.PlacesCacheUse is { } cache)
            {
                log.LogInformation("Places cache {Path}: {Read} settlements and {Facilities} facilities read, {Written}", cache.Path,
                    cache.SettlementsRead, cache.FacilitiesRead, cache.Written ? "written afresh" : "not rewritten");
                if (cache.Warning is not null) log.LogWarning("{Warning}", cache.Warning);
            }
            Confirmed(started);
            var snapshot = _current = new Snapshot(new CoverageEngine(analysisRegion, previous: current?.Engine), latest, new(), planVersion);
            WarmCircles(snapshot);
            return snapshot;
        }
        finally { _gate.Release(); }
    }

    /// <summary>
    /// A region the page reads by viewport (more than <see cref="Api.MapView.ViewportThreshold"/> places: a province) has every
    /// circle computed in the background, all together (<see cref="AllOf"/>), as soon as a plan version is read: a circle takes
    /// seconds there, and the page's circle switch must read a finished answer, not start one. A request for a circle
    /// meanwhile waits for the batch (or computes one the batch does not hold). Skipped when a newer plan version replaced this one.
    /// A county (every circle in well under a second) computes circles when asked, as before.
    /// </summary>
    void WarmCircles(Snapshot snapshot)
    {
        var analysisRegion = snapshot.Engine.Region;
        if (analysisRegion.Facilities.Count + analysisRegion.Settlements.Count <= Api.MapView.ViewportThreshold) return;
        _ = Task.Run(() =>
        {
            try
            {
                if (!ReferenceEquals(Volatile.Read(ref _current), snapshot)) return;
                AllOf(snapshot);
                log.LogInformation("Every circle of plan version {Version} computed in the background", snapshot.PlanVersion);
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Computing the circles in the background failed; they are computed when asked");
            }
        });
    }

    /// <summary>How many circles of the plan version in memory are computed, of how many (null before the plan is first read).</summary>
    public (int Computed, int Of)? CirclesComputed => _current is { } s
        ? (s.Coverage.Values.Count(l => l.IsValueCreated), s.Engine.Region.Seeds.Circles.Count) : null;

    void Confirmed(DateTime at)
    {
        Interlocked.Exchange(ref _confirmedTicks, at.Ticks);
        StoreAnswered();
    }

    /// <summary>Why the store cannot confirm the plan: unavailable, or no answer within the budget; null for any other failure.</summary>
    static (string Zh, string En)? Outage(Exception e) => e switch
    {
        PlanStoreException { Error: PlanStoreError.Unavailable or PlanStoreError.Busy } s => (s.MessageZh, s.MessageEn),
        TimeoutException => ($"规划数据库 {FreshnessBudget.TotalSeconds:0} 秒内无响应", $"the plan store did not answer within {FreshnessBudget.TotalSeconds:0} s"),
        _ => null,
    };

    /// <summary>The plan in memory answers; the response says since when it is unconfirmed and why.</summary>
    Snapshot FromMemory(Snapshot current, (string Zh, string En) why, long answersBefore)
    {
        if (Interlocked.Read(ref _answers) == answersBefore) _outage = true;
        log.LogInformation("Plan store unavailable: analysis answers from the plan in memory ({Why})", why.En);
        if (http?.HttpContext?.Response is { HasStarted: false } response)
        {
            var asOf = ConfirmedAt ?? DateTimeOffset.UtcNow;
            response.Headers[StaleHeader] = asOf.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
            var (zh, en) = StaleText(asOf, why);
            response.Headers[StaleReasonHeader] = Uri.EscapeDataString($"{zh} / {en}");
        }
        return current;
    }

    /// <summary>The answer comes from the plan in memory as of a time, because of why (Chinese, English).</summary>
    public static (string Zh, string En) StaleText(DateTimeOffset asOf, (string Zh, string En) why) => (
        $"规划数据库暂不可用，结果来自 {asOf:yyyy-MM-dd HH:mm:ss} UTC 的内存规划（{why.Zh}）",
        $"Plan store unavailable: answered from the plan in memory as of {asOf:yyyy-MM-dd HH:mm:ss} UTC ({why.En})");

    /// <summary>The newest edit-log id, and whether any edit after <paramref name="seen"/> touched the plan.</summary>
    static async Task<(long Latest, bool PlanChanged)> ChangesSinceAsync(IPlanStore store, long seen, CancellationToken ct)
    {
        long latest = seen;
        bool changed = false;
        while (true)
        {
            var rows = await store.ReadEditLogAsync(new EditLogQuery { AfterId = latest, Limit = 1000 }, ct);
            foreach (var row in rows)
            {
                latest = row.Id;
                changed |= PlanEntities.Contains(row.Entity);
            }
            if (rows.Count < 1000) return (latest, changed);
        }
    }
}
