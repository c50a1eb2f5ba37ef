namespace Coverage.Analysis.Siting;

/// <summary>
/// A siting question without its k or target: one circle's uncovered demand on one plan version (engine), the candidates,
/// which demand samples each candidate reaches, and the merged covering model. Immutable, so every k and every target asked
/// of the same circle and candidates can share it (<see cref="SitingInstanceCache"/>); made by
/// <see cref="SitingPlanner.Prepare(string, CandidateSet)"/>.
/// </summary>
public sealed class SitingInstance
{
    internal SitingInstance(CoverageEngine engine, SitingDemand demand, CandidateSet candidates, int[][] reach, CoverInstance model,
        int[] candidate, double reachablePercent, TimeSpan reachTime)
    {
        Engine = engine; Demand = demand; Candidates = candidates; Reach = reach; Model = model; Candidate = candidate;
        ReachablePercent = reachablePercent; ReachTime = reachTime;
    }

    /// <summary>The plan version the instance was prepared on: its answers hold for that version only.</summary>
    public CoverageEngine Engine { get; }
    public SitingDemand Demand { get; }
    public CandidateSet Candidates { get; }
    /// <summary>Per candidate: indices into <see cref="SitingDemand.Samples"/> it reaches within the circle's minutes.</summary>
    public int[][] Reach { get; }
    /// <summary>The aggregated model the solvers see (identical rows and columns merged, dominated columns dropped).</summary>
    public CoverInstance Model { get; }
    /// <summary>Model column → candidate index.</summary>
    public int[] Candidate { get; }
    /// <summary>Share of demand covered if every candidate were built.</summary>
    public double ReachablePercent { get; }
    /// <summary>Time the reach sets took when the instance was prepared (a cached instance reports its original cost).</summary>
    public TimeSpan ReachTime { get; }

    /// <summary>Rough heap size of the reach sets and the model (what a cache of instances holds), in bytes.</summary>
    public long ApproximateBytes
    {
        get
        {
            long bytes = 0;
            foreach (var r in Reach) bytes += 24 + 4L * r.Length;
            foreach (var c in Model.Columns) bytes += 24 + 4L * c.Length;
            bytes += 8L * (Model.Weight.Length + Demand.Weight.Length) + 4L * (Demand.Samples.Length + Candidate.Length);
            return bytes + 200L * Candidates.Sites.Count;
        }
    }
}
