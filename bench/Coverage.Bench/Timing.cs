using System.Diagnostics;

namespace Coverage.Bench;

public static class Timing
{
    /// <summary>Median wall time in milliseconds of <paramref name="runs"/> runs after one warm-up.</summary>
    public static double MedianMs(int runs, Action action)
    {
        action();
        var ms = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            ms[i] = sw.Elapsed.TotalMilliseconds;
        }
        Array.Sort(ms);
        return runs % 2 == 1 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
    }
}
