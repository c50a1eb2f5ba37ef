using System.Diagnostics;
using System.Globalization;
using Coverage.Analysis.LifeCircles;
using Coverage.Analysis.Siting;

namespace Coverage.Bench.Analysis;

/// <summary>
/// Life-circle units of the demo county, whole job (members, reach times, both CP-SAT solves, polygons), against issue
/// 13's target of ≤ 30 s with a stated gap. Median of 3 cold runs on one region (the region load is not timed).
/// </summary>
public static class LifeCircleFigures
{
    const double TargetSeconds = 30;

    public static void Run(CultureInfo ci)
    {
        var region = DemoCountyRegion.Load();
        var runs = new List<(double Seconds, LifeCircleResult Result)>();
        for (int i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            var result = LifeCircleResult.Compute(region, new SolverLimits(TargetSeconds - 5));
            runs.Add((clock.Elapsed.TotalSeconds, result));
        }
        var (seconds, r) = runs.OrderBy(x => x.Seconds).ElementAt(1);
        var s = r.Solution;
        Console.WriteLine();
        Console.WriteLine("# Life-circle units of the demo county (whole job, median of 3; solver limit 25 s)");
        Console.WriteLine($"{"members",8} {"units",6} {"meet",5} {"solver units",13} {"bound",6} {"gap",6} {"walk gap",9} {"status",9} {"s",7} {"vs 30s",7}");
        Console.WriteLine(string.Create(ci,
            $"{r.Instance.Count,8} {r.Units.Count,6} {r.Units.Count(u => u.Meets),5} {s.Units,13} {s.UnitsBound,6} {s.UnitsGap,6:P1} {s.SecondsGap,9:P2} {s.Status,9} {seconds,7:N2} {TargetSeconds / seconds,6:N1}x"));
    }
}
