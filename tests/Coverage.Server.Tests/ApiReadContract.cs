using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Coverage.Server.Tests.Support;
using Coverage.Storage.Import;
using static Coverage.Server.Tests.Support.DemoTables;

namespace Coverage.Server.Tests;

/// <summary>
/// The HTTP API as docs/API.md specifies it, on the committed demo region, run over each store. Read tests use the
/// school category and the culture-10 circle, which the write tests never touch.
/// </summary>
public abstract partial class ApiContract(CoverageServer server)
{
    protected CoverageServer Server { get; } = server;
    protected HttpClient Anonymous { get; } = server.CreateClient();

    protected static async Task<JsonElement> JsonOf(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    protected static List<JsonElement> FeaturesOf(JsonElement collection)
    {
        Assert.Equal("FeatureCollection", collection.GetProperty("type").GetString());
        return collection.GetProperty("features").EnumerateArray().ToList();
    }

    protected static string P(JsonElement feature, string name) => feature.GetProperty("properties").GetProperty(name).GetString()!;

    [Fact]
    public async Task Every_demo_facility_is_served_with_the_properties_of_its_table_row()
    {
        var served = FeaturesOf(await JsonOf(await Anonymous.GetAsync("/api/facilities"))).ToDictionary(f => P(f, "id"));
        foreach (var row in Facilities())
        {
            Assert.True(served.TryGetValue(Prop(row, "id"), out var f), $"facility {Prop(row, "id")} missing");
            foreach (var key in new[] { "name", "category", "kind", "status", "town" }) Assert.Equal(Prop(row, key), P(f, key));
            Assert.Equal(FirstPosition(row), FirstPosition(f));
        }
    }

    [Fact]
    public async Task Category_and_bbox_filters_equal_a_brute_force_selection_of_the_table()
    {
        var (w, s, e, n) = (120.55, 30.95, 120.65, 31.05);
        var expected = Facilities().Where(f => Prop(f, "category") == "school")
            .Where(f => FirstPosition(f) is var (lon, lat) && lon >= w && lon <= e && lat >= s && lat <= n)
            .Select(f => Prop(f, "id")).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        var served = FeaturesOf(await JsonOf(await Anonymous.GetAsync($"/api/facilities?category=school&bbox={w},{s},{e},{n}")))
            .Select(f => P(f, "id")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, served);
    }

    [Fact]
    public async Task Settlements_of_a_town_are_the_rows_of_that_town()
    {
        var rows = Settlements();
        var town = Prop(rows[0], "town");
        var expected = rows.Where(r => Prop(r, "town") == town).Select(r => Prop(r, "id")).Order(StringComparer.Ordinal).ToList();
        var served = FeaturesOf(await JsonOf(await Anonymous.GetAsync($"/api/settlements?town={Uri.EscapeDataString(town)}")))
            .Select(f => P(f, "id")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, served);
    }

    [Theory]
    [InlineData("/api/facilities?category=zoo", "category")]
    [InlineData("/api/facilities?status=demolished", "status")]
    [InlineData("/api/facilities?bbox=120,31,121", "bbox")]
    [InlineData("/api/facilities?bbox=121,31,120,32", "bbox")]
    [InlineData("/api/settlements?kind=city", "kind")]
    [InlineData("/api/isochrones?facility=x&minutes=abc", "minutes")]
    [InlineData("/api/isochrones?lon=120.6&lat=31&profile=runner", "profile")]
    [InlineData("/api/isochrones?lon=200&lat=31", "coordinates")]
    [InlineData("/api/isochrones?lon=0&lat=0", "coordinates")]
    [InlineData("/api/reports/culture-10?format=pdf", "format")]
    [InlineData("/api/indicators?format=pdf", "format")]
    [InlineData("/api/indicators?format=csv&table=nope", "table")]
    [InlineData("/api/network/lines?maxLines=0", "maxLines")]
    public async Task A_bad_query_parameter_is_a_400_naming_it(string url, string field)
    {
        var problem = await Problem.ReadAsync(await Anonymous.GetAsync(url), HttpStatusCode.BadRequest);
        Assert.Contains(problem.Errors, e => e.Field == field);
    }

    [Theory]
    [InlineData("/api/facilities/no-such-facility")]
    [InlineData("/api/settlements/no-such-settlement")]
    [InlineData("/api/scenarios/no-such-scenario")]
    [InlineData("/api/coverage/no-such-circle")]
    [InlineData("/api/coverage/no-such-circle/uncovered")]
    [InlineData("/api/reports/no-such-circle")]
    [InlineData("/api/isochrones?facility=no-such-facility")]
    [InlineData("/api/scenarios/no-such-scenario/coverage/culture-10")]
    [InlineData("/api/no-such-endpoint")]
    public async Task An_unknown_id_is_a_404_problem(string url) =>
        await Problem.ReadAsync(await Anonymous.GetAsync(url), HttpStatusCode.NotFound);

    [Fact]
    public async Task Health_reports_the_store_and_the_network()
    {
        var health = await JsonOf(await Anonymous.GetAsync("/api/health"));
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(Server.StoreSpec.StartsWith("gpkg:") ? "geopackage" : "postgis", health.GetProperty("store").GetProperty("kind").GetString());
        Assert.Equal(Server.Region.Graph.NodeCount, health.GetProperty("network").GetProperty("nodes").GetInt32());
        Assert.True(health.GetProperty("network").GetProperty("synthetic").GetBoolean());

        // Circles of the plan in memory that are computed: after asking one, at least that one, of the store's circles.
        await JsonOf(await Anonymous.GetAsync("/api/coverage/culture-10?settlements=false"));
        var circles = (await JsonOf(await Anonymous.GetAsync("/api/health"))).GetProperty("circles");
        var known = (await JsonOf(await Anonymous.GetAsync("/api/circles"))).GetArrayLength();
        Assert.Equal(known, circles.GetProperty("of").GetInt32());
        Assert.InRange(circles.GetProperty("computed").GetInt32(), 1, known);
    }

    [Fact]
    public async Task Region_lists_the_nine_demo_towns_and_a_bbox_holding_every_facility()
    {
        var region = await JsonOf(await Anonymous.GetAsync("/api/region"));
        Assert.True(region.GetProperty("synthetic").GetBoolean());
        var towns = region.GetProperty("towns").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Equal(Settlements().Select(s => Prop(s, "town")).Distinct().Order(StringComparer.Ordinal), towns);
        var b = region.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.All(Facilities().Select(FirstPosition), p => Assert.True(p.Lon >= b[0] - 0.05 && p.Lon <= b[2] + 0.05 && p.Lat >= b[1] - 0.05 && p.Lat <= b[3] + 0.05));
        Assert.Equal(["adult", "elderly"], region.GetProperty("profiles").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Categories_and_circles_are_the_seeds()
    {
        var seeds = SeedDirectory.LoadFrom(SeedDirectory.Find());
        var categories = await JsonOf(await Anonymous.GetAsync("/api/categories"));
        Assert.Equal(seeds.Categories.Select(c => c.Id), categories.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        var circles = await JsonOf(await Anonymous.GetAsync("/api/circles"));
        Assert.Equal(seeds.Circles.Select(c => c.Id).Order(StringComparer.Ordinal),
            circles.EnumerateArray().Select(c => c.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(circles.EnumerateArray(), c => Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("policySource").GetString())));
    }

    [Fact]
    public async Task Coverage_counts_agree_between_county_towns_settlements_and_the_uncovered_list()
    {
        var coverage = await JsonOf(await Anonymous.GetAsync("/api/coverage/culture-10"));
        var county = coverage.GetProperty("county");
        var rows = FeaturesOf(coverage.GetProperty("settlements"));
        Assert.Equal(Settlements().Count, rows.Count);
        // An administrative village with natural villages is their roll-up: its places are counted once, as natural villages.
        var rollUps = Settlements().Select(r => r.GetProperty("properties").GetProperty("parent_id").GetString()).OfType<string>().ToHashSet();
        var places = rows.Where(r => !rollUps.Contains(P(r, "id"))).ToList();
        Assert.Equal(places.Count, county.GetProperty("settlements").GetInt32());
        foreach (var status in new[] { "covered", "partly", "uncovered" })
        {
            Assert.Equal(places.Count(r => P(r, "status") == status), county.GetProperty(status).GetInt32());
            Assert.Equal(county.GetProperty(status).GetInt32(), coverage.GetProperty("towns").EnumerateArray().Sum(t => t.GetProperty(status).GetInt32()));
        }
        Assert.True(county.GetProperty("covered").GetInt32() > 0 && county.GetProperty("uncovered").GetInt32() > 0, "the demo has gaps by design");
        // A covered settlement's nearest facility is a culture facility of the table.
        var culture = Facilities().Where(f => Prop(f, "category") == "culture").Select(f => Prop(f, "id")).ToHashSet();
        Assert.All(rows.Where(r => P(r, "status") == "covered"), r => Assert.Contains(P(r, "nearestFacilityId"), culture));

        // The uncovered list counts each person once: places not covered, plus the remainders of roll-ups (an administrative
        // village's people in none of its natural villages: the table's figure minus its natural villages').
        var uncovered = (await JsonOf(await Anonymous.GetAsync("/api/coverage/culture-10/uncovered"))).EnumerateArray().ToList();
        Assert.Equal(places.Where(r => P(r, "status") != "covered").Select(r => P(r, "id")).Order(StringComparer.Ordinal),
            uncovered.Where(u => !u.GetProperty("remainder").GetBoolean()).Select(u => u.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        var table = Settlements().ToDictionary(r => Prop(r, "id"));
        double People(JsonElement r) => r.GetProperty("properties").GetProperty("population").GetDouble();
        foreach (var rest in uncovered.Where(u => u.GetProperty("remainder").GetBoolean()))
        {
            var id = rest.GetProperty("id").GetString()!;
            Assert.Contains(id, rollUps);
            double expected = People(table[id]) - Settlements().Where(r => r.GetProperty("properties").GetProperty("parent_id").GetString() == id).Sum(People);
            Assert.Equal(expected, rest.GetProperty("population").GetDouble(), 6);
        }
        Assert.True(uncovered.Sum(u => u.GetProperty("population").GetDouble()) <= county.GetProperty("population").GetDouble() + 1e-6);
        var worst = uncovered.Select(u => u.GetProperty("uncoveredDemand").GetDouble()).ToList();
        Assert.Equal(worst.OrderDescending(), worst);

        // limit=N (the page at scale): the first N rows of the whole list, as they are there, and the whole list's count.
        var firstFive = await Anonymous.GetAsync("/api/coverage/culture-10/uncovered?limit=5");
        Assert.Equal(uncovered.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), firstFive.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(uncovered.Take(5).Select(u => u.GetRawText()), (await JsonOf(firstFive)).EnumerateArray().Select(u => u.GetRawText()));
    }

    [Fact]
    public async Task Isochrone_of_a_facility_has_nested_bands_from_zero()
    {
        var facility = Prop(Facilities().First(f => Prop(f, "category") == "school"), "id");
        var bands = FeaturesOf(await JsonOf(await Anonymous.GetAsync($"/api/isochrones?facility={facility}&minutes=15,5,10")));
        Assert.Equal([5.0, 10.0, 15.0], bands.Select(b => b.GetProperty("properties").GetProperty("minutes").GetDouble()));
        Assert.Equal([0.0, 5.0, 10.0], bands.Select(b => b.GetProperty("properties").GetProperty("fromMinutes").GetDouble()));
        Assert.All(bands, b => Assert.Contains(b.GetProperty("geometry").GetProperty("type").GetString(), new[] { "Polygon", "MultiPolygon" }));
        // The edge's tolerance: the diagonal of the 10 m contouring cell.
        Assert.All(bands, b => Assert.Equal(14.1, b.GetProperty("properties").GetProperty("toleranceM").GetDouble()));
    }

    [Fact]
    public async Task Adding_a_culture_facility_at_an_uncovered_hamlet_brings_it_closer_and_stores_nothing()
    {
        var coverage = await JsonOf(await Anonymous.GetAsync("/api/coverage/culture-10"));
        var hamlet = FeaturesOf(coverage.GetProperty("settlements"))
            .First(r => P(r, "status") == "uncovered" && P(r, "kind") == "natural_village"
                && r.GetProperty("properties").GetProperty("minutes").ValueKind == JsonValueKind.Number);
        var (lon, lat) = FirstPosition(hamlet);
        var before = (await (await Server.StoreAsync()).PingAsync()).Counts;
        var result = await JsonOf(await Anonymous.PostAsync("/api/whatif", CoverageServer.Json(new
        {
            circle = "culture-10",
            add = new[] { new { category = "culture", kind = "cultural-hall", geometry = new { type = "Point", coordinates = new[] { lon, lat } } } },
        })));
        var change = result.GetProperty("changed").EnumerateArray().Single(c => c.GetProperty("id").GetString() == P(hamlet, "id"));
        Assert.True(change.GetProperty("minutesAfter").GetDouble() < change.GetProperty("minutesBefore").GetDouble());
        double coveredBefore = result.GetProperty("before").GetProperty("coveredPopulation").GetDouble();
        double coveredAfter = result.GetProperty("after").GetProperty("coveredPopulation").GetDouble();
        Assert.Equal(coveredAfter - coveredBefore, result.GetProperty("deltaPopulation").GetDouble(), 6);
        Assert.True(result.GetProperty("deltaPopulation").GetDouble() > 0);
        Assert.Equal(before, (await (await Server.StoreAsync()).PingAsync()).Counts);
    }

    [Theory]
    [InlineData("html", "text/html")]
    [InlineData("csv", "text/csv")]
    [InlineData("geojson", "application/geo+json")]
    [InlineData("gpkg", "application/geopackage+sqlite3")]
    [InlineData("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    public async Task Reports_download_as_attachments(string format, string contentType)
    {
        var response = await Anonymous.GetAsync($"/api/reports/culture-10?format={format}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"coverage-culture-10.{format}", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 1000);
    }

    [Fact]
    public async Task OpenApi_document_lists_the_endpoints_and_the_api_page_reads_it()
    {
        var doc = await JsonOf(await Anonymous.GetAsync("/openapi/v1.json"));
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[] { "/api/facilities", "/api/coverage/{circleId}", "/api/isochrones", "/api/whatif", "/api/health" })
            Assert.Contains(path, paths);
        var page = await Anonymous.GetStringAsync("/api");
        Assert.Contains("/openapi/v1.json", page);
        Assert.DoesNotContain("https://", page); // no CDN
    }
}
