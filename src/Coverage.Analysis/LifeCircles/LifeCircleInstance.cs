using System.Globalization;
using Coverage.Analysis.Circles;
using Coverage.Analysis.Region;
using Coverage.Analysis.Siting;
using Coverage.Core.Geo;

namespace Coverage.Analysis.LifeCircles;

/// <summary>
/// The districting instance: members, which centres each member reaches within the limit and in how many seconds, and
/// each member's neighbours (for contiguity). Centres are members themselves (a unit is centred on one of its
/// villages or communities); generated road-side candidates (<see cref="CandidateGenerator"/>) are not used, because a
/// unit's centre is where its daily services gather, and a bare point on a road carries no people to anchor a unit.
/// </summary>
public sealed class LifeCircleInstance
{
    /// <param name="within">Per member: reachable centre (member index) → seconds, only pairs within the limit.</param>
    /// <param name="neighbours">Symmetric adjacency among members (see <see cref="LifeCircleNeighbours"/>).</param>
    /// <param name="infeasible">Per member: why it reaches no centre (null where <paramref name="within"/> is not empty).</param>
    public LifeCircleInstance(LifeCircleRule rule, IReadOnlyList<LifeCircleMember> members, IReadOnlyList<IReadOnlyDictionary<int, double>> within,
        IReadOnlyList<int[]> neighbours, IReadOnlyList<LifeCircleInfeasible?>? infeasible = null)
    {
        if (within.Count != members.Count || neighbours.Count != members.Count)
            throw new ArgumentException("within and neighbours must have one entry per member");
        Rule = rule; Members = members; Within = within; Neighbours = neighbours;
        Infeasible = infeasible ?? members.Select((_, i) => HasCentre(i) ? null
            : new LifeCircleInfeasible("too-far", null, null, "在时限内无可达中心", "no centre within the limit")).ToArray();
    }

    public LifeCircleRule Rule { get; }
    public IReadOnlyList<LifeCircleMember> Members { get; }
    public IReadOnlyList<IReadOnlyDictionary<int, double>> Within { get; }
    public IReadOnlyList<int[]> Neighbours { get; }
    public IReadOnlyList<LifeCircleInfeasible?> Infeasible { get; }
    public int Count => Members.Count;

    /// <summary>Member j may be a centre: it reaches itself (all its own samples within the limit of its centre point).</summary>
    public bool IsCentre(int j) => Within[j].ContainsKey(j);

    /// <summary>Some centre reaches member i within the limit (else it is a unit of its own that misses the rule).</summary>
    public bool HasCentre(int i) => Within[i].Keys.Any(IsCentre);

    /// <summary>Seconds from centre j to member i, or null beyond the limit.</summary>
    public double? Seconds(int i, int j) => Within[i].TryGetValue(j, out double t) ? t : null;

    /// <summary>
    /// The Zoltners–Sinha predecessors of member i towards centre j: its neighbours strictly nearer to j by walk time.
    /// Empty when none is (then contiguity cannot be asked of the pair; see <see cref="LifeCircleSolver"/>).
    /// </summary>
    public IEnumerable<int> Predecessors(int i, int j)
    {
        double t = Within[i][j];
        foreach (int k in Neighbours[i])
            if (Within[k].TryGetValue(j, out double tk) && tk < t) yield return k;
    }

    /// <summary>
    /// The instance for a region: members as <see cref="VillageHierarchy"/> rolls them up, times by the coverage rule
    /// (<see cref="ReachSets.Timed"/>: network time plus the off-network leg, facility → home direction), a member's time
    /// being its slowest demand sample's (its own and its natural villages'), so "within 15 minutes" means every place
    /// its people are counted at is, the way coverage calls a village fully covered.
    /// </summary>
    public static LifeCircleInstance Build(AnalysisRegion region, LifeCircleRule rule)
    {
        var places = MemberPlaces.Of(region);
        var centres = Enumerable.Range(0, places.Members.Count).Where(i => places.Members[i].CanBeCentre).ToArray();
        var within = Times(region, rule, places, centres, rule.LimitSeconds);
        var infeasible = new LifeCircleInfeasible?[places.Members.Count];
        var lost = Enumerable.Range(0, within.Length).Where(i => !within[i].Keys.Any(j => within[j].ContainsKey(j))).ToList();
        if (lost.Count > 0)
        {
            // Only for members no centre reaches: one wider search says by how much they miss.
            var wider = Times(region, rule, places, centres, rule.LimitSeconds * WiderFactor);
            // Only members that are centres under the real limit count as the nearest centre.
            foreach (int i in lost)
                infeasible[i] = WhyInfeasible(region, rule, places, i, wider[i].Where(p => within[p.Key].ContainsKey(p.Key)).Select(p => p.Value).ToList());
        }
        var neighbours = LifeCircleNeighbours.Delaunay(region.Projection, places.Members.Select(m => m.At).ToList());
        return new LifeCircleInstance(rule, places.Members, within, neighbours, infeasible);
    }

