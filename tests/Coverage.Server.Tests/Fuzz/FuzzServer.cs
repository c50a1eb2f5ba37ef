using System.Net.Http.Headers;
using Coverage.Server.Tests.Support;

namespace Coverage.Server.Tests.Fuzz;

/// <summary>
/// One real server (Kestrel on a loopback port, GeoPackage store) for every fuzz property: Kestrel's own parser sees the
/// requests, as it would in use. Loopback clients are not rate limited, so thousands of what-if and siting requests are
/// answered rather than refused with 429. A planner token is issued for the writes.
/// </summary>
public sealed class FuzzServerFixture : IAsyncLifetime
{
    public CoverageServer Server { get; private set; } = null!;
    /// <summary>Anonymous client.</summary>
    public HttpClient Public { get; private set; } = null!;
    /// <summary>Client with a planner token.</summary>
    public HttpClient Planner { get; private set; } = null!;
    public string PlannerToken { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Server = CoverageServer.OnGeoPackage(new() { ["Coverage:RateLimit:ExemptLoopback"] = "true" });
        Server.UseKestrel(0);
        Public = Server.CreateClient();
        var issued = await (await Server.StoreAsync()).IssuePlannerTokenAsync("fuzz", "planner", "test");
        PlannerToken = issued.Secret;
        Planner = Server.CreateClient();
        Planner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PlannerToken);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class FuzzServerCollection : ICollectionFixture<FuzzServerFixture>
{
    public const string Name = "fuzz server";
}
