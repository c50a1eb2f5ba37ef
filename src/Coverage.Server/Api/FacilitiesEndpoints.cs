using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coverage.Core.Domain;
using Coverage.Server.Region;
using Coverage.Server.Security;
using Coverage.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using NetTopologySuite.Features;

namespace Coverage.Server.Api;

/// <summary>/api/facilities: read by anyone, written by planners (each write is in the edit log under the token's name).</summary>
public static class FacilitiesEndpoints
{
    public static void MapFacilitiesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/facilities").WithTags("Facilities").AnswersStaleWrites();
        group.MapGet("/", List).WithSummary("Facilities as a FeatureCollection, filtered by category, status and bbox (properties.version per feature)");
        group.MapGet("/{*id}", Get).WithSummary("One facility as a Feature, with ETag: \"version\"");
        group.MapPost("/", Create).ForPlanners().Accepts<FeatureInput>("application/geo+json", "application/json")
            .WithSummary("Add a facility (planner); the answer carries its ETag");
        group.MapPut("/{*id}", Replace).ForPlanners().Accepts<FeatureInput>("application/geo+json", "application/json")
            .WithSummary("Replace a facility (planner); requires If-Match: the ETag of a GET (or * to overwrite): 428 without it, " +
                "412 with who changed it and when if it is stale; the answer carries the new ETag");
        group.MapDelete("/{*id}", Delete).ForPlanners()
            .WithSummary("Delete a facility (planner); requires If-Match like PUT (428 without, 412 when stale)");
    }

    /// <summary>The request body, for the OpenAPI document: a GeoJSON Feature.</summary>
    public sealed record FeatureInput(string Type, GeometryDoc Geometry, FacilityProperties Properties);
    public sealed record GeometryDoc(string Type, object Coordinates);
    public sealed record FacilityProperties(string Name, string Category, string? Kind, string? Status, int? Capacity, string? Town,
        [property: System.Text.Json.Serialization.JsonPropertyName("built_year")] int? BuiltYear = null,
        [property: System.Text.Json.Serialization.JsonPropertyName("area_m2")] double? AreaM2 = null);

    static async Task<Ok<FeatureCollection>> List(RegionHost region, string? category, string? status, string? bbox, CancellationToken ct)
    {
        var seeds = region.Seeds;
        var query = new FacilityQuery
        {
            Categories = QueryArgs.Names(category, "category", c => seeds.FindCategory(c)?.Id, seeds.Categories.Select(c => c.Id)),
            Statuses = QueryArgs.List<FacilityStatus>(status, "status",
                s => DomainIds.TryParseStatus(s, out var v) ? v : null, DomainIds.StatusIds),
            Bbox = QueryArgs.Bbox(bbox),
        };
        var facilities = await (await region.StoreAsync(ct)).QueryFacilitiesAsync(query, ct);
        return TypedResults.Ok(FacilityFeature.ToCollection(facilities.OrderBy(f => f.Id, StringComparer.Ordinal)));
    }

    static async Task<Results<Ok<Feature>, ProblemHttpResult>> Get(RegionHost region, string id, HttpResponse response, CancellationToken ct)
    {
        id = IdRules.FromRoute(id);
        var facility = await (await region.StoreAsync(ct)).GetFacilityAsync(id, ct);
        if (facility is null) return NotFound.Result(NotFound.Facility, id);
        Preconditions.SetETag(response, facility.Stamp);
        return TypedResults.Ok(FacilityFeature.ToFeature(facility));
    }

    /// <summary>
    /// The stored facility as a Feature, plus "warnings": [{code, zh, en, distanceMetres}] when it will not count as expected
    /// (beyond the snap limit from every walkable way, outside every town); an empty list otherwise.
    /// </summary>
    static async Task<Created<JsonObject>> Create(RegionHost region, HttpRequest request, ClaimsPrincipal user, IOptions<JsonOptions> json,
        CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ct);
        var id = "fac-" + Guid.NewGuid().ToString("N")[..12];
        // Ids are the server's: a properties.id in the body is ignored.
        var facility = FacilityFeature.Read(body, id, idFromRoute: false, region.Seeds, new GeometryInput(region.Facts.Bbox), "planner");
        var store = await region.StoreAsync(ct);
        // The stamp this insert produced: a later read could already show another planner's change, or fail.
        var written = await store.UpsertFacilitiesAsync([facility], PlannerAuthentication.Actor(user), ct);
        facility = facility with { Stamp = written.Stamps[0] };
        Preconditions.SetETag(request.HttpContext.Response, facility.Stamp);
        var answer = JsonSerializer.SerializeToNode(FacilityFeature.ToFeature(facility), json.Value.SerializerOptions)!.AsObject();
        answer["warnings"] = new JsonArray(region.Placement.Facilities([facility])[0].Select(w => (JsonNode)new JsonObject
        {
            ["code"] = w.Code, ["zh"] = w.Zh, ["en"] = w.En, ["distanceMetres"] = w.DistanceMetres,
        }).ToArray());
        return TypedResults.Created($"/api/facilities/{Uri.EscapeDataString(id)}", answer);
    }

    static async Task<Results<Ok<Feature>, ProblemHttpResult>> Replace(RegionHost region, string id, HttpRequest request, ClaimsPrincipal user,
        CancellationToken ct)
    {
        id = IdRules.FromRoute(id);
        var body = await JsonBody.ReadAsync(request, ct);
        var store = await region.StoreAsync(ct);
        var existing = await store.GetFacilityAsync(id, ct);
        var expected = await Preconditions.RequiredAsync(request, NotFound.Facility, () => Task.FromResult(existing?.Stamp));
        if (existing is null) return NotFound.Result(NotFound.Facility, id);
        var facility = FacilityFeature.Read(body, id, idFromRoute: true, region.Seeds, new GeometryInput(region.Facts.Bbox), existing.Source)
            with { SourceId = existing.SourceId };
        // The row and stamp as this write left them, not a later read's.
        var stored = await store.ReplaceFacilityAsync(facility, PlannerAuthentication.Actor(user), ct, expected);
        if (stored is null) return NotFound.Result(NotFound.Facility, id);
        Preconditions.SetETag(request.HttpContext.Response, stored.Stamp);
        return TypedResults.Ok(FacilityFeature.ToFeature(stored));
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Delete(RegionHost region, string id, HttpRequest request, ClaimsPrincipal user,
        CancellationToken ct)
    {
        id = IdRules.FromRoute(id);
        var store = await region.StoreAsync(ct);
        var expected = await Preconditions.RequiredAsync(request, NotFound.Facility, async () => (await store.GetFacilityAsync(id, ct))?.Stamp);
        var deleted = await store.DeleteFacilityAsync(id, PlannerAuthentication.Actor(user), ct, expected);
        return deleted ? TypedResults.NoContent() : NotFound.Result(NotFound.Facility, id);
    }
}
