using Coverage.Analysis;
using Coverage.Server.Region;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Coverage.Server.Cli;

/// <summary>
/// The analysis engine over the plan the server would serve: the same region and store (switches over Coverage__*
/// environment variables over defaults, as CliStore), loaded by the server's own RegionHost and PlanAnalysis.
/// </summary>
public static class ServedPlan
{
    public static async Task<CoverageEngine> LoadAsync(string? region, string? store, CancellationToken ct) =>
        (await LoadVersionedAsync(region, store, ct)).Engine;

    /// <summary>
    /// The engine with its plan version and the region's boundary (null without one: what the server clips drawn areas to);
    /// alsoRead reads more from the same store while it is open (e.g. a saved grouping).
    /// </summary>
    public static async Task<(CoverageEngine Engine, long PlanVersion, NetTopologySuite.Geometries.Geometry? Boundary)> LoadVersionedAsync(string? region, string? store, CancellationToken ct,
        Func<Storage.IPlanStore, Task>? alsoRead = null)
    {
        var options = new CoverageOptions();
        options.Region = CliStore.Region(region);
        options.Store = store ?? Environment.GetEnvironmentVariable("Coverage__Store");
        options.GraphCache = Environment.GetEnvironmentVariable("Coverage__GraphCache");
        // The engine keeps what it read; the store is closed once the plan is loaded.
        await using var host = new RegionHost(Options.Create(options), NullLogger<RegionHost>.Instance);
        await host.LoadAsync(ct);
        var served = await new PlanAnalysis(host, NullLogger<PlanAnalysis>.Instance).VersionedEngineAsync(ct);
        if (alsoRead is not null) await alsoRead(await host.StoreAsync(ct));
        return (served.Engine, served.PlanVersion, host.Scope?.Boundary);
    }
}
