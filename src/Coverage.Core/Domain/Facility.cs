using System.Text.Json.Serialization;
using NetTopologySuite.Geometries;

namespace Coverage.Core.Domain;

public enum FacilityStatus { Existing, UnderConstruction, Planned, Proposed }

/// <summary>
/// A public-service facility. Geometry is WGS84 (EPSG:4326): a Point for most categories, a LineString or
/// MultiLineString for fitness trails (entered anywhere along them).
/// </summary>
public sealed record Facility
{
    /// <summary>Stable id inside Coverage (e.g. "fac-000123").</summary>
    public required string Id { get; init; }
    /// <summary>Category id from seeds/categories.json (e.g. "elderly", "culture", "fitness", "bus-shelter").</summary>
    public required string Category { get; init; }
    /// <summary>Kind id within the category (e.g. "day-care-centre", "village-clinic"), or null.</summary>
    public string? Kind { get; init; }
    public required string Name { get; init; }
    public required Geometry Geometry { get; init; }
    public int? Capacity { get; init; }
    /// <summary>Year the facility was completed or opened (a planned one: the year it is due); the plan's "新增/新建" indicators count by it.</summary>
    public int? BuiltYear { get; init; }
    /// <summary>Usable area in m² (a sports venue's 场地面积), for per-capita area indicators; null when not known.</summary>
    public double? AreaM2 { get; init; }
    public FacilityStatus Status { get; init; } = FacilityStatus.Existing;
    /// <summary>Where the row came from (file name, "osm", "demo-synthetic", "planner:alice").</summary>
    public string Source { get; init; } = "";
    /// <summary>Id in the source data; re-imports are idempotent by (Source, SourceId).</summary>
    public string? SourceId { get; init; }
    /// <summary>Town (镇/街道) it belongs to, when known.</summary>
    public string? Town { get; init; }

    /// <summary>The stored row's version, set by the plan store on read; not part of the facility's data (not serialised).</summary>
    [JsonIgnore]
    public VersionStamp? Stamp { get; init; }
}
