using Coverage.Analysis.Region;
using Coverage.Core;
using Coverage.Core.Domain;
using Coverage.Server.Region;
using Coverage.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coverage.Server.Api;

/// <summary>What the map loads first: the region, facility categories, circle standards, basemap config, health.</summary>
public static class RegionEndpoints
{
    /// <summary>A town: villages (个行政村/社区), places scored on their own (个居民点), people and older people (60+), each counted once.</summary>
    public sealed record TownSummary(string Name, int Villages, int Settlements, double Population, double Elderly, double[] Centre);
    public sealed record ProfileInfo(string Id, string NameZh, string NameEn, double Speed, string Source);
    public sealed record RegionInfo(string Name, string NameEn, bool Synthetic, string Attribution, double[] Bbox, double[] Centre,
        IReadOnlyList<TownSummary> Towns, IReadOnlyList<ProfileInfo> Profiles, string? DataDate);
    public sealed record NetworkHealth(int Nodes, int Edges, string Extract, bool Synthetic);
    /// <summary>
    /// The plan the analysis holds in memory: when the store last confirmed it (null before the first analysis), and whether
    /// analysis reads answer from it now because the store is down (then Zh/En say so).
    /// </summary>
    public sealed record PlanMemory(DateTimeOffset? ConfirmedAt, bool ServingFromMemory, string? Zh, string? En);
    public sealed record Health(string Status, StoreHealth Store, NetworkHealth Network, PlanMemory? Plan = null, CirclesReady? Circles = null);
    /// <summary>Circles of the plan version in memory whose coverage is computed (a province computes them in the background after each change).</summary>
    public sealed record CirclesReady(int Computed, int Of);
    /// <summary>What the page is configured with: basemap tiles and the circle it opens on (Coverage:HeadlineCircle, when the region has it).</summary>
    public sealed record BasemapConfig(string? TileUrl, string? TileAttribution, string RegionAttribution, string? HeadlineCircle);

    public static void MapRegionEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Region");
        api.MapGet("/health", GetHealth).WithSummary("Store and network health (status ok or degraded)");
        api.MapGet("/region", GetRegion).WithSummary("The region: names, extent, towns, walk profiles");
        api.MapGet("/categories", GetCategories).WithSummary("Facility categories and kinds (from seeds)");
        api.MapGet("/circles", GetCircles).WithSummary("Circle standards with their policy sources");
        api.MapGet("/config", GetConfig).WithSummary("Basemap tile URL (null = draw the offline network) and the headline circle");
    }

    /// <summary>
    /// Always 200 when the server runs, within <see cref="RegionHost.HealthBudget"/>: "degraded" says the store is down
    /// (store.error says why) while the analysis still answers from memory. Not 503: a load balancer would then take every
    /// server out at once when the shared database goes down, and nobody could read the coverage any more.
    /// </summary>
    static async Task<Ok<Health>> GetHealth(RegionHost region, PlanAnalysis analysis, CancellationToken ct)
    {
        var store = await region.StoreHealthAsync(ct);
        var network = new NetworkHealth(region.Graph.NodeCount, region.Graph.EdgeCount, Path.GetFileName(region.Source.Extract), region.Facts.Synthetic);
        var circles = analysis.CirclesComputed is { } c ? new CirclesReady(c.Computed, c.Of) : null;
        return TypedResults.Ok(new Health(store.Ok ? "ok" : "degraded", store, network, Memory(analysis.ConfirmedAt, store.Ok), circles));
    }

    static PlanMemory Memory(DateTimeOffset? confirmedAt, bool storeOk)
    {
        if (storeOk || confirmedAt is not { } asOf) return new PlanMemory(confirmedAt, false, null, null);
        var (zh, en) = PlanAnalysis.StaleText(asOf, ("写入暂时返回 503，数据库恢复后无需重启即可继续", "writes answer 503 until the database is back; no restart needed"));
        return new PlanMemory(asOf, true, zh, en);
    }

    static async Task<Ok<RegionInfo>> GetRegion(RegionHost region, CancellationToken ct)
    {
        var settlements = await (await region.StoreAsync(ct)).QuerySettlementsAsync(new SettlementQuery(), ct);
        var centres = settlements.Where(s => s.Town.Length > 0).GroupBy(s => s.Town).ToDictionary(g => g.Key, Centre);
        var towns = TownPeople.Of(settlements)
            .Select(t => new TownSummary(t.Town, t.Villages, t.Places, t.Population, t.Elderly, centres[t.Town]))
            .ToList();
        var f = region.Facts;
        var profiles = WalkProfile.BuiltIn.Select(p => new ProfileInfo(p.Id, p.NameZh, p.NameEn, p.SpeedMetresPerSecond, p.Source)).ToList();
        return TypedResults.Ok(new RegionInfo(f.Name, f.NameEn, f.Synthetic, f.Attribution, f.Bbox, f.Centre, towns, profiles, f.DataDate));
    }

    static double[] Centre(IEnumerable<Settlement> settlements)
    {
        var points = settlements.Select(s => s.Geometry.Centroid).ToList();
        return [Math.Round(points.Average(p => p.X), 6), Math.Round(points.Average(p => p.Y), 6)];
    }

    static Ok<IReadOnlyList<FacilityCategory>> GetCategories(RegionHost region) => TypedResults.Ok(region.Seeds.Categories);

    static async Task<Ok<IReadOnlyList<CircleStandard>>> GetCircles(RegionHost region, CancellationToken ct) =>
        TypedResults.Ok(await (await region.StoreAsync(ct)).ListCircleStandardsAsync(ct));

    static async Task<Ok<BasemapConfig>> GetConfig(RegionHost region, CancellationToken ct)
    {
        var circles = await (await region.StoreAsync(ct)).ListCircleStandardsAsync(ct);
        var headline = circles.FirstOrDefault(c => c.Id == region.Options.HeadlineCircle) ?? circles.FirstOrDefault();
        return TypedResults.Ok(new BasemapConfig(region.Options.TileUrl, region.Options.TileAttribution, region.Facts.Attribution, headline?.Id));
    }
}
