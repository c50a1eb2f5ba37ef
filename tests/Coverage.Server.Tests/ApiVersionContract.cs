using System.Net;
using System.Text.Json;
using Coverage.Server.Tests.Support;

namespace Coverage.Server.Tests;

/// <summary>No lost updates over HTTP: ETags on reads, If-Match required on PUT/DELETE, 428 without it, 412 when stale.</summary>
public abstract partial class ApiContract
{
    /// <summary>A new facility made by its own planner; its url.</summary>
    async Task<string> NewFacilityAsync(HttpClient planner, string name)
    {
        var created = await JsonOf(await planner.PostAsync("/api/facilities", CoverageServer.Json(Clinic(name, InRegion.Lon, InRegion.Lat))),
            HttpStatusCode.Created);
        return $"/api/facilities/{P(created, "id")}";
    }

    /// <summary>A 412 answer's body: bilingual problem, plus who changed the row, when, its version and the ETag header.</summary>
    static async Task<(string ChangedBy, long CurrentVersion, DateTimeOffset ChangedAt, string? ETag, Problem Problem)> StaleAsync(
        HttpResponseMessage response)
    {
        var problem = await Problem.ReadAsync(response, HttpStatusCode.PreconditionFailed);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        return (root.GetProperty("changedBy").GetString()!, root.GetProperty("currentVersion").GetInt64(),
            root.GetProperty("changedAt").GetDateTimeOffset(), response.Tag(), problem);
    }

