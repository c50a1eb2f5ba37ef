namespace Coverage.Analysis.LifeCircles;

/// <summary>A unit as a planner proposes it: its id, its centre (one of its members) and its members, by settlement id.</summary>
public sealed record ProposedUnit(string Id, string? CentreId, IReadOnlyList<string> Members);

/// <summary>What is wrong with a proposed grouping, and where (e.g. "units[2].members[0]").</summary>
public sealed record GroupingProblem(string Field, string Zh, string En);

/// <summary>
/// A planner's whole grouping (to be saved): every member of the plan's life-circle instance exactly once, each unit with a
/// centre among its members. Judged by the same rule as the computed units (<see cref="LifeCircleGrouping.Evaluate"/>), after
/// every problem is listed: unknown villages, a village in two units, villages left out, units without a centre.
/// </summary>
public static class LifeCircleProposal
{
    /// <summary>At most this many problems are listed; the rest are counted in the last.</summary>
    public const int MaxProblems = 20;

    public static IReadOnlyList<GroupingProblem> Problems(LifeCircleInstance inst, IReadOnlyList<ProposedUnit> units)
    {
        var problems = new List<GroupingProblem>();
        var index = Index(inst);
        var unitOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (units.Count == 0) problems.Add(new("units", "没有单元；请至少给出一个单元", "there are no units; give at least one"));
        for (int u = 0; u < units.Count; u++)
        {
            var unit = units[u];
            if (string.IsNullOrWhiteSpace(unit.Id) || unit.Id.Length > 64 || !ids.Add(unit.Id))
                problems.Add(new($"units[{u}].id", $"单元编号“{Short(unit.Id)}”为空、超过 64 个字符或与前面重复", $"unit id '{Short(unit.Id)}' is empty, longer than 64 characters or repeated"));
            if (unit.Members.Count == 0)
                problems.Add(new($"units[{u}].members", $"单元 {Short(unit.Id)} 没有成员", $"unit {Short(unit.Id)} has no members"));
            if (string.IsNullOrWhiteSpace(unit.CentreId) || !unit.Members.Contains(unit.CentreId))
                problems.Add(new($"units[{u}].centre", $"单元 {Short(unit.Id)} 没有中心：centre 应为其成员之一",
                    $"unit {Short(unit.Id)} has no centre: centre must be one of its members"));
            for (int k = 0; k < unit.Members.Count; k++)
            {
                var m = unit.Members[k];
                if (!index.ContainsKey(m))
                    problems.Add(new($"units[{u}].members[{k}]",
                        $"“{Short(m)}”不是本规划的行政村或社区（自然村随其行政村计入）；请用 GET /api/life-circles 列出的成员编号",
                        $"'{Short(m)}' is not an administrative village or community of this plan (natural villages go with their administrative village); use the member ids GET /api/life-circles lists"));
                else if (!unitOf.TryAdd(m, unit.Id))
                    problems.Add(new($"units[{u}].members[{k}]", $"村（社区）{inst.Members[index[m]].Name}（{m}）同时在单元 {unitOf[m]} 和 {Short(unit.Id)} 中；每个村只能属于一个单元",
                        $"village {m} is in both unit {unitOf[m]} and unit {Short(unit.Id)}; a village belongs to one unit"));
            }
        }
        var missing = inst.Members.Where(m => !unitOf.ContainsKey(m.Id)).ToList();
        if (missing.Count > 0 && units.Count > 0)
            problems.Add(new("units", $"{missing.Count} 个村（社区）未分入任何单元：{string.Join("、", missing.Take(10).Select(m => $"{m.Name}（{m.Id}）"))}{(missing.Count > 10 ? "…" : "")}；每个村都须在一个单元中",
                $"{missing.Count} villages are in no unit: {string.Join(", ", missing.Take(10).Select(m => m.Id))}{(missing.Count > 10 ? ", …" : "")}; every village belongs to one unit"));
        if (problems.Count > MaxProblems)
            problems = [.. problems.Take(MaxProblems - 1), new("units", $"另有 {problems.Count - MaxProblems + 1} 处错误未列出", $"and {problems.Count - MaxProblems + 1} more not listed")];
        return problems;
    }

    /// <summary>The units judged by the rule, in the order given; call only when <see cref="Problems"/> found none.</summary>
    public static IReadOnlyList<LifeCircleUnit> Judge(LifeCircleInstance inst, IReadOnlyList<ProposedUnit> units)
    {
        var index = Index(inst);
        return units.Select(u => LifeCircleGrouping.Evaluate(inst, u.Id, u.Members.Select(m => index[m]).ToList(), index[u.CentreId!])).ToList();
    }

    static Dictionary<string, int> Index(LifeCircleInstance inst) =>
        inst.Members.Select((m, i) => (m.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);

    static string Short(string? s) => s is null ? "" : s.Length <= 40 ? s : s[..40] + "…";
}
