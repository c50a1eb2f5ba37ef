using System.Diagnostics;
using System.Globalization;
using Coverage.Analysis;
using Coverage.Analysis.Region;
using Coverage.Core;
using Coverage.Core.Domain;
using Coverage.Core.Geo;
using Coverage.Storage.Import;
using NetTopologySuite.Geometries;

namespace Coverage.Bench.Analysis;

/// <summary>
/// Issue 14's isochrone targets against measured figures: the demo county's 15-minute isochrone (median ≤ 5 ms, p90 ≤
/// 15 ms) and the same on a million-node region (median ≤ 30 ms). The million-node region is the synthetic 1000 × 1000
/// grid of the Dijkstra rows (50 m blocks) with 20,000 point villages, so it fits in a few seconds of `quick`; the
/// generated province (bench/stress.sh) times one isochrone on its real-shaped network.
/// </summary>
public static class IsochroneFigures
{
    const double MedianTargetMs = 5, P90TargetMs = 15, MillionTargetMs = 30;
    const int Rounds = 3;

    /// <summary>Bus-shelter points of the demo county, as the isochrone rows of `quick` use them.</summary>
    public static List<LonLat> DemoOrigins(AnalysisRegion region) =>
        region.Facilities.Where(f => f.Category == "bus-shelter").Select(f => f.Geometry.Centroid)
            .Where((_, i) => i % 5 == 0).Take(20).Select(p => new LonLat(p.X + 0.0002, p.Y)).ToList();

    /// <summary>How every isochrone row is timed, for the tables' headers.</summary>
    public const string Method = "15 min unless stated; 3 s of warm-up over the origins, then 3 rounds; median and p90 over the 3 × origins runs, " +
        "wall ms; cpu = the process's CPU ms (every thread: a field is sampled on all cores) at the same quantile";

    /// <param name="county">The demo county's 15-minute timing when already measured (the quick table's row), so both
    /// tables print one measurement; null measures it here.</param>
    public static void Run(CultureInfo ci, AnalysisRegion demo, Timed? county = null)
    {
        Console.WriteLine();
        Console.WriteLine($"# Isochrone targets (issue 14): ratio = target / measured, ≥ 1.0x met; {Method}; load average {LoadAverage()}");
        Console.WriteLine($"{"target",-32} {"limit ms",9} {"measured",9} {"ratio",7} {"cpu ms",8} {"origins",8}");
        county ??= Times(new CoverageEngine(demo), DemoOrigins(demo), [15]);
        Row(ci, "demo county median", MedianTargetMs, county, 0.5);
        Row(ci, "demo county p90", P90TargetMs, county, 0.9);
        var clock = Stopwatch.StartNew();
        var (grid, origins) = MillionNodeGrid();
        double setup = clock.Elapsed.TotalSeconds;
        var million = Times(new CoverageEngine(grid), origins, [15]);
        Row(ci, $"1M-node grid median ({grid.Graph.NodeCount / 1e6:N1} M nodes)", MillionTargetMs, million, 0.5);
        Row(ci, "1M-node grid p90", MillionTargetMs, million, 0.9);
        Console.WriteLine(string.Create(ci, $"# (grid region built and its {grid.SampleCount:N0} village samples snapped in {setup:N1} s, not timed above)"));
    }

    static void Row(CultureInfo ci, string name, double limit, Timed t, double q)
    {
        double measured = t.Quantile(q);
        Console.WriteLine(string.Create(ci, $"{name,-32} {limit,9:N1} {measured,9:N2} {limit / measured,6:N1}x {t.CpuQuantile(q),8:N2} {t.Origins,8}"));
    }

    static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }

    /// <summary>Wall and process CPU ms per isochrone (each sorted), and per isochrone on average its ring vertices and places timed.</summary>
    public sealed record Timed(List<double> Wall, List<double> Cpu, int Origins, long Vertices, long Snapped, double Tolerance)
    {
        public double Quantile(double q) => At(Wall, q);
        public double CpuQuantile(double q) => At(Cpu, q);

        static double At(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];
    }

    /// <summary>Isochrones of the given bands from every origin, timed as <see cref="Method"/> says.</summary>
    public static Timed Times(CoverageEngine engine, List<LonLat> origins, double[] bands)
    {
        var warm = Stopwatch.StartNew();
        // Past the JIT's tiering, as in a long-running server: the sampling threads' code (lambdas run by Parallel.ForEach)
        // reaches its optimised tier only after a few hundred isochrones; with 1 s of warm-up the demo median read ~8 ms, not ~4.5.
        while (warm.ElapsedMilliseconds < 3000)
            foreach (var o in origins) engine.Isochrone(o, bands, WalkProfile.Adult);
        var wall = new List<double>();
        var cpu = new List<double>();
        long vertices = 0, snapped = 0;
        double tolerance = 0;
        for (int r = 0; r < Rounds; r++)
            foreach (var o in origins)
            {
                double c0 = Timing.ProcessCpuMs();
                var sw = Stopwatch.StartNew();
                var result = engine.Isochrone(o, bands, WalkProfile.Adult);
                wall.Add(sw.Elapsed.TotalMilliseconds);
                cpu.Add(Timing.ProcessCpuMs() - c0);
                vertices += result.Bands.Sum(b => b.Ring.NumPoints);
                snapped += result.SampledPoints;
                tolerance = result.ToleranceMetres;
            }
        wall.Sort();
        cpu.Sort();
        int runs = Rounds * origins.Count;
        return new Timed(wall, cpu, origins.Count, vertices / runs, snapped / runs, tolerance);
    }

    /// <summary>The 1000 × 1000 grid with 20,000 seeded point villages near its nodes and 20 origins away from its edge.</summary>
    public static (AnalysisRegion Region, List<LonLat> Origins) MillionNodeGrid()
    {
        var g = BenchData.SyntheticGrid(1_000_000);
        var rng = new Random(14);
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        var settlements = new List<Settlement>();
        for (int i = 0; i < 20_000; i++)
        {
            int n = rng.Next(g.NodeCount);
            settlements.Add(new Settlement
            {
                Id = $"v{i}", Name = $"村{i}", Town = "grid", Kind = SettlementKind.NaturalVillage,
                Geometry = factory.CreatePoint(new Coordinate(g.NodeLon(n) + 0.0002, g.NodeLat(n) + 0.0001)),
                Population = 300, Elderly = 60,
            });
        }
        var seeds = SeedDirectory.LoadFrom(Path.Combine(BenchData.RepoRoot(), "seeds"));
        var region = new AnalysisRegion(g, seeds, [], settlements);
        var origins = new List<LonLat>();
        int side = (int)Math.Round(Math.Sqrt(g.NodeCount));
        while (origins.Count < 20)
        {
            int r = rng.Next(100, side - 100), c = rng.Next(100, side - 100), n = r * side + c;
            origins.Add(new LonLat(g.NodeLon(n) + 0.0001, g.NodeLat(n) + 0.0002));
        }
        return (region, origins);
    }
}
