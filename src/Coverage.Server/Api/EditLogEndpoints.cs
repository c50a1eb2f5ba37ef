using Coverage.Server.Region;
using Coverage.Server.Security;
using Coverage.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coverage.Server.Api;

/// <summary>/api/edit-log: who changed what and when (planners only: it holds names and before/after rows).</summary>
public static class EditLogEndpoints
{
    public static void MapEditLogEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/edit-log", Read).ForPlanners().WithTags("Edit log")
            .WithSummary("Edit log rows oldest first; filter by entity and entityId, page with after and limit (planner)");

    static async Task<Ok<IReadOnlyList<EditLogEntry>>> Read(RegionHost region, string? entity, string? entityId, long? after, int? limit,
        CancellationToken ct)
    {
        if (limit is < 1 or > 1000) throw RequestProblem.Invalid("query", "limit", "limit 应在 1 到 1000 之间", "limit must be from 1 to 1000");
        if (after is < 0) throw RequestProblem.Invalid("query", "after", "after 不能为负", "after must not be negative");
        var query = new EditLogQuery
        {
            Entity = QueryArgs.Text(entity, "entity"), EntityId = QueryArgs.Text(entityId, "entityId"), AfterId = after ?? 0, Limit = limit ?? 1000,
        };
        return TypedResults.Ok(await (await region.StoreAsync(ct)).ReadEditLogAsync(query, ct));
    }
}
