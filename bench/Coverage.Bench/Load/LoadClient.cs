using System.Diagnostics;
using System.Net.Http.Headers;

namespace Coverage.Bench.Load;

/// <summary>The HTTP side of the mixed run: one pooled HttpClient, each request bounded by the timeout and timed.</summary>
public sealed class LoadClient : IDisposable
{
    readonly HttpClient _http;
    readonly Stopwatch _clock;

    public LoadClient(Uri baseAddress, int connections, TimeSpan timeout, Stopwatch clock)
    {
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseAddress,
            Timeout = timeout,
        };
        _clock = clock;
    }

    /// <summary>A sent request's answer, its body and its ETag (null when there was no answer or no ETag).</summary>
    public sealed record Reply(Answer Answer, string Body, string? ETag);

    /// <summary>Sends and classifies; a timeout or a failed connection is an answer too (status 0), never an exception.</summary>
    public async Task<Reply> SendAsync(string endpoint, HttpRequestMessage request)
    {
        double start = _clock.Elapsed.TotalSeconds;
        try
        {
            using var response = await _http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            int status = (int)response.StatusCode;
            var kind = Classify.Of(status, response.Content.Headers.ContentType, body);
            var answer = Done(endpoint, start, status, kind, response.Headers.RetryAfter is not null);
            if (kind != AnswerKind.Ok) answer = answer with { Detail = Classify.Detail(body), ProblemType = Classify.ProblemType(body) };
            return new Reply(answer, body,
                response.Headers.ETag?.ToString());
        }
        catch (TaskCanceledException)
        {
            return new Reply(Done(endpoint, start, 0, AnswerKind.Timeout, false), "", null);
        }
        catch (HttpRequestException e)
        {
            return new Reply(Done(endpoint, start, 0, AnswerKind.Connection, false, e.Message), e.Message, null);
        }
        finally
        {
            request.Dispose();
        }
    }

    /// <summary>A GET that must succeed (setting up the run).</summary>
    public async Task<string> GetStringAsync(string path) => await _http.GetStringAsync(path);

    Answer Done(string endpoint, double start, int status, AnswerKind kind, bool retryAfter, string? detail = null, string? type = null) =>
        new(endpoint, start, (_clock.Elapsed.TotalSeconds - start) * 1000, status, kind, retryAfter, detail, type);

    /// <summary>A request with an optional bearer token, If-Match and JSON body.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string? token = null, string? ifMatch = null, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (json is not null) request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/geo+json");
        return request;
    }

    public void Dispose() => _http.Dispose();
}
