using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Coverage.Web.Tests.Support;
using Microsoft.Playwright;

namespace Coverage.Web.Tests;

/// <summary>The public map: loading, what it draws, the offline basemap, languages and the phone layout.</summary>
[Collection(SiteCollection.Name)]
public sealed class MapPageTests(CoverageSite site)
{
    static readonly PageWaitForSelectorOptions Attached = new() { State = WaitForSelectorState.Attached };

    [Fact]
    public async Task Page_loads_without_console_errors_and_draws_the_network_when_no_tile_url_is_configured()
    {
        var config = await site.GetJsonAsync("/api/config");
        Assert.Equal(JsonValueKind.Null, config.GetProperty("tileUrl").ValueKind);
        var lines = await site.GetJsonAsync("/api/network/lines?bbox=" + await RegionBboxAsync());

        await using var tab = await SitePage.OpenAsync(site);
        await tab.Page.WaitForSelectorAsync("#map[data-network-lines]", Attached);

        Assert.Equal("network", await tab.Page.GetAttributeAsync("#map", "data-basemap"));
        Assert.Equal(Json.Features(lines).Count(), int.Parse((await tab.Page.GetAttributeAsync("#map", "data-network-lines"))!));
        Assert.True(await PaintedCanvasPixelsAsync(tab) > 5_000, "the offline basemap canvas is (nearly) empty");
        await tab.ScreenshotAsync("01-map-offline-network");
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task Map_draws_one_shape_per_settlement_and_facility_the_API_lists_once_every_category_is_ticked()
    {
        var settlements = Json.Features(await site.GetJsonAsync("/api/settlements")).ToList();
        var facilities = Json.Features(await site.GetJsonAsync("/api/facilities")).ToList();
        Assert.NotEmpty(settlements);
        Assert.NotEmpty(facilities);

        await using var tab = await SitePage.OpenAsync(site);

        Assert.Equal(settlements.Count, await tab.CountAsync("#map path.settlement"));

        // The legend ticks every category on; at county zoom a cluster counts the markers it holds.
        foreach (var box in await tab.Page.Locator("#legend-categories input[type=checkbox]").AllAsync()) await box.CheckAsync();
        await tab.Page.WaitForFunctionAsync("""
            (n) => [...document.querySelectorAll('#map .facility-cluster [data-count]')].reduce((s, e) => s + Number(e.dataset.count), 0)
              + document.querySelectorAll('#map .facility-marker').length === n
            """, facilities.Count(f => Json.GeometryType(f) == "Point"));
        Assert.Equal(facilities.Count(f => Json.GeometryType(f) != "Point"), await tab.CountAsync("#map path.facility-trail"));
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task Map_falls_back_to_the_network_when_tiles_fail_to_load()
    {
        // The server's config is replaced in the browser by a tile server that refuses connections.
        var deadPort = FreeLoopbackPort();
        await using var tab = await SitePage.OpenAsync(site, prepare: page => page.RouteAsync("**/api/config", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200, ContentType = "application/json",
            Body = JsonSerializer.Serialize(new { tileUrl = $"http://127.0.0.1:{deadPort}/{{z}}/{{x}}/{{y}}.png", tileAttribution = "test tiles" }),
        })));

        await tab.Page.WaitForSelectorAsync("#map[data-basemap='network'][data-network-lines]", Attached);
        Assert.Equal(0, await tab.CountAsync("#map .leaflet-tile-pane img.leaflet-tile"));
        Assert.True(await PaintedCanvasPixelsAsync(tab) > 5_000, "the fallback basemap canvas is (nearly) empty");
        await tab.ScreenshotAsync("08-map-tiles-failed-network-fallback");
    }

