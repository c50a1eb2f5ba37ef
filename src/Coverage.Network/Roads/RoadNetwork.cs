using System.Diagnostics;
using System.Runtime.CompilerServices;
using Coverage.Core.Geo;
using Coverage.Network.Graph;
using Coverage.Network.Osm;
using NetTopologySuite.Geometries;

[assembly: InternalsVisibleTo("Coverage.Network.Tests")]

namespace Coverage.Network.Roads;

/// <summary>
/// Builds the pedestrian network from a planner's own road layer, as ArcGIS Network Analyst does from any line
/// layer: each feature's attributes become OSM-style tags (<see cref="RoadMapping"/>) judged by the same
/// <see cref="PedestrianAccess"/> rules as OSM ways, the walkable lines are noded (<see cref="RoadNoder"/>), and the
/// OSM graph pipeline turns them into a <see cref="WalkGraph"/>. Way ids are −(feature number), so labels and
/// <see cref="EdgeWays"/> tell layer features from OSM ways.
/// </summary>
public static class RoadNetwork
{
    /// <summary>The walk graph of a road layer, its build figures and what the layer needed repaired.</summary>
    /// <param name="rules">Country rules; null: chosen from where the layer lies (<see cref="RoadRules.For"/>).</param>
    public static (WalkGraph Graph, NetworkBuildStats Stats, RoadBuildReport Report) Build(IEnumerable<GisFeature> features,
        RoadMapping? mapping = null, RoadNodingOptions? options = null, string layer = "roads", RoadRules? rules = null)
    {
        var clock = Stopwatch.StartNew();
        var (collector, report) = Collect(features, mapping, options, layer, rules);
        var (graph, stats) = OsmNetworkReader.Compress(collector, layer, "RoadLayer", clock);
        return (graph, stats, report);
    }

