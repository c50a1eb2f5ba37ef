using System.Globalization;
using Coverage.Analysis.Circles;
using Coverage.Analysis.Siting;
using Scenario = Coverage.Analysis.Siting.Scenario;
using Coverage.Core;
using Coverage.Core.Domain;
using Coverage.Core.Geo;
using Coverage.Server.Region;
using Coverage.Server.Security;
using Coverage.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite.Features;

namespace Coverage.Server.Api;

/// <summary>Coverage, uncovered list, isochrones, what-if, scenario coverage and reports, answered by Coverage.Analysis.</summary>
public static class AnalysisEndpoints
{
    public const int MaxBands = 6;
    public const double MaxMinutes = 60;

    public static void MapAnalysisEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Analysis");
        api.MapGet("/coverage/{circleId}", Coverage).Produces<CoverageJson.CoverageView>()
            .WithSummary("Coverage of a circle per settlement and per town");
        api.MapGet("/coverage/{circleId}/uncovered", Uncovered).WithSummary("Places not fully covered (each person once), most uncovered demand first; minutes for every place that can reach a facility");
        api.MapGet("/isochrones", Isochrones).Expensive().Produces(200, contentType: "application/geo+json")
            .WithSummary("Walk-time bands from a facility (facility=ID) or a point (lon, lat); minutes=5,10,15; profile=adult|elderly");
        api.MapPost("/whatif", WhatIf).Expensive().Accepts<ScenariosEndpoints.ScenarioInput>("application/json")
            .WithSummary("Coverage change of { circle, add, remove, move } without storing anything");
        api.MapGet("/scenarios/{id}/coverage/{circleId}", ScenarioCoverage).Expensive().WithTags("Scenarios")
            .WithSummary("Coverage change of a stored scenario's edits");
        api.MapGet("/scenarios/{a}/compare/{b}", Compare).Expensive().WithTags("Scenarios")
            .WithSummary("Scenario b against scenario a ('current' or 'base' = the plan as it is) per circle (circle=ID, default every circle) and per town: villages, places, people and demand gained and lost");
        api.MapGet("/reports/{circleId}", Report).Expensive().WithSummary("Report download: format=html|docx|csv|geojson|gpkg|xlsx");
    }

    /// <summary>settlements=false leaves the per-settlement features out (the county and towns only).</summary>
    static async Task<IResult> Coverage(PlanAnalysis analysis, AnswerCache cache, string circleId, string? settlements, CancellationToken ct)
    {
        var with = QueryArgs.Flag(settlements, "settlements") ?? true;
        var (engine, coverage) = await analysis.CoverageAsync(CircleId(circleId), ct);
        return cache.Json(engine, (with ? "coverage:" : "coverage-summary:") + coverage.Circle.Id, () => CoverageJson.Coverage(coverage, with));
    }

    /// <summary>
    /// limit=N: the N with most uncovered demand (the list's own order); X-Total-Count says how many there are. The ordered
    /// list is kept per plan version and circle, and only the rows answered are built (on a province the page asks for the
    /// first few hundred of tens of thousands at every circle switch).
    /// </summary>
    static async Task<Ok<IReadOnlyList<CoverageJson.UncoveredRow>>> Uncovered(PlanAnalysis analysis, AnswerCache cache, string circleId, string? limit,
        HttpResponse response, CancellationToken ct)
    {
        var most = QueryArgs.PositiveInt(limit, "limit");
        var (engine, coverage) = await analysis.CoverageAsync(CircleId(circleId), ct);
        var places = cache.Value(engine, "uncovered:" + coverage.Circle.Id, () => coverage.Uncovered.ToList());
        response.Headers["X-Total-Count"] = places.Count.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Ok(CoverageJson.Uncovered(coverage, most is { } n && n < places.Count ? places.Take(n) : places));
    }

    static async Task<IResult> Isochrones(PlanAnalysis analysis, RegionHost region, AnswerCache cache, string? facility, string? lon,
        string? lat, string? minutes, string? profile, CancellationToken ct)
    {
        var bands = Minutes(minutes);
        var walk = Profile(profile);
        var engine = await analysis.EngineAsync(ct);
        if (facility is not null)
        {
            var id = IdRules.FromRoute(facility, "facility");
            if (engine.Region.FacilityIndexOf(id) < 0)
                throw NotFound.Problem(NotFound.Facility, id);
            return await Task.Run(() => cache.Json(engine, $"iso:{id}:{string.Join(',', bands)}:{walk.Id}",
                () => CoverageJson.Isochrone(engine.Isochrone(id, bands, walk))), ct);
        }
        var origin = Point(lon, lat, region);
        return await Task.Run(() => cache.Json(engine, $"iso@{origin}:{string.Join(',', bands)}:{walk.Id}",
            () => CoverageJson.Isochrone(engine.Isochrone(origin, bands, walk))), ct);
    }

    static async Task<Ok<CoverageJson.WhatIfView>> WhatIf(PlanAnalysis analysis, RegionHost region, HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ct);
        var fields = new JsonFields();
        var circle = fields.Text(body, "body", "circle", required: true, maxLength: IdRules.MaxLength);
        var edits = ScenarioEditsInput.Read(body, region.Seeds, new GeometryInput(region.Facts.Bbox), fields);
        fields.ThrowIfAny();
        return TypedResults.Ok(await RunWhatIf(analysis, circle!, edits, ct));
    }

    static async Task<Results<Ok<CoverageJson.WhatIfView>, ProblemHttpResult>> ScenarioCoverage(PlanAnalysis analysis, RegionHost region,
        string id, string circleId, CancellationToken ct)
    {
        id = IdRules.FromRoute(id);
        var scenario = await (await region.StoreAsync(ct)).GetScenarioAsync(id, ct);
        if (scenario is null) return NotFound.Result(NotFound.Scenario, id);
        return TypedResults.Ok(await RunWhatIf(analysis, CircleId(circleId), scenario.Edits, ct));
    }

    static async Task<FileContentHttpResult> Report(PlanAnalysis analysis, string circleId, string? format, CancellationToken ct)
    {
        var kind = (format ?? "html").Trim().ToLowerInvariant();
        if (!CoverageReport.Formats.Contains(kind))
            throw RequestProblem.Invalid("query", "format", $"未知报告格式“{QueryArgs.Short(format!)}”；可选：{string.Join(", ", CoverageReport.Formats)}",
                $"unknown report format '{QueryArgs.Short(format!)}'; known: {string.Join(", ", CoverageReport.Formats)}");
        var (engine, coverage) = await analysis.CoverageAsync(CircleId(circleId), ct);
        var (bytes, contentType) = await Task.Run(() => CoverageReport.Render(coverage, kind, engine.Region, kind is "html" or "docx" ? ReportSections.For(engine, [coverage]) : []), ct);
        return TypedResults.File(bytes, contentType, $"coverage-{coverage.Circle.Id}.{kind}");
    }

    /// <summary>The reserved ids that name the plan as it is (no edits) on either side of a comparison.</summary>
    public static readonly IReadOnlySet<string> CurrentPlanIds = new HashSet<string>(StringComparer.Ordinal) { "current", "base" };

    /// <summary>Current: this side is the plan as it is (its name is then the page's to say, in its language).</summary>
    public sealed record ScenarioRef(string Id, string Name, bool Current);
    public sealed record ComparisonView(ScenarioRef A, ScenarioRef B, IReadOnlyList<CoverageJson.CircleComparison> Circles);

    static async Task<Ok<ComparisonView>> Compare(PlanAnalysis analysis, RegionHost region, string a, string b, string? circle, CancellationToken ct)
    {
        var (engine, planCoverage) = await analysis.PlanAsync(ct);
        var circles = circle is null ? null : new[] { IdRules.FromRoute(circle, "circle") };
        if (circles is not null) planCoverage(circles[0]); // an unknown circle is a 404 before any scenario is read
        var (ra, sa) = await PlanScenario(region, IdRules.FromRoute(a, "a"), ct);
        var (rb, sb) = await PlanScenario(region, IdRules.FromRoute(b, "b"), ct);
        var deltas = await Task.Run(() => ScenarioComparison.Compare(engine, sa, sb, circles, planCoverage), ct);
        return TypedResults.Ok(new ComparisonView(ra, rb, deltas.Select(CoverageJson.Comparison).ToList()));
    }

    /// <summary>A stored scenario as analysis sees it; "current" (or "base") is the plan with no edits.</summary>
    static async Task<(ScenarioRef Ref, Scenario Scenario)> PlanScenario(RegionHost region, string id, CancellationToken ct)
    {
        if (CurrentPlanIds.Contains(id)) return (new ScenarioRef(id, Scenario.Base.Name, true), Scenario.Base);
        var stored = await (await region.StoreAsync(ct)).GetScenarioAsync(id, ct)
            ?? throw NotFound.Problem(NotFound.Scenario, id, new("现状请用 current（或 base）。", "Use 'current' (or 'base') for the plan as it is."));
        return (new ScenarioRef(stored.Id, stored.Name, false), ScenarioOf(stored.Name, stored.Edits));
    }

    /// <summary>Stored edits as analysis's scenario (a pure mapping: Analysis owns what a move means).</summary>
    static Scenario ScenarioOf(string name, IReadOnlyList<ScenarioEdit> edits) => new(name,
        edits.Where(e => e.Kind == ScenarioEditKind.Add && e.Facility is not null).Select(e => e.Facility!).ToList(),
        edits.Where(e => e.Kind == ScenarioEditKind.Move && e.Geometry is not null).Select(e => new MovedFacility(e.FacilityId, e.Geometry!)).ToList(),
        edits.Where(e => e.Kind == ScenarioEditKind.Remove).Select(e => e.FacilityId).Distinct().ToList());

    static async Task<CoverageJson.WhatIfView> RunWhatIf(PlanAnalysis analysis, string circleId, IReadOnlyList<ScenarioEdit> edits, CancellationToken ct)
    {
        // The plan's coverage as every other view shows it (one per plan version), from the same version as the engine: the
        // what-if's "before" is that answer, not scored again.
        var (engine, plan) = await analysis.CoverageAsync(circleId, ct);
        var scenario = ScenarioOf("what-if", edits);
        return CoverageJson.WhatIf(await Task.Run(() => scenario.WhatIf(engine, circleId, plan), ct));
    }

    static string CircleId(string circleId) => IdRules.FromRoute(circleId, "circleId");

    static IReadOnlyList<double> Minutes(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [5, 10, 15];
        var values = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) || !(m > 0 && m <= MaxMinutes))
                throw RequestProblem.Invalid("query", "minutes", $"minutes 应为 0 到 {MaxMinutes} 之间的数，用逗号分隔（如 5,10,15），而不是“{QueryArgs.Short(part)}”",
                    $"minutes must be numbers from 0 to {MaxMinutes}, comma-separated (e.g. 5,10,15), not '{QueryArgs.Short(part)}'");
            values.Add(m);
        }
        values = values.Distinct().Order().ToList();
        if (values.Count > MaxBands)
            throw RequestProblem.Invalid("query", "minutes", $"最多 {MaxBands} 个时间带", $"at most {MaxBands} bands");
        return values;
    }

    static WalkProfile Profile(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return WalkProfile.Adult;
        return WalkProfile.BuiltIn.FirstOrDefault(p => string.Equals(p.Id, id.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw RequestProblem.Invalid("query", "profile", $"未知步行类型“{QueryArgs.Short(id)}”；可选：{string.Join(", ", WalkProfile.BuiltIn.Select(p => p.Id))}",
                $"unknown walk profile '{QueryArgs.Short(id)}'; known: {string.Join(", ", WalkProfile.BuiltIn.Select(p => p.Id))}");
    }

    static LonLat Point(string? lon, string? lat, RegionHost region)
    {
        var fields = new JsonFields();
        if (lon is null || lat is null
            || !double.TryParse(lon, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            || !double.TryParse(lat, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
            throw RequestProblem.Invalid("query", "facility", "请给出 facility=设施编号，或 lon= 与 lat= 两个数",
                "give facility=ID, or lon= and lat= as two numbers");
        if (!new GeometryInput(region.Facts.Bbox).Check(x, y, "query", fields)) fields.ThrowIfAny();
        return new LonLat(x, y);
    }
}
