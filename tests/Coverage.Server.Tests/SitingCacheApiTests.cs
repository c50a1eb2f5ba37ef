using System.Net;
using System.Text.Json;
using Coverage.Analysis.Siting;
using Coverage.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Coverage.Server.Tests;

/// <summary>Its own server: the test below edits the plan.</summary>
public sealed class SitingCacheServerFixture : ServerFixture
{
    protected override CoverageServer Create() => CoverageServer.OnGeoPackage(new() { ["Coverage:RateLimit:PermitsPerWindow"] = "1000" });
}

/// <summary>
/// POST /api/siting prepares a circle's reach sets once per plan version and candidate set (every k shares them), and a
/// plan edit is never answered from the old version's instance.
/// </summary>
public sealed class SitingCacheApiTests(SitingCacheServerFixture fixture) : IClassFixture<SitingCacheServerFixture>
{
    const string Circle = "elderly-15";
    CoverageServer Server => fixture.Server;

    static async Task<JsonElement> JsonOf(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    static double N(JsonElement e, string name) => e.GetProperty(name).GetDouble();

    static List<(double Lon, double Lat)> Points(JsonElement answer) => answer.GetProperty("proposals").GetProperty("features").EnumerateArray()
        .Select(p => p.GetProperty("geometry").GetProperty("coordinates")).Select(c => (c[0].GetDouble(), c[1].GetDouble())).ToList();

    [Fact]
    public async Task Every_k_shares_one_preparation_until_an_elderly_facility_is_built_at_the_best_site()
    {
        var planner = await Server.PlannerAsync("siting-cache");
        var cache = Server.Services.GetRequiredService<SitingInstanceCache>();
        async Task<JsonElement> Site(int k) =>
            await JsonOf(await planner.PostAsync("/api/siting", CoverageServer.Json(new { circle = Circle, @new = k, spacing = 300, timeLimitSeconds = 10 })));

        var (hits, misses) = cache.Counts;
        var three = await Site(3);
        var five = await Site(5);
        Assert.Equal((hits + 1, misses + 1), cache.Counts); // k = 5 reused k = 3's reach sets
        Assert.Equal(N(three, "modelColumns"), N(five, "modelColumns"));
        Assert.True(N(five.GetProperty("solver"), "objective") >= N(three.GetProperty("solver"), "objective"));

        // The plan edit: an existing elderly centre where the best site of k = 3 was proposed.
        var best = Points(three)[0];
        var firstGain = N(three.GetProperty("proposals").GetProperty("features")[0].GetProperty("properties"), "newlyCovered");
        await JsonOf(await planner.PostAsync("/api/facilities", CoverageServer.Json(new
        {
            type = "Feature",
            geometry = new { type = "Point", coordinates = new[] { best.Lon, best.Lat } },
            properties = new { name = "新建养老服务中心", category = "elderly", kind = "elderly-service-centre", status = "existing" },
        })), HttpStatusCode.Created);

        var again = await Site(3);
        Assert.Equal(misses + 2, cache.Counts.Misses); // prepared again on the new plan version
        Assert.Equal(N(three, "baseFacilities") + 1, N(again, "baseFacilities"));
        // The base now holds what the built site newly covered (its coordinates are rounded for the answer: a little slack).
        Assert.Equal(N(three, "baseCoveredDemand") + firstGain, N(again, "baseCoveredDemand"), 0.02 * firstGain + 1);
        Assert.DoesNotContain(Points(again), p => Math.Abs(p.Lon - best.Lon) < 1e-6 && Math.Abs(p.Lat - best.Lat) < 1e-6);
    }
}
