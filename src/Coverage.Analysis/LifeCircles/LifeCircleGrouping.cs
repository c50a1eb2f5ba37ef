namespace Coverage.Analysis.LifeCircles;

/// <summary>
/// Judges a grouping of members into units (the solver's or a planner's edit) by the one rule: a centre among the
/// members that reaches every member within the limit, at most the size bound (a single member may exceed it), and
/// connected through neighbours. Both the computed units and the check endpoint read their verdicts here.
/// </summary>
public static class LifeCircleGrouping
{
    /// <param name="centre">The intended centre, used when it reaches every member; otherwise the best member is taken.</param>
    public static LifeCircleUnit Evaluate(LifeCircleInstance inst, string id, IReadOnlyList<int> members, int? centre = null)
    {
        if (members.Count == 0) throw new ArgumentException("a unit has members", nameof(members));
        int c = centre is int given && members.Contains(given) && Beyond(inst, given, members).Count == 0 ? given : BestCentre(inst, members);
        var beyond = Beyond(inst, c, members);
        double people = members.Sum(m => inst.Members[m].Population);
        var infeasible = members.Count == 1 && !inst.HasCentre(members[0]) ? inst.Infeasible[members[0]] : null;
        double? max = beyond.Count == 0 && infeasible is null ? members.Max(m => inst.Within[m][c]) / 60 : null;
        return new LifeCircleUnit(id, c, members, people, members.Sum(m => inst.Members[m].Elderly), max, beyond,
            members.Count == 1 || people <= inst.Rule.PopulationMax, Connected(inst, members), infeasible);
    }

    /// <summary>The solver's answer as units: one per opened centre, then one per member no centre reaches, numbered in that order.</summary>
    public static IReadOnlyList<LifeCircleUnit> FromSolution(LifeCircleInstance inst, int[] centreOf)
    {
        var groups = Enumerable.Range(0, inst.Count).Where(i => centreOf[i] >= 0).GroupBy(i => centreOf[i])
            .OrderBy(g => inst.Members[g.Key].Town, StringComparer.Ordinal).ThenBy(g => inst.Members[g.Key].Id, StringComparer.Ordinal)
            .Select(g => (Members: (IReadOnlyList<int>)g.ToList(), Centre: (int?)g.Key))
            .Concat(Enumerable.Range(0, inst.Count).Where(i => centreOf[i] < 0).Select(i => (Members: (IReadOnlyList<int>)[i], Centre: (int?)i)));
        return groups.Select((g, n) => Evaluate(inst, UnitId(n + 1), g.Members, g.Centre)).ToList();
    }

    public static string UnitId(int n) => $"LC{n:D3}";

    static IReadOnlyList<int> Beyond(LifeCircleInstance inst, int centre, IReadOnlyList<int> members) =>
        !inst.IsCentre(centre) ? members : members.Where(m => !inst.Within[m].ContainsKey(centre)).ToList();

    /// <summary>The member that leaves fewest members beyond the limit, then has the shortest slowest walk, then the smallest index.</summary>
    static int BestCentre(LifeCircleInstance inst, IReadOnlyList<int> members) =>
        members.OrderBy(c => Beyond(inst, c, members).Count)
            .ThenBy(c => members.Where(m => inst.Within[m].ContainsKey(c)).Select(m => inst.Within[m][c]).DefaultIfEmpty(0).Max())
            .ThenBy(c => c).First();

    static bool Connected(LifeCircleInstance inst, IReadOnlyList<int> members)
    {
        var set = members.ToHashSet();
        var seen = new HashSet<int> { members[0] };
        var stack = new Stack<int>(seen);
        while (stack.Count > 0)
            foreach (int k in inst.Neighbours[stack.Pop()])
                if (set.Contains(k) && seen.Add(k)) stack.Push(k);
        return seen.Count == set.Count;
    }
}
