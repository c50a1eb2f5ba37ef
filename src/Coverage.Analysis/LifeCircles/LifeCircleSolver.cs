using System.Diagnostics;
using System.Globalization;
using Coverage.Analysis.Siting;
using Google.OrTools.Sat;

namespace Coverage.Analysis.LifeCircles;

/// <summary>The districting answer: each member's centre (a member index; -1 for a member no centre reaches), and the solver's proof.</summary>
/// <param name="Units">Units the solver opened (members with no centre are not among them; each is a unit of its own).</param>
/// <param name="UnitsBound">Proven lower bound on <paramref name="Units"/>; <paramref name="UnitsGap"/> = (units − bound) / units.</param>
/// <param name="Seconds">Total member-to-centre seconds (whole seconds), minimised with the unit count held at its best.</param>
/// <param name="ContiguityWaived">Member–centre pairs with no neighbour nearer the centre, where contiguity could not be asked.</param>
public sealed record LifeCircleSolution(SolveStatus Status, int[] CentreOf, int Units, double UnitsBound, double UnitsGap,
    long Seconds, double SecondsBound, double SecondsGap, int ContiguityWaived, TimeSpan Wall);

/// <summary>
/// Life-circle units as a districting model in CP-SAT. x[i,j] = member i joins the unit centred on member j, only for
/// pairs within the limit (the sparse <see cref="LifeCircleInstance.Within"/>); y[j] = x[j,j] = j is a centre. Each
/// reachable member joins exactly one unit; a unit holds at most the size bound (a single member above it stands alone).
/// Lexicographic objective in two solves: fewest units, then — with the count held at that value — least total walk.
/// <para><b>Contiguity</b> by the Zoltners–Sinha shortest-path rule: x[i,j] ≤ Σ x[k,j] over i's neighbours k strictly
/// nearer to j in walk time. Unrolled from any member, the chain of nearer neighbours ends at the centre, so every unit
/// is connected in the neighbour graph and its polygon (the union of its members' Voronoi cells) is one piece. It is
/// linear (one row per pair, no flow variables), which keeps the model as small as the pair list; the alternative, a
/// single-commodity flow per unit, needs n² more variables and a weak LP bound. The price is that a few connected units
/// are excluded (those reaching a member only through a farther one). Where a member has no neighbour nearer the centre
/// by road (across water, a detour through a farther village) the rule is waived for that pair and counted, rather than
/// forbidding a unit the road network allows.</para>
/// </summary>
public static class LifeCircleSolver
{
    /// <summary>Share of the time limit given to the first solve (fewest units); the second gets what is left.</summary>
    const double CountShare = 0.6;

    public static LifeCircleSolution Solve(LifeCircleInstance inst, SolverLimits limits)
    {
        var clock = Stopwatch.StartNew();
        var model = new CpModel();
        var x = Variables(inst, model);
        var y = new Dictionary<int, BoolVar>();
        for (int j = 0; j < inst.Count; j++) if (x[j].TryGetValue(j, out var self)) y[j] = self;
        int waived = Constrain(inst, model, x, y);
        var times = new List<(BoolVar Var, long Seconds)>();
        for (int i = 0; i < inst.Count; i++)
            foreach (var (j, v) in x[i]) times.Add((v, (long)Math.Round(inst.Within[i][j])));

        var units = LinearExpr.Sum(y.Values);
        model.Minimize(units);
        var (first, status1) = Run(model, limits.TimeLimitSeconds * CountShare, limits.Workers);
        if (status1 is SolveStatus.Infeasible or SolveStatus.Unknown)
            return new LifeCircleSolution(status1, [], 0, first.BestObjectiveBound, double.PositiveInfinity, 0, 0, double.PositiveInfinity, waived, clock.Elapsed);
        int count = (int)Math.Round(first.ObjectiveValue);
        double unitsBound = status1 == SolveStatus.Optimal ? count : Math.Ceiling(first.BestObjectiveBound - 1e-6);
        var centreOf = Assignment(inst, x, first);

        // Second solve: the unit count held, total walk minimised (Minimize replaces the objective), started from the first answer.
        model.Add(units <= count);
        model.Minimize(LinearExpr.WeightedSum(times.Select(t => t.Var), times.Select(t => t.Seconds)));
        for (int i = 0; i < inst.Count; i++)
            foreach (var (j, v) in x[i]) model.AddHint(v, centreOf[i] == j ? 1 : 0);
        long firstSeconds = TotalSeconds(inst, centreOf);
        double left = Math.Max(0.5, limits.TimeLimitSeconds - clock.Elapsed.TotalSeconds);
        var (second, status2) = Run(model, left, limits.Workers);
        long seconds = firstSeconds; double secondsBound = 0; bool secondOptimal = false;
        if (status2 is SolveStatus.Optimal or SolveStatus.Feasible && (long)Math.Round(second.ObjectiveValue) <= firstSeconds)
        {
            centreOf = Assignment(inst, x, second);
            seconds = (long)Math.Round(second.ObjectiveValue);
            secondOptimal = status2 == SolveStatus.Optimal;
            secondsBound = secondOptimal ? seconds : Math.Ceiling(second.BestObjectiveBound - 1e-6);
        }
        var status = status1 == SolveStatus.Optimal && secondOptimal ? SolveStatus.Optimal : SolveStatus.Feasible;
        return new LifeCircleSolution(status, centreOf, count, unitsBound, Gap(count, unitsBound), seconds, secondsBound, Gap(seconds, secondsBound),
            waived, clock.Elapsed);
    }

