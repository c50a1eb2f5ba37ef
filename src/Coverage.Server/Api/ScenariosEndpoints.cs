using System.Security.Claims;
using System.Text.Json;
using Coverage.Core.Domain;
using Coverage.Core.Rules;
using Coverage.Server.Region;
using Coverage.Server.Security;
using Coverage.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Coverage.Server.Api;

/// <summary>/api/scenarios: named sets of add/move/remove edits over the plan; anyone reads, planners write.</summary>
public static class ScenariosEndpoints
{
    public sealed record EditView(long Id, string Kind, string FacilityId, Feature? Facility, Geometry? Geometry, string? Note,
        string CreatedBy, DateTimeOffset CreatedAt);
    /// <summary>editCount: how many edits the scenario holds (the list leaves <c>edits</c> empty and still counts them);
    /// version: grows on rename and on each edit added or removed, the ETag to send back in If-Match; updatedBy/updatedAt: the last change.</summary>
    public sealed record ScenarioView(string Id, string Name, string? Description, string CreatedBy, DateTimeOffset CreatedAt,
        int EditCount, IReadOnlyList<EditView> Edits, long? Version = null, string? UpdatedBy = null, DateTimeOffset? UpdatedAt = null);
    public sealed record ScenarioInput(string Name, string? Description, object[]? Add, string[]? Remove, object[]? Move);

