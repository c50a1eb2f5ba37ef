using System.Security.Claims;
using System.Text.Json;
using Coverage.Analysis;
using Coverage.Analysis.LifeCircles;
using Coverage.Analysis.Siting;
using Coverage.Core.Rules;
using Coverage.Server.Region;
using Coverage.Server.Security;
using Coverage.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coverage.Server.Api;

/// <summary>
/// /api/life-circles/groupings: planners' edited life-circle groupings, saved by name with the plan version they were drawn on
/// and their rule check (judged as POST /api/life-circles/check judges). Anyone reads (as scenarios); planners save and delete,
/// with If-Match on a grouping that exists (428 without, 412 when stale). A grouping of another plan version is a 409.
/// </summary>
public static class LifeCircleGroupingsEndpoints
{
    public sealed record UnitInput(string Id, string Centre, IReadOnlyList<string> Members);
    public sealed record GroupingInput(string? Description, long PlanVersion, IReadOnlyList<UnitInput> Units);
    public sealed record SummaryView(string Name, string? Description, long PlanVersion, bool AllMeet, int UnitCount, int Meeting,
        string CreatedBy, DateTimeOffset CreatedAt, long? Version, string? UpdatedBy, DateTimeOffset? UpdatedAt);
    /// <param name="PlanChanged">The plan changed since the grouping was drawn: its check is of that older plan.</param>
    /// <param name="Check">The rule check stored with the grouping (as POST /api/life-circles/check answered it then, without polygons).</param>
    public sealed record GroupingView(string Name, string? Description, long PlanVersion, bool PlanChanged, IReadOnlyList<UnitInput> Units,
        JsonElement Check, string CreatedBy, DateTimeOffset CreatedAt, long? Version, string? UpdatedBy, DateTimeOffset? UpdatedAt);

    /// <summary>At most this many members over all units of one body (a county has hundreds).</summary>
    public const int MaxMembers = LifeCirclesEndpoints.MaxMoved;

    public static void MapLifeCircleGroupingsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/life-circles/groupings").WithTags("Life circles").AnswersStaleWrites();
        group.MapGet("/", List).WithSummary("Saved life-circle groupings by name (without units): plan version, check summary, version");
        group.MapGet("/{name}", Get).WithSummary("A saved grouping: units, the stored rule check, planChanged; ETag: \"version\"");
        group.MapPut("/{name}", Save).ForPlanners().Accepts<GroupingInput>("application/json")
            .WithSummary("Save a grouping { description, planVersion, units: [{ id, centre, members }] } (planner): every village once, each unit's centre among its members, planVersion as GET /api/life-circles gave it (409 when the plan changed); If-Match when it exists");
        group.MapDelete("/{name}", Delete).ForPlanners()
            .WithSummary("Delete a saved grouping (planner); requires If-Match with its ETag (428 without, 412 when stale)");
    }

    static SummaryView Summary(SavedGrouping g) => new(g.Name, g.Description, g.PlanVersion, g.Check.AllMeet, g.Check.UnitCount, g.Check.Meeting,
        g.CreatedBy, g.CreatedAt, g.Stamp?.Version, g.Stamp?.UpdatedBy, g.Stamp?.UpdatedAt);

    static GroupingView View(SavedGrouping g, long planVersion) => new(g.Name, g.Description, g.PlanVersion, g.PlanVersion != planVersion,
        g.Units.Select(u => new UnitInput(u.Id, u.CentreId, u.Members)).ToList(), JsonDocument.Parse(g.Check.Json).RootElement.Clone(),
        g.CreatedBy, g.CreatedAt, g.Stamp?.Version, g.Stamp?.UpdatedBy, g.Stamp?.UpdatedAt);

    static async Task<Ok<List<SummaryView>>> List(RegionHost region, CancellationToken ct) =>
        TypedResults.Ok((await (await region.StoreAsync(ct)).ListGroupingsAsync(ct)).Select(Summary).ToList());

    static async Task<Results<Ok<GroupingView>, ProblemHttpResult>> Get(RegionHost region, string name, HttpResponse response, CancellationToken ct)
    {
        name = IdRules.FromRoute(name, "name");
        var store = await region.StoreAsync(ct);
        var grouping = await store.GetGroupingAsync(name, ct);
        if (grouping is null) return NotFound.Result(NotFound.Grouping, name);
        Preconditions.SetETag(response, grouping.Stamp);
        return TypedResults.Ok(View(grouping, await store.PlanVersionAsync(ct)));
    }

    static async Task<Results<Created<GroupingView>, Ok<GroupingView>, ProblemHttpResult>> Save(PlanAnalysis analysis, RegionHost region,
        AnswerCache cache, SitingGate gate, string name, HttpRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        name = IdRules.FromRoute(name, "name");
        var body = await JsonBody.ReadAsync(request, ct);
        var fields = new JsonFields();
        var description = fields.Text(body, "body", "description", required: false, maxLength: TextRules.MaxTextLength);
        long? drawnOn = JsonFields.TryGet(body, "planVersion", out var pv) && pv.ValueKind == JsonValueKind.Number && pv.TryGetInt64(out var v) && v >= 0 ? v : null;
        if (drawnOn is null)
            fields.Add("body", "planVersion", "缺少 planVersion 或不是非负整数：请原样带回 GET /api/life-circles 的 planVersion",
                "planVersion is missing or not a whole number ≥ 0: send back the planVersion GET /api/life-circles gave");
        var units = ReadUnits(body, fields);
        fields.ThrowIfAny();

        var (engine, planVersion) = await analysis.VersionedEngineAsync(ct);
        if (drawnOn != planVersion) throw SavedGrouping.PlanChanged(name, drawnOn!.Value, planVersion);
        var result = await LifeCirclesEndpoints.ResultAsync(engine, region, cache, gate, ct);
        var check = Judge(result, units, engine, region, withPolygons: false);

        var store = await region.StoreAsync(ct);
        var existing = await store.GetGroupingAsync(name, ct);
        // A new name is saved create-only (version 0): a grouping another planner saved under it meanwhile is a 412, not overwritten.
        long? expected = existing is null && request.Headers.IfMatch.Count == 0 ? 0
            : await Preconditions.RequiredAsync(request, NotFound.Grouping, () => Task.FromResult(existing?.Stamp));
        var saved = await store.SaveGroupingAsync(new SavedGrouping
        {
            Name = name, Description = description, PlanVersion = planVersion,
            Units = units.Select(u => new GroupingUnit(u.Id, u.CentreId!, u.Members)).ToList(),
            Check = new GroupingCheck(check.AllMeet, check.UnitCount, check.Meeting, JsonSerializer.Serialize(check, JsonSerializerOptions.Web)),
        }, PlannerAuthentication.Actor(user), ct, expected);
        Preconditions.SetETag(request.HttpContext.Response, saved.Stamp);
        var view = View(saved, planVersion);
        return existing is null
            ? TypedResults.Created($"/api/life-circles/groupings/{Uri.EscapeDataString(name)}", view)
            : TypedResults.Ok(view);
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Delete(RegionHost region, string name, HttpRequest request, ClaimsPrincipal user,
        CancellationToken ct)
    {
        name = IdRules.FromRoute(name, "name");
        var store = await region.StoreAsync(ct);
        var expected = await Preconditions.RequiredAsync(request, NotFound.Grouping, async () => (await store.GetGroupingAsync(name, ct))?.Stamp);
        return await store.DeleteGroupingAsync(name, PlannerAuthentication.Actor(user), ct, expected)
            ? TypedResults.NoContent() : NotFound.Result(NotFound.Grouping, name);
    }

    /// <summary>A whole grouping judged on the result's plan: every problem (unknown, repeated or missing villages, units without
    /// a centre) in one 400, else each unit's verdict.</summary>
    internal static LifeCircleJson.CheckView Judge(LifeCircleResult result, IReadOnlyList<ProposedUnit> units, CoverageEngine engine, RegionHost region,
        bool withPolygons)
    {
        var problems = LifeCircleProposal.Problems(result.Instance, units);
        if (problems.Count > 0)
            throw RequestProblem.Invalid(problems.Select(p => new FieldError("body", p.Field, p.Zh, p.En)).ToList());
        var judged = LifeCircleProposal.Judge(result.Instance, units);
        if (withPolygons) judged = LifeCirclesEndpoints.Drawn(judged, result.Instance, engine, region);
        return LifeCircleJson.Check(result.Instance, judged, withPolygons);
    }

    /// <summary>{ units: [{ id, centre, members: [id, …] }, …] }: shapes only (the plan's villages are checked by <see cref="Judge"/>); every problem in one 400.</summary>
    public static IReadOnlyList<ProposedUnit> ReadUnits(JsonElement body)
    {
        var fields = new JsonFields();
        var units = ReadUnits(body, fields);
        fields.ThrowIfAny();
        return units;
    }

    static IReadOnlyList<ProposedUnit> ReadUnits(JsonElement body, JsonFields fields)
    {
        if (!JsonFields.TryGet(body, "units", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            fields.Add("body", "units", "缺少 units 数组：[{\"id\": \"LC001\", \"centre\": \"居民点编号\", \"members\": [\"居民点编号\", …]}, …]",
                "the units array is missing: [{\"id\": \"LC001\", \"centre\": \"settlementId\", \"members\": [\"settlementId\", …]}, …]");
            return [];
        }
        var units = new List<ProposedUnit>();
        int members = 0, i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var where = $"units[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                fields.Add("body", where, "单元应为对象 {id, centre, members}", "a unit must be an object {id, centre, members}");
                continue;
            }
            var id = fields.Text(item, "body", "id", required: true, maxLength: 64);
            var centre = JsonFields.TryGet(item, "centre", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            var ids = fields.Ids(item, "body", "members");
            members += ids.Count;
            if (members > MaxMembers)
            {
                fields.Add("body", "units", $"成员合计最多 {MaxMembers} 个", $"at most {MaxMembers} members in all");
                return units;
            }
            units.Add(new ProposedUnit(id ?? "", centre, ids));
        }
        return units;
    }
}
