namespace Coverage.Bench.National;

/// <summary>A straight line y = Intercept + Slope·x: how a per-county cost grows with the county's graph size.</summary>
public readonly record struct LinearFit(double Intercept, double Slope)
{
    /// <summary>The line's value at <paramref name="x"/>, never below zero (a cost cannot be negative).</summary>
    public double At(double x) => Math.Max(0, Intercept + Slope * x);

    /// <summary>
    /// Least squares through the points. With one distinct x there is no slope to fit, so the cost is taken as
    /// proportional to x through the origin (y/x): that over-states small counties and under-states nothing big.
    /// </summary>
    public static LinearFit Through(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count == 0) throw new ArgumentException("At least one measured county is needed to fit a cost line.", nameof(points));
        double mx = points.Average(p => p.X), my = points.Average(p => p.Y);
        double sxx = points.Sum(p => (p.X - mx) * (p.X - mx)), sxy = points.Sum(p => (p.X - mx) * (p.Y - my));
        if (sxx <= 1e-9 * Math.Max(1, mx * mx)) return mx > 0 ? new LinearFit(0, my / mx) : new LinearFit(my, 0);
        double slope = sxy / sxx;
        return new LinearFit(my - slope * mx, slope);
    }
}

/// <summary>One band of the assumed county size distribution: its share of all counties and its graph size.</summary>
public sealed record SizeTier(string Name, double Share, double GraphNodes);

/// <summary>A machine like the one measured: cores and the memory jobs may use.</summary>
public sealed record MachineShape(int Cores, long MemoryBytes);

/// <summary>What running every county would take on <see cref="Machines"/> machines of one shape.</summary>
/// <param name="CoreSeconds">CPU seconds of all counties together (one job keeps one core busy).</param>
/// <param name="LargestJobSeconds">CPU seconds of the largest tier's job: no split makes a run shorter than it.</param>
/// <param name="LargestJobRssBytes">Peak resident memory of the largest tier's job.</param>
/// <param name="WorkersPerMachine">Jobs run at once on one machine: one per core, fewer when memory runs out first.</param>
/// <param name="WallSeconds">Elapsed time for the whole country: the work spread over every worker, or the largest job, whichever is longer.</param>
/// <param name="PeakMemoryPerMachineBytes">Memory one machine needs when all its workers run the largest job at once.</param>
public sealed record ProjectionResult(int Counties, int Machines, double CoreSeconds, double LargestJobSeconds, double LargestJobRssBytes,
    int WorkersPerMachine, double WallSeconds, double PeakMemoryPerMachineBytes)
{
    public double CoreHours => CoreSeconds / 3600;
    public double WallHours => WallSeconds / 3600;
}

/// <summary>
/// The arithmetic of the national projection, apart from any measuring so it can be checked by hand: per-county CPU
/// seconds and peak memory as lines in graph nodes (fitted from measured counties), weighted by an assumed size
/// distribution, spread over machines that each run one job per core (or fewer when memory binds).
/// </summary>
public static class NationalProjection
{
    /// <summary>County-level divisions of mainland China (counties, county-level cities, districts, banners): about 2,800.</summary>
    public const int ChineseCounties = 2800;

    /// <summary>Jobs one machine runs at once: one per core, but never more than its memory holds of the largest job (at least one).</summary>
    public static int WorkersPerMachine(MachineShape machine, double jobRssBytes) =>
        Math.Max(1, Math.Min(machine.Cores, jobRssBytes <= 0 ? machine.Cores : (int)Math.Floor(machine.MemoryBytes / jobRssBytes)));

    /// <summary>The projection for <paramref name="counties"/> counties split into <paramref name="tiers"/> (shares summing to 1).</summary>
    public static ProjectionResult Project(LinearFit cpuSeconds, LinearFit peakRssBytes, IReadOnlyList<SizeTier> tiers,
        int counties, int machines, MachineShape machine)
    {
        if (tiers.Count == 0) throw new ArgumentException("The size distribution has no tiers.", nameof(tiers));
        if (Math.Abs(tiers.Sum(t => t.Share) - 1) > 1e-6) throw new ArgumentException("The tiers' shares must add up to 1.", nameof(tiers));
        if (counties < 1 || machines < 1) throw new ArgumentOutOfRangeException(nameof(machines), "Counties and machines must be at least 1.");
        double coreSeconds = counties * tiers.Sum(t => t.Share * cpuSeconds.At(t.GraphNodes));
        var largest = tiers.MaxBy(t => t.GraphNodes)!;
        double largestSeconds = cpuSeconds.At(largest.GraphNodes), largestRss = peakRssBytes.At(largest.GraphNodes);
        int workers = WorkersPerMachine(machine, largestRss);
        double wall = Math.Max(coreSeconds / ((double)machines * workers), largestSeconds);
        return new ProjectionResult(counties, machines, coreSeconds, largestSeconds, largestRss, workers, wall, workers * largestRss);
    }
}
