using System.Text.Json;
using Coverage.Core.Rules;
using NetTopologySuite.Geometries;

namespace Coverage.Server.Api;

/// <summary>
/// A GeoJSON geometry from a request (RFC 7946: WGS84, lon first): Point, LineString, MultiLineString or Polygon. The
/// JSON shape is checked here; what the geometry may be (vertex cap, range, region, swaps, validity) by
/// <see cref="GeometryRules"/>, as for imported files. One problem per geometry: the first bad position is named, and
/// an oversized geometry is refused from its vertex count before any of it is built.
/// </summary>
public sealed class GeometryInput(double[] regionBbox)
{
    static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);
    readonly GeometryRules _rules = new(new Envelope(regionBbox[0], regionBbox[2], regionBbox[1], regionBbox[3]));

    /// <summary>The geometry, or null with the problem in fields; Polygon only where allowed (facilities, candidate parcels).</summary>
    public Geometry? Read(JsonElement? element, string where, JsonFields fields, bool allowPolygon = false)
    {
        if (element is not { } g) return null;
        var type = fields.Text(g, where, "type", required: true);
        if (type is null) return null;
        if (!JsonFields.TryGet(g, "coordinates", out var coords) || coords.ValueKind != JsonValueKind.Array)
        {
            fields.Add(where, "coordinates", "缺少坐标数组 coordinates", "coordinates is missing or not an array");
            return null;
        }
        string at = $"{where}.coordinates";
        if (GeometryRules.VertexCount(Positions(coords, type == "Point" ? 0 : type == "LineString" ? 1 : 2)) is { } tooMany)
        {
            fields.Add(at, "coordinates", tooMany);
            return null;
        }
        int before = fields.Count;
        Geometry? result = type switch
        {
            "Point" => Position(coords, at, fields) is { } p ? Factory.CreatePoint(p) : null,
            "LineString" => Line(coords, at, fields),
            "MultiLineString" => MultiLine(coords, at, fields),
            "Polygon" when allowPolygon => Polygon(coords, at, fields),
            _ => Unsupported(type, where, fields, allowPolygon),
        };
        if (result is null || fields.Count > before) return null;
        if (GeometryRules.Validity(result) is { } invalid)
        {
            fields.Add(at, "coordinates", invalid);
            return null;
        }
        return result;
    }

    /// <summary>Positions in a coordinates array nested <paramref name="depth"/> deep (0: the array is one position).</summary>
    static long Positions(JsonElement coords, int depth)
    {
        if (depth == 0) return 1;
        if (depth == 1) return coords.GetArrayLength();
        long n = 0;
        foreach (var part in coords.EnumerateArray())
            if (part.ValueKind == JsonValueKind.Array) n += part.GetArrayLength();
        return n;
    }

    static Geometry? Unsupported(string type, string where, JsonFields fields, bool allowPolygon)
    {
        string also = allowPolygon ? "、Polygon" : "", alsoEn = allowPolygon ? ", Polygon" : "";
        fields.Add(where, "type", $"不支持的几何类型“{type}”（可用 Point、LineString、MultiLineString{also}）",
            $"unsupported geometry type '{type}' (use Point, LineString, MultiLineString{alsoEn})");
        return null;
    }

    /// <summary>Positions of a line or ring, stopping at the first bad one.</summary>
    Coordinate[]? Sequence(JsonElement coords, string where, JsonFields fields)
    {
        var points = new Coordinate[coords.GetArrayLength()];
        int i = 0;
        foreach (var c in coords.EnumerateArray())
        {
            if (Position(c, $"{where}[{i}]", fields) is not { } p) return null;
            points[i++] = p;
        }
        return points;
    }

    LineString? Line(JsonElement coords, string where, JsonFields fields)
    {
        if (coords.GetArrayLength() < 2)
        {
            fields.Add(where, "coordinates", "线至少需要两个点", "a line needs at least two positions");
            return null;
        }
        return Sequence(coords, where, fields) is { } points ? Factory.CreateLineString(points) : null;
    }

    MultiLineString? MultiLine(JsonElement coords, string where, JsonFields fields)
    {
        if (coords.GetArrayLength() == 0)
        {
            fields.Add(where, "coordinates", "多线为空", "the MultiLineString is empty");
            return null;
        }
        var lines = new List<LineString>();
        int i = 0;
        foreach (var c in coords.EnumerateArray())
        {
            string at = $"{where}[{i++}]";
            if (c.ValueKind != JsonValueKind.Array)
            {
                fields.Add(at, "coordinates", "应为坐标数组", "must be an array of positions");
                return null;
            }
            if (Line(c, at, fields) is not { } line) return null;
            lines.Add(line);
        }
        return Factory.CreateMultiLineString(lines.ToArray());
    }

    /// <summary>A Polygon: closed rings of at least four positions (validity is the rules' part).</summary>
    Polygon? Polygon(JsonElement coords, string where, JsonFields fields)
    {
        if (coords.GetArrayLength() == 0)
        {
            fields.Add(where, "coordinates", "多边形为空", "the Polygon is empty");
            return null;
        }
        var rings = new List<LinearRing>();
        int i = 0;
        foreach (var ring in coords.EnumerateArray())
        {
            string at = $"{where}[{i++}]";
            if (ring.ValueKind != JsonValueKind.Array)
            {
                fields.Add(at, "coordinates", "应为坐标数组", "must be an array of positions");
                return null;
            }
            if (Sequence(ring, at, fields) is not { } points) return null;
            if (points.Length < 4 || !points[0].Equals2D(points[^1]))
            {
                fields.Add(at, "coordinates", "多边形的环至少需要 4 个点且首尾相同", "a polygon ring needs at least four positions, the last equal to the first");
                return null;
            }
            rings.Add(Factory.CreateLinearRing(points));
        }
        return Factory.CreatePolygon(rings[0], rings.Skip(1).ToArray());
    }

    /// <summary>[lon, lat] (an elevation is ignored) as the geometry rules allow.</summary>
    public Coordinate? Position(JsonElement c, string where, JsonFields fields)
    {
        if (c.ValueKind != JsonValueKind.Array || c.GetArrayLength() is < 2 or > 3
            || c.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d)))
        {
            fields.Add(where, "coordinates", $"坐标应为 [经度, 纬度] 两个数，而不是 {JsonFields.Show(c)}",
                $"a position must be [lon, lat] (two numbers), not {JsonFields.Show(c)}");
            return null;
        }
        double lon = c[0].GetDouble(), lat = c[1].GetDouble();
        return Check(lon, lat, where, fields) ? new Coordinate(lon, lat) : null;
    }

    /// <summary>True when (lon, lat) is a position the geometry rules allow in this region.</summary>
    public bool Check(double lon, double lat, string where, JsonFields fields)
    {
        if (_rules.Position(lon, lat) is not { } problem) return true;
        fields.Add(where, "coordinates", problem);
        return false;
    }
}
