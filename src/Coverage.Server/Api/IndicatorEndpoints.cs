using Coverage.Server.Region;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coverage.Server.Api;

/// <summary>GET /api/indicators: the plan's indicators (seeds/indicators.json) evaluated on the current plan.</summary>
public static class IndicatorEndpoints
{
    public static void MapIndicatorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").WithTags("Analysis")
            .MapGet("/indicators", Indicators).Produces<IndicatorReport.IndicatorsView>()
            .WithSummary("The plan's indicators (count built, km built, presence per town and per village, per-capita area, per 1,000): baseline, target, now, light, per town and what falls short; format=json|csv|xlsx|html, table=indicators|towns|shortfalls|notes for csv");
    }

    static async Task<IResult> Indicators(PlanAnalysis analysis, AnswerCache cache, string? format, string? table, CancellationToken ct)
    {
        var kind = (format ?? "json").Trim().ToLowerInvariant();
        var which = (table ?? "indicators").Trim().ToLowerInvariant();
        if (!IndicatorReport.Formats.Contains(kind))
            throw RequestProblem.Invalid("query", "format", $"未知格式“{QueryArgs.Short(format!)}”；可选：{string.Join(", ", IndicatorReport.Formats)}",
                $"unknown format '{QueryArgs.Short(format!)}'; known: {string.Join(", ", IndicatorReport.Formats)}");
        if (!IndicatorReport.Tables.Contains(which))
            throw RequestProblem.Invalid("query", "table", $"未知表“{QueryArgs.Short(table!)}”；可选：{string.Join(", ", IndicatorReport.Tables)}",
                $"unknown table '{QueryArgs.Short(table!)}'; known: {string.Join(", ", IndicatorReport.Tables)}");
        var engine = await analysis.EngineAsync(ct);
        if (kind == "json") return cache.Json(engine, "indicators", () => IndicatorReport.View(engine.Indicators));
        using var output = new MemoryStream();
        IndicatorReport.Write(output, kind, which, engine.Indicators);
        return TypedResults.File(output.ToArray(), IndicatorReport.ContentType(kind), kind == "csv" ? $"indicators-{which}.csv" : $"indicators.{kind}");
    }
}
