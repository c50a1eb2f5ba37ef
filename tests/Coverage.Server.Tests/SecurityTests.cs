using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Coverage.Server.Tests.Support;
using Npgsql;

namespace Coverage.Server.Tests;

/// <summary>Rate limits, CORS, a store that is down, and no stack traces even in Development.</summary>
public sealed class SecurityTests
{
    const string Isochrone = "/api/isochrones?lon=120.6&lat=31.0&minutes=5";

    [Fact]
    public async Task Expensive_endpoints_are_rate_limited_per_client_with_a_429_problem()
    {
        await using var server = CoverageServer.OnGeoPackage(new() { ["Coverage:RateLimit:PermitsPerWindow"] = "2", ["Coverage:RateLimit:WindowSeconds"] = "600" });
        var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Isochrone)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/whatif", CoverageServer.Json(new { circle = "culture-10" }))).StatusCode);
        var limited = await client.GetAsync("/api/reports/culture-10?format=csv");
        var problem = await Problem.ReadAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.Contains("At most 2", problem.Detail);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) > 0);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/coverage/culture-10")).StatusCode); // cheap reads are not limited
    }

    [Fact]
    public async Task Cors_is_closed_by_default_and_opens_only_to_configured_origins()
    {
        await using var closed = CoverageServer.OnGeoPackage();
        await using var open = CoverageServer.OnGeoPackage(new() { ["Coverage:CorsOrigins:0"] = "https://planner.example" });
        foreach (var (server, origin, allowed) in new[] { (closed, "https://planner.example", false), (open, "https://planner.example", true), (open, "https://evil.example", false) })
        {
            var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/facilities");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            var response = await server.CreateClient().SendAsync(preflight);
            Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var v) && v.Single() == origin);
        }
    }

    [Fact]
    public async Task An_unreachable_PostGIS_gives_a_degraded_health_and_503_problems_not_a_crash()
    {
        var port = FreePort();
        await using var server = CoverageServer.OnStore($"postgis:Host=127.0.0.1;Port={port};Username=postgres;Database=none;Timeout=3");
        var client = server.CreateClient();
        var health = JsonDocument.Parse(await client.GetStringAsync("/api/health")).RootElement;
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Contains($"127.0.0.1:{port}", health.GetProperty("store").GetProperty("error").GetString());
        var problem = await Problem.ReadAsync(await client.GetAsync("/api/facilities"), HttpStatusCode.ServiceUnavailable);
        Assert.Contains("connection refused", problem.Detail);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "cov_some-token-while-store-is-down");
        await Problem.ReadAsync(await client.PostAsync("/api/facilities", CoverageServer.Json("{}")), HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task PostGIS_stopping_under_a_running_server_gives_503_on_writes_and_a_degraded_health()
    {
        var target = new NpgsqlConnectionStringBuilder(TestPostGis.ConnectionString);
        await using var relay = new TcpRelay(target.Host!, target.Port);
        var schema = "down_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(TestPostGis.ConnectionString))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE SCHEMA {schema}", admin).ExecuteNonQueryAsync();
        }
        var viaRelay = new NpgsqlConnectionStringBuilder(TestPostGis.ConnectionString) { Port = relay.Port, SearchPath = $"{schema},public", Timeout = 3, Pooling = false };
        try
        {
            await using var server = CoverageServer.OnStore($"postgis:{viaRelay}");
            var planner = await server.PlannerAsync("down-planner");
            var body = CoverageServer.Json("""{"type":"Feature","geometry":{"type":"Point","coordinates":[120.6,31.0]},"properties":{"name":"a","category":"clinic"}}""");
            Assert.Equal(HttpStatusCode.Created, (await planner.PostAsync("/api/facilities", body)).StatusCode);

            relay.Stop();
            var write = await planner.PostAsync("/api/facilities", CoverageServer.Json("""{"type":"Feature","geometry":{"type":"Point","coordinates":[120.6,31.0]},"properties":{"name":"b","category":"clinic"}}"""));
            await Problem.ReadAsync(write, HttpStatusCode.ServiceUnavailable);
            var health = JsonDocument.Parse(await server.CreateClient().GetStringAsync("/api/health")).RootElement;
            Assert.Equal("degraded", health.GetProperty("status").GetString());
            Assert.Equal(HttpStatusCode.OK, (await server.CreateClient().GetAsync("/api/categories")).StatusCode); // seeds need no store
        }
        finally
        {
            await using var admin = new NpgsqlConnection(TestPostGis.ConnectionString);
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", admin).ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Bad_requests_in_Development_still_get_problems_without_stack_traces()
    {
        await using var server = CoverageServer.OnGeoPackage(new() { ["environment"] = "Development" });
        var client = server.CreateClient();
        var response = await client.GetAsync("/api/facilities?bbox=" + new string('9', 400) + ",1,2,3");
        await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        var body = await (await client.GetAsync("/api/isochrones?lon=120.6&lat=31&minutes=-5")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("Exception", body);
    }

    static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
