using Coverage.Core.Domain;

namespace Coverage.Analysis.Siting;

public enum SitingMode
{
    /// <summary>k new sites, as much newly covered demand as possible.</summary>
    MaximalCovering,
    /// <summary>As few new sites as reach the target share of demand.</summary>
    SetCovering,
}

/// <summary>
/// A place's demand that a proposed site newly covers (not covered by the base or an earlier site of the answer).
/// ShareOfSettlement: the share of the place's own samples (so of its own people) newly covered; Population and Elderly are
/// that share of the place's own people (for an administrative village with natural villages: of its remainder).
/// </summary>
public sealed record NewlyCoveredSettlement(string SettlementId, string Name, string Town, double Demand, double ShareOfSettlement,
    double Population, double Elderly);

/// <summary>
/// A proposed site and what it adds, in the answer's order (largest addition first, each counted after the ones before),
/// named by its nearest village and road (<see cref="SiteLabel"/>).
/// </summary>
public sealed record ProposedSite(CandidateSite Site, double NewlyCoveredDemand, IReadOnlyList<NewlyCoveredSettlement> Settlements, SiteLabel Label)
{
    /// <summary>People (all ages) of the places this site newly covers.</summary>
    public double NewlyCoveredPopulation => Settlements.Sum(s => s.Population);
    /// <summary>Older people (60+) of the places this site newly covers.</summary>
    public double NewlyCoveredElderly => Settlements.Sum(s => s.Elderly);
}

/// <summary>One method's answer (CP-SAT or greedy). Demand in people of the circle's demand field; for set covering the objective is a site count.</summary>
/// <param name="Objective">Maximal covering: newly covered demand. Set covering: number of new sites.</param>
/// <param name="Bound">Best proven bound on the objective (greedy: none).</param>
/// <param name="Gap">Relative gap between objective and bound (0 = proved optimal).</param>
public sealed record SitingAnswer(string Method, SolveStatus Status, IReadOnlyList<ProposedSite> Sites, double NewlyCoveredDemand,
    double PercentAfter, double Objective, double? Bound, double? Gap, TimeSpan Wall)
{
    /// <summary>The answer's quality in plain words (proved best / within x % of the best / greedy).</summary>
    public AnswerQuality Quality => AnswerQuality.Of(this);
}

/// <summary>The answer to "where should the next sites go?" for one circle, with the greedy answer beside the solver's.</summary>
public sealed record SitingResult
{
    public required CircleStandard Circle { get; init; }
    public required SitingMode Mode { get; init; }
    public int? NewSites { get; init; }
    public double? TargetPercent { get; init; }
    public int Candidates { get; init; }
    /// <summary>Candidates and demand rows left after merging identical ones (what the solver saw).</summary>
    public int ModelColumns { get; init; }
    public int ModelRows { get; init; }
    public int UncoveredSamples { get; init; }
    public int BaseFacilities { get; init; }
    /// <summary>Facility statuses counted in the base: the region's one setting, the same as every coverage view.</summary>
    public IReadOnlyList<FacilityStatus> CountedStatuses { get; init; } = [];
    public double TotalDemand { get; init; }
    public double BaseCoveredDemand { get; init; }
    public double BasePercent { get; init; }
    /// <summary>Share of demand covered if every candidate were built: the most these candidates can give.</summary>
    public double ReachablePercent { get; init; }
    public required SitingAnswer Optimal { get; init; }
    public required SitingAnswer Greedy { get; init; }
    public TimeSpan ReachTime { get; init; }
    public IReadOnlyList<RejectedSite> Rejected { get; init; } = [];
    public IReadOnlyList<AnalysisNote> Notes { get; init; } = [];
}
