using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Coverage.Server.Tests.Support;
using Coverage.Storage;

namespace Coverage.Server.Tests;

/// <summary>Writes: who may, what the edit log keeps, and that bad input of every kind is a 4xx that stores nothing.</summary>
public abstract partial class ApiContract
{
    static readonly (double Lon, double Lat) InRegion = DemoTables.FirstPosition(DemoTables.Facilities()[0]);

    static object Clinic(string name, double lon, double lat, string? town = null) => new
    {
        type = "Feature",
        geometry = new { type = "Point", coordinates = new[] { lon, lat } },
        properties = new { name, category = "clinic", kind = "village-clinic", status = "planned", capacity = 3, town },
    };

    /// <summary>Row counts of every table and the newest edit-log id: equal before and after means nothing was stored.</summary>
    async Task<string> PlanStateAsync()
    {
        var store = await Server.StoreAsync();
        var counts = (await store.PingAsync()).Counts;
        var log = await store.ReadEditLogAsync(new EditLogQuery { AfterId = 0, Limit = 100000 });
        return string.Join(",", counts.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}")) + $";log={log.LastOrDefault()?.Id}";
    }

    [Fact]
    public async Task Anonymous_writes_are_401_and_store_nothing()
    {
        var state = await PlanStateAsync();
        var existing = DemoTables.Prop(DemoTables.Facilities()[0], "id");
        foreach (var response in new[]
        {
            await Anonymous.PostAsync("/api/facilities", CoverageServer.Json(Clinic("anon", InRegion.Lon, InRegion.Lat))),
            await Anonymous.PutAsync($"/api/facilities/{existing}", CoverageServer.Json(Clinic("anon", InRegion.Lon, InRegion.Lat))),
            await Anonymous.DeleteAsync($"/api/facilities/{existing}"),
            await Anonymous.PostAsync("/api/scenarios", CoverageServer.Json(new { name = "anon" })),
        })
        {
            await Problem.ReadAsync(response, HttpStatusCode.Unauthorized);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
        Assert.Equal(state, await PlanStateAsync());
    }

    [Fact]
    public async Task A_token_write_is_2xx_and_each_change_is_in_the_edit_log_under_the_token_name()
    {
        var actor = "planner-" + Guid.NewGuid().ToString("N")[..6];
        var planner = await Server.PlannerAsync(actor);

        var created = await planner.PostAsync("/api/facilities", CoverageServer.Json(Clinic("新卫生室", InRegion.Lon, InRegion.Lat, "测试镇")));
        var feature = await JsonOf(created, HttpStatusCode.Created);
        var id = P(feature, "id");
        Assert.Equal($"/api/facilities/{id}", created.Headers.Location!.OriginalString);
        var read = await JsonOf(await Anonymous.GetAsync($"/api/facilities/{id}"));
        Assert.Equal(("新卫生室", "clinic", "village-clinic", "planned", "测试镇"), (P(read, "name"), P(read, "category"), P(read, "kind"), P(read, "status"), P(read, "town")));

        await JsonOf(await planner.PutCurrentAsync($"/api/facilities/{id}", CoverageServer.Json(Clinic("改名卫生室", InRegion.Lon, InRegion.Lat))));
        Assert.Equal(HttpStatusCode.NoContent, (await planner.DeleteCurrentAsync($"/api/facilities/{id}")).StatusCode);
        await Problem.ReadAsync(await Anonymous.GetAsync($"/api/facilities/{id}"), HttpStatusCode.NotFound);

        var log = await (await Server.StoreAsync()).ReadEditLogAsync(new EditLogQuery { Entity = "facility", EntityId = id });
        Assert.Equal(["insert", "update", "delete"], log.Select(l => l.Action));
        Assert.All(log, l => Assert.Equal(actor, l.Actor));
        Assert.Contains("改名卫生室", log[1].AfterJson);
    }

    [Fact]
    public async Task A_revoked_or_unknown_token_is_401_and_stores_nothing()
    {
        var name = "revoked-" + Guid.NewGuid().ToString("N")[..6];
        var planner = await Server.PlannerAsync(name);
        await JsonOf(await planner.GetAsync("/api/edit-log?limit=1")); // works while active
        await (await Server.StoreAsync()).RevokePlannerTokenAsync(name, "test");
        var state = await PlanStateAsync();
        var problem = await Problem.ReadAsync(
            await planner.PostAsync("/api/facilities", CoverageServer.Json(Clinic("x", InRegion.Lon, InRegion.Lat))), HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", problem.Detail);
        var stranger = Server.CreateClient();
        stranger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "cov_not-a-token-anyone-issued");
        await Problem.ReadAsync(await stranger.DeleteAsync("/api/facilities/x"), HttpStatusCode.Unauthorized);
        Assert.Equal(state, await PlanStateAsync());
    }

    public static TheoryData<string, string, string, string> BadBodies => new()
    {
        // content type, body, expected field, words in the English message
        { "application/json", "{\"type\":\"Feature\",", "", "not valid JSON" },
        { "application/json", "[1,2,3]", "type", "GeoJSON Feature object" },
        { "application/json", """{"type":"Feature","geometry":{"type":"Point","coordinates":[120.6,31]},"properties":{"name":5,"category":"clinic"}}""", "name", "must be a string" },
        { "application/json", """{"type":"Feature","geometry":{"type":"Point","coordinates":["120.6","31"]},"properties":{"name":"a","category":"clinic"}}""", "coordinates", "[lon, lat]" },
        { "application/json", """{"type":"Feature","geometry":{"type":"Point","coordinates":[120.6,31]},"properties":{"name":"a","category":"clinic","capacity":"ten"}}""", "capacity", "whole number" },
        { "application/json", """{"type":"Feature","geometry":{"type":"Point","coordinates":[200,95]},"properties":{"name":"a","category":"clinic"}}""", "coordinates", "out of range" },
        { "application/json", """{"type":"Feature","geometry":{"type":"Point","coordinates":[31.0,120.6]},"properties":{"name":"a","category":"clinic"}}""", "coordinates", "look swapped" },
        { "application/json", """{"type":"Feature","geometry":{"type":"Point","coordinates":[2.35,48.85]},"properties":{"name":"a","category":"clinic"}}""", "coordinates", "outside this region" },
        { "application/json", """{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[120.6,31],[120.61,31],[120.6,31.01],[120.6,31]]]},"properties":{"name":"a","category":"fitness","kind":"fitness-trail"}}""", "type", "needs a LineString, not a Polygon" },
        { "application/json", """{"type":"Feature","geometry":{"type":"LineString","coordinates":[[120.6,31],[120.61,31]]},"properties":{"name":"a","category":"clinic"}}""", "type", "needs a Point" },
        { "application/json", """{"type":"Feature","geometry":{"type":"Point","coordinates":[120.6,31]},"properties":{"name":"a","category":"fitness","kind":"fitness-trail"}}""", "type", "needs a LineString" },
        { "application/json", """{"type":"Feature","geometry":{"type":"Point","coordinates":[120.6,31]},"properties":{"name":"a","category":"zoo"}}""", "category", "unknown category" },
        { "application/json", """{"type":"Feature","geometry":null,"properties":{"name":"","category":"clinic"}}""", "geometry", "missing" },
        { "application/json", """{"type":"FeatureCollection","properties":{"name":"a\nb","category":"clinic"}}""", "name", "control characters" },
        { "text/plain", "name=a", "", "JSON (Content-Type" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_facility_body_is_a_4xx_problem_naming_the_field_and_stores_nothing(string contentType, string body, string field, string words)
    {
        var planner = await Server.PlannerAsync("bad-input-" + Guid.NewGuid().ToString("N")[..6]);
        var state = await PlanStateAsync();
        var response = await planner.PostAsync("/api/facilities", CoverageServer.Json(body, contentType));
        var problem = await Problem.ReadAsync(response, contentType == "text/plain" ? HttpStatusCode.UnsupportedMediaType : HttpStatusCode.BadRequest);
        Assert.Contains(words, problem.Detail);
        if (field.Length > 0) Assert.Contains(problem.Errors, e => e.Field == field);
        Assert.Equal(state, await PlanStateAsync());
    }

    [Fact]
    public async Task A_50_MB_body_is_413_and_stores_nothing()
    {
        var planner = await Server.PlannerAsync("big-" + Guid.NewGuid().ToString("N")[..6]);
        var state = await PlanStateAsync();
        var huge = new byte[50 * 1024 * 1024];
        Array.Fill(huge, (byte)' ');
        var content = new ByteArrayContent(huge);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var problem = await Problem.ReadAsync(await planner.PostAsync("/api/facilities", content), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("5 MB", problem.Detail);
        Assert.Equal(state, await PlanStateAsync());
    }

    [Fact]
    public async Task Writes_to_unknown_ids_are_404_and_store_nothing()
    {
        var planner = await Server.PlannerAsync("unknown-" + Guid.NewGuid().ToString("N")[..6]);
        var state = await PlanStateAsync();
        await Problem.ReadAsync(await planner.PutCurrentAsync("/api/facilities/no-such", CoverageServer.Json(Clinic("x", InRegion.Lon, InRegion.Lat))), HttpStatusCode.NotFound);
        await Problem.ReadAsync(await planner.DeleteCurrentAsync("/api/facilities/no-such"), HttpStatusCode.NotFound);
        await Problem.ReadAsync(await planner.DeleteCurrentAsync("/api/scenarios/no-such"), HttpStatusCode.NotFound);
        await Problem.ReadAsync(await planner.SendIfMatchAsync(HttpMethod.Post, "/api/scenarios/no-such/edits", "*",
            CoverageServer.Json(new { remove = new[] { "x" } })), HttpStatusCode.NotFound);
        await Problem.ReadAsync(await planner.PostAsync("/api/scenarios", CoverageServer.Json(new { name = "s", remove = new[] { "no-such" } })), HttpStatusCode.NotFound);
        await Problem.ReadAsync(await planner.PostAsync("/api/whatif", CoverageServer.Json(new { circle = "no-such", remove = Array.Empty<string>() })), HttpStatusCode.NotFound);
        Assert.Equal(state, await PlanStateAsync());
    }

    static readonly string[] SqlMeta =
    [
        "x'); DROP TABLE facilities; --", "\" OR 1=1 --", "'; DELETE FROM settlements; --", "Robert'); DROP TABLE planner_tokens;--",
        "%_\\ LIKE '%'", "$1; SELECT pg_sleep(10); --", "1; UPDATE facilities SET name = 'pwned'", "`; .tables; --",
    ];

    [Fact]
    public async Task SQL_metacharacters_in_every_text_field_are_stored_verbatim_and_nothing_else_changes()
    {
        var planner = await Server.PlannerAsync("sql-" + Guid.NewGuid().ToString("N")[..6]);
        var store = await Server.StoreAsync();
        var before = (await store.PingAsync()).Counts;
        var names = (await store.QueryFacilitiesAsync(new FacilityQuery())).Select(f => f.Name).ToList();
        var ids = new List<string>();
        foreach (var text in SqlMeta)
        {
            var f = await JsonOf(await planner.PostAsync("/api/facilities", CoverageServer.Json(Clinic(text, InRegion.Lon, InRegion.Lat, text))), HttpStatusCode.Created);
            ids.Add(P(f, "id"));
            var read = await JsonOf(await Anonymous.GetAsync($"/api/facilities/{P(f, "id")}"));
            Assert.Equal((text, text), (P(read, "name"), P(read, "town")));
            var scenario = await JsonOf(await planner.PostAsync("/api/scenarios", CoverageServer.Json(new { name = text, description = text })), HttpStatusCode.Created);
            Assert.Equal((text, text), (scenario.GetProperty("name").GetString(), scenario.GetProperty("description").GetString()));
            // In query parameters and ids: an empty answer or a 4xx, never an error of the database.
            Assert.Empty(FeaturesOf(await JsonOf(await Anonymous.GetAsync($"/api/settlements?town={Uri.EscapeDataString(text)}"))));
            await Problem.ReadAsync(await Anonymous.GetAsync($"/api/facilities?category={Uri.EscapeDataString(text)}"), HttpStatusCode.BadRequest);
            await Problem.ReadAsync(await Anonymous.GetAsync($"/api/settlements/{Uri.EscapeDataString(text)}"), HttpStatusCode.NotFound);
            await Problem.ReadAsync(await planner.PostAsync("/api/facilities", CoverageServer.Json(new
            {
                type = "Feature", geometry = new { type = "Point", coordinates = new[] { InRegion.Lon, InRegion.Lat } },
                properties = new { name = "a", category = text },
            })), HttpStatusCode.BadRequest);
        }
        var after = (await store.PingAsync()).Counts;
        Assert.Equal(before["facilities"] + SqlMeta.Length, after["facilities"]);
        Assert.Equal(before["scenarios"] + SqlMeta.Length, after["scenarios"]);
        Assert.Equal(before["settlements"], after["settlements"]);
        Assert.Equal(before["planner_tokens"], after["planner_tokens"]);
        Assert.Equal(names.Order(StringComparer.Ordinal),
            (await store.QueryFacilitiesAsync(new FacilityQuery())).Where(f => !ids.Contains(f.Id)).Select(f => f.Name).Order(StringComparer.Ordinal));
        foreach (var id in ids) Assert.Equal(HttpStatusCode.NoContent, (await planner.DeleteCurrentAsync($"/api/facilities/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_scenario_keeps_its_edits_in_order_and_its_coverage_is_the_what_if_of_them()
    {
        var planner = await Server.PlannerAsync("scenario-" + Guid.NewGuid().ToString("N")[..6]);
        var removed = DemoTables.Prop(DemoTables.Facilities().First(f => DemoTables.Prop(f, "category") == "culture"), "id");
        var point = new { type = "Point", coordinates = new[] { InRegion.Lon, InRegion.Lat } };
        var body = new { name = "方案一", add = new[] { new { category = "culture", geometry = point } }, remove = new[] { removed } };
        var scenario = await JsonOf(await planner.PostAsync("/api/scenarios", CoverageServer.Json(body)), HttpStatusCode.Created);
        var id = scenario.GetProperty("id").GetString();
        var stored = await JsonOf(await Anonymous.GetAsync($"/api/scenarios/{id}"));
        Assert.Equal(["add", "remove"], stored.GetProperty("edits").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal(removed, stored.GetProperty("edits")[1].GetProperty("facilityId").GetString());

        var viaScenario = await JsonOf(await Anonymous.GetAsync($"/api/scenarios/{id}/coverage/culture-10"));
        var direct = await JsonOf(await Anonymous.PostAsync("/api/whatif", CoverageServer.Json(new { circle = "culture-10", body.add, body.remove })));
        Assert.Equal(direct.GetProperty("after").GetRawText(), viaScenario.GetProperty("after").GetRawText());
        Assert.Equal(HttpStatusCode.NoContent, (await planner.DeleteCurrentAsync($"/api/scenarios/{id}")).StatusCode);
    }
}