    [Fact]
    public async Task Two_planners_one_facility_the_stale_put_is_412_naming_the_first_and_the_stored_row_is_theirs()
    {
        var (nameA, nameB) = ("planner-a-" + Guid.NewGuid().ToString("N")[..6], "planner-b-" + Guid.NewGuid().ToString("N")[..6]);
        var (a, b) = (await Server.PlannerAsync(nameA), await Server.PlannerAsync(nameB));
        var url = await NewFacilityAsync(a, "原卫生室");
        var (tagA, tagB) = (await a.ETagOfAsync(url), await b.ETagOfAsync(url));
        Assert.Equal("\"1\"", tagA);
        Assert.Equal(tagA, tagB);

        var put = await a.SendIfMatchAsync(HttpMethod.Put, url, tagA, CoverageServer.Json(Clinic("A 改的名字", InRegion.Lon, InRegion.Lat)));
        var afterA = await JsonOf(put);
        Assert.Equal("\"2\"", put.Tag());
        Assert.Equal(2, afterA.GetProperty("properties").GetProperty("version").GetInt64());
        var state = await PlanStateAsync();

        var stale = await StaleAsync(await b.SendIfMatchAsync(HttpMethod.Put, url, tagB,
            CoverageServer.Json(Clinic("B 改的名字", InRegion.Lon, InRegion.Lat))));

        Assert.Equal((nameA, 2L, "\"2\""), (stale.ChangedBy, stale.CurrentVersion, stale.ETag));
        Assert.Contains(nameA, stale.Problem.DetailZh);
        Assert.Contains(nameA, stale.Problem.Detail);
        Assert.InRange(stale.ChangedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(state, await PlanStateAsync());
        Assert.Equal("A 改的名字", P(await JsonOf(await Anonymous.GetAsync(url)), "name"));

        // B read the conflict and overwrites deliberately with the current ETag from the 412.
        var overwrite = await b.SendIfMatchAsync(HttpMethod.Put, url, stale.ETag, CoverageServer.Json(Clinic("B 改的名字", InRegion.Lon, InRegion.Lat)));
        await JsonOf(overwrite);
        Assert.Equal("\"3\"", overwrite.Tag());
        var read = await Anonymous.GetAsync(url);
        Assert.Equal(("B 改的名字", "\"3\""), (P(await JsonOf(read), "name"), read.Tag()));
    }

    [Fact]
    public async Task A_put_or_delete_without_if_match_is_428_telling_to_get_first_and_stores_nothing()
    {
        var planner = await Server.PlannerAsync("no-if-match-" + Guid.NewGuid().ToString("N")[..6]);
        var url = await NewFacilityAsync(planner, "卫生室");
        var scenario = await JsonOf(await planner.PostAsync("/api/scenarios", CoverageServer.Json(new { name = "无条件" })), HttpStatusCode.Created);
        var scenarioUrl = $"/api/scenarios/{scenario.GetProperty("id").GetString()}";
        var state = await PlanStateAsync();

        foreach (var response in new[]
        {
            await planner.PutAsync(url, CoverageServer.Json(Clinic("无条件", InRegion.Lon, InRegion.Lat))),
            await planner.DeleteAsync(url),
            await planner.DeleteAsync(scenarioUrl),
            await planner.DeleteAsync($"{scenarioUrl}/edits/1"),
        })
        {
            var p = await Problem.ReadAsync(response, (HttpStatusCode)428);
            Assert.Contains("If-Match", p.DetailZh);
            Assert.Contains("GET", p.Detail);
        }
        Assert.Equal(state, await PlanStateAsync());
    }

    [Fact]
    public async Task A_stale_delete_is_412_and_the_row_is_still_there_if_match_star_overwrites()
    {
        var name = "deleter-" + Guid.NewGuid().ToString("N")[..6];
        var planner = await Server.PlannerAsync(name);
        var url = await NewFacilityAsync(planner, "卫生室");
        await JsonOf(await planner.SendIfMatchAsync(HttpMethod.Put, url, "\"1\"", CoverageServer.Json(Clinic("改一次", InRegion.Lon, InRegion.Lat))));

        var stale = await StaleAsync(await planner.SendIfMatchAsync(HttpMethod.Delete, url, "\"1\""));
        Assert.Equal((name, 2L), (stale.ChangedBy, stale.CurrentVersion));
        Assert.Equal("改一次", P(await JsonOf(await Anonymous.GetAsync(url)), "name"));

        var star = await planner.SendIfMatchAsync(HttpMethod.Put, url, "*", CoverageServer.Json(Clinic("强制覆盖", InRegion.Lon, InRegion.Lat)));
        Assert.Equal(("强制覆盖", "\"3\""), (P(await JsonOf(star), "name"), star.Tag()));
        Assert.Equal(HttpStatusCode.NoContent, (await planner.SendIfMatchAsync(HttpMethod.Delete, url, "\"3\"")).StatusCode);
        await Problem.ReadAsync(await Anonymous.GetAsync(url), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_features_carry_the_version_a_get_answers_as_etag()
    {
        var planner = await Server.PlannerAsync("lister-" + Guid.NewGuid().ToString("N")[..6]);
        var url = await NewFacilityAsync(planner, "卫生室");
        await JsonOf(await planner.PutCurrentAsync(url, CoverageServer.Json(Clinic("改名", InRegion.Lon, InRegion.Lat))));
        var id = url["/api/facilities/".Length..];
        var listed = (await JsonOf(await Anonymous.GetAsync("/api/facilities?category=clinic"))).GetProperty("features").EnumerateArray()
            .Single(f => P(f, "id") == id);
        Assert.Equal(2, listed.GetProperty("properties").GetProperty("version").GetInt64());
        Assert.Equal("\"2\"", await Anonymous.ETagOfAsync(url));

        var settlement = (await JsonOf(await Anonymous.GetAsync("/api/settlements"))).GetProperty("features").EnumerateArray().First();
        var version = settlement.GetProperty("properties").GetProperty("version").GetInt64();
        Assert.True(version >= 1);
        Assert.Equal($"\"{version}\"", await Anonymous.ETagOfAsync($"/api/settlements/{Uri.EscapeDataString(P(settlement, "id"))}"));
    }

    [Fact]
    public async Task Scenario_rename_edit_removal_and_delete_follow_the_scenario_version()
    {
        var (nameA, nameB) = ("scn-a-" + Guid.NewGuid().ToString("N")[..6], "scn-b-" + Guid.NewGuid().ToString("N")[..6]);
        var (a, b) = (await Server.PlannerAsync(nameA), await Server.PlannerAsync(nameB));
        var removed = DemoTables.Prop(DemoTables.Facilities()[0], "id");
        var created = await a.PostAsync("/api/scenarios", CoverageServer.Json(new { name = "并发方案", remove = new[] { removed } }));
        var scenario = await JsonOf(created, HttpStatusCode.Created);
        var url = $"/api/scenarios/{scenario.GetProperty("id").GetString()}";
        var editId = scenario.GetProperty("edits")[0].GetProperty("id").GetInt64();
        var tag = created.Tag(); // created (1) + one edit (2)
        Assert.Equal("\"2\"", tag);
        Assert.Equal(2, scenario.GetProperty("version").GetInt64());

        var rename = await a.SendIfMatchAsync(HttpMethod.Patch, url, tag, CoverageServer.Json(new { name = "A 的方案" }));
        await JsonOf(rename);
        Assert.Equal("\"3\"", rename.Tag());

        var staleRename = await StaleAsync(await b.SendIfMatchAsync(HttpMethod.Patch, url, tag, CoverageServer.Json(new { name = "B 的方案" })));
        Assert.Equal((nameA, 3L), (staleRename.ChangedBy, staleRename.CurrentVersion));
        await StaleAsync(await b.SendIfMatchAsync(HttpMethod.Delete, $"{url}/edits/{editId}", tag));
        await StaleAsync(await b.SendIfMatchAsync(HttpMethod.Delete, url, tag));
        var kept = await JsonOf(await Anonymous.GetAsync(url));
        Assert.Equal(("A 的方案", 1, 3L), (kept.GetProperty("name").GetString(), kept.GetProperty("edits").GetArrayLength(),
            kept.GetProperty("version").GetInt64()));

        Assert.Equal(HttpStatusCode.NoContent, (await b.SendIfMatchAsync(HttpMethod.Delete, $"{url}/edits/{editId}", "\"3\"")).StatusCode);
        Assert.Equal("\"4\"", await Anonymous.ETagOfAsync(url));
        Assert.Equal(HttpStatusCode.NoContent, (await b.DeleteCurrentAsync(url)).StatusCode);
    }
}
