using System.Globalization;
using Coverage.Core;
using Coverage.Core.Domain;
using Coverage.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Coverage.Server.Api;

/// <summary>
/// Conditional writes (RFC 9110 §13): a facility, settlement or scenario is answered with <c>ETag: "version"</c>, and a
/// PUT or DELETE must send it back in <c>If-Match</c>. Missing: 428. Not the stored version: the store refuses the write
/// (<see cref="PlanStoreError.Stale"/>) and the answer is 412 naming who changed it and when, with the current ETag. The same
/// holds for every write of a scenario (rename, edits added or removed, delete).
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
    /// The version a write expects, from If-Match: null for "*" (any current version). Missing: a 428 telling the client to
    /// GET the row first; not an entity-tag list: a 400. One strong tag is taken as is (the store checks it in the write).
    /// Otherwise (RFC 9110 §13.1.1, strong comparison) a weak tag never matches and a list matches when one of its strong tags
    /// is the current version: current is read, and no match is the 412 of a stale write, naming the current stamp.
    /// </summary>
    public static async Task<long?> RequiredAsync(HttpRequest request, Bilingual what, Func<Task<VersionStamp?>> current)
    {
        if (request.Headers.IfMatch.Count == 0)
            throw new RequestProblem(428, Required428Title, new Bilingual(
                $"修改或删除{what.Zh}须带 If-Match 请求头:请先 GET 该{what.Zh},再把响应中的 ETag 原样放入 If-Match(如 If-Match: \"3\")," +
                "以免覆盖他人在此期间的修改;确需覆盖时发送 If-Match: *。",
                $"Changing or deleting a {what.En} needs an If-Match header: GET the {what.En} first and send its ETag back " +
                $"(e.g. If-Match: \"3\"), so that a change someone made meanwhile is not overwritten; send If-Match: * to overwrite deliberately."));
        var value = request.Headers.IfMatch.ToString().Trim();
        if (value == "*") return null;
        var tags = ParseTags(value);
        if (tags.Count == 1 && !tags[0].Weak && tags[0].Version is { } only) return only;
        var now = await current();
        if (now is null) return NoSuchVersion; // no row: the write answers 404
        if (tags.Any(t => !t.Weak && t.Version == now.Version)) return now.Version;
        var sent = string.Join(", ", tags.Select(t => t.Text));
        throw new PlanStoreException(PlanStoreError.Stale,
            $"{what.Zh}已被 {now.UpdatedBy ?? "?"} 修改(当前 ETag \"{now.Version}\"),If-Match 中无一与之强匹配({sent});弱标签 W/ 从不匹配。请重新载入后再修改",
            $"the {what.En} was changed by {now.UpdatedBy ?? "?"} (current ETag \"{now.Version}\"); no strong tag in If-Match matches it ({sent}); " +
            "a weak tag W/ never matches. Reload it and change it again")
        { Current = now };
    }

    /// <summary>A version no row has (versions are edit-log ids, and 0 for a row never logged).</summary>
    const long NoSuchVersion = -1;

    /// <summary>The entity tags of an If-Match list (RFC 9110 §8.8.3): each "n" or W/"n", comma separated. A tag that is not
    /// one of our numbers is kept without a version: well formed, it simply never matches. Anything else is a 400.</summary>
    static List<(bool Weak, long? Version, string Text)> ParseTags(string value)
    {
        var tags = new List<(bool, long?, string)>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var weak = part.StartsWith("W/", StringComparison.Ordinal);
            var tag = weak ? part[2..] : part;
            if (tag.Length < 2 || tag[0] != '"' || tag[^1] != '"' || tag.AsSpan(1, tag.Length - 2).Contains('"'))
                throw RequestProblem.Invalid("header", "If-Match",
                    $"If-Match 应为先前 GET 得到的 ETag(如 \"3\")、以逗号分隔的多个 ETag 或 *,而不是 {value}",
                    $"If-Match must be an ETag from an earlier GET (e.g. \"3\"), a comma-separated list of them, or *, not {value}");
            long? version = long.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
            tags.Add((weak, version, part));
        }
        if (tags.Count == 0)
            throw RequestProblem.Invalid("header", "If-Match", "If-Match 为空", "If-Match is empty");
        return tags;
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