    /// <summary>How far beyond the limit the nearest centre of an infeasible member is looked for (4 × 15 = 60 min).</summary>
    public const double WiderFactor = 4;

    static Dictionary<int, double>[] Times(AnalysisRegion region, LifeCircleRule rule, MemberPlaces places, int[] centres, double limit)
    {
        int n = places.Members.Count;
        var within = new Dictionary<int, double>[n];
        for (int i = 0; i < n; i++) within[i] = [];
        var reach = ReachSets.Timed(region, rule.Profile, limit, places.Samples, centres.Length, (c, set) =>
        {
            var snap = region.FullSampleSnap(places.CentreSample[centres[c]]);
            set.AddPoint(snap, c);
            return snap.Edge;
        });
        var count = new int[n];
        var slowest = new double[n];
        for (int c = 0; c < centres.Length; c++)
        {
            var (reached, seconds) = reach[c];
            var touched = new List<int>();
            for (int r = 0; r < reached.Length; r++)
            {
                int m = places.MemberOfSample[reached[r]];
                if (count[m]++ == 0) { touched.Add(m); slowest[m] = 0; }
                slowest[m] = Math.Max(slowest[m], seconds[r]);
            }
            foreach (int m in touched)
            {
                if (count[m] == places.SampleCount[m]) within[m][centres[c]] = slowest[m];
                count[m] = 0;
            }
        }
        return within;
    }

    /// <param name="wider">Seconds from each real centre to the member, up to <see cref="WiderFactor"/> × the limit.</param>
    static LifeCircleInfeasible WhyInfeasible(AnalysisRegion region, LifeCircleRule rule, MemberPlaces places, int i, List<double> wider)
    {
        var ci = CultureInfo.InvariantCulture;
        var m = places.Members[i];
        if (places.SampleCount[i] == 0)
            return new("no-geometry", null, null, $"“{m.Name}”没有几何，无法计算步行时间", $"'{m.Name}' has no geometry: no walk time can be computed");
        var own = places.SamplesOf(i);
        if (!own.Any(k => region.SampleSnaps[k].IsOnNetwork))
        {
            double metres = own.Min(k => region.SampleSnaps[k].DistanceMetres);
            return new("off-network", null, metres,
                string.Create(ci, $"“{m.Name}”距最近步行道路 {metres:0} 米，超过 {region.Options.MaxSnapMetres:0} 米，不在路网上"),
                string.Create(ci, $"'{m.Name}' is {metres:0} m from the nearest walkable way (limit {region.Options.MaxSnapMetres:0} m): off the network"));
        }
        if (wider.Count > 0)
        {
            double minutes = wider.Min() / 60;
            return new("too-far", minutes, null,
                string.Create(ci, $"“{m.Name}”最近的中心需步行 {minutes:0.0} 分钟，超过 {rule.Minutes:0} 分钟"),
                string.Create(ci, $"'{m.Name}': the nearest centre is {minutes:0.0} min on foot, beyond {rule.Minutes:0} min"));
        }
        double beyond = rule.Minutes * WiderFactor;
        return new("isolated", null, null,
            string.Create(ci, $"“{m.Name}”在 {beyond:0} 分钟步行范围内没有任何可作中心的村（社区）（孤立路网或部分居民点不可达）"),
            string.Create(ci, $"'{m.Name}': no village or community that could be a centre within {beyond:0} min on foot (isolated network, or part of its places unreachable)"));
    }
}
