using System.Net.Http.Headers;
using System.Text.Json;

namespace Coverage.Bench.Load;

/// <summary>What a request's answer means for the mixed run; anything not declared here fails the run.</summary>
public enum AnswerKind
{
    /// <summary>2xx.</summary>
    Ok,
    /// <summary>503 problem+json: the plan store is away (declared; the client may retry later).</summary>
    Outage,
    /// <summary>409/412/428 problem+json: a conflicting or unconditional write (declared).</summary>
    Conflict,
    /// <summary>Another 4xx problem+json: the harness asked for something wrong, or a write's earlier unknown outcome shows.</summary>
    OtherClientError,
    /// <summary>A 5xx other than 503 (undeclared).</summary>
    ServerError,
    /// <summary>An error status whose body is not a bilingual problem+json (undeclared).</summary>
    NotProblem,
    /// <summary>No answer within the per-request timeout: the outcome of a write is unknown (undeclared).</summary>
    Timeout,
    /// <summary>The connection failed (undeclared).</summary>
    Connection,
}

/// <summary>One request as the client saw it: when it started (seconds into the run), how long it took, what came back
/// (for an error, the problem's English detail and its type, to tell outages of different causes apart).</summary>
public sealed record Answer(string Endpoint, double StartSeconds, double Milliseconds, int Status, AnswerKind Kind, bool RetryAfter,
    string? Detail = null, string? ProblemType = null)
{
    /// <summary>A 503 saying a write's COMMIT was cut off (by its problem type): no Retry-After is owed,
    /// since redoing the write blindly is what the planner must not do.</summary>
    public bool IsCommitUnknown => Kind == AnswerKind.Outage
        && ProblemType == Classify.CommitUnknownType;
}

/// <summary>What a write put into (or took out of) a facility; null for a DELETE.</summary>
public sealed record FacilityContent(string Name, double Lon, double Lat, int Capacity);

/// <summary>One planner write and its outcome, in the order its writer sent them.</summary>
public sealed record WriteRecord(int Writer, int Sequence, string Method, string? Id, FacilityContent? Content, Answer Answer)
{
    public bool Acknowledged => Answer.Kind == AnswerKind.Ok;

    /// <summary>No answer, or a 503 saying the connection broke during COMMIT: the write may or may not have taken effect.</summary>
    public bool OutcomeUnknown => Answer.Kind is AnswerKind.Timeout or AnswerKind.Connection || Answer.IsCommitUnknown;
}

/// <summary>Sorts an HTTP answer into an <see cref="AnswerKind"/>.</summary>
public static class Classify
{
    /// <summary>
    /// 2xx is Ok. An error counts as "clear" only as problem+json with an English and a Chinese title and detail, as every
    /// error of this server is; then 503 is an outage, 409/412/428 a conflict, other 4xx a client error, other 5xx a server error.
    /// </summary>
    public static AnswerKind Of(int status, MediaTypeHeaderValue? contentType, string body)
    {
        if (status is >= 200 and < 300) return AnswerKind.Ok;
        if (!IsBilingualProblem(contentType, body)) return AnswerKind.NotProblem;
        return status switch
        {
            503 => AnswerKind.Outage,
            409 or 412 or 428 => AnswerKind.Conflict,
            >= 400 and < 500 => AnswerKind.OtherClientError,
            _ => AnswerKind.ServerError,
        };
    }

    /// <summary>The problem type of the server's 503 when a write's COMMIT was cut off (the change may or may not be stored).</summary>
    public const string CommitUnknownType = "urn:coverage:problem:commit-unknown";

    /// <summary>The "detail" of a problem+json body (at most 140 characters), or null.</summary>
    public static string? Detail(string body) => Member(body, "detail") is { } d ? Shorten(d) : IsJson(body) ? null : Shorten(body);

    /// <summary>The "type" of a problem+json body, or null (none, or "about:blank" left out).</summary>
    public static string? ProblemType(string body) => Member(body, "type");

    static string? Member(string body, string name)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var d)
                && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        }
        catch (JsonException) { return null; }
    }

    static bool IsJson(string body)
    {
        try { using var _ = JsonDocument.Parse(body); return true; }
        catch (JsonException) { return false; }
    }

    static string Shorten(string text) => text.Length <= 140 ? text : text[..140] + "…";

    /// <summary>Outage and conflict are the declared errors; the others fail the run.</summary>
    public static bool IsDeclared(AnswerKind kind) => kind is AnswerKind.Ok or AnswerKind.Outage or AnswerKind.Conflict;

    static bool IsBilingualProblem(MediaTypeHeaderValue? contentType, string body)
    {
        if (contentType?.MediaType != "application/problem+json") return false;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            return root.ValueKind == JsonValueKind.Object &&
                new[] { "title", "detail", "titleZh", "detailZh" }.All(p =>
                    root.TryGetProperty(p, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0);
        }
        catch (JsonException) { return false; }
    }
}
