using System.Globalization;
using System.Text.Json;
using Coverage.Core.Geo;
using NetTopologySuite.Geometries;

namespace Coverage.Server.Api;

/// <summary>
/// A GeoJSON geometry from a request (RFC 7946: WGS84, lon first): Point, LineString or MultiLineString, with every
/// coordinate checked for type, range and the region's extent. Problems go to the field collector.
/// </summary>
public sealed class GeometryInput(double[] regionBbox)
{
    /// <summary>How far outside the region's network extent a coordinate may lie (degrees, about 5 km).</summary>
    public const double RegionMargin = 0.05;
    static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The geometry, or null with the problems in fields; Polygon only where allowed (candidate parcels).</summary>
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
        int before = fields.Errors.Count;
        Geometry? result = type switch
        {
            "Point" => Position(coords, $"{where}.coordinates", fields) is { } p ? Factory.CreatePoint(p) : null,
            "LineString" => Line(coords, $"{where}.coordinates", fields),
            "MultiLineString" => MultiLine(coords, $"{where}.coordinates", fields),
            "Polygon" when allowPolygon => Polygon(coords, $"{where}.coordinates", fields),
            _ => Unsupported(type, where, fields),
        };
        return fields.Errors.Count > before ? null : result;
    }

    static Geometry? Unsupported(string type, string where, JsonFields fields)
    {
        fields.Add(where, "type", $"不支持的几何类型“{type}”（设施为 Point，健身步道为 LineString 或 MultiLineString）",
            $"unsupported geometry type '{type}' (facilities are Point; fitness trails LineString or MultiLineString)");
        return null;
    }

    LineString? Line(JsonElement coords, string where, JsonFields fields)
    {
        var points = new List<Coordinate>();
        int i = 0;
        foreach (var c in coords.EnumerateArray())
            if (Position(c, $"{where}[{i++}]", fields) is { } p) points.Add(p);
        if (i < 2)
        {
            fields.Add(where, "coordinates", "线至少需要两个点", "a line needs at least two positions");
            return null;
        }
        return points.Count == i ? Factory.CreateLineString(points.ToArray()) : null;
    }

    MultiLineString? MultiLine(JsonElement coords, string where, JsonFields fields)
    {
        var lines = new List<LineString>();
        int i = 0;
        foreach (var c in coords.EnumerateArray())
        {
            if (c.ValueKind != JsonValueKind.Array) fields.Add($"{where}[{i}]", "coordinates", "应为坐标数组", "must be an array of positions");
            else if (Line(c, $"{where}[{i}]", fields) is { } line) lines.Add(line);
            i++;
        }
        if (i == 0) fields.Add(where, "coordinates", "多线为空", "the MultiLineString is empty");
        return lines.Count == i && i > 0 ? Factory.CreateMultiLineString(lines.ToArray()) : null;
    }

    /// <summary>A Polygon: closed rings of at least four positions, valid (no self-intersection).</summary>
    Polygon? Polygon(JsonElement coords, string where, JsonFields fields)
    {
        var rings = new List<LinearRing>();
        int i = 0;
        foreach (var ring in coords.EnumerateArray())
        {
            string at = $"{where}[{i++}]";
            if (ring.ValueKind != JsonValueKind.Array) { fields.Add(at, "coordinates", "应为坐标数组", "must be an array of positions"); continue; }
            var points = ring.EnumerateArray().Select((c, j) => Position(c, $"{at}[{j}]", fields)).ToList();
            if (points.Any(p => p is null)) continue;
            if (points.Count < 4 || !points[0]!.Equals2D(points[^1]!))
                fields.Add(at, "coordinates", "多边形的环至少需要 4 个点且首尾相同", "a polygon ring needs at least four positions, the last equal to the first");
            else rings.Add(Factory.CreateLinearRing(points.ToArray()!));
        }
        if (i == 0) fields.Add(where, "coordinates", "多边形为空", "the Polygon is empty");
        if (rings.Count != i || i == 0) return null;
        var polygon = Factory.CreatePolygon(rings[0], rings.Skip(1).ToArray());
        if (polygon.IsValid) return polygon;
        fields.Add(where, "coordinates", "多边形无效（边自相交或环重叠）", "the Polygon is invalid (self-intersecting edges or overlapping rings)");
        return null;
    }

    /// <summary>[lon, lat] (an elevation is ignored) in range and inside the region.</summary>
    public Coordinate? Position(JsonElement c, string where, JsonFields fields)
    {
        if (c.ValueKind != JsonValueKind.Array || c.GetArrayLength() is < 2 or > 3
            || c.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
        {
            fields.Add(where, "coordinates", $"坐标应为 [经度, 纬度] 两个数，而不是 {JsonFields.Show(c)}",
                $"a position must be [lon, lat] (two numbers), not {JsonFields.Show(c)}");
            return null;
        }
        double lon = c[0].GetDouble(), lat = c[1].GetDouble();
        return Check(lon, lat, where, fields) ? new Coordinate(lon, lat) : null;
    }

    /// <summary>True when (lon, lat) is a valid WGS84 position inside the region (with a margin).</summary>
    public bool Check(double lon, double lat, string where, JsonFields fields)
    {
        if (!Geodesy.IsValidLonLat(lon, lat))
        {
            fields.Add(where, "coordinates", $"坐标 ({F(lon)}, {F(lat)}) 超出范围（经度 -180~180，纬度 -90~90，经度在前）",
                $"position ({F(lon)}, {F(lat)}) is out of range (lon -180..180, lat -90..90, longitude first)");
            return false;
        }
        if (lon < regionBbox[0] - RegionMargin || lon > regionBbox[2] + RegionMargin || lat < regionBbox[1] - RegionMargin || lat > regionBbox[3] + RegionMargin)
        {
            string box = $"[{F(regionBbox[0])}, {F(regionBbox[1])}, {F(regionBbox[2])}, {F(regionBbox[3])}]";
            fields.Add(where, "coordinates", $"坐标 ({F(lon)}, {F(lat)}) 不在本区域范围 {box} 内（经纬度是否填反？是否为 GCJ-02？）",
                $"position ({F(lon)}, {F(lat)}) lies outside this region {box} (lon/lat swapped? GCJ-02 not converted?)");
            return false;
        }
        return true;
    }

    static string F(double v) => v.ToString("0.######", Inv);
}
