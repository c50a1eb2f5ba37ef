using Coverage.Analysis;
using Coverage.Analysis.Circles;
using Coverage.Core.Domain;
using Coverage.Server.Region;

namespace Coverage.Server.Api;

/// <summary>A village's card: every circle's answer for one settlement, and the walk behind one circle's minutes (anonymous reads, cached per plan version).</summary>
public static class SettlementAccessEndpoints
{
    public static void MapSettlementAccessEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/settlements").WithTags("Settlements");
        group.MapGet("/{id}/access", Access).Produces<SettlementAccessJson.SettlementAccess>()
            .WithSummary("Every circle for one settlement: status, minutes to the nearest counted facility, which facility; population and elderly with units");
        group.MapGet("/{id}/route", Route).Produces(200, contentType: "application/json")
            .WithSummary("The walk from the settlement to its nearest facility of a circle (circle=ID), traced through the search tree, with the point where it passes the limit");
    }

    /// <summary>Every circle's row from one plan version (one edit-log read), evaluated only when the answer is not cached.</summary>
    static async Task<IResult> Access(PlanAnalysis analysis, AnswerCache cache, string id, CancellationToken ct)
    {
        id = IdRules.FromRoute(id);
        var (engine, all) = await analysis.AllCirclesAsync(ct);
        var settlement = SettlementOf(engine, id);
        return await Task.Run(() => cache.Json(engine, "access:" + id, () =>
        {
            var circles = all().Select(coverage => (coverage, RowOf(coverage, id))).ToList();
            return SettlementAccessJson.Access(settlement, circles, engine);
        }), ct);
    }

    static async Task<IResult> Route(PlanAnalysis analysis, AnswerCache cache, string id, string? circle, CancellationToken ct)
    {
        id = IdRules.FromRoute(id);
        var (engine, coverageOf) = await analysis.PlanAsync(ct);
        SettlementOf(engine, id);
        var circleId = CircleOf(engine, circle);
        var coverage = coverageOf(circleId);
        var row = RowOf(coverage, id);
        return await Task.Run(() => cache.Json(engine, $"route:{circleId}:{id}",
            () => SettlementAccessJson.Route(coverage, row, row is null ? null : engine.Route(coverage, row.Value))), ct);
    }

    static Settlement SettlementOf(CoverageEngine engine, string id) =>
        engine.Region.Settlements.FirstOrDefault(s => s.Id == id) ?? throw NotFound.Problem(NotFound.Settlement, id);

    /// <summary>The circle's row of the settlement; null where the circle does not score it (a default row is not "no row").</summary>
    static SettlementCoverage? RowOf(CircleCoverage coverage, string id)
    {
        foreach (var r in coverage.Settlements)
            if (r.Settlement.Id == id) return r;
        return null;
    }

    /// <summary>The circle= query: required, and one of the plan's circles (else 400, naming the known ones).</summary>
    internal static string CircleOf(CoverageEngine engine, string? circle)
    {
        var known = engine.Region.Seeds.Circles.Select(c => c.Id).ToList();
        var id = circle?.Trim();
        if (string.IsNullOrEmpty(id) || !known.Contains(id))
            throw RequestProblem.Invalid("query", "circle", $"circle 应为服务圈编号之一：{string.Join("、", known)}，而不是“{QueryArgs.Short(circle ?? "")}”",
                $"circle must be one of the circle ids: {string.Join(", ", known)}; got '{QueryArgs.Short(circle ?? "")}'");
        return id;
    }
}
