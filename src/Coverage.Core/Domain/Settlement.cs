using System.Text.Json.Serialization;
using NetTopologySuite.Geometries;

namespace Coverage.Core.Domain;

public enum SettlementKind
{
    /// <summary>行政村</summary>
    AdministrativeVillage,
    /// <summary>自然村</summary>
    NaturalVillage,
    /// <summary>社区</summary>
    Community,
}

/// <summary>
/// A place where people live: a point or a (Multi)Polygon in WGS84, with its population and elderly (60+) population.
/// </summary>
public sealed record Settlement
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public SettlementKind Kind { get; init; } = SettlementKind.AdministrativeVillage;
    /// <summary>Town or sub-district (镇/街道) name.</summary>
    public required string Town { get; init; }
    /// <summary>Statistical admin code (统计用区划代码, 12 digits) when known.</summary>
    public string? AdminCode { get; init; }
    /// <summary>For a natural village, the id of its administrative village.</summary>
    public string? ParentId { get; init; }
    public required Geometry Geometry { get; init; }
    public int Population { get; init; }
    /// <summary>Residents aged 60 and over.</summary>
    public int Elderly { get; init; }
    /// <summary>Urban (城镇) or rural (农村): for the urban/rural gap.</summary>
    public bool Urban { get; init; }
    public string Source { get; init; } = "";
    public string? SourceId { get; init; }

    /// <summary>The stored row's version, set by the plan store on read; not part of the settlement's data (not serialised).</summary>
    [JsonIgnore]
    public VersionStamp? Stamp { get; init; }
}
