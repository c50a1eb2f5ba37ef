using System.Text.Json;
using Microsoft.Playwright;

namespace Coverage.Web.Tests.Support;

/// <summary>One browser tab on the site in its own context (fresh sessionStorage), recording console errors.</summary>
public sealed class SitePage : IAsyncDisposable
{
    readonly IBrowserContext _context;
    public IPage Page { get; }
    /// <summary>Console errors and uncaught exceptions, in order.</summary>
    public List<string> Errors { get; } = [];

    SitePage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) => { if (message.Type == "error") Errors.Add($"console: {message.Text}"); };
        page.PageError += (_, error) => Errors.Add($"page error: {error}");
    }

    /// <summary>Opens the map (at path, e.g. a shared URL with a #view) and waits until the page says it is ready. prepare runs before the first request (routes).</summary>
    public static async Task<SitePage> OpenAsync(CoverageSite site, int width = 1280, int height = 800, Func<IPage, Task>? prepare = null, string path = "/")
    {
        var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = site.BaseUri.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN",
            HasTouch = width < 700, IsMobile = false,
        });
        var page = await context.NewPageAsync();
        var tab = new SitePage(context, page);
        if (prepare is not null) await prepare(page);
        await page.GotoAsync(path);
        await page.WaitForSelectorAsync("body[data-ready]", new PageWaitForSelectorOptions { Timeout = 60_000, State = WaitForSelectorState.Attached });
        Assert.True(await page.GetAttributeAsync("body", "data-ready") == "true", $"The page failed to start: {string.Join(" | ", tab.Errors)}");
        return tab;
    }

    /// <summary>Saves a PNG under TestResults/screenshots and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        await Page.WaitForTimeoutAsync(300); // Leaflet's zoom and fade animations settle before the picture
        var path = Path.Combine(RepoLayout.ScreenshotDirectory(), name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        return path;
    }

    public Task<int> CountAsync(string selector) => Page.Locator(selector).CountAsync();

    public async Task<T> EvalAsync<T>(string script) => await Page.EvaluateAsync<T>(script);

    /// <summary>Picks a circle in the switcher and waits until the map shows it (main.js sets data-circle when drawn).</summary>
    public async Task ChooseCircleAsync(string circleId)
    {
        await Page.SelectOptionAsync("#circle-select", circleId);
        await Page.WaitForSelectorAsync($"#map[data-circle='{circleId}']:not([aria-busy])", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
    }

    /// <summary>Waits until the village card shows a settlement with its figures loaded (card.js sets data-loaded).</summary>
    public Task WaitForCardAsync(string settlementId) =>
        Page.WaitForSelectorAsync($"#village-card[data-id='{settlementId}'][data-loaded='true']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });

    /// <summary>Page coordinates of a map location.</summary>
    public async Task<(float X, float Y)> ScreenPointAsync(double lat, double lon)
    {
        var point = await Page.EvaluateAsync<double[]>("""
            ([lat, lon]) => { const p = map.latLngToContainerPoint([lat, lon]); const r = map.getContainer().getBoundingClientRect();
              return [r.left + p.x, r.top + p.y]; }
            """, new[] { lat, lon });
        return ((float)point[0], (float)point[1]);
    }

    /// <summary>Signs in with a planner token through the page's form (the planner panel appears when it is accepted).</summary>
    public async Task SignInAsync(string token)
    {
        await Page.ClickAsync("#sign-in");
        await Page.FillAsync("#token-input", token);
        await Page.ClickAsync("#sign-in-submit");
    }

    /// <summary>
    /// Drops a proposed facility at (lat, lon) in place mode (the point must be on screen) and waits until the page shows
    /// the what-if's answer; returns the body the page sent, for the test to ask the API the same question.
    /// </summary>
    public async Task<JsonElement> ProposeAtAsync(double lat, double lon)
    {
        await Page.ClickAsync("#place-facility");
        var (x, y) = await ScreenPointAsync(lat, lon);
        var request = await Page.RunAndWaitForRequestAsync(() => Page.Mouse.ClickAsync(x, y), r => r.Url.EndsWith("/api/whatif") && r.Method == "POST");
        await Page.WaitForSelectorAsync("#whatif-result[data-delta]");
        return JsonDocument.Parse(request.PostData!).RootElement.Clone();
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}

/// <summary>Reading GeoJSON and API answers in the tests.</summary>
public static class Json
{
    public static IEnumerable<JsonElement> Features(JsonElement collection) => collection.GetProperty("features").EnumerateArray();

    public static string GeometryType(JsonElement feature) => feature.GetProperty("geometry").GetProperty("type").GetString()!;

    public static string Text(JsonElement e, string name) => e.GetProperty(name).GetString()!;
}
