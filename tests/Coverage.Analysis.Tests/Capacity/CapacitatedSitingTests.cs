using Coverage.Analysis.Siting;
using Coverage.Analysis.Tests.Siting;
using Google.OrTools.LinearSolver;

namespace Coverage.Analysis.Tests.Capacity;

/// <summary>
/// Capacitated siting (CP-SAT) against exhaustive enumeration: every subset of at most k candidates, each scored by a
/// transportation linear programme solved with OR-Tools GLOP (integer data, so its optimum is integral) — neither the
/// CP-SAT model nor the engine's max flow.
/// </summary>
public class CapacitatedSitingTests
{
    public static TheoryData<int, int> Cases() => new() { { 1, 1 }, { 2, 2 }, { 3, 3 }, { 4, 1 }, { 5, 2 }, { 6, 3 }, { 7, 2 }, { 8, 4 } };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Capacitated_siting_equals_exhaustive_enumeration(int seed, int k)
    {
        var inst = Random(seed);
        var candidates = Enumerable.Range(0, inst.ColumnCount).Where(c => !inst.Fixed[c]).ToArray();
        long best = Enumerable.Range(0, Math.Min(k, candidates.Length) + 1)
            .SelectMany(size => Enumeration.Subsets(candidates.Length, size))
            .Max(s => ServedLp(inst, s.Select(i => candidates[i])));
        var got = CpSatCover.MaxCapacitatedCover(inst, k, new SolverLimits(20, 2));
        Assert.Equal(SolveStatus.Optimal, got.Status);
        Assert.Equal(best, got.Objective);
        Assert.Equal(best, got.Bound);
        Assert.Equal(0, got.Gap);
        Assert.True(got.Chosen.Length <= k);
        Assert.All(got.Chosen, c => Assert.False(inst.Fixed[c]));
        Assert.Equal(best, ServedLp(inst, got.Chosen));
        Assert.Equal(best, CpSatCover.ServedBy(inst, got.Chosen));
    }

    [Fact]
    public void Capacity_not_reach_decides_the_site()
    {
        // Row 0 (500) is reached by candidates 0 (capacity 100) and 1 (capacity 400); row 1 (300) only by candidate 0.
        // Uncapacitated, candidate 0 covers everything (800); capacitated, candidate 1 serves 400 and candidate 0 only 100.
        var inst = new CapacitatedInstance([500, 300], [[0, 1], [0]], [100, 400]);
        var got = CpSatCover.MaxCapacitatedCover(inst, 1, new SolverLimits(10, 2));
        Assert.Equal([1], got.Chosen);
        Assert.Equal(400, got.Objective);
    }

    static CapacitatedInstance Random(int seed)
    {
        var r = new System.Random(seed);
        int rows = r.Next(5, 12), columns = r.Next(4, 9);
        var weight = Enumerable.Range(0, rows).Select(_ => (long)r.Next(0, 1000)).ToArray();
        var reach = Enumerable.Range(0, columns).Select(_ => Enumerable.Range(0, rows).Where(_ => r.NextDouble() < 0.35).ToArray()).ToArray();
        var capacity = Enumerable.Range(0, columns).Select(_ => (long)r.Next(0, 1500)).ToArray();
        var fixedOpen = Enumerable.Range(0, columns).Select(_ => r.NextDouble() < 0.25).ToArray();
        return new CapacitatedInstance(weight, reach, capacity, fixedOpen);
    }

    /// <summary>max Σ f subject to Σ_c f[r,c] ≤ w[r], Σ_r f[r,c] ≤ cap[c] over open columns (fixed or chosen).</summary>
    static long ServedLp(CapacitatedInstance inst, IEnumerable<int> chosen)
    {
        var open = new HashSet<int>(chosen);
        for (int c = 0; c < inst.ColumnCount; c++) if (inst.Fixed[c]) open.Add(c);
        using var solver = Solver.CreateSolver("GLOP");
        var objective = solver.Objective();
        objective.SetMaximization();
        var rows = inst.Weight.Select(w => solver.MakeConstraint(0, w)).ToArray();
        foreach (int c in open)
        {
            var column = solver.MakeConstraint(0, inst.Capacity[c]);
            foreach (int r in inst.Columns[c])
            {
                var f = solver.MakeNumVar(0, double.PositiveInfinity, $"f{r}_{c}");
                rows[r].SetCoefficient(f, 1);
                column.SetCoefficient(f, 1);
                objective.SetCoefficient(f, 1);
            }
        }
        Assert.Equal(Solver.ResultStatus.OPTIMAL, solver.Solve());
        return (long)Math.Round(objective.Value());
    }
}
