using Coverage.Analysis.Circles;
using Coverage.Network.Graph;

namespace Coverage.Analysis.Siting;

/// <summary>A proposed fitness-trail piece: one network edge (a way between junctions) with its shape.</summary>
public sealed record TrailPiece(int Edge, double Metres, IReadOnlyList<(double Lon, double Lat)> Shape);

/// <summary>Trail pieces within a length budget, and the demand they newly cover (CP-SAT beside ratio-greedy).</summary>
public sealed record TrailProposal(double BudgetKm, double Km, double NewlyCoveredDemand, double PercentAfter, SolveStatus Status, double? Gap,
    IReadOnlyList<TrailPiece> Pieces, double GreedyKm, double GreedyNewlyCoveredDemand);

/// <summary>
/// Fitness trails along existing ways: every walkable edge (not a ferry, bridge or island) is a candidate that is a
/// source along its whole length, costing its length; a budgeted maximal covering (Σ metres ≤ budget) picks the
/// edges. Chosen edges are reported one by one (adjacent ones form a longer trail on the map).
/// </summary>
public sealed class TrailProposer(CoverageEngine engine)
{
    /// <summary>Edges shorter than this are not proposed on their own (a 10 m link is no trail).</summary>
    public const double MinPieceMetres = 50;

    public TrailProposal Propose(string circleId, double budgetKm, SolverLimits? limits = null)
    {
        if (!(budgetKm > 0) || double.IsInfinity(budgetKm))
            throw new AnalysisInputException($"步道长度预算须大于 0 公里（收到 {budgetKm}）", $"The trail budget must be > 0 km (got {budgetKm})");
        var demand = SitingDemand.For(engine, circleId);
        var region = engine.Region;
        var g = region.Graph;
        var edges = Enumerable.Range(0, g.EdgeCount).Where(e =>
            (g.EdgeFlagsOf[e] & (EdgeFlags.Ferry | EdgeFlags.Bridge)) == 0 && g.EdgeLength[e] >= MinPieceMetres
            && !region.Snapper.IsIsland(g.NodeComponent[g.EdgeFrom[e]])).ToArray();
        if (edges.Length == 0)
            throw new AnalysisInputException($"路网中没有长于 {MinPieceMetres:0} 米的可步行路段，无法布置步道", $"No walkable way longer than {MinPieceMetres:0} m to run a trail along");
        var reach = ReachSets.Compute(region, demand.Profile, demand.LimitSeconds, demand.Samples, edges.Length, (c, set) =>
        {
            set.AddStretch(edges[c], 0, g.EdgeLength[edges[c]], 0, 0, c);
            return edges[c];
        });
        var full = new CoverInstance(demand.Weight, reach, edges.Select(e => (long)Math.Ceiling(g.EdgeLength[e])).ToArray());
        var model = full.Aggregate(out var original);
        long budget = (long)Math.Floor(budgetKm * 1000);
        var greedy = GreedyCover.MaxCover(model, budget);
        var cp = model.ColumnCount == 0 ? new CoverSolution(SolveStatus.Optimal, [], 0, 0, 0, TimeSpan.Zero)
            : CpSatCover.MaxCover(model, budget, limits ?? SolverLimits.Default, greedy);
        var chosen = cp.Status is SolveStatus.Optimal or SolveStatus.Feasible ? cp.Chosen : greedy;
        double newly = model.CoveredBy(chosen) / SitingDemand.WeightScale;
        var pieces = chosen.Select(c => edges[original[c]]).Order().Select(e =>
            new TrailPiece(e, g.EdgeLength[e], Enumerable.Range(0, g.EdgePointCount(e)).Select(i => g.EdgePoint(e, i)).ToList())).ToList();
        double after = demand.TotalDemand > 0 ? (demand.BaseCoveredDemand + newly) / demand.TotalDemand * 100 : 100;
        return new TrailProposal(budgetKm, pieces.Sum(p => p.Metres) / 1000, newly, Math.Min(100, after), cp.Status, cp.Gap, pieces,
            greedy.Sum(c => model.Cost[c]) / 1000.0, model.CoveredBy(greedy) / SitingDemand.WeightScale);
    }
}
