using System.Net;
using System.Net.Http.Json;
using Coverage.Storage.GeoPackage;
using Coverage.Web.Tests.Support;
using Microsoft.Playwright;

namespace Coverage.Web.Tests;

/// <summary>
/// Issue 15, no lost updates in the page: a planner renames a scenario that someone else renamed after the page loaded it.
/// The page shows who changed it and when, and offers 重新载入 (their name) or 仍然覆盖 (the planner's name is stored).
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class ScenarioConflictTests(CoverageSite site)
{
    /// <summary>A token for a second planner, issued in the site's store (the server looks tokens up per request).</summary>
    async Task<string> OtherTokenAsync()
    {
        await using var store = await GeoPackageStore.OpenAsync(site.StorePath);
        return (await store.IssuePlannerTokenAsync("e2e-other-" + Guid.NewGuid().ToString("N")[..6], "planner", "e2e-setup")).Secret;
    }

    /// <summary>The other planner renames the scenario through the API, based on its current ETag.</summary>
    async Task<string> RenameAsOtherAsync(string token, string id, string name)
    {
        using var read = await site.Http.GetAsync($"/api/scenarios/{id}");
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/scenarios/{id}") { Content = JsonContent.Create(new { name }) };
        patch.Headers.Authorization = new("Bearer", token);
        patch.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.ToString());
        using var response = await site.Http.SendAsync(patch);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Json.Text(await site.GetJsonAsync($"/api/scenarios/{id}"), "updatedBy");
    }

    [Fact]
    public async Task A_rename_over_someone_elses_change_shows_who_and_offers_reload_or_overwrite()
    {
        var otherToken = await OtherTokenAsync();
        var id = Json.Text(await site.PostJsonAsync("/api/scenarios", new { name = "冲突测试方案" }, site.PlannerToken), "id");

        await using var tab = await SitePage.OpenAsync(site, width: 1400, height: 900);
        var page = tab.Page;
        await tab.SignInAsync(site.PlannerToken);
        var item = page.Locator($"#scenario-list li[data-id='{id}']");
        await item.WaitForAsync();

        // The planner starts renaming; meanwhile the other planner renames it through the API.
        await item.Locator("button[data-action='rename']").ClickAsync();
        await item.Locator(".rename-form input").FillAsync("页面的名字");
        var other = await RenameAsOtherAsync(otherToken, id, "对方的名字");
        var refused = await page.RunAndWaitForResponseAsync(() => item.Locator(".rename-form button[type='submit']").ClickAsync(),
            r => r.Request.Method == "PATCH");
        Assert.Equal(412, refused.Status);
        var conflict = item.Locator("#scenario-conflict");
        await conflict.WaitForAsync();
        Assert.Equal(other, await conflict.GetAttributeAsync("data-by"));
        var text = await conflict.InnerTextAsync();
        Assert.Contains($"已被 {other} 于", text);
        Assert.Contains("重新载入", text);
        Assert.Contains("仍然覆盖", text);
        Assert.Equal("对方的名字", Json.Text(await site.GetJsonAsync($"/api/scenarios/{id}"), "name"));

        // 重新载入: the page drops its change and shows the other planner's name.
        await conflict.Locator("button[data-action='conflict-reload']").ClickAsync();
        await page.WaitForFunctionAsync("id => document.querySelector(`#scenario-list li[data-id='${id}'] .scenario-name`)?.textContent === '对方的名字'", id);
        Assert.Equal(0, await tab.CountAsync("#scenario-conflict"));

        // Again, and this time 仍然覆盖: the planner's name is stored over the other change.
        await item.Locator("button[data-action='rename']").ClickAsync();
        await item.Locator(".rename-form input").FillAsync("页面的名字");
        await RenameAsOtherAsync(otherToken, id, "对方第二次的名字");
        await page.RunAndWaitForResponseAsync(() => item.Locator(".rename-form button[type='submit']").ClickAsync(), r => r.Request.Method == "PATCH");
        await conflict.WaitForAsync();
        var overwrite = await page.RunAndWaitForResponseAsync(() => conflict.Locator("button[data-action='conflict-overwrite']").ClickAsync(),
            r => r.Request.Method == "PATCH");
        Assert.Equal(200, overwrite.Status);
        await page.WaitForFunctionAsync("id => document.querySelector(`#scenario-list li[data-id='${id}'] .scenario-name`)?.textContent === '页面的名字'", id);
        var stored = await site.GetJsonAsync($"/api/scenarios/{id}");
        Assert.Equal(("页面的名字", CoverageSite.PlannerName), (Json.Text(stored, "name"), Json.Text(stored, "updatedBy")));
        Assert.All(tab.Errors, e => Assert.Contains("412", e)); // only the browser's note of the two refused PATCHes
    }
}
