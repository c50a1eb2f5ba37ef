using System.Net;
using System.Text.Json;
using Coverage.Server.Tests.Support;

namespace Coverage.Server.Tests;

/// <summary>
/// GET /api/map/* on the demo region (its 795 settlements are clustered with maxFeatures=0) (issue 14 item 5): the clusters of a view holding the county count each place once
/// with the coverage answer's statuses; a small view gives the coverage answer's own features; the facility view lists
/// exactly the facilities /api/facilities lists in the box; the ETag answers 304; bad arguments are bilingual 400s.
/// </summary>
public sealed class MapViewApiTests(GeoPackageServerFixture fixture) : IClassFixture<GeoPackageServerFixture>
{
    const string County = "119,30,122,32";
    readonly HttpClient _client = fixture.Server.CreateClient();

    Task<JsonElement> Json(string url) => _client.GetOkJsonAsync(url);

    [Theory]
    [InlineData("elderly-15", 10)]
    [InlineData("park-10", 12)]
    public async Task Clusters_of_the_whole_county_count_every_place_by_the_circles_status(string circle, int zoom)
    {
        var features = (await Json($"/api/coverage/{circle}")).GetProperty("settlements").GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties")).Where(p => p.GetProperty("naturalVillages").GetInt32() == 0).ToList();
        var view = await Json($"/api/map/settlements?circle={circle}&bbox={County}&zoom={zoom}&maxFeatures=0");
        Assert.Equal("clusters", view.GetProperty("mode").GetString());
        var clusters = view.GetProperty("clusters").EnumerateArray().ToList();
        foreach (var (field, status) in new[] { ("covered", "covered"), ("partly", "partly"), ("uncovered", "uncovered") })
            Assert.Equal(features.Count(p => p.GetProperty("status").GetString() == status), clusters.Sum(c => c.GetProperty(field).GetInt32()));
        Assert.Equal(features.Count, clusters.Sum(c => c.GetProperty("count").GetInt32()));
        Assert.True(clusters.Count > 1 && clusters.Count < features.Count, $"{clusters.Count} clusters");
    }

    [Fact]
    public async Task A_small_view_is_the_coverage_answers_features_and_the_facility_view_the_layers()
    {
        var coverage = (await Json("/api/coverage/elderly-15")).GetProperty("settlements").GetProperty("features").EnumerateArray()
            .ToDictionary(f => f.GetProperty("properties").GetProperty("id").GetString()!, f => f.GetProperty("properties").GetProperty("status").GetString());
        const string box = "120.55,30.95,120.65,31.02";
        var view = await Json($"/api/map/settlements?circle=elderly-15&bbox={box}&zoom=14");
        Assert.Equal("features", view.GetProperty("mode").GetString());
        var drawn = view.GetProperty("features").GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        Assert.NotEmpty(drawn);
        foreach (var p in drawn) Assert.Equal(coverage[p.GetProperty("id").GetString()!], p.GetProperty("status").GetString());

        var layer = (await Json($"/api/facilities?category=school&bbox={box}")).GetProperty("features").EnumerateArray()
            .Where(f => f.GetProperty("geometry").GetProperty("type").GetString() == "Point")
            .Select(f => f.GetProperty("properties").GetProperty("id").GetString()).Order().ToList();
        var facilities = await Json($"/api/map/facilities?category=school&bbox={box}&zoom=14");
        Assert.Equal(layer, facilities.GetProperty("features").GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").GetProperty("id").GetString()).Order().ToList());
    }

    [Fact]
    public async Task The_same_view_of_the_same_plan_answers_304()
    {
        var url = $"/api/map/settlements?circle=elderly-15&bbox={County}&zoom=9";
        var first = await _client.GetAsync(url);
        var tag = first.Headers.ETag;
        Assert.NotNull(tag);
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(tag!);
        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(again)).StatusCode);
    }

    [Theory]
    [InlineData("/api/map/settlements?bbox=119,30,122,32&zoom=9", "circle")]
    [InlineData("/api/map/settlements?circle=elderly-15&zoom=9", "bbox")]
    [InlineData("/api/map/settlements?circle=elderly-15&bbox=119,30,122,32&zoom=NaN", "zoom")]
    [InlineData("/api/map/facilities?bbox=119,30,122,32&zoom=40", "zoom")]
    [InlineData("/api/coverage/elderly-15/uncovered?limit=0", "limit")]
    [InlineData("/api/map/facilities?bbox=119,30,122,32&zoom=9&maxFeatures=2001", "maxFeatures")]
    [InlineData("/api/coverage/elderly-15?settlements=maybe", "settlements")]
    public async Task Bad_arguments_are_bilingual_400s_naming_the_parameter(string url, string name)
    {
        var response = await _client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(name, body);
        Assert.Matches("[\u4e00-\u9fff]", body);
    }
}
