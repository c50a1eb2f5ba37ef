using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coverage.Storage;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FSharp.Core;
using Xunit.Abstractions;
using static Coverage.Server.Tests.Fuzz.HostileJson;

namespace Coverage.Server.Tests.Fuzz;

/// <summary>
/// Property-based fuzzing of the HTTP API on one real server (Kestrel on a loopback port): generated GeoJSON bodies to
/// every body-taking endpoint, generated route values and query strings to every GET endpoint (found in the endpoint data
/// source, so a new endpoint is fuzzed without a change here), odd headers, and malformed request lines on a raw socket.
/// Each answer keeps <see cref="AnswerRules"/>; the store's row counts change only by acknowledged (2xx) writes, and a
/// refused PUT leaves its facility as it was. Fixed seeds; COVERAGE_FUZZ_SCALE=N runs N times the cases. The counts per
/// property (1,800 requests in all) keep a full test run under its 15 minutes on 2 cores; a deeper run before a release is
/// COVERAGE_FUZZ_SCALE=2.4, the 4,200 requests these properties ran when the server's 500s were being found.
/// </summary>
[Collection(FuzzServerCollection.Name)]
[Trait("Category", "Fuzz")]
public sealed class ApiFuzzTests(FuzzServerFixture fixture, ITestOutputHelper output)
{
    HttpClient Public => fixture.Public;

