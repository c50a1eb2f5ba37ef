using System.Net;
using System.Text.Json;
using Coverage.Server.Tests.Support;
using static Coverage.Server.Tests.Support.DemoTables;

namespace Coverage.Server.Tests;

/// <summary>A server for the siting tests: the what-if oracle calls many times, so the per-client limit is raised.</summary>
public sealed class SitingServerFixture : ServerFixture
{
    protected override CoverageServer Create() => CoverageServer.OnGeoPackage(new() { ["Coverage:RateLimit:PermitsPerWindow"] = "1000" });
}

/// <summary>
/// POST /api/siting and /api/siting/trails on the demo county, checked against the what-if endpoint (an independent search
/// from the added sites): what the proposals say they newly cover is what the what-if of those sites reports.
/// </summary>
public sealed class SitingApiTests(SitingServerFixture fixture) : IClassFixture<SitingServerFixture>
{
    const string Circle = "elderly-15";
    /// <summary>Siting weighs demand in centi-people per sample point; the what-if sums exact shares.</summary>
    const double RoundingPeople = 1.0;
    CoverageServer Server => fixture.Server;

    static async Task<JsonElement> JsonOf(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    async Task<JsonElement> SiteAsync(object body) =>
        await JsonOf(await (await Server.PlannerAsync("siting-" + Guid.NewGuid().ToString("N")[..6])).PostAsync("/api/siting", CoverageServer.Json(body)));

    static List<JsonElement> Proposals(JsonElement answer) => answer.GetProperty("proposals").GetProperty("features").EnumerateArray().ToList();

    static IEnumerable<JsonElement> Villages(JsonElement proposal) => proposal.GetProperty("properties").GetProperty("settlements").EnumerateArray();

    static double N(JsonElement e, string name) => e.GetProperty(name).GetDouble();

    static object Site(double lon, double lat) => new { category = "elderly", geometry = new { type = "Point", coordinates = new[] { lon, lat } } };

    static IEnumerable<(double Lon, double Lat)> Points(IEnumerable<JsonElement> proposals) => proposals.Select(p =>
    {
        var c = p.GetProperty("geometry").GetProperty("coordinates");
        return (c[0].GetDouble(), c[1].GetDouble());
    });

    /// <summary>
    /// The what-if of these sites: covered elderly and people after, and the newly covered ids. Siting and what-if share one
    /// base (the coverage result, with the region's counted statuses), so nothing is added on either side.
    /// </summary>
    async Task<(double Elderly, double People, double Share, HashSet<string> Newly)> WhatIfAsync(IEnumerable<(double Lon, double Lat)> sites)
    {
        var add = sites.Select(s => Site(s.Lon, s.Lat)).ToList();
        var r = await JsonOf(await Server.CreateClient().PostAsync("/api/whatif", CoverageServer.Json(new { circle = Circle, add })));
        var after = r.GetProperty("after");
        return (N(after, "coveredElderly"), N(after, "coveredPopulation"), N(after, "shareDemand"),
            r.GetProperty("newlyCovered").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToHashSet());
    }

    /// <summary>The eight most populous uncovered, reachable villages of the circle as given candidate points.</summary>
    async Task<JsonElement> VillageCandidatesAsync()
    {
        var uncovered = (await JsonOf(await Server.CreateClient().GetAsync($"/api/coverage/{Circle}/uncovered"))).EnumerateArray()
            .Where(v => v.GetProperty("status").GetString() == "uncovered" && v.GetProperty("minutes").ValueKind == JsonValueKind.Number).Take(8).ToList();
        Assert.Equal(8, uncovered.Count);
        return JsonSerializer.SerializeToElement(new
        {
            type = "FeatureCollection",
            features = uncovered.Select(v => new
            {
                type = "Feature",
                geometry = new { type = "Point", coordinates = new[] { N(v, "lon"), N(v, "lat") } },
                properties = new { id = "at-" + v.GetProperty("id").GetString(), name = v.GetProperty("name").GetString() },
            }).ToArray(),
        });
    }

    [Fact]
    public async Task Anonymous_siting_is_401()
    {
        var anonymous = Server.CreateClient();
        await Problem.ReadAsync(await anonymous.PostAsync("/api/siting", CoverageServer.Json(new { circle = Circle, @new = 3 })), HttpStatusCode.Unauthorized);
        await Problem.ReadAsync(await anonymous.PostAsync("/api/siting/trails", CoverageServer.Json(new { circle = "fitness-10", budgetKm = 1 })), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_best_3_sites_newly_cover_what_the_what_if_of_those_sites_reports_village_by_village()
    {
        var answer = await SiteAsync(new { circle = Circle, @new = 3, spacing = 300, timeLimitSeconds = 10 });
        var proposals = Proposals(answer);
        Assert.Equal(3, proposals.Count);
        Assert.Equal([1, 2, 3], proposals.Select(p => p.GetProperty("properties").GetProperty("rank").GetInt32()));
        var solver = answer.GetProperty("solver");
        double newly = N(solver, "newlyCovered");
        Assert.Equal(newly, proposals.Sum(p => N(p.GetProperty("properties"), "newlyCovered")), 1);
        Assert.All(proposals, p => Assert.Equal(N(p.GetProperty("properties"), "newlyCovered"), Villages(p).Sum(v => N(v, "elderly")), 1));
        Assert.Equal(N(answer, "basePercent") + newly / N(answer, "totalDemand") * 100, N(solver, "percentAfter"), 2);
        // Optimal never loses to greedy (CP-SAT starts from the greedy answer); the bound is never below the objective.
        Assert.Contains(solver.GetProperty("status").GetString(), new[] { "optimal", "feasible" });
        Assert.True(N(solver, "objective") >= N(answer.GetProperty("greedy"), "objective") - 0.01);
        Assert.True(N(solver, "bound") >= N(solver, "objective") - 0.01);

        var before = await WhatIfAsync([]);
        var after = await WhatIfAsync(Points(proposals));
        Assert.Equal(newly, after.Elderly - before.Elderly, RoundingPeople);
        Assert.Equal(proposals.SelectMany(Villages).Sum(v => N(v, "population")), after.People - before.People, 3 * RoundingPeople);
        var villages = proposals.SelectMany(Villages).Select(v => v.GetProperty("id").GetString()!).ToHashSet();
        // An administrative village that turns covered through its natural villages is their roll-up: siting names the natural villages.
        var rollUps = Settlements().Select(r => r.GetProperty("properties").GetProperty("parent_id").GetString()).OfType<string>().ToHashSet();
        Assert.Subset(villages, after.Newly.Except(before.Newly).Except(rollUps).ToHashSet());
        Assert.Subset(after.Newly.Except(before.Newly).ToHashSet(), proposals.SelectMany(Villages)
            .Where(v => N(v, "share") >= 0.9999).Select(v => v.GetProperty("id").GetString()!).ToHashSet());
    }

    [Fact]
    public async Task On_eight_given_sites_the_best_pair_is_the_best_of_all_28_pairs_by_the_what_if()
    {
        var candidates = await VillageCandidatesAsync();
        var answer = await SiteAsync(new { circle = Circle, @new = 2, candidates, timeLimitSeconds = 10 });
        var given = candidates.GetProperty("features").EnumerateArray().ToList();
        var rejected = answer.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToHashSet();
        var usable = given.Where(f => !rejected.Contains(f.GetProperty("properties").GetProperty("id").GetString())).ToList();
        Assert.Equal(usable.Count, answer.GetProperty("candidates").GetInt32());
        Assert.True(usable.Count >= 4, $"only {usable.Count} of the 8 villages are usable candidates");

        var before = (await WhatIfAsync([])).Elderly;
        double best = 0;
        var points = Points(usable).ToList();
        for (int i = 0; i < points.Count; i++)
            for (int j = i + 1; j < points.Count; j++)
                best = Math.Max(best, (await WhatIfAsync([points[i], points[j]])).Elderly - before);
        var solver = answer.GetProperty("solver");
        Assert.True(N(solver, "objective") <= best + RoundingPeople, $"solver {N(solver, "objective")} beats brute force {best}");
        if (solver.GetProperty("status").GetString() == "optimal") Assert.Equal(best, N(solver, "objective"), RoundingPeople);
        Assert.Equal(N(solver, "newlyCovered"), (await WhatIfAsync(Points(Proposals(answer)))).Elderly - before, RoundingPeople);
        Assert.All(Proposals(answer), p => Assert.Equal("given", p.GetProperty("properties").GetProperty("origin").GetString()));
    }

    [Fact]
    public async Task Set_covering_proposes_sites_whose_what_if_reaches_the_target()
    {
        var candidates = await VillageCandidatesAsync();
        var probe = await SiteAsync(new { circle = Circle, @new = 1, candidates, timeLimitSeconds = 5 });
        double target = Math.Round((N(probe, "basePercent") + N(probe, "reachablePercent")) / 2, 1);
        var answer = await SiteAsync(new { circle = Circle, target, candidates, timeLimitSeconds = 10 });
        Assert.Equal("set_covering", answer.GetProperty("mode").GetString());
        var solver = answer.GetProperty("solver");
        var proposals = Proposals(answer);
        Assert.Equal(proposals.Count, N(solver, "objective"));
        Assert.True(N(solver, "percentAfter") >= target, $"{N(solver, "percentAfter")} < target {target}");
        Assert.True(proposals.Count <= answer.GetProperty("greedy").GetProperty("siteIds").GetArrayLength());
        var after = await WhatIfAsync(Points(proposals));
        Assert.True(after.Share * 100 >= target - RoundingPeople / N(answer, "totalDemand") * 100, $"what-if reaches {after.Share * 100}% < {target}%");
    }

    public static TheoryData<string, string, string> BadRequests => new()
    {
        // path, body (CANDIDATES = the eight village sites), words in the English detail
        { "siting", """{"circle":"elderly-15","new":9,"candidates":CANDIDATES}""", "9 new sites asked for but there are only" },
        { "siting", """{"circle":"elderly-15","target":100,"candidates":CANDIDATES}""", "target is unreachable" },
        { "siting", """{"circle":"elderly-15","new":2,"candidates":{"type":"FeatureCollection","features":[]}}""", "No usable candidate sites" },
        { "siting", """{"circle":"elderly-15","new":1,"candidates":{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[120.40,30.82]},"properties":{"name":"far"}}]}}""", "within 500 m of a walkable way" },
        { "siting", """{"circle":"elderly-15","new":3,"target":90}""", "give exactly one of new" },
        { "siting", """{"circle":"elderly-15"}""", "give exactly one of new" },
        { "siting", """{"circle":"elderly-15","new":0}""", "new must be a whole number from 1 to 200" },
        { "siting", """{"circle":"elderly-15","new":3,"timeLimitSeconds":600}""", "timeLimitSeconds must be a number from 0.1 to 30" },
        { "siting", """{"circle":"elderly-15","new":3,"spacing":1}""", "spacing must be a number from 50 to 5000" },
        { "siting", """{"circle":"elderly-15","new":3,"candidates":[1,2]}""", "candidates must be a GeoJSON FeatureCollection" },
        { "siting", """{"circle":"elderly-15","new":1,"candidates":{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[120.6,31],[120.61,31.01],[120.61,31],[120.6,31.01],[120.6,31]]]}}]}}""", "invalid geometry: Self-intersection" },
        { "siting", """{"circle":"elderly-15","new":1,"candidates":{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[120.6,31],[120.61,31]]}}]}}""", "a candidate is a Point or a parcel Polygon" },
        { "siting", """{"circle":"life-15","new":3}""", "siting works on single-category circles" },
        { "trails", """{"circle":"fitness-10"}""", "budgetKm" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_request_that_cannot_be_answered_is_a_400_problem_saying_what_is_possible(string path, string body, string words)
    {
        var planner = await Server.PlannerAsync("bad-siting-" + Guid.NewGuid().ToString("N")[..6]);
        path = path == "trails" ? "/api/siting/trails" : "/api/siting";
        var text = body.Replace("CANDIDATES", (await VillageCandidatesAsync()).GetRawText());
        var problem = await Problem.ReadAsync(await planner.PostAsync(path, CoverageServer.Json(text)), HttpStatusCode.BadRequest);
        Assert.Contains(words, problem.Detail);
    }

    [Fact]
    public async Task An_unknown_circle_is_404_naming_the_known_ones()
    {
        var planner = await Server.PlannerAsync("unknown-circle");
        var problem = await Problem.ReadAsync(await planner.PostAsync("/api/siting", CoverageServer.Json(new { circle = "no-such", @new = 1 })), HttpStatusCode.NotFound);
        Assert.Contains("elderly-15", problem.Detail);
    }

    [Fact]
    public async Task Trail_pieces_fit_the_budget_and_their_lengths_add_up()
    {
        var planner = await Server.PlannerAsync("trails");
        var answer = await JsonOf(await planner.PostAsync("/api/siting/trails", CoverageServer.Json(new { circle = "fitness-10", budgetKm = 2, timeLimitSeconds = 5 })));
        var pieces = answer.GetProperty("pieces").GetProperty("features").EnumerateArray().ToList();
        Assert.NotEmpty(pieces);
        Assert.All(pieces, p => Assert.Equal("LineString", p.GetProperty("geometry").GetProperty("type").GetString()));
        double km = pieces.Sum(p => N(p.GetProperty("properties"), "metres")) / 1000;
        Assert.Equal(N(answer, "km"), km, 2);
        Assert.True(km <= 2 + 1e-9 && N(answer, "greedyKm") <= 2 + 1e-9);
        if (answer.GetProperty("status").GetString() is "optimal" or "feasible")
            Assert.True(N(answer, "newlyCovered") >= N(answer, "greedyNewlyCovered") - 0.01);
    }

    [Fact]
    public async Task Proposals_saved_as_a_scenario_are_in_the_edit_log_and_compare_town_by_town_as_the_villages_they_cover()
    {
        var actor = "siting-save-" + Guid.NewGuid().ToString("N")[..6];
        var planner = await Server.PlannerAsync(actor);
        var answer = await JsonOf(await planner.PostAsync("/api/siting", CoverageServer.Json(new { circle = Circle, @new = 2, spacing = 300, timeLimitSeconds = 10 })));
        // Siting's base is the plan as it is (the coverage result), so its proposals compare against the base scenario.
        var draft = answer.GetProperty("scenario");
        var proposed = await JsonOf(await planner.PostAsync("/api/scenarios", CoverageServer.Json(new { name = draft.GetProperty("name").GetString(), add = draft.GetProperty("add") })), HttpStatusCode.Created);
        var (a, b) = ("base", proposed.GetProperty("id").GetString());
        var log = await JsonOf(await planner.GetAsync($"/api/edit-log?entity=scenario&entityId={b}"));
        Assert.All(log.EnumerateArray(), row => Assert.Equal(actor, row.GetProperty("actor").GetString()));
        Assert.NotEmpty(log.EnumerateArray());

        var compared = await JsonOf(await Server.CreateClient().GetAsync($"/api/scenarios/{a}/compare/{b}?circle={Circle}"));
        var circle = Assert.Single(compared.GetProperty("circles").EnumerateArray());
        Assert.Equal(N(answer.GetProperty("solver"), "newlyCovered"), N(circle.GetProperty("county"), "elderly"), RoundingPeople);
        var byTown = Proposals(answer).SelectMany(Villages).GroupBy(v => v.GetProperty("town").GetString()!).ToDictionary(g => g.Key, g => g.Sum(v => N(v, "elderly")));
        foreach (var town in circle.GetProperty("towns").EnumerateArray())
            Assert.Equal(byTown.GetValueOrDefault(town.GetProperty("name").GetString()!), N(town, "elderly"), RoundingPeople);
    }
}
