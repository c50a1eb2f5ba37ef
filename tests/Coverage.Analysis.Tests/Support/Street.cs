using Coverage.Core.Domain;
using Coverage.Core.Geo;
using Coverage.Network.Graph;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Tests.Support;

/// <summary>
/// Networks drawn in metres (x east, y north) on the central meridian of Gauss–Krüger zone CM 120°E, so the local
/// projection's grid is aligned with the drawing and expected minutes can be worked out on paper.
/// </summary>
public sealed class Street
{
    public const double Lon0 = 120.0, Lat0 = 31.0;
    static readonly (double Ky, double Kx) K = Geodesy.MetresPerDegree(Lat0);
    static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    readonly WalkGraphBuilder _builder = new();
    readonly List<(double X, double Y)> _xy = [];

    public static LonLat At(double x, double y) => new(Lon0 + x / K.Kx, Lat0 + y / K.Ky);

    public static Point Point(double x, double y) { var p = At(x, y); return Wgs84.CreatePoint(new Coordinate(p.Lon, p.Lat)); }

    public static Polygon Rectangle(double x0, double y0, double x1, double y1) =>
        Wgs84.CreatePolygon(new[] { (x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0) }
            .Select(c => { var p = At(c.Item1, c.Item2); return new Coordinate(p.Lon, p.Lat); }).ToArray());

    public static LineString Line(params (double X, double Y)[] points) =>
        Wgs84.CreateLineString(points.Select(c => { var p = At(c.X, c.Y); return new Coordinate(p.Lon, p.Lat); }).ToArray());

    public int Node(double x, double y)
    {
        var p = At(x, y);
        _xy.Add((x, y));
        return _builder.AddNode(p.Lon, p.Lat);
    }

    /// <summary>A straight edge whose length is the exact distance in the drawing.</summary>
    public int Edge(int from, int to, EdgeFlags flags = EdgeFlags.Both)
    {
        var (a, b) = (_xy[from], _xy[to]);
        return _builder.AddEdge(from, to, flags, default, Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y)));
    }

    public WalkGraph Build() => _builder.Build();

    public static Facility Facility(string id, string category, string? kind, Geometry at, FacilityStatus status = FacilityStatus.Existing) =>
        new() { Id = id, Category = category, Kind = kind, Name = id, Geometry = at, Status = status };

    public static Settlement Settlement(string id, string town, Geometry at, int population, int elderly,
        SettlementKind kind = SettlementKind.NaturalVillage, bool urban = false) =>
        new() { Id = id, Name = id, Town = town, Geometry = at, Population = population, Elderly = elderly, Kind = kind, Urban = urban };
}
