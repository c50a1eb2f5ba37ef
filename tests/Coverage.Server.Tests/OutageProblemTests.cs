using System.Text.Json;
using Coverage.Server.Api;
using Coverage.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coverage.Server.Tests;

/// <summary>
/// What a store failure tells a client about retrying: Retry-After only when waiting helps (the store away or busy); a
/// commit of unknown outcome is its own problem type without Retry-After (a blind retry of a POST would store it twice).
/// </summary>
public sealed class OutageProblemTests
{
    [Theory]
    [InlineData(PlanStoreError.Unavailable, true, null, "Plan store unavailable")]
    [InlineData(PlanStoreError.Busy, true, null, "Plan store busy")]
    [InlineData(PlanStoreError.CommitUnknown, false, Problems.CommitUnknownType, "Change may not be stored")]
    [InlineData(PlanStoreError.Corrupt, false, null, "Plan store unavailable")]
    [InlineData(PlanStoreError.ReadOnly, false, null, "Plan store is read-only")]
    public async Task A_503_carries_Retry_After_only_when_waiting_helps(PlanStoreError kind, bool retryAfter, string? type, string title)
    {
        var (http, body) = await HandleAsync(new PlanStoreException(kind, "规划数据库出错", "The plan store failed"));
        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal(retryAfter, http.Response.Headers.ContainsKey("Retry-After"));
        if (retryAfter) Assert.Equal(ExceptionProblems.RetryAfterSeconds.ToString(), http.Response.Headers.RetryAfter.ToString());
        Assert.Equal(type, body.TryGetProperty("type", out var t) ? t.GetString() : null);
        Assert.Equal(title, body.GetProperty("title").GetString());
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", body.GetProperty("titleZh").GetString());
        Assert.Equal("The plan store failed", body.GetProperty("detail").GetString());
    }

    /// <summary>The server's own exception handler and problem writer (as ServerApp registers them) on one failure.</summary>
    static async Task<(HttpContext Http, JsonElement Body)> HandleAsync(Exception failure)
    {
        var services = new ServiceCollection().AddLogging()
            .AddProblemDetails(p => p.CustomizeProblemDetails = c => Problems.AddDefaults(c.ProblemDetails, c.HttpContext))
            .BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        var output = new MemoryStream();
        http.Response.Body = output;
        var handler = new ExceptionProblems(services.GetRequiredService<IProblemDetailsService>(), NullLogger<ExceptionProblems>.Instance);
        Assert.True(await handler.TryHandleAsync(http, failure, CancellationToken.None));
        return (http, JsonDocument.Parse(output.ToArray()).RootElement.Clone());
    }
}
