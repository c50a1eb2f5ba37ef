using System.Globalization;
using System.Text.Json;
using Coverage.Web.Tests.Support;
using Microsoft.Playwright;

namespace Coverage.Web.Tests;

/// <summary>Circles, the summary, the uncovered list, the village search and isochrones, checked against the API's answers.</summary>
[Collection(SiteCollection.Name)]
public sealed class CoverageViewTests(CoverageSite site)
{
    static readonly IReadOnlyDictionary<string, string> StatusFill = StatusPalette.Fill;

    [Fact]
    public async Task Switching_circles_recolours_the_villages_and_changes_the_summary()
    {
        var (first, second, changedId) = await TwoCirclesThatDifferAsync();
        await using var tab = await SitePage.OpenAsync(site);
        // An administrative village whose natural villages the circle scores is drawn, but counted in the county through them.
        var parentOf = Json.Features(await site.GetJsonAsync("/api/settlements")).Select(f => f.GetProperty("properties"))
            .ToDictionary(p => Json.Text(p, "id"), p => p.GetProperty("parentId").GetString());

        foreach (var (circleId, coverage) in new[] { first, second })
        {
            await tab.ChooseCircleAsync(circleId);
            var county = coverage.GetProperty("county");
            var rollUps = Json.Features(coverage.GetProperty("settlements")).Select(f => parentOf[Json.Text(f.GetProperty("properties"), "id")])
                .OfType<string>().ToHashSet();
            foreach (var status in StatusFill.Keys)
            {
                var drawn = Json.Features(coverage.GetProperty("settlements")).Where(f => Json.Text(f.GetProperty("properties"), "status") == status).ToList();
                Assert.Equal(drawn.Count, await tab.CountAsync($"#map path.settlement[data-status='{status}']"));
                Assert.Equal(county.GetProperty(status).GetInt32(), drawn.Count(f => !rollUps.Contains(Json.Text(f.GetProperty("properties"), "id"))));
            }
            Assert.Equal(county.GetProperty("covered").GetInt32().ToString(CultureInfo.InvariantCulture),
                await tab.Page.GetAttributeAsync("#summary", "data-covered"));
            var share = county.GetProperty("shareDemand").GetDouble() * 100;
            Assert.Equal(share.ToString("0.0", CultureInfo.InvariantCulture) + "%", await tab.Page.InnerTextAsync("#summary-share"));
            var towns = coverage.GetProperty("towns").GetArrayLength();
            Assert.Equal(towns, await tab.CountAsync("#town-table tbody tr"));
            Assert.Equal(towns, await tab.CountAsync("#town-chart .chart-bar"));

            var expected = StatusOf(coverage, changedId);
            Assert.Equal(StatusFill[expected], await tab.Page.GetAttributeAsync($"#map path.settlement[data-id='{changedId}']", "fill"));
            if (circleId == first.Id) await tab.ScreenshotAsync("02-map-circle-" + circleId);
        }
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task Clicking_an_uncovered_village_opens_its_card_with_the_village_in_view()
    {
        var (circleId, village) = await LargestUncoveredVillageAsync();
        await using var tab = await SitePage.OpenAsync(site);
        await tab.ChooseCircleAsync(circleId);
        var id = Json.Text(village, "id");

        await tab.Page.ClickAsync($"#uncovered-list button[data-id='{id}']");

        // The card answers (its town fitted, not a zoom to 16 that loses the context).
        await tab.Page.WaitForSelectorAsync($"#village-card[data-id='{id}'][data-loaded='true']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await tab.Page.WaitForFunctionAsync("([lat, lon]) => map.getBounds().contains([lat, lon])",
            new[] { village.GetProperty("lat").GetDouble(), village.GetProperty("lon").GetDouble() });
        await tab.ScreenshotAsync("03-map-zoomed-to-uncovered-village");
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task Searching_a_village_by_name_lists_it_and_opens_its_card()
    {
        var settlements = Json.Features(await site.GetJsonAsync("/api/settlements")).ToList();
        var target = settlements.Where(f => Json.GeometryType(f) == "Point" && f.GetProperty("properties").GetProperty("name").GetString() is { Length: > 0 })
            .ElementAt(settlements.Count / 4);
        var p = target.GetProperty("properties");
        var coordinates = target.GetProperty("geometry").GetProperty("coordinates");
        await using var tab = await SitePage.OpenAsync(site);

        await tab.Page.FillAsync("#village-search", Json.Text(p, "name"));
        var hit = tab.Page.Locator($"#search-results button[data-id='{Json.Text(p, "id")}']");
        await hit.ClickAsync();

        var sameName = settlements.Count(f => (f.GetProperty("properties").GetProperty("name").GetString() ?? "").Contains(Json.Text(p, "name"), StringComparison.OrdinalIgnoreCase));
        Assert.Equal(Math.Min(sameName, 12), await tab.CountAsync("#search-results button"));
        await tab.Page.WaitForSelectorAsync($"#village-card[data-id='{Json.Text(p, "id")}'][data-loaded='true']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await tab.Page.WaitForFunctionAsync("([lat, lon]) => map.getBounds().contains([lat, lon])", new[] { coordinates[1].GetDouble(), coordinates[0].GetDouble() });
    }

    [Fact]
    public async Task Clicking_a_facility_draws_its_walk_time_bands()
    {
        // A facility of the headline circle's categories: the ones the page shows without ticking the legend.
        var headlineId = Json.Text(await site.GetJsonAsync("/api/config"), "headlineCircle");
        var headline = (await site.GetJsonAsync("/api/circles")).EnumerateArray().Single(c => Json.Text(c, "id") == headlineId);
        var shown = headline.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!.Split('/')[0]).ToHashSet();
        var facility = Json.Features(await site.GetJsonAsync("/api/facilities"))
            .First(f => Json.GeometryType(f) == "Point" && shown.Contains(Json.Text(f.GetProperty("properties"), "category")));
        var id = Json.Text(facility.GetProperty("properties"), "id");
        var bands = Json.Features(await site.GetJsonAsync($"/api/isochrones?facility={Uri.EscapeDataString(id)}&minutes=5,10,15")).ToList();
        Assert.NotEmpty(bands);
        await using var tab = await SitePage.OpenAsync(site);
        var c = facility.GetProperty("geometry").GetProperty("coordinates");
        await tab.Page.EvaluateAsync("([lat, lon]) => { map.setView([lat, lon], 15, { animate: false }); }", new[] { c[1].GetDouble(), c[0].GetDouble() });

        // Dispatched on the marker itself: a click at its screen point may land on a neighbour drawn on top of it.
        await tab.Page.Locator($"#map .facility-marker[data-id='{id}']").DispatchEventAsync("click");
        await tab.Page.WaitForFunctionAsync("id => coverageApp.isoFacility?.properties.id === id", id);
        await tab.Page.WaitForSelectorAsync("#map path.isochrone-band");

        Assert.Equal(bands.Count, await tab.CountAsync("#map path.isochrone-band"));
        var items = await tab.Page.Locator("#iso-bands li").AllInnerTextsAsync();
        Assert.Equal(bands.Count, items.Count);
        for (int i = 0; i < bands.Count; i++)
        {
            var people = bands[i].GetProperty("properties").GetProperty("population").GetDouble();
            Assert.Contains(Math.Round(people, MidpointRounding.AwayFromZero).ToString("#,0", CultureInfo.InvariantCulture) + " 人", items[i]);
        }
        await tab.ScreenshotAsync("07-map-isochrone-bands");
        Assert.Empty(tab.Errors);
    }

    /// <summary>Two circles and a settlement whose status differs between them: switching must recolour it.</summary>
    async Task<((string Id, JsonElement Coverage) First, (string Id, JsonElement Coverage) Second, string ChangedId)> TwoCirclesThatDifferAsync()
    {
        var circles = (await site.GetJsonAsync("/api/circles")).EnumerateArray().Select(c => Json.Text(c, "id")).ToList();
        var coverages = new List<(string Id, JsonElement Coverage)>();
        foreach (var id in circles) coverages.Add((id, await site.GetJsonAsync($"/api/coverage/{id}")));
        var statuses = coverages.Select(c => Json.Features(c.Coverage.GetProperty("settlements"))
            .ToDictionary(f => Json.Text(f.GetProperty("properties"), "id"), f => Json.Text(f.GetProperty("properties"), "status"))).ToList();
        for (int a = 0; a < coverages.Count; a++)
            for (int b = a + 1; b < coverages.Count; b++)
                foreach (var (id, status) in statuses[a])
                    if (statuses[b].TryGetValue(id, out var other) && other != status) return (coverages[a], coverages[b], id);
        throw new InvalidOperationException("Every circle gives every settlement the same status: the test region cannot show a recolouring.");
    }

    static string StatusOf(JsonElement coverage, string settlementId) =>
        Json.Text(Json.Features(coverage.GetProperty("settlements")).First(f => Json.Text(f.GetProperty("properties"), "id") == settlementId)
            .GetProperty("properties"), "status");

    async Task<(string CircleId, JsonElement Village)> LargestUncoveredVillageAsync()
    {
        foreach (var circle in (await site.GetJsonAsync("/api/circles")).EnumerateArray())
        {
            var id = Json.Text(circle, "id");
            var list = await site.GetJsonAsync($"/api/coverage/{id}/uncovered");
            if (list.GetArrayLength() > 0) return (id, list[0]);
        }
        throw new InvalidOperationException("No circle leaves a village uncovered in the test region.");
    }
}
