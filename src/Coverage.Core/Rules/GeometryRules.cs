using System.Globalization;
using Coverage.Core.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace Coverage.Core.Rules;

/// <summary>
/// What a WGS84 geometry from a person or a file may be: not empty, at most <see cref="MaxVertices"/> vertices, every
/// position in range (lon first) and within <see cref="RegionMargin"/> of the region, lat/lon swaps named as such, and
/// valid (NTS <see cref="IsValidOp"/>). The API reader, the importers and the store ask here, so a bad geometry gets one
/// message everywhere. Checks answer null (fine) or why not; the caller says where.
/// </summary>
public sealed class GeometryRules
{
    /// <summary>How far outside the region's extent a position may lie (degrees, about 5 km).</summary>
    public const double RegionMargin = 0.05;
    /// <summary>Vertices per geometry: a 20 km trail digitised every metre; more is a mistake or an attack.</summary>
    public const int MaxVertices = 20_000;
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    readonly Envelope? _region, _withMargin;
    readonly bool _expectChina;

    /// <param name="region">The region's WGS84 extent; null when any place on Earth may do.</param>
    /// <param name="expectChina">Without a region, name a swap when a position is outside China but swapped is inside.</param>
    public GeometryRules(Envelope? region, bool expectChina = true)
    {
        _region = region;
        if (region is not null)
        {
            _withMargin = region.Copy();
            _withMargin.ExpandBy(RegionMargin);
        }
        _expectChina = expectChina;
    }

    /// <summary>Anywhere on Earth, no swap guesses: what a store can check without knowing the region.</summary>
    public static GeometryRules Anywhere { get; } = new(null, expectChina: false);

    /// <summary>Every rule in order: empty, vertex count, each position (the first bad one is named), validity.</summary>
    public Bilingual? Check(Geometry g) => Empty(g) ?? VertexCount(g.NumPoints) ?? FirstBadPosition(g) ?? Validity(g);

    public static Bilingual? Empty(Geometry g) => g.IsEmpty ? new("几何为空", "geometry is empty") : null;

    /// <summary>Checked before a geometry is built, from the count alone.</summary>
    public static Bilingual? VertexCount(long count) => count <= MaxVertices ? null
        : new($"几何有 {count} 个顶点，超过上限 {MaxVertices}；请先简化（如 QGIS“简化”）",
            $"the geometry has {count} vertices, above the limit of {MaxVertices}; simplify it first (e.g. QGIS 'Simplify')");

    public Bilingual? FirstBadPosition(Geometry g)
    {
        foreach (var c in g.Coordinates)
            if (Position(c.X, c.Y) is { } problem) return problem;
        return null;
    }

    /// <summary>A position in range, inside the region (with the margin), and not a lat/lon swap.</summary>
    public Bilingual? Position(double lon, double lat)
    {
        bool inRange = Geodesy.IsValidLonLat(lon, lat);
        if (inRange && Expected(lon, lat)) return null;
        if (SwappedFits(lon, lat))
            return new($"经纬度可能填反了：({F(lon)}, {F(lat)}) 不在预期范围，交换后 ({F(lat)}, {F(lon)}) 在范围内；请交换经度和纬度",
                $"latitude and longitude look swapped: ({F(lon)}, {F(lat)}) is outside the expected region but ({F(lat)}, {F(lon)}) is inside; swap longitude and latitude");
        if (!inRange)
            return new($"坐标 ({F(lon)}, {F(lat)}) 超出范围（经度 -180~180，纬度 -90~90，经度在前）；若为投影坐标，请转换为 WGS84",
                $"coordinate ({F(lon)}, {F(lat)}) is out of range (lon -180..180, lat -90..90, longitude first); if it is projected, convert it to WGS84");
        if (_region is null) return null; // outside China, and the swap does not fit either: a place elsewhere on Earth
        string box = $"[{F(_region.MinX)}, {F(_region.MinY)}, {F(_region.MaxX)}, {F(_region.MaxY)}]";
        return new($"坐标 ({F(lon)}, {F(lat)}) 不在本区域范围 {box} 内（允许外扩约 5 km；是否为未转换的 GCJ-02/BD-09 坐标？）",
            $"coordinate ({F(lon)}, {F(lat)}) lies outside this region {box} (a 5 km margin allowed; GCJ-02/BD-09 not converted?)");
    }

    /// <summary>NTS validity (self-intersections, unclosed rings…) with the place of the fault.</summary>
    public static Bilingual? Validity(Geometry g)
    {
        var invalid = new IsValidOp(g).ValidationError;
        if (invalid is null) return null;
        string at = invalid.Coordinate is { } p ? $" ({F(p.X)}, {F(p.Y)})" : "";
        return new($"几何无效：{ZhReason(invalid.ErrorType)}，位置{at}；请在 GIS 中修复（如 QGIS“修复几何”）",
            $"invalid geometry: {invalid.Message} at{at}; repair it in GIS (e.g. QGIS 'Fix geometries')");
    }

    bool Expected(double lon, double lat) =>
        _withMargin is not null ? _withMargin.Contains(lon, lat) : !_expectChina || ChinaRegion.Contains(lon, lat);

    bool SwappedFits(double lon, double lat) => Geodesy.IsValidLonLat(lat, lon) && Expected(lat, lon);

    static string F(double v) => v.ToString("0.######", Inv);

    static string ZhReason(TopologyValidationErrors type) => type switch
    {
        TopologyValidationErrors.SelfIntersection or TopologyValidationErrors.RingSelfIntersection => "边界自相交",
        TopologyValidationErrors.TooFewPoints => "点数太少",
        TopologyValidationErrors.RingNotClosed => "环未闭合",
        TopologyValidationErrors.HoleOutsideShell => "洞在外环之外",
        TopologyValidationErrors.NestedHoles or TopologyValidationErrors.NestedShells => "环相互嵌套",
        TopologyValidationErrors.DisconnectedInteriors => "内部不连通",
        TopologyValidationErrors.InvalidCoordinate => "坐标无效",
        _ => "拓扑错误",
    };
}
