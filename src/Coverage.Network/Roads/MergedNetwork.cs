using System.Diagnostics;
using Coverage.Core.Geo;
using Coverage.Network.Graph;
using Coverage.Network.Osm;

namespace Coverage.Network.Roads;

/// <summary>One road layer as read (features in WGS84), with the mapping that says how to walk its attributes.</summary>
/// <param name="Name">The layer's name in reports (file name, and layer for a GeoPackage).</param>
/// <param name="Topology">This layer's topology; Auto leaves it to the build's noding options (by default decided from the layer).</param>
public sealed record RoadLayerFeatures(string Name, IReadOnlyList<GisFeature> Features, RoadMapping? Mapping = null,
    RoadTopology Topology = RoadTopology.Auto);

/// <summary>A built network and the lines that say how: each road layer's build report, then each merge's report.</summary>
public sealed record NetworkBuild(WalkGraph Graph, NetworkBuildStats Stats, IReadOnlyList<string> Report);

/// <summary>
/// The walking network of an OSM extract and road layers together, alone or combined: each layer is noded on its own
/// (<see cref="RoadNetwork"/>) and merged in turn into the extract's ways (<see cref="NetworkMerge"/>), the first
/// layer standing in for OSM when there is no extract. Then the OSM pipeline compresses the result into one graph.
/// </summary>
public static class MergedNetwork
{
    /// <param name="rules">Country rules for the extract and every layer; null: the extract's place decides (else the first layer's).</param>
    public static NetworkBuild Build(string? extractPath, IReadOnlyList<RoadLayerFeatures> layers, NetworkMergeOptions? merge = null,
        RoadNodingOptions? noding = null, IProgress<double>? progress = null, RoadRules? rules = null)
    {
        if (extractPath == null && layers.Count == 0) throw new ArgumentException("An extract or a road layer is needed.", nameof(layers));
        var clock = Stopwatch.StartNew();
        var report = new List<string>();
        ExtractCollector? network = extractPath == null ? null : OsmNetworkReader.Collect(extractPath, progress, rules);
        // One rule set for the whole network: the given one, else the extract's (chosen by its place), else each layer's place.
        rules ??= network?.Rules;
        foreach (var layer in layers)
        {
            var layerNoding = layer.Topology == RoadTopology.Auto ? noding : (noding ?? RoadNodingOptions.Default) with { Topology = layer.Topology };
            var (collector, built) = RoadNetwork.Collect(layer.Features, layer.Mapping, layerNoding, layer.Name, rules,
                network == null ? null : WayVertices(network));
            report.AddRange(built.Lines());
            if (network == null) { network = collector; continue; }
            var options = (merge ?? NetworkMergeOptions.Default).For(built.Topology);
            network = NetworkMerge.Merge(network, collector, options, out var merged);
            report.Add(options.VerticesOnly
                ? $"合并 {layer.Name}（已成网：只在与 OSM 共享的顶点处连接，只舍弃与 OSM 重合的路段）/ merging {layer.Name} (noded: joined only at vertices shared with OSM, only stretches lying on OSM dropped):"
                : $"合并 {layer.Name}（按距离和方向：重叠 {options.OverlapMetres:0.#} m、{options.MaxBearingDegrees:0} °，端点接入 {options.JoinMetres:0.#} m）/ merging {layer.Name} (by distance and direction: overlap {options.OverlapMetres:0.#} m, {options.MaxBearingDegrees:0}°, end joins {options.JoinMetres:0.#} m):");
            report.AddRange(merged.Lines());
        }
        var source = string.Join(" + ", (extractPath == null ? [] : new[] { extractPath }).Concat(layers.Select(l => l.Name)));
        string format = extractPath == null ? "RoadLayer" : layers.Count == 0 ? OsmNetworkReader.FormatOf(extractPath).ToString()
            : OsmNetworkReader.FormatOf(extractPath) + "+RoadLayer";
        var (graph, stats) = OsmNetworkReader.Compress(network!, source, format, clock, progress);
        return new NetworkBuild(graph, stats, report);
    }

    /// <summary>Positions (lon7, lat7) of the nodes the network's walkable ways use: where a noded layer meets it.</summary>
    static HashSet<(long Lon7, long Lat7)> WayVertices(ExtractCollector network)
    {
        network.SortNodes();
        var set = new HashSet<(long, long)>();
        foreach (var id in network.WayRefs)
        {
            int i = network.IndexOf(id);
            if (i >= 0) set.Add((network.NodeLon7[i], network.NodeLat7[i]));
        }
        return set;
    }
}
