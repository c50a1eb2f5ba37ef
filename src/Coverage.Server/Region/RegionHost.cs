using Coverage.Analysis.Region;
using Coverage.Core.Domain;
using Coverage.Core.Seeds;
using Coverage.Network.Cache;
using Coverage.Network.Graph;
using Coverage.Network.Snapping;
using Coverage.Server.Web;
using Coverage.Storage;
using Coverage.Storage.Import;
using Microsoft.Extensions.Options;

namespace Coverage.Server.Region;

/// <summary>
/// The loaded region for the server's lifetime: seeds, the walking graph, region facts and the plan store.
/// The store may be down (PostGIS stopped): then it is reopened on demand and callers get PlanStoreException(Unavailable).
/// </summary>
public sealed class RegionHost(IOptions<CoverageOptions> options, ILogger<RegionHost> log) : IAsyncDisposable
{
    const string ImportActor = "coverage-import";
    readonly Lock _storeGate = new();
    readonly CancellationTokenSource _stopping = new();
    IPlanStore? _store;
    Task<IPlanStore>? _opening;
    PlanStoreException? _lastStoreError;
    DateTime _lastStoreAttempt;
    Snapper? _snapper;

    public CoverageOptions Options { get; } = options.Value;
    public SeedCatalog Seeds { get; private set; } = null!;
    public RegionSource Source { get; private set; } = null!;
    public StoreLocation StoreLocation { get; private set; } = null!;
    public WalkGraph Graph { get; private set; } = null!;
    /// <summary>The county boundary and margin the region is scoped to (read once, with the graph), or null without one.</summary>
    public RegionScope? Scope { get; private set; }
    public string GraphCachePath { get; private set; } = "";
    /// <summary>Where settlement samples and snaps and facility joins are kept between starts (beside the graph cache; see <see cref="Coverage.Analysis.Region.PlacesCache"/>).</summary>
    public Coverage.Analysis.Region.PlacesCache? PlacesCache =>
        string.IsNullOrEmpty(GraphCachePath) ? null : Coverage.Analysis.Region.PlacesCache.Beside(GraphCachePath);
    public RegionFacts Facts { get; private set; } = null!;
    public bool IsLoaded { get; private set; }
    /// <summary>How every analysis of this server runs: the counted statuses of <see cref="CoverageOptions.CountedStatuses"/>.</summary>
    public Coverage.Analysis.AnalysisOptions Analysis { get; private set; } = Coverage.Analysis.AnalysisOptions.Default;

    /// <summary>Water for the offline basemap (the region's water*.geojson, else the extract's water tags), read on first use.</summary>
    public IReadOnlyList<WaterFeature> Water => _water.Value;
    // Once, even when the page's first requests race: a bare extract's water is two passes over the whole file.
    Lazy<IReadOnlyList<WaterFeature>> _water = null!;

    IReadOnlyList<WaterFeature> ReadWater()
    {
        if (Source.Water is { } table) return OsmWater.FromGeoJson(table);
        var read = OsmWater.FromExtract(Source.Extract);
        if (read.SkippedRelations > 0)
            log.LogInformation("Water: {Count} multipolygon relations (large lakes) are not drawn offline", read.SkippedRelations);
        return read.Features;
    }

    /// <summary>Snapping index over the graph, built on first use.</summary>
    public Snapper Snapper => _snapper ??= new Snapper(Graph);

    /// <summary>Distance-to-network and town checks for new places (the API's warnings), built on first use.</summary>
    public PlacementCheck Placement => _placement ??= new PlacementCheck(Graph, Snapper, Seeds, PlacementCheck.ReadTowns(Source.Towns));
    PlacementCheck? _placement;

