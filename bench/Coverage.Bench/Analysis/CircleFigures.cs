using System.Diagnostics;
using System.Globalization;
using Coverage.Analysis;
using Coverage.Analysis.Region;
using Coverage.Bench.Stress;
using Coverage.Core.Domain;
using NetTopologySuite.Geometries;

namespace Coverage.Bench.Analysis;

/// <summary>
/// Issue 14's circle targets against measured figures: every standard circle on a million-node region, warm (JIT-tiered,
/// a new engine each run, so its searches are timed too) in ≤ 2 s, and the process's RSS with that region and all its
/// circle results held in ≤ 1 GB. The region is the isochrone rows' 1000 × 1000 grid with its 20,000 villages, plus
/// 1,000 counted facilities of every category a circle names; the stress case (bench/stress.sh) times the same on the
/// generated province with its 4.4 M samples.
/// </summary>
public static class CircleFigures
{
    const double TargetSeconds = 2, TargetRssGb = 1;
    const int FacilitiesPerCategory = 1000, Runs = 3;

    public static void Run(CultureInfo ci)
    {
        var clock = Stopwatch.StartNew();
        var region = WithFacilities(IsochroneFigures.MillionNodeGrid().Region);
        double setup = clock.Elapsed.TotalSeconds;
        IReadOnlyList<Coverage.Analysis.Circles.CircleCoverage> circles = new CoverageEngine(region).EvaluateAll(); // warm-up
        var wall = new List<double>();
        var cpu = new List<double>();
        for (int r = 0; r < Runs; r++)
        {
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            circles = new CoverageEngine(region).EvaluateAll();
            wall.Add(sw.Elapsed.TotalSeconds);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds);
        }
        wall.Sort();
        cpu.Sort();
        long live = ProcessMemory.LiveManagedBytes(); // frees the earlier rows' regions, so RSS is this region's
        double rss = ProcessMemory.ResidentBytes() / 1e9;
        Console.WriteLine();
        Console.WriteLine(string.Create(ci, $"# All-circle targets (issue 14): {circles.Count} circles, new engine per run (searches included), median of {Runs} after warm-up;"));
        Console.WriteLine(string.Create(ci, $"# cpu = this process's CPU seconds (all threads, {Environment.ProcessorCount} cores); load average {StressCase.LoadAverage()}"));
        Console.WriteLine($"{"target",-32} {"limit",9} {"measured",9} {"ratio",7} {"cpu",8}  detail");
        double seconds = wall[Runs / 2];
        Console.WriteLine(string.Create(ci, $"{"all circles at 1 M nodes (s)",-32} {TargetSeconds,9:N1} {seconds,9:N2} {TargetSeconds / seconds,6:N1}x {cpu[Runs / 2],8:N2}  " +
            $"{region.Graph.NodeCount:N0} nodes, {region.Settlements.Count:N0} settlements, {region.SampleCount:N0} samples, {region.Facilities.Count:N0} facilities"));
        Console.WriteLine(string.Create(ci, $"{"RSS after all circles (GB)",-32} {TargetRssGb,9:N1} {rss,9:N2} {TargetRssGb / rss,6:N1}x {"",8}  " +
            $"process RSS with the region and all {circles.Count} results held; live managed heap {live / 1e9:N2} GB"));
        Console.WriteLine(string.Create(ci, $"# (grid region built with its facilities in {setup:N1} s, not timed above; the province: bench/stress.sh)"));
        GC.KeepAlive(circles);
    }

    /// <summary>The region again with <see cref="FacilitiesPerCategory"/> existing facilities of each category (and kind) a circle names, at seeded random nodes.</summary>
    static AnalysisRegion WithFacilities(AnalysisRegion grid)
    {
        var g = grid.Graph;
        var rng = new Random(1414);
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        var references = grid.Seeds.Circles.SelectMany(c => c.Categories).Distinct().Select(CategoryReference.Parse).ToList();
        var facilities = new List<Facility>();
        foreach (var reference in references)
            for (int i = 0; i < FacilitiesPerCategory; i++)
            {
                int n = rng.Next(g.NodeCount);
                facilities.Add(new Facility
                {
                    Id = $"{reference}-{i}", Name = $"{reference} {i}", Category = reference.Category, Kind = reference.Kind,
                    Geometry = factory.CreatePoint(new Coordinate(g.NodeLon(n) + 0.0001, g.NodeLat(n))),
                });
            }
        return new AnalysisRegion(g, grid.Seeds, facilities, grid.Settlements);
    }
}
