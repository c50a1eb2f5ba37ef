using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coverage.Web.Tests.Support;
using Microsoft.Playwright;

namespace Coverage.Web.Tests;

/// <summary>
/// A village's card: clicking a village shows, for every circle, what /api/settlements/{id}/access says (the same as the
/// coverage map), draws the walk of the chosen circle, keeps the village's town in view, and writes a URL that reopens it.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed partial class VillageCardTests(CoverageSite site)
{
    const string Circle = "elderly-15";
    static readonly PageWaitForSelectorOptions Attached = new() { State = WaitForSelectorState.Attached };

    [Theory]
    [InlineData(1400, 900)]
    [InlineData(390, 844)]
    public async Task Clicking_a_village_opens_its_card_draws_its_route_and_keeps_its_town_in_view(int width, int height)
    {
        var (village, lat, lon) = await FarVillageAsync();
        var id = Json.Text(village, "id");
        await using var tab = await SitePage.OpenAsync(site, width, height);
        await tab.ChooseCircleAsync(Circle);
        // Zoomed in on the village, as a reader who found it; the click must then pull back to its whole town.
        await tab.Page.EvaluateAsync("([lat, lon]) => { map.setView([lat, lon], 17, { animate: false }); }", new[] { lat, lon });
        // The village's own dot (a facility icon may sit on top of it at its centre).
        await tab.Page.Locator($"#map path.settlement[data-id='{id}']").DispatchEventAsync("click");
        await WaitForCardAsync(tab, id);

        await CardMatchesApiAsync(tab, id);
        Assert.Equal(1, await tab.CountAsync("#map path.route-beyond"));
        Assert.Equal(1, await tab.CountAsync("#map path.route-within"));
        Assert.Equal(1, await tab.CountAsync("#map path.route-limit"));
        Assert.Equal(1, await tab.CountAsync("#map path.route-facility"));
        await TownInViewAsync(tab, Json.Text(village, "town"));
        Assert.Contains($"c={Circle}", await tab.EvalAsync<string>("() => location.hash"));
        Assert.Contains($"v={id}", await tab.EvalAsync<string>("() => location.hash"));
        if (width < 700)
        {
            // On a phone the tap opens the sheet at the card: the answer is read without another tap.
            Assert.Equal("true", await tab.Page.GetAttributeAsync("#sheet-handle", "aria-expanded"));
            Assert.True(await tab.Page.Locator("#village-card").IsVisibleAsync());
            await tab.Page.WaitForFunctionAsync("() => { const r = document.querySelector('#village-card').getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }");
        }
        await tab.ScreenshotAsync($"40-village-card-{width}x{height}");
        Assert.Empty(tab.Errors);
    }

    [Theory]
    [InlineData(1400, 900)]
    [InlineData(390, 844)]
    public async Task A_shared_URL_reopens_the_same_circle_card_route_and_view(int width, int height)
    {
        var (village, lat, lon) = await FarVillageAsync();
        var id = Json.Text(village, "id");
        var url = string.Create(CultureInfo.InvariantCulture, $"/#c={Circle}&v={id}&z=14.5&ll={lat:0.00000},{lon:0.00000}");
        await using var tab = await SitePage.OpenAsync(site, width, height, path: url);
        await WaitForCardAsync(tab, id);

        Assert.Equal(Circle, await tab.Page.InputValueAsync("#circle-select"));
        Assert.Equal(Circle, await tab.Page.GetAttributeAsync("#map", "data-circle"));
        Assert.Equal(14.5, await tab.EvalAsync<double>("() => map.getZoom()"));
        Assert.Equal(lat, await tab.EvalAsync<double>("() => map.getCenter().lat"), 4);
        Assert.Equal(lon, await tab.EvalAsync<double>("() => map.getCenter().lng"), 4);
        await CardMatchesApiAsync(tab, id);
        Assert.Equal(1, await tab.CountAsync("#map path.route-within"));

        // Choosing another circle in the card redraws that circle's route and rewrites the URL.
        if (width < 700) await tab.Page.ClickAsync("#sheet-handle");
        await tab.Page.ClickAsync("#village-card button[data-circle='culture-10']");
        await tab.Page.WaitForSelectorAsync("#village-card[data-circle='culture-10'][data-loaded='true']", Attached);
        await tab.Page.WaitForFunctionAsync("() => location.hash.includes('c=culture-10')");
        await CardMatchesApiAsync(tab, id);
        await tab.ScreenshotAsync($"41-shared-url-card-{width}x{height}");
        Assert.Empty(tab.Errors);
    }

    /// <summary>An uncovered natural village (a dot) beyond the limit of <see cref="Circle"/> with a route to draw, in a town of several villages.</summary>
    async Task<(JsonElement Village, double Lat, double Lon)> FarVillageAsync()
    {
        var features = Json.Features((await site.GetJsonAsync($"/api/coverage/{Circle}")).GetProperty("settlements")).ToList();
        var far = features.First(f => Json.GeometryType(f) == "Point" && f.GetProperty("properties") is var p
            && p.GetProperty("status").GetString() == "uncovered" && p.GetProperty("minutes").ValueKind == JsonValueKind.Number
            && features.Count(o => Json.Text(o.GetProperty("properties"), "town") == Json.Text(p, "town")) > 5);
        var c = far.GetProperty("geometry").GetProperty("coordinates");
        return (far.GetProperty("properties"), c[1].GetDouble(), c[0].GetDouble());
    }

    static Task WaitForCardAsync(SitePage tab, string id) =>
        tab.Page.WaitForSelectorAsync($"#village-card[data-id='{id}'][data-loaded='true']", Attached);

    /// <summary>Every circle's row shows the access answer's status (colour and words) and minutes, and the coverage map agrees.</summary>
    async Task CardMatchesApiAsync(SitePage tab, string id)
    {
        var access = await site.GetJsonAsync($"/api/settlements/{id}/access");
        var selected = await tab.Page.GetAttributeAsync("#village-card", "data-circle");
        Assert.Contains(Json.Text(access, "name"), await tab.Page.InnerTextAsync("#card-heading"));
        var people = await tab.Page.InnerTextAsync(".card-people");
        Assert.Contains($"人口 {Math.Round(access.GetProperty("population").GetDouble()).ToString("N0", CultureInfo.GetCultureInfo("zh-CN"))} 人", people);
        Assert.Contains($"{Math.Round(access.GetProperty("elderly").GetDouble()).ToString("N0", CultureInfo.GetCultureInfo("zh-CN"))} 老年人(60+)", people);
        foreach (var row in access.GetProperty("circles").EnumerateArray())
        {
            var circle = Json.Text(row, "id");
            var tr = tab.Page.Locator($"#village-card tr[data-circle='{circle}']");
            Assert.Equal(Json.Text(row, "status"), await tr.GetAttributeAsync("data-status"));
            var minutesText = await tr.Locator("td.minutes").InnerTextAsync();
            if (row.GetProperty("minutes").ValueKind == JsonValueKind.Number)
            {
                var shown = MinutesShown().Match(minutesText);
                Assert.True(shown.Success, $"{circle}: {minutesText}");
                Assert.Equal(row.GetProperty("minutes").GetDouble(), double.Parse(shown.Groups[1].Value, CultureInfo.InvariantCulture), 0.051);
            }
            var statusText = await tr.Locator("td.status").InnerTextAsync();
            Assert.Contains(Json.Text(row, "status") switch { "covered" => "已覆盖", "partly" => "部分覆盖", "uncovered" => "未覆盖", _ => "不在" }, statusText);
            if (circle != selected) continue;
            var map = Json.Features((await site.GetJsonAsync($"/api/coverage/{circle}")).GetProperty("settlements"))
                .Single(f => Json.Text(f.GetProperty("properties"), "id") == id).GetProperty("properties");
            Assert.Equal(Json.Text(map, "status"), Json.Text(row, "status"));
            Assert.Equal(map.GetProperty("minutes").GetDouble(), row.GetProperty("minutes").GetDouble());
            var route = await site.GetJsonAsync($"/api/settlements/{id}/route?circle={circle}");
            var text = await tab.Page.InnerTextAsync("#card-route");
            Assert.Contains(route.GetProperty("properties").GetProperty("routeMinutes").GetDouble().ToString("0.0", CultureInfo.InvariantCulture), text);
        }
    }

    /// <summary>The map shows every settlement of the town (its points, and the corners of its areas).</summary>
    async Task TownInViewAsync(SitePage tab, string town)
    {
        var points = Json.Features(await site.GetJsonAsync("/api/settlements"))
            .Where(f => Json.Text(f.GetProperty("properties"), "town") == town)
            .SelectMany(f => Positions(f.GetProperty("geometry").GetProperty("coordinates")))
            .Select(p => new[] { p.Lat, p.Lon }).ToArray();
        Assert.True(points.Length > 5);
        await tab.Page.WaitForFunctionAsync("(pts) => pts.every((p) => map.getBounds().pad(0.001).contains(p))", points,
            new PageWaitForFunctionOptions { Timeout = 5000 });
    }

    static IEnumerable<(double Lat, double Lon)> Positions(JsonElement coordinates) =>
        coordinates[0].ValueKind == JsonValueKind.Number ? [(coordinates[1].GetDouble(), coordinates[0].GetDouble())]
            : coordinates.EnumerateArray().SelectMany(Positions);

    [GeneratedRegex(@"([0-9]+(?:\.[0-9]+)?) 分钟")]
    private static partial Regex MinutesShown();
}
