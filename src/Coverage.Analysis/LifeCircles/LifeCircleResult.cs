using System.Globalization;
using Coverage.Analysis.Region;
using Coverage.Analysis.Siting;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.LifeCircles;

/// <summary>
/// The county's 15-minute life-circle units (划定15分钟生活圈; Suzhou 14th FYP equalisation plan, 保障措施（四）优化设施布局):
/// the rule they meet, the units, and the solver's proof (bound and gap on the unit count and on the total walk).
/// </summary>
public sealed record LifeCircleResult(LifeCircleRule Rule, LifeCircleInstance Instance, LifeCircleSolution Solution,
    IReadOnlyList<LifeCircleUnit> Units, IReadOnlyList<AnalysisNote> Notes)
{
    /// <summary>Draws the units of a region (members rolled up, times by the coverage rule) and their polygons.</summary>
    public static LifeCircleResult Compute(AnalysisRegion region, SolverLimits? limits = null, Geometry? boundary = null)
    {
        var rule = LifeCircleRule.FromSeeds(region.Seeds);
        var inst = LifeCircleInstance.Build(region, rule);
        var solution = LifeCircleSolver.Solve(inst, limits ?? SolverLimits.Default);
        // No grouping found (the model infeasible, or no answer within the limit): every member is its own unit, judged by the
        // rule like any other, and the notes say the solver gave no grouping; never a result that drops the members.
        var centreOf = solution.CentreOf.Length == inst.Count ? solution.CentreOf : Enumerable.Range(0, inst.Count).ToArray();
        var units = LifeCircleGrouping.FromSolution(inst, centreOf);
        units = LifeCirclePolygons.WithPolygons(region.Projection, inst, units, boundary);
        return new LifeCircleResult(rule, inst, solution, units, NotesOf(inst, solution, units));
    }

    /// <summary>
    /// A planner's edited grouping judged by the same rule: settlement id → unit id for the members moved; every other
    /// member stays in its computed unit. Unknown ids and natural villages (they go with their administrative village) are refused.
    /// </summary>
    public IReadOnlyList<LifeCircleUnit> Check(IReadOnlyDictionary<string, string> moved)
    {
        var index = Instance.Members.Select((m, i) => (m.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var unitOf = new string[Instance.Count];
        foreach (var u in Units) foreach (int m in u.Members) unitOf[m] = u.Id;
        foreach (var (settlement, unit) in moved)
        {
            if (!index.TryGetValue(settlement, out int m))
                throw new AnalysisInputException(
                    $"assignment 中的居民点编号“{Short(settlement)}”不是本规划的行政村或社区（自然村随其行政村计入）；请用 GET /api/life-circles 列出的成员编号",
                    $"assignment names '{Short(settlement)}', which is not an administrative village or community of this plan (natural villages go with their administrative village); use the member ids GET /api/life-circles lists");
            if (string.IsNullOrWhiteSpace(unit) || unit.Length > 64)
                throw new AnalysisInputException($"居民点“{settlement}”的单元编号为空或超过 64 个字符；请给出单元编号，如 LC001",
                    $"The unit id for settlement '{settlement}' is empty or longer than 64 characters; give a unit id such as LC001");
            unitOf[m] = unit.Trim();
        }
        var centreOf = Units.ToDictionary(u => u.Id, u => u.Centre, StringComparer.Ordinal);
        return Enumerable.Range(0, Instance.Count).GroupBy(m => unitOf[m], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => LifeCircleGrouping.Evaluate(Instance, g.Key, g.ToList(), centreOf.TryGetValue(g.Key, out int c) ? c : null)).ToList();
    }

    static string Short(string s) => s.Length <= 40 ? s : s[..40] + "…";

    static IReadOnlyList<AnalysisNote> NotesOf(LifeCircleInstance inst, LifeCircleSolution solution, IReadOnlyList<LifeCircleUnit> units)
    {
        var ci = CultureInfo.InvariantCulture;
        var notes = new List<AnalysisNote>();
        int infeasible = units.Count(u => u.Infeasible is not null);
        if (infeasible > 0)
            notes.Add(AnalysisNote.Warning("life-circle-infeasible",
                string.Create(ci, $"{infeasible} 个村（社区）在 {inst.Rule.Minutes:0} 分钟内无可达中心，各自单列为不达标单元（原因见表）"),
                string.Create(ci, $"{infeasible} villages or communities reach no centre within {inst.Rule.Minutes:0} min: each is a unit of its own that misses the rule (why: see the table)")));
        if (solution.ContiguityWaived > 0)
            notes.Add(AnalysisNote.Info("life-circle-contiguity-waived",
                string.Create(ci, $"{solution.ContiguityWaived} 个“村—中心”组合没有更近的相邻村，连片约束对其不适用"),
                string.Create(ci, $"{solution.ContiguityWaived} member–centre pairs have no neighbour nearer the centre: contiguity was not asked of them")));
        if (solution.Status is SolveStatus.Infeasible or SolveStatus.Unknown)
            notes.Add(AnalysisNote.Error("life-circle-unsolved", "求解器未找到划分方案（时限内无解或模型不可行），暂按每个村（社区）各自成一单元列出；请放宽时限后重试",
                "The solver found no grouping (none within the time limit, or the model is infeasible); each village or community is listed as a unit of its own; try again with a longer limit"));
        if (inst.Rule.PopulationMin is int min && units.Count(u => u.Infeasible is null && u.Population < min) is int small and > 0)
            notes.Add(AnalysisNote.Info("life-circle-below-size",
                string.Create(ci, $"{small} 个单元人口少于 GB 50180-2018 的 {min:N0} 人下限（乡村步行 15 分钟范围内人口少，属正常），上限 {inst.Rule.PopulationMax:N0} 人作为约束"),
                string.Create(ci, $"{small} units hold fewer than GB 50180-2018's {min:N0} residents (normal where 15 minutes on foot holds few people); the {inst.Rule.PopulationMax:N0} maximum is the constraint")));
        return notes;
    }
}
