using Microsoft.AspNetCore.Http.HttpResults;

namespace Coverage.Server.Api;

/// <summary>GET /api: a small page listing the endpoints from the OpenAPI document (no CDN, no script from elsewhere).</summary>
public static class ApiPage
{
    static readonly Lazy<string> Html = new(() =>
    {
        using var stream = typeof(ApiPage).Assembly.GetManifestResourceStream("api.html")!;
        return new StreamReader(stream).ReadToEnd();
    });

    public static void MapApiPage(this IEndpointRouteBuilder app) =>
        app.MapGet("/api", () => TypedResults.Content(Html.Value, "text/html; charset=utf-8")).ExcludeFromDescription();
}
