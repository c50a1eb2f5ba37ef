using Coverage.Analysis.Region;
using Coverage.Core;
using Coverage.Core.Geo;
using Coverage.Network.Cache;
using Coverage.Network.Graph;
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
        // Seam for i11-merge: source.Roads (the planner's road layers) join the extract through NetworkSources here;
        // until then the graph is the extract's alone and the layers are only carried in the manifest.
        var load = WalkGraphCache.LoadOrBuild(source.Extract, cachePath, progress);
        if (scope is null) return new(load, load.Graph, null, null);
        var clip = WalkGraphClip.Clip(load.Graph, scope.Buffered);
        return new(load, clip.Graph, scope, clip);
    }

    /// <summary>The region's boundary and margin, or null when it has none.</summary>
    public static RegionScope? ScopeOf(RegionSource source) =>
        source.Boundary is { } b ? RegionScope.Of(BoundaryFile.Read(b.Path, ParseCrs(b.Crs)).Polygon, b.MarginMetres) : null;

    /// <summary>A CRS id as the importers take it (wgs84, gcj02, bd09); null is WGS84.</summary>
    public static SourceCrs ParseCrs(string? id) =>
        id is null ? SourceCrs.Wgs84
        : ChinaCoordinates.TryParse(id, out var crs) ? crs
        : throw new InputException($"坐标系“{id}”未知；可选 wgs84、gcj02、bd09", $"Unknown coordinate system '{id}'; use wgs84, gcj02 or bd09");
}
