using System.Diagnostics;
using System.Globalization;
using Coverage.Analysis;
using Coverage.Analysis.Siting;

namespace Coverage.Bench.Siting;

/// <summary>
/// Siting as POST /api/siting answers it, in process (the bench does not host the server): generated candidates at the
/// API's default spacing, the API's default time limit on 2 workers, for k = 3…20 of one circle on the demo county.
/// Cold = the instance prepared for the request (what every k cost before issue 14: candidates, demand, reach sets,
/// model, then the solve); warm = the instance from <see cref="SitingInstanceCache"/> (k = 3…20 asked in turn on one
/// plan version: only the solve and the answer's village lists). Target: each warm request ≤ 1 s.
/// </summary>
public static class SitingFigures
{
    const double TargetMs = 1000;
    static readonly int[] ColdKs = [3, 10, 20];

    public static void Run(CultureInfo ci, string circle = "elderly-15")
    {
        var region = Analysis.DemoCountyRegion.Load();
        var engine = new CoverageEngine(region);
        var limits = new SolverLimits(10, 2); // the API default (SitingRequest.DefaultTimeLimitSeconds) on both cores
        var planner = new SitingPlanner(engine);
        SitingResult Cold(int k) => planner.MaximalCovering(circle, k, CandidateGenerator.Along(region, CandidateGenerator.DefaultSpacingMetres), limits);
        Cold(3); // JIT and the engine's per-profile caches, as in a running server

        Console.WriteLine();
        Console.WriteLine($"# Siting through the API path, {circle} on the demo county, candidates every {CandidateGenerator.DefaultSpacingMetres:0} m, k = 3…20 "
            + "(cold = instance prepared per request; warm = cached per plan version; cpu = this thread's CPU ms, proc = the process's CPU ms, solver threads included)");
        Console.WriteLine($"{"request",-20} {"ms",8} {"vs 1s",8} {"cpu ms",8} {"proc ms",8} {"reach ms",9} {"solve ms",9} {"status",9} {"gap",7} {"same",5}");
        var cold = new Dictionary<int, SitingResult>();
        foreach (int k in ColdKs)
        {
            var (r, ms, cpu, proc) = Timed(() => Cold(k));
            cold[k] = r;
            Row(ci, $"cold k={k}", r, ms, cpu, proc, null);
        }

        var cache = new SitingInstanceCache();
        var (first, prepMs, prepCpu, prepProc) = Timed(() => cache.Along(engine, circle, CandidateGenerator.DefaultSpacingMetres));
        Console.WriteLine(string.Create(ci, $"{"prepare (cold cache)",-20} {prepMs,8:N1} {"",8} {prepCpu,8:N1} {prepProc,8:N1} {first.ReachTime.TotalMilliseconds,9:N1}   "
            + $"{first.Candidates.Sites.Count:N0} candidates, model {first.Model.ColumnCount:N0} × {first.Model.RowCount:N0}, ~{first.ApproximateBytes / 1e6:N1} MB held"));
        var warm = new List<double>();
        var warmCpu = new List<double>();
        double total = 0;
        for (int k = 3; k <= 20; k++)
        {
            var (r, ms, cpu, proc) = Timed(() => planner.MaximalCovering(cache.Along(engine, circle, CandidateGenerator.DefaultSpacingMetres), k, limits));
            warm.Add(ms);
            warmCpu.Add(cpu);
            total += ms;
            Row(ci, $"warm k={k}", r, ms, cpu, proc, cold.TryGetValue(k, out var c) ? SameAnswer(c, r) : null);
        }
        warm.Sort();
        warmCpu.Sort();
        Console.WriteLine(string.Create(ci, $"{"warm k=3…20 max",-20} {warm[^1],8:N1} {TargetMs / warm[^1],7:N1}x {warmCpu[^1],8:N1}   median {warm[warm.Count / 2]:N1} ms, all 18 in {total:N0} ms ({cache.Counts.Misses} preparation)"));
    }

    static (SitingResult Result, double Ms, double CpuMs, double ProcMs) Timed(Func<SitingResult> run)
    {
        var (r, ms, cpu, proc) = Timed<SitingResult>(run);
        return (r, ms, cpu, proc);
    }

    static (T Result, double Ms, double CpuMs, double ProcMs) Timed<T>(Func<T> run)
    {
        GC.Collect();
        double c0 = Timing.ThreadCpuMs();
        var p0 = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = run();
        double ms = clock.Elapsed.TotalMilliseconds;
        return (result, ms, Timing.ThreadCpuMs() - c0, (Process.GetCurrentProcess().TotalProcessorTime - p0).TotalMilliseconds);
    }

    static void Row(CultureInfo ci, string what, SitingResult r, double ms, double cpu, double proc, bool? same) =>
        Console.WriteLine(string.Create(ci, $"{what,-20} {ms,8:N1} {TargetMs / ms,7:N1}x {cpu,8:N1} {proc,8:N1} {r.ReachTime.TotalMilliseconds,9:N1} "
            + $"{r.Optimal.Wall.TotalMilliseconds,9:N1} {r.Optimal.Status,9} {r.Optimal.Gap ?? 0,7:P2} {(same is { } s ? (s ? "yes" : "NO") : ""),5}"));

    /// <summary>The warm answer is the cold one: same sites in the same order, same objective, bound and status.</summary>
    static bool SameAnswer(SitingResult a, SitingResult b) =>
        a.Optimal.Status == b.Optimal.Status && a.Optimal.Objective == b.Optimal.Objective && a.Optimal.Bound == b.Optimal.Bound
        && a.Optimal.Sites.Select(s => s.Site.Id).SequenceEqual(b.Optimal.Sites.Select(s => s.Site.Id))
        && a.Greedy.Sites.Select(s => s.Site.Id).SequenceEqual(b.Greedy.Sites.Select(s => s.Site.Id));
}
