using System.IO.Compression;
using Coverage.Core.Geo;
using Coverage.Core.Seeds;
using NetTopologySuite.Geometries;
using OsmSharp;
using OsmSharp.Streams;

namespace Coverage.Storage.Import;

/// <summary>
/// Facilities or settlements from an OSM extract (.osm, .osm.gz, .osm.pbf), mapped by seeds/osm-tags.json.
/// Two streaming passes: ways first (to learn which nodes they need), then nodes. Nodes and ways are read;
/// relations are skipped and counted. A way mapped to a point kind is taken at a point inside it; closed
/// place=* ways become polygons. Population comes from the `population` tag when present.
/// </summary>
static class OsmRows
{
    static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    public static IEnumerable<RawRow> Read(string path, SeedCatalog seeds, bool settlements, ICollection<ImportWarning> warnings)
    {
        var wanted = new List<(Way Way, OsmTagRule Rule)>();
        var neededNodes = new HashSet<long>();
        int relations = 0, areasFromShape = 0;
        foreach (var geo in Open(path))
        {
            if (geo is Relation && Rule(seeds, geo, settlements) is not null) relations++;
            if (geo is not Way { Nodes.Length: >= 2 } way || Rule(seeds, way, settlements) is not { } rule) continue;
            wanted.Add((way, rule));
            neededNodes.UnionWith(way.Nodes);
        }
        var coords = new Dictionary<long, Coordinate>(neededNodes.Count);
        foreach (var geo in Open(path))
        {
            if (geo is not Node { Id: { } id, Longitude: { } lon, Latitude: { } lat } node) continue;
            // NaN or out-of-range coordinates: the node has no place (its ways then lack a node, and NTS fails on NaN).
            bool placed = Core.Geo.Geodesy.IsValidLonLat(lon, lat);
            if (placed && neededNodes.Contains(id)) coords[id] = new Coordinate(lon, lat);
            if (Rule(seeds, node, settlements) is not { } rule) continue;
            var row = Row(RowLocation.Osm("node", id), node, rule, placed ? Factory.CreatePoint(new Coordinate(lon, lat)) : null, $"node/{id}");
            yield return placed ? row : row with { GeometryError = ($"节点坐标 ({lon}, {lat}) 不是有效的经纬度", $"the node's coordinates ({lon}, {lat}) are not a valid longitude/latitude") };
        }
        foreach (var (way, rule) in wanted)
        {
            var where = RowLocation.Osm("way", way.Id ?? 0);
            var line = way.Nodes.Where(coords.ContainsKey).Select(n => coords[n]).ToArray();
            if (line.Length < way.Nodes.Length || line.Length < 2)
            {
                yield return Row(where, way, rule, null, $"way/{way.Id}") with
                { GeometryError = ("路径的节点不在文件中（提取范围截断）", "the way's nodes are not in the extract (cut at its edge)") };
                continue;
            }
            var geometry = WayGeometry(line, rule, seeds);
            // A facility drawn as an area (a pitch, a sports centre) is stored at a point inside: its ground area is kept as area_m2.
            string? area = null;
            if (rule.Settlement is null && geometry is Point && line.Length >= 4 && line[0].Equals2D(line[^1]))
            {
                area = Math.Round(GeoArea.SquareMetres(Factory.CreatePolygon(line)), 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                areasFromShape++;
            }
            yield return Row(where, way, rule, geometry, $"way/{way.Id}", area);
        }
        if (areasFromShape > 0)
            warnings.Add(new($"{areasFromShape} 个以面绘制的 OSM 设施没有面积标签，area_m2 按其多边形的椭球面积计",
                $"{areasFromShape} OSM facilities drawn as areas have no area tag; their area_m2 is the polygon's ground area"));
        if (relations > 0)
            warnings.Add(new($"跳过了 {relations} 个匹配的 OSM 关系（relation）", $"skipped {relations} matching OSM relations (only nodes and ways are read)"));
    }

    static Geometry WayGeometry(Coordinate[] line, OsmTagRule rule, SeedCatalog seeds)
    {
        bool isLine = rule.Category is { } c && seeds.FindCategory(c)?.FindKind(rule.Kind)?.Geometry == Core.Domain.FacilityGeometryKind.Line;
        if (isLine) return Factory.CreateLineString(line);
        bool closed = line.Length >= 4 && line[0].Equals2D(line[^1]);
        if (!closed) return Factory.CreateLineString(line).InteriorPoint;
        var polygon = Factory.CreatePolygon(line);
        // Settlements keep their area; point facilities mapped as areas (schools, parks) are taken at a point inside.
        if (rule.Settlement is not null) return polygon;
        return polygon.IsValid ? polygon.InteriorPoint : polygon.Centroid;
    }

    static RawRow Row(RowLocation where, OsmGeo geo, OsmTagRule rule, Geometry? geometry, string sourceId, string? areaM2 = null)
    {
        string? Tag(string k) => geo.Tags is not null && geo.Tags.TryGetValue(k, out var v) ? v : null;
        var fields = new Dictionary<string, string?>
        {
            [FieldNames.Id] = sourceId,
            [FieldNames.Name] = Tag("name:zh") ?? Tag("name") ?? Tag("name:en") ?? $"{rule} {sourceId}",
        };
        if (rule.Settlement is { } kind)
        {
            fields[FieldNames.Kind] = Core.Domain.DomainIds.ToId(kind);
            fields[FieldNames.Population] = Tag("population");
            fields[FieldNames.Town] = Tag("is_in:town") ?? Tag("addr:town");
        }
        else
        {
            fields[FieldNames.Category] = rule.Category;
            fields[FieldNames.Kind] = rule.Kind;
            // Only a tagged value is a column: an untagged element leaves a planner's stored capacity as it is.
            if (Tag("capacity") is { } capacity) fields[FieldNames.Capacity] = capacity;
            if (areaM2 is not null) fields[FieldNames.AreaM2] = areaM2;
            // start_date is free text in OSM ("~1990", "C19", "1990..1995"): only a plain date is taken, never a row error.
            if (Tag("start_date") is { } start && System.Text.RegularExpressions.Regex.IsMatch(start, @"^(19|20)\d\d(-\d\d(-\d\d)?)?$")
                && Core.Rules.FacilityRules.BuiltYear(int.Parse(start[..4], System.Globalization.CultureInfo.InvariantCulture)) is null)
                fields[FieldNames.BuiltYear] = start[..4];
        }
        return new RawRow(where, fields, geometry);
    }

    static OsmTagRule? Rule(SeedCatalog seeds, OsmGeo geo, bool settlements)
    {
        if (geo.Tags is not { Count: > 0 } tags) return null;
        var rule = seeds.MatchOsm(k => tags.TryGetValue(k, out var v) ? v : null);
        return rule is not null && (rule.Settlement is not null) == settlements ? rule : null;
    }

    /// <summary>
    /// A PBF's decoders report damaged bytes in their own ways: OsmSharp's zlib inflater as a bare <see cref="Exception"/>
    /// ("Adler chksum doesn't match") or an <see cref="IndexOutOfRangeException"/> from its Huffman tables, protobuf-net as an
    /// <see cref="OverflowException"/> for a varint past 64 bits. They only ever read the file's bytes, so whatever they throw
    /// is about the file; an error raised in our own code is not taken for damage.
    /// </summary>
    static bool IsPbfDecoderError(Exception e) =>
        ThrownIn(e.TargetSite?.DeclaringType?.FullName) || ThrownIn(FirstFrame(e.StackTrace));

    static bool ThrownIn(string? where) =>
        where is not null && (where.StartsWith("OsmSharp.IO.", StringComparison.Ordinal) || where.StartsWith("ProtoBuf.", StringComparison.Ordinal));

    /// <summary>The method of the innermost frame ("OsmSharp.IO.Zip.DeflaterHuffman.BitReverse(…)"): TargetSite was seen null
    /// for an IndexOutOfRangeException raised in OsmSharp's Huffman tables (the fuzz suite's case 234).</summary>
    static string? FirstFrame(string? stackTrace) =>
        stackTrace?.TrimStart() is { } t && t.IndexOf(' ') is var space and > 0 ? t[(space + 1)..] : null; // after "at" (or a translation)

    internal static IEnumerable<OsmGeo> Open(string path)
    {
        using var file = File.OpenRead(path);
        Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using (stream)
        {
            IEnumerable<OsmGeo> source;
            // XML through our own reader: OsmSharp's throws on a tag key repeated within one element (see OsmXmlElements).
            try { source = path.EndsWith(".pbf", StringComparison.OrdinalIgnoreCase) ? new PBFOsmStreamSource(stream) : OsmXmlElements.Read(stream); }
            catch (Exception e) when (e is InvalidOperationException or System.Xml.XmlException or InvalidDataException)
            {
                throw new ImportFormatException($"文件不是 OSM 数据：{e.Message}", $"file is not OSM data: {e.Message}");
            }
            using var items = source.GetEnumerator();
            while (true)
            {
                try { if (!items.MoveNext()) yield break; }
                catch (Exception ex) when (ex is InvalidOperationException or System.Xml.XmlException or InvalidDataException or ProtoBuf.ProtoException or IOException
                                           || IsPbfDecoderError(ex))
                {
                    throw new ImportFormatException($"文件不是 OSM 数据或已损坏：{ex.Message}", $"file is not OSM data or is damaged: {ex.Message}");
                }
                yield return items.Current;
            }
        }
    }
}
