using Coverage.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Coverage.Server.Api;

/// <summary>One problem with one input field: where (body path or query parameter), which field, why.</summary>
public sealed record FieldError(string Where, string Field, string Zh, string En)
{
    public FieldError(string where, string field, Bilingual message) : this(where, field, message.Zh, message.En) { }
}

/// <summary>
/// Bad input found at the edge: becomes a problem+json with this status (400 unless said), bilingual title and detail,
/// and the field errors. Thrown by the request readers so handlers stay straight-line.
/// </summary>
public sealed class RequestProblem(int status, Bilingual title, Bilingual detail, IReadOnlyList<FieldError>? errors = null, int omitted = 0)
    : InputException(detail)
{
    public RequestProblem(int status, string titleZh, string titleEn, string detailZh, string detailEn, IReadOnlyList<FieldError>? errors = null)
        : this(status, new Bilingual(titleZh, titleEn), new Bilingual(detailZh, detailEn), errors) { }

    public static readonly Bilingual InvalidTitle = new("输入无效", "Invalid input");

    public int Status { get; } = status;
    public Bilingual Title { get; } = title;
    public IReadOnlyList<FieldError> Errors { get; } = errors ?? [];
    /// <summary>Errors found beyond those listed (an answer lists at most <see cref="JsonFields.MaxErrors"/>).</summary>
    public int Omitted { get; } = omitted;

    /// <summary>A 400 for invalid fields; the detail sums them up, and says how many more there were.</summary>
    public static RequestProblem Invalid(IReadOnlyList<FieldError> errors, int omitted = 0)
    {
        string moreZh = omitted > 0 ? $"；另有 {omitted} 处错误未列出" : "", moreEn = omitted > 0 ? $"; and {omitted} more not listed" : "";
        return new(400, InvalidTitle, new Bilingual(string.Join("；", errors.Select(e => $"{e.Where}: {e.Zh}")) + moreZh,
            string.Join("; ", errors.Select(e => $"{e.Where}: {e.En}")) + moreEn), errors, omitted);
    }

    public static RequestProblem Invalid(string where, string field, string zh, string en) => Invalid([new FieldError(where, field, zh, en)]);

    public static RequestProblem Invalid(string where, string field, Bilingual message) => Invalid([new FieldError(where, field, message)]);
}

/// <summary>The one "there is no such thing" answer of every endpoint: 404, naming what was looked for and its id.</summary>
public static class NotFound
{
    public static readonly Bilingual Facility = new("设施", "facility"), Settlement = new("居民点", "settlement"),
        Scenario = new("情景", "scenario"), ScenarioEdit = new("情景修改", "scenario edit"), Circle = new("服务圈标准", "circle standard"),
        Grouping = new("生活圈划分", "life-circle grouping");

    static readonly Bilingual Title = new("未找到", "Not found");

    /// <summary>To throw from deep in a request (a moved facility, a circle id).</summary>
    public static RequestProblem Problem(Bilingual what, string id, Bilingual? hint = null) => new(404, Title, Detail(what, id, hint));

    /// <summary>To return from a handler.</summary>
    public static ProblemHttpResult Result(Bilingual what, string id, Bilingual? hint = null) =>
        TypedResults.Problem(Problems.Details(404, Title, Detail(what, id, hint)));

    static Bilingual Detail(Bilingual what, string id, Bilingual? hint) => new(
        $"没有编号为“{id}”的{what.Zh}。{hint?.Zh}", $"There is no {what.En} with id '{id}'.{(hint is null ? "" : " " + hint.En)}");
}

