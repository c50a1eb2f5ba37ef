using Coverage.Core.Domain;
using Coverage.Network.Snapping;

namespace Coverage.Analysis;

/// <summary>How a region is analysed. Defaults follow DESIGN.md; every number is documented where it is used.</summary>
public sealed record AnalysisOptions
{
    public static AnalysisOptions Default { get; } = new();

    /// <summary>A place farther than this from every walkable way is reported, not snapped (DESIGN.md: 500 m).</summary>
    public double MaxSnapMetres { get; init; } = Snapper.DefaultMaxMetres;

    /// <summary>
    /// Facility statuses that count as sources. Existing and under-construction by default; add Planned/Proposed
    /// for a scenario ("what the plan will give").
    /// </summary>
    public IReadOnlySet<FacilityStatus> CountedStatuses { get; init; } =
        new HashSet<FacilityStatus> { FacilityStatus.Existing, FacilityStatus.UnderConstruction };

    /// <summary>Grid spacing for polygon settlements: null = chosen from the area (100–200 m, ~30 samples).</summary>
    public double? SampleSpacingMetres { get; init; }

    /// <summary>Bounds of the area-based spacing.</summary>
    public double MinSpacingMetres { get; init; } = 100;
    public double MaxSpacingMetres { get; init; } = 200;
    /// <summary>The spacing aims at about this many samples per polygon (within the bounds).</summary>
    public int TargetSamplesPerPolygon { get; init; } = 30;

    /// <summary>
    /// Fine grid cell of isochrones, in metres: the coverage time is contoured on this grid, so a band's edge is exact
    /// to within a cell (its diagonal, 14 m at 10 m) — small against a 5-minute walk (360 m) and a village's samples.
    /// </summary>
    public double IsochroneCellMetres { get; init; } = 10;

    /// <summary>
    /// Threads the region's parallel work runs on (null = every core): sampling and snapping settlements, the circles'
    /// searches and scoring, 2SFCA's facility searches, an isochrone's time field. Results do not depend on it: each
    /// settlement, sample, search and field vertex has its own slot, filled the same way whichever thread fills it; 1 runs in line.
    /// </summary>
    public int? Parallelism { get; init; }
}
