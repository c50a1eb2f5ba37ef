using System.Net;
using System.Text.Json;
using Coverage.Server.Tests.Support;

namespace Coverage.Server.Tests;

/// <summary>GET /api/scenarios/{a}/compare/{b}: scenario B against A per circle and per town, checked against the what-if of B's edits.</summary>
public abstract partial class ApiContract
{
    static double D(JsonElement e, string name) => e.GetProperty(name).GetDouble();

    [Fact]
    public async Task Comparing_a_scenario_with_the_base_gives_per_town_what_its_what_if_gives()
    {
        var planner = await Server.PlannerAsync("compare-" + Guid.NewGuid().ToString("N")[..6]);
        var removed = DemoTables.Prop(DemoTables.Facilities().First(f => DemoTables.Prop(f, "category") == "culture"), "id");
        var add = new[] { new { category = "culture", geometry = new { type = "Point", coordinates = new[] { InRegion.Lon, InRegion.Lat } } } };
        var scenario = await JsonOf(await planner.PostAsync("/api/scenarios", CoverageServer.Json(new { name = "对比方案", add, remove = new[] { removed } })), HttpStatusCode.Created);
        var id = scenario.GetProperty("id").GetString();

        var compared = await JsonOf(await Anonymous.GetAsync($"/api/scenarios/base/compare/{id}?circle=culture-10"));
        Assert.Equal(("base", id), (compared.GetProperty("a").GetProperty("id").GetString(), compared.GetProperty("b").GetProperty("id").GetString()));
        var circle = Assert.Single(compared.GetProperty("circles").EnumerateArray());
        var whatIf = await JsonOf(await Anonymous.PostAsync("/api/whatif", CoverageServer.Json(new { circle = "culture-10", add, remove = new[] { removed } })));
        var county = circle.GetProperty("county");
        Assert.Equal(D(whatIf, "deltaPopulation"), D(county, "population"), 6);
        Assert.Equal(D(whatIf, "deltaElderly"), D(county, "elderly"), 6);
        Assert.Equal(D(whatIf.GetProperty("before"), "coveredPopulation"), D(county, "populationA"), 6);
        Assert.Equal(whatIf.GetProperty("after").GetProperty("covered").GetInt32(), county.GetProperty("settlementsB").GetInt32());
        var towns = circle.GetProperty("towns").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        foreach (var t in whatIf.GetProperty("towns").EnumerateArray())
        {
            var delta = towns[t.GetProperty("town").GetString()!];
            Assert.Equal(D(t.GetProperty("after"), "coveredPopulation") - D(t.GetProperty("before"), "coveredPopulation"), D(delta, "population"), 6);
        }

        // Swapping the two negates every change; a scenario against itself changes nothing.
        var back = Assert.Single((await JsonOf(await Anonymous.GetAsync($"/api/scenarios/{id}/compare/base?circle=culture-10"))).GetProperty("circles").EnumerateArray());
        Assert.Equal(-D(county, "population"), D(back.GetProperty("county"), "population"), 6);
        var same = Assert.Single((await JsonOf(await Anonymous.GetAsync($"/api/scenarios/{id}/compare/{id}?circle=culture-10"))).GetProperty("circles").EnumerateArray());
        Assert.All(same.GetProperty("towns").EnumerateArray().Append(same.GetProperty("county")), t => Assert.Equal(0, D(t, "population")));
        Assert.Equal(HttpStatusCode.NoContent, (await planner.DeleteAsync($"/api/scenarios/{id}")).StatusCode);
    }

    [Fact]
    public async Task Comparing_with_an_unknown_scenario_or_circle_is_404()
    {
        var problem = await Problem.ReadAsync(await Anonymous.GetAsync("/api/scenarios/base/compare/no-such?circle=culture-10"), HttpStatusCode.NotFound);
        Assert.Contains("'base'", problem.Detail);
        await Problem.ReadAsync(await Anonymous.GetAsync("/api/scenarios/base/compare/base?circle=no-such"), HttpStatusCode.NotFound);
    }
}
