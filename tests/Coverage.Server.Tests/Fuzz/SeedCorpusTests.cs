using System.Net;
using System.Text.Json;
using Coverage.Server.Tests.Support;
using static Coverage.Server.Tests.Fuzz.HostileJson;

namespace Coverage.Server.Tests.Fuzz;

/// <summary>
/// The seed corpus: hostile bodies kept by name (from FINDINGS and from what the generators found), each sent to the
/// endpoints that take bodies and held to <see cref="AnswerRules"/> and to its expected status.
/// </summary>
[Collection(FuzzServerCollection.Name)]
[Trait("Category", "Fuzz")]
public sealed class SeedCorpusTests(FuzzServerFixture fixture)
{
    static readonly (double Lon, double Lat) InRegion = DemoTables.FirstPosition(DemoTables.Facilities()[0]);
    static string P => $"[{Num(InRegion.Lon)},{Num(InRegion.Lat)}]";

    /// <summary>Name → body text; every one is refused with a 4xx on every body endpoint.</summary>
    public static readonly Dictionary<string, string> Corpus = new()
    {
        ["100,000 [0,0] positions (FINDINGS #6)"] = $$$"""{"circle":"fitness-10","add":[{"category":"fitness","kind":"fitness-trail","geometry":{"type":"LineString","coordinates":{{{Arr(Enumerable.Repeat("[0,0]", 100_000))}}}}}]}""",
        ["lone surrogate (FINDINGS #7)"] = """{"circle":"elderly-15","name":"\udfff","add":[{"category":"\udfff x","geometry":{"type":"Point","coordinates":[120.6,31]}}]}""",
        ["lone surrogate in a member name"] = """{"\ud800":1,"circle":"elderly-15","name":"x"}""",
        ["NaN coordinates"] = """{"type":"Feature","properties":{"name":"x","category":"clinic"},"geometry":{"type":"Point","coordinates":[NaN,NaN]}}""",
        ["1e308 coordinates"] = """{"type":"Feature","circle":"elderly-15","properties":{"name":"x","category":"clinic"},"geometry":{"type":"Point","coordinates":[1e308,-1e308]},"add":[{"category":"clinic","geometry":{"type":"Point","coordinates":[1e308,1e308]}}]}""",
        ["1e400 capacity"] = $$$"""{"type":"Feature","circle":"elderly-15","properties":{"name":"x","category":"clinic","capacity":1e400},"geometry":{"type":"Point","coordinates":[1e400,0]},"add":[{"category":"clinic","capacity":1e400,"geometry":{"type":"Point","coordinates":{{{P}}}}}]}""",
        ["nesting 100,000 deep"] = new string('[', 100_000) + new string(']', 100_000),
        ["nesting 65 deep"] = string.Concat(Enumerable.Repeat("{\"a\":", 65)) + "1" + new string('}', 65),
        ["bow-tie polygon"] = $$$"""{"type":"Feature","circle":"elderly-15","properties":{"name":"x","category":"clinic"},"geometry":{"type":"Polygon","coordinates":[[[120,31],[120.01,31.01],[120.01,31],[120,31.01],[120,31]]]},"add":[{"category":"clinic","geometry":{"type":"Polygon","coordinates":[[[120,31],[120.01,31.01],[120.01,31],[120,31.01],[120,31]]]}}]}""",
        ["duplicate keys, the last hostile"] = """{"circle":"elderly-15","circle":{"a":1},"name":"x","name":[],"type":"Feature","type":7}""",
        ["null everywhere"] = """{"type":null,"circle":null,"name":null,"properties":null,"geometry":null,"add":[null],"move":[null],"remove":[null],"budgetKm":null}""",
        ["wrong types everywhere"] = """{"type":1,"circle":[],"name":{},"properties":"x","geometry":"POINT(1 2)","add":{},"move":"x","remove":"x","new":"3","target":true,"budgetKm":"2","candidates":[]}""",
        ["60,000 bad additions"] = """{"circle":"elderly-15","name":"x","add":[""" + string.Join(",", Enumerable.Repeat("""{"geometry":{"type":"Point","coordinates":[0,0]}}""", 60_000)) + "]}",
        ["a 300,000-character name"] = "{\"type\":\"Feature\",\"circle\":\"elderly-15\",\"name\":\"" + new string('名', 300_000) + "\",\"properties\":{\"name\":\""
            + new string('名', 300_000) + "\"},\"add\":[{\"category\":\"clinic\",\"name\":\"" + new string('名', 300_000) + "\",\"geometry\":{\"type\":\"Point\",\"coordinates\":" + P + "}}]}",
        ["a 1 MB member name"] = "{\"" + new string('k', 1_000_000) + "\":\"\\udfff\"}",
        ["truncated"] = """{"circle":"elderly-15","add":[{"category":"cli""",
        ["empty object"] = "{}",
        ["a bare string"] = "\"Feature\"",
    };

    public static IEnumerable<object[]> Cases() =>
        from name in Corpus.Keys
        from endpoint in new[] { "POST /api/facilities", "PUT /api/facilities/{id}", "POST /api/whatif", "POST /api/siting", "POST /api/siting/trails",
            "POST /api/scenarios" }
        select new object[] { name, endpoint };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_seed_body_is_refused_by_the_rules(string name, string endpoint)
    {
        var id = DemoTables.Prop(DemoTables.Facilities()[0], "id");
        var parts = endpoint.Replace("{id}", Uri.EscapeDataString(id)).Split(' ');
        // A PUT carries If-Match: * (any version), so it is refused for its body, not for a missing If-Match (428).
        var request = new FuzzRequest(parts[0], parts[1], Body.Utf8(Corpus[name]), Headers: parts[0] == "PUT" ? [("If-Match", "*")] : null, Planner: true);
        var answer = await AnswerRules.SendAsync(fixture.Public, request, fixture.PlannerToken);
        AnswerRules.Check(answer);
        Assert.True(answer.Status is >= 400 and < 500 and not 428, $"{(HttpStatusCode)answer.Status} for {name} to {endpoint}");
    }
}
