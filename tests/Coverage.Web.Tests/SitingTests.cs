using System.Globalization;
using System.Text.Json;
using Coverage.Web.Tests.Support;
using Microsoft.Playwright;
using MiniExcelLibs;

namespace Coverage.Web.Tests;

/// <summary>Planner mode's siting suggestions: proposals on the map, the villages each newly covers, saving them as a scenario.</summary>
[Collection(SiteCollection.Name)]
public sealed class SitingTests(CoverageSite site)
{
    const string Circle = "elderly-15";

    [Fact]
    public async Task Planner_asks_for_3_sites_and_the_map_shows_3_proposals_each_outlining_the_villages_it_newly_covers()
    {
        await using var tab = await SitePage.OpenAsync(site);
        var page = tab.Page;
        var request = await AskForThreeSitesAsync(tab);

        // Oracle: the same question sent by the test straight to the API (same plan version: the same answer).
        var body = JsonDocument.Parse(request.PostData!).RootElement;
        Assert.Equal((Circle, 3), (Json.Text(body, "circle"), body.GetProperty("new").GetInt32()));
        var expected = await site.PostJsonAsync("/api/siting", body, site.PlannerToken);
        var proposals = Json.Features(expected.GetProperty("proposals")).ToList();
        Assert.Equal(3, proposals.Count);
        Assert.Equal(3, await tab.CountAsync("#map .siting-marker"));
        double newly = expected.GetProperty("solver").GetProperty("newlyCovered").GetDouble();
        Assert.True(newly > 0, "three new elderly centres cover nobody new");
        Assert.Equal(newly.ToString(CultureInfo.InvariantCulture), await page.GetAttributeAsync("#siting-result", "data-newly-covered"));
        Assert.StartsWith("+" + Math.Round(newly).ToString("N0", CultureInfo.InvariantCulture), await page.InnerTextAsync("#siting-newly"));
        Assert.Equal(3, await tab.CountAsync("#siting-sites button"));

        // The base is the summary's: the same share of older people, with its unit and the statuses that count.
        var county = (await site.GetJsonAsync($"/api/coverage/{Circle}")).GetProperty("county");
        var summaryShare = (county.GetProperty("shareDemand").GetDouble() * 100).ToString("0.0", CultureInfo.InvariantCulture);
        Assert.Equal(summaryShare, expected.GetProperty("basePercent").GetDouble().ToString("0.0", CultureInfo.InvariantCulture));
        Assert.Equal(summaryShare + "%", await page.InnerTextAsync("#summary-share"));
        var baseLine = await page.InnerTextAsync("#siting-base");
        Assert.Contains($"老年人(60+)覆盖率 {summaryShare}%", baseLine);
        Assert.Contains($"覆盖 {Math.Round(expected.GetProperty("baseCoveredDemand").GetDouble(), MidpointRounding.AwayFromZero).ToString("#,0", CultureInfo.InvariantCulture)} / ", baseLine);
        Assert.Equal("计入设施：" + string.Join("、", expected.GetProperty("countedStatuses").EnumerateArray().Select(x => Json.Text(x, "zh"))),
            await page.InnerTextAsync("#siting-statuses"));
        Assert.Contains("老年人(60+)", await page.InnerTextAsync("#siting-newly"));

        // Hovering each proposal outlines exactly the villages the API says it newly covers.
        foreach (var proposal in proposals)
        {
            var p = proposal.GetProperty("properties");
            int rank = p.GetProperty("rank").GetInt32();
            var villages = p.GetProperty("settlements").EnumerateArray().Select(v => Json.Text(v, "id")).Order(StringComparer.Ordinal).ToList();
            await page.HoverAsync($"#map .siting-marker[data-rank='{rank}']");
            await page.WaitForSelectorAsync($"#siting-result[data-focused='{rank}']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
            var outlined = await page.EvalOnSelectorAllAsync<string[]>("#map .settlement[data-newly-covered]", "els => els.map(e => e.getAttribute('data-id'))");
            Assert.Equal(villages, outlined.Order(StringComparer.Ordinal));
        }
        await page.HoverAsync("#map .siting-marker[data-rank='1']");
        await tab.ScreenshotAsync("05-siting-proposals");

        var saved = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#siting-save"),
            r => r.Url.EndsWith("/api/scenarios") && r.Request.Method == "POST");
        Assert.Equal(201, saved.Status);
        var id = Json.Text(JsonDocument.Parse(await saved.TextAsync()).RootElement, "id");
        var stored = await site.GetJsonAsync($"/api/scenarios/{Uri.EscapeDataString(id)}");
        Assert.Equal(["add", "add", "add"], stored.GetProperty("edits").EnumerateArray().Select(e => Json.Text(e, "kind")));
        var log = await site.GetJsonAsync($"/api/edit-log?entity=scenario&entityId={Uri.EscapeDataString(id)}", site.PlannerToken);
        Assert.All(log.EnumerateArray(), row => Assert.Equal(CoverageSite.PlannerName, Json.Text(row, "actor")));

        await page.ClickAsync("#siting-clear");
        Assert.Equal(0, await tab.CountAsync("#map .siting-marker"));
        Assert.Equal(0, await tab.CountAsync("#map .settlement[data-newly-covered]"));
        Assert.Empty(tab.Errors);
    }

    [Theory]
    [InlineData(1400, 900)]
    [InlineData(390, 844)]
    public async Task Proposed_sites_are_named_by_village_and_road_in_plain_words_and_the_export_lists_the_same_sites(int width, int height)
    {
        await using var tab = await SitePage.OpenAsync(site, width, height);
        var page = tab.Page;
        if (width < 700)
        {
            await page.ClickAsync("#sheet-handle");
            await page.WaitForFunctionAsync("() => document.querySelector('#panel').getBoundingClientRect().x >= 0");
        }
        var request = await AskForThreeSitesAsync(tab);

        // Oracle: the API's answer to the same question (same plan version: the same answer).
        var expected = await site.PostJsonAsync("/api/siting", JsonDocument.Parse(request.PostData!).RootElement, site.PlannerToken);
        var names = Json.Features(expected.GetProperty("proposals")).Select(f => Json.Text(f.GetProperty("properties").GetProperty("label"), "zh")).ToList();
        Assert.Equal(3, names.Count);
        Assert.All(names, n => Assert.Matches(@"^.+旁 · .+（way \d+）$", n));
        Assert.Equal(names, await page.Locator("#siting-sites .site-name").AllInnerTextsAsync());

        // Quality in plain words, no solver jargon.
        var quality = expected.GetProperty("solver").GetProperty("quality");
        Assert.Equal("方案质量：" + Json.Text(quality, "zh"), await page.InnerTextAsync("#siting-quality"));
        var text = await page.InnerTextAsync("#siting-result");
        foreach (var jargon in new[] { "CP-SAT", "求解器", "目标值", "上界", "下界", "差距", "objective", "gap" }) Assert.DoesNotContain(jargon, text);
        await page.Locator("#siting-export").ScrollIntoViewIfNeededAsync();
        await tab.ScreenshotAsync($"14-siting-names-{width}x{height}");

        // The Excel and CSV downloads list the sites shown, in the shown order, under Chinese headings.
        var xlsx = await DownloadAsync(page, "#siting-export-xlsx");
        var sheet = MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(names, sheet.Select(row => row["名称"]?.ToString()));
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, sheet.Select(row => Convert.ToDouble(row["序号"], CultureInfo.InvariantCulture)));
        var csv = System.Text.Encoding.UTF8.GetString(await DownloadAsync(page, "#siting-export-csv")).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("序号,名称,", csv[0]);
        Assert.Equal(names, csv.Skip(1).Select(line => line.Split(',')[1]));
        var geojson = JsonDocument.Parse(await DownloadAsync(page, "#siting-export-geojson")).RootElement;
        Assert.Equal(names, Json.Features(geojson).Select(f => Json.Text(f.GetProperty("properties"), "name")));
        Assert.Empty(tab.Errors);
    }

