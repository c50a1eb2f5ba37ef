using System.Globalization;
using System.Text.Json;
using Coverage.Web.Tests.Support;
using Microsoft.Playwright;

namespace Coverage.Web.Tests;

/// <summary>Saved scenarios in the page: list, rename, reopen with its figures, compare with the current plan, delete.</summary>
[Collection(SiteCollection.Name)]
public sealed class ScenarioPageTests(CoverageSite site)
{
    static double D(JsonElement e, string name) => e.GetProperty(name).GetDouble();

    [Fact]
    public async Task A_saved_scenario_is_listed_renamed_reopened_compared_with_the_current_plan_and_deleted()
    {
        var (circle, village) = await site.UncoveredVillageOfANearestCircleAsync();
        var circleId = Json.Text(circle, "id");
        var (lat, lon) = (village.GetProperty("lat").GetDouble(), village.GetProperty("lon").GetDouble());

        await using var tab = await SitePage.OpenAsync(site, width: 1400, height: 900);
        var page = tab.Page;
        await tab.PlanForCircleAsync(site, circle);
        await page.ClickAsync($"#uncovered-list button[data-id='{Json.Text(village, "id")}']");
        await tab.WaitForCardAsync(Json.Text(village, "id")); // the card opens with its town in view
        await page.WaitForFunctionAsync("([lat, lon]) => map.getBounds().contains([lat, lon])", new[] { lat, lon });
        var sent = await tab.ProposeAtAsync(lat, lon);
        var whatIf = await site.PostJsonAsync("/api/whatif", sent); // the oracle for every figure below
        Assert.True(D(whatIf, "deltaDemand") > 0, "the proposal covers nobody new: the test would check nothing");

        // Save: the list refreshes and shows the scenario with its one edit.
        await page.FillAsync("#scenario-name", "E2E 方案甲");
        var saved = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#save-scenario"), r => r.Url.EndsWith("/api/scenarios") && r.Request.Method == "POST");
        var id = Json.Text(JsonDocument.Parse(await saved.TextAsync()).RootElement, "id");
        var item = page.Locator($"#scenario-list li[data-id='{id}']");
        await item.WaitForAsync();
        Assert.Equal("E2E 方案甲", await item.Locator(".scenario-name").InnerTextAsync());
        Assert.Equal("1", await item.GetAttributeAsync("data-edits"));
        Assert.Contains("1 处修改", await item.InnerTextAsync());

        // Rename inline: the store has the new name, the list shows it.
        await item.Locator("button[data-action='rename']").ClickAsync();
        await item.Locator(".rename-form input").FillAsync("E2E 方案乙");
        await page.RunAndWaitForResponseAsync(() => item.Locator(".rename-form button[type='submit']").ClickAsync(), r => r.Request.Method == "PATCH");
        await page.WaitForFunctionAsync("id => document.querySelector(`#scenario-list li[data-id='${id}'] .scenario-name`)?.textContent === 'E2E 方案乙'", id);
        Assert.Equal("E2E 方案乙", Json.Text(await site.GetJsonAsync($"/api/scenarios/{id}"), "name"));

        // Reopen: the scenario's figures are the server's answer for it, the same as the what-if that made it.
        var coverage = await site.GetJsonAsync($"/api/scenarios/{id}/coverage/{circleId}");
        Assert.Equal(D(whatIf, "deltaDemand"), D(coverage, "deltaDemand"), 6);
        await item.Locator("button[data-action='open']").ClickAsync();
        await page.WaitForSelectorAsync($"#scenario-opened[data-id='{id}']");
        Assert.Equal(D(coverage, "deltaDemand").ToString(CultureInfo.InvariantCulture), await page.GetAttributeAsync("#scenario-opened", "data-delta"));
        Assert.Contains("E2E 方案乙", await page.InnerTextAsync("#scenario-opened .scenario-label"));
        Assert.Contains("E2E 方案乙", await page.InnerTextAsync("#map .scenario-map-label"));
        Assert.Equal(1, await tab.CountAsync("#map .scenario-marker.scenario-add"));
        var newly = coverage.GetProperty("newlyCovered").EnumerateArray().Select(s => Json.Text(s, "id")).Order().ToList();
        Assert.Equal(newly, await ShiftIdsAsync(page, "gained"));
        await tab.ScreenshotAsync("40-scenario-open-desktop");

        await page.ClickAsync("#scenario-back");
        Assert.Equal(0, await tab.CountAsync("#scenario-opened"));
        Assert.Equal(0, await tab.CountAsync("#map .scenario-shift"));
        Assert.Equal(0, await tab.CountAsync("#map .scenario-map-label"));

        // Compare the scenario (B) with the current plan (A): its gains are the what-if's.
        await page.SelectOptionAsync("#compare-a", "current");
        await page.SelectOptionAsync("#compare-b", id);
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#compare-run"), r => r.Url.Contains($"/compare/{id}"));
        var county = page.Locator("#scenario-compare tr.county");
        await county.WaitForAsync();
        var compared = (await site.GetJsonAsync($"/api/scenarios/current/compare/{id}?circle={circleId}")).GetProperty("circles")[0];
        var gained = compared.GetProperty("county").GetProperty("gained");
        var lost = compared.GetProperty("county").GetProperty("lost");
        Assert.Equal(D(whatIf, "deltaPopulation"), D(gained, "population") - D(lost, "population"), 6);
        Assert.Equal(D(whatIf, "deltaDemand"), D(gained, "demand") - D(lost, "demand"), 6);
        Assert.Equal(D(gained, "population").ToString(CultureInfo.InvariantCulture), await county.GetAttributeAsync("data-people-gained"));
        Assert.Equal(gained.GetProperty("places").GetInt32().ToString(CultureInfo.InvariantCulture), await county.GetAttributeAsync("data-places-gained"));
        Assert.Equal(whatIf.GetProperty("newlyCovered").EnumerateArray().Count(s => !s.GetProperty("remainder").GetBoolean()), gained.GetProperty("places").GetInt32());
        foreach (var town in whatIf.GetProperty("towns").EnumerateArray())
        {
            var name = Json.Text(town, "town");
            var row = page.Locator($"#scenario-compare tr[data-area='{name}']");
            var net = D(town.GetProperty("after"), "coveredPopulation") - D(town.GetProperty("before"), "coveredPopulation");
            var shown = double.Parse((await row.GetAttributeAsync("data-people-gained"))!, CultureInfo.InvariantCulture)
                - double.Parse((await row.GetAttributeAsync("data-people-lost"))!, CultureInfo.InvariantCulture);
            Assert.Equal(net, shown, 6);
        }
        Assert.Equal(compared.GetProperty("gained").EnumerateArray().Select(s => Json.Text(s, "id")).Order().ToList(), await ShiftIdsAsync(page, "gained"));
        Assert.Equal(compared.GetProperty("lost").EnumerateArray().Select(s => Json.Text(s, "id")).Order().ToList(), await ShiftIdsAsync(page, "lost"));
        await page.Locator("#scenario-compare").ScrollIntoViewIfNeededAsync();
        await tab.ScreenshotAsync("41-scenario-compare-desktop");

        await PhoneScreenshotsAsync(id, circle);

        // Delete, after a confirmation: gone from the list and from the store.
        var listed = page.Locator($"#scenario-list li[data-id='{id}']");
        await listed.Locator("button[data-action='delete']").ClickAsync();
        Assert.Contains("E2E 方案乙", await listed.Locator(".confirm").InnerTextAsync());
        await page.RunAndWaitForResponseAsync(() => listed.Locator("button[data-action='confirm-delete']").ClickAsync(), r => r.Request.Method == "DELETE");
        await listed.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        Assert.DoesNotContain((await site.GetJsonAsync("/api/scenarios")).EnumerateArray(), s => Json.Text(s, "id") == id);
        Assert.Equal(0, await tab.CountAsync("#scenario-compare"));
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task A_generated_scenario_name_reads_in_the_pages_language()
    {
        var planner = await site.PostJsonAsync("/api/scenarios", new { name = "拟建方案" }, site.PlannerToken);
        var id = Json.Text(planner, "id");
        await using var tab = await SitePage.OpenAsync(site);
        var page = tab.Page;
        await tab.SignInAsync(site.PlannerToken);
        var name = page.Locator($"#scenario-list li[data-id='{id}'] .scenario-name");
        await name.WaitForAsync();
        Assert.Equal("拟建方案", await name.InnerTextAsync());
        await page.ClickAsync("#lang-toggle");
        await page.WaitForFunctionAsync("id => document.querySelector(`#scenario-list li[data-id='${id}'] .scenario-name`)?.textContent === 'Proposal'", id);
        Assert.Equal("Current plan", await page.Locator("#compare-a option[value='current']").InnerTextAsync());
        await page.ClickAsync("#lang-toggle");
        var listed = page.Locator($"#scenario-list li[data-id='{id}']");
        await listed.Locator("button[data-action='delete']").ClickAsync();
        await page.RunAndWaitForResponseAsync(() => listed.Locator("button[data-action='confirm-delete']").ClickAsync(), r => r.Request.Method == "DELETE");
        Assert.Empty(tab.Errors);
    }

    /// <summary>The phone view of the same scenario: reopened, then compared with the current plan.</summary>
    async Task PhoneScreenshotsAsync(string id, JsonElement circle)
    {
        await using var phone = await SitePage.OpenAsync(site, width: 390, height: 844);
        var page = phone.Page;
        await page.ClickAsync("#sheet-handle");
        await phone.PlanForCircleAsync(site, circle);
        var item = page.Locator($"#scenario-list li[data-id='{id}']");
        await item.Locator("button[data-action='open']").ClickAsync();
        await page.WaitForSelectorAsync($"#scenario-opened[data-id='{id}']");
        await item.ScrollIntoViewIfNeededAsync();
        await phone.ScreenshotAsync("40-scenario-open-phone");
        await page.ClickAsync("#sheet-handle"); // the map, labelled as the scenario, with the way back on it
        Assert.Contains("E2E 方案乙", await page.InnerTextAsync("#map .scenario-map-label"));
        await phone.ScreenshotAsync("40-scenario-open-phone-map");
        await page.ClickAsync("#sheet-handle");
        await page.SelectOptionAsync("#compare-b", id);
        await page.ClickAsync("#compare-run");
        await page.Locator("#scenario-compare tr.county").WaitForAsync();
        await page.Locator("#scenario-compare").ScrollIntoViewIfNeededAsync();
        await phone.ScreenshotAsync("41-scenario-compare-phone");
        Assert.Empty(phone.Errors);
    }

    static async Task<List<string>> ShiftIdsAsync(IPage page, string shift) =>
        (await page.EvalOnSelectorAllAsync<string[]>($"#map .scenario-shift[data-shift='{shift}']", "els => els.map(e => e.dataset.id)")).Order().ToList();
}
