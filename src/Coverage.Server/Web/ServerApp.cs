using Microsoft.Extensions.FileProviders;

namespace Coverage.Server.Web;

/// <summary>Builds the web application: configuration, services, endpoint groups — a table of contents.</summary>
public static class ServerApp
{
    /// <summary>`coverage serve …`, or no verb at all (options only), runs the server.</summary>
    public static bool IsServeInvocation(string[] args) =>
        args.Length == 0 || args[0] == "serve" || (args[0].StartsWith("--", StringComparison.Ordinal) && args[0] is not ("--help" or "--version"));

    public static string[] ServeArgs(string[] args) => args.Length > 0 && args[0] == "serve" ? args[1..] : args;

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = RepoPaths.WebRoot() });
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        var leaflet = RepoPaths.LeafletDist();
        if (leaflet is not null)
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(leaflet), RequestPath = "/vendor/leaflet" });
        app.MapOpenApi();
        app.MapGet("/api/health", () => TypedResults.Ok(new { status = "ok" }));
        return app;
    }
}
