using System.Net;
using System.Threading.RateLimiting;
using Coverage.Server.Api;
using Coverage.Server.Region;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;

namespace Coverage.Server.Security;

/// <summary>Who may do what and how much: planner tokens, the per-IP rate limit on expensive endpoints, CORS, body size.</summary>
public static class SecurityServices
{
    public const string ExpensivePolicy = "expensive";
    const string CorsPolicy = "configured-origins";

    public static void AddCoverageSecurity(this WebApplicationBuilder builder, CoverageOptions options)
    {
        builder.Services.AddAuthentication(PlannerAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, PlannerAuthentication>(PlannerAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(PlannerAuthentication.PlannerPolicy,
            p => p.RequireAuthenticatedUser().RequireRole(PlannerAuthentication.WriterRoles));

        var limit = options.RateLimit;
        builder.Services.AddRateLimiter(r =>
        {
            r.AddPolicy(ExpensivePolicy, http =>
            {
                var ip = http.Connection.RemoteIpAddress;
                if (limit.ExemptLoopback && ip is not null && IPAddress.IsLoopback(ip)) return RateLimitPartition.GetNoLimiter("loopback");
                return RateLimitPartition.GetFixedWindowLimiter(ip?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, limit.PermitsPerWindow), Window = TimeSpan.FromSeconds(Math.Max(1, limit.WindowSeconds)), QueueLimit = 0,
                });
            });
            r.OnRejected = async (ctx, ct) =>
            {
                if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
                    ctx.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString();
                await Problems.Result(429, "请求过于频繁", "Too many requests",
                    $"每个客户端每 {limit.WindowSeconds} 秒最多 {limit.PermitsPerWindow} 次等时圈、情景分析、选址或报告请求，请稍后再试。",
                    $"At most {limit.PermitsPerWindow} isochrone, what-if, siting or report requests per {limit.WindowSeconds} s per client; try again later.")
                    .ExecuteAsync(ctx.HttpContext);
            };
        });

        // Closed by default: without configured origins no CORS headers are sent and browsers keep other sites out.
        builder.Services.AddCors(c => c.AddPolicy(CorsPolicy, p =>
        {
            if (options.CorsOrigins.Length > 0) p.WithOrigins(options.CorsOrigins).AllowAnyHeader().WithMethods("GET", "POST", "PUT", "DELETE");
        }));

        // Kestrel refuses bodies beyond the JSON limit even when a handler never reads them.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxJsonBytes);
    }

    public static void UseCoverageSecurity(this WebApplication app)
    {
        app.UseCors(CorsPolicy);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
    }

    /// <summary>Marks an endpoint as a write: planner token required.</summary>
    public static TBuilder ForPlanners<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(PlannerAuthentication.PlannerPolicy);

    /// <summary>Marks an endpoint as expensive: rate limited per client IP.</summary>
    public static TBuilder Expensive<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(ExpensivePolicy);
}
