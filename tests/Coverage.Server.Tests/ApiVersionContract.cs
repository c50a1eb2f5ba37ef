using System.Net;
using System.Text.Json;
using Coverage.Server.Tests.Support;
using Coverage.Storage;

namespace Coverage.Server.Tests;

/// <summary>No lost updates over HTTP: ETags on reads, If-Match required on every write of a row, 428 without it, 412 when
/// stale. An ETag is the edit-log id of the row's last change, so it grows and never repeats.</summary>
public abstract partial class ApiContract
{
    /// <summary>The oracle of an ETag: the quoted id of the newest edit-log row about the entity (a scenario: its edits too).</summary>
    async Task<string> LastLogTagAsync(string entity, string id)
    {
        var store = await Server.StoreAsync();
        var own = await store.ReadEditLogAsync(new EditLogQuery { Entity = entity, EntityId = id, NewestFirst = true, Limit = 1 });
        var last = own.Select(l => l.Id).DefaultIfEmpty(0).Max();
        if (entity == "scenario")
            last = Math.Max(last, (await store.ReadEditLogAsync(new EditLogQuery { Entity = "scenario_edit", NewestFirst = true, Limit = 1000 }))
                .Where(l => l.EntityId.StartsWith(id + "/", StringComparison.Ordinal)).Select(l => l.Id).DefaultIfEmpty(0).Max());
        return $"\"{last}\"";
    }

    static long Version(string etag) => long.Parse(etag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);

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
        var id = url["/api/facilities/".Length..];
        var (tagA, tagB) = (await a.ETagOfAsync(url), await b.ETagOfAsync(url));
        Assert.Equal(await LastLogTagAsync("facility", id), tagA);
        Assert.Equal(tagA, tagB);

        var put = await a.SendIfMatchAsync(HttpMethod.Put, url, tagA, CoverageServer.Json(Clinic("A 改的名字", InRegion.Lon, InRegion.Lat)));
        var afterA = await JsonOf(put);
        var tagA2 = await LastLogTagAsync("facility", id);
        Assert.Equal(tagA2, put.Tag());
        Assert.True(Version(tagA2) > Version(tagA));
        Assert.Equal(Version(tagA2), afterA.GetProperty("properties").GetProperty("version").GetInt64());
        var state = await PlanStateAsync();

        var stale = await StaleAsync(await b.SendIfMatchAsync(HttpMethod.Put, url, tagB,
            CoverageServer.Json(Clinic("B 改的名字", InRegion.Lon, InRegion.Lat))));

