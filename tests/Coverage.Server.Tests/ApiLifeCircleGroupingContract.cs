using System.Net;
using System.Text.Json;
using Coverage.Server.Tests.Support;

namespace Coverage.Server.Tests;

/// <summary>
/// /api/life-circles/groupings: a planner moves a village to a neighbouring unit and saves the grouping; anyone reads it back
/// with the check POST /api/life-circles/check gives for the same units; bad groupings are bilingual 400s (409 for another
/// plan version) and store nothing.
/// </summary>
public abstract partial class ApiContract
{
    sealed record Unit(string Id, string Centre, List<string> Members);

    /// <summary>The computed units and the plan version, and one village (not a centre) with a neighbour in another unit.</summary>
    async Task<(long PlanVersion, List<Unit> Units, string Village, string From, string To)> MovableVillageAsync()
    {
        var answer = await JsonOf(await Anonymous.GetAsync("/api/life-circles"));
        var units = FeaturesOf(answer.GetProperty("units")).Select(f => f.GetProperty("properties")).Select(p => new Unit(p.GetProperty("id").GetString()!,
            p.GetProperty("centreId").GetString()!, p.GetProperty("members").EnumerateArray().Select(m => m.GetString()!).ToList())).ToList();
        var unitOf = units.SelectMany(u => u.Members.Select(m => (m, u.Id))).ToDictionary(p => p.m, p => p.Id);
        foreach (var member in answer.GetProperty("members").EnumerateArray())
        {
            var id = member.GetProperty("id").GetString()!;
            if (units.Any(u => u.Centre == id)) continue;
            var other = member.GetProperty("neighbours").EnumerateArray().Select(n => unitOf[n.GetString()!]).FirstOrDefault(u => u != unitOf[id]);
            if (other is not null) return (answer.GetProperty("planVersion").GetInt64(), units, id, unitOf[id], other);
        }
        throw new InvalidOperationException("no village borders another unit");
    }

    static List<Unit> Moved(List<Unit> units, string village, string to) => units
        .Select(u => u with { Members = [.. u.Members.Where(m => m != village), .. u.Id == to ? [village] : Array.Empty<string>()] })
        .Where(u => u.Members.Count > 0).ToList();

    static object Body(long planVersion, IEnumerable<Unit> units, string? description = null) =>
        new { description, planVersion, units = units.Select(u => new { id = u.Id, centre = u.Centre, members = u.Members }) };

