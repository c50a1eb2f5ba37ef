using System.Net;
using System.Text;
using System.Text.Json;
using Coverage.Server.Tests.Support;

namespace Coverage.Server.Tests;

/// <summary>
/// Hostile requests found by fuzzing (FINDINGS #6, #7, #15), sent to the server on a real socket: each is a small 400-class
/// problem+json that says what is wrong, never a 500, a huge answer or an empty body.
/// </summary>
[Collection(KestrelServerCollection.Name)]
public sealed class HostileInputTests(KestrelServerFixture fixture)
{
    CoverageServer Server => fixture.Server;
    static readonly (double Lon, double Lat) InRegion = DemoTables.FirstPosition(DemoTables.Facilities()[0]);

    [Fact]
    public async Task An_anonymous_what_if_with_a_100000_point_line_gets_one_small_error_about_the_vertex_count()
    {
        // FINDINGS #6: 100,000 positions [0,0] (800 KB) used to give one error per position, a 68 MB answer.
        var positions = string.Join(",", Enumerable.Repeat("[0,0]", 100_000));
        var body = $$$"""{"circle":"fitness-10","add":[{"category":"fitness","kind":"fitness-trail","geometry":{"type":"LineString","coordinates":[{{{positions}}}]}}]}""";
        var response = await Server.CreateClient().PostAsync("/api/whatif", CoverageServer.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        var error = Assert.Single(problem.Errors);
        Assert.Equal("the geometry has 100000 vertices, above the limit of 20000; simplify it first (e.g. QGIS 'Simplify')", error.En);
        Assert.True(Encoding.UTF8.GetByteCount(text) < 4_000, $"answer of {text.Length} characters");
    }

    [Fact]
    public async Task Many_bad_edits_list_twenty_errors_and_count_the_rest()
    {
        // 60 additions, each with an unknown category: 60 errors, of which the answer lists 20 and counts 40.
        var add = string.Join(",", Enumerable.Range(0, 60).Select(i =>
            $$$"""{"category":"zoo-{{{i}}}","geometry":{"type":"Point","coordinates":[{{{InRegion.Lon}}},{{{InRegion.Lat}}}]}}"""));
        var response = await Server.CreateClient().PostAsync("/api/whatif", CoverageServer.Json($$"""{"circle":"elderly-15","add":[{{add}}]}"""));
        var text = await response.Content.ReadAsStringAsync();
        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"add[{i}]"), problem.Errors.Select(e => e.Where));
        Assert.EndsWith("; and 40 more not listed", problem.Detail);
        Assert.EndsWith("；另有 40 处错误未列出", problem.DetailZh);
        Assert.Equal(40, JsonDocument.Parse(text).RootElement.GetProperty("omittedErrors").GetInt32());
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_JSON_string_is_a_400_naming_the_field()
    {
        // FINDINGS #7: "\udfff" parses as JSON but is no .NET string; reading it threw, a 500.
        const string body = """{"circle":"elderly-15","add":[{"category":"\udfff x","geometry":{"type":"Point","coordinates":[120.6,31]}}]}""";
        var problem = await Problem.ReadAsync(await Server.CreateClient().PostAsync("/api/whatif", CoverageServer.Json(body)), HttpStatusCode.BadRequest);
        var error = Assert.Single(problem.Errors);
        Assert.Equal(("body.add[0].category", "category"), (error.Where, error.Field));
        Assert.Contains("lone UTF-16 surrogate", error.En);
    }

