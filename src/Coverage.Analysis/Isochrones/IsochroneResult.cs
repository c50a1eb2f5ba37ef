using Coverage.Core.Geo;
using Coverage.Network.Snapping;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Isochrones;

/// <summary>
/// One band of an isochrone: the area reached after more than <see cref="FromMinutes"/> and at most
/// <see cref="ToMinutes"/> (a ring, <see cref="Ring"/>), and everything reached by <see cref="ToMinutes"/>
/// (<see cref="Reach"/>). Geometries are valid WGS84 (Multi)Polygons. Demand figures count settlement samples whose
/// network time (legs included) falls in the band, so they agree with the coverage tables.
/// </summary>
public sealed record IsochroneBand
{
    public required double FromMinutes { get; init; }
    public required double ToMinutes { get; init; }
    public required Geometry Ring { get; init; }
    public required Geometry Reach { get; init; }
    public double AreaKm2 { get; init; }
    public double ReachAreaKm2 { get; init; }
    public double Population { get; init; }
    public double Elderly { get; init; }
    /// <summary>Settlements whose best-served sample is reached within this band.</summary>
    public required IReadOnlyList<string> SettlementIds { get; init; }
}

/// <summary>Nested bands from one origin (a point or a facility) under one walk profile.</summary>
public sealed record IsochroneResult
{
    public required LonLat Origin { get; init; }
    public string? FacilityId { get; init; }
    public required string Profile { get; init; }
    /// <summary>Where the origin joined the network (null for a trail facility, seeded along its length).</summary>
    public SnapResult? Snap { get; init; }
    public required IReadOnlyList<IsochroneBand> Bands { get; init; }
    /// <summary>Off-network allowance the reached ways were buffered by, in metres.</summary>
    public double AllowanceMetres { get; init; }
}
