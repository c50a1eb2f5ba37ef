using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;

namespace Coverage.Analysis.Siting;

public enum SolveStatus
{
    /// <summary>Proved optimal.</summary>
    Optimal,
    /// <summary>A solution, not proved optimal within the time limit (see the gap).</summary>
    Feasible,
    /// <summary>No solution exists.</summary>
    Infeasible,
    /// <summary>No solution found within the time limit.</summary>
    Unknown,
}

/// <summary>A solver's answer: chosen columns, objective and best bound (same units), relative gap, wall time.</summary>
public sealed record CoverSolution(SolveStatus Status, int[] Chosen, long Objective, double Bound, double Gap, TimeSpan Wall);

/// <summary>Limits for CP-SAT: wall-clock seconds and parallel workers (the machine has 2 cores).</summary>
public sealed record SolverLimits(double TimeLimitSeconds = 30, int Workers = 2)
{
    public static SolverLimits Default { get; } = new();
}

/// <summary>
/// Maximal covering and set covering as CP-SAT models: x[c] = site c is built, y[r] = demand row r is covered,
/// y[r] ≤ Σ x[c] over the columns reaching r. Warm-started from a hint (the greedy answer).
/// </summary>
public static partial class CpSatCover
{
    /// <summary>Maximise covered weight with Σ cost·x ≤ budget (k for unit costs).</summary>
    public static CoverSolution MaxCover(CoverInstance inst, long budget, SolverLimits limits, IReadOnlyCollection<int>? hint = null)
    {
        var (model, x, y) = Build(inst, hint);
        model.Add(LinearExpr.WeightedSum(x, inst.Cost) <= budget);
        model.Maximize(LinearExpr.WeightedSum(y, inst.Weight));
        return Solve(model, x, limits, maximise: true);
    }

    /// <summary>Minimise the number of columns covering at least <paramref name="needed"/> weight.</summary>
    public static CoverSolution MinCover(CoverInstance inst, long needed, SolverLimits limits, IReadOnlyCollection<int>? hint = null)
    {
        var (model, x, y) = Build(inst, hint);
        model.Add(LinearExpr.WeightedSum(y, inst.Weight) >= needed);
        // The LP bound of a cover-by-count model moves slowly; the counting bound is valid from the start.
        int atLeast = SitesNeededAtLeast(inst, needed);
        if (atLeast is > 0 and < int.MaxValue) model.Add(LinearExpr.Sum(x) >= atLeast);
        model.Minimize(LinearExpr.Sum(x));
        var solution = Solve(model, x, limits, maximise: false);
        if (solution.Status != SolveStatus.Feasible || solution.Bound >= atLeast) return solution;
        return solution with { Bound = atLeast, Gap = Math.Max(0, solution.Objective - atLeast) / (double)solution.Objective };
    }

    /// <summary>
    /// A lower bound on the number of sites for <paramref name="needed"/> demand: no k sites reach more than the k largest
    /// single-site reaches together, so the smallest such k that adds up is a bound (int.MaxValue if even all fall short).
    /// </summary>
    public static int SitesNeededAtLeast(CoverInstance inst, long needed)
    {
        if (needed <= 0) return 0;
        var reach = inst.Columns.Select(col => col.Sum(r => inst.Weight[r])).OrderDescending();
        long total = 0;
        int k = 0;
        foreach (long value in reach)
        {
            if (value <= 0) break;
            total += value;
            k++;
            if (total >= needed) return k;
        }
        return int.MaxValue;
    }

