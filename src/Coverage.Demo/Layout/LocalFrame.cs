using Coverage.Core.Geo;
using NetTopologySuite.Geometries;

namespace Coverage.Demo.Layout;

/// <summary>
/// The generator works in metres on a plane (x east, y north, origin at the county's south-west corner) and
/// converts to WGS84 with the ellipsoid's radii of curvature at the centre latitude: exact enough for a synthetic place.
/// </summary>
internal sealed class LocalFrame
{
    public const double CentreLon = 120.60, CentreLat = 31.00;   // Yangtze-delta water-town country, inside China

    public double SideMetres { get; }
    readonly double _mPerDegLat, _mPerDegLon, _lon0, _lat0;

    public LocalFrame(double sideMetres)
    {
        SideMetres = sideMetres;
        (_mPerDegLat, _mPerDegLon) = Geodesy.MetresPerDegree(CentreLat);
        _lon0 = CentreLon - sideMetres / 2 / _mPerDegLon;
        _lat0 = CentreLat - sideMetres / 2 / _mPerDegLat;
    }

    /// <summary>Longitude and latitude rounded to 7 decimals (~1 cm), the precision of every output.</summary>
    public (double Lon, double Lat) ToLonLat(double x, double y) =>
        (Math.Round(_lon0 + x / _mPerDegLon, 7), Math.Round(_lat0 + y / _mPerDegLat, 7));

    public (double X, double Y) ToMetres(double lon, double lat) => ((lon - _lon0) * _mPerDegLon, (lat - _lat0) * _mPerDegLat);

    public bool Contains(Coordinate c, double margin = 0) =>
        c.X >= margin && c.Y >= margin && c.X <= SideMetres - margin && c.Y <= SideMetres - margin;

    public Envelope Envelope => new(0, SideMetres, 0, SideMetres);
}