    /// <summary>
    /// The noded walkable lines as an <see cref="ExtractCollector"/> (node ids from <see cref="RoadNoder.FirstNodeId"/>,
    /// way ids −feature number, way names kept), for <see cref="ChainCompressor"/> or a merge with an OSM extract.
    /// Bad layers raise <see cref="NetworkInputException"/> naming <paramref name="layer"/> and the feature.
    /// </summary>
    /// <param name="networkVertices">Node positions (lon7, lat7) of the network the layer is merged into, if any: evidence
    /// for the topology verdict (see <see cref="RoadNoder"/>).</param>
    internal static (ExtractCollector Collector, RoadBuildReport Report) Collect(IEnumerable<GisFeature> features,
        RoadMapping? mapping = null, RoadNodingOptions? options = null, string layer = "roads", RoadRules? rules = null,
        IReadOnlySet<(long Lon7, long Lat7)>? networkVertices = null)
    {
        mapping ??= RoadMapping.Default;
        options ??= RoadNodingOptions.Default;
        var all = features as IReadOnlyList<GisFeature> ?? features.ToList();
        if (all.Count == 0) throw NoLines(layer, 0, "");
        rules ??= RulesByPlace(all);
        // Layers have one schema, but GeoJSON features may each carry their own properties: take them all.
        var columns = all.SelectMany(f => f.Attributes.Select(a => a.Key)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var fields = mapping.Resolve(columns, layer);

        var notWalkable = new Dictionary<string, int>();
        var unknown = new Dictionary<string, int>();
        var walkable = new List<WalkablePart>();
        var labels = new Dictionary<int, string?>();
        var otherTypes = new SortedSet<string>();
        int lineFeatures = 0, walkableFeatures = 0;
        foreach (var f in all)
        {
            var parts = LineParts(f, layer);
            if (parts == null)
            {
                otherTypes.Add(f.Geometry?.GeometryType ?? "null");
                Count(notWalkable, $"not a line ({f.Geometry?.GeometryType ?? "null"})");
                continue;
            }
            lineFeatures++;
            var tags = fields.Map(f, out var unknownClass);
            if (unknownClass != null) Count(unknown, unknownClass);
            var access = PedestrianAccess.Classify(tags.Tags, rules);
            if (!access.IsWalkable) { Count(notWalkable, access.Reason ?? "not walkable"); continue; }
            walkableFeatures++;
            labels[f.Number] = tags.Tags.Label;
            foreach (var part in parts) walkable.Add(new WalkablePart(f, tags, access, part));
        }
        if (lineFeatures == 0) throw NoLines(layer, all.Count, string.Join("、", otherTypes));
        if (walkable.Count == 0) throw NoneWalkable(layer, lineFeatures, notWalkable);

        var kept = DropDuplicates(walkable, out int duplicates);
        var box = new Envelope();
        foreach (var w in kept) foreach (var p in w.Part) box.ExpandToInclude(p.Lon, p.Lat);
        var projection = LocalProjection.ForExtent(box);
        var lines = kept.Select(w => new RoadLine(w.Feature.Number, w.Tags, w.Access,
            w.Part.Select(p => { var (x, y) = projection.Forward(p); return new Coordinate(x, y); }).ToArray(), w.Part)).ToList();
        double km = kept.Where(w => !w.Access.IsFerry).Sum(w => PartMetres(w.Part)) / 1000;

        var noder = new RoadNoder(lines, projection, options, networkVertices);
        var collector = noder.Node(n => labels.GetValueOrDefault(n), rules);
        collector.ResolveBridgeRuns(); // China: trunk bridge runs longer than the limit are elevated roads
        var c = noder.Counts;
        var report = new RoadBuildReport(layer, all.Count, lineFeatures, walkableFeatures, notWalkable, km,
            c.Crossings, c.GradeSeparated, c.TJunctions, c.DanglingJoined, c.VerticesMerged, duplicates, unknown,
            fields.Columns, fields.VehicleOnewayColumn, fields.TruncatedOsmTags)
        {
            JoinedFeatures = c.JoinedFeatures, Topology = c.Topology, TopologyChosen = options.Topology == RoadTopology.Auto,
            SharedVertices = c.SharedVertices, RepairsFound = c.RepairsFound,
        };
        return (collector, report);
    }

    /// <summary>The rules of the place at the centre of the layer's extent (an extract instead takes the majority of a sample of its nodes).</summary>
    static RoadRules RulesByPlace(IReadOnlyList<GisFeature> features)
    {
        var box = new Envelope();
        foreach (var f in features)
            if (f.Geometry is { IsEmpty: false } g) box.ExpandToInclude(g.EnvelopeInternal);
        return box.IsNull ? RoadRules.Default : RoadRules.For(box.Centre.X, box.Centre.Y);
    }

    static void Count(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    /// <summary>
    /// The parts of a line feature as WGS84 points (repeated consecutive points dropped, parts under two points
    /// skipped); null when the geometry is not a line. A NaN or out-of-range coordinate is an error naming the feature.
    /// </summary>
    static List<LonLat[]>? LineParts(GisFeature f, string layer)
    {
        var g = f.Geometry;
        if (g is not (LineString or MultiLineString)) return null;
        var parts = new List<LonLat[]>();
        for (int i = 0; i < g.NumGeometries; i++)
        {
            var points = new List<LonLat>();
            foreach (var c in ((LineString)g.GetGeometryN(i)).Coordinates)
            {
                if (!Geodesy.IsValidLonLat(c.X, c.Y)) throw BadCoordinate(layer, f.Number, c);
                var p = new LonLat(c.X, c.Y);
                if (points.Count == 0 || points[^1] != p) points.Add(p);
            }
            if (points.Count >= 2) parts.Add(points.ToArray());
        }
        return parts;
    }

    /// <summary>Drops lines whose vertices (to OSM's 1e-7°) repeat an earlier walkable line's, in either direction.</summary>
    static List<WalkablePart> DropDuplicates(List<WalkablePart> lines, out int dropped)
    {
        var seen = new HashSet<string>();
        var kept = new List<WalkablePart>(lines.Count);
        foreach (var line in lines)
        {
            var part = line.Part;
            var forward = string.Join(';', part.Select(Key));
            var backward = string.Join(';', part.Reverse().Select(Key));
            if (seen.Add(string.CompareOrdinal(forward, backward) <= 0 ? forward : backward)) kept.Add(line);
        }
        dropped = lines.Count - kept.Count;
        return kept;

        static string Key(LonLat p) => $"{Math.Round(p.Lon * WalkGraph.CoordScale)},{Math.Round(p.Lat * WalkGraph.CoordScale)}";
    }

    readonly record struct WalkablePart(GisFeature Feature, RoadTags Tags, WayAccess Access, LonLat[] Part);

    static double PartMetres(LonLat[] part)
    {
        double m = 0;
        for (int i = 1; i < part.Length; i++) m += Geodesy.DistanceMeters(part[i - 1].Lon, part[i - 1].Lat, part[i].Lon, part[i].Lat);
        return m;
    }

    static NetworkInputException NoLines(string layer, int features, string types) =>
        new(layer, $"道路图层中没有线要素：{layer}（共 {features} 个要素{(types.Length > 0 ? "，类型 " + types : "")}），请提供道路中心线（线）图层",
            $"The road layer has no line features: {layer} ({features} features{(types.Length > 0 ? ", of type " + types.Replace("、", ", ") : "")}). Give a layer of road centrelines.");

    static NetworkInputException NoneWalkable(string layer, int lines, Dictionary<string, int> reasons)
    {
        var top = string.Join(", ", reasons.OrderByDescending(kv => kv.Value).Take(3).Select(kv => $"{kv.Key} ×{kv.Value}"));
        return new(layer, $"道路图层中没有可步行的道路：{layer}（{lines} 条线均不可步行：{top}），请检查道路等级字段和属性映射文件",
            $"The road layer has no walkable roads: {layer} (none of {lines} lines is walkable: {top}). Check the class column and the mapping file.");
    }

    static NetworkInputException BadCoordinate(string layer, int feature, Coordinate c) =>
        new(layer, $"道路图层 {layer} 第 {feature} 个要素的坐标无效（{c.X}, {c.Y}），请修复或删除该要素，并确认坐标系",
            $"Road layer {layer}, feature {feature}: invalid coordinate ({c.X}, {c.Y}). Fix or delete the feature and check the coordinate system.");
}
