using System.Globalization;

namespace Coverage.Bench.Stress;

/// <summary>
/// Resident memory of this process from /proc/self/status (Linux): the peak since the last <see cref="ResetPeak"/>
/// (VmHWM) and now (VmRSS), plus the managed heap. Each stage resets the peak so its figure is its own.
/// </summary>
public static class ProcessMemory
{
    /// <summary>Resets VmHWM to the current RSS (writes 5 to /proc/self/clear_refs); false where the kernel refuses.</summary>
    public static bool ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); return true; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    public static long PeakResidentBytes() => StatusKb("VmHWM:") * 1024;

    public static long ResidentBytes() => StatusKb("VmRSS:") * 1024;

    /// <summary>Managed heap after a full collection that also hands free memory back to the OS (so RSS falls to what is live).</summary>
    public static long LiveManagedBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    static long StatusKb(string field)
    {
        if (!File.Exists("/proc/self/status")) return 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return 0;
    }
}

/// <summary>Largest managed heap seen while alive, sampled every 50 ms (the GC keeps no peak of its own).</summary>
public sealed class HeapSampler : IDisposable
{
    readonly Timer _timer;
    long _peak;

    public HeapSampler()
    {
        _peak = GC.GetTotalMemory(false);
        _timer = new Timer(_ => Sample(), null, 0, 50);
    }

    public long Peak { get { Sample(); return Interlocked.Read(ref _peak); } }

    void Sample()
    {
        long now = GC.GetTotalMemory(false);
        long seen;
        while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen) { }
    }

    public void Dispose() => _timer.Dispose();
}
