using System.CommandLine;
using Coverage.Server.Region;
using Coverage.Server.Web;
using Coverage.Storage;

namespace Coverage.Server.Cli;

/// <summary>The plan store a CLI verb works on: the one the server would use with the same --region and --store.</summary>
public static class CliStore
{
    public static Option<string?> StoreOption() => new("--store")
    { Description = "存储 / Plan store: gpkg:PATH or postgis:CONNECTION (default: as the server, Coverage__Store or data/coverage-REGION.gpkg)" };

    public static Option<string?> RegionOption() => new("--region")
    { Description = "区域（默认库；导入时还检查范围与路网）/ Region whose default store to use, and for import whose extent and walking network rows are checked against (default: Coverage__Region or geodata/demo)" };

    /// <summary>The actor the edit log records for a CLI change.</summary>
    public static string DefaultActor => "cli:" + Environment.UserName;

    public static string RepoRoot => RepoPaths.RepoRoot() ?? Directory.GetCurrentDirectory();

    /// <summary>The region as configured for the server: --region, else Coverage__Region, else the demo county.</summary>
    public static string Region(string? region) =>
        region ?? Environment.GetEnvironmentVariable("Coverage__Region") ?? new CoverageOptions().Region;

    public static StoreLocation Locate(string? store, string? region) =>
        StoreLocation.Resolve(store ?? Environment.GetEnvironmentVariable("Coverage__Store"), RegionSource.NameOf(Region(region)), RepoRoot);

    public static Task<IPlanStore> OpenAsync(string? store, string? region, CancellationToken ct) => Locate(store, region).OpenAsync(ct);
}
