using Coverage.Core.Domain;
using Coverage.Core.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Coverage.Analysis.Region;

/// <summary>
/// Demand sample points of a settlement: one for a point; for a polygon, building points inside it when given,
/// else the centres of a square grid (in the local metric projection) that fall inside, else its interior point.
/// Each sample carries an equal share of the settlement's demand.
/// </summary>
public sealed class SettlementSampler(LocalProjection projection, AnalysisOptions options)
{
    /// <summary>Grid spacing for a polygon of the given area: aims at the target sample count, within the bounds.</summary>
    public double SpacingFor(double areaSquareMetres) =>
        options.SampleSpacingMetres
        ?? Math.Clamp(Math.Sqrt(areaSquareMetres / Math.Max(1, options.TargetSamplesPerPolygon)), options.MinSpacingMetres, options.MaxSpacingMetres);

    public List<LonLat> Samples(Settlement settlement, IReadOnlyList<LonLat>? buildings)
    {
        var g = settlement.Geometry;
        if (g is Point p) return [new LonLat(p.X, p.Y)];
        if (g is not (Polygon or MultiPolygon) || g.IsEmpty)
            return g.IsEmpty ? [] : [ToLonLat(g.InteriorPoint)];

        if (buildings is { Count: > 0 })
        {
            var prepared = PreparedGeometryFactory.Prepare(g);
            var inside = buildings.Where(b => prepared.Contains(new Point(b.Lon, b.Lat))).ToList();
            if (inside.Count > 0) return inside;
        }

        var projected = projection.Forward(g);
        // What a prepared polygon's Contains(point) asks (its point locator says Interior), a grid row at a time.
        var scan = new GridRowScan(projected);
        double spacing = SpacingFor(projected.Area);
        var env = projected.EnvelopeInternal;
        // Sized for the cells the area holds (and a few more for its edge), so the list is not grown and copied several times
        // over for each of a province's ~47 k village polygons, all of them kept until the region copies them out.
        var result = new List<LonLat>((int)Math.Min(1 << 20, projected.Area / (spacing * spacing) * 1.05 + 8));
        // Cell centres aligned on the envelope's corner: deterministic, and symmetric for rectangles.
        for (double y = env.MinY + spacing / 2; y < env.MaxY; y += spacing)
        {
            scan.Row(y);
            for (double x = env.MinX + spacing / 2; x < env.MaxX; x += spacing)
                if (scan.Inside(x))
                    result.Add(projection.Inverse(x, y));
        }
        if (result.Count == 0) result.Add(ToLonLat(g.InteriorPoint));
        return result;
    }

    static LonLat ToLonLat(Point p) => new(p.X, p.Y);
}
