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
        Assert.Equal(HttpStatusCode.NoContent, (await planner.DeleteCurrentAsync($"/api/scenarios/{id}")).StatusCode);
    }

    /// <summary>The four figures a comparison counts, per area of a coverage answer: villages and places fully covered,
    /// people and demand covered.</summary>
    static (int Villages, int Places, double People, double Demand) Counted(JsonElement area) =>
        (area.GetProperty("villages").GetProperty("covered").GetInt32(), area.GetProperty("covered").GetInt32(), D(area, "coveredPopulation"),
            D(area, "coveredDemand"));

    static void SameDifference((int Villages, int Places, double People, double Demand) a, (int Villages, int Places, double People, double Demand) b,
        JsonElement delta)
    {
        var (gained, lost) = (delta.GetProperty("gained"), delta.GetProperty("lost"));
        Assert.Equal(b.Villages - a.Villages, delta.GetProperty("villages").GetInt32());
        Assert.Equal(b.Villages - a.Villages, gained.GetProperty("villages").GetInt32() - lost.GetProperty("villages").GetInt32());
        Assert.Equal(b.Places - a.Places, delta.GetProperty("settlements").GetInt32());
        Assert.Equal(b.Places - a.Places, gained.GetProperty("places").GetInt32() - lost.GetProperty("places").GetInt32());
        Assert.Equal(b.People - a.People, D(delta, "population"), 6);
        Assert.Equal(b.People - a.People, D(gained, "population") - D(lost, "population"), 6);
        Assert.Equal(b.Demand - a.Demand, D(delta, "demand"), 6);
        Assert.Equal(b.Demand - a.Demand, D(gained, "demand") - D(lost, "demand"), 6);
    }

    [Fact]
    public async Task The_current_plan_against_a_scenario_is_the_coverage_answer_minus_the_scenarios_per_circle_and_town()
    {
        var planner = await Server.PlannerAsync("compare-" + Guid.NewGuid().ToString("N")[..6]);
        // Remove the culture station that covers the most people and add one elsewhere: the scenario gains some places and loses others.
        var before = await JsonOf(await Anonymous.GetAsync("/api/coverage/culture-10"));
        var busiest = FeaturesOf(before.GetProperty("settlements")).Where(f => P(f, "status") == "covered" && f.GetProperty("properties").GetProperty("nearestFacilityId").ValueKind == JsonValueKind.String)
            .GroupBy(f => P(f, "nearestFacilityId")).OrderByDescending(g => g.Count()).First().Key;
        var add = new[] { new { category = "culture", geometry = new { type = "Point", coordinates = new[] { InRegion.Lon, InRegion.Lat } } } };
        var id = (await JsonOf(await planner.PostAsync("/api/scenarios", CoverageServer.Json(new { name = "撤一建一", add, remove = new[] { busiest } })),
            HttpStatusCode.Created)).GetProperty("id").GetString();

        var compared = await JsonOf(await Anonymous.GetAsync($"/api/scenarios/{id}/compare/current?circle=culture-10"));
        Assert.Equal(("current", true, false), (compared.GetProperty("b").GetProperty("id").GetString(), compared.GetProperty("b").GetProperty("current").GetBoolean(),
            compared.GetProperty("a").GetProperty("current").GetBoolean()));
        var circle = Assert.Single(compared.GetProperty("circles").EnumerateArray());
        Assert.Equal(before.GetProperty("county").GetProperty("demandUnit").GetProperty("zh").GetString(), circle.GetProperty("demandUnit").GetProperty("zh").GetString());

        // Oracle: the two coverage answers, subtracted here. B = the plan as it is (/api/coverage), A = the scenario's.
        var current = await JsonOf(await Anonymous.GetAsync("/api/coverage/culture-10"));
        var scenario = await JsonOf(await Anonymous.GetAsync($"/api/scenarios/{id}/coverage/culture-10"));
        SameDifference(Counted(scenario.GetProperty("after")), Counted(current.GetProperty("county")), circle.GetProperty("county"));
        var towns = circle.GetProperty("towns").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        var scenarioTowns = scenario.GetProperty("towns").EnumerateArray().ToDictionary(t => t.GetProperty("town").GetString()!, t => t.GetProperty("after"));
        foreach (var town in current.GetProperty("towns").EnumerateArray())
        {
            var name = town.GetProperty("name").GetString()!;
            SameDifference(Counted(scenarioTowns[name]), Counted(town), towns[name]);
        }
        Assert.Equal(current.GetProperty("towns").GetArrayLength(), towns.Count);

        // The places drawn as gained by the plan are those the scenario's what-if newly uncovers, and the other way round.
        static HashSet<string> Ids(JsonElement rows, bool places) => rows.EnumerateArray()
            .Where(r => places ? !r.TryGetProperty("remainder", out var rem) || !rem.GetBoolean() : true)
            .Where(r => !places || !r.TryGetProperty("place", out var p) || p.GetBoolean())
            .Select(r => r.GetProperty("id").GetString()!).ToHashSet();
        var gained = Ids(circle.GetProperty("gained"), places: true);
        var lost = Ids(circle.GetProperty("lost"), places: true);
        Assert.Equal(Ids(scenario.GetProperty("newlyUncovered"), places: true).Order(), gained.Order());
        Assert.Equal(Ids(scenario.GetProperty("newlyCovered"), places: true).Order(), lost.Order());
        Assert.True(gained.Count + lost.Count > 0, "the scenario changed nobody's coverage: the test checks nothing");
        Assert.Equal(HttpStatusCode.NoContent, (await planner.DeleteCurrentAsync($"/api/scenarios/{id}")).StatusCode);
    }

    [Fact]
    public async Task Comparing_with_an_unknown_scenario_or_circle_is_404()
    {
        var problem = await Problem.ReadAsync(await Anonymous.GetAsync("/api/scenarios/base/compare/no-such?circle=culture-10"), HttpStatusCode.NotFound);
        Assert.Contains("'current'", problem.Detail);
        await Problem.ReadAsync(await Anonymous.GetAsync("/api/scenarios/base/compare/base?circle=no-such"), HttpStatusCode.NotFound);
    }
}
