using System.Globalization;
using Coverage.Analysis.Circles;
using Coverage.Server.Region;

namespace Coverage.Server.Api;

/// <summary>
/// /api/map/*: the page's map of a large region by viewport (bbox + zoom): every feature when at most
/// <see cref="MapView.MaxFeatures"/> are in view, else grid clusters with counts (settlements: by status under the circle).
/// The index is built once per plan version; answers carry a weak ETag of the version and the question (304 when unchanged).
/// </summary>
public static class MapViewEndpoints
{
    public const int MaxSearchResults = 12;
    public const int MaxZoom = 22;

    public static void MapMapViewEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/map").WithTags("Map");
        group.MapGet("/extent", Extent).WithSummary("How many settlements and facilities the region has, and whether the page reads them by viewport");
        group.MapGet("/settlements", Settlements)
            .WithSummary("Settlements in bbox at zoom under circle: features (≤ maxFeatures in view) or clusters counting places by status");
        group.MapGet("/facilities", Facilities).WithSummary("Facilities in bbox at zoom (category=a,b): features or clusters with counts");
        group.MapGet("/search", Search).WithSummary("Settlements whose name holds q (at most 12), with a point to go to");
    }

    static async Task<MapView> ViewAsync(PlanAnalysis analysis, AnswerCache cache, CancellationToken ct)
    {
        var engine = await analysis.EngineAsync(ct);
        return cache.Value(engine, "map-view", () => new MapView(engine));
    }

    static async Task<IResult> Extent(PlanAnalysis analysis, AnswerCache cache, CancellationToken ct) =>
        TypedResults.Ok((await ViewAsync(analysis, cache, ct)).Size());

    static async Task<IResult> Settlements(PlanAnalysis analysis, AnswerCache cache, HttpContext http, string? circle, string? bbox, string? zoom,
        string? maxFeatures, CancellationToken ct)
    {
        var id = IdRules.FromRoute(circle ?? throw Missing("circle"), "circle");
        var (box, z, most) = (BoxOf(bbox), Zoom(zoom), Cap(maxFeatures));
        var (engine, coverage) = await analysis.CoverageAsync(id, ct);
        var view = cache.Value(engine, "map-view", () => new MapView(engine));
        if (NotModified(http, view, $"s:{coverage.Circle.Id}:{z}:{box}:{most}")) return TypedResults.StatusCode(304);
        var rows = cache.Value(engine, "map-rows:" + coverage.Circle.Id, () => view.RowsOf(coverage));
        return TypedResults.Ok(view.Settlements(coverage.Circle.Id, rows, box, z, most));
    }

    static async Task<IResult> Facilities(PlanAnalysis analysis, AnswerCache cache, RegionHost region, HttpContext http, string? category, string? bbox,
        string? zoom, string? maxFeatures, CancellationToken ct)
    {
        var seeds = region.Seeds;
        var categories = QueryArgs.Names(category, "category", c => seeds.FindCategory(c)?.Id, seeds.Categories.Select(c => c.Id));
        var (box, z, most) = (BoxOf(bbox), Zoom(zoom), Cap(maxFeatures));
        var view = await ViewAsync(analysis, cache, ct);
        var wanted = categories?.ToHashSet(StringComparer.Ordinal);
        if (NotModified(http, view, $"f:{string.Join(",", wanted?.Order(StringComparer.Ordinal).ToArray() ?? [])}:{z}:{box}:{most}")) return TypedResults.StatusCode(304);
        return TypedResults.Ok(view.Facilities(wanted, box, z, most));
    }

    static async Task<IResult> Search(PlanAnalysis analysis, AnswerCache cache, string? q, CancellationToken ct)
    {
        var text = QueryArgs.Text(q, "q");
        if (text is null) return TypedResults.Ok(Array.Empty<MapView.SearchHit>());
        return TypedResults.Ok((await ViewAsync(analysis, cache, ct)).Search(text, MaxSearchResults));
    }

    /// <summary>Weak ETag of the plan version and the question; true (answer 304) when the client already holds it.</summary>
    static bool NotModified(HttpContext http, MapView view, string question)
    {
        var tag = $"W/\"{view.Tag}-{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(question)))[..16]}\"";
        http.Response.Headers.ETag = tag;
        http.Response.Headers.CacheControl = "no-cache";
        return http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Select(t => t.Trim()).Contains(tag));
    }

    static MapView.Box BoxOf(string? bbox)
    {
        var e = QueryArgs.Bbox(bbox) ?? throw Missing("bbox");
        return new(e.MinX, e.MinY, e.MaxX, e.MaxY);
    }

    static int Zoom(string? text)
    {
        if (text is null || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var z) || !(z >= 0 && z <= MaxZoom))
            throw RequestProblem.Invalid("query", "zoom", $"zoom 应为 0 到 {MaxZoom} 之间的数（地图缩放级别），而不是“{QueryArgs.Short(text ?? "")}”",
                $"zoom must be a number from 0 to {MaxZoom} (the map's zoom level), not '{QueryArgs.Short(text ?? "")}'");
        return (int)Math.Floor(z);
    }

    /// <summary>maxFeatures=N (0 to the server's cap): fewer features before the view is clustered, for a slow link (0: always clusters).</summary>
    static int Cap(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return MapView.MaxFeatures;
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > MapView.MaxFeatures)
            throw RequestProblem.Invalid("query", "maxFeatures", $"maxFeatures 应为 0 到 {MapView.MaxFeatures} 之间的整数，而不是“{QueryArgs.Short(text)}”",
                $"maxFeatures must be a whole number from 0 to {MapView.MaxFeatures}, not '{QueryArgs.Short(text)}'");
        return n;
    }

    static RequestProblem Missing(string name) =>
        RequestProblem.Invalid("query", name, $"缺少查询参数 {name}", $"the query parameter {name} is missing");
}
