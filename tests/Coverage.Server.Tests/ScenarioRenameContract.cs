using System.Net;
using Coverage.Server.Tests.Support;
using Coverage.Storage;

namespace Coverage.Server.Tests;

/// <summary>PATCH /api/scenarios/{id}: a planner renames a scenario; the name rule is create's; the edit log has both names.</summary>
public abstract partial class ApiContract
{
    [Fact]
    public async Task A_planner_renames_a_scenario_and_the_list_and_the_edit_log_show_it()
    {
        var actor = "rename-" + Guid.NewGuid().ToString("N")[..6];
        var planner = await Server.PlannerAsync(actor);
        var add = new[] { new { category = "culture", geometry = new { type = "Point", coordinates = new[] { InRegion.Lon, InRegion.Lat } } } };
        var created = await JsonOf(await planner.PostAsync("/api/scenarios", CoverageServer.Json(new { name = "改名前", add })), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;

        var renamed = await JsonOf(await planner.SendIfMatchAsync(HttpMethod.Patch, $"/api/scenarios/{id}",
            await planner.ETagOfAsync($"/api/scenarios/{id}"), CoverageServer.Json(new { name = "  和孚镇补点  " })));
        Assert.Equal(("和孚镇补点", 1, 1), (renamed.GetProperty("name").GetString(), renamed.GetProperty("editCount").GetInt32(),
            renamed.GetProperty("edits").GetArrayLength()));
        var listed = (await JsonOf(await Anonymous.GetAsync("/api/scenarios"))).EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);
        Assert.Equal(("和孚镇补点", 1, 0), (listed.GetProperty("name").GetString(), listed.GetProperty("editCount").GetInt32(),
            listed.GetProperty("edits").GetArrayLength()));

        var log = await (await Server.StoreAsync()).ReadEditLogAsync(new EditLogQuery { Entity = "scenario", EntityId = id });
        Assert.Equal(["insert", "update"], log.Select(l => l.Action));
        Assert.All(log, l => Assert.Equal(actor, l.Actor));
        Assert.Contains("改名前", log[1].BeforeJson);
        Assert.Contains("和孚镇补点", log[1].AfterJson);
        Assert.Equal(HttpStatusCode.NoContent, (await planner.DeleteCurrentAsync($"/api/scenarios/{id}")).StatusCode);
    }

    [Fact]
    public async Task Renaming_is_404_for_an_unknown_scenario_400_for_a_bad_name_and_401_without_a_token()
    {
        var planner = await Server.PlannerAsync("rename-" + Guid.NewGuid().ToString("N")[..6]);
        var id = (await JsonOf(await planner.PostAsync("/api/scenarios", CoverageServer.Json(new { name = "原名" })), HttpStatusCode.Created))
            .GetProperty("id").GetString()!;

        var missing = await Problem.ReadAsync(await planner.SendIfMatchAsync(HttpMethod.Patch, "/api/scenarios/scn-none", "*", CoverageServer.Json(new { name = "新名" })),
            HttpStatusCode.NotFound);
        Assert.Contains("scn-none", missing.Detail);
        Assert.Contains("scn-none", missing.DetailZh);
        foreach (var body in new object[] { new { name = "" }, new { name = "   " }, new { }, new { name = 5 }, new { name = new string('名', 201) }, new { name = "a\nb" } })
        {
            var bad = await Problem.ReadAsync(await planner.SendIfMatchAsync(HttpMethod.Patch, $"/api/scenarios/{id}", "*", CoverageServer.Json(body)),
                HttpStatusCode.BadRequest);
            Assert.Equal("name", Assert.Single(bad.Errors).Field);
        }
        var anonymous = await Anonymous.PatchAsync($"/api/scenarios/{id}", CoverageServer.Json(new { name = "匿名" }));
        await Problem.ReadAsync(anonymous, HttpStatusCode.Unauthorized);
        Assert.Equal("原名", (await JsonOf(await Anonymous.GetAsync($"/api/scenarios/{id}"))).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await planner.DeleteCurrentAsync($"/api/scenarios/{id}")).StatusCode);
    }
}
