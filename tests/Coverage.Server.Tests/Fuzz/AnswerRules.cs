using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Coverage.Server.Tests.Fuzz;

/// <summary>One request to fuzz with: method, path and query, headers, body.</summary>
public sealed record FuzzRequest(string Method, string Target, HostileJson.Body? Body = null, string? ContentType = "application/json",
    IReadOnlyList<(string Name, string Value)>? Headers = null, bool Planner = false)
{
    public override string ToString() =>
        $"{Method} {(Target.Length > 300 ? Target[..300] + "…" : Target)}{(Planner ? " (planner)" : "")} Content-Type: {ContentType}"
        + string.Concat((Headers ?? []).Select(h => $" {h.Name}: {h.Value}")) + (Body is null ? "" : $"\n{Body}");
}

/// <summary>What came back: status, media type and the body (read up to a bound).</summary>
public sealed record FuzzAnswer(int Status, string? MediaType, byte[] Body, bool Truncated);

/// <summary>
/// The invariants every answer must keep, whatever was sent: never a 5xx; every 4xx a problem+json with Chinese and
/// English title and detail and no stack trace or exception type names; small errors and bounded answers.
/// </summary>
public static partial class AnswerRules
{
    /// <summary>An error answer of 20 listed errors, each naming a path and a value cut to 40 characters, fits in this.</summary>
    public const int MaxErrorBytes = 32 * 1024;
    /// <summary>The largest answer the demo region has (a full GeoJSON report, the coverage of every place) stays under this.</summary>
    public const int MaxAnswerBytes = 16 * 1024 * 1024;

    public static async Task<FuzzAnswer> SendAsync(HttpClient client, FuzzRequest request, string? plannerToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Target);
        // One connection per case, so each answer is judged on its own. Open: one CI run (1 in ~4,600 requests) read the
        // start of a problem body where a later answer's headers were due on a reused connection ("invalid header name
        // '{"title"'", GET /api/edit-log after other fuzzed requests); not reproduced alone. The raw-socket suite still
        // checks framing request by request.
        message.Headers.ConnectionClose = true;
        if (request.Body is { } body)
        {
            message.Content = new ByteArrayContent(body.Bytes);
            if (request.ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }
        if (request.Planner && plannerToken is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", plannerToken);
        foreach (var (name, value) in request.Headers ?? [])
        {
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                message.Content?.Headers.Remove(name);
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                message.Headers.Remove(name);
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }
        using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var bytes = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0)
        {
            bytes.Write(buffer, 0, n);
            if (bytes.Length > MaxAnswerBytes) return new((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, bytes.ToArray(), true);
        }
        return new((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, bytes.ToArray(), false);
    }

    /// <summary>Throws (naming the rule and the answer) when an answer breaks a rule.</summary>
    /// <param name="versionRefusal">505 allowed: HTTP's answer to a request line of a version the server does not speak.</param>
    public static void Check(FuzzAnswer answer, bool versionRefusal = false)
    {
        if (answer.Status >= 500 && !(versionRefusal && answer.Status == 505)) Fail(answer, "a 5xx answer");
        if (answer.Truncated) Fail(answer, $"an answer over {MaxAnswerBytes} bytes");
        if (answer.Status < 400) return;
        if (answer.Body.Length > MaxErrorBytes) Fail(answer, $"an error answer of {answer.Body.Length} bytes (limit {MaxErrorBytes})");
        if (answer.MediaType != "application/problem+json") Fail(answer, "an error that is not problem+json");
        string text = Encoding.UTF8.GetString(answer.Body);
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(answer.Body);
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            Fail(answer, "an error body that is not JSON");
            return;
        }
        string Member(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        if (!root.TryGetProperty("status", out var status) || status.GetInt32() != answer.Status) Fail(answer, "a problem whose status is not the answer's");
        if (!Cjk().IsMatch(Member("titleZh")) || !Cjk().IsMatch(Member("detailZh"))) Fail(answer, "a problem without Chinese title and detail");
        if (!Latin().IsMatch(Member("title")) || !Latin().IsMatch(Member("detail"))) Fail(answer, "a problem without English title and detail");
        if (text.Contains("   at ", StringComparison.Ordinal) || Internals().IsMatch(text)) Fail(answer, "a stack trace or an exception type name");
    }

    static void Fail(FuzzAnswer answer, string rule)
    {
        var text = Encoding.UTF8.GetString(answer.Body, 0, Math.Min(answer.Body.Length, 1000));
        throw new InvalidOperationException($"{rule}: {answer.Status} {answer.MediaType} ({answer.Body.Length} bytes) {text}");
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();

    [GeneratedRegex("[A-Za-z]{3}")]
    private static partial Regex Latin();

    /// <summary>Names only code knows: exception types and .NET namespaces (nothing the fuzzer sends contains them).</summary>
    [GeneratedRegex(@"[A-Za-z]Exception\b|\bSystem\.[A-Z]|\bMicrosoft\.[A-Z]|\bCoverage\.[A-Z]|\bNpgsql|\bSqlite")]
    private static partial Regex Internals();
}
