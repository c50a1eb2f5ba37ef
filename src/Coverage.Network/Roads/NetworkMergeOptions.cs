using System.Globalization;

namespace Coverage.Network.Roads;

/// <summary>
/// Tolerances of <see cref="NetworkMerge"/>. Defaults are chosen for a surveyed county centreline layer beside OSM ways
/// traced from imagery: a rural road is 4–7 m wide and imagery in rural China is offset 2–5 m, so the two centrelines of
/// one road lie within about half a width plus that offset of each other.
/// </summary>
public sealed record NetworkMergeOptions
{
    /// <summary>A layer road lying within this distance of an OSM way (and running along it) is the same road (m).
    /// 8 m: half of a 7 m road plus a 4.5 m imagery offset; two distinct parallel lanes are rarely closer.</summary>
    public double OverlapMetres { get; init; } = 8;

    /// <summary>Largest bearing difference (undirected, degrees) for a layer road to count as running along an OSM way.
    /// 20°: centrelines of one road digitised twice differ by a few degrees; a road leaving at a junction differs by more.</summary>
    public double MaxBearingDegrees { get; init; } = 20;

    /// <summary>Shortest run of overlap that is dropped in the middle of a layer road (m); runs reaching the road's
    /// end are dropped at any length. 20 m keeps a road that merely touches or crosses an OSM way at a shallow angle.</summary>
    public double MinStretchMetres { get; init; } = 20;

    /// <summary>A layer road ending within this distance of an OSM way is joined to it (m). 6 m: a lane drawn up to the
    /// kerb of a 7–10 m road ends 3.5–5 m from its centreline; more would bridge canals and ditches of 水乡 villages.</summary>
    public double JoinMetres { get; init; } = 6;

    /// <summary>A junction this close to an existing OSM node uses that node instead of a new one (m).</summary>
    public double NodeSnapMetres { get; init; } = 1;

    public static NetworkMergeOptions Default { get; } = new();

    /// <summary>The options as one invariant text line, for cache keys and reports.</summary>
    public string KeyText() => string.Create(CultureInfo.InvariantCulture,
        $"overlap={OverlapMetres:R};bearing={MaxBearingDegrees:R};stretch={MinStretchMetres:R};join={JoinMetres:R};node={NodeSnapMetres:R}");
}