        Assert.Equal((nameA, Version(tagA2), tagA2), (stale.ChangedBy, stale.CurrentVersion, stale.ETag));
        Assert.Contains(nameA, stale.Problem.DetailZh);
        Assert.Contains(nameA, stale.Problem.Detail);
        Assert.InRange(stale.ChangedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(state, await PlanStateAsync());
        Assert.Equal("A 改的名字", P(await JsonOf(await Anonymous.GetAsync(url)), "name"));

        // B read the conflict and overwrites deliberately with the current ETag from the 412.
        var overwrite = await b.SendIfMatchAsync(HttpMethod.Put, url, stale.ETag, CoverageServer.Json(Clinic("B 改的名字", InRegion.Lon, InRegion.Lat)));
        await JsonOf(overwrite);
        var tagB2 = await LastLogTagAsync("facility", id);
        Assert.Equal(tagB2, overwrite.Tag());
        var read = await Anonymous.GetAsync(url);
        Assert.Equal(("B 改的名字", tagB2), (P(await JsonOf(read), "name"), read.Tag()));
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
            await planner.PatchAsync(scenarioUrl, CoverageServer.Json(new { name = "无条件改名" })),
            await planner.PostAsync($"{scenarioUrl}/edits", CoverageServer.Json(new { remove = new[] { DemoTables.Prop(DemoTables.Facilities()[0], "id") } })),
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
        var first = await planner.ETagOfAsync(url);
        var put = await planner.SendIfMatchAsync(HttpMethod.Put, url, first, CoverageServer.Json(Clinic("改一次", InRegion.Lon, InRegion.Lat)));
        await JsonOf(put);

        var stale = await StaleAsync(await planner.SendIfMatchAsync(HttpMethod.Delete, url, first));
        Assert.Equal((name, Version(put.Tag()!)), (stale.ChangedBy, stale.CurrentVersion));
        Assert.Equal("改一次", P(await JsonOf(await Anonymous.GetAsync(url)), "name"));

        var star = await planner.SendIfMatchAsync(HttpMethod.Put, url, "*", CoverageServer.Json(Clinic("强制覆盖", InRegion.Lon, InRegion.Lat)));
        Assert.Equal(("强制覆盖", await LastLogTagAsync("facility", url["/api/facilities/".Length..])), (P(await JsonOf(star), "name"), star.Tag()));
        Assert.Equal(HttpStatusCode.NoContent, (await planner.SendIfMatchAsync(HttpMethod.Delete, url, star.Tag())).StatusCode);
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
        var tag = await LastLogTagAsync("facility", id);
        Assert.Equal(Version(tag), listed.GetProperty("properties").GetProperty("version").GetInt64());
        Assert.Equal(tag, await Anonymous.ETagOfAsync(url));

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
        var sid = scenario.GetProperty("id").GetString()!;
        var tag = created.Tag(); // the log id of its one edit, logged after the scenario itself
        Assert.Equal(await LastLogTagAsync("scenario", sid), tag);
        Assert.Equal(Version(tag!), scenario.GetProperty("version").GetInt64());

        var rename = await a.SendIfMatchAsync(HttpMethod.Patch, url, tag, CoverageServer.Json(new { name = "A 的方案" }));
        await JsonOf(rename);
        var renamed = await LastLogTagAsync("scenario", sid);
        Assert.Equal(renamed, rename.Tag());

        var staleRename = await StaleAsync(await b.SendIfMatchAsync(HttpMethod.Patch, url, tag, CoverageServer.Json(new { name = "B 的方案" })));
        Assert.Equal((nameA, Version(renamed)), (staleRename.ChangedBy, staleRename.CurrentVersion));
        await StaleAsync(await b.SendIfMatchAsync(HttpMethod.Post, $"{url}/edits", tag, CoverageServer.Json(new { remove = new[] { removed } })));
        await StaleAsync(await b.SendIfMatchAsync(HttpMethod.Delete, $"{url}/edits/{editId}", tag));
        await StaleAsync(await b.SendIfMatchAsync(HttpMethod.Delete, url, tag));
        var kept = await JsonOf(await Anonymous.GetAsync(url));
        Assert.Equal(("A 的方案", 1, Version(renamed)), (kept.GetProperty("name").GetString(), kept.GetProperty("edits").GetArrayLength(),
            kept.GetProperty("version").GetInt64()));

        Assert.Equal(HttpStatusCode.NoContent, (await b.SendIfMatchAsync(HttpMethod.Delete, $"{url}/edits/{editId}", renamed)).StatusCode);
        var afterRemove = await Anonymous.ETagOfAsync(url);
        Assert.Equal(await LastLogTagAsync("scenario", sid), afterRemove);

        // Adding edits answers the scenario as that write left it, its ETag the new edit's log id.
        var added = await b.SendIfMatchAsync(HttpMethod.Post, $"{url}/edits", afterRemove, CoverageServer.Json(new { remove = new[] { removed } }));
        var addedBody = await JsonOf(added);
        Assert.Equal((await LastLogTagAsync("scenario", sid), 1), (added.Tag(), addedBody.GetProperty("edits").GetArrayLength()));
        Assert.Equal(Version(added.Tag()!), addedBody.GetProperty("version").GetInt64());
        Assert.Equal(HttpStatusCode.NoContent, (await b.DeleteCurrentAsync(url)).StatusCode);
    }

    [Fact]
    public async Task If_match_compares_strongly_a_weak_tag_never_matches_a_list_matches_on_any_strong_tag()
    {
        var name = "tags-" + Guid.NewGuid().ToString("N")[..6];
        var planner = await Server.PlannerAsync(name);
        var url = await NewFacilityAsync(planner, "卫生室");
        var tag = await planner.ETagOfAsync(url);
        var state = await PlanStateAsync();

        // W/"n" is the current version, but weak: 412 (not 400), naming the current stamp; nothing stored.
        var weak = await StaleAsync(await planner.SendIfMatchAsync(HttpMethod.Put, url, "W/" + tag,
            CoverageServer.Json(Clinic("弱标签", InRegion.Lon, InRegion.Lat))));
        Assert.Equal((name, Version(tag), tag), (weak.ChangedBy, weak.CurrentVersion, weak.ETag));
        // A list without the current strong tag: 412 too.
        await StaleAsync(await planner.SendIfMatchAsync(HttpMethod.Delete, url, $"W/{tag}, \"0\", \"abc\""));
        Assert.Equal(state, await PlanStateAsync());

        // A list holding the current strong tag among others matches.
        var listed = await planner.SendIfMatchAsync(HttpMethod.Put, url, $"\"0\", W/\"1\", {tag}", CoverageServer.Json(Clinic("列表", InRegion.Lon, InRegion.Lat)));
        Assert.Equal("列表", P(await JsonOf(listed), "name"));
        Assert.Equal(await LastLogTagAsync("facility", url["/api/facilities/".Length..]), listed.Tag());

        // Malformed (unquoted) is still a 400.
        await Problem.ReadAsync(await planner.SendIfMatchAsync(HttpMethod.Delete, url, Version(listed.Tag()!).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NoContent, (await planner.DeleteCurrentAsync(url)).StatusCode);
    }
}
