using System.Text.Json;
using System.Text.Json.Serialization;
using Coverage.Server.Api;
using Coverage.Server.Region;
using Coverage.Server.Security;
using Microsoft.Extensions.FileProviders;
using NetTopologySuite.IO.Converters;

namespace Coverage.Server.Web;

/// <summary>Builds the web application: configuration, services, endpoint groups — a table of contents.</summary>
public static class ServerApp
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>`coverage serve …`, or no verb at all (options only), runs the server.</summary>
    public static bool IsServeInvocation(string[] args) =>
        !args.Any(a => a is "--help" or "-h" or "-?" or "--version")
        && (args.Length == 0 || args[0] == "serve" || args[0].StartsWith("--", StringComparison.Ordinal));

    public static string[] ServeArgs(string[] args) => args.Length > 0 && args[0] == "serve" ? args[1..] : args;

    /// <summary>Runs until stopped; a region or store that cannot start the server is one clear line and exit code 2.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            await Build(args).RunAsync();
            return 0;
        }
        catch (Exception ex) when (Cli.UserFacingError.TryDescribe(ex, out var message))
        {
            Console.Error.WriteLine($"错误 Error: {message}");
            return 2;
        }
    }

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = RepoPaths.WebRoot() });
        ConfigureSources(builder, args);
        var options = builder.Configuration.GetSection(CoverageOptions.Section).Get<CoverageOptions>() ?? new CoverageOptions();

        builder.Services.Configure<CoverageOptions>(builder.Configuration.GetSection(CoverageOptions.Section));
        builder.Services.AddSingleton<RegionHost>();
        builder.Services.AddSingleton<PlanAnalysis>();
        builder.Services.AddHttpContextAccessor(); // PlanAnalysis marks answers given from memory while the store is down
        builder.Services.AddSingleton<AnswerCache>();
        builder.Services.AddSingleton<SitingGate>();
        builder.Services.AddSingleton(new Coverage.Analysis.Siting.SitingInstanceCache());
        builder.Services.AddHostedService<RegionLoader>();
        builder.Services.AddProblemDetails(p => p.CustomizeProblemDetails = c => Problems.AddDefaults(c.ProblemDetails, c.HttpContext));
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>(); // after the framework's: any Accept
        builder.Services.AddExceptionHandler<ExceptionProblems>();
        builder.Services.ConfigureHttpJsonOptions(j => ConfigureJson(j.SerializerOptions));
        builder.Services.AddOpenApi();
        builder.AddCoverageSecurity(options);
        builder.WebHost.ConfigureKestrel(KestrelErrorBodies.Configure);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        ServeWebPage(app);
        IgnoreQueryOfOpenApi(app);
        app.UseRouting();
        app.UseCoverageSecurity();
        NoteCommittedWrites(app);

        // One document, at one address: the template /openapi/{documentName}.json answered other names with a text/plain 404.
        app.MapOpenApi("/openapi/v1.json");
        app.MapApiPage();
        app.MapRegionEndpoints();
        app.MapFacilitiesEndpoints();
        app.MapSettlementsEndpoints();
        app.MapMapViewEndpoints();
        app.MapSettlementAccessEndpoints();
        app.MapScenariosEndpoints();
        app.MapAnalysisEndpoints();
        app.MapIndicatorEndpoints();
        app.MapSitingEndpoints();
        app.MapAccessibilityEndpoints();
        app.MapLifeCirclesEndpoints();
        app.MapNetworkEndpoints();
        app.MapEditLogEndpoints();
        ServeBanner.PrintWhenReady(app);
        return app;
    }

    /// <summary>--region and --store as short switches; the default URL when none is configured; quiet framework logs.</summary>
    static void ConfigureSources(WebApplicationBuilder builder, string[] args)
    {
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
        {
            ["--region"] = "Coverage:Region", ["--store"] = "Coverage:Store", ["--cors"] = "Coverage:CorsOrigins:0",
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(DefaultUrl);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error); // tokens are bearer secrets, not cookies
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning); // the banner says where to go
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None); // start failures: RunAsync prints one line
    }

    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        json.Converters.Add(new GeoJsonConverterFactory());
        json.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
    }

    /// <summary>
    /// The OpenAPI document takes no query; its handler would take documentName from one (?documentName=x) and answer
    /// a text/plain 404, the one error that was not problem+json.
    /// </summary>
    static void IgnoreQueryOfOpenApi(WebApplication app) => app.Use((http, next) =>
    {
        if (http.Request.Path.StartsWithSegments("/openapi")) http.Request.QueryString = QueryString.Empty;
        return next(http);
    });

    /// <summary>
    /// A plan write answered 2xx was committed: the store is back, so analysis reads wait for it again rather than answer
    /// from memory after the outage budget (which could leave that very write out of the planner's next coverage).
    /// </summary>
    static void NoteCommittedWrites(WebApplication app)
    {
        var analysis = app.Services.GetRequiredService<PlanAnalysis>();
        app.Use(async (http, next) =>
        {
            await next(http);
            var request = http.Request;
            if (http.Response.StatusCode is >= 200 and < 300 && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
                && (request.Path.StartsWithSegments("/api/facilities") || request.Path.StartsWithSegments("/api/scenarios")
                    || request.Path.StartsWithSegments("/api/edit-log")))
                analysis.StoreAnswered();
        });
    }

    static void ServeWebPage(WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        foreach (var (url, folder) in RepoPaths.VendorFolders())
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(folder), RequestPath = url });
    }
}
