using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Coverage.Bench;

public static class Timing
{
    /// <summary>
    /// The JIT tiering delay this process runs with, for a figure's header: the launch scripts and the Docker image set
    /// DOTNET_TC_CallCountingDelayMs=0 (scripts/run.sh says why); the runtime's default is 100 ms, and first-run stages
    /// (a region's sampling and snapping) are slower under it. Read from the environment, as the runtime reads it.
    /// </summary>
    public static string JitTiering =>
        Environment.GetEnvironmentVariable("DOTNET_TC_CallCountingDelayMs") is { Length: > 0 } delay
            ? $"JIT tiering delay DOTNET_TC_CallCountingDelayMs={delay} (hex ms; the server's scripts set 0)"
            : "JIT tiering delay: the runtime's default, 100 ms (the server's scripts set DOTNET_TC_CallCountingDelayMs=0)";

    /// <summary>
    /// The GC's young-generation budget this process runs with, for a figure's header: the server's launch paths set
    /// DOTNET_GCgen0size=0x4000000 (64 MB; scripts/run.sh says why); the runtime's default is at most 6 MB.
    /// </summary>
    public static string Gen0Budget =>
        Environment.GetEnvironmentVariable("DOTNET_GCgen0size") is { Length: > 0 } size
            ? $"GC young generation DOTNET_GCgen0size={size} (hex bytes; the server's scripts set 0x4000000)"
            : "GC young generation: the runtime's default, at most 6 MB (the server's scripts set DOTNET_GCgen0size=0x4000000)";

    /// <summary>Median wall time in milliseconds of <paramref name="runs"/> runs after a warm-up.</summary>
    public static double MedianMs(int runs, Action action) => Measure(runs, action).WallMs;

    /// <summary>
    /// Medians of wall time and of this thread's CPU time (ms) over <paramref name="runs"/> runs after a warm-up.
    /// On a shared machine the CPU time is the steadier figure: it leaves out time spent descheduled.
    /// </summary>
    public static (double WallMs, double CpuMs) Measure(int runs, Action action)
    {
        WarmUp(action);
        var wall = new double[runs];
        var cpu = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            double c0 = ThreadCpuMs();
            var sw = Stopwatch.StartNew();
            action();
            wall[i] = sw.Elapsed.TotalMilliseconds;
            cpu[i] = ThreadCpuMs() - c0;
        }
        return (Median(wall), Median(cpu));
    }

    /// <summary>
    /// Runs the action until the JIT has had the chance to replace the first-call code by its optimised tier (30 calls,
    /// then a background compile after ~100 ms), as in a long-running server: at least 40 calls and 0.5 s, at most 5 s.
    /// </summary>
    static void WarmUp(Action action)
    {
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < 40 || sw.ElapsedMilliseconds < 500; i++)
        {
            action();
            if (sw.ElapsedMilliseconds > 5000) break;
        }
    }

    static double Median(double[] ms)
    {
        Array.Sort(ms);
        int n = ms.Length;
        return n % 2 == 1 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
    }

    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec { public long Seconds, Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    static extern int ClockGetTime(int clock, out TimeSpec time);

    const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID on Linux
    const int ClockProcessCpuTime = 2; // CLOCK_PROCESS_CPUTIME_ID

    /// <summary>CPU time every thread of this process has used, in ms (NaN where the clock is unavailable): for work that
    /// runs on several threads, where this thread's time leaves the others' out.</summary>
    public static double ProcessCpuMs()
    {
        if (!OperatingSystem.IsLinux()) return double.NaN;
        return ClockGetTime(ClockProcessCpuTime, out var t) == 0 ? t.Seconds * 1e3 + t.Nanoseconds / 1e6 : double.NaN;
    }

    /// <summary>CPU time this thread has used, in ms (NaN where the clock is unavailable, e.g. not Linux).</summary>
    public static double ThreadCpuMs()
    {
        if (!OperatingSystem.IsLinux()) return double.NaN;
        return ClockGetTime(ClockThreadCpuTime, out var t) == 0 ? t.Seconds * 1e3 + t.Nanoseconds / 1e6 : double.NaN;
    }
}
