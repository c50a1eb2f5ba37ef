using Coverage.Analysis.Region;
using Coverage.Core;
using Coverage.Core.Geo;
using Coverage.Network.Cache;
using Coverage.Network.Graph;
using Coverage.Network.Roads;
using Coverage.Storage.Import;

namespace Coverage.Server.Region;

/// <summary>
/// A region's walking graph as every consumer (server, CLI verbs, `region init`) uses it: the extract's cached graph,
/// clipped to the county boundary plus its margin when the region has one (<see cref="Clip"/> says what was kept).
/// </summary>
public sealed record RegionNetwork(WalkGraphLoad Load, WalkGraph Graph, RegionScope? Scope, WalkGraphClipResult? Clip)
{
    /// <summary>Loads (or builds and caches) the extract's graph, then clips it. The cache holds the whole extract's graph.</summary>
    public static RegionNetwork Open(RegionSource source, string? cachePath, IProgress<double>? progress = null) =>
        Open(source, ScopeOf(source), cachePath, progress);

    /// <summary>As <see cref="Open(RegionSource, string?, IProgress{double}?)"/> with the boundary already read.</summary>
    public static RegionNetwork Open(RegionSource source, RegionScope? scope, string? cachePath, IProgress<double>? progress = null)
    {
        var load = NetworkInputs.Load(SourcesOf(source), cachePath, progress);
        if (scope is null) return new(load, load.Graph, null, null);
        var clip = WalkGraphClip.Clip(load.Graph, scope.Buffered);
        return new(load, clip.Graph, scope, clip);
    }

    /// <summary>The extract and the region's road layers and rules (region.json), merged and cached as `network build --roads` does.</summary>
    public static NetworkSources SourcesOf(RegionSource source) =>
        new(source.Extract, (source.Roads ?? []).Select(r => new RoadLayerSource(r.Path, r.Layer, r.Crs, r.Mapping, RoadTopologyNames.Parse(r.Topology))).ToList(),
            NetworkMergeOptions.Default, Coverage.Network.Osm.RoadRules.Parse(source.Rules));

    /// <summary>The region's boundary and margin, or null when it has none.</summary>
    public static RegionScope? ScopeOf(RegionSource source) =>
        source.Boundary is { } b ? RegionScope.Of(BoundaryFile.Read(b.Path, CrsSpec.ParseOptional(b.Crs)).Polygon, b.MarginMetres) : null;
}
