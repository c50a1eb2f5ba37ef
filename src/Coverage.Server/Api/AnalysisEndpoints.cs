using Coverage.Server.Region;
using Coverage.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coverage.Server.Api;

/// <summary>
/// Coverage, uncovered list, isochrones, what-if, scenario coverage and reports: answered by Coverage.Analysis.
/// Until its API lands these check their inputs and answer 501 problem+json saying so.
/// </summary>
public static class AnalysisEndpoints
{
    public static void MapAnalysisEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Analysis");
        api.MapGet("/coverage/{circleId}", Coverage).WithSummary("Coverage of a circle per settlement and per town");
        api.MapGet("/coverage/{circleId}/uncovered", Uncovered).WithSummary("Settlements outside the circle, most people first");
        api.MapGet("/isochrones", Isochrones).Expensive().WithSummary("Walk-time bands from a facility or a point");
        api.MapPost("/whatif", WhatIf).Expensive().WithSummary("Coverage change of adding, moving or removing facilities");
        api.MapGet("/scenarios/{id}/coverage/{circleId}", ScenarioCoverage).Expensive().WithSummary("Coverage with a scenario's edits");
        api.MapGet("/reports/{circleId}", Report).Expensive().WithSummary("Report download (html, csv, geojson, gpkg)");
    }

    static async Task<ProblemHttpResult> Coverage(RegionHost region, string circleId, CancellationToken ct)
    {
        if (await UnknownCircle(region, circleId, ct) is { } missing) return missing;
        return Problems.NotImplemented("覆盖分析", "Coverage analysis");
    }

    static async Task<ProblemHttpResult> Uncovered(RegionHost region, string circleId, CancellationToken ct)
    {
        if (await UnknownCircle(region, circleId, ct) is { } missing) return missing;
        return Problems.NotImplemented("未覆盖居民点列表", "The uncovered list");
    }

    static ProblemHttpResult Isochrones() => Problems.NotImplemented("等时圈", "Isochrones");

    static ProblemHttpResult WhatIf() => Problems.NotImplemented("情景分析", "What-if analysis");

    static async Task<ProblemHttpResult> ScenarioCoverage(RegionHost region, string id, string circleId, CancellationToken ct)
    {
        if (await UnknownCircle(region, circleId, ct) is { } missing) return missing;
        return Problems.NotImplemented("情景覆盖分析", "Scenario coverage");
    }

    static async Task<ProblemHttpResult> Report(RegionHost region, string circleId, CancellationToken ct)
    {
        if (await UnknownCircle(region, circleId, ct) is { } missing) return missing;
        return Problems.NotImplemented("报告", "Reports");
    }

    static async Task<ProblemHttpResult?> UnknownCircle(RegionHost region, string circleId, CancellationToken ct)
    {
        circleId = IdRules.FromRoute(circleId, "circleId");
        var circles = await (await region.StoreAsync(ct)).ListCircleStandardsAsync(ct);
        return circles.Any(c => c.Id == circleId) ? null : Problems.NotFound("覆盖圈标准", "circle standard", circleId);
    }
}
