using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Coverage.Server.Region;
using Coverage.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Coverage.Server.Tests.Support;

/// <summary>
/// The real server (WebApplicationFactory over Program) on the committed demo region with a real store:
/// a GeoPackage in a temp folder, or a fresh schema on the test PostGIS.
/// </summary>
public sealed class CoverageServer : WebApplicationFactory<Program>
{
    readonly Dictionary<string, string?> _settings;
    readonly Func<Task>? _cleanup;

    CoverageServer(string store, Dictionary<string, string?>? extra, Func<Task>? cleanup)
    {
        _settings = new() { ["Coverage:Store"] = store, ["Coverage:Region"] = "geodata/demo" };
        foreach (var (k, v) in extra ?? []) _settings[k] = v;
        _cleanup = cleanup;
        StoreSpec = store;
    }

    public string StoreSpec { get; }

    public static CoverageServer OnGeoPackage(Dictionary<string, string?>? extra = null)
    {
        var dir = Directory.CreateTempSubdirectory("coverage-server-tests-").FullName;
        return new CoverageServer($"gpkg:{Path.Combine(dir, "plan.gpkg")}", extra, () =>
        {
            Directory.Delete(dir, recursive: true);
            return Task.CompletedTask;
        });
    }

    public static CoverageServer OnPostGis(Dictionary<string, string?>? extra = null)
    {
        var schema = "srv_" + Guid.NewGuid().ToString("N")[..16];
        var admin = TestPostGis.ConnectionString;
        Exec(admin, $"CREATE SCHEMA {schema}");
        var conn = new NpgsqlConnectionStringBuilder(admin) { SearchPath = $"{schema},public" }.ConnectionString;
        return new CoverageServer($"postgis:{conn}", extra, () => { Exec(admin, $"DROP SCHEMA {schema} CASCADE"); return Task.CompletedTask; });
    }

    /// <summary>A server whose store is configured as given (e.g. an unreachable PostGIS).</summary>
    public static CoverageServer OnStore(string store, Dictionary<string, string?>? extra = null) => new(store, extra, null);

    static void Exec(string connection, string sql)
    {
        using var c = new NpgsqlConnection(connection);
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
    }

    public RegionHost Region => Services.GetRequiredService<RegionHost>();

    public async Task<IPlanStore> StoreAsync() => await Region.StoreAsync();

    /// <summary>A client carrying a freshly issued planner token named <paramref name="name"/>.</summary>
    public async Task<HttpClient> PlannerAsync(string name)
    {
        var issued = await (await StoreAsync()).IssuePlannerTokenAsync(name, "planner", "test");
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Secret);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_cleanup is not null) await _cleanup();
    }

    public static StringContent Json(string json, string contentType = "application/json") => new(json, Encoding.UTF8, contentType);

    public static StringContent Json(object body) => Json(JsonSerializer.Serialize(body));
}