    static Dictionary<int, BoolVar>[] Variables(LifeCircleInstance inst, CpModel model)
    {
        var x = new Dictionary<int, BoolVar>[inst.Count];
        for (int i = 0; i < inst.Count; i++)
        {
            x[i] = [];
            foreach (int j in inst.Within[i].Keys.Order())
                if (inst.IsCentre(j)) x[i][j] = model.NewBoolVar(string.Create(CultureInfo.InvariantCulture, $"x{i}_{j}"));
        }
        return x;
    }

    /// <summary>One unit per member, members only in opened units, the size bound, Zoltners–Sinha contiguity. Returns the waived pairs.</summary>
    static int Constrain(LifeCircleInstance inst, CpModel model, Dictionary<int, BoolVar>[] x, Dictionary<int, BoolVar> y)
    {
        long max = inst.Rule.PopulationMax;
        var joining = new Dictionary<int, List<(BoolVar Var, long People)>>();
        int waived = 0;
        for (int i = 0; i < inst.Count; i++)
        {
            if (x[i].Count > 0) model.AddExactlyOne(x[i].Values);
            foreach (var (j, v) in x[i])
            {
                if (i == j) continue;
                model.AddImplication(v, y[j]);
                (joining.TryGetValue(j, out var list) ? list : joining[j] = []).Add((v, People(inst, i)));
                var nearer = inst.Predecessors(i, j).Where(k => x[k].ContainsKey(j)).Select(k => x[k][j]).ToList();
                if (nearer.Count == 0) waived++;
                else model.Add(LinearExpr.Sum(nearer) >= v);
            }
        }
        foreach (var (j, list) in joining)
        {
            long room = max - People(inst, j);
            // A member above the bound on its own may be a unit, but nobody joins it.
            if (room < 0) foreach (var (v, _) in list) model.Add(v == 0);
            else model.Add(LinearExpr.WeightedSum(list.Select(l => l.Var), list.Select(l => l.People)) <= room * y[j]);
        }
        return waived;
    }

    static long People(LifeCircleInstance inst, int i) => (long)Math.Round(Math.Max(0, inst.Members[i].Population));

    static (CpSolver Solver, SolveStatus Status) Run(CpModel model, double seconds, int workers)
    {
        var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture,
                $"max_time_in_seconds:{Math.Max(0.1, seconds)} num_workers:{Math.Max(1, workers)} {CpSatCover.Portfolio(workers)}"),
        };
        var status = solver.Solve(model) switch
        {
            CpSolverStatus.Optimal => SolveStatus.Optimal,
            CpSolverStatus.Feasible => SolveStatus.Feasible,
            CpSolverStatus.Infeasible => SolveStatus.Infeasible,
            CpSolverStatus.ModelInvalid => throw new InvalidOperationException($"CP-SAT rejected the model: {model.Validate()}"),
            _ => SolveStatus.Unknown,
        };
        return (solver, status);
    }

    static int[] Assignment(LifeCircleInstance inst, Dictionary<int, BoolVar>[] x, CpSolver solver)
    {
        var centreOf = new int[inst.Count];
        for (int i = 0; i < inst.Count; i++)
        {
            centreOf[i] = -1;
            foreach (var (j, v) in x[i]) if (solver.BooleanValue(v)) centreOf[i] = j;
        }
        return centreOf;
    }

    static long TotalSeconds(LifeCircleInstance inst, int[] centreOf) =>
        Enumerable.Range(0, inst.Count).Where(i => centreOf[i] >= 0).Sum(i => (long)Math.Round(inst.Within[i][centreOf[i]]));

    static double Gap(double objective, double bound) => objective > 0 ? Math.Max(0, objective - bound) / objective : 0;
}
