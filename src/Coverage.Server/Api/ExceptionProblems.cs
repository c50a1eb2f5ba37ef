using System.Text.Json;
using Coverage.Core;
using Coverage.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Coverage.Server.Api;

/// <summary>
/// Every exception becomes a problem+json: bad input 400/413, store errors by kind (unavailable, busy, commit unknown → 503, not found → 404,
/// conflict → 409, stale → 412 naming who changed the row), anything else 500 with a trace id — never a stack trace, in any environment.
/// </summary>
public sealed class ExceptionProblems(IProblemDetailsService problems, ILogger<ExceptionProblems> log) : IExceptionHandler
{
    /// <summary>
    /// Retry-After on a 503 that clears by itself (the store unavailable or busy): a restarting database is back within
    /// seconds, and a client (or the page) that waits this long before retrying does not pile requests onto it meanwhile.
    /// Not on a commit of unknown outcome (a blind retry could store a POST twice) nor on a damaged or read-only store.
    /// </summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested) return true;
        var problem = exception is PlanStoreException { Error: PlanStoreError.Stale } stale
            ? Preconditions.Stale(stale, http) : Describe(exception);
        if (problem.Status >= 500 && exception is not PlanStoreException) log.LogError(exception, "Request {Path} failed", http.Request.Path);
        else log.LogInformation("Request {Path}: {Status} {Detail}", http.Request.Path, problem.Status, problem.Detail);
        http.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == 503 && ClearsSoon(exception)) http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>A 503 worth retrying in seconds: the store away or busy (not damaged, read-only or a commit of unknown outcome).</summary>
    static bool ClearsSoon(Exception e) => e is not PlanStoreException s || s.Error is PlanStoreError.Unavailable or PlanStoreError.Busy;

    static ProblemDetails Describe(Exception e) => e switch
    {
        RequestProblem p => Problems.Details(p.Status, p.Title, p.Text, p.Errors, p.Omitted),
        PlanStoreException s => Store(s),
        BadHttpRequestException { StatusCode: 413 } => Problems.Details(413, "请求体过大", "Request body too large",
            "请求体超过服务器允许的大小。", "The request body is larger than the server accepts."),
        BadHttpRequestException b => Problems.Details(b.StatusCode, "请求无效", "Bad request", $"请求无法读取：{b.Message}", $"The request cannot be read: {b.Message}"),
        JsonException j => Problems.Details(400, "JSON 无效", "Malformed JSON", $"请求体不是有效的 JSON：{j.Message}", $"The body is not valid JSON: {j.Message}"),
        InputException i => Problems.Details(400, RequestProblem.InvalidTitle, i.Text),
        _ => Problems.Details(500, "内部错误", "Internal error", "服务器内部错误，已记录（见 traceId）。",
            "The server failed; the error is logged under the trace id."),
    };

    static ProblemDetails Store(PlanStoreException s)
    {
        var (status, zh, en) = s.Error switch
        {
            PlanStoreError.Unavailable or PlanStoreError.Corrupt => (503, "规划数据库暂不可用", "Plan store unavailable"),
            PlanStoreError.Busy => (503, "规划数据库繁忙", "Plan store busy"),
            PlanStoreError.CommitUnknown => (503, "修改可能未保存", "Change may not be stored"),
            PlanStoreError.ReadOnly => (503, "规划数据库只读", "Plan store is read-only"),
            PlanStoreError.NotFound => (404, "未找到", "Not found"),
            PlanStoreError.Conflict => (409, "冲突", "Conflict"),
            _ => (400, "输入无效", "Invalid input"),
        };
        var errors = s.Rows.Select(r => new FieldError($"#{r.Index}", r.Field, r.MessageZh, r.MessageEn)).ToList();
        var problem = Problems.Details(status, zh, en, s.MessageZh, s.MessageEn, errors);
        if (s.Error == PlanStoreError.CommitUnknown) problem.Type = Problems.CommitUnknownType;
        return problem;
    }
}
