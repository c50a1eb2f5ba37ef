using System.Globalization;
using Coverage.Core;
using Coverage.Network.Graph;
using Coverage.Network.Search;

namespace Coverage.Bench;

/// <summary>
/// Exports the SAME graph pgRouting will search (one row per edge, costs in seconds, -1 where a direction is not
/// walkable), times our own search over the same sources, and afterwards checks pgRouting's answer node by node.
/// </summary>
public static class PgRouting
{
    static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    static string Opt(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    /// <summary>pgr-export EXTRACT|grid:N OUTDIR [--sources 20] [--limit 900] [--runs 7]</summary>
    public static int Export(string[] args)
    {
        var g = BenchData.Graph(args[0]);
        var outDir = args[1];
        int sourceCount = int.Parse(Opt(args, "--sources", "20"), Ci);
        double limit = double.Parse(Opt(args, "--limit", "900"), Ci);
        int runs = int.Parse(Opt(args, "--runs", "7"), Ci);
        Directory.CreateDirectory(outDir);
        var profile = WalkProfile.Adult;

        using (var w = new StreamWriter(Path.Combine(outDir, "edges.csv")))
        {
            w.WriteLine("id,source,target,cost,reverse_cost");
            for (int e = 0; e < g.EdgeCount; e++)
            {
                var flags = g.EdgeFlagsOf[e];
                double s = g.EdgeSeconds(e, profile);
                string fwd = (flags & EdgeFlags.Forward) != 0 ? s.ToString("R", Ci) : "-1";
                string bwd = (flags & EdgeFlags.Backward) != 0 ? s.ToString("R", Ci) : "-1";
                w.WriteLine(string.Create(Ci, $"{e + 1},{g.EdgeFrom[e] + 1},{g.EdgeTo[e] + 1},{fwd},{bwd}"));
            }
        }
        var nodes = BenchData.RandomNodes(g, sourceCount, 42);
        File.WriteAllLines(Path.Combine(outDir, "sources.csv"), new[] { "source" }.Concat(nodes.Select(n => (n + 1).ToString(Ci))));

        var sources = new SourceSet();
        for (int i = 0; i < nodes.Length; i++) sources.AddNode(nodes[i], i);
        var space = new SearchSpace(g);
        var times = new TravelTimes(g);
        var (ms, cpuMs) = Timing.Measure(runs, () => BoundedDijkstra.Run(g, profile, sources, limit, space, times));
        WriteCsr(g, profile, nodes, times, outDir);
        using (var w = new StreamWriter(Path.Combine(outDir, "ours.csv")))
            for (int n = 0; n < g.NodeCount; n++)
                if (float.IsFinite(times.Seconds[n])) w.WriteLine(string.Create(Ci, $"{n + 1},{times.Seconds[n]:R}"));
        File.WriteAllText(Path.Combine(outDir, "limit.txt"), limit.ToString("R", Ci));
        Console.WriteLine($"nodes={g.NodeCount}");
        Console.WriteLine($"edges={g.EdgeCount}");
        Console.WriteLine(string.Create(Ci, $"median_ms={ms:0.000}"));
        Console.WriteLine(string.Create(Ci, $"median_cpu_ms={cpuMs:0.000}"));
        return 0;
    }

    /// <summary>
    /// The arcs our search walks, as the CSR arrays scipy.sparse.csgraph takes (indptr = FirstArc, indices = arc
    /// heads, data = arc seconds widened to float64: the very float32 costs we add), the 0-based sources, and our
    /// seconds per node (+∞ unreached), for bench/scipy_peer.py.
    /// </summary>
    static void WriteCsr(WalkGraph g, WalkProfile profile, int[] sources, TravelTimes times, string outDir)
    {
        var arcs = g.ArcCosts(profile);
        Npy.Write(Path.Combine(outDir, "indptr.npy"), g.FirstArc);
        Npy.Write(Path.Combine(outDir, "indices.npy"), arcs.Select(a => a.Head).ToArray());
        Npy.Write(Path.Combine(outDir, "data.npy"), arcs.Select(a => (double)a.Seconds).ToArray());
        Npy.Write(Path.Combine(outDir, "sources.npy"), sources);
        Npy.Write(Path.Combine(outDir, "ours.npy"), times.Seconds);
    }

    /// <summary>pgr-compare OUTDIR: prints "yes (N nodes, max diff X s)" or "NO (...)".</summary>
    public static int Compare(string[] args)
    {
        var dir = args[0];
        static Dictionary<long, double> Read(string path) =>
            File.ReadLines(path).Where(l => l.Length > 0).Select(l => l.Split(','))
                .ToDictionary(p => long.Parse(p[0], Ci), p => double.Parse(p[1], Ci));
        var ours = Read(Path.Combine(dir, "ours.csv"));
        var pgr = Read(Path.Combine(dir, "pgr.csv"));
        double limit = double.Parse(File.ReadAllText(Path.Combine(dir, "limit.txt")), Ci);
        const double tolerance = 0.05;
        double maxDiff = 0;
        int missing = 0, differ = 0;
        foreach (var (node, s) in pgr)
        {
            // A node right at the limit may fall either side of it in float32 versus float8.
            if (!ours.TryGetValue(node, out var o)) { if (s < limit - tolerance) missing++; continue; }
            maxDiff = Math.Max(maxDiff, Math.Abs(o - s));
            if (Math.Abs(o - s) >= tolerance) differ++;
        }
        int extra = ours.Count(kv => !pgr.ContainsKey(kv.Key) && kv.Value < limit - tolerance);
        // float32 seconds on our side: a few milliseconds of rounding over a long path is expected.
        bool agree = missing == 0 && extra == 0 && maxDiff < tolerance;
        Console.WriteLine(string.Create(Ci, $"{(agree ? "yes" : "NO")} ({pgr.Count} nodes, {differ} differ, max diff {maxDiff:0.0000} s, missing {missing}, extra {extra})"));
        return 0;
    }
}