    public static void MapScenariosEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/scenarios").WithTags("Scenarios").AnswersStaleWrites();
        group.MapGet("/", List).WithSummary("Scenarios, newest first (without edits)");
        group.MapGet("/{id}", Get).WithSummary("A scenario with its edits in order, with ETag: \"version\"");
        group.MapPost("/", Create).ForPlanners().Accepts<ScenarioInput>("application/json")
            .WithSummary("Create a scenario, optionally with its edits { name, description, add, remove, move } (planner); answer carries its ETag");
        group.MapPatch("/{id}", Rename).ForPlanners().Accepts<ScenarioInput>("application/json")
            .WithSummary("Rename a scenario { name } (planner); requires If-Match with its ETag (428 without, 412 when stale)");
        group.MapPost("/{id}/edits", AddEdits).ForPlanners().Accepts<ScenarioInput>("application/json")
            .WithSummary("Append edits { add, remove, move } to a scenario (planner); requires If-Match with its ETag (428 without, 412 when stale)");
        group.MapDelete("/{id}/edits/{editId}", RemoveEdit).ForPlanners()
            .WithSummary("Remove one edit (planner); requires If-Match with the scenario's ETag (428 without, 412 when stale)");
        group.MapDelete("/{id}", Delete).ForPlanners()
            .WithSummary("Delete a scenario (planner); requires If-Match with its ETag (428 without, 412 when stale)");
    }

    public static ScenarioView View(Scenario s) => new(s.Id, s.Name, s.Description, s.CreatedBy, s.CreatedAt, s.EditCount, s.Edits.Select(e =>
        new EditView(e.Id, e.Kind.ToString().ToLowerInvariant(), e.FacilityId, e.Facility is null ? null : FacilityFeature.ToFeature(e.Facility),
            e.Geometry, e.Note, e.CreatedBy, e.CreatedAt)).ToList(), s.Stamp?.Version, s.Stamp?.UpdatedBy, s.Stamp?.UpdatedAt);

    /// <summary>The scenario's view, with its ETag set on the answer.</summary>
    static ScenarioView Answer(Scenario s, HttpResponse response)
    {
        Preconditions.SetETag(response, s.Stamp);
        return View(s);
    }

    static async Task<Ok<List<ScenarioView>>> List(RegionHost region, CancellationToken ct) =>
        TypedResults.Ok((await (await region.StoreAsync(ct)).ListScenariosAsync(ct)).Select(View).ToList());

    static async Task<Results<Ok<ScenarioView>, ProblemHttpResult>> Get(RegionHost region, string id, HttpResponse response, CancellationToken ct)
    {
        id = IdRules.FromRoute(id);
        var scenario = await (await region.StoreAsync(ct)).GetScenarioAsync(id, ct);
        return scenario is null ? NotFound.Result(NotFound.Scenario, id) : TypedResults.Ok(Answer(scenario, response));
    }

    static async Task<Results<Created<ScenarioView>, ProblemHttpResult>> Create(RegionHost region, HttpRequest request, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ct);
        var fields = new JsonFields();
        var name = fields.Text(body, "body", "name", required: true);
        var description = fields.Text(body, "body", "description", required: false, maxLength: TextRules.MaxTextLength);
        var edits = ScenarioEditsInput.Read(body, region.Seeds, new GeometryInput(region.Facts.Bbox), fields);
        fields.ThrowIfAny();
        var store = await region.StoreAsync(ct);
        // Every moved or removed facility must exist before anything is stored: a bad edit leaves no half scenario.
        if (await MissingFacility(store, edits, ct) is { } missing) return NotFound.Result(NotFound.Facility, missing);
        var actor = PlannerAuthentication.Actor(user);
        // One transaction: a client gone or a store failing midway leaves no half scenario.
        var stored = await store.CreateScenarioAsync(name!, description, actor, ct, edits);
        return TypedResults.Created($"/api/scenarios/{stored.Id}", Answer(stored, request.HttpContext.Response));
    }

    static async Task<Results<Ok<ScenarioView>, ProblemHttpResult>> Rename(RegionHost region, string id, HttpRequest request, ClaimsPrincipal user,
        CancellationToken ct)
    {
        id = IdRules.FromRoute(id);
        var body = await JsonBody.ReadAsync(request, ct);
        var fields = new JsonFields();
        var name = fields.Text(body, "body", "name", required: true);
        fields.ThrowIfAny();
        var store = await region.StoreAsync(ct);
        var expected = await Preconditions.RequiredAsync(request, NotFound.Scenario, () => StampOf(store, id, ct));
        var renamed = await store.RenameScenarioAsync(id, name!, PlannerAuthentication.Actor(user), ct, expected);
        return renamed is null ? NotFound.Result(NotFound.Scenario, id) : TypedResults.Ok(Answer(renamed, request.HttpContext.Response));
    }

    static async Task<Results<Ok<ScenarioView>, ProblemHttpResult>> AddEdits(RegionHost region, string id, HttpRequest request,
        ClaimsPrincipal user, CancellationToken ct)
    {
        id = IdRules.FromRoute(id);
        var body = await JsonBody.ReadAsync(request, ct);
        var fields = new JsonFields();
        var edits = ScenarioEditsInput.Read(body, region.Seeds, new GeometryInput(region.Facts.Bbox), fields);
        if (edits.Count == 0 && !fields.HasErrors) fields.Add("body", "add", "没有修改（add/remove/move 均为空）", "no edits (add, remove and move are all empty)");
        fields.ThrowIfAny();
        var store = await region.StoreAsync(ct);
        var current = await store.GetScenarioAsync(id, ct);
        var expected = await Preconditions.RequiredAsync(request, NotFound.Scenario, () => Task.FromResult(current?.Stamp));
        if (current is null) return NotFound.Result(NotFound.Scenario, id);
        if (await MissingFacility(store, edits, ct) is { } missing) return NotFound.Result(NotFound.Facility, missing);
        var actor = PlannerAuthentication.Actor(user);
        // The first edit is checked against the version the client read; the answer is the scenario as this write left it
        // (a scenario deleted meanwhile is a 404 from the store, not a failed re-read).
        var stored = await store.AppendScenarioEditsAsync(id, edits, actor, ct, expected);
        return TypedResults.Ok(Answer(stored, request.HttpContext.Response));
    }

    static async Task<Results<NoContent, ProblemHttpResult>> RemoveEdit(RegionHost region, string id, string editId, HttpRequest request,
        ClaimsPrincipal user, CancellationToken ct)
    {
        id = IdRules.FromRoute(id);
        if (!long.TryParse(editId, out var edit) || edit <= 0)
            throw RequestProblem.Invalid("path", "editId", "修改编号应为正整数", "editId must be a positive whole number");
        var store = await region.StoreAsync(ct);
        var expected = await Preconditions.RequiredAsync(request, NotFound.Scenario, () => StampOf(store, id, ct));
        var removed = await store.RemoveScenarioEditAsync(id, edit, PlannerAuthentication.Actor(user), ct, expected);
        return removed ? TypedResults.NoContent() : NotFound.Result(NotFound.ScenarioEdit, $"{id}/{edit}");
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Delete(RegionHost region, string id, HttpRequest request, ClaimsPrincipal user,
        CancellationToken ct)
    {
        id = IdRules.FromRoute(id);
        var store = await region.StoreAsync(ct);
        var expected = await Preconditions.RequiredAsync(request, NotFound.Scenario, () => StampOf(store, id, ct));
        var deleted = await store.DeleteScenarioAsync(id, PlannerAuthentication.Actor(user), ct, expected);
        return deleted ? TypedResults.NoContent() : NotFound.Result(NotFound.Scenario, id);
    }

    /// <summary>The scenario's current stamp (null when there is none), for an If-Match that is not one strong tag.</summary>
    static async Task<VersionStamp?> StampOf(IPlanStore store, string id, CancellationToken ct) =>
        (await store.GetScenarioAsync(id, ct))?.Stamp;

    static async Task<string?> MissingFacility(IPlanStore store, IReadOnlyList<ScenarioEdit> edits, CancellationToken ct)
    {
        foreach (var e in edits.Where(e => e.Kind != ScenarioEditKind.Add))
            if (await store.GetFacilityAsync(e.FacilityId, ct) is null) return e.FacilityId;
        return null;
    }
}
