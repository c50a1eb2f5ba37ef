using System.Diagnostics;
using Coverage.Analysis;
using Coverage.Analysis.Region;
using Coverage.Core.Domain;
using Coverage.Core.Geo;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;

namespace Coverage.Bench.Stress;

/// <summary>
/// Sampling alone, one thread (second of two passes), after the timed stages of <c>stress --places</c>: the sampler as it is (grid rows cut
/// against the rings, GridRowScan) against the loop it replaced (NTS's point locator asked per grid cell),
/// on every settlement, with the samples compared one by one. Says what sampling costs beside snapping.
/// </summary>
public static class SamplingAlone
{
    public static string Measure(AnalysisRegion region)
    {
        var sampler = new SettlementSampler(region.Projection, region.Options);
        List<List<LonLat>> Rows() => region.Settlements.Select(s => sampler.Samples(s, null)).ToList();
        List<List<LonLat>> Located() => region.Settlements.Select(s => LocatorSamples(region.Projection, region.Options, s)).ToList();
        // Each twice, alternating, the second pass timed: both warmed up alike.
        Rows(); Located();
        var (rowsSeconds, rows) = Time(Rows);
        var (locatorSeconds, located) = Time(Located);
        long samples = rows.Sum(r => r.Count);
        for (int s = 0; s < rows.Count; s++)
            if (!rows[s].SequenceEqual(located[s])) throw new InvalidOperationException($"Settlement {region.Settlements[s].Id}: row scan and locator samples differ");
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"sampling alone, one thread, {samples:N0} samples: row scan {rowsSeconds:N2} s cpu ({rowsSeconds * 1e6 / samples:N2} µs/sample), " +
            $"locator per cell (before) {locatorSeconds:N2} s cpu ({locatorSeconds * 1e6 / samples:N2} µs/sample); samples identical");
    }

    static (double CpuSeconds, T Result) Time<T>(Func<T> work)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var result = work();
        return ((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, result);
    }

    /// <summary>The grid loop of the sampler before issue 14's row scan: the point locator per cell centre.</summary>
    static List<LonLat> LocatorSamples(LocalProjection projection, AnalysisOptions options, Settlement settlement)
    {
        var g = settlement.Geometry;
        if (g is Point p) return [new LonLat(p.X, p.Y)];
        if (g is not (Polygon or MultiPolygon) || g.IsEmpty) return g.IsEmpty ? [] : [new LonLat(g.InteriorPoint.X, g.InteriorPoint.Y)];
        var projected = projection.Forward(g);
        var locator = new IndexedPointInAreaLocator(projected);
        var cell = new Coordinate();
        double spacing = new SettlementSampler(projection, options).SpacingFor(projected.Area);
        var env = projected.EnvelopeInternal;
        var result = new List<LonLat>();
        for (double y = env.MinY + spacing / 2; y < env.MaxY; y += spacing)
            for (double x = env.MinX + spacing / 2; x < env.MaxX; x += spacing)
            {
                cell.X = x; cell.Y = y;
                if (locator.Locate(cell) == Location.Interior) result.Add(projection.Inverse(x, y));
            }
        if (result.Count == 0) result.Add(new LonLat(g.InteriorPoint.X, g.InteriorPoint.Y));
        return result;
    }
}
