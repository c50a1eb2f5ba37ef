using System.Globalization;
using Coverage.Core.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace Coverage.Storage.Import;

/// <summary>
/// Turns an input geometry into a valid WGS84 geometry or explains why not: coordinate range, lat/lon swapped,
/// outside the expected region, GCJ-02/BD-09 conversion, and NTS validity (self-intersections with their location).
/// </summary>
sealed class GeometryCheck(ImportOptions options)
{
    static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Points whose GCJ-02/BD-09 offset was not removed because they lie outside China.</summary>
    public int LeftAsWgs84 { get; private set; }

    public static Point PointFrom(double lon, double lat) => Factory.CreatePoint(new Coordinate(lon, lat));

    /// <summary>The geometry in WGS84, or null after adding the reason to <paramref name="errors"/>.</summary>
    public Geometry? Prepare(Geometry geometry, RowLocation where, ErrorSink errors)
    {
        if (geometry.IsEmpty) { errors.Add(where, FieldNames.Wkt, "几何为空", "geometry is empty"); return null; }
        var first = geometry.Coordinates[0];
        foreach (var c in geometry.Coordinates)
        {
            if (!Geodesy.IsValidLonLat(c.X, c.Y))
            {
                if (SwappedWouldFit(c.X, c.Y)) AddSwap(where, c, errors);
                else errors.Add(where, FieldNames.Lon, $"坐标 ({F(c.X)}, {F(c.Y)}) 超出范围（经度 -180~180，纬度 -90~90）；若为投影坐标，请附 .prj 或转换为 WGS84",
                    $"coordinate ({F(c.X)}, {F(c.Y)}) is out of range (lon -180..180, lat -90..90); if it is projected, supply a .prj or convert to WGS84");
                return null;
            }
        }
        if (!InExpectedRegion(first.X, first.Y) && SwappedWouldFit(first.X, first.Y)) { AddSwap(where, first, errors); return null; }
        if (options.Region is { } region && !region.Contains(first.X, first.Y))
        {
            errors.Add(where, FieldNames.Lon, $"坐标 ({F(first.X)}, {F(first.Y)}) 不在预期范围 {Box(region)} 内；请核对坐标（及 --crs），或确认这一行属于本区域",
                $"coordinate ({F(first.X)}, {F(first.Y)}) is outside the expected region {Box(region)}; check the coordinates (and --crs), or that the row belongs to this region");
            return null;
        }
        var wgs = ToWgs84(geometry);
        if (wgs is Point or MultiPoint) return wgs;
        var invalid = new IsValidOp(wgs).ValidationError;
        if (invalid is not null)
        {
            string at = invalid.Coordinate is { } p ? $" ({F(p.X)}, {F(p.Y)})" : "";
            errors.Add(where, FieldNames.Wkt, $"几何无效：{ZhReason(invalid.ErrorType)}，位置{at}；请在 GIS 中修复（如 QGIS“修复几何”）",
                $"invalid geometry: {invalid.Message} at{at}; repair it in GIS (e.g. QGIS 'Fix geometries')");
            return null;
        }
        return wgs;
    }

    Geometry ToWgs84(Geometry g)
    {
        var copy = g.Copy();
        copy.SRID = 4326;
        if (options.Crs == SourceCrs.Wgs84) return copy;
        copy.Apply(new CrsFilter(this, options.Crs));
        return copy;
    }

    bool InExpectedRegion(double lon, double lat) => options.Region?.Contains(lon, lat) ?? ChinaRegion.Contains(lon, lat);

    bool SwappedWouldFit(double lon, double lat) =>
        Geodesy.IsValidLonLat(lat, lon) && (options.Region?.Contains(lat, lon) ?? ChinaRegion.Contains(lat, lon));

    static void AddSwap(RowLocation where, Coordinate c, ErrorSink errors) =>
        errors.Add(where, FieldNames.Lat, $"经纬度可能填反了：({F(c.X)}, {F(c.Y)}) 不在预期范围，交换后 ({F(c.Y)}, {F(c.X)}) 在范围内；请交换经度、纬度两列",
            $"latitude and longitude look swapped: ({F(c.X)}, {F(c.Y)}) is outside the expected region but ({F(c.Y)}, {F(c.X)}) is inside; swap the lon and lat columns");

    static string F(double v) => v.ToString("0.######", Inv);
    static string Box(Envelope e) => $"[{F(e.MinX)}, {F(e.MinY)}, {F(e.MaxX)}, {F(e.MaxY)}]";

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

    sealed class CrsFilter(GeometryCheck owner, SourceCrs crs) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (int i = 0; i < seq.Count; i++)
            {
                var r = ChinaCoordinates.ToWgs84(new LonLat(seq.GetX(i), seq.GetY(i)), crs);
                if (!r.OffsetApplied) owner.LeftAsWgs84++;
                seq.SetX(i, r.Wgs84.Lon);
                seq.SetY(i, r.Wgs84.Lat);
            }
        }
    }
}

/// <summary>Collects errors up to a limit and counts the rest.</summary>
sealed class ErrorSink(int max)
{
    public List<ImportError> Errors { get; } = [];
    public int Omitted { get; private set; }
    public int Count => Errors.Count + Omitted;

    public void Add(RowLocation where, string? field, string zh, string en)
    {
        if (Errors.Count < max) Errors.Add(new ImportError(where, field, zh, en));
        else Omitted++;
    }
}
