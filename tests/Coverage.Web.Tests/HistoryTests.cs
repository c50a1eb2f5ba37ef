using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coverage.Web.Tests.Support;

namespace Coverage.Web.Tests;

/// <summary>The planner's recent-edits list: a renamed facility is undone from the page and the old name is back in the store.</summary>
[Collection(SiteCollection.Name)]
public sealed class HistoryTests(CoverageSite site)
{
    [Fact]
    public async Task A_renamed_facility_is_undone_from_the_history_list_and_its_old_name_is_back()
    {
        var feature = JsonNode.Parse((await site.GetJsonAsync("/api/facilities")).GetProperty("features")[0].GetRawText())!;
        var id = feature["properties"]!["id"]!.GetValue<string>();
        var oldName = feature["properties"]!["name"]!.GetValue<string>();
        var newName = "历史测试改名 " + Guid.NewGuid().ToString("N")[..4];
        feature["properties"]!["name"] = newName;
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/facilities/{Uri.EscapeDataString(id)}") { Content = JsonContent.Create(feature) })
        {
            put.Headers.Authorization = new("Bearer", site.PlannerToken);
            put.Headers.TryAddWithoutValidation("If-Match", $"\"{feature["properties"]!["version"]!.GetValue<long>()}\"");
            using var renamed = await site.Http.SendAsync(put);
            Assert.True(renamed.IsSuccessStatusCode, await renamed.Content.ReadAsStringAsync());
        }

        await using var tab = await SitePage.OpenAsync(site);
        var page = tab.Page;
        await tab.SignInAsync(site.PlannerToken);
        var row = page.Locator("#history li", new() { HasText = newName }).First;
        await row.WaitForAsync();
        Assert.Contains(CoverageSite.PlannerName, await row.InnerTextAsync());
        Assert.Contains("修改设施", await row.InnerTextAsync());
        var undone = await page.RunAndWaitForResponseAsync(() => row.Locator("button[data-undo]").ClickAsync(),
            r => r.Url.EndsWith("/undo") && r.Request.Method == "POST");
        Assert.Equal(200, undone.Status);

        var stored = await site.GetJsonAsync($"/api/facilities/{Uri.EscapeDataString(id)}");
        Assert.Equal(oldName, stored.GetProperty("properties").GetProperty("name").GetString());
        // The list now starts with the undo, naming the facility by the name it has again.
        var first = page.Locator("#history li").First;
        await page.WaitForFunctionAsync("name => document.querySelector('#history li')?.textContent.includes(name)", oldName);
        Assert.Contains("撤销设施", await first.InnerTextAsync());
        var log = await site.GetJsonAsync($"/api/edit-log?entity=facility&entityId={Uri.EscapeDataString(id)}", site.PlannerToken);
        Assert.Equal("undo", log.EnumerateArray().Last().GetProperty("action").GetString());
        Assert.Empty(tab.Errors);
    }
}
