namespace Coverage.Server.Tests.Support;

/// <summary>One server per store kind for a test class; tests use their own names and ids so they do not disturb each other.</summary>
public abstract class ServerFixture : IAsyncLifetime
{
    public CoverageServer Server { get; private set; } = null!;
    protected abstract CoverageServer Create();

    public Task InitializeAsync()
    {
        Server = Create();
        Server.CreateClient().Dispose(); // starts the host: region loaded, store imported
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class GeoPackageServerFixture : ServerFixture
{
    protected override CoverageServer Create() => CoverageServer.OnGeoPackage();
}

public sealed class PostGisServerFixture : ServerFixture
{
    protected override CoverageServer Create() => CoverageServer.OnPostGis();
}

/// <summary>The server on a real Kestrel socket (loopback, a free port), for what only a real HTTP server does.</summary>
public sealed class KestrelServerFixture : ServerFixture
{
    protected override CoverageServer Create()
    {
        var server = CoverageServer.OnGeoPackage();
        server.UseKestrel(0);
        return server;
    }
}

/// <summary>Test classes that share one real-socket server.</summary>
[CollectionDefinition(Name)]
public sealed class KestrelServerCollection : ICollectionFixture<KestrelServerFixture>
{
    public const string Name = "kestrel server";
}
