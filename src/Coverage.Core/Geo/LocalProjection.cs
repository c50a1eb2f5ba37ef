using System.Globalization;
using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace Coverage.Core.Geo;

/// <summary>
/// A metric Transverse Mercator CRS for local distance and area work, chosen from the data's extent:
/// CGCS2000 3-degree Gauss–Krüger zone (central meridian 3°×round(lon/3), no zone prefix, as EPSG:4534–4554)
/// inside China, UTM elsewhere. CGCS2000 and WGS84 agree to a few centimetres, so no datum shift is applied.
/// </summary>
public sealed class LocalProjection
{
    readonly MathTransform forward;
    readonly MathTransform inverse;
    readonly ProjectedCoordinateSystem projected;

    /// <summary>Human-readable name, e.g. "CGCS2000 / 3-degree Gauss-Kruger CM 120E".</summary>
    public string Name { get; }
    /// <summary>The projected CRS as OGC WKT (for .prj files and logs).</summary>
    public string Wkt { get; }
    /// <summary>EPSG code of the projected CRS.</summary>
    public int Epsg { get; }

    LocalProjection(ProjectedCoordinateSystem projected, int epsg)
    {
        this.projected = projected;
        var factory = new CoordinateTransformationFactory();
        var transform = factory.CreateFromCoordinateSystems(GeographicCoordinateSystem.WGS84, projected);
        forward = transform.MathTransform;
        inverse = transform.MathTransform.Inverse();
        Name = projected.Name;
        Wkt = projected.WKT;
        Epsg = epsg;
    }

    /// <summary>
    /// The same projection with transforms of its own, for another thread: ProjNet does not promise that one
    /// transform may be used from several threads at once, and the copy gives the same coordinates bit for bit.
    /// </summary>
    public LocalProjection Copy() => new(projected, Epsg);

    /// <summary>The projection for data spanning the given WGS84 extent (its centre picks the zone).</summary>
    public static LocalProjection ForExtent(double minLon, double minLat, double maxLon, double maxLat)
    {
        if (!Geodesy.IsValidLonLat(minLon, minLat) || !Geodesy.IsValidLonLat(maxLon, maxLat) || minLon > maxLon || minLat > maxLat)
            throw new ArgumentException($"Extent {minLon},{minLat},{maxLon},{maxLat} is not a WGS84 box (min ≤ max, lon in [-180,180], lat in [-90,90]) / 范围无效");
        double lon = (minLon + maxLon) / 2, lat = (minLat + maxLat) / 2;
        return ChinaRegion.Contains(lon, lat)
            ? GaussKruger3((int)(3 * Math.Round(lon / 3, MidpointRounding.AwayFromZero)))
            : Utm((int)Math.Floor((Math.Min(lon, 179.999999) + 180) / 6) + 1, lat >= 0);
    }

    public static LocalProjection ForExtent(Envelope extent) => ForExtent(extent.MinX, extent.MinY, extent.MaxX, extent.MaxY);

    /// <summary>
    /// CGCS2000 3-degree Gauss–Krüger zone with the given central meridian (a multiple of 3), false easting 500 km;
    /// with <paramref name="zonePrefix"/> the zone number (central meridian / 3) is put before it, false easting
    /// zone × 1,000 km + 500 km, as EPSG:4513–4533 (zones 25–45) and as Chinese survey maps print eastings.
    /// </summary>
    public static LocalProjection GaussKruger3(int centralMeridian, bool zonePrefix = false)
    {
        if (centralMeridian % 3 != 0 || centralMeridian < -180 || centralMeridian > 180)
            throw new ArgumentOutOfRangeException(nameof(centralMeridian), "A 3-degree zone's central meridian is a multiple of 3 in [-180,180]");
        if (zonePrefix && centralMeridian <= 0)
            throw new ArgumentOutOfRangeException(nameof(centralMeridian), "A zone prefix needs a central meridian east of Greenwich (zone = CM / 3 ≥ 1)");
        int zone = centralMeridian / 3;
        bool china = centralMeridian is >= 75 and <= 135;
        // EPSG:4534 is CM 75E ... EPSG:4554 is CM 135E (no prefix); EPSG:4513 is zone 25 ... EPSG:4533 is zone 45 (prefix).
        int epsg = !china ? 0 : zonePrefix ? 4513 + zone - 25 : 4534 + (centralMeridian - 75) / 3;
        string name = zonePrefix
            ? $"CGCS2000 / 3-degree Gauss-Kruger zone {zone}"
            : $"CGCS2000 / 3-degree Gauss-Kruger CM {Math.Abs(centralMeridian)}{(centralMeridian < 0 ? "W" : "E")}";
        // Built on WGS84: the CGCS2000 ellipsoid differs by 0.1 mm in the semi-minor axis, and a ProjNet datum step
        // between the two would add millimetres of round-trip error for nothing.
        double falseEasting = zonePrefix ? zone * 1_000_000.0 + 500_000 : 500_000;
        return new(Create(name, GeographicCoordinateSystem.WGS84, centralMeridian, 1.0, falseEasting, 0), epsg);
    }

    /// <summary>WGS84 / UTM zone 1–60, north or south.</summary>
    public static LocalProjection Utm(int zone, bool north)
    {
        if (zone is < 1 or > 60) throw new ArgumentOutOfRangeException(nameof(zone), "UTM zones are 1–60");
        return new(ProjectedCoordinateSystem.WGS84_UTM(zone, north), (north ? 32600 : 32700) + zone);
    }

    static ProjectedCoordinateSystem Create(string name, GeographicCoordinateSystem geographic, double centralMeridian, double scale,
        double falseEasting, double falseNorthing)
    {
        var factory = new CoordinateSystemFactory();
        var parameters = new List<ProjectionParameter>
        {
            new("latitude_of_origin", 0), new("central_meridian", centralMeridian), new("scale_factor", scale),
            new("false_easting", falseEasting), new("false_northing", falseNorthing),
        };
        var projection = factory.CreateProjection("Transverse_Mercator", "Transverse_Mercator", parameters);
        return factory.CreateProjectedCoordinateSystem(name, geographic, projection, LinearUnit.Metre,
            new AxisInfo("East", AxisOrientationEnum.East), new AxisInfo("North", AxisOrientationEnum.North));
    }

    /// <summary>WGS84 lon/lat (degrees) to projected x/y (metres).</summary>
    public (double X, double Y) Forward(double lon, double lat) => forward.Transform(lon, lat);
    public (double X, double Y) Forward(LonLat p) => forward.Transform(p.Lon, p.Lat);

    /// <summary>Projected x/y (metres) to WGS84 lon/lat.</summary>
    public LonLat Inverse(double x, double y)
    {
        var (lon, lat) = inverse.Transform(x, y);
        return new LonLat(lon, lat);
    }

    /// <summary>A projected copy of a WGS84 geometry (SRID set to <see cref="Epsg"/>).</summary>
    public Geometry Forward(Geometry wgs84) => Apply(wgs84, forward, Epsg);

    /// <summary>A WGS84 copy (SRID 4326) of a projected geometry.</summary>
    public Geometry Inverse(Geometry projected) => Apply(projected, inverse, 4326);

    static Geometry Apply(Geometry geometry, MathTransform transform, int srid)
    {
        var copy = geometry.Copy();
        copy.Apply(new MathTransformFilter(transform));
        copy.SRID = srid;
        return copy;
    }

    public override string ToString() => Epsg > 0 ? $"{Name} (EPSG:{Epsg.ToString(CultureInfo.InvariantCulture)})" : Name;
}
