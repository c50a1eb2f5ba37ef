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

    /// <summary>Joins with OSM only where a layer vertex coincides with an OSM node (within <see cref="NodeSnapMetres"/>):
    /// no crossing without a shared vertex, no end drawn up to a way. Ends left where an overlap was dropped still join.</summary>
    public bool VerticesOnly { get; init; }

    /// <summary>When true (the default), a layer the noder found already noded (<see cref="RoadTopology.Noded"/>) is
    /// merged with <see cref="Noded"/> instead of these options; false makes these options apply to every layer.</summary>
    public bool FollowLayerTopology { get; init; } = true;

    public static NetworkMergeOptions Default { get; } = new();

    /// <summary>
    /// For a noded layer, whose vertices are shared with OSM where they meet (as in a layer exported from OSM): joins
    /// only at coincident vertices (1 cm, OSM's 1e-7° grid), duplicates only where the layer lies on an OSM way (0.5 m).
    /// Measured on north-bayreuth with half its lanes as a Shapefile: max |Δ| 0.000 s, where the defaults give 1.34 s.
    /// </summary>
    public static NetworkMergeOptions Noded { get; } = new()
    {
        OverlapMetres = 0.5, JoinMetres = 0.01, NodeSnapMetres = 0.01, VerticesOnly = true, FollowLayerTopology = false,
    };

    /// <summary>The options a layer of the given topology is merged with: <see cref="Noded"/> for a noded layer when
    /// these follow the layer, else these.</summary>
    public NetworkMergeOptions For(RoadTopology topology) => FollowLayerTopology && topology == RoadTopology.Noded ? Noded : this;

    /// <summary>The options as one invariant text line, for cache keys and reports.</summary>
    public string KeyText() => string.Create(CultureInfo.InvariantCulture,
        $"overlap={OverlapMetres:R};bearing={MaxBearingDegrees:R};stretch={MinStretchMetres:R};join={JoinMetres:R};node={NodeSnapMetres:R}" +
        $";vertices={VerticesOnly};follow={FollowLayerTopology}");
}
