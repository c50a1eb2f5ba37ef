using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using OsmSharp;
using OsmSharp.Tags;

namespace Coverage.Storage.Import;

/// <summary>A piece of water for the offline basemap: "water" (an area: lake, pond, canal drawn as an area) or "canal"/"river" (a line).</summary>
public sealed record WaterFeature(Geometry Geometry, string Kind, string? Name);

/// <summary>
/// Water for drawing, not routing: from a region's water*.geojson when it has one, else from the extract's tags
/// (natural=water, landuse=reservoir|basin, waterway=riverbank as areas; waterway=river|stream|canal|ditch|drain as lines).
/// Multipolygon relations (large lakes) are counted, not assembled.
/// </summary>
public static class OsmWater
{
    static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    public sealed record Result(IReadOnlyList<WaterFeature> Features, int SkippedRelations);

    public static Result FromExtract(string path)
    {
        var ways = new List<(long[] Nodes, string Kind, string? Name)>();
        var needed = new HashSet<long>();
        int relations = 0;
        foreach (var geo in OsmRows.Open(path))
        {
            if (geo is Relation r && KindOf(r.Tags, closed: true) is not null) relations++;
            if (geo is not Way { Nodes.Length: >= 2 } way) continue;
            bool closed = way.Nodes.Length >= 4 && way.Nodes[0] == way.Nodes[^1];
            if (KindOf(way.Tags, closed) is not { } kind) continue;
            ways.Add((way.Nodes, kind, Name(way.Tags)));
            needed.UnionWith(way.Nodes);
        }
        var coords = new Dictionary<long, Coordinate>(needed.Count);
        if (needed.Count > 0)
            foreach (var geo in OsmRows.Open(path))
                if (geo is Node { Id: { } id, Longitude: { } lon, Latitude: { } lat } && needed.Contains(id))
                    coords[id] = new Coordinate(lon, lat);
        var features = new List<WaterFeature>(ways.Count);
        foreach (var (nodes, kind, name) in ways)
        {
            // A way cut at the extract's edge is drawn as far as its nodes go; an area that lost nodes becomes its outline.
            var line = nodes.Where(coords.ContainsKey).Select(n => coords[n]).ToArray();
            if (line.Length < 2) continue;
            bool ring = kind == "water" && line.Length >= 4 && line[0].Equals2D(line[^1]) && line.Length == nodes.Length;
            Geometry g = ring ? Factory.CreatePolygon(line) : Factory.CreateLineString(line);
            features.Add(new WaterFeature(g, ring || kind != "water" ? kind : "canal", name));
        }
        return new Result(features, relations);
    }

    /// <summary>A region's own water table (GeoJSON FeatureCollection of lines or polygons; properties.kind/name optional).</summary>
    public static IReadOnlyList<WaterFeature> FromGeoJson(string path)
    {
        var options = new JsonSerializerOptions { Converters = { new GeoJsonConverterFactory() } };
        FeatureCollection? fc;
        try
        {
            using var file = File.OpenRead(path);
            fc = JsonSerializer.Deserialize<FeatureCollection>(file, options);
        }
        catch (JsonException e)
        {
            throw new ImportFormatException($"水系文件不是有效的 GeoJSON：{path}（{e.Message}）", $"the water file is not valid GeoJSON: {path} ({e.Message})");
        }
        return (fc ?? []).Where(f => f.Geometry is { IsEmpty: false })
            .Select(f => new WaterFeature(f.Geometry, f.Geometry is Polygon or MultiPolygon ? "water" : LineKind(f.Attributes?.GetOptionalValue("kind") as string),
                f.Attributes?.GetOptionalValue("name") as string))
            .ToList();
    }

    static string? KindOf(TagsCollectionBase? tags, bool closed)
    {
        if (tags is null) return null;
        if (closed && (tags.Contains("natural", "water") || tags.Contains("landuse", "reservoir") || tags.Contains("landuse", "basin")
                       || tags.Contains("waterway", "riverbank")))
            return "water";
        return tags.TryGetValue("waterway", out var w) && w is "river" or "stream" or "canal" or "ditch" or "drain" ? LineKind(w) : null;
    }

    static string LineKind(string? waterway) => waterway is "river" or "stream" ? "river" : "canal";

    static string? Name(TagsCollectionBase? tags) =>
        tags is null ? null : tags.TryGetValue("name:zh", out var zh) ? zh : tags.TryGetValue("name", out var n) ? n : null;
}
