using System.Diagnostics;
using System.Globalization;
using Coverage.Analysis.Region;
using Coverage.Network.Snapping;

namespace Coverage.Bench.Stress;

/// <summary>
/// Snapping alone, one thread (second of two passes), after the timed stages of <c>stress --places</c>: every settlement
/// sample snapped again as the region snaps it (one <see cref="SegmentMetres"/> memo for the run), the samples the region
/// found beyond the snap limit timed apart from the rest, and every snap compared with the region's. Says what a far
/// sample costs beside a near one, free of the other threads and of the collector's pauses for the samples' arrays.
/// </summary>
public static class SnappingAlone
{
    public static string Measure(AnalysisRegion region)
    {
        var snapper = region.Snapper;
        double max = region.Options.MaxSnapMetres;
        int n = region.SampleCount;
        var far = new List<int>(); var near = new List<int>();
        for (int k = 0; k < n; k++) (region.SampleSnaps[k].Status == SnapStatus.TooFar ? far : near).Add(k);
        double Run(List<int> samples)
        {
            var measured = new SegmentMetres(snapper, 1 << 16);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            foreach (int k in samples)
            {
                var p = region.SampleLonLat[k];
                if (SampleSnap.Of(snapper.Snap(p.Lon, p.Lat, max, measured)) != region.SampleSnaps[k])
                    throw new InvalidOperationException($"Sample {k}: snapped alone, it differs from the region's snap");
            }
            return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        }
        double Rank(List<int> samples)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            foreach (int k in samples)
            {
                var p = region.SampleLonLat[k];
                snapper.Nearest(p.Lon, p.Lat, out _);
            }
            return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        }
        Run(near); Run(far); Rank(near); Rank(far);
        double nearSeconds = Run(near), farSeconds = Run(far), nearRank = Rank(near), farRank = Rank(far);
        return string.Create(CultureInfo.InvariantCulture, $"snapping alone, one thread: {near.Count:N0} samples within the limit {nearSeconds:N2} s cpu " +
            $"({nearSeconds * 1e6 / Math.Max(1, near.Count):N2} µs/sample), {far.Count:N0} beyond it {farSeconds:N2} s cpu " +
            $"({farSeconds * 1e6 / Math.Max(1, far.Count):N2} µs/sample); of which the grid's ranking (Snapper.Nearest) {nearRank * 1e6 / Math.Max(1, near.Count):N2} " +
            $"and {farRank * 1e6 / Math.Max(1, far.Count):N2} µs/sample; snaps identical to the region's");
    }
}
