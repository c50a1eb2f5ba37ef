using Coverage.Analysis.Region;
using Coverage.Core;
using Coverage.Network.Search;

namespace Coverage.Analysis.Siting;

/// <summary>
/// Which demand samples each candidate reaches within the limit: one bounded search per candidate, outward from it —
/// the direction the coverage engine measures (facility → home), so a site's newly covered samples are exactly what
/// Evaluate reports once it is built. Candidates are split over threads, each with its own reusable scratch.
/// </summary>
public static class ReachSets
{
    /// <param name="seed">Adds candidate c to an empty source set and returns the edge it sits on (for same-edge samples).</param>
    public static int[][] Compute(AnalysisRegion region, WalkProfile profile, double limitSeconds, int[] samples,
        int candidateCount, Func<int, SourceSet, int> seed, int threads = 2) =>
        Timed(region, profile, limitSeconds, samples, candidateCount, seed, threads).Select(r => r.Reached).ToArray();

    /// <summary>
    /// As <see cref="Compute"/>, with the seconds to each reached sample (parallel to Reached): the life-circle units
    /// read the same times the coverage rule counts.
    /// </summary>
    public static (int[] Reached, float[] Seconds)[] Timed(AnalysisRegion region, WalkProfile profile, double limitSeconds, int[] samples,
        int candidateCount, Func<int, SourceSet, int> seed, int threads = 2)
    {
        var g = region.Graph;
        var snaps = region.SampleSnaps;
        int n = samples.Length;
        var sampleEdge = new int[n];
        var endA = new int[n];
        var endB = new int[n];
        for (int i = 0; i < n; i++)
        {
            int e = snaps[samples[i]].Edge;
            sampleEdge[i] = e; endA[i] = g.EdgeFrom[e]; endB[i] = g.EdgeTo[e];
        }
        g.ArcCosts(profile); // fill the per-profile cache once, not under contention

        var result = new (int[] Reached, float[] Seconds)[candidateCount];
        int next = -1;
        Parallel.For(0, Math.Clamp(threads, 1, Math.Max(1, candidateCount)), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, _ =>
        {
            var space = new SearchSpace(g);
            var times = new TravelTimes(g);
            var sources = new SourceSet();
            var reached = new List<int>();
            var seconds = new List<float>();
            int c;
            while ((c = Interlocked.Increment(ref next)) < candidateCount)
            {
                sources.Clear();
                int edge = seed(c, sources);
                reached.Clear();
                seconds.Clear();
                if (!sources.IsEmpty)
                {
                    BoundedDijkstra.Run(g, profile, sources, limitSeconds, space, times, tree: false);
                    var secs = times.Seconds;
                    for (int i = 0; i < n; i++)
                    {
                        // Most samples lie beyond the search: both ends unreached and not on the candidate's edge.
                        if (float.IsPositiveInfinity(secs[endA[i]]) && float.IsPositiveInfinity(secs[endB[i]]) && sampleEdge[i] != edge) continue;
                        float t = times.SecondsTo(snaps[samples[i]]);
                        if (t <= limitSeconds) { reached.Add(i); seconds.Add(t); }
                    }
                }
                result[c] = (reached.ToArray(), seconds.ToArray());
            }
        });
        return result;
    }
}
