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
            Console.WriteLine(string.Create(ci, $"{name,-24} {bestWall * 1000 / count,8:N2} {bestCpu * 1000 / count,8:N2} {on,11:N0} {(double)bytes / count,13:N1}"));
        }
    }
}
