using System.Text.Json;
using Coverage.Analysis;
using Coverage.Analysis.Region;
using Coverage.Core.Domain;
using Coverage.Core.Seeds;
using Coverage.Network.Graph;
using Coverage.Network.Snapping;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.IO.Converters;

namespace Coverage.Server.Region;

/// <summary>
/// Whether new facilities or settlements will count as the planner expects, decided by the analysis's own rule: they are
/// joined to the walking graph exactly as <see cref="AnalysisRegion"/> joins them (a point by its snap, a trail by any
/// stretch near a way, a village by any of its demand samples, each within the snap limit). Also whether each lies in one
/// of the region's towns (towns*.geojson; no check when the region has none). Shared by `coverage import` and POST /api/facilities.
/// </summary>
public sealed class PlacementCheck(WalkGraph graph, Snapper snapper, SeedCatalog seeds, IReadOnlyList<Geometry> towns)
{
    static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };
    readonly IPreparedGeometry[] _towns = towns.Select(PreparedGeometryFactory.Prepare).ToArray();
    readonly AnalysisOptions _options = AnalysisOptions.Default;

    /// <summary>Warnings per facility, in order (empty lists for those that will count and lie in a town).</summary>
    public IReadOnlyList<IReadOnlyList<PlacementWarning>> Facilities(IReadOnlyList<Facility> items)
    {
        var region = new AnalysisRegion(graph, seeds, items, [], _options, snapper: snapper);
        return items.Select((f, i) => Warnings(f.Geometry, region.FacilityUsable[i], () => NearestWayMetres(f.Geometry))).ToList();
    }

    /// <summary>Warnings per settlement, in order; the distance of a village left out is that of its sample nearest a way.</summary>
    public IReadOnlyList<IReadOnlyList<PlacementWarning>> Settlements(IReadOnlyList<Settlement> items)
    {
        var region = new AnalysisRegion(graph, seeds, [], items, _options, snapper: snapper);
        return items.Select((s, i) =>
        {
            int a = region.SettlementFirstSample[i], b = region.SettlementFirstSample[i + 1];
            bool counted = region.SettlementOnNetwork[i] || a == b;
            return Warnings(s.Geometry, counted, () => a == b ? null : Finite(Enumerable.Range(a, b - a).Min(k => region.SampleSnaps[k].DistanceMetres)));
        }).ToList();
    }

    IReadOnlyList<PlacementWarning> Warnings(Geometry g, bool joins, Func<double?> metres)
    {
        if (g.IsEmpty) return [];
        var warnings = new List<PlacementWarning>();
        double? distance = null;
        if (!joins && (distance = metres()) is { } m) warnings.Add(PlacementWarning.Far(m, _options.MaxSnapMetres));
        if (_towns.Length > 0 && !_towns.Any(t => t.Intersects(g))) warnings.Add(PlacementWarning.Outside(distance ?? metres()));
        return warnings;
    }

    /// <summary>Metres from the place to the nearest walkable way: a point's own, a line's or polygon's nearest vertex; null without a network.</summary>
    double? NearestWayMetres(Geometry g)
    {
        IEnumerable<Coordinate> points = g is Point p ? [p.Coordinate] : g.Coordinates;
        return Finite(points.Min(c => snapper.Snap(c.X, c.Y, double.PositiveInfinity).DistanceMetres));
    }

    static double? Finite(double v) => double.IsFinite(v) ? v : null;

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
