using System.Text.Json;
using Coverage.Network.Snapping;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.IO.Converters;

namespace Coverage.Server.Region;

/// <summary>
/// Where a new facility or settlement lands on the region: its distance to the nearest walkable way (the snapper's
/// measure, the same the analysis uses) against the snap limit, and whether it lies in one of the region's towns
/// (towns*.geojson; no check when the region has none). Shared by `coverage import` and POST /api/facilities.
/// </summary>
public sealed class PlacementCheck(Snapper snapper, IReadOnlyList<Geometry> towns, double maxSnapMetres = Snapper.DefaultMaxMetres)
{
    static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };
    readonly IPreparedGeometry[] _towns = towns.Select(PreparedGeometryFactory.Prepare).ToArray();

    public double MaxSnapMetres => maxSnapMetres;

    /// <summary>
    /// Warnings for a place: a point by itself; a line (fitness trail) by its nearest vertex, as a trail counts where any of it
    /// is near a way; a polygon by the nearest of its vertices and interior point.
    /// </summary>
    public IReadOnlyList<PlacementWarning> Check(Geometry g)
    {
        if (g.IsEmpty) return [];
        var warnings = new List<PlacementWarning>();
        double? metres = NearestWayMetres(g);
        if (metres is { } m && m > maxSnapMetres) warnings.Add(PlacementWarning.Far(m, maxSnapMetres));
        if (_towns.Length > 0 && !_towns.Any(t => t.Intersects(g))) warnings.Add(PlacementWarning.Outside(metres));
        return warnings;
    }

    double? NearestWayMetres(Geometry g)
    {
        IEnumerable<Coordinate> points = g is Point p ? [p.Coordinate] : g.Coordinates.Append(g.InteriorPoint.Coordinate);
        double best = double.PositiveInfinity;
        foreach (var c in points)
        {
            var snap = snapper.Snap(c.X, c.Y, double.PositiveInfinity);
            if (snap.Status == SnapStatus.NoNetwork) return null;
            best = Math.Min(best, snap.DistanceMetres);
        }
        return best;
    }

    /// <summary>The town polygons of a towns*.geojson FeatureCollection (none when the region has no such table).</summary>
    public static IReadOnlyList<Geometry> ReadTowns(string? path)
    {
        if (path is null) return [];
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var towns = new List<Geometry>();
        foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
            if (f.TryGetProperty("geometry", out var g) && g.ValueKind == JsonValueKind.Object && g.Deserialize<Geometry>(GeoJson) is (Polygon or MultiPolygon) and var area)
                towns.Add(area);
        return towns;
    }
}