    [Fact]
    public async Task An_invalid_string_under_a_huge_member_name_names_it_cut_short()
    {
        // Found by fuzzing: the path named the whole 1 MB member name, four times over: an 8 MB answer.
        var body = "{\"" + new string('k', 1_000_000) + "\":\"\\udfff\"}";
        var response = await Server.CreateClient().PostAsync("/api/whatif", CoverageServer.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("body." + new string('k', 40) + "…", Assert.Single(problem.Errors).Where);
        Assert.True(Encoding.UTF8.GetByteCount(text) < 4_000, $"answer of {text.Length} characters");
    }

    [Fact]
    public async Task An_unknown_OpenAPI_document_is_a_problem_404()
    {
        // Found by fuzzing: /openapi/{documentName}.json answered other names with a text/plain 404.
        var problem = await Problem.ReadAsync(await Server.CreateClient().GetAsync("/openapi/-1.json"), HttpStatusCode.NotFound);
        Assert.Equal("There is nothing at this address.", problem.Detail);
        // Its handler took a document name from the query too.
        var document = await Server.CreateClient().GetAsync("/openapi/v1.json?documentName=x");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Contains("\"/api/whatif\"", await document.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/reports/elderly-15?format=")]
    [InlineData("/api/isochrones?lon=120.6&lat=31&profile=")]
    [InlineData("/api/isochrones?lon=120.6&lat=31&minutes=")]
    public async Task A_long_bad_query_value_is_repeated_cut_short(string address)
    {
        // 7,000 characters (the address limit is 8 KB) used to come back four times over: a 28 KB answer.
        var response = await Server.CreateClient().GetAsync(address + new string('a', 7_000));
        var text = await response.Content.ReadAsStringAsync();
        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(new string('a', 60) + "…", problem.Detail);
        Assert.DoesNotContain(new string('a', 61), text);
    }

    [Theory]
    [InlineData("POST", "/api/whatif", "text/csv", 400)]
    [InlineData("GET", "/api/nothing-here", "image/png", 404)]
    [InlineData("GET", "/api/coverage/no-such-circle", "text/csv", 404)]
    public async Task An_error_is_problem_json_whatever_the_client_accepts(string method, string address, string accept, int status)
    {
        // Found by fuzzing: with an Accept that names neither JSON nor */*, an exception's problem had an empty body.
        using var request = new HttpRequestMessage(new HttpMethod(method), address);
        if (method == "POST") request.Content = CoverageServer.Json("""{"circle":"elderly-15","add":[{"category":"zoo"}]}""");
        request.Headers.TryAddWithoutValidation("Accept", accept);
        await Problem.ReadAsync(await Server.CreateClient().SendAsync(request), (HttpStatusCode)status);
    }

    [Fact]
    public async Task A_GBK_encoded_facility_body_is_a_400_naming_the_field()
    {
        // FINDINGS #7: the same body in GBK: the name's bytes are not UTF-8.
        var planner = await Server.PlannerAsync("gbk-" + Guid.NewGuid().ToString("N")[..6]);
        var json = $$$"""{"type":"Feature","properties":{"name":"卫生室","category":"clinic"},"geometry":{"type":"Point","coordinates":[{{{InRegion.Lon}}},{{{InRegion.Lat}}}]}}""";
        var content = new ByteArrayContent(Coverage.Storage.Import.InputText.Gb18030.GetBytes(json));
        content.Headers.ContentType = new("application/json");
        var problem = await Problem.ReadAsync(await planner.PostAsync("/api/facilities", content), HttpStatusCode.BadRequest);
        Assert.Equal(("body.properties.name", "name"), (Assert.Single(problem.Errors).Where, problem.Errors[0].Field));
    }

    [Fact]
    public async Task Kestrels_own_400_for_a_NUL_in_the_address_has_a_problem_body()
    {
        // FINDINGS #15: Kestrel refuses this before any middleware runs, with an empty body.
        var (code, contentType, body) = await RawAsync("GET /api/facilities/%00 HTTP/1.1\r\nHost: localhost\r\n\r\n");
        AssertProblem(400, code, contentType, body, "%00");
    }

    [Fact]
    public async Task Kestrels_own_414_for_an_overlong_address_has_a_problem_body()
    {
        // Kestrel's request-line limit is 8 KB; 10,000 characters of query pass it.
        var (code, contentType, body) = await RawAsync($"GET /api/facilities?town={new string('a', 10_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        AssertProblem(414, code, contentType, body, "longer than the server accepts");
    }

    [Fact]
    public async Task An_error_answer_of_the_app_itself_passes_the_socket_unchanged()
    {
        // The app's own 404 starts like Kestrel's refusals ("HTTP/1.1 4…") but has its body: it is not rewritten.
        var (code, contentType, body) = await RawAsync("GET /api/facilities/no-such HTTP/1.1\r\nHost: localhost\r\n\r\n");
        Assert.Equal((404, "application/problem+json"), (code, contentType));
        Assert.Contains("There is no facility with id 'no-such'.", body);
    }

    static void AssertProblem(int expected, int code, string? contentType, string body, string words)
    {
        Assert.Equal((expected, "application/problem+json"), (code, contentType));
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        Assert.Equal(expected, root.GetProperty("status").GetInt32());
        Assert.Contains(words, root.GetProperty("detail").GetString());
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", root.GetProperty("detailZh").GetString()!);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", root.GetProperty("titleZh").GetString()!);
    }

    async Task<(int Status, string? ContentType, string Body)> RawAsync(string request)
    {
        var answer = await RawHttp.SendAsync(Server.CreateClient().BaseAddress!, request);
        Assert.True(answer.Status > 0, $"no complete answer: {answer.Body}");
        return answer;
    }
}
