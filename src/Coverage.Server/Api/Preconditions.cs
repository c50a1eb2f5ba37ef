using System.Globalization;
using Coverage.Core;
using Coverage.Core.Domain;
using Coverage.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Coverage.Server.Api;

/// <summary>
/// Conditional writes (RFC 9110 §13): a facility, settlement or scenario is answered with <c>ETag: "version"</c>, and a
/// PUT or DELETE must send it back in <c>If-Match</c>. Missing: 428. Not the stored version: the store refuses the write
/// (<see cref="PlanStoreError.Stale"/>) and the answer is 412 naming who changed it and when, with the current ETag.
/// <c>If-Match: *</c> means "whatever is stored now": an explicit overwrite.
/// </summary>
public static class Preconditions
{
    /// <summary>The strong entity tag of a stored row, or null for a row read without one.</summary>
    public static string? ETag(VersionStamp? stamp) =>
        stamp is null ? null : "\"" + stamp.Version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>Sets the ETag header of the answer (nothing when the row has no stamp).</summary>
    public static void SetETag(HttpResponse response, VersionStamp? stamp)
    {
        if (ETag(stamp) is { } tag) response.Headers.ETag = tag;
    }

    /// <summary>
    /// The version a PUT/DELETE expects, from If-Match: null for "*" (any current version). Missing: a 428 telling the
    /// client to GET the row first; unreadable: a 400.
    /// </summary>
    public static long? Required(HttpRequest request, Bilingual what)
    {
        if (request.Headers.IfMatch.Count == 0)
            throw new RequestProblem(428, Required428Title, new Bilingual(
                $"修改或删除{what.Zh}须带 If-Match 请求头:请先 GET 该{what.Zh},再把响应中的 ETag 原样放入 If-Match(如 If-Match: \"3\")," +
                "以免覆盖他人在此期间的修改;确需覆盖时发送 If-Match: *。",
                $"Changing or deleting a {what.En} needs an If-Match header: GET the {what.En} first and send its ETag back " +
                $"(e.g. If-Match: \"3\"), so that a change someone made meanwhile is not overwritten; send If-Match: * to overwrite deliberately."));
        return Optional(request);
    }

    /// <summary>The version If-Match expects when one is sent (null when absent or "*").</summary>
    public static long? Optional(HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString().Trim();
        if (value.Length == 0 || value == "*") return null;
        if (value.Length > 2 && value[0] == '"' && value[^1] == '"' &&
            long.TryParse(value.AsSpan(1, value.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0)
            return version;
        throw RequestProblem.Invalid("header", "If-Match",
            $"If-Match 应为先前 GET 得到的 ETag(如 \"3\")或 *,而不是 {value}",
            $"If-Match must be an ETag from an earlier GET (e.g. \"3\") or *, not {value}");
    }

    /// <summary>
    /// Answers a stale write of the group's endpoints as 412 with the current ETag. Here and not in the exception handler:
    /// that one clears caching headers, ETag among them, from every answer it writes.
    /// </summary>
    public static TBuilder AnswersStaleWrites<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (PlanStoreException e) when (e.Error == PlanStoreError.Stale)
            {
                return TypedResults.Problem(Stale(e, context.HttpContext));
            }
        });

    static readonly Bilingual Required428Title = new("需要 If-Match", "Precondition required");

    /// <summary>The 412 answer of a stale write: who changed the row and when, and its current version and ETag.</summary>
    public static ProblemDetails Stale(PlanStoreException e, HttpContext http)
    {
        var p = Problems.Details(412, "数据已被他人修改", "Changed by someone else", e.MessageZh, e.MessageEn);
        if (e.Current is { } c)
        {
            p.Extensions["currentVersion"] = c.Version;
            p.Extensions["changedBy"] = c.UpdatedBy;
            p.Extensions["changedAt"] = c.UpdatedAt;
            http.Response.Headers.ETag = ETag(c);
        }
        return p;
    }
}