    [Fact]
    public async Task Map_uses_configured_tiles_when_they_load_and_skips_the_network()
    {
        // A tile server on the page's own origin, answered in the browser with one grey PNG (no internet here).
        await using var tab = await SitePage.OpenAsync(site, prepare: async page =>
        {
            await page.RouteAsync("**/api/config", route => route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 200, ContentType = "application/json",
                Body = JsonSerializer.Serialize(new { tileUrl = "/test-tiles/{z}/{x}/{y}.png", tileAttribution = "test tiles" }),
            }));
            await page.RouteAsync("**/test-tiles/**", route => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "image/png", BodyBytes = GreyPng }));
        });

        await tab.Page.WaitForSelectorAsync("#map .leaflet-tile-loaded", Attached);
        Assert.Equal("tiles", await tab.Page.GetAttributeAsync("#map", "data-basemap"));
        Assert.Null(await tab.Page.GetAttributeAsync("#map", "data-network-lines"));
        Assert.Contains("test tiles", await tab.Page.InnerTextAsync(".leaflet-control-attribution"));
        Assert.Empty(tab.Errors);
    }

    // A 1×1 grey PNG.
    static readonly byte[] GreyPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGM4AQAAygDJmcpdfgAAAABJRU5ErkJggg==");

    [Fact]
    public async Task Attribution_names_OpenStreetMap_and_says_synthetic_data_when_the_region_is_synthetic()
    {
        var region = await site.GetJsonAsync("/api/region");
        await using var tab = await SitePage.OpenAsync(site);
        var attribution = await tab.Page.InnerTextAsync(".leaflet-control-attribution");

        Assert.Contains("© OpenStreetMap contributors", attribution);
        Assert.Equal(region.GetProperty("synthetic").GetBoolean(), attribution.Contains("合成数据 Synthetic demo data"));
        // Under the circle's policy source: the standard, not the place, comes from the plan.
        var note = tab.Page.Locator("#circle-synthetic");
        Assert.Equal(region.GetProperty("synthetic").GetBoolean(), await note.IsVisibleAsync() || await tab.EvalAsync<bool>("!document.querySelector('#circle-synthetic').hidden"));
        if (region.GetProperty("synthetic").GetBoolean()) Assert.Contains("示范县为合成数据", await note.TextContentAsync());
    }

    [Fact]
    public async Task English_toggle_changes_every_label_and_back()
    {
        var circles = (await site.GetJsonAsync("/api/circles")).EnumerateArray().ToList();
        await using var tab = await SitePage.OpenAsync(site);
        var page = tab.Page;
        var region = await site.GetJsonAsync("/api/region");
        var headlineId = Json.Text(await site.GetJsonAsync("/api/config"), "headlineCircle");
        var headline = circles.Single(c => Json.Text(c, "id") == headlineId);
        Assert.Equal($"{Json.Text(region, "name")} 步行可达设施覆盖", await page.InnerTextAsync("h1"));
        Assert.Equal(Json.Text(headline, "nameZh"), (await page.InnerTextAsync("#circle-select option:checked")).Trim());

        await page.ClickAsync("#lang-toggle");

        Assert.Equal($"{Json.Text(region, "nameEn")} Walk-time facility coverage", await page.InnerTextAsync("h1"));
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(Json.Text(headline, "nameEn"), (await page.InnerTextAsync("#circle-select option:checked")).Trim());
        Assert.Equal("Coverage summary", await page.InnerTextAsync("#summary-heading"));
        Assert.Equal("Uncovered villages", await page.InnerTextAsync("#uncovered-heading"));
        Assert.Equal("中文", await page.InnerTextAsync("#lang-toggle"));
        await tab.ScreenshotAsync("05-map-english");

        await page.ClickAsync("#lang-toggle");
        Assert.Equal("覆盖概况", await page.InnerTextAsync("#summary-heading"));
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task On_a_phone_the_panel_is_a_bottom_sheet_behind_a_touch_sized_handle()
    {
        await using var tab = await SitePage.OpenAsync(site, width: 390, height: 844);
        var page = tab.Page;
        var closed = await page.Locator("#panel").BoundingBoxAsync();
        Assert.True(closed!.Y >= 844 - 80, $"the closed sheet covers the map from y={closed.Y}");
        var toggle = await page.Locator("#sheet-handle").BoundingBoxAsync();
        Assert.True(toggle!.Height >= 44, $"the sheet's handle is {toggle.Height}px high, under the 44px touch target");

        // Closed to its peek, the whole region fills the map above it.
        var bbox = await RegionBboxAsync();
        Assert.True(await RegionInStripAsync(page, bbox), "with the sheet closed the region is not in the map above its peek");

        await page.TapAsync("#sheet-handle");
        await page.WaitForFunctionAsync("() => getComputedStyle(document.querySelector('#panel')).transform === 'none'");

        Assert.Equal("true", await page.GetAttributeAsync("#sheet-handle", "aria-expanded"));
        Assert.True(await page.IsVisibleAsync("#circle-select"));
        // Open, the sheet covers most of the map: the region is fitted into the strip left above it, not left behind the sheet.
        Assert.True(await RegionInStripAsync(page, bbox), "with the sheet open the region is not in the strip of map above it");
        var strip = await page.EvaluateAsync<double>("() => document.querySelector('#panel').getBoundingClientRect().top - document.querySelector('#map').getBoundingClientRect().top");
        Assert.True(strip < 300, $"the open sheet leaves {strip}px of map: it did not open over the map");
        await tab.ScreenshotAsync("06-phone-drawer-open");

        // Closed again, the region fills the map again.
        await page.TapAsync("#sheet-handle");
        await page.WaitForFunctionAsync("() => document.querySelector('#panel').getBoundingClientRect().top > 700");
        Assert.True(await RegionInStripAsync(page, bbox), "with the sheet closed again the region is not in the map above its peek");
        var height = await page.EvaluateAsync<double>($"() => {{ const [w, s, e, n] = [{bbox}]; return map.latLngToContainerPoint([s, w]).y - map.latLngToContainerPoint([n, e]).y; }}");
        Assert.True(height > 300, $"with the sheet closed the region spans only {height}px of the map: it was not fitted to the whole map again");

        // A view moved away from the whole region (as opening a village from the list does) stays when the sheet opens and closes.
        var zoom = await page.EvaluateAsync<double>("() => { map.setView(map.getCenter(), map.getZoom() + 2, { animate: false }); return map.getZoom(); }");
        await page.TapAsync("#sheet-handle");
        await page.WaitForFunctionAsync("() => getComputedStyle(document.querySelector('#panel')).transform === 'none'");
        Assert.Equal(zoom, await page.EvaluateAsync<double>("() => map.getZoom()"));
        await page.TapAsync("#sheet-handle");
        await page.WaitForFunctionAsync("() => document.querySelector('#panel').getBoundingClientRect().top > 700");
        Assert.Equal(zoom, await page.EvaluateAsync<double>("() => map.getZoom()"));
        Assert.Empty(tab.Errors);
    }

    /// <summary>The region's bbox lies in the map between its top and the top of the sheet (open, or at its peek).</summary>
    static Task<bool> RegionInStripAsync(IPage page, string bbox) => page.EvaluateAsync<bool>(
        "() => { const [w, s, e, n] = [" + bbox + "];"
        + " const mapBox = document.querySelector('#map').getBoundingClientRect();"
        + " const sheetTop = document.querySelector('#panel').getBoundingClientRect().top;"
        + " const sw = map.latLngToContainerPoint([s, w]), ne = map.latLngToContainerPoint([n, e]);"
        + " return ne.y >= -1 && sw.y + mapBox.top <= Math.min(sheetTop, mapBox.bottom) + 1 && sw.x >= -1 && ne.x <= mapBox.width + 1; }");

    [Fact]
    public async Task Every_control_has_an_accessible_name()
    {
        await using var tab = await SitePage.OpenAsync(site);
        var unnamed = await tab.EvalAsync<string[]>("""
            () => [...document.querySelectorAll('button, select, input')]
              .filter(el => !(el.getAttribute('aria-label') || el.textContent.trim() || (el.labels && el.labels.length)))
              .map(el => el.outerHTML.slice(0, 80))
            """);
        Assert.Empty(unnamed);
    }

    async Task<string> RegionBboxAsync()
    {
        var region = await site.GetJsonAsync("/api/region");
        return string.Join(",", region.GetProperty("bbox").EnumerateArray().Select(x => x.GetRawText()));
    }

    static Task<int> PaintedCanvasPixelsAsync(SitePage tab) => tab.EvalAsync<int>("""
        () => [...document.querySelectorAll('#map canvas')].reduce((sum, c) => {
          const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let n = 0; for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
          return sum + n; }, 0)
        """);

    static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
