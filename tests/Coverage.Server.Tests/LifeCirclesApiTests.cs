using System.Net;
using System.Text.Json;
using Coverage.Server.Tests.Support;

namespace Coverage.Server.Tests;

/// <summary>Its own server with a generous rate limit: the life-circle endpoints are rate limited as expensive.</summary>
public sealed class LifeCirclesServerFixture : ServerFixture
{
    protected override CoverageServer Create() => CoverageServer.OnGeoPackage(new() { ["Coverage:RateLimit:PermitsPerWindow"] = "1000" });
}

/// <summary>
/// GET /api/life-circles on the demo plan: every village and community once (read back from /api/settlements, not from
/// the analysis), each unit meeting the rule or saying why; POST /api/life-circles/check judges an edit by the same rule.
/// </summary>
public sealed class LifeCirclesApiTests(LifeCirclesServerFixture fixture) : IClassFixture<LifeCirclesServerFixture>
{
    CoverageServer Server => fixture.Server;

    static async Task<JsonElement> JsonOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    static IEnumerable<JsonElement> Units(JsonElement answer) =>
        answer.GetProperty("units").GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties"));

    [Fact]
    public async Task Every_village_and_community_is_in_exactly_one_unit_that_meets_the_rule_or_says_why()
    {
        var client = Server.CreateClient();
        var answer = await JsonOf(await client.GetAsync("/api/life-circles"));
        var settlements = (await JsonOf(await client.GetAsync("/api/settlements"))).GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties")).ToList();
        var ids = settlements.Select(p => p.GetProperty("id").GetString()!).ToHashSet();
        // Members: administrative villages, communities, and natural villages whose parent is not in the plan.
        var expected = settlements.Where(p => p.GetProperty("kind").GetString() != "natural_village"
                || p.GetProperty("parentId").GetString() is not { } parent || !ids.Contains(parent))
            .Select(p => p.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();
        var members = Units(answer).SelectMany(u => u.GetProperty("members").EnumerateArray().Select(m => m.GetString()!)).ToList();
        Assert.Equal(expected, members.Order(StringComparer.Ordinal));

        foreach (var u in Units(answer))
        {
            bool meets = u.GetProperty("meets").GetBoolean();
            if (!meets) Assert.False(string.IsNullOrWhiteSpace(u.GetProperty("why").GetString()), u.GetProperty("id").GetString());
            else Assert.True(u.GetProperty("maxMinutes").GetDouble() <= 15);
        }
        var solver = answer.GetProperty("solver");
        Assert.Equal(solver.GetProperty("unitsBound").GetDouble(), solver.GetProperty("units").GetInt32());
        Assert.Equal(100_000, answer.GetProperty("rule").GetProperty("populationMax").GetInt32());
        Assert.Equal(Units(answer).Count(), answer.GetProperty("table").GetProperty("rows").GetArrayLength());

        // Cached per plan version: the second answer is the same bytes.
        Assert.Equal(answer.GetRawText(), (await JsonOf(await client.GetAsync("/api/life-circles"))).GetRawText());
    }

    [Fact]
    public async Task The_check_keeps_unmoved_units_and_flags_a_member_moved_beyond_15_minutes()
    {
        var client = Server.CreateClient();
        var answer = await JsonOf(await client.GetAsync("/api/life-circles"));
        var meeting = Units(answer).Where(u => u.GetProperty("meets").GetBoolean() && u.GetProperty("members").GetArrayLength() > 1).ToList();
        // Two units of different towns far apart: the first unit's centre moved into the last unit.
        var (from, to) = (meeting[0], meeting[^1]);
        string moved = from.GetProperty("members").EnumerateArray().Select(m => m.GetString()!).First(m => m != from.GetProperty("centreId").GetString());
        var check = await JsonOf(await client.PostAsync("/api/life-circles/check",
            CoverageServer.Json(new { assignment = new Dictionary<string, string> { [moved] = to.GetProperty("id").GetString()! } })));
        Assert.False(check.GetProperty("allMeet").GetBoolean());
        var units = check.GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("id").GetString()!);
        var edited = units[to.GetProperty("id").GetString()!];
        Assert.False(edited.GetProperty("withinTime").GetBoolean());
        Assert.NotEmpty(edited.GetProperty("beyond").EnumerateArray());
        // The unit it left still meets the rule (its centre stayed); units nobody touched answer as before.
        Assert.True(units[from.GetProperty("id").GetString()!].GetProperty("meets").GetBoolean());
        Assert.Equal(Units(answer).Count(u => u.GetProperty("meets").GetBoolean()) - 1, check.GetProperty("meeting").GetInt32());
    }

    [Theory]
    [InlineData("[]", "assignment")]
    [InlineData("{\"assignment\": {\"av-0001\": 3}}", "LC001")]
    [InlineData("{\"assignment\": {\"no-such-village\": \"LC001\"}}", "no-such-village")]
    public async Task Bad_input_is_a_bilingual_400_naming_what_is_wrong(string body, string named)
    {
        var problem = await Problem.ReadAsync(await Server.CreateClient().PostAsync("/api/life-circles/check", CoverageServer.Json(body)),
            HttpStatusCode.BadRequest);
        Assert.Contains(named, problem.Detail + string.Join(" ", problem.Errors.Select(e => e.Field + " " + e.En)));
    }
}
