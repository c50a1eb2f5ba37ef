using System.Globalization;
using System.Text.Json;
using Coverage.Web.Tests.Support;
using Microsoft.Playwright;

namespace Coverage.Web.Tests;

/// <summary>
/// Issue 13 on the page: the plan indicators panel shows every indicator of GET /api/indicators with the server's value, its
/// light and a light per town, its clause, in Chinese and after the toggle in English; the circle-backed indicator equals
/// the circle's own village count (one count, every view).
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class IndicatorPanelTests(CoverageSite site)
{
    [Fact]
    public async Task Every_indicator_shows_the_APIs_value_light_and_town_lights_in_both_languages()
    {
        var indicators = (await site.GetJsonAsync("/api/indicators")).GetProperty("indicators").EnumerateArray().ToList();
        Assert.True(indicators.Count >= 6, $"{indicators.Count} indicators");
        await using var tab = await SitePage.OpenAsync(site);
        var page = tab.Page;
        await page.WaitForSelectorAsync("#indicators details.indicator");
        Assert.Equal(indicators.Count, await page.Locator("#indicators details.indicator").CountAsync());
        string[] lights = ["met", "progress", "short"];
        foreach (var d in indicators)
        {
            var id = d.GetProperty("id").GetString()!;
            var item = page.Locator($"#indicators details[data-indicator='{id}']");
            var value = d.GetProperty("value").GetDouble();
            Assert.Equal(value, double.Parse((await item.Locator(".indicator-value").GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture));
            Assert.Contains(d.GetProperty("nameZh").GetString()!, await item.Locator("summary").InnerTextAsync());
            var status = d.GetProperty("status").GetString()!;
            Assert.Contains(status, lights);
            Assert.Equal(1, await item.Locator($"summary .light-{status}").CountAsync());
            var clause = d.GetProperty("clause").GetString()!;
            Assert.Contains(clause, await item.Locator(".source").TextContentAsync() ?? "");
            var towns = d.GetProperty("towns").EnumerateArray().Where(t => t.GetProperty("status").GetString() != "no-town-target").ToList();
            Assert.Equal(towns.Count, await item.Locator(".town-lights li").CountAsync());
            Assert.Equal(towns.Count(t => t.GetProperty("status").GetString() == "met"), await item.Locator(".town-lights li.light-met").CountAsync());
        }

        // The bus-stop indicator is the presence circle's village share, as the coverage API gives it.
        var bus = indicators.Single(d => d.GetProperty("kind").GetString() == "circle_villages");
        var villages = (await site.GetJsonAsync("/api/coverage/bus-shelter-village")).GetProperty("county").GetProperty("villages");
        Assert.Equal(Math.Round(100.0 * villages.GetProperty("covered").GetInt32() / villages.GetProperty("total").GetInt32(), 2, MidpointRounding.AwayFromZero), bus.GetProperty("value").GetDouble());

        var first = page.Locator("#indicators details.indicator").First;
        await first.Locator("summary").ClickAsync();
        await page.Locator("#indicators-section").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(RepoLayout.ScreenshotDirectory(), "13-indicators-panel.png") });
        await page.ClickAsync("#lang-toggle");
        Assert.Contains(indicators[0].GetProperty("nameEn").GetString()!, await first.Locator("summary").InnerTextAsync());
        Assert.Equal("Plan indicators", await page.InnerTextAsync("#indicators-heading"));
        Assert.Empty(tab.Errors);
    }
}
