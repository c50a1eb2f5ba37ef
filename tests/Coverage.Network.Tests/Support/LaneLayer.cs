using Coverage.Network.Graph;
using Coverage.Network.Osm;

namespace Coverage.Network.Tests.Support;

/// <summary>
/// Splits an extract's collected ways in two, as a planner's layer would hold roads OSM lacks: the chosen ways leave
/// the OSM side and become a layer with their own node ids (≥ 2^50, as a road layer's synthetic nodes) and way ids
/// −(feature number), so they meet OSM only by position, never by a shared node id.
/// </summary>
internal static class LaneLayer
{
    public const long LayerNodeBase = 1L << 50;

    /// <summary>Village lanes: the highway values a county's own layer usually adds to OSM.</summary>
    public static readonly HashSet<string> LaneHighways = ["residential", "service", "track", "unclassified", "path"];

    /// <summary>Ids of the extract's ways whose highway=* is a village lane (osmium reads the tags).</summary>
    public static List<long> LaneWayIds(string extract) =>
        Osmium.Ways(extract).Where(w => w.Tags.TryGetValue("highway", out var h) && LaneHighways.Contains(h)).Select(w => w.Id).ToList();

    public static (ExtractCollector Osm, ExtractCollector Layer) Split(ExtractCollector full, IReadOnlySet<long> layerWayIds)
    {
        var osm = new ExtractCollector();
        var layer = new ExtractCollector();
        var layerNodes = new SortedSet<int>();
        for (int w = 0; w + 1 < full.WayStart.Count; w++)
            if (layerWayIds.Contains(full.WayId[w]))
                for (int r = full.WayStart[w]; r < full.WayStart[w + 1]; r++)
                    if (full.IndexOf(full.WayRefs[r]) is var i and >= 0) layerNodes.Add(i);
        for (int i = 0; i < full.NodeIds.Count; i++) osm.AddNode(full.NodeIds[i], full.NodeLat7[i], full.NodeLon7[i]);
        foreach (int i in layerNodes) layer.AddNode(LayerNodeBase + full.NodeIds[i], full.NodeLat7[i], full.NodeLon7[i]);

        int feature = 0;
        for (int w = 0; w + 1 < full.WayStart.Count; w++)
        {
            var refs = full.WayRefs.GetRange(full.WayStart[w], full.WayStart[w + 1] - full.WayStart[w]);
            var access = new WayAccess(full.WayFlags[w], full.WayFerrySeconds[w], null);
            if (!layerWayIds.Contains(full.WayId[w])) { osm.AddWay(access, refs.ToArray(), full.WayId[w], full.WayName[w]); continue; }
            layer.AddWay(access, refs.Select(id => LayerNodeBase + id).ToArray(), -(++feature), full.WayName[w]);
        }
        return (osm, layer);
    }

    /// <summary>A collector with the same nodes and ways (the merge and the compressor sort nodes in place).</summary>
    public static ExtractCollector Copy(ExtractCollector x) => Split(x, new HashSet<long>()).Osm;
}
