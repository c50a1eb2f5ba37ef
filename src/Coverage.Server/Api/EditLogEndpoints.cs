using System.Security.Claims;
using Coverage.Core;
using Coverage.Server.Region;
using Coverage.Server.Security;
using Coverage.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coverage.Server.Api;

/// <summary>/api/edit-log: who changed what and when (planners only: it holds names and before/after rows).</summary>
public static class EditLogEndpoints
{
    public static void MapEditLogEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/edit-log", Read).ForPlanners().WithTags("Edit log")
            .WithSummary("Edit log rows oldest first (newest=true: newest first); filter by entity and entityId, page with after and limit (planner)");
        app.MapPost("/api/edit-log/{id:long}/undo", Undo).ForPlanners().WithTags("Edit log")
            .WithSummary("Put the entity back to this row's before state, logged as action 'undo'; 409 when it changed since (planner)");
    }

    static readonly Bilingual UndoRow = new("修改日志记录", "edit-log row");

    /// <summary>An edit-log entity as a planner reads it (the log stores the English id: facility, settlement, …).</summary>
    static Bilingual EntityName(string entity) => entity switch
    {
        "facility" => NotFound.Facility,
        "settlement" => NotFound.Settlement,
        "circle_standard" => NotFound.Circle,
        "scenario" => NotFound.Scenario,
        "scenario_edit" => NotFound.ScenarioEdit,
        "planner_token" => new("规划人员令牌", "planner token"),
        "plan" => new("整个规划（恢复备份）", "the whole plan (restore)"),
        _ => new(entity, entity),
    };

    static Bilingual ActionName(string action) => action switch
    {
        "insert" => new("新增", "insert"),
        "update" => new("修改", "update"),
        "delete" => new("删除", "delete"),
        "undo" => new("撤销", "undo"),
        "restore" => new("恢复备份", "restore"),
        _ => new(action, action),
    };

    /// <summary>The new "undo" row (200), or 404 / 409 problem+json naming who changed the entity later and when.</summary>
    static async Task<Results<Ok<EditLogEntry>, ProblemHttpResult>> Undo(RegionHost region, long id, ClaimsPrincipal user, CancellationToken ct)
    {
        var result = await (await region.StoreAsync(ct)).UndoEditAsync(id, PlannerAuthentication.Actor(user), ct);
        return result.Status switch
        {
            UndoStatus.Done => TypedResults.Ok(result.Entry!),
            UndoStatus.NotFound => NotFound.Result(UndoRow, id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            UndoStatus.NotUndoable => Problems.Result(409, "无法撤销", "Cannot undo",
                $"修改日志第 {id} 条（{ActionName(result.Undone!.Action).Zh}{EntityName(result.Undone.Entity).Zh}）不是对单个设施、居民点或服务圈标准的修改，不能撤销。",
                $"Edit-log row {id} ({result.Undone!.Action} {result.Undone.Entity}) is not an edit of one facility, settlement or circle standard, so it cannot be undone."),
            _ => Stale(result),
        };
    }

    static ProblemHttpResult Stale(UndoResult result)
    {
        var (entry, later) = (result.Undone!, result.Later);
        var who = later is null ? ("其他程序", "another program", "") : (later.Actor, later.Actor, $"{later.At:yyyy-MM-dd HH:mm:ss} UTC");
        var details = Problems.Details(409, "已被再次修改，无法撤销", "Changed since, cannot undo",
            $"{EntityName(entry.Entity).Zh} {entry.EntityId} 在这次修改之后已被 {who.Item1}{(later is null ? "" : $" 于 {who.Item3}")} 修改；请先撤销那次修改，或直接编辑。",
            $"{EntityName(entry.Entity).En} {entry.EntityId} was changed after this edit by {who.Item2}{(later is null ? "" : $" at {who.Item3}")}; undo that change first, or edit it directly.");
        if (later is not null)
        {
            details.Extensions["changedBy"] = later.Actor;
            details.Extensions["changedAt"] = later.At;
            details.Extensions["laterEditId"] = later.Id;
        }
        return TypedResults.Problem(details);
    }

    static async Task<Ok<IReadOnlyList<EditLogEntry>>> Read(RegionHost region, string? entity, string? entityId, long? after, int? limit,
        bool? newest, CancellationToken ct)
    {
        if (limit is < 1 or > 1000) throw RequestProblem.Invalid("query", "limit", "limit 应在 1 到 1000 之间", "limit must be from 1 to 1000");
        if (after is < 0) throw RequestProblem.Invalid("query", "after", "after 不能为负", "after must not be negative");
        var query = new EditLogQuery
        {
            Entity = QueryArgs.Text(entity, "entity"), EntityId = QueryArgs.Text(entityId, "entityId"), AfterId = after ?? 0, Limit = limit ?? 1000, NewestFirst = newest ?? false,
        };
        return TypedResults.Ok(await (await region.StoreAsync(ct)).ReadEditLogAsync(query, ct));
    }
}
