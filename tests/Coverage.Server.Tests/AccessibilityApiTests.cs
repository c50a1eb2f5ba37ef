using System.Net;
using System.Text.Json;
using Coverage.Server.Tests.Support;

namespace Coverage.Server.Tests;

/// <summary>
/// GET /api/accessibility on the demo region: covered demand is the coverage answer's, capacities are the facility
/// layer's, 2SFCA conserves supply (Σ demand × accessibility = Σ capacity of facilities with demand in reach), served
/// never exceeds covered or capacity; bad arguments are bilingual 400s.
/// </summary>
public sealed class AccessibilityApiTests(GeoPackageServerFixture fixture) : IClassFixture<GeoPackageServerFixture>
{
    readonly HttpClient _client = fixture.Server.CreateClient();

    Task<JsonElement> Json(string url) => _client.GetOkJsonAsync(url);

    [Theory]
    [InlineData("2sfca")]
    [InlineData("e2sfca")]
    public async Task Accessibility_agrees_with_coverage_and_the_facility_layer(string method)
    {
        var a = await Json($"/api/accessibility?circle=elderly-15&method={method}");
        Assert.Equal(method, a.GetProperty("method").GetProperty("id").GetString());
        Assert.Equal("床位/千老年人(60+)", a.GetProperty("accessibilityUnit").GetProperty("zh").GetString());

        var coverage = (await Json("/api/coverage/elderly-15")).GetProperty("settlements").GetProperty("features").EnumerateArray()
            .ToDictionary(f => f.GetProperty("properties").GetProperty("id").GetString()!, f => f.GetProperty("properties").GetProperty("coveredDemand").GetDouble());
        var rows = a.GetProperty("settlements").EnumerateArray().ToList();
        Assert.Equal(coverage.Keys.Order(), rows.Select(r => r.GetProperty("id").GetString()!).Order());
        foreach (var r in rows)
        {
            var id = r.GetProperty("id").GetString()!;
            Assert.True(Math.Abs(coverage[id] - r.GetProperty("coveredDemand").GetDouble()) <= 0.011, $"{id} covered");
            Assert.True(r.GetProperty("servedDemand").GetDouble() <= r.GetProperty("coveredDemand").GetDouble() + 0.011, $"{id} served > covered");
        }

        var layer = (await Json("/api/facilities?category=elderly")).GetProperty("features").EnumerateArray()
            .ToDictionary(f => f.GetProperty("properties").GetProperty("id").GetString() ?? f.GetProperty("id").GetString()!, f => f.GetProperty("properties"));
        var facilities = a.GetProperty("facilities").EnumerateArray().ToList();
        Assert.NotEmpty(facilities);
        foreach (var f in facilities)
        {
            var id = f.GetProperty("id").GetString()!;
            Assert.Equal(layer[id].GetProperty("capacity").GetInt32(), f.GetProperty("capacity").GetInt32());
            Assert.True(f.GetProperty("assigned").GetDouble() <= f.GetProperty("capacity").GetInt32() + 0.011, $"{id} over capacity");
        }
        var county = a.GetProperty("county");
        Assert.Equal(facilities.Sum(f => f.GetProperty("assigned").GetDouble()), county.GetProperty("servedDemand").GetDouble(), 0.5);
        Assert.True(county.GetProperty("servedDemand").GetDouble() < county.GetProperty("coveredDemand").GetDouble());
        if (method == "2sfca")
        {
            double supply = facilities.Where(f => f.GetProperty("ratioPerThousand").ValueKind != JsonValueKind.Null).Sum(f => f.GetProperty("capacity").GetDouble());
            double reached = county.GetProperty("demand").GetDouble() * county.GetProperty("perThousand").GetDouble() / 1000;
            Assert.Equal(supply, reached, supply * 1e-3);
        }
    }

    [Theory]
    [InlineData("/api/accessibility?circle=elderly-15&method=3sfca", "method")]
    [InlineData("/api/accessibility?method=2sfca", "circle")]
    [InlineData("/api/accessibility?circle=nowhere", "circle")]
    public async Task Bad_arguments_are_bilingual_problems_naming_the_argument(string url, string field)
    {
        var p = await Problem.ReadAsync(await _client.GetAsync(url), HttpStatusCode.BadRequest);
        Assert.Contains(p.Errors, e => e.Field == field);
    }

    [Fact]
    public async Task The_endpoint_is_in_the_OpenAPI_document()
    {
        var doc = await Json("/openapi/v1.json");
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/accessibility", out var path));
        var parameters = path.GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("circle", parameters);
        Assert.Contains("method", parameters);
    }

    [Fact]
    public async Task A_composite_circle_is_refused_with_a_bilingual_problem()
    {
        var p = await Problem.ReadAsync(await _client.GetAsync("/api/accessibility?circle=life-15"), HttpStatusCode.BadRequest);
        Assert.Contains("最近设施", p.DetailZh);
    }
}
