using Coverage.Analysis.Capacity;
using Coverage.Server.Region;

namespace Coverage.Server.Api;

/// <summary>Service capacity of a nearest circle: 2SFCA / E2SFCA accessibility and capacitated coverage (anonymous reads, cached per plan version).</summary>
public static class AccessibilityEndpoints
{
    public static void MapAccessibilityEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/accessibility", Accessibility).WithTags("Analysis").Produces<AccessibilityJson.Accessibility>()
            .WithSummary("Accessibility per settlement for a nearest circle (circle=ID, method=2sfca|e2sfca, default 2sfca): capacity per 1,000 of the " +
                         "circle's demand, per-facility supply ratios, and capacitated coverage (served demand, max flow) beside the covered demand");
    }

    static async Task<IResult> Accessibility(PlanAnalysis analysis, AnswerCache cache, string? circle, string? method, CancellationToken ct)
    {
        var (engine, _) = await analysis.PlanAsync(ct);
        var circleId = SettlementAccessEndpoints.CircleOf(engine, circle);
        var how = MethodOf(method);
        return await Task.Run(() => cache.Json(engine, $"accessibility:{circleId}:{Catchment.Name(how)}",
            () => AccessibilityJson.Of(engine.Capacity(circleId, how))), ct);
    }

    /// <summary>The method= query: 2sfca (default when absent) or e2sfca; anything else is a 400 naming both.</summary>
    static CatchmentMethod MethodOf(string? method)
    {
        if (method is null) return CatchmentMethod.TwoStep;
        return Catchment.Parse(method) ?? throw RequestProblem.Invalid("query", "method",
            $"method 应为 2sfca（两步移动搜索法）或 e2sfca（高斯衰减），而不是“{QueryArgs.Short(method)}”",
            $"method must be 2sfca (two-step floating catchment) or e2sfca (Gaussian decay); got '{QueryArgs.Short(method)}'");
    }
}