    [Fact]
    public async Task A_planner_saves_a_moved_village_and_anyone_reads_it_back_with_the_check_endpoints_verdict()
    {
        var planner = await Server.PlannerAsync("groupings-" + Guid.NewGuid().ToString("N")[..6]);
        var name = "东片调整-" + Guid.NewGuid().ToString("N")[..6];
        var url = $"/api/life-circles/groupings/{Uri.EscapeDataString(name)}";
        var (plan, units, village, from, to) = await MovableVillageAsync();
        var edited = Moved(units, village, to);
        var check = await JsonOf(await Anonymous.PostAsync("/api/life-circles/check", CoverageServer.Json(Body(plan, edited))));
        Assert.Contains(village, check.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("id").GetString() == to)
            .GetProperty("members").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(check.GetProperty("unitCount").GetInt32(), FeaturesOf(check.GetProperty("polygons")).Count);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous.PutAsync(url, CoverageServer.Json(Body(plan, edited)))).StatusCode);
        var created = await planner.PutAsync(url, CoverageServer.Json(Body(plan, edited, "把一个村并入邻近单元")));
        var saved = await JsonOf(created, HttpStatusCode.Created);
        Assert.Equal($"\"{saved.GetProperty("version").GetInt64()}\"", created.Headers.ETag!.ToString());

        var read = await JsonOf(await Anonymous.GetAsync(url));
        Assert.Equal((name, plan, false, "把一个村并入邻近单元"), (read.GetProperty("name").GetString(), read.GetProperty("planVersion").GetInt64(),
            read.GetProperty("planChanged").GetBoolean(), read.GetProperty("description").GetString()));
        var back = read.GetProperty("units").EnumerateArray().Select(u => $"{u.GetProperty("id").GetString()}:{u.GetProperty("centre").GetString()}:" +
            string.Join(",", u.GetProperty("members").EnumerateArray().Select(m => m.GetString()))).ToList();
        Assert.Equal(edited.Select(u => $"{u.Id}:{u.Centre}:{string.Join(",", u.Members)}"), back);
        var stored = read.GetProperty("check");
        foreach (var key in new[] { "allMeet", "unitCount", "meeting", "units" })
            Assert.Equal(check.GetProperty(key).GetRawText(), stored.GetProperty(key).GetRawText());
        var listed = (await JsonOf(await Anonymous.GetAsync("/api/life-circles/groupings"))).EnumerateArray().Single(g => g.GetProperty("name").GetString() == name);
        Assert.Equal((check.GetProperty("unitCount").GetInt32(), check.GetProperty("meeting").GetInt32()),
            (listed.GetProperty("unitCount").GetInt32(), listed.GetProperty("meeting").GetInt32()));

        // Saving over it needs its ETag: none is 428, an old one 412; moving the village back with the current one is 200.
        var etag = created.Headers.ETag!.ToString();
        await Problem.ReadAsync(await planner.PutAsync(url, CoverageServer.Json(Body(plan, units))), (HttpStatusCode)428);
        var again = await planner.SendIfMatchAsync(HttpMethod.Put, url, etag, CoverageServer.Json(Body(plan, units)));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await Problem.ReadAsync(await planner.SendIfMatchAsync(HttpMethod.Put, url, etag, CoverageServer.Json(Body(plan, edited))), HttpStatusCode.PreconditionFailed);
        Assert.Contains(village, (await JsonOf(await Anonymous.GetAsync(url))).GetProperty("units").EnumerateArray()
            .Single(u => u.GetProperty("id").GetString() == from).GetProperty("members").EnumerateArray().Select(m => m.GetString()));

        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous.DeleteAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await planner.DeleteCurrentAsync(url)).StatusCode);
        await Problem.ReadAsync(await Anonymous.GetAsync(url), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_groupings_name_the_village_or_unit_in_both_languages_and_store_nothing()
    {
        var planner = await Server.PlannerAsync("groupings-" + Guid.NewGuid().ToString("N")[..6]);
        var name = "错误划分-" + Guid.NewGuid().ToString("N")[..6];
        var url = $"/api/life-circles/groupings/{Uri.EscapeDataString(name)}";
        var (plan, units, village, _, to) = await MovableVillageAsync();
        var two = units.Select(u => u.Id == to ? u with { Members = [.. u.Members, village] } : u).ToList();
        var cases = new (object Body, string Field, string En)[]
        {
            (Body(plan, units.Select((u, i) => i == 0 ? u with { Members = [.. u.Members, "no-such-village"] } : u)), "units[0].members[" + units[0].Members.Count + "]", "'no-such-village' is not an administrative village"),
            (Body(plan, two), "units[", $"village {village} is in both unit"), // reported where it comes the second time
            (Body(plan, units.Skip(1)), "units", $"{units[0].Members.Count} villages are in no unit"),
            (Body(plan, units.Select((u, i) => i == 1 ? u with { Centre = "" } : u)), "units[1].centre", "has no centre"),
            (Body(plan, units.Select((u, i) => i == 1 ? u with { Centre = units[0].Members[0] } : u)), "units[1].centre", "centre must be one of its members"),
            (new { units = Array.Empty<object>() }, "planVersion", "planVersion is missing"),
        };
        foreach (var (body, field, en) in cases)
        {
            var bad = await Problem.ReadAsync(await planner.PutAsync(url, CoverageServer.Json(body)), HttpStatusCode.BadRequest);
            var error = Assert.Single(bad.Errors, e => (e.Field == field || field == "units[" && e.Field.StartsWith(field)) && e.En.Contains(en));
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", error.Zh);
        }
        // The same problems from the check endpoint, which judges by the same rule.
        var checkBad = await Problem.ReadAsync(await Anonymous.PostAsync("/api/life-circles/check", CoverageServer.Json(Body(plan, two))), HttpStatusCode.BadRequest);
        Assert.Contains(checkBad.Errors, e => e.En.Contains($"village {village} is in both unit"));

        var stale = await Problem.ReadAsync(await planner.PutAsync(url, CoverageServer.Json(Body(plan + 1000, units))), HttpStatusCode.Conflict);
        Assert.Contains($"plan version now {plan}", stale.Detail);
        Assert.Contains($"当前规划版本 {plan}", stale.DetailZh);
        await Problem.ReadAsync(await Anonymous.GetAsync(url), HttpStatusCode.NotFound);
    }
}
