using Coverage.Core.Domain;
using NetTopologySuite.Geometries;

namespace Coverage.Storage.Tests.Stores;

/// <summary>Small hand-made plan rows in WGS84 near Huzhou (120.1 E, 30.9 N).</summary>
internal static class Samples
{
    public static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    /// <summary>The data of a stored row without its version stamp, to compare with what was written.</summary>
    public static Facility? Unstamped(Facility? f) => f is null ? null : f with { Stamp = null };
    public static Settlement? Unstamped(Settlement? s) => s is null ? null : s with { Stamp = null };

    public static Point Pt(double lon, double lat) => Wgs84.CreatePoint(new Coordinate(lon, lat));

    public static LineString Line(params double[] lonLat) => Wgs84.CreateLineString(Coords(lonLat));

    public static Polygon Box(double x0, double y0, double x1, double y1) =>
        Wgs84.CreatePolygon(Coords([x0, y0, x1, y0, x1, y1, x0, y1, x0, y0]));

    public static Coordinate[] Coords(double[] lonLat) =>
        Enumerable.Range(0, lonLat.Length / 2).Select(i => new Coordinate(lonLat[2 * i], lonLat[2 * i + 1])).ToArray();

    public static Facility Facility(string id, Geometry geometry, string category = "elderly",
        FacilityStatus status = FacilityStatus.Existing, string name = "养老服务站", string source = "test", string? sourceId = null) => new()
    {
        Id = id, Category = category, Kind = "day-care-centre", Name = name, Geometry = geometry, Capacity = 30,
        Status = status, Source = source, SourceId = sourceId, Town = "和孚镇",
    };

    public static Facility Facility(string id, double lon = 120.1, double lat = 30.9, string name = "养老服务站") =>
        Facility(id, Pt(lon, lat), name: name);

    public static Settlement Settlement(string id, Geometry geometry, string town = "和孚镇",
        SettlementKind kind = SettlementKind.AdministrativeVillage, string name = "荻港村") => new()
    {
        Id = id, Name = name, Kind = kind, Town = town, AdminCode = "330503103201", Geometry = geometry,
        Population = 2480, Elderly = 712, Urban = false, Source = "test", SourceId = id,
    };

    public static CircleStandard Circle(string id, double target = 100) => new()
    {
        Id = id, NameZh = "15 分钟养老服务圈", NameEn = "15-minute elderly service circle", Kind = CircleKind.Nearest,
        Categories = ["elderly"], Minutes = 15, Profile = "elderly", Demand = DemandField.Elderly, TargetPercent = target,
        AppliesTo = [SettlementKind.AdministrativeVillage, SettlementKind.Community],
        PolicySource = "《湖州市基本公共服务均等化“十四五”规划》", Clause = "三、(二)",
    };
}
