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

    public static void Run(CultureInfo ci, AnalysisRegion demo)
    {
        Console.WriteLine();
        Console.WriteLine($"# Isochrone targets (issue 14): 15 min, {Rounds} rounds over the origins after warm-up (wall ms; ratio = target / measured, ≥ 1.0x met;");
        Console.WriteLine($"# cpu = this thread's CPU ms at the same quantile, the fairer figure when the machine is loaded: load average {LoadAverage()})");
        Console.WriteLine($"{"target",-32} {"limit ms",9} {"measured",9} {"ratio",7} {"cpu ms",8} {"origins",8}");
        var county = Times(new CoverageEngine(demo), DemoOrigins(demo));
        Row(ci, "demo county median", MedianTargetMs, county.Wall, county.Cpu, 0.5, county.Origins);
        Row(ci, "demo county p90", P90TargetMs, county.Wall, county.Cpu, 0.9, county.Origins);
        var clock = Stopwatch.StartNew();
        var (grid, origins) = MillionNodeGrid();
        double setup = clock.Elapsed.TotalSeconds;
        var million = Times(new CoverageEngine(grid), origins);
        Row(ci, $"1M-node grid median ({grid.Graph.NodeCount / 1e6:N1} M nodes)", MillionTargetMs, million.Wall, million.Cpu, 0.5, million.Origins);
        Row(ci, "1M-node grid p90", MillionTargetMs, million.Wall, million.Cpu, 0.9, million.Origins);
        Console.WriteLine(string.Create(ci, $"# (grid region built and its {grid.SampleCount:N0} village samples snapped in {setup:N1} s, not timed above)"));
    }

    static void Row(CultureInfo ci, string name, double limit, List<double> wall, List<double> cpu, double q, int origins)
    {
        double measured = Quantile(wall, q);
        Console.WriteLine(string.Create(ci, $"{name,-32} {limit,9:N1} {measured,9:N2} {limit / measured,6:N1}x {Quantile(cpu, q),8:N2} {origins,8}"));
    }

    static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }

    static double Quantile(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];

    static (List<double> Wall, List<double> Cpu, int Origins) Times(CoverageEngine engine, List<LonLat> origins)
    {
        var warm = Stopwatch.StartNew();
        while (warm.ElapsedMilliseconds < 1000) // past the JIT's tiering, as in a long-running server
            foreach (var o in origins) engine.Isochrone(o, [15], WalkProfile.Adult);
        var wall = new List<double>();
        var cpu = new List<double>();
        for (int r = 0; r < Rounds; r++)
            foreach (var o in origins)
            {
                double c0 = Timing.ThreadCpuMs();
                var sw = Stopwatch.StartNew();
                engine.Isochrone(o, [15], WalkProfile.Adult);
                wall.Add(sw.Elapsed.TotalMilliseconds);
                cpu.Add(Timing.ThreadCpuMs() - c0);
            }
        wall.Sort();
        cpu.Sort();
        return (wall, cpu, origins.Count);
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
