using Coverage.Core.Geo;
using Coverage.Network.Cache;
using Coverage.Network.Roads;
using Coverage.Storage.Import;

namespace Coverage.Server.Region;

/// <summary>
/// The walking network of an extract and road layers: the layers are read here (Storage's <see cref="GisLayerFile"/>,
/// any CRS to WGS84) and built and merged by Network (<see cref="MergedNetwork"/>), through the graph cache keyed by
/// every input (<see cref="NetworkSources"/>). The CLI and the region use this one composition.
/// </summary>
public static class NetworkInputs
{
    /// <summary>The graph of <paramref name="sources"/>, from the cache when every input is unchanged.</summary>
    public static WalkGraphLoad Load(NetworkSources sources, string? cachePath = null, IProgress<double>? progress = null)
    {
        foreach (var road in sources.Roads)
            CrsSpec.ParseOptional(road.Crs); // a bad --crs fails before any reading
        return sources.IsExtractOnly
            ? WalkGraphCache.LoadOrBuild(sources.Extract!, cachePath, progress)
            : WalkGraphCache.LoadOrBuild(sources, p => Build(sources, p), cachePath, progress);
    }

    static NetworkBuild Build(NetworkSources sources, IProgress<double>? progress)
    {
        var notes = new List<string>();
        var layers = sources.Roads.Select(r => Read(r, notes)).ToList();
        var built = MergedNetwork.Build(sources.Extract, layers, sources.Merge, progress: progress, rules: sources.Rules);
        return built with { Report = [.. notes, .. built.Report] };
    }

    /// <summary>One layer's features in WGS84 and its mapping; which CRS was used and why goes into the report.</summary>
    static RoadLayerFeatures Read(RoadLayerSource source, List<string> notes)
    {
        var warnings = new List<ImportWarning>();
        var crs = CrsSpec.ParseOptional(source.Crs);
        var layer = GisLayerFile.Read(source.Path, source.Layer, crs, null, warnings);
        notes.Add($"{source.Name} 坐标系 {layer.CrsName}（{layer.Reason.Zh}）/ {source.Name} coordinate system {layer.CrsName} ({layer.Reason.En})");
        notes.AddRange(warnings.Select(w => $"{source.Name}：{w.Zh} / {source.Name}: {w.En}"));
        var mapping = source.MappingPath == null ? null : RoadMapping.Load(source.MappingPath);
        return new RoadLayerFeatures(source.Name, layer.Features, mapping, source.Topology);
    }
}