    static async Task<byte[]> DownloadAsync(IPage page, string button)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync(button));
        await using var stream = await download.CreateReadStreamAsync();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>Signs in, picks the circle and asks for 3 new sites; returns the request the page sent, once the answer is drawn.</summary>
    [Fact]
    public async Task Planner_asks_for_2_sites_within_capacity_and_the_panel_shows_what_the_api_serves()
    {
        await using var tab = await SitePage.OpenAsync(site);
        var page = tab.Page;
        await tab.SignInAsync(site.PlannerToken);
        await page.WaitForSelectorAsync("#planner");
        await tab.ChooseCircleAsync(Circle);
        // Capacitated siting answers "the best k sites" only: the box is off for a target.
        await page.SelectOptionAsync("#siting-mode", "target");
        Assert.True(await page.IsDisabledAsync("#siting-capacitated"));
        await page.SelectOptionAsync("#siting-mode", "new");
        Assert.True(await page.IsDisabledAsync("#siting-capacity"));
        await page.CheckAsync("#siting-capacitated");
        await page.FillAsync("#siting-capacity", "60");
        await page.FillAsync("#siting-value", "2");
        var request = await page.RunAndWaitForRequestAsync(() => page.ClickAsync("#siting-suggest"),
            r => r.Url.EndsWith("/api/siting") && r.Method == "POST");
        await page.WaitForSelectorAsync("#siting-result[data-mode='capacitated']", new PageWaitForSelectorOptions { Timeout = 120_000 });

        var body = JsonDocument.Parse(request.PostData!).RootElement;
        Assert.Equal((2, 60), (body.GetProperty("new").GetInt32(), body.GetProperty("capacitated").GetInt32()));
        var expected = await site.PostJsonAsync("/api/siting", body, site.PlannerToken);
        double newly = expected.GetProperty("solver").GetProperty("newlyCovered").GetDouble();
        Assert.InRange(newly, 0.01, 120.01);
        Assert.StartsWith("+" + Math.Round(newly).ToString("N0", CultureInfo.InvariantCulture), await page.InnerTextAsync("#siting-newly"));
        Assert.Contains("容量内新增服务", await page.InnerTextAsync("#siting-newly"));
        Assert.Contains(expected.GetProperty("percentBefore").GetDouble().ToString("0.0", CultureInfo.InvariantCulture) + "%", await page.InnerTextAsync("#siting-base"));
        Assert.Equal(2, await tab.CountAsync("#siting-sites button"));
    }

    async Task<IRequest> AskForThreeSitesAsync(SitePage tab)
    {
        var page = tab.Page;
        await tab.SignInAsync(site.PlannerToken);
        await page.WaitForSelectorAsync("#planner");
        await tab.ChooseCircleAsync(Circle);
        await page.SelectOptionAsync("#siting-mode", "new");
        await page.FillAsync("#siting-value", "3");
        var request = await page.RunAndWaitForRequestAsync(() => page.ClickAsync("#siting-suggest"),
            r => r.Url.EndsWith("/api/siting") && r.Method == "POST");
        await page.WaitForSelectorAsync("#siting-result[data-newly-covered]", new PageWaitForSelectorOptions { Timeout = 120_000 });
        return request;
    }
}
