using System.Net;
using System.Text.Json;
using Coverage.Server.Region;
using Coverage.Server.Tests.Support;
using Coverage.TestSupport;
using Npgsql;

namespace Coverage.Server.Tests;

/// <summary>
/// The database goes away and comes back under a running server: writes answer 503 with Retry-After, the analysis keeps
/// answering from memory, health says degraded and why, and the first write after the database returns is stored.
/// </summary>
public sealed class StoreOutageTests
{
    const string Circle = "/api/coverage/culture-10";

    static StringContent Facility(string name) => CoverageServer.Json(
        $$$"""{"type":"Feature","geometry":{"type":"Point","coordinates":[120.6,31.0]},"properties":{"name":"{{{name}}}","category":"clinic"}}""");

    [Fact]
    public async Task PostGIS_stopped_and_started_under_the_server_loses_no_acknowledged_write_and_needs_no_restart()
    {
        await using var cluster = await ThrowawayPostGis.StartAsync();
        await using var server = CoverageServer.OnStore($"postgis:{cluster.ConnectionString}");
        var planner = await server.PlannerAsync("outage-planner");
        var reader = server.CreateClient();
        var imported = await FacilityIdsAsync(cluster.ConnectionString);

        var acknowledged = new List<string> { await CreatedIdAsync(await planner.PostAsync("/api/facilities", Facility("before"))) };
        var before = await reader.GetAsync(Circle);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        var coverageBefore = await before.Content.ReadAsStringAsync();
        await FillPoolAsync(reader, cluster.ConnectionString);

        await cluster.StopAsync();
        var refused = await planner.PostAsync("/api/facilities", Facility("during"));
        var problem = await Problem.ReadAsync(refused, HttpStatusCode.ServiceUnavailable);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) > 0);
        Assert.Contains("PostGIS", problem.Detail);

        var during = await reader.GetAsync(Circle);
        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        Assert.Equal(coverageBefore, await during.Content.ReadAsStringAsync()); // the same figures, from memory
        Assert.True(during.Headers.Contains(PlanAnalysis.StaleHeader));
        Assert.Contains("内存", Uri.UnescapeDataString(during.Headers.GetValues(PlanAnalysis.StaleReasonHeader).Single()));

        var health = JsonDocument.Parse(await reader.GetStringAsync("/api/health")).RootElement;
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Contains("connection refused", health.GetProperty("store").GetProperty("error").GetString());
        Assert.True(health.GetProperty("plan").GetProperty("servingFromMemory").GetBoolean());

        await cluster.StartAgainAsync();
        acknowledged.Add(await CreatedIdAsync(await planner.PostAsync("/api/facilities", Facility("after")))); // the very first write
        var after = await reader.GetAsync(Circle);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.False(after.Headers.Contains(PlanAnalysis.StaleHeader));
        Assert.Equal("ok", JsonDocument.Parse(await reader.GetStringAsync("/api/health")).RootElement.GetProperty("status").GetString());

        // A restart nobody noticed (no request while it was down): every pooled connection is dead, and the first write
        // used to get one of them ("terminating connection due to administrator command", 503).
        await FillPoolAsync(reader, cluster.ConnectionString);
        await cluster.StopAsync();
        await cluster.StartAgainAsync();
        acknowledged.Add(await CreatedIdAsync(await planner.PostAsync("/api/facilities", Facility("after restart"))));

        var stored = await FacilityIdsAsync(cluster.ConnectionString);
        Assert.Equal(imported.Count + 3, stored.Count);
        Assert.Equal(imported.Concat(acknowledged).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_hung_PostGIS_answers_health_and_writes_with_degraded_and_503_and_the_analysis_from_memory()
    {
        var target = new NpgsqlConnectionStringBuilder(TestPostGis.ConnectionString);
        await using var relay = new TcpRelay(target.Host!, target.Port);
        var schema = "hung_" + Guid.NewGuid().ToString("N")[..12];
        await ExecAsync(TestPostGis.ConnectionString, $"CREATE SCHEMA {schema}");
        // No timeouts in the connection string: the store's own bounds apply.
        var viaRelay = new NpgsqlConnectionStringBuilder(TestPostGis.ConnectionString) { Port = relay.Port, SearchPath = $"{schema},public" };
        try
        {
            await using var server = CoverageServer.OnStore($"postgis:{viaRelay}");
            var planner = await server.PlannerAsync("hung-planner");
            var reader = server.CreateClient();
            reader.Timeout = planner.Timeout = TimeSpan.FromSeconds(60); // a bound for the test only, far above the store's
            await CreatedIdAsync(await planner.PostAsync("/api/facilities", Facility("before")));
            var coverageBefore = await reader.GetStringAsync(Circle);

            relay.Hang();
            var health = JsonDocument.Parse(await reader.GetStringAsync("/api/health")).RootElement;
            Assert.Equal("degraded", health.GetProperty("status").GetString());
            Assert.Contains("did not answer", health.GetProperty("store").GetProperty("error").GetString());
            var write = await planner.PostAsync("/api/facilities", Facility("hung"));
            await Problem.ReadAsync(write, HttpStatusCode.ServiceUnavailable);
            Assert.True(write.Headers.Contains("Retry-After"));
            var during = await reader.GetAsync(Circle);
            Assert.Equal(HttpStatusCode.OK, during.StatusCode);
            Assert.Equal(coverageBefore, await during.Content.ReadAsStringAsync());
            Assert.True(during.Headers.Contains(PlanAnalysis.StaleHeader));

            relay.Resume();
            await CreatedIdAsync(await planner.PostAsync("/api/facilities", Facility("resumed")));
        }
        finally
        {
            await ExecAsync(TestPostGis.ConnectionString, $"DROP SCHEMA {schema} CASCADE");
        }
    }

    [Fact]
    public async Task After_recovery_a_slow_store_whose_late_answer_shows_a_new_write_rebuilds_the_analysis()
    {
        var target = new NpgsqlConnectionStringBuilder(TestPostGis.ConnectionString);
        await using var relay = new TcpRelay(target.Host!, target.Port);
        var schema = "late_" + Guid.NewGuid().ToString("N")[..12];
        await ExecAsync(TestPostGis.ConnectionString, $"CREATE SCHEMA {schema}");
        var direct = new NpgsqlConnectionStringBuilder(TestPostGis.ConnectionString) { SearchPath = $"{schema},public" };
        // Waits long enough for the slow relay below: only the analysis's own 2 s budget runs out.
        var viaRelay = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Port = relay.Port, Timeout = 30, CommandTimeout = 30, SslMode = SslMode.Disable };
        try
        {
            await using var server = CoverageServer.OnStore($"postgis:{viaRelay}");
            var reader = server.CreateClient();
            reader.Timeout = TimeSpan.FromSeconds(120);
            Assert.False((await reader.GetAsync(Circle)).Headers.Contains(PlanAnalysis.StaleHeader));
            var near = JsonDocument.Parse(await reader.GetStringAsync("/api/facilities")).RootElement.GetProperty("features")[0]
                .GetProperty("geometry").GetProperty("coordinates");

            relay.Refuse(); // the store goes down: the analysis answers from memory, and the outage is known
            Assert.True((await reader.GetAsync(Circle)).Headers.Contains(PlanAnalysis.StaleHeader));

            // It comes back slow (each message held half a second longer than the 2 s budget, so no read's check can answer
            // within the budget), and another server writes to it meanwhile.
            relay.Flow(PlanAnalysis.FreshnessBudget + TimeSpan.FromSeconds(0.5));
            const string id = "late-write";
            await using (var other = await Coverage.Storage.PostGis.PostGisStore.OpenAsync(direct.ConnectionString))
                await other.UpsertFacilitiesAsync([new Coverage.Core.Domain.Facility
                {
                    Id = id, Category = "clinic", Name = "恢复后新建", Source = "test",
                    Geometry = new NetTopologySuite.Geometries.Point(near[0].GetDouble(), near[1].GetDouble()) { SRID = 4326 },
                }], "other-server");
            Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/isochrones?facility={id}&minutes=5")).StatusCode);

            // Each read gives up after the budget; before, the check's later success was thrown away and every read answered
            // from memory for as long as the store stayed slow. Now it confirms the plan (rebuilding it with the new write).
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            HttpResponseMessage read;
            do read = await reader.GetAsync(Circle);
            while (read.Headers.Contains(PlanAnalysis.StaleHeader) && DateTime.UtcNow < deadline);
            Assert.False(read.Headers.Contains(PlanAnalysis.StaleHeader), "the analysis still answers from memory after the store came back");
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/isochrones?facility={id}&minutes=5")).StatusCode);
            relay.Flow(TimeSpan.Zero);
        }
        finally
        {
            await ExecAsync(TestPostGis.ConnectionString, $"DROP SCHEMA {schema} CASCADE");
        }
    }

    static async Task<string> CreatedIdAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"expected 201, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("properties").GetProperty("id").GetString()!;
    }

    /// <summary>The facility ids in the store, read straight from PostgreSQL (not through the server).</summary>
    static async Task<List<string>> FacilityIdsAsync(string connection)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT id FROM facilities", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await r.ReadAsync()) ids.Add(r.GetString(0));
        return ids;
    }

    /// <summary>Several pooled connections, as under load (checked on the database: a test that cannot fail proves nothing).</summary>
    static async Task FillPoolAsync(HttpClient reader, string connection)
    {
        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => reader.GetStringAsync("/api/facilities")));
        Assert.True(await ServerSessionsAsync(connection) >= 2);
    }

    /// <summary>Sessions the server holds open on the database (its pooled connections).</summary>
    static async Task<long> ServerSessionsAsync(string connection)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    static async Task ExecAsync(string connection, string sql)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await new NpgsqlCommand(sql, conn).ExecuteNonQueryAsync();
    }
}
