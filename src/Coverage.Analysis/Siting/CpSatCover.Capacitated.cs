using Google.OrTools.Sat;

namespace Coverage.Analysis.Siting;

public static partial class CpSatCover
{
    /// <summary>
    /// Capacitated maximal covering: open at most <paramref name="k"/> candidate (non-fixed) columns to maximise the demand
    /// served within capacities. x[c] = candidate c is opened; f[r,c] ≥ 0 = weight of row r served by column c;
    /// Σ_c f[r,c] ≤ weight[r]; Σ_r f[r,c] ≤ capacity[c]·x[c] (fixed columns: ≤ capacity[c]); plus f[r,c] ≤ weight[r]·x[c], the
    /// disaggregated link that tightens the LP bound. Objective, bound and gap as <see cref="MaxCover"/> reports them; hint: columns
    /// to try open first (a warm start).
    /// </summary>
    public static CoverSolution MaxCapacitatedCover(CapacitatedInstance inst, int k, SolverLimits limits, IReadOnlyCollection<int>? hint = null)
    {
        var model = new CpModel();
        var candidates = Enumerable.Range(0, inst.ColumnCount).Where(c => !inst.Fixed[c]).ToArray();
        var x = candidates.Select(c => model.NewBoolVar($"x{c}")).ToArray();
        var open = new BoolVar?[inst.ColumnCount];
        for (int i = 0; i < candidates.Length; i++) open[candidates[i]] = x[i];
        var servedByRow = new List<IntVar>[inst.RowCount];
        var flows = new List<IntVar>();
        for (int c = 0; c < inst.ColumnCount; c++)
        {
            var served = new List<IntVar>();
            foreach (int r in inst.Columns[c])
            {
                long most = Math.Min(inst.Weight[r], inst.Capacity[c]);
                if (most <= 0) continue;
                var f = model.NewIntVar(0, most, $"f{r}_{c}");
                if (open[c] is { } xc) model.Add(f <= most * xc);
                served.Add(f);
                (servedByRow[r] ??= []).Add(f);
                flows.Add(f);
            }
            if (served.Count == 0) continue;
            if (open[c] is { } on) model.Add(LinearExpr.Sum(served) <= inst.Capacity[c] * on);
            else model.Add(LinearExpr.Sum(served) <= inst.Capacity[c]);
        }
        for (int r = 0; r < inst.RowCount; r++)
            if (servedByRow[r] is { } list) model.Add(LinearExpr.Sum(list) <= inst.Weight[r]);
        model.Add(LinearExpr.Sum(x) <= k);
        // Warm start: the hinted columns open (CP-SAT completes the flows).
        if (hint is not null)
        {
            var hinted = hint.ToHashSet();
            for (int i = 0; i < candidates.Length; i++) model.AddHint(x[i], hinted.Contains(candidates[i]));
        }
        model.Maximize(LinearExpr.Sum(flows));
        var solution = Solve(model, x, limits, maximise: true);
        // Solve reports positions in x; the caller knows columns.
        return solution with { Chosen = solution.Chosen.Select(i => candidates[i]).ToArray() };
    }

    /// <summary>Demand served by a set of open columns (fixed ones always open): a max flow, for greedy answers and oracles.</summary>
    public static long ServedBy(CapacitatedInstance inst, IEnumerable<int> chosen) =>
        (long)Math.Round(ServedBy(inst, chosen, Array.ConvertAll(inst.Weight, w => (double)w)));

    /// <summary>
    /// The same max flow over other row weights in the instance's units: the rows' demand before it was rounded for the
    /// solver, so the served figures a planner reads are the capacity analysis's to the last person.
    /// </summary>
    public static double ServedBy(CapacitatedInstance inst, IEnumerable<int> chosen, double[] rowWeight)
    {
        if (rowWeight.Length != inst.RowCount) throw new ArgumentException("One weight per row.", nameof(rowWeight));
        var on = (bool[])inst.Fixed.Clone();
        foreach (int c in chosen) on[c] = true;
        int source = inst.RowCount + inst.ColumnCount, sink = source + 1;
        var flow = new Capacity.MaxFlow(sink + 1);
        for (int r = 0; r < inst.RowCount; r++) if (rowWeight[r] > 0) flow.AddArc(source, r, rowWeight[r]);
        for (int c = 0; c < inst.ColumnCount; c++)
        {
            if (!on[c] || inst.Capacity[c] <= 0) continue;
            flow.AddArc(inst.RowCount + c, sink, inst.Capacity[c]);
            foreach (int r in inst.Columns[c]) flow.AddArc(r, inst.RowCount + c, double.PositiveInfinity);
        }
        return flow.Solve(source, sink);
    }
}
