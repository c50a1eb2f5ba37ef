using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coverage.Storage.GeoPackage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Coverage.Web.Tests.Support;

/// <summary>
/// The real `coverage` server on a free loopback port (Kestrel) over a fresh GeoPackage store, a planner token issued
/// through the store, and Debian's headless Chromium. One per test run: starting the region is the slow part.
/// </summary>
public class CoverageSite : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    public const string PlannerName = "e2e-planner";
    static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run",
         "--disable-component-update", "--disable-sync"];

    string _folder = "";
    SiteFactory? _factory;
    IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseUri { get; private set; } = null!;
    /// <summary>Plain HTTP client on the same server: the tests' oracle for what the page must show.</summary>
    public HttpClient Http { get; private set; } = null!;
    public string PlannerToken { get; private set; } = "";
    public string StorePath => Path.Combine(_folder, "plan.gpkg");

    public async Task InitializeAsync()
    {
        RepoLayout.RequireLeaflet();
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"{Chromium} is missing: `apt-get install -y chromium` (scripts/test.sh installs it).");
        _folder = Directory.CreateTempSubdirectory("coverage-web-tests-").FullName;

        // The token is issued before the server opens the store; the server imports the region into it on start.
        await using (var store = await GeoPackageStore.OpenAsync(StorePath))
            PlannerToken = (await store.IssuePlannerTokenAsync(PlannerName, "planner", "e2e-setup")).Secret;

        _factory = new SiteFactory(await RegionAsync(_folder), StorePath, Path.Combine(_folder, "region.covgraph"));
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUri = new Uri(addresses.First());
        Http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromMinutes(2) };

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium, Headless = true, Args = ChromiumArgs,
        });
    }

    /// <summary>The region the server opens (a folder or an extract); a derived site may generate one in its temp folder.</summary>
    protected virtual Task<string> RegionAsync(string folder) => Task.FromResult(RepoLayout.Region());

    public async Task<JsonElement> GetJsonAsync(string path, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} → {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<JsonElement> PostJsonAsync(string path, object body, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} → {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        Http?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* a store file still closing: the temp folder is cleaned by the OS */ }
    }

    sealed class SiteFactory(string region, string store, string graphCache) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Coverage:Region", region);
            builder.UseSetting("Coverage:Store", "gpkg:" + store);
            builder.UseSetting("Coverage:GraphCache", graphCache);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<CoverageSite>
{
    public const string Name = "coverage site";
}