    static (CpModel Model, BoolVar[] X, BoolVar[] Y) Build(CoverInstance inst, IReadOnlyCollection<int>? hint)
    {
        var model = new CpModel();
        var x = new BoolVar[inst.ColumnCount];
        for (int c = 0; c < x.Length; c++) x[c] = model.NewBoolVar($"x{c}");
        var y = new BoolVar[inst.RowCount];
        for (int r = 0; r < y.Length; r++) y[r] = model.NewBoolVar($"y{r}");
        var reaching = new List<BoolVar>[inst.RowCount];
        for (int c = 0; c < x.Length; c++)
            foreach (int r in inst.Columns[c]) (reaching[r] ??= []).Add(x[c]);
        for (int r = 0; r < y.Length; r++)
        {
            // Linear form y ≤ Σ x: it is what the LP relaxation sees, so the bound is the LP's, not the trivial one.
            if (reaching[r] is null) model.Add(y[r] == 0);
            else model.Add(LinearExpr.Sum(reaching[r]) >= y[r]);
        }
        if (hint is not null)
        {
            var on = new bool[x.Length];
            foreach (int c in hint) on[c] = true;
            for (int c = 0; c < x.Length; c++) model.AddHint(x[c], on[c] ? 1 : 0);
            // A complete hint (rows too) is a feasible first solution: the answer is never worse than the hint.
            var hit = new bool[y.Length];
            foreach (int c in hint) foreach (int r in inst.Columns[c]) hit[r] = true;
            for (int r = 0; r < y.Length; r++) model.AddHint(y[r], hit[r] ? 1 : 0);
        }
        return (model, x, y);
    }

    /// <summary>
    /// CP-SAT's default 1–2 worker portfolio runs no LP, so its bound stays at the total demand (94% gap on the demo
    /// county after 10 s); one LP-heavy worker beside a quick-restart search proves the same instance optimal in ~2 s.
    /// Presolve, single-threaded, was most of an API siting request (demo county, elderly-15, k = 3…20: ~2/3 of the solve's
    /// wall time); its second and third rounds found little, so one round: the calling thread's CPU per request fell from
    /// 450–950 ms to 310–460 ms, every k still proved optimal with the same objective (bench/results/siting-2026-11-30-i14.txt).
    /// </summary>
    internal static string Portfolio(int workers) => workers switch
    {
        <= 1 => "linearization_level:2",
        2 => "subsolvers:\"max_lp\" subsolvers:\"quick_restart\" max_presolve_iterations:1",
        _ => "",
    };

    static CoverSolution Solve(CpModel model, BoolVar[] x, SolverLimits limits, bool maximise)
    {
        var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture,
                $"max_time_in_seconds:{Math.Max(0.1, limits.TimeLimitSeconds)} num_workers:{Math.Max(1, limits.Workers)} {Portfolio(limits.Workers)}"),
        };
        var clock = Stopwatch.StartNew();
        var status = solver.Solve(model);
        clock.Stop();
        var s = status switch
        {
            CpSolverStatus.Optimal => SolveStatus.Optimal,
            CpSolverStatus.Feasible => SolveStatus.Feasible,
            CpSolverStatus.Infeasible => SolveStatus.Infeasible,
            CpSolverStatus.ModelInvalid => throw new InvalidOperationException($"CP-SAT rejected the model: {model.Validate()}"),
            _ => SolveStatus.Unknown,
        };
        if (s is SolveStatus.Infeasible or SolveStatus.Unknown)
            return new CoverSolution(s, [], 0, solver.BestObjectiveBound, double.PositiveInfinity, clock.Elapsed);

        var chosen = Enumerable.Range(0, x.Length).Where(c => solver.BooleanValue(x[c])).ToArray();
        long objective = (long)Math.Round(solver.ObjectiveValue);
        // Integer objectives: a fractional bound rounds toward the objective.
        double bound = maximise ? Math.Floor(solver.BestObjectiveBound + 1e-6) : Math.Ceiling(solver.BestObjectiveBound - 1e-6);
        if (s == SolveStatus.Optimal) bound = objective;
        double gap = maximise
            ? (bound > 0 ? Math.Max(0, bound - objective) / bound : 0)
            : (objective > 0 ? Math.Max(0, objective - bound) / objective : 0);
        return new CoverSolution(s, chosen, objective, bound, gap, clock.Elapsed);
    }
}
