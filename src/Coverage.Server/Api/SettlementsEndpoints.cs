using Coverage.Core.Domain;
using Coverage.Server.Region;
using Coverage.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using NetTopologySuite.Features;

namespace Coverage.Server.Api;

/// <summary>/api/settlements: villages and communities with population and elderly population (read-only over HTTP).</summary>
public static class SettlementsEndpoints
{
    public static void MapSettlementsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/settlements").WithTags("Settlements");
        group.MapGet("/", List).WithSummary("Settlements as a FeatureCollection, filtered by town, kind and bbox");
        group.MapGet("/{*id}", Get).WithSummary("One settlement as a Feature, with ETag: \"version\"");
    }

    public static Feature ToFeature(Settlement s) => FacilityFeature.WithVersion(new Feature(s.Geometry, new AttributesTable
    {
        { "id", s.Id }, { "name", s.Name }, { "kind", s.Kind.ToId() }, { "town", s.Town }, { "population", s.Population },
        { "elderly", s.Elderly }, { "urban", s.Urban }, { "parentId", s.ParentId },
    }), s.Stamp);

    static async Task<Ok<FeatureCollection>> List(RegionHost region, string? town, string? kind, string? bbox, CancellationToken ct)
    {
        var query = new SettlementQuery
        {
            Town = QueryArgs.Text(town, "town"),
            Kinds = QueryArgs.List<SettlementKind>(kind, "kind", k => DomainIds.TryParseSettlementKind(k, out var v) ? v : null,
                DomainIds.SettlementKindIds),
            Bbox = QueryArgs.Bbox(bbox),
        };
        var fc = new FeatureCollection();
        foreach (var s in (await (await region.StoreAsync(ct)).QuerySettlementsAsync(query, ct)).OrderBy(s => s.Id, StringComparer.Ordinal))
            fc.Add(ToFeature(s));
        return TypedResults.Ok(fc);
    }

    static async Task<Results<Ok<Feature>, ProblemHttpResult>> Get(RegionHost region, string id, HttpResponse response, CancellationToken ct)
    {
        id = IdRules.FromRoute(id);
        var settlement = await (await region.StoreAsync(ct)).GetSettlementAsync(id, ct);
        if (settlement is null) return NotFound.Result(NotFound.Settlement, id);
        Preconditions.SetETag(response, settlement.Stamp);
        return TypedResults.Ok(ToFeature(settlement));
    }
}