/// <summary>problem+json (RFC 7807) bodies with English title/detail and titleZh/detailZh, for every error the API returns.</summary>
public static class Problems
{
    static readonly Dictionary<int, (string TitleEn, string TitleZh, string DetailEn, string DetailZh)> ByStatus = new()
    {
        [400] = ("Bad request", "请求无效", "The request is not valid.", "请求格式或内容无效。"),
        [401] = ("Sign-in required", "需要登录", "This action needs a planner token: send 'Authorization: Bearer <token>' (issued with `coverage token issue`).",
            "此操作需要规划人员令牌：请在请求头中加入 Authorization: Bearer <令牌>（用 coverage token issue 签发）。"),
        [403] = ("Forbidden", "无权操作", "Your token's role may not do this.", "您的令牌角色无权执行此操作。"),
        [404] = ("Not found", "未找到", "There is nothing at this address.", "此地址没有内容。"),
        [405] = ("Method not allowed", "不支持此方法", "This address does not accept this HTTP method.", "此地址不支持该 HTTP 方法。"),
        [406] = ("Not acceptable", "无法提供该格式", "The requested format is not available.", "无法提供所请求的格式。"),
        [409] = ("Conflict", "冲突", "The change conflicts with existing data.", "修改与已有数据冲突。"),
        [412] = ("Changed by someone else", "数据已被他人修改", "The row changed since you read it; GET it again.", "数据在您读取后已被修改，请重新获取。"),
        [428] = ("Precondition required", "需要 If-Match", "Send If-Match with the ETag from a GET first.", "请先 GET，再在 If-Match 中带上 ETag。"),
        [413] = ("Request body too large", "请求体过大", "The request body is larger than the server accepts.", "请求体超过服务器允许的大小。"),
        [415] = ("Unsupported media type", "不支持的内容类型", "Send JSON (Content-Type: application/json or application/geo+json).",
            "请发送 JSON（Content-Type: application/json 或 application/geo+json）。"),
        [429] = ("Too many requests", "请求过于频繁", "Too many requests to an expensive endpoint; wait and try again.", "对高耗时接口的请求过于频繁，请稍后再试。"),
        [500] = ("Internal error", "内部错误", "The server failed; the error is logged with the trace id.", "服务器内部错误，已按 traceId 记录。"),
        [501] = ("Not implemented", "尚未实现", "This endpoint is not implemented yet.", "此接口尚未实现。"),
        [503] = ("Service unavailable", "服务暂不可用", "The plan store is not available; try again later.", "规划数据库暂不可用，请稍后再试。"),
    };

    /// <summary>Fills title/detail and titleZh/detailZh from the status when a problem was made without them.</summary>
    public static void AddDefaults(ProblemDetails p, HttpContext? http)
    {
        if (p.Status is { } status && ByStatus.TryGetValue(status, out var d) && !p.Extensions.ContainsKey("titleZh"))
        {
            // Made by the framework (status code pages, rate limiter): its English title is replaced by ours in both languages.
            p.Title = d.TitleEn;
            p.Extensions["titleZh"] = d.TitleZh;
            if (string.IsNullOrEmpty(p.Detail)) p.Detail = d.DetailEn;
            p.Extensions["detailZh"] = d.DetailZh;
        }
        if (p.Type is not (CommitUnknownType)) p.Type = null; // "about:blank": the status says it all, unless we typed it
        if (http is not null) p.Extensions.TryAdd("traceId", http.TraceIdentifier);
        p.Extensions.Remove("exception"); // never a stack trace, whatever the environment
    }

    /// <summary>
    /// The problem type of a 503 for a write whose COMMIT was cut off: it may or may not be stored, so a client must reload
    /// before redoing it (no Retry-After: retrying a POST blindly could store it twice).
    /// </summary>
    public const string CommitUnknownType = "urn:coverage:problem:commit-unknown";

    public static ProblemDetails Details(int status, Bilingual title, Bilingual detail, IReadOnlyList<FieldError>? errors = null, int omitted = 0)
    {
        var p = Details(status, title.Zh, title.En, detail.Zh, detail.En, errors);
        if (omitted > 0) p.Extensions["omittedErrors"] = omitted;
        return p;
    }

    public static ProblemDetails Details(int status, string titleZh, string titleEn, string detailZh, string detailEn,
        IReadOnlyList<FieldError>? errors = null)
    {
        var p = new ProblemDetails { Status = status, Title = titleEn, Detail = detailEn };
        p.Extensions["titleZh"] = titleZh;
        p.Extensions["detailZh"] = detailZh;
        if (errors is { Count: > 0 })
            p.Extensions["errors"] = errors.Select(e => new { where = e.Where, field = e.Field, zh = e.Zh, en = e.En }).ToList();
        return p;
    }

    public static ProblemHttpResult Result(int status, string titleZh, string titleEn, string detailZh, string detailEn) =>
        TypedResults.Problem(Details(status, titleZh, titleEn, detailZh, detailEn));
}
