using Coverage.Core;
using Coverage.Storage;
using Coverage.Storage.GeoPackage;
using Coverage.Storage.PostGis;

namespace Coverage.Server.Region;

/// <summary>Which plan store to use: "gpkg:PATH" (embedded, the default) or "postgis:CONNECTION STRING".</summary>
public sealed record StoreLocation(string Kind, string Target)
{
    public const string GeoPackage = "gpkg", PostGis = "postgis";

    /// <summary>The configured store, or data/coverage-REGION.gpkg under <paramref name="baseDirectory"/>.</summary>
    public static StoreLocation Resolve(string? spec, string regionName, string baseDirectory)
    {
        if (string.IsNullOrWhiteSpace(spec))
            return new(GeoPackage, Path.Combine(baseDirectory, "data", $"coverage-{regionName}.gpkg"));
        int colon = spec.IndexOf(':');
        var kind = colon < 0 ? "" : spec[..colon].Trim().ToLowerInvariant();
        var target = colon < 0 ? "" : spec[(colon + 1)..].Trim();
        return kind switch
        {
            GeoPackage when target.Length > 0 => new(GeoPackage, Path.GetFullPath(target, baseDirectory)),
            PostGis when target.Length > 0 => new(PostGis, target),
            _ => throw new InputException($"存储配置应为 gpkg:路径 或 postgis:连接字符串，而不是“{spec}”",
                $"The store must be gpkg:PATH or postgis:CONNECTION STRING, not '{spec}'"),
        };
    }

    /// <summary>
    /// Opens (creating a missing GeoPackage and its folder); a PlanStoreException when it cannot. boundWaits: the server's
    /// short PostGIS waits, so a hung database answers 503 in seconds (the CLI waits as long as Npgsql does).
    /// </summary>
    public async Task<IPlanStore> OpenAsync(CancellationToken ct = default, bool boundWaits = false)
    {
        if (Kind == PostGis) return await PostGisStore.OpenAsync(Target, ct, boundWaits);
        Directory.CreateDirectory(Path.GetDirectoryName(Target)!);
        return await GeoPackageStore.OpenAsync(Target, ct: ct);
    }

    /// <summary>For logs and health: the file, or the connection string without its password.</summary>
    public override string ToString() => Kind == GeoPackage ? $"gpkg:{Target}" : $"postgis:{WithoutPassword(Target)}";

    static string WithoutPassword(string connection)
    {
        try
        {
            var b = new Npgsql.NpgsqlConnectionStringBuilder(connection);
            if (b.Password is not null) b.Password = "***";
            return b.ConnectionString;
        }
        catch (ArgumentException) { return "(invalid connection string)"; }
    }
}