    /// <summary>Runs a property for cases × COVERAGE_FUZZ_SCALE generated values from a fixed seed; prints how many were run and how long they took.</summary>
    void Run<T>(string name, Gen<T> gen, int cases, ulong seed, Action<T> property)
    {
        int n = FileFuzz.Cases(cases), ran = 0;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var config = Config.QuickThrowOnFailure.WithMaxTest(n).WithQuietOnSuccess(true).WithEndSize(20)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed), FSharpOption<int>.None)));
        Check.One(name, config, Prop.ForAll(Arb.From(gen), (T value) =>
        {
            ran++;
            property(value);
        }));
        var took = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds; // reported, never asserted
        output.WriteLine($"{name}: {ran} cases (seed {seed}) in {took:0.0} s");
        Console.WriteLine($"fuzz {name}: {ran} cases (seed {seed}) in {took:0.0} s");
    }

    async Task<HostileGeoJson> BodiesAsync()
    {
        using var circles = JsonDocument.Parse(await Public.GetStringAsync("/api/circles"));
        return new HostileGeoJson(FuzzWorld.Demo(circles.RootElement.EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToList()));
    }

    FuzzAnswer Send(FuzzRequest request)
    {
        var answer = AnswerRules.SendAsync(Public, request, fixture.PlannerToken).GetAwaiter().GetResult();
        try
        {
            AnswerRules.Check(answer);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{e.Message}\nrequest: {request}");
        }
        return answer;
    }

    /// <summary>Row counts in the store: facilities, settlements, scenarios and their edits.</summary>
    async Task<(int Facilities, int Settlements, int Scenarios, int Edits)> CountsAsync()
    {
        var store = await fixture.Server.StoreAsync();
        var scenarios = await store.ListScenariosAsync();
        return ((await store.QueryFacilitiesAsync(new FacilityQuery())).Count, (await store.QuerySettlementsAsync(new SettlementQuery())).Count,
            scenarios.Count, scenarios.Sum(x => x.EditCount));
    }

    /// <summary>
    /// If-Match values a fuzzed PUT carries: mostly <c>*</c> (any version: the body is read and judged), sometimes a stale or
    /// malformed tag (refused before the body is read). Without If-Match every PUT would be a 428 and never reach the parser.
    /// </summary>
    static readonly Gen<string> IfMatch = Gen.Frequency(
        (8, Gen.Constant("*")),
        (1, Gen.Elements("\"0\"", "\"999999\"", "\"-1\"")),
        (1, Gen.Elements("x", "\"\"", "W/\"1\"", "\"1", "*, \"1\"", "\"99999999999999999999\"", "\"abc\"")));
    // Non-ASCII header values cannot go through HttpClient; RawRequestFuzzTests sends them over a socket.

    [Fact]
    public async Task Facility_writes_answer_by_the_rules_and_change_the_store_only_when_acknowledged()
    {
        var bodies = await BodiesAsync();
        var target = Gen.Elements(FuzzWorld.Demo([]).FacilityIds.Take(5).ToArray());
        // Settlements are not written over HTTP (only imported): no POST/PUT /api/settlements is mapped, so none is fuzzed here.
        var requests = Gen.Frequency(
            (6, Whole(bodies.Facility).Select(b => new FuzzRequest("POST", "/api/facilities", b, Planner: true))),
            (5, from b in Whole(bodies.Facility) from id in target from tag in IfMatch
                select new FuzzRequest("PUT", $"/api/facilities/{Uri.EscapeDataString(id)}", b, Headers: [("If-Match", tag)], Planner: true)),
            (1, Whole(bodies.Facility).Select(b => new FuzzRequest("POST", "/api/facilities", b))), // anonymous: 401
            (1, from b in Whole(bodies.Facility) from id in target // no If-Match: 428 before the body is read
                select new FuzzRequest("PUT", $"/api/facilities/{Uri.EscapeDataString(id)}", b, Planner: true)));
        var expected = await CountsAsync();
        int acknowledged = 0;
        var putStatuses = new Dictionary<int, int>();
        Run("facility writes", requests, 300, 15_001, request =>
        {
            var before = request.Method == "PUT" ? Public.GetStringAsync(request.Target).GetAwaiter().GetResult() : null;
            var answer = Send(request);
            bool ok = answer.Status is >= 200 and < 300;
            if (ok) acknowledged++;
            if (request.Method == "PUT") putStatuses[answer.Status] = putStatuses.GetValueOrDefault(answer.Status) + 1;
            if (ok && request.Method == "POST" && request.Target == "/api/facilities") expected.Facilities++;
            var now = CountsAsync().GetAwaiter().GetResult();
            Assert.True(expected == now, $"store counts {now}, expected {expected} after {answer.Status} to {request}");
            if (before is not null && !ok)
                Assert.True(before == Public.GetStringAsync(request.Target).GetAwaiter().GetResult(), $"a refused PUT ({answer.Status}) changed the facility: {request}");
        });
        var puts = string.Join(", ", putStatuses.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}: {kv.Value}"));
        output.WriteLine($"writes acknowledged: {acknowledged}; PUT answers {puts}");
        Console.WriteLine($"fuzz facility writes: {acknowledged} acknowledged; PUT answers {puts}");
        // The bodies reached the parser: some PUTs were applied (200) and some refused for what the body says (400).
        Assert.True(putStatuses.GetValueOrDefault(200) > 0 && putStatuses.GetValueOrDefault(400) > 0, $"PUT answers {puts}: no 200 or no 400");
    }

    [Fact]
    public async Task Analysis_bodies_answer_by_the_rules()
    {
        var bodies = await BodiesAsync();
        var requests = Gen.Frequency(
            (6, Whole(bodies.WhatIf).Select(b => new FuzzRequest("POST", "/api/whatif", b))),
            (3, Whole(bodies.Siting).Select(b => new FuzzRequest("POST", "/api/siting", b, Planner: true))),
            (1, Whole(bodies.Trails).Select(b => new FuzzRequest("POST", "/api/siting/trails", b, Planner: true))));
        var before = await CountsAsync();
        Run("what-if and siting bodies", requests, 400, 15_002, request => Send(request));
        Assert.Equal(before, await CountsAsync()); // nothing of an analysis is stored
    }

    /// <summary>If-Match: * (scenario writes require If-Match; the bodies, not the precondition, are under test here).</summary>
    static readonly (string, string)[] AnyVersion = [("If-Match", "*")];

    [Fact]
    public async Task Scenario_bodies_answer_by_the_rules_and_store_only_acknowledged_edits()
    {
        var bodies = await BodiesAsync();
        var created = await AnswerRules.SendAsync(Public, new FuzzRequest("POST", "/api/scenarios", Body.Utf8("""{"name":"fuzz target"}"""), Planner: true), fixture.PlannerToken);
        Assert.Equal(201, created.Status);
        var id = JsonDocument.Parse(created.Body).RootElement.GetProperty("id").GetString()!;
        var requests = Gen.Frequency(
            (5, Whole(bodies.Scenario).Select(b => new FuzzRequest("POST", "/api/scenarios", b, Planner: true))),
            (3, Whole(bodies.Scenario).Select(b => new FuzzRequest("POST", $"/api/scenarios/{id}/edits", b, Headers: AnyVersion, Planner: true))),
            (2, Whole(bodies.Rename).Select(b => new FuzzRequest("PATCH", $"/api/scenarios/{id}", b, Headers: AnyVersion, Planner: true))));
        var expected = await CountsAsync();
        int targetEdits = 0;
        Run("scenario bodies", requests, 250, 15_003, request =>
        {
            var answer = Send(request);
            if (answer.Status is >= 200 and < 300 && request.Method == "POST")
            {
                // A created scenario adds itself and its edits; added edits raise the target's count to what the answer says.
                using var doc = JsonDocument.Parse(answer.Body);
                int edits = doc.RootElement.GetProperty("editCount").GetInt32();
                if (request.Target == "/api/scenarios") (expected.Scenarios, expected.Edits) = (expected.Scenarios + 1, expected.Edits + edits);
                else (expected.Edits, targetEdits) = (expected.Edits + edits - targetEdits, edits);
            }
            var now = CountsAsync().GetAwaiter().GetResult();
            Assert.True(expected == now, $"store counts {now}, expected {expected} after {answer.Status} to {request}");
        });
    }

    /// <summary>Every GET endpoint the server maps, with its route parameters and the query names its handler takes.</summary>
    IReadOnlyList<(string Pattern, string[] Route, string[] Query)> GetEndpoints()
    {
        var source = fixture.Server.Services.GetRequiredService<EndpointDataSource>();
        var found = new List<(string, string[], string[])>();
        foreach (var e in source.Endpoints.OfType<RouteEndpoint>())
        {
            if (e.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods || !methods.HttpMethods.Contains("GET")) continue;
            var route = e.RoutePattern.Parameters.Select(p => p.Name).ToArray();
            var query = e.Metadata.GetMetadata<MethodInfo>()?.GetParameters()
                .Where(p => !route.Contains(p.Name) && (Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType) is var t
                    && (t.IsPrimitive || t == typeof(string) || t.IsEnum || t == typeof(decimal)))
                .Select(p => p.Name!).ToArray() ?? [];
            found.Add((e.RoutePattern.RawText ?? "", route, query));
        }
        return found;
    }

    [Fact]
    public async Task Every_GET_endpoint_answers_generated_route_values_and_query_strings_by_the_rules()
    {
        var endpoints = GetEndpoints();
        Assert.Contains(endpoints, e => e.Pattern == "/api/isochrones" && e.Query.Contains("minutes") && e.Query.Contains("lon"));
        Assert.True(endpoints.Count >= 15, $"only {endpoints.Count} GET endpoints found");
        output.WriteLine($"GET endpoints: {string.Join(", ", endpoints.Select(e => e.Pattern))}");
        var created = await AnswerRules.SendAsync(Public, new FuzzRequest("POST", "/api/scenarios", Body.Utf8("""{"name":"fuzz query","remove":[]}"""), Planner: true), fixture.PlannerToken);
        var scenario = JsonDocument.Parse(created.Body).RootElement.GetProperty("id").GetString()!;
        var world = (await BodiesAsync(), FuzzWorld.Demo([]));
        using var circles = JsonDocument.Parse(await Public.GetStringAsync("/api/circles"));
        var circleIds = circles.RootElement.EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToArray();
        var facilityIds = world.Item2.FacilityIds.ToArray();
        var position = world.Item1.Position;

        Gen<string> RouteValue(string pattern, string name) => Gen.Frequency(
            (4, name switch
            {
                "circleId" => Gen.Elements(circleIds),
                "a" or "b" => Gen.Elements("base", "current", scenario),
                _ when pattern.StartsWith("/api/facilities") => Gen.Elements(facilityIds),
                _ when pattern.StartsWith("/api/settlements") => Gen.Elements(world.Item2.SettlementIds.Take(20).ToArray()),
                _ when pattern.StartsWith("/api/scenarios") => Gen.Constant(scenario),
                _ => Gen.Constant("x"),
            }),
            (3, Gen.Elements("..", "%2e%2e", "%2F", "a%2Fb", "%00", "%FF%FE", "%E4%B8", "%C0%AF", "%20", "%20x%20", "卫生室", "%E5%8D%AB",
                "-1", "0", "99999999999999999999", "NaN", "current", "base", "x;y", "a%0Ab", "%7B%7D", "node%2F123", "%25", "\u00e9",
                new string('a', 201), new string('b', 4_000))));

        Gen<string> QueryValue(string name) => Gen.Frequency(
            (3, name switch
            {
                "bbox" => Gen.Elements("119,30,122,32", "120.6,31.0,120.7,31.1", "0,0,0,0"),
                "minutes" => Gen.Elements("5,10,15", "15", "60"),
                "profile" => Gen.Elements("adult", "elderly"),
                "format" => Gen.Elements("html", "csv", "geojson", "gpkg", "xlsx"),
                "lon" => position.Select(p => Num(p.Lon)),
                "lat" => position.Select(p => Num(p.Lat)),
                "circle" => Gen.Elements(circleIds),
                "facility" => Gen.Elements(facilityIds),
                "category" => Gen.Elements("school", "clinic", "elderly,school"),
                "status" => Gen.Elements("existing", "planned,proposed"),
                _ => Gen.Elements("1", "10", "x"),
            }),
            (3, Gen.Elements("", "NaN", "Infinity", "-Infinity", "1e309", "-1", "0", "99999999999999999999", ",,,,", "5,10,15,20,25,30,35",
                "0,0,0", "1,2,3,4,5", "-181,-91,181,91", "180,90,-180,-90", "true", "[]", "{}", "%00", "%FF", "%E4%B8", "卫生室", "a%0Ab",
                "%20", "0x1F", "1e-400", "3.4028235e39", "12,", ",12", "elderly,adult", "../../etc/passwd", "%25%30%30")),
            (1, Gen.Elements(201, 2_000, 6_000).Select(n => string.Concat(Enumerable.Repeat("1,", n / 2)))));

        Gen<string> QueryString(string[] names) =>
            from chosen in Gen.SubListOf(names.Concat(["format", "unknown", "Lon", "bbox"]).Distinct().ToArray())
            from values in Gen.CollectToArray(chosen.Select(QueryValue))
            from twice in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
            let pairs = chosen.Zip(values, (n, v) => $"{n}={v}").ToList()
            select pairs.Count == 0 ? "" : "?" + string.Join("&", twice ? pairs.Concat(pairs.Take(1)) : pairs);

        var requests =
            from e in Gen.Elements(endpoints.ToArray())
            from values in Gen.CollectToArray(e.Route.Select(r => RouteValue(e.Pattern, r)))
            from query in QueryString(e.Query)
            from planner in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
            let path = e.Route.Zip(values).Aggregate(e.Pattern, (p, rv) => Regex.Replace(p, @"\{\*?" + rv.First + @"(:[^}]*)?\??\}", rv.Second))
            select new FuzzRequest("GET", (path.Length == 0 ? "/" : path) + query, Planner: planner);

        var before = await CountsAsync();
        Run("GET route values and query strings", requests, 600, 15_004, request => Send(request));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Odd_headers_are_answered_by_the_rules()
    {
        var bodies = await BodiesAsync();
        var header = Gen.Frequency(
            (3, Gen.Elements("text/plain", "application/json; charset=gbk", "application/json; charset=utf-16", "application/xml",
                "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json;;;", "application/", "*/*",
                "application/geo+json", "application/json; charset=\"x\\\"\"", "json", "").Select(v => ("Content-Type", v))),
            (2, Gen.Elements("zh-CN", "en", "xx", "*", "zh-CN;q=NaN", "en;q=2", new string('a', 5_000), ",,,", "%FF%FE", "zh-Hans-CN-u-nu-hanidec")
                .Select(v => ("Accept-Language", v))),
            (2, Gen.Elements("text/csv", "application/xml", "*/*;q=0", "image/png", "application/problem+json", "garbage", "")
                .Select(v => ("Accept", v))),
            (3, Gen.Elements("Bearer", "Bearer ", "Bearer x", "Basic dXNlcjpwYXNz", "bearer " + new string('t', 201), "Bearer %00%FF",
                "Bearer a b c", "Negotiate x", "Bearer " + new string('t', 8_000), "  Bearer x", "Bearer\tx").Select(v => ("Authorization", v))));
        var requests =
            from headers in Gen.ListOf(header, 2)
            from target in Gen.Elements(new (string, string, Gen<string>?)[] {
                ("POST", "/api/whatif", bodies.WhatIf), ("POST", "/api/facilities", bodies.Facility), ("GET", "/api/facilities", (Gen<string>?)null),
                ("GET", "/api/nothing-here", null), ("DELETE", "/api/facilities/no-such-facility", null), ("POST", "/api/siting", bodies.Siting),
                ("GET", "/api/edit-log", null), ("PUT", "/api/region", null) })
            from body in target.Item3 is { } g ? g.Select(t => (Body?)Body.Utf8(t)) : Gen.Constant<Body?>(null)
            from planner in Gen.Elements(true, false)
            select new FuzzRequest(target.Item1, target.Item2, body, "application/json", headers.ToList(), planner);
        var before = await CountsAsync();
        int writes = 0;
        Run("odd headers", requests, 250, 15_005, request =>
        {
            var answer = Send(request);
            if (answer.Status == 201) writes++;
        });
        Assert.Equal(before.Facilities + writes, (await CountsAsync()).Facilities);
    }
}
