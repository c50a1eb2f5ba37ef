using System.Globalization;
using System.Text.Json;
using Coverage.Web.Tests.Support;
using Microsoft.Playwright;

namespace Coverage.Web.Tests;

/// <summary>Planner mode: sign-in with a store-issued token, a proposed facility's what-if, saving the scenario.</summary>
[Collection(SiteCollection.Name)]
public sealed class PlannerTests(CoverageSite site)
{
    [Fact]
    public async Task Public_visitors_see_no_planner_controls()
    {
        await using var tab = await SitePage.OpenAsync(site);
        Assert.False(await tab.Page.IsVisibleAsync("#planner"));
        Assert.False(await tab.Page.IsVisibleAsync("#place-facility"));
        Assert.Equal("规划人员登录", await tab.Page.InnerTextAsync("#sign-in"));
    }

    [Fact]
    public async Task A_wrong_token_is_refused_with_the_servers_message_in_chinese()
    {
        using var check = new HttpRequestMessage(HttpMethod.Get, "/api/edit-log?limit=1");
        check.Headers.Authorization = new("Bearer", "cov_not-a-token");
        using var refused = await site.Http.SendAsync(check);
        Assert.Equal(401, (int)refused.StatusCode);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;

        await using var tab = await SitePage.OpenAsync(site);
        await tab.SignInAsync("cov_not-a-token");

        var message = tab.Page.Locator("#messages .message.error p");
        await message.WaitForAsync();
        Assert.Equal(Json.Text(problem, "detailZh"), await message.InnerTextAsync());
        Assert.False(await tab.Page.IsVisibleAsync("#planner"));
        Assert.Null(await tab.EvalAsync<string?>("() => sessionStorage.getItem('coverage.token')"));
    }

    [Fact]
    public async Task Planner_drops_a_facility_by_an_uncovered_village_and_the_covered_demand_rises()
    {
        var (circle, village) = await site.UncoveredVillageOfANearestCircleAsync();
        var villageId = Json.Text(village, "id");
        var (lat, lon) = (village.GetProperty("lat").GetDouble(), village.GetProperty("lon").GetDouble());
        var scenariosBefore = (await site.GetJsonAsync("/api/scenarios")).GetArrayLength();

        await using var tab = await SitePage.OpenAsync(site);
        var page = tab.Page;
        await tab.PlanForCircleAsync(site, circle);
        Assert.Equal(site.PlannerToken, await tab.EvalAsync<string>("() => sessionStorage.getItem('coverage.token')"));
        await page.ClickAsync($"#uncovered-list button[data-id='{villageId}']");
        await tab.WaitForCardAsync(villageId);
        await page.WaitForFunctionAsync("([lat, lon]) => map.getBounds().contains([lat, lon])", new[] { lat, lon });
        var sent = await tab.ProposeAtAsync(lat, lon);

        // Oracle: the same what-if sent by the test straight to the API.
        var expected = await site.PostJsonAsync("/api/whatif", sent);
        var delta = expected.GetProperty("deltaDemand").GetDouble();
        Assert.True(delta > 0, $"a facility at {villageId} covers nobody new (delta {delta})");
        Assert.Equal(delta.ToString(CultureInfo.InvariantCulture), await page.GetAttributeAsync("#whatif-result", "data-delta"));
        var newly = expected.GetProperty("newlyCovered").EnumerateArray().Select(s => Json.Text(s, "id")).ToList();
        Assert.Contains(villageId, newly);
        Assert.Equal(newly.Count, await tab.CountAsync("#map path.settlement[data-newly-covered]"));
        Assert.Equal(1, await tab.CountAsync("#map .proposed-marker"));
        await tab.ScreenshotAsync("04-planner-whatif");

        await page.FillAsync("#scenario-name", "E2E 拟建方案");
        var saved = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#save-scenario"), r => r.Url.EndsWith("/api/scenarios") && r.Request.Method == "POST");
        Assert.Equal(201, saved.Status);
        var scenario = JsonDocument.Parse(await saved.TextAsync()).RootElement;
        var stored = await site.GetJsonAsync($"/api/scenarios/{Json.Text(scenario, "id")}");
        Assert.Equal("E2E 拟建方案", Json.Text(stored, "name"));
        Assert.Equal(scenariosBefore + 1, (await site.GetJsonAsync("/api/scenarios")).GetArrayLength());
        Assert.Single(stored.GetProperty("edits").EnumerateArray());
        var log = await site.GetJsonAsync($"/api/edit-log?entity=scenario&entityId={Uri.EscapeDataString(Json.Text(scenario, "id"))}", site.PlannerToken);
        Assert.Equal([CoverageSite.PlannerName], log.EnumerateArray().Select(row => Json.Text(row, "actor")));
        Assert.Equal(0, await tab.CountAsync("#map .proposed-marker"));
        Assert.True(await page.IsHiddenAsync("#whatif-result"));
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task Dragging_a_proposed_facility_recomputes_the_change_and_discard_removes_it()
    {
        var (circle, village) = await site.UncoveredVillageOfANearestCircleAsync();
        var (lat, lon) = (village.GetProperty("lat").GetDouble(), village.GetProperty("lon").GetDouble());
        await using var tab = await SitePage.OpenAsync(site);
        var page = tab.Page;
        await tab.PlanForCircleAsync(site, circle);
        await page.EvaluateAsync("([lat, lon]) => { map.setView([lat, lon], 16, { animate: false }); }", new[] { lat, lon });
        await tab.ProposeAtAsync(lat, lon);

        // Drag the proposal 150 px away: one more what-if, for the new place.
        var marker = await page.Locator("#map .proposed-marker").BoundingBoxAsync();
        var (mx, my) = (marker!.X + marker.Width / 2, marker.Y + marker.Height / 2);
        var request = await page.RunAndWaitForRequestAsync(async () =>
        {
            await page.Mouse.MoveAsync(mx, my);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(mx + 75, my + 10, new MouseMoveOptions { Steps = 5 });
            await page.Mouse.MoveAsync(mx + 150, my + 20, new MouseMoveOptions { Steps = 5 });
            await page.Mouse.UpAsync();
        }, r => r.Url.EndsWith("/api/whatif"));
        var body = JsonDocument.Parse(request.PostData!).RootElement;
        var moved = body.GetProperty("add")[0].GetProperty("geometry").GetProperty("coordinates");
        Assert.True(moved[0].GetDouble() > lon, "the what-if was not sent for the dragged position");
        var expected = await site.PostJsonAsync("/api/whatif", body);
        await page.WaitForFunctionAsync("d => document.querySelector('#whatif-result').dataset.delta === d",
            expected.GetProperty("deltaDemand").GetDouble().ToString(CultureInfo.InvariantCulture));

        await page.ClickAsync("#discard-scenario");
        // Retrying assertions: a loaded CI machine once counted the marker just after the click returned (1 run in 3).
        // discard() is synchronous, so a marker that stays (a real defect) still fails here after the timeout.
        await Assertions.Expect(page.Locator("#map .proposed-marker")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#whatif-result")).ToBeHiddenAsync();
        Assert.Equal(0, await tab.CountAsync("#map path.settlement[data-newly-covered]"));
        Assert.Empty(tab.Errors);
    }
}
