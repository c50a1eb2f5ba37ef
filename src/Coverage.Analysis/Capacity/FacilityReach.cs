using Coverage.Analysis.Circles;
using Coverage.Analysis.Region;
using Coverage.Network.Search;

namespace Coverage.Analysis.Capacity;

/// <summary>
/// For each facility of a circle, the settlement samples it reaches within the circle's minutes and in how many seconds:
/// one bounded single-source search per facility (in parallel), read at the samples exactly as the coverage search reads
/// them (<see cref="TravelTimes.ReachOf"/>: off-network legs, same-edge arrivals, trails entered anywhere). So a sample is
/// reached by some facility here exactly when the circle's multi-source search covers it.
/// </summary>
sealed class FacilityReach
{
    /// <summary>Reached samples of facility j are Samples[First[j] .. First[j+1]-1], with their seconds.</summary>
    public required int[] First { get; init; }
    public required int[] Samples { get; init; }
    public required float[] Seconds { get; init; }
    /// <summary>Region facility index of each facility j.</summary>
    public required int[] Facility { get; init; }

    public int Count => Facility.Length;

    /// <summary>
    /// Searches from each of <paramref name="facilities"/> (region indices) up to <paramref name="limitSeconds"/>. The search
    /// runs a hair past the limit and the samples are kept by the coverage rule's own comparison (seconds ≤ limit in double),
    /// so a float rounding of the limit never decides a sample differently from the coverage figures.
    /// </summary>
    public static FacilityReach Search(AnalysisRegion region, CategoryGroup group, IReadOnlyList<int> facilities, double limitSeconds,
        SearchScratchPool? pool = null)
    {
        pool ??= new SearchScratchPool(region.Graph);
        var index = SampleIndex.Of(region);
        var perFacility = new (int[] Samples, float[] Seconds)[facilities.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = region.Options.Parallelism ?? -1 };
        double searchLimit = limitSeconds * (1 + 1e-6) + 0.01;
        Parallel.For(0, facilities.Count, options, () => (pool.Rent(), new Candidates(region.SampleCount)),
            (j, _, local) =>
            {
                perFacility[j] = SearchOne(region, group, facilities[j], searchLimit, limitSeconds, index, local.Item1, local.Item2);
                return local;
            }, local => pool.Return(local.Item1));

        var first = new int[facilities.Count + 1];
        for (int j = 0; j < facilities.Count; j++) first[j + 1] = first[j] + perFacility[j].Samples.Length;
        var samples = new int[first[^1]];
        var seconds = new float[first[^1]];
        for (int j = 0; j < facilities.Count; j++)
        {
            perFacility[j].Samples.CopyTo(samples, first[j]);
            perFacility[j].Seconds.CopyTo(seconds, first[j]);
        }
        return new FacilityReach { First = first, Samples = samples, Seconds = seconds, Facility = facilities.ToArray() };
    }

    static (int[], float[]) SearchOne(AnalysisRegion region, CategoryGroup group, int facility, double searchLimit, double limit,
        SampleIndex index, SearchScratch scratch, Candidates candidates)
    {
        scratch.Sources.Clear();
        region.AddSources(scratch.Sources, facility, facility);
        BoundedDijkstra.Run(region.Graph, group.Profile, scratch.Sources, searchLimit, scratch.Space, scratch.Times, tree: false);
        // A sample is reached through an end node of its edge (then that node was reached) or from a seed on its own edge.
        candidates.Clear();
        foreach (int node in scratch.Times.ReachedNodeSpan) candidates.AddRange(index.AtNode(node));
        foreach (var seed in scratch.Sources.Edges) candidates.AddRange(index.OnEdge(seed.Edge));
        var samples = new List<int>();
        var seconds = new List<float>();
        foreach (int k in candidates.Sorted())
        {
            var reach = scratch.Times.ReachOf(region.SampleSnaps[k]);
            if (!reach.IsReached || !(reach.Seconds <= limit)) continue;
            samples.Add(k);
            seconds.Add(reach.Seconds);
        }
        return (samples.ToArray(), seconds.ToArray());
    }

    /// <summary>On-network samples by the end nodes of their edge and by their edge (CSR lists).</summary>
    sealed class SampleIndex
    {
        int[] _nodeFirst = [], _nodeSamples = [];
        Dictionary<int, List<int>> _byEdge = [];

        public ReadOnlySpan<int> AtNode(int node) => _nodeSamples.AsSpan(_nodeFirst[node], _nodeFirst[node + 1] - _nodeFirst[node]);
        public IReadOnlyList<int> OnEdge(int edge) => _byEdge.TryGetValue(edge, out var list) ? list : [];

        public static SampleIndex Of(AnalysisRegion region)
        {
            var g = region.Graph;
            var count = new int[g.NodeCount + 1];
            var byEdge = new Dictionary<int, List<int>>();
            for (int k = 0; k < region.SampleCount; k++)
            {
                var snap = region.SampleSnaps[k];
                if (!snap.IsOnNetwork) continue;
                count[g.EdgeFrom[snap.Edge] + 1]++;
                count[g.EdgeTo[snap.Edge] + 1]++;
                if (!byEdge.TryGetValue(snap.Edge, out var list)) byEdge[snap.Edge] = list = [];
                list.Add(k);
            }
            for (int n = 0; n < g.NodeCount; n++) count[n + 1] += count[n];
            var fill = (int[])count.Clone();
            var samples = new int[count[^1]];
            for (int k = 0; k < region.SampleCount; k++)
            {
                var snap = region.SampleSnaps[k];
                if (!snap.IsOnNetwork) continue;
                samples[fill[g.EdgeFrom[snap.Edge]]++] = k;
                samples[fill[g.EdgeTo[snap.Edge]]++] = k;
            }
            return new SampleIndex { _nodeFirst = count, _nodeSamples = samples, _byEdge = byEdge };
        }
    }

    /// <summary>A set of sample indices without repeats (a stamp per sample), reused across one thread's searches.</summary>
    sealed class Candidates(int samples)
    {
        readonly int[] _stamp = new int[samples];
        readonly List<int> _list = [];
        int _round = 1;

        public void Clear() { _list.Clear(); _round++; }

        public void AddRange(ReadOnlySpan<int> ks) { foreach (int k in ks) Add(k); }
        public void AddRange(IReadOnlyList<int> ks) { foreach (int k in ks) Add(k); }

        void Add(int k)
        {
            if (_stamp[k] == _round) return;
            _stamp[k] = _round;
            _list.Add(k);
        }

        public List<int> Sorted() { _list.Sort(); return _list; }
    }
}
