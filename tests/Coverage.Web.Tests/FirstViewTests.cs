using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coverage.Web.Tests.Support;
using Microsoft.Playwright;

namespace Coverage.Web.Tests;

/// <summary>
/// The first view a planner or a resident sees, on a desktop and on a phone: the headline circle, the county's name,
/// legend with units, scale bar, the circle's facilities (clustered), village names, the bottom sheet, print and fonts.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class FirstViewTests(CoverageSite site)
{
    const string Headline = "elderly-15"; // Coverage:HeadlineCircle's default
    static readonly PageWaitForSelectorOptions Attached = new() { State = WaitForSelectorState.Attached };

    [Theory]
    [InlineData(1400, 900)]
    [InlineData(390, 844)]
    public async Task First_view_opens_on_the_headline_circle_with_the_county_name_a_legend_with_units_and_a_scale_bar(int width, int height)
    {
        var config = await site.GetJsonAsync("/api/config");
        var region = await site.GetJsonAsync("/api/region");
        var circles = (await site.GetJsonAsync("/api/circles")).EnumerateArray().ToList();
        var circle = circles.Single(c => Json.Text(c, "id") == Headline);
        Assert.Equal(Headline, Json.Text(config, "headlineCircle"));
        Assert.NotEqual(Headline, Json.Text(circles[0], "id")); // the page must pick it, not fall on the first
        var county = (await site.GetJsonAsync($"/api/coverage/{Headline}")).GetProperty("county");

        await using var tab = await SitePage.OpenAsync(site, width, height);
        var page = tab.Page;

        Assert.Equal(Headline, await page.GetAttributeAsync("#map", "data-circle"));
        Assert.Equal(Headline, await page.InputValueAsync("#circle-select"));
        var title = await page.InnerTextAsync("h1");
        Assert.Contains(Json.Text(region, "name"), title);
        Assert.Contains("步行可达设施覆盖", title);
        var (scroll, client) = await TitleWidthsAsync(page);
        Assert.True(scroll <= client, $"the title is cut: scrollWidth {scroll} > clientWidth {client}");
        var h1 = await page.Locator("h1").BoundingBoxAsync();
        Assert.True(h1!.X >= 0 && h1.X + h1.Width <= width, $"the title runs off the screen ({h1.X}..{h1.X + h1.Width})");
        if (region.GetProperty("synthetic").GetBoolean()) Assert.Contains("合成示例数据", await page.InnerTextAsync("#data-date"));

        Assert.Matches(new Regex(@"^\d+ (m|km)$"), (await page.InnerTextAsync(".leaflet-control-scale-line")).Trim());
        Assert.Equal(1, await tab.CountAsync("#map .leaflet-control-container #map-legend"));
        var unit = await page.TextContentAsync("#legend-unit");
        Assert.Contains(Json.Text(county.GetProperty("demandUnit"), "zh"), unit);
        Assert.Contains($"{circle.GetProperty("minutes").GetDouble().ToString(CultureInfo.InvariantCulture)} 分钟", unit);

        // The whole region is in view: the map's bounds hold the region's bbox (also on the phone, above the sheet's peek).
        var bbox = region.GetProperty("bbox").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        var view = await page.EvaluateAsync<double[]>("() => { const b = map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }");
        Assert.True(view[0] <= bbox[0] && view[1] <= bbox[1] && view[2] >= bbox[2] && view[3] >= bbox[3],
            $"region [{string.Join(", ", bbox)}] is not inside the view [{string.Join(", ", view)}]");
        var mapBox = await page.Locator("#map").BoundingBoxAsync();
        var peek = await page.Locator("#panel").BoundingBoxAsync();
        if (width < 700) Assert.True(mapBox!.Y + mapBox.Height <= peek!.Y + 1, "the sheet's peek covers the bottom of the map");
        await tab.ScreenshotAsync($"20-first-view-{width}x{height}");
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task Markers_are_the_circles_categories_counted_through_clusters_and_swap_with_the_circle()
    {
        var facilities = Json.Features(await site.GetJsonAsync("/api/facilities")).ToList();
        var circles = (await site.GetJsonAsync("/api/circles")).EnumerateArray().ToDictionary(c => Json.Text(c, "id"));
        await using var tab = await SitePage.OpenAsync(site, 1400, 900);

        await AssertFacilitiesShownAsync(tab, facilities, Categories(circles[Headline]));
        Assert.True(await tab.CountAsync("#map .facility-cluster") > 0, "no clusters at county zoom");
        await tab.ScreenshotAsync("21-facilities-headline-clustered-1400x900");

        var other = circles.Values.First(c => !Categories(c).SetEquals(Categories(circles[Headline])) && Categories(c).Count > 0);
        await tab.ChooseCircleAsync(Json.Text(other, "id"));
        await AssertFacilitiesShownAsync(tab, facilities, Categories(other));

        // A category outside the circle is off until ticked in the legend, then adds exactly its own facilities.
        var extra = facilities.Select(f => Category(f)).Distinct().First(c => !Categories(other).Contains(c));
        Assert.False(await tab.Page.IsCheckedAsync($"#legend-cat-{extra}"));
        await tab.Page.CheckAsync($"#legend-cat-{extra}");
        await AssertFacilitiesShownAsync(tab, facilities, [.. Categories(other), extra]);
        await tab.ScreenshotAsync("22-facilities-other-circle-plus-category-1400x900");
        Assert.Empty(tab.Errors);
    }

    static HashSet<string> Categories(JsonElement circle) =>
        circle.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!.Split('/')[0]).ToHashSet();

    static string Category(JsonElement f) => Json.Text(f.GetProperty("properties"), "category");

    /// <summary>Point markers (each cluster counts its children) and trails on the map equal the API's facilities of those categories.</summary>
    static async Task AssertFacilitiesShownAsync(SitePage tab, List<JsonElement> facilities, HashSet<string> categories)
    {
        var points = facilities.Count(f => Json.GeometryType(f) == "Point" && categories.Contains(Category(f)));
        var trails = facilities.Count(f => Json.GeometryType(f) != "Point" && categories.Contains(Category(f)));
        await tab.Page.WaitForFunctionAsync("""
            (n) => [...document.querySelectorAll('#map .facility-cluster [data-count]')].reduce((s, e) => s + Number(e.dataset.count), 0)
              + document.querySelectorAll('#map .facility-marker').length === n
            """, points);
        Assert.Equal(trails, await tab.CountAsync("#map path.facility-trail"));
        var drawn = await tab.EvalAsync<string[]>("() => [...document.querySelectorAll('#map .facility-marker, #map path.facility-trail')].map(e => [...e.classList].find(c => c.startsWith('facility-') && c !== 'facility-marker' && c !== 'facility-trail' && c !== 'facility-planned'))");
        Assert.All(drawn, c => Assert.Contains(c["facility-".Length..], categories));
    }

    [Theory]
    [InlineData(1400, 900)]
    [InlineData(390, 844)]
    public async Task Village_names_appear_when_zoomed_in_largest_first_and_never_overlap(int width, int height)
    {
        var settlements = Json.Features(await site.GetJsonAsync("/api/settlements")).ToList();
        var region = await site.GetJsonAsync("/api/region");
        var town = region.GetProperty("towns")[0].GetProperty("centre");
        await using var tab = await SitePage.OpenAsync(site, width, height);
        var page = tab.Page;

        await page.EvaluateAsync("([lat, lon]) => { map.setView([lat, lon], 13, { animate: false }); }", new[] { town[1].GetDouble(), town[0].GetDouble() });
        await page.WaitForSelectorAsync("#map .village-label", Attached);
        var labels = await LabelsAsync(page);
        Assert.NotEmpty(labels);
        AssertNoOverlaps(labels);
        Assert.All(labels, l => Assert.True(l.Village, $"{l.Name} is a natural village at zoom 13"));

        // Oracle: the most populous village (行政村/社区) whose label point (its bounds' centre) lies in view is named.
        var view = await page.EvaluateAsync<double[]>("() => { const b = map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }");
        var largest = settlements
            .Where(f => f.GetProperty("properties").GetProperty("parentId").ValueKind == JsonValueKind.Null)
            .Select(f => (Name: Json.Text(f.GetProperty("properties"), "name"), Population: f.GetProperty("properties").GetProperty("population").GetDouble(), Centre: BoundsCentre(f)))
            .Where(v => v.Centre.Lon > view[0] && v.Centre.Lat > view[1] && v.Centre.Lon < view[2] && v.Centre.Lat < view[3])
            .MaxBy(v => v.Population);
        Assert.Contains(labels, l => l.Name == largest.Name);
        await tab.ScreenshotAsync($"23-village-names-zoom13-{width}x{height}");

        // Closer in, natural villages are named too: centred on the most populous one.
        var place = settlements.Where(f => Json.Text(f.GetProperty("properties"), "kind") == "natural_village")
            .MaxBy(f => f.GetProperty("properties").GetProperty("population").GetDouble());
        var at = BoundsCentre(place);
        await page.EvaluateAsync("([lat, lon]) => { map.setView([lat, lon], 16, { animate: false }); }", new[] { at.Lat, at.Lon });
        await page.WaitForFunctionAsync("() => document.querySelector('#map .village-label:not(.village-label-village)')");
        labels = await LabelsAsync(page);
        AssertNoOverlaps(labels);
        await tab.ScreenshotAsync($"24-village-names-zoom16-{width}x{height}");
        Assert.Empty(tab.Errors);
    }

    sealed record Label(string Name, bool Village, double Left, double Top, double Right, double Bottom);

    static async Task<List<Label>> LabelsAsync(IPage page)
    {
        // Names are placed again when a font subset arrives (a wider glyph moves the boxes): read them after that.
        await page.WaitForFunctionAsync("() => document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => r(true))))");
        return [.. (await page.EvaluateAsync<JsonElement>("""
            () => [...document.querySelectorAll('#map .village-label')].map(e => { const r = e.getBoundingClientRect();
              return { name: e.textContent, village: e.classList.contains('village-label-village'), left: r.left, top: r.top, right: r.right, bottom: r.bottom }; })
            """)).EnumerateArray().Select(e => new Label(e.GetProperty("name").GetString()!, e.GetProperty("village").GetBoolean(),
            e.GetProperty("left").GetDouble(), e.GetProperty("top").GetDouble(), e.GetProperty("right").GetDouble(), e.GetProperty("bottom").GetDouble()))];
    }

    static void AssertNoOverlaps(List<Label> labels)
    {
        for (int i = 0; i < labels.Count; i++)
            for (int j = i + 1; j < labels.Count; j++)
            {
                var (a, b) = (labels[i], labels[j]);
                bool overlap = a.Left < b.Right && b.Left < a.Right && a.Top < b.Bottom && b.Top < a.Bottom;
                Assert.False(overlap, $"labels {a.Name} and {b.Name} overlap");
            }
    }

    /// <summary>The centre of a settlement's bounding box (Leaflet's getBounds().getCenter()), or the point itself.</summary>
    static (double Lon, double Lat) BoundsCentre(JsonElement feature)
    {
        var coordinates = new List<(double, double)>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() >= 2 && e[0].ValueKind == JsonValueKind.Number)
                coordinates.Add((e[0].GetDouble(), e[1].GetDouble()));
            else if (e.ValueKind == JsonValueKind.Array)
                foreach (var x in e.EnumerateArray()) Walk(x);
        }
        Walk(feature.GetProperty("geometry").GetProperty("coordinates"));
        return ((coordinates.Min(c => c.Item1) + coordinates.Max(c => c.Item1)) / 2, (coordinates.Min(c => c.Item2) + coordinates.Max(c => c.Item2)) / 2);
    }

    [Fact]
    public async Task Noto_Sans_SC_and_the_cluster_library_are_served_and_the_page_renders_Chinese_in_it()
    {
        var css = await site.Http.GetStringAsync("/vendor/noto-sans-sc/400.css");
        var files = Regex.Matches(css, @"url\(\./(files/[^)]+\.woff2)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.True(files.Count > 50, $"only {files.Count} unicode-range subsets in 400.css");
        foreach (var path in new[] { "/vendor/noto-sans-sc/" + files[0], "/vendor/noto-sans-sc/" + files[^1], "/vendor/noto-sans-sc/700.css",
                     "/vendor/leaflet.markercluster/leaflet.markercluster.js", "/vendor/leaflet.markercluster/MarkerCluster.css" })
            Assert.Equal(System.Net.HttpStatusCode.OK, (await site.Http.GetAsync(path)).StatusCode);

        await using var tab = await SitePage.OpenAsync(site, 1400, 900);
        await tab.Page.WaitForFunctionAsync("() => document.fonts.ready.then(() => true)");
        Assert.True(await tab.EvalAsync<bool>("() => document.fonts.check('16px \"Noto Sans SC\"', '覆盖')"), "Noto Sans SC is not loaded for 覆盖");
        var loaded = await tab.EvalAsync<int>("() => [...document.fonts].filter(f => f.family.replace(/\"/g, '') === 'Noto Sans SC' && f.status === 'loaded').length");
        var declared = await tab.EvalAsync<int>("() => [...document.fonts].filter(f => f.family.replace(/\"/g, '') === 'Noto Sans SC').length");
        Assert.InRange(loaded, 1, declared / 4); // unicode-range: only the subsets the page's text needs are fetched
        Assert.StartsWith("\"Noto Sans SC\"", await tab.EvalAsync<string>("() => getComputedStyle(document.querySelector('h1')).fontFamily"));
        Assert.StartsWith("\"Noto Sans SC\"", await tab.EvalAsync<string>("() => getComputedStyle(document.querySelector('#map')).fontFamily"));
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task On_a_phone_the_panel_is_a_bottom_sheet_whose_peek_shows_the_headline_share_and_opens_by_keyboard()
    {
        var county = (await site.GetJsonAsync($"/api/coverage/{Headline}")).GetProperty("county");
        await using var tab = await SitePage.OpenAsync(site, 390, 844);
        var page = tab.Page;

        Assert.Equal(Pct(county.GetProperty("shareDemand").GetDouble()), await page.InnerTextAsync("#peek-share"));
        var peek = await page.Locator("#sheet-handle").BoundingBoxAsync();
        Assert.True(peek!.Y >= 700 && peek.Y + peek.Height <= 844, $"the peek is at y={peek.Y}..{peek.Y + peek.Height}");
        Assert.Equal("false", await page.GetAttributeAsync("#sheet-handle", "aria-expanded"));
        Assert.True((await page.Locator("#summary-share").BoundingBoxAsync())!.Y >= 844, "the collapsed sheet shows the summary");
        await tab.ScreenshotAsync("25-phone-sheet-peek-390x844");

        // Keyboard: Tab reaches the handle (with a visible focus ring), Enter opens the sheet, Enter closes it.
        await TabToAsync(page, "sheet-handle");
        Assert.NotEqual("none", await tab.EvalAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.querySelector('#panel').getBoundingClientRect().top < 300");
        Assert.Equal("true", await page.GetAttributeAsync("#sheet-handle", "aria-expanded"));
        Assert.Equal(Pct(county.GetProperty("shareDemand").GetDouble()), await page.InnerTextAsync("#summary-share"));
        Assert.True(await page.IsVisibleAsync("#circle-select"));
        // Tabbing past the map moved nothing: the region is fitted into the strip above the open sheet, as when it is tapped open.
        await page.WaitForFunctionAsync("() => getComputedStyle(document.querySelector('#panel')).transform === 'none'");
        var bbox = (await site.GetJsonAsync("/api/region")).GetProperty("bbox").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        var south = await page.EvaluateAsync<double>(
            $"() => map.latLngToContainerPoint([{bbox[1].ToString(CultureInfo.InvariantCulture)}, {bbox[0].ToString(CultureInfo.InvariantCulture)}]).y + document.querySelector('#map').getBoundingClientRect().top");
        var sheetTop = await page.EvaluateAsync<double>("() => document.querySelector('#panel').getBoundingClientRect().top");
        Assert.True(south <= sheetTop + 1, $"the region's south edge (y={south}) lies behind the sheet opened by keyboard (top {sheetTop})");
        await tab.ScreenshotAsync("26-phone-sheet-open-390x844");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.querySelector('#panel').getBoundingClientRect().top > 700");
        Assert.Equal("false", await page.GetAttributeAsync("#sheet-handle", "aria-expanded"));
        Assert.Empty(tab.Errors);
    }

    [Theory]
    [InlineData(1400, 900)]
    [InlineData(390, 844)]
    public async Task Print_shows_the_map_legend_and_summary_on_one_A4_landscape_page_without_controls(int width, int height)
    {
        var county = (await site.GetJsonAsync($"/api/coverage/{Headline}")).GetProperty("county");
        await using var tab = await SitePage.OpenAsync(site, width, height);
        var page = tab.Page;
        await page.EvaluateAsync("() => document.querySelector('#map-legend').open = true");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });

        foreach (var shown in new[] { "#map", "#map-legend #legend-unit", "#summary-share", "h1", ".leaflet-control-scale" })
            Assert.True(await page.IsVisibleAsync(shown), $"{shown} is hidden in print");
        foreach (var hidden in new[] { "#circle-select", "#print", "#lang-toggle", "#sign-in", "#sheet-handle", ".leaflet-control-zoom", "#village-search" })
            Assert.False(await page.IsVisibleAsync(hidden), $"{hidden} is printed");
        Assert.Equal(Pct(county.GetProperty("shareDemand").GetDouble()), await page.InnerTextAsync("#summary-share"));
        var map = (await page.Locator("#map").BoundingBoxAsync())!;
        var summary = (await page.Locator("#summary").BoundingBoxAsync())!;
        Assert.True(summary.X >= map.X + map.Width - 1, "the summary is not beside the map");
        // Every town's row is on the page, not clipped at the bottom of the panel.
        var panel = (await page.Locator("#panel").BoundingBoxAsync())!;
        var rows = page.Locator("#town-table tbody tr");
        Assert.Equal((await site.GetJsonAsync("/api/region")).GetProperty("towns").GetArrayLength(), await rows.CountAsync());
        var last = (await rows.Last.BoundingBoxAsync())!;
        Assert.True(last.Y + last.Height <= panel.Y + panel.Height + 0.5, $"the town table is cut in print: last row ends at {last.Y + last.Height:0}, the panel at {panel.Y + panel.Height:0}");
        await tab.ScreenshotAsync($"27-print-{width}x{height}");

        // The browser's PDF (A4 landscape, as the page asks) is one page.
        var pdf = Path.Combine(RepoLayout.ScreenshotDirectory(), $"27-print-{width}x{height}.pdf");
        var bytes = await page.PdfAsync(new PagePdfOptions { Path = pdf, PreferCSSPageSize = true, PrintBackground = true });
        Assert.Single(Regex.Matches(System.Text.Encoding.Latin1.GetString(bytes), @"/Type\s*/Page[^s]"));
        Assert.Empty(tab.Errors);
    }

    /// <summary>
    /// The three status colours as drawn (badges, legend, map) are one palette, and stay apart for a deuteranope or a
    /// protanope: Machado, Oliveira &amp; Fernandes (2009) severity-1 matrices on linear sRGB, CIELAB ΔE*76 between each pair.
    /// The old green/orange/red palette gave ΔE 26 (green–orange, deuteranopia) and 19.6 (protanopia); this one must give ≥ 40.
    /// </summary>
    [Fact]
    public async Task Status_colours_are_one_palette_and_stay_distinct_under_deuteranopia_and_protanopia()
    {
        await using var tab = await SitePage.OpenAsync(site, 1400, 900);
        var statuses = new[] { "covered", "partly", "uncovered" };
        var colours = new Dictionary<string, (double R, double G, double B)>();
        foreach (var s in statuses)
        {
            var chip = Rgb(await tab.EvalAsync<string>($"() => getComputedStyle(document.querySelector('#counts-villages .chip.{s}')).backgroundColor"));
            var legend = Rgb(await tab.EvalAsync<string>($"() => getComputedStyle(document.querySelector('#legend-status li[data-status={s}] .swatch')).backgroundColor"));
            Assert.Equal(chip, legend);
            var drawn = await tab.EvalAsync<string?>($"() => document.querySelector('#map path.settlement[data-status={s}]')?.getAttribute('fill')");
            if (drawn is not null) Assert.Equal(chip, Hex(drawn));
            Assert.Equal(Hex(StatusPalette.Fill[s]), chip);
            colours[s] = chip;
        }
        await tab.ScreenshotAsync("28-palette-1400x900");

        double[][] deuteranopia = [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]];
        double[][] protanopia = [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]];
        foreach (var (name, m) in new[] { ("deuteranopia", deuteranopia), ("protanopia", protanopia) })
            for (int i = 0; i < 3; i++)
                for (int j = i + 1; j < 3; j++)
                {
                    var d = DeltaE(Lab(Simulate(colours[statuses[i]], m)), Lab(Simulate(colours[statuses[j]], m)));
                    Assert.True(d >= 40, $"{statuses[i]} and {statuses[j]} are ΔE {d:0.0} apart under {name}");
                }
    }

    static (double R, double G, double B) Rgb(string css)
    {
        var n = Regex.Matches(css, @"\d+").Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture)).ToArray();
        return (n[0], n[1], n[2]);
    }

    static (double R, double G, double B) Hex(string hex) =>
        (Convert.ToInt32(hex[1..3], 16), Convert.ToInt32(hex[3..5], 16), Convert.ToInt32(hex[5..7], 16));

    static double Linear(double c) => (c /= 255) <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);

    static double[] Simulate((double R, double G, double B) c, double[][] m)
    {
        double[] l = [Linear(c.R), Linear(c.G), Linear(c.B)];
        return [.. m.Select(row => Math.Clamp(row[0] * l[0] + row[1] * l[1] + row[2] * l[2], 0, 1))];
    }

    /// <summary>Linear sRGB → CIELAB (D65).</summary>
    static double[] Lab(double[] rgb)
    {
        double x = 0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2];
        double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
        double z = 0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2];
        static double F(double t) => t > 0.008856 ? Math.Cbrt(t) : 7.787 * t + 16.0 / 116;
        double fx = F(x / 0.95047), fy = F(y), fz = F(z / 1.08883);
        return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
    }

    static double DeltaE(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (p, q) => (p - q) * (p - q)).Sum());

    static string Pct(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    static async Task<(double Scroll, double Client)> TitleWidthsAsync(IPage page)
    {
        var w = await page.EvaluateAsync<double[]>("() => { const h = document.querySelector('h1'); return [h.scrollWidth, h.clientWidth]; }");
        return (w[0], w[1]);
    }

    /// <summary>Tab walks through the page: every stop has a name and a visible focus ring, and the main controls are among them.</summary>
    [Fact]
    public async Task Keyboard_reaches_every_control_with_a_name_and_a_visible_focus_ring()
    {
        await using var tab = await SitePage.OpenAsync(site, 1400, 900);
        var page = tab.Page;
        var stops = new List<(string Key, string Name, string Outline)>();
        for (int i = 0; i < 400; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var stop = await page.EvaluateAsync<string[]>("""
                () => { const e = document.activeElement; if (!e || e === document.body) return null;
                  const name = (e.getAttribute('aria-label') || (e.labels && e.labels[0]?.textContent) || e.textContent || e.getAttribute('title') || '').trim();
                  const s = getComputedStyle(e);
                  return [e.id || e.className.baseVal || e.className || e.tagName, name, `${s.outlineStyle} ${s.outlineWidth}`]; }
                """);
            if (stop is null) continue;
            if (stops.Count > 0 && stop[0] == stops[0].Key && stop[0].Length > 0 && stops.Count > 5) break; // round the page once
            stops.Add((stop[0], stop[1], stop[2]));
        }
        foreach (var wanted in new[] { "print", "sign-in", "lang-toggle", "map", "leaflet-control-zoom-in", "map-legend", "legend-cat-school", "circle-select", "village-search" })
            Assert.Contains(stops, s => s.Key == wanted || s.Key.Split(' ').Contains(wanted) || (wanted == "map-legend" && s.Key == "SUMMARY"));
        Assert.All(stops, s => Assert.False(string.IsNullOrWhiteSpace(s.Name), $"{s.Key} has no name"));
        Assert.All(stops, s => Assert.False(s.Outline.StartsWith("none") || s.Outline.EndsWith(" 0px"), $"{s.Key} shows no focus ring ({s.Outline})"));
        await page.FocusAsync("#legend-cat-school");
        await page.Keyboard.PressAsync("Space");
        Assert.True(await page.IsCheckedAsync("#legend-cat-school"));
        await tab.ScreenshotAsync("29-keyboard-focus-1400x900");
        Assert.Empty(tab.Errors);
    }

    static async Task TabToAsync(IPage page, string id)
    {
        for (int i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''") == id) return;
        }
        Assert.Fail($"#{id} cannot be reached with Tab");
    }
}
