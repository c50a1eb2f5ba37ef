using System.Text.Json;
using Coverage.Analysis;
using Coverage.Analysis.LifeCircles;
using Coverage.Analysis.Siting;
using Coverage.Server.Region;
using Coverage.Server.Security;

namespace Coverage.Server.Api;

/// <summary>
/// /api/life-circles: the county's 15-minute life-circle units (computed once per plan version, cached like every
/// analysis), and a check of a planner's edited grouping against the same rule. Both read-only; rate limited, and the
/// solve takes the siting gate so one CP-SAT run at a time holds the cores.
/// </summary>
public static class LifeCirclesEndpoints
{
    /// <summary>Solver time for the units: the demo county proves its unit count in well under a second.</summary>
    public const double TimeLimitSeconds = 20;
    public const int MaxMoved = 5000;

    public static void MapLifeCirclesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/life-circles").WithTags("Life circles");
        group.MapGet("/", Units).Expensive().Produces<LifeCircleJson.LifeCirclesView>()
            .WithSummary("15-minute life-circle units (划定15分钟生活圈): polygons, centre, members, people, slowest walk, and the solver's bound and gap");
        group.MapPost("/check", Check).Expensive().Accepts<CheckBody>("application/json").Produces<LifeCircleJson.CheckView>()
            .WithSummary("Judge an edited grouping: { assignment: { settlementId: unitId, … } } (members not listed keep their unit), or a whole one: { units: [{ id, centre, members }] }; per unit, whether it meets the 15-minute rule and the size bound, and the units drawn");
        app.MapLifeCircleGroupingsEndpoints();
    }

    /// <summary>For the OpenAPI document only; the body is read by <see cref="ReadAssignment"/>.</summary>
    public sealed record CheckBody(IReadOnlyDictionary<string, string>? Assignment, IReadOnlyList<LifeCircleGroupingsEndpoints.UnitInput>? Units);

    static async Task<IResult> Units(PlanAnalysis analysis, RegionHost region, AnswerCache cache, SitingGate gate, CancellationToken ct)
    {
        var (engine, planVersion) = await analysis.VersionedEngineAsync(ct);
        var result = await ResultAsync(engine, region, cache, gate, ct);
        return TypedResults.Ok(LifeCircleJson.Of(result, planVersion));
    }

    static async Task<IResult> Check(PlanAnalysis analysis, RegionHost region, AnswerCache cache, SitingGate gate, HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ct);
        var engine = await analysis.EngineAsync(ct);
        if (JsonFields.TryGet(body, "units", out _))
        {
            var units = LifeCircleGroupingsEndpoints.ReadUnits(body);
            var whole = await ResultAsync(engine, region, cache, gate, ct);
            return TypedResults.Ok(LifeCircleGroupingsEndpoints.Judge(whole, units, engine, region, withPolygons: true));
        }
        var moved = ReadAssignment(body);
        var result = await ResultAsync(engine, region, cache, gate, ct);
        return TypedResults.Ok(LifeCircleJson.Check(result.Instance, Drawn(result.Check(moved), result.Instance, engine, region), withPolygons: true));
    }

    /// <summary>Judged units with their polygons, as the computed units are drawn (same cells, same clip).</summary>
    internal static IReadOnlyList<LifeCircleUnit> Drawn(IReadOnlyList<LifeCircleUnit> units, LifeCircleInstance inst, CoverageEngine engine, RegionHost region) =>
        LifeCirclePolygons.WithPolygons(engine.Region.Projection, inst, units, region.Scope?.Boundary);

    /// <summary>The units of the current plan version (see the engine overload).</summary>
    public static async Task<LifeCircleResult> ResultAsync(PlanAnalysis analysis, RegionHost region, AnswerCache cache, SitingGate gate, CancellationToken ct) =>
        await ResultAsync(await analysis.EngineAsync(ct), region, cache, gate, ct);

    /// <summary>
    /// The units of the plan version this engine holds, computed on first use and kept with it; a result whose solver found
    /// no grouping (<see cref="Solved"/>) is answered for <see cref="AnswerCache.RetryAfter"/> (public page loads share it),
    /// then asking again tries again.
    /// </summary>
    public static Task<LifeCircleResult> ResultAsync(CoverageEngine engine, RegionHost region, AnswerCache cache, SitingGate gate, CancellationToken ct) =>
        Task.Run(() => cache.Value(engine, "life-circles",
            () => gate.Run(() => LifeCircleResult.Compute(engine.Region, new SolverLimits(TimeLimitSeconds), region.Scope?.Boundary), ct), Solved, AnswerCache.RetryAfter), ct);

    /// <summary>Whether the solver found a grouping (proved or not): only such a result is worth keeping for the plan version.</summary>
    public static bool Solved(LifeCircleResult result) => result.Solution.Status is SolveStatus.Optimal or SolveStatus.Feasible;

    /// <summary>{ assignment: { id: unit, … } }: an object of text values, at most <see cref="MaxMoved"/>; every problem in one 400.</summary>
    static Dictionary<string, string> ReadAssignment(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !JsonFields.TryGet(body, "assignment", out var assignment) || assignment.ValueKind != JsonValueKind.Object)
            throw RequestProblem.Invalid("body", "assignment",
                "请求体应为 {\"assignment\": {\"居民点编号\": \"单元编号\", …}}，缺少 assignment 对象",
                "the body must be {\"assignment\": {\"settlementId\": \"unitId\", …}}; the assignment object is missing");
        var fields = new JsonFields();
        var moved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in assignment.EnumerateObject())
        {
            if (moved.Count >= MaxMoved)
            {
                fields.Add("body", "assignment", $"assignment 最多 {MaxMoved} 项", $"assignment holds at most {MaxMoved} entries");
                break;
            }
            if (p.Value.ValueKind != JsonValueKind.String)
                fields.Add("body", $"assignment.{QueryArgs.Short(p.Name)}", "单元编号应为文本，如 \"LC001\"", "the unit id must be text, e.g. \"LC001\"");
            else moved[p.Name] = p.Value.GetString()!;
        }
        fields.ThrowIfAny();
        return moved;
    }
}
