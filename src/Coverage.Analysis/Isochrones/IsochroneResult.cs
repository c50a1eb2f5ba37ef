using Coverage.Core.Geo;
using Coverage.Network.Snapping;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Isochrones;

/// <summary>
/// One band of an isochrone: the area reached after more than <see cref="FromMinutes"/> and at most
/// <see cref="ToMinutes"/> (a ring, <see cref="Ring"/>), and everything reached by <see cref="ToMinutes"/>
/// (<see cref="Reach"/>) under the coverage rule (snapped as a settlement sample, network time plus the off-network leg). Geometries are valid WGS84 (Multi)Polygons. Demand figures count settlement samples whose
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
    /// <summary>Edge of the fine grid cell the coverage time was contoured on, in metres.</summary>
    public double CellMetres { get; init; }
    /// <summary>
    /// How far from a band's edge a point may be drawn on the wrong side of it (the fine cell's diagonal), in metres;
    /// farther in or out, a point is inside the N-minute area exactly when the coverage rule reaches it within N minutes.
    /// </summary>
    public double ToleranceMetres { get; init; }
    /// <summary>Places snapped and timed to draw the bands (the rest of the grid is interpolated).</summary>
    public int SampledPoints { get; init; }
}
