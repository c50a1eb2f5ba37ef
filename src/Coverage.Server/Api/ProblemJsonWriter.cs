using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Coverage.Server.Api;

/// <summary>
/// Writes a problem as problem+json whatever the request's Accept says. The framework's own writer declines when Accept
/// names neither JSON nor */* (a report download sends "Accept: text/csv"), and the error then went out with an empty body
/// (an exception) or as plain text (status code pages). Registered after the framework's writer: it takes only what that
/// one declines, and fills the same bilingual defaults.
/// </summary>
public sealed class ProblemJsonWriter(IOptions<JsonOptions> json, IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        context.ProblemDetails.Status ??= http.Response.StatusCode;
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(http.Response.WriteAsJsonAsync(context.ProblemDetails, context.ProblemDetails.GetType(), json.Value.SerializerOptions,
            "application/problem+json", http.RequestAborted));
    }
}