    /// <summary>Loads seeds and graph (failures stop the server: nothing to serve), then opens the store (failures only degrade it).</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        var root = RepoPaths.RepoRoot() ?? Directory.GetCurrentDirectory();
        Seeds = SeedDirectory.LoadFrom(SeedDirectory.Find(root));
        Analysis = Coverage.Analysis.AnalysisOptions.Default with { CountedStatuses = ParseCountedStatuses(Options.CountedStatuses) };
        Source = RegionSource.Resolve(Options.Region, root);
        StoreLocation = StoreLocation.Resolve(Options.Store, Source.Name, root);
        var network = await Task.Run(() => RegionNetwork.Open(Source, Options.GraphCache), ct);
        var load = network.Load;
        if (load.Warning is not null) log.LogWarning("{Warning}", load.Warning);
        if (network.Clip is { } clip)
            log.LogInformation("County boundary + {Margin} m margin: {KeptKm:0.0} km of network kept, {DroppedKm:0.0} km dropped",
                network.Scope!.MarginMetres, clip.KeptKm, clip.DroppedKm);
        Graph = network.Graph;
        Scope = network.Scope;
        GraphCachePath = load.CachePath;
        Facts = RegionFacts.Read(Source, Graph);
        _water = new Lazy<IReadOnlyList<WaterFeature>>(ReadWater, LazyThreadSafetyMode.ExecutionAndPublication);
        IsLoaded = true;
        log.LogInformation("Region {Region}: {Nodes} nodes, {Edges} edges ({Source})", Source.Name, Graph.NodeCount, Graph.EdgeCount,
            load.FromCache ? "cache" : "built");
        // The start waits for the store (a first import included); only requests are bounded by StoreOpenBudget.
        try { await OpenedStoreAsync(Timeout.InfiniteTimeSpan, ct); }
        catch (PlanStoreException e) { log.LogWarning("Plan store unavailable, serving degraded: {Error}", e.Message); }
    }

    /// <summary>The Coverage:CountedStatuses setting as statuses; an unknown or empty setting stops the start with a bilingual message.</summary>
    public static HashSet<FacilityStatus> ParseCountedStatuses(IEnumerable<string> ids)
    {
        var statuses = new HashSet<FacilityStatus>();
        foreach (var id in ids)
            statuses.Add(DomainIds.TryParseStatus(id, out var status) ? status
                : throw new Coverage.Core.InputException($"配置 Coverage:CountedStatuses 中的状态“{id}”未知；可选：{string.Join("、", DomainIds.StatusIds)}",
                    $"Coverage:CountedStatuses names unknown status '{id}'; known: {string.Join(", ", DomainIds.StatusIds)}"));
        if (statuses.Count == 0)
            throw new Coverage.Core.InputException("配置 Coverage:CountedStatuses 为空：至少计入一种设施状态（如 existing）",
                "Coverage:CountedStatuses is empty: count at least one facility status (e.g. existing)");
        return statuses;
    }

    /// <summary>
    /// How long a request waits for the store to open (connect, migrate, first import). Opening goes on in the background
    /// after that, so a migration waiting for another process's lock or a database hung after connecting answers 503
    /// with Retry-After instead of holding every request.
    /// </summary>
    public static readonly TimeSpan StoreOpenBudget = TimeSpan.FromSeconds(5);

    /// <summary>The open store; opens it (and imports the region into an empty one) when not yet open, waiting at most <see cref="StoreOpenBudget"/>.</summary>
    public Task<IPlanStore> StoreAsync(CancellationToken ct = default) => OpenedStoreAsync(StoreOpenBudget, ct);

    async Task<IPlanStore> OpenedStoreAsync(TimeSpan budget, CancellationToken ct)
    {
        if (_store is { } open) return open;
        Task<IPlanStore> opening;
        lock (_storeGate)
        {
            if (_store is { } s) return s;
            if (_opening is null)
            {
                // A store that just failed is not retried on every request: clients get the same 503 for a moment.
                if (_lastStoreError is { } recent && DateTime.UtcNow - _lastStoreAttempt < TimeSpan.FromSeconds(2)) throw recent;
                _lastStoreAttempt = DateTime.UtcNow;
                _opening = Task.Run(OpenStoreAsync); // never inline: it clears _opening when done, under this lock
            }
            opening = _opening;
        }
        try { return await opening.WaitAsync(budget, ct); }
        catch (TimeoutException) { throw StillOpening(); }
    }

    /// <summary>One opening at a time, not tied to the request that started it (an aborted request must not abort it).</summary>
    async Task<IPlanStore> OpenStoreAsync()
    {
        try
        {
            var store = await StoreLocation.OpenAsync(_stopping.Token, boundWaits: true);
            await ImportIfEmptyAsync(store, Source, Scope, Seeds, StoreLocation, log, _stopping.Token);
            _lastStoreError = null;
            return _store = store;
        }
        catch (PlanStoreException e)
        {
            _lastStoreError = e;
            throw;
        }
        finally
        {
            lock (_storeGate) _opening = null;
        }
    }

    PlanStoreException StillOpening() => new(PlanStoreError.Busy,
        $"规划数据库（{StoreLocation}）正在打开，{StoreOpenBudget.TotalSeconds:0} 秒内未完成（可能在等待其他进程升级数据库结构，或数据库无响应）：请稍后重试",
        $"The plan store ({StoreLocation}) is still opening after {StoreOpenBudget.TotalSeconds:0} s (perhaps waiting for another process " +
        "upgrading its schema, or the database is not answering): try again shortly");

    /// <summary>How long /api/health waits for the store: monitors poll it with short timeouts, and a hung database must not hang it.</summary>
    public static readonly TimeSpan HealthBudget = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Health of the store without opening it twice: not open → the last error; no answer within <see cref="HealthBudget"/>
    /// → unavailable with that reason (the check goes on in the background, bounded by the store's own timeouts).
    /// </summary>
    public async Task<StoreHealth> StoreHealthAsync(CancellationToken ct)
    {
        try { return await CheckStoreAsync(ct).WaitAsync(HealthBudget, ct); }
        catch (PlanStoreException e) { return Unhealthy(e.Message); }
        catch (TimeoutException)
        {
            var where = StoreLocation.Kind == StoreLocation.PostGis ? "PostGIS" : "GeoPackage";
            return Unhealthy($"规划数据库（{where}）{HealthBudget.TotalSeconds:0} 秒内无响应：数据库可能卡住或网络中断 / " +
                $"The plan store ({where}) did not answer within {HealthBudget.TotalSeconds:0} s: the database may be hung or the network down");
        }
    }

    async Task<StoreHealth> CheckStoreAsync(CancellationToken ct) => await (await StoreAsync(ct)).PingAsync(ct);

    StoreHealth Unhealthy(string error) => new()
    {
        Kind = StoreLocation.Kind == StoreLocation.PostGis ? "postgis" : "geopackage", Location = StoreLocation.ToString(), Ok = false, Error = error,
    };

    /// <summary>
    /// First start: circles from seeds, then facilities, then settlements (the marker of a complete import). Each is
    /// all-or-nothing and idempotent by source id, so a start interrupted half-way completes the import on the next one.
    /// Public so `coverage import` into a fresh store gives the same plan as a server that started first. True when it imported.
    /// </summary>
    /// <param name="scope">The region's boundary as already read (<see cref="RegionNetwork.ScopeOf"/>), null without one.</param>
    public static async Task<bool> ImportIfEmptyAsync(IPlanStore store, RegionSource source, RegionScope? scope, SeedCatalog seeds,
        StoreLocation location, ILogger log, CancellationToken ct)
    {
        var health = await store.PingAsync(ct);
        if (!health.Ok || health.Counts.GetValueOrDefault("settlements") > 0) return false;
        log.LogInformation("Empty plan store {Store}: importing region {Region}", location, source.Name);
        var tables = RegionTables.Read(source, seeds, scope);
        var (facilities, settlements) = (tables.Facilities, tables.Settlements);
        await store.UpsertCircleStandardsAsync(seeds.Circles, ImportActor, ct);
        if (facilities.Kept.Count > 0) await store.UpsertFacilitiesAsync(facilities.Kept, ImportActor, ct);
        if (settlements.Kept.Count > 0) await store.UpsertSettlementsAsync(settlements.Kept, ImportActor, ct);
        log.LogInformation("Imported {Facilities} facilities, {Settlements} settlements, {Circles} circles; outside the county: {OutF} facilities, {OutS} settlements",
            facilities.Kept.Count, settlements.Kept.Count, seeds.Circles.Count, facilities.Outside.Count, settlements.Outside.Count);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_opening is { } opening)
            try { await opening; } catch (Exception e) when (e is PlanStoreException or OperationCanceledException) { }
        if (_store is not null) await _store.DisposeAsync();
        _stopping.Dispose();
    }
}

/// <summary>The region's own tables do not import: the server cannot start on them.</summary>
public sealed class RegionImportException(string zh, string en) : Coverage.Core.InputException(zh, en)
{
    public static void ThrowIfFailed(string file, IReadOnlyList<ImportError> errors)
    {
        if (errors.Count == 0) return;
        string more = errors.Count > 3 ? $" (+{errors.Count - 3})" : "";
        throw new RegionImportException(
            $"区域数据无法导入：{file}：{string.Join("；", errors.Take(3).Select(e => $"{e.Where.Zh} {e.Field}：{e.Zh}"))}{more}",
            $"The region's table cannot be imported: {file}: {string.Join("; ", errors.Take(3).Select(e => $"{e.Where.En} {e.Field}: {e.En}"))}{more}");
    }
}

/// <summary>Starts the server only once the region is loaded, so the printed URL serves a working map.</summary>
public sealed class RegionLoader(RegionHost host) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => host.LoadAsync(ct);
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
