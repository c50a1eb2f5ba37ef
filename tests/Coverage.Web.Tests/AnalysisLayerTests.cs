using Coverage.Web.Tests.Support;
using Microsoft.Playwright;

namespace Coverage.Web.Tests;

/// <summary>
/// Issue 13 on the map: the life-circle units overlay draws every unit of GET /api/life-circles (red dashed where the rule is
/// missed) and says the solver's bound and gap; the capacity overlay puts a dot on every settlement of GET /api/accessibility
/// for the chosen circle, grey exactly where no capacity is in reach.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class AnalysisLayerTests(CoverageSite site)
{
    [Fact]
    public async Task Life_circle_units_and_capacity_classes_are_the_APIs()
    {
        var life = await site.GetJsonAsync("/api/life-circles");
        int units = life.GetProperty("unitCount").GetInt32(), meeting = life.GetProperty("meeting").GetInt32();
        await using var tab = await SitePage.OpenAsync(site);
        var page = tab.Page;
        await page.SelectOptionAsync("#analysis-layer", "life-circles");
        await page.WaitForSelectorAsync("path.life-unit");
        Assert.Equal(units, await page.Locator("path.life-unit").CountAsync());
        Assert.Equal(units - meeting, await page.Locator("path.life-unit.misses").CountAsync());
        Assert.Contains($"{units} 个单元，其中 {meeting} 个达标", await page.InnerTextAsync("#analysis-info"));
        await tab.ScreenshotAsync("13-life-circle-units");

        await tab.ChooseCircleAsync("elderly-15");
        var access = await site.GetJsonAsync("/api/accessibility?circle=elderly-15");
        var settlements = access.GetProperty("settlements").EnumerateArray().ToList();
        await page.SelectOptionAsync("#analysis-layer", "capacity");
        await page.WaitForSelectorAsync("path.capacity-dot");
        Assert.Equal(0, await page.Locator("path.life-unit").CountAsync());
        Assert.Equal(settlements.Count, await page.Locator("path.capacity-dot").CountAsync());
        Assert.Equal(settlements.Count(s => s.GetProperty("perThousand").GetDouble() <= 0), await page.Locator("path.capacity-dot.class--1").CountAsync());
        Assert.Contains("养老", await page.InnerTextAsync("#analysis-info"));
        await tab.ScreenshotAsync("13-capacity-elderly-15");
        await page.ClickAsync("#lang-toggle");
        Assert.Contains("Service capacity", await page.InnerTextAsync("#analysis-layer"));
        Assert.Empty(tab.Errors);
    }
}
