using System.Text.Json;
using Coverage.Web.Tests.Support;
using Microsoft.Playwright;

namespace Coverage.Web.Tests;

/// <summary>
/// Issue 13, life circles "editable by planners": in the life-circle overlay a planner moves a village to a neighbouring unit,
/// sees the check, and saves the grouping; after a reload the saved grouping loads with the village in its new unit and the
/// check the API stored with it.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class LifeGroupingTests(CoverageSite site)
{
    /// <summary>A village (not a centre) with a neighbour in another unit: its index in the members list, its unit and that other unit.</summary>
    static (int Index, string Id, string From, string To) MovableVillage(JsonElement life)
    {
        var units = life.GetProperty("units").GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        var unitOf = units.SelectMany(u => u.GetProperty("members").EnumerateArray().Select(m => (m.GetString()!, u.GetProperty("id").GetString()!)))
            .ToDictionary(p => p.Item1, p => p.Item2);
        var centres = units.Select(u => u.GetProperty("centreId").GetString()).ToHashSet();
        var members = life.GetProperty("members").EnumerateArray().ToList();
        for (int i = 0; i < members.Count; i++)
        {
            var id = members[i].GetProperty("id").GetString()!;
            if (centres.Contains(id)) continue;
            var to = members[i].GetProperty("neighbours").EnumerateArray().Select(n => unitOf[n.GetString()!]).Where(u => u != unitOf[id]).Order(StringComparer.Ordinal).FirstOrDefault();
            if (to is not null) return (i, id, unitOf[id], to);
        }
        throw new InvalidOperationException("no village borders another unit");
    }

    /// <summary>Opens the village's popup (its dot may lie under other map layers, so the click is sent to the dot itself).</summary>
    static async Task OpenVillageAsync(IPage page, int index)
    {
        await page.Locator($"path.life-member.lm-{index}").DispatchEventAsync("click");
        await page.WaitForSelectorAsync(".leaflet-popup .life-member-unit");
    }

    [Fact]
    public async Task A_planner_moves_a_village_saves_and_after_a_reload_finds_it_in_its_new_unit_with_the_APIs_check()
    {
        var life = await site.GetJsonAsync("/api/life-circles");
        var (index, village, from, to) = MovableVillage(life);
        var name = "页面调整-" + Guid.NewGuid().ToString("N")[..6];
        await using var tab = await SitePage.OpenAsync(site);
        var page = tab.Page;
        await tab.SignInAsync(site.PlannerToken);
        await page.WaitForSelectorAsync("#planner:not([hidden])");
        await page.SelectOptionAsync("#analysis-layer", "life-circles");
        await page.WaitForSelectorAsync("path.life-member");

        await OpenVillageAsync(page, index);
        Assert.Equal(from, await page.GetAttributeAsync(".leaflet-popup .life-member-unit", "data-unit"));
        await page.SelectOptionAsync(".leaflet-popup .life-move-unit", to);
        await page.ClickAsync(".leaflet-popup .life-move");
        await page.WaitForSelectorAsync("#life-check");
        await page.FillAsync("#life-grouping-name", name);
        await page.ClickAsync("#life-grouping-save");
        await page.WaitForSelectorAsync("#life-grouping-message");

        await page.ReloadAsync();
        await page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await page.SelectOptionAsync("#analysis-layer", "life-circles");
        await page.WaitForSelectorAsync($"#life-grouping option[value='{name}']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await page.SelectOptionAsync("#life-grouping", name);
        await page.WaitForSelectorAsync("#life-check");

        var saved = await site.GetJsonAsync($"/api/life-circles/groupings/{Uri.EscapeDataString(name)}");
        Assert.Contains(village, saved.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("id").GetString() == to)
            .GetProperty("members").EnumerateArray().Select(m => m.GetString()));
        var check = saved.GetProperty("check");
        Assert.Equal(check.GetProperty("unitCount").GetInt32().ToString(), await page.GetAttributeAsync("#life-check", "data-unit-count"));
        Assert.Equal(check.GetProperty("meeting").GetInt32().ToString(), await page.GetAttributeAsync("#life-check", "data-meeting"));
        Assert.Contains($"{check.GetProperty("unitCount").GetInt32()} 个单元，其中 {check.GetProperty("meeting").GetInt32()} 个达标", await page.InnerTextAsync("#life-check"));
        Assert.Equal(check.GetProperty("unitCount").GetInt32(), await page.Locator("path.life-unit").CountAsync());

        await OpenVillageAsync(page, index);
        Assert.Equal(to, await page.GetAttributeAsync(".leaflet-popup .life-member-unit", "data-unit"));
        await tab.ScreenshotAsync("13-life-circle-grouping-saved");
        Assert.Empty(tab.Errors);
    }
}
