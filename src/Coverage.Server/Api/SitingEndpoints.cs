using Coverage.Analysis;
using System.Globalization;
using Coverage.Analysis.Siting;
using Coverage.Server.Region;
using Coverage.Server.Security;

namespace Coverage.Server.Api;

/// <summary>
/// /api/siting: where to build next for a circle (best k sites, or fewest for a target) and fitness trails by length budget.
/// Planners only, rate limited, and one solve at a time: a solve holds both cores for up to its time limit.
/// </summary>
public static class SitingEndpoints
{
    public static void MapSitingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/siting").WithTags("Siting");
        group.MapPost("/", Sites).ForPlanners().Expensive().Accepts<SitingBody>("application/json").Produces<SitingJson.SitingView>()
            .WithSummary("Proposed new sites for a circle: { circle, new: k | target: %, candidates?, spacing?, timeLimitSeconds?, capacitated?: places } (planner); "
                + "?format=csv|geojson|xlsx downloads the sites table of the same answer (uncapacitated)");
        group.MapPost("/trails", Trails).ForPlanners().Expensive().Accepts<TrailBody>("application/json").Produces<SitingJson.TrailView>()
            .WithSummary("Proposed fitness-trail pieces along existing ways: { circle, budgetKm, timeLimitSeconds? } (planner)");
    }

    /// <summary>For the OpenAPI document only; the body is read and checked by <see cref="SitingRequest"/>.</summary>
    public sealed record SitingBody(string Circle, int? New, double? Target, object? Candidates, double? Spacing, double? TimeLimitSeconds, int? Capacitated);
    public sealed record TrailBody(string Circle, double BudgetKm, double? TimeLimitSeconds);

    static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    static async Task<IResult> Sites(PlanAnalysis analysis, RegionHost region, AnswerCache cache, SitingInstanceCache instances, SitingGate gate,
        HttpRequest request, string? format, CancellationToken ct)
    {
        var file = format is null ? ((string Id, string Extension, string MediaType)?)null : SitingTable.Format(format);
        var input = SitingRequest.Read(await JsonBody.ReadAsync(request, ct), new GeometryInput(region.Facts.Bbox));
        var engine = await analysis.EngineForCircleAsync(input.Circle, ct);
        if (input.Capacitated is { } places) return await CapacitatedAsync(engine, cache, gate, input, places, file is not null, ct);
        SitingResult Solve() => gate.Run(() =>
        {
            // Demand and reach sets do not depend on k or the target: prepared once per plan version, circle and candidates.
            var instance = input.Candidates is { } given ? instances.Given(engine, input.Circle, given) : instances.Along(engine, input.Circle, input.Spacing);
            var planner = new SitingPlanner(engine);
            var limits = new SolverLimits(input.TimeLimitSeconds);
            return input.New is { } k ? planner.MaximalCovering(instance, k, limits) : planner.SetCovering(instance, input.Target!.Value, limits);
        }, ct);
        // Generated candidates: the same question on the same plan version gets the same answer (CP-SAT under a time limit
        // may not), as JSON and as every file of its table.
        var key = string.Create(Ci, $"siting:{input.Circle}:{input.New}:{input.Target}:{input.Spacing}:{input.TimeLimitSeconds}");
        var result = await Task.Run(() => input.Candidates is null ? cache.Value(engine, key, Solve) : Solve(), ct);
        if (file is not { } f) return TypedResults.Ok(SitingJson.Siting(result));
        using var bytes = new MemoryStream();
        SitingTable.Write(result, f.Id, bytes);
        return TypedResults.File(bytes.ToArray(), f.MediaType, $"选址建议-{input.Circle}{f.Extension}");
    }

    /// <summary>
    /// Capacitated siting (body capacitated: places): the best new: k sites with that capacity each, on the same candidates
    /// (generated along the ways, or given); answered as JSON only, cached per plan version like the uncapacitated answer.
    /// </summary>
    static async Task<IResult> CapacitatedAsync(CoverageEngine engine, AnswerCache cache, SitingGate gate, SitingRequest input, int places,
        bool file, CancellationToken ct)
    {
        if (file)
            throw RequestProblem.Invalid("query", "format", "按容量选址的结果只提供 JSON；请去掉 ?format", "a capacitated answer is JSON only; drop ?format");
        CapacitatedSitingResult Solve() => gate.Run(() =>
        {
            var candidates = input.Candidates is { } given ? CandidateGenerator.Given(engine.Region, given) : CandidateGenerator.Along(engine.Region, input.Spacing);
            return CapacitatedSiting.Solve(engine, input.Circle, candidates, input.New!.Value, places, new SolverLimits(input.TimeLimitSeconds));
        }, ct);
        var key = string.Create(Ci, $"siting-capacitated:{input.Circle}:{input.New}:{places}:{input.Spacing}:{input.TimeLimitSeconds}");
        // An answer the solver ran out of time on (no proved or feasible sites) is given but not kept: asking again retries.
        var result = await Task.Run(() => input.Candidates is null
            ? cache.Value(engine, key, Solve, r => r.Status is SolveStatus.Optimal or SolveStatus.Feasible) : Solve(), ct);
        return TypedResults.Ok(SitingJson.Capacitated(result));
    }

    static async Task<IResult> Trails(PlanAnalysis analysis, AnswerCache cache, SitingGate gate, HttpRequest request, CancellationToken ct)
    {
        var (circle, budgetKm, limit) = SitingRequest.ReadTrails(await JsonBody.ReadAsync(request, ct));
        var engine = await analysis.EngineForCircleAsync(circle, ct);
        return await Task.Run(() => cache.Json(engine, string.Create(Ci, $"trails:{circle}:{budgetKm}:{limit}"),
            () => gate.Run(() => SitingJson.Trails(circle, new TrailProposer(engine).Propose(circle, budgetKm, new SolverLimits(limit))), ct)), ct);
    }
}

/// <summary>One siting solve at a time on this server; a request waits its turn for a while, then gets a 503 to retry.</summary>
public sealed class SitingGate
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(90);
    readonly SemaphoreSlim _one = new(1, 1);

    public T Run<T>(Func<T> solve, CancellationToken ct)
    {
        if (!_one.Wait(MaxWait, ct))
            throw new RequestProblem(503, "选址计算繁忙", "Siting busy", $"其他选址计算仍在进行，已等待 {MaxWait.TotalSeconds:0} 秒，请稍后再试。",
                $"Other siting runs are still going after a {MaxWait.TotalSeconds:0} s wait; try again later.");
        try { return solve(); }
        finally { _one.Release(); }
    }
}
