using System.Diagnostics;
using System.Globalization;
using Coverage.Network.Snapping;

namespace Coverage.Bench.Network;

/// <summary>
/// `snap`: microseconds per <see cref="Snapper.Snap(double, double, double)"/> over seeded random places in the demo
/// county's bounding box (the isochrone grid and settlement sampling both snap this way), best of 5 passes.
/// </summary>
public static class SnapFigures
{
    public static int Run(string[] args)
    {
        var ci = CultureInfo.InvariantCulture;
        int count = args.Length > 0 ? int.Parse(args[0], ci) : 100_000;
        var g = BenchData.Graph("demo-county.synthetic.osm.pbf");
        var snapper = new Snapper(g);
        double minLon = double.MaxValue, maxLon = double.MinValue, minLat = double.MaxValue, maxLat = double.MinValue;
        for (int n = 0; n < g.NodeCount; n++)
        {
            double lon = g.NodeLon7[n] / Coverage.Network.Graph.WalkGraph.CoordScale, lat = g.NodeLat7[n] / Coverage.Network.Graph.WalkGraph.CoordScale;
            minLon = Math.Min(minLon, lon); maxLon = Math.Max(maxLon, lon); minLat = Math.Min(minLat, lat); maxLat = Math.Max(maxLat, lat);
        }
        var rng = new Random(12);
        var lons = new double[count];
        var lats = new double[count];
        for (int i = 0; i < count; i++) { lons[i] = minLon + rng.NextDouble() * (maxLon - minLon); lats[i] = minLat + rng.NextDouble() * (maxLat - minLat); }
        Console.WriteLine($"# Snap, {count:N0} random places in the demo county box, 500 m limit (best of 5 passes; cpu = this thread)");
        Console.WriteLine($"{"call",-24} {"µs/snap",8} {"cpu µs",8} {"on network",11} {"alloc B/snap",13}");
        Report("Snap", i => snapper.Snap(lons[i], lats[i], 500).IsOnNetwork);
        Report("SnapNearest", i => snapper.SnapNearest(lons[i], lats[i], 500).IsOnNetwork);
        // As an isochrone samples: places within ±1.3 km (east and north) of a node of the main network.
        var nodes = BenchData.RandomNodes(g, 200, 12);
        for (int i = 0; i < count; i++)
        {
            int n = nodes[i % nodes.Length];
            lons[i] = g.NodeLon(n) + (rng.NextDouble() - 0.5) * 0.027;
            lats[i] = g.NodeLat(n) + (rng.NextDouble() - 0.5) * 0.023;
        }
        Report("Snap, ±1.3 km of a node", i => snapper.Snap(lons[i], lats[i], 500).IsOnNetwork);
        return 0;

        void Report(string name, Func<int, bool> snap)
        {
            var (wall, cpu, on, bytes) = Measure(count, snap);
            Console.WriteLine(string.Create(ci, $"{name,-24} {wall,8:N2} {cpu,8:N2} {on,11:N0} {bytes,13:N1}"));
        }
    }

