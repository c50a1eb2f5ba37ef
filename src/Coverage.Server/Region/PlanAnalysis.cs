using System.Collections.Concurrent;
using Coverage.Analysis;
using Coverage.Analysis.Circles;
using Coverage.Analysis.Region;
using Coverage.Storage;

namespace Coverage.Server.Region;

/// <summary>
/// The analysis engine over the current plan. The engine is immutable, so a change to facilities, settlements or circles
/// (seen in the edit log, whoever made it: this server, the CLI, another server on the same PostGIS) builds a new one.
/// </summary>
public sealed class PlanAnalysis(RegionHost region, ILogger<PlanAnalysis> log)
{
    static readonly HashSet<string> PlanEntities = ["facility", "settlement", "circle_standard", Storage.Backup.RestoreLog.Entity];
    readonly SemaphoreSlim _gate = new(1, 1);
    Snapshot? _current;

    sealed record Snapshot(CoverageEngine Engine, long SeenEditId, ConcurrentDictionary<string, Lazy<CircleCoverage>> Coverage);

    public async Task<CoverageEngine> EngineAsync(CancellationToken ct) => (await CurrentAsync(ct)).Engine;

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

    static CircleCoverage CoverageOf(Snapshot snapshot, string circleId)
    {
        var circle = CheckCircle(snapshot.Engine, circleId).Circle(circleId);
        return snapshot.Coverage.GetOrAdd(circle.Id, _ => new Lazy<CircleCoverage>(() => snapshot.Engine.Evaluate(circle))).Value;
    }

    async Task<Snapshot> CurrentAsync(CancellationToken ct)
    {
        var store = await region.StoreAsync(ct);
        var current = _current;
        if (current is not null)
        {
            var (latest, planChanged) = await ChangesSinceAsync(store, current.SeenEditId, ct);
            if (!planChanged)
            {
                // Only tokens or scenarios changed: remember how far the log was read, unless a rebuild overtook us.
                if (latest > current.SeenEditId) Interlocked.CompareExchange(ref _current, current with { SeenEditId = latest }, current);
                return current;
            }
        }
        await _gate.WaitAsync(ct);
        try
        {
            if (!ReferenceEquals(_current, current)) return _current!; // rebuilt by another request meanwhile
            // Read the log position before the plan: an edit made during loading triggers one more rebuild, never none.
            var (latest, _) = await ChangesSinceAsync(store, current?.SeenEditId ?? 0, ct);
            var started = DateTime.UtcNow;
            var circles = await store.ListCircleStandardsAsync(ct);
            var facilities = await store.QueryFacilitiesAsync(new FacilityQuery(), ct);
            var settlements = await store.QuerySettlementsAsync(new SettlementQuery(), ct);
            var seeds = region.Seeds with { Circles = circles };
            var analysisRegion = await Task.Run(() => new AnalysisRegion(region.Graph, seeds, facilities, settlements, region.Analysis, snapper: region.Snapper), ct);
            log.LogInformation("Analysis region built: {Facilities} facilities, {Settlements} settlements in {Ms:0} ms",
                facilities.Count, settlements.Count, (DateTime.UtcNow - started).TotalMilliseconds);
            return _current = new Snapshot(new CoverageEngine(analysisRegion), latest, new());
        }
        finally { _gate.Release(); }
    }

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
