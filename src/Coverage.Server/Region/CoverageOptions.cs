namespace Coverage.Server.Region;

/// <summary>The "Coverage" configuration section (appsettings, COVERAGE__X environment variables, --region/--store switches).</summary>
public sealed class CoverageOptions
{
    public const string Section = "Coverage";

    /// <summary>A folder with an OSM extract and tables (settlements*.geojson, facilities*.geojson, towns*.geojson), or with a
    /// region.json written by `coverage region init` (docs/region-folder.md), or an extract path.
    /// Relative paths are taken from the repository root. Default: the synthetic demo county.</summary>
    public string Region { get; set; } = "geodata/demo";

    /// <summary>"gpkg:PATH" or "postgis:CONNECTION STRING". Default: data/coverage-REGION.gpkg under the repository root.</summary>
    public string? Store { get; set; }

    /// <summary>Graph cache file (default: the network cache's own folder).</summary>
    public string? GraphCache { get; set; }

    /// <summary>Origins allowed by CORS; empty = CORS closed (same-origin only).</summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>
    /// Facility statuses that count in every analysis view (coverage, what-if, siting base, reports): the one setting,
    /// named on each view. Ids: existing, under_construction, planned, proposed (or 现状/在建/规划/拟建). Default: existing and
    /// under construction; add planned to see "what the plan will give".
    /// </summary>
    public string[] CountedStatuses { get; set; } = ["existing", "under_construction"];

    /// <summary>Largest JSON body accepted (bytes); larger → 413.</summary>
    public long MaxJsonBytes { get; set; } = 5 * 1024 * 1024;

    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Tile URL template for the web map's basemap; null = draw the project's own network offline.</summary>
    public string? TileUrl { get; set; }
    public string? TileAttribution { get; set; }

    /// <summary>The circle the page opens on (a circle id from seeds/circles.json); default the 15-minute elderly circle.
    /// An id the region does not have falls back to the first circle.</summary>
    public string HeadlineCircle { get; set; } = "elderly-15";
}

/// <summary>Per-client limits on the expensive endpoints (isochrones, what-if, reports).</summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests per client IP per window.</summary>
    public int PermitsPerWindow { get; set; } = 60;
    public int WindowSeconds { get; set; } = 60;
    /// <summary>Loopback clients are not limited: for bench/load.sh only, never for a public server.</summary>
    public bool ExemptLoopback { get; set; }
}