    /// <summary>
    /// `quick` rows (issue 14): snaps per second near the network, and the demo county's settlements sampled and snapped
    /// on one thread and on every core, against the stress case's budget (4.4 M samples in 5 s on 2 cores).
    /// </summary>
    public static void Quick(CultureInfo ci)
    {
        const int Count = 100_000;
        const double StressSamples = 4_423_424, StressSeconds = 5, StressCores = 2;
        double budgetUs = StressSeconds * StressCores * 1e6 / StressSamples;
        var region = Coverage.Bench.Analysis.DemoCountyRegion.Load();
        var g = region.Graph;
        var snapper = region.Snapper;
        var rng = new Random(12);
        var nodes = BenchData.RandomNodes(g, 200, 12);
        var lons = new double[Count];
        var lats = new double[Count];
        for (int i = 0; i < Count; i++)
        {
            int n = nodes[i % nodes.Length];
            lons[i] = g.NodeLon(n) + (rng.NextDouble() - 0.5) * 0.027;
            lats[i] = g.NodeLat(n) + (rng.NextDouble() - 0.5) * 0.023;
        }
        var (wall, cpu, _, bytes) = Measure(Count, i => snapper.Snap(lons[i], lats[i], 500).IsOnNetwork);
        Console.WriteLine();
        Console.WriteLine($"# Snap (issue 14): demo county, {Count:N0} places within ±1.3 km of a node (as isochrone grids and settlement samples lie), 500 m limit, best of 5 passes; cpu = this thread");
        Console.WriteLine($"{"call",-32} {"µs/snap",8} {"cpu µs",8} {"snaps/s cpu",12} {"alloc B/snap",13}");
        Console.WriteLine(string.Create(ci, $"{"Snap, one thread",-32} {wall,8:N2} {cpu,8:N2} {1e6 / cpu,12:N0} {bytes,13:N1}"));

        Console.WriteLine();
        Console.WriteLine(string.Create(ci, $"# Settlements sampled + snapped (issue 14): the demo county's {region.SampleCount:N0} samples, region built again (median of 5); cpu = process CPU;"));
        Console.WriteLine(string.Create(ci, $"# target = the stress case's budget per sample, {StressSamples:N0} samples in {StressSeconds:N0} s on {StressCores:N0} cores = {budgetUs:N2} µs of CPU per sample"));
        Console.WriteLine($"{"threads",-32} {"ms",8} {"cpu ms",8} {"cpu µs/sample",14} {"target µs",10} {"ratio",7}");
        foreach (int? threads in new int?[] { 1, null })
        {
            var options = region.Options with { Parallelism = threads };
            var walls = new List<double>();
            var cpus = new List<double>();
            for (int run = 0; run < 6; run++)
            {
                var process = System.Diagnostics.Process.GetCurrentProcess();
                var c0 = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                _ = new Coverage.Analysis.Region.AnalysisRegion(g, region.Seeds, [], region.Settlements, options, snapper: snapper);
                double w = sw.Elapsed.TotalMilliseconds;
                process.Refresh();
                if (run == 0) continue; // warm-up
                walls.Add(w);
                cpus.Add((process.TotalProcessorTime - c0).TotalMilliseconds);
            }
            walls.Sort(); cpus.Sort();
            double ms = walls[walls.Count / 2], cpuMs = cpus[cpus.Count / 2], perSample = cpuMs * 1000 / region.SampleCount;
            string label = threads is { } t ? $"{t} thread" : $"all cores ({Environment.ProcessorCount})";
            Console.WriteLine(string.Create(ci, $"{label,-32} {ms,8:N1} {cpuMs,8:N1} {perSample,14:N2} {budgetUs,10:N2} {budgetUs / perSample,6:N1}x"));
        }
    }

    /// <summary>Best of 5 passes (after one warm-up) over the places: wall and this thread's CPU µs per call, places on the network, bytes allocated per call.</summary>
    static (double WallUs, double CpuUs, int OnNetwork, double BytesPerCall) Measure(int count, Func<int, bool> snap)
    {
        double bestWall = double.MaxValue, bestCpu = double.MaxValue;
        int on = 0;
        long bytes = 0;
        for (int pass = 0; pass < 6; pass++)
        {
            on = 0;
            long b0 = GC.GetAllocatedBytesForCurrentThread();
            double c0 = Timing.ThreadCpuMs();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < count; i++) if (snap(i)) on++;
            double wall = sw.Elapsed.TotalMilliseconds, cpu = Timing.ThreadCpuMs() - c0;
            bytes = GC.GetAllocatedBytesForCurrentThread() - b0;
            if (pass == 0) continue; // warm-up
            bestWall = Math.Min(bestWall, wall); bestCpu = Math.Min(bestCpu, cpu);
        }
        return (bestWall * 1000 / count, bestCpu * 1000 / count, on, (double)bytes / count);
    }
}
