using Coverage.Analysis.Siting;

namespace Coverage.Analysis.Tests.Siting;

/// <summary>CP-SAT and greedy against exhaustive enumeration of every subset on small random instances.</summary>
public class CoverSolverTests
{
    static readonly SolverLimits Limits = new(TimeLimitSeconds: 20, Workers: 2);

    public static IEnumerable<object[]> Instances() =>
        from seed in new[] { 1, 2, 3, 4, 5, 6 }
        from k in new[] { 1, 2, 3, 5 }
        select new object[] { seed, k };

    [Theory]
    [MemberData(nameof(Instances))]
    public void Maximal_covering_equals_the_best_k_subset_and_greedy_is_never_better(int seed, int k)
    {
        var inst = Enumeration.Random(seed, rows: 30, columns: 12, density: 0.15 + 0.05 * (seed % 3));
        long oracle = Enumeration.BestOfAtMost(inst, k);

        var cp = CpSatCover.MaxCover(inst, k, Limits);
        Assert.Equal(SolveStatus.Optimal, cp.Status);
        Assert.Equal(oracle, cp.Objective);
        Assert.Equal(oracle, inst.CoveredBy(cp.Chosen));
        Assert.True(cp.Chosen.Length <= k);
        Assert.Equal(0, cp.Gap);

        var greedy = GreedyCover.MaxCover(inst, k);
        Assert.True(greedy.Length <= k);
        Assert.True(inst.CoveredBy(greedy) <= oracle);
    }

    [Theory]
    [MemberData(nameof(Instances))]
    public void Aggregating_rows_and_columns_keeps_the_optimum(int seed, int k)
    {
        // Few rows, dense: many rows share their column set and many columns coincide.
        var inst = Enumeration.Random(seed + 100, rows: 40, columns: 14, density: 0.1);
        var small = inst.Aggregate(out var original);
        Assert.True(small.RowCount <= inst.RowCount && small.ColumnCount <= inst.ColumnCount);

        var cp = CpSatCover.MaxCover(small, k, Limits);
        Assert.Equal(Enumeration.BestOfAtMost(inst, k), cp.Objective);
        Assert.Equal(cp.Objective, inst.CoveredBy(cp.Chosen.Select(c => original[c])));
    }

    [Theory]
    [InlineData(11, 0.5)]
    [InlineData(12, 0.8)]
    [InlineData(13, 0.95)]
    [InlineData(14, 1.0)]
    [InlineData(15, 0.3)]
    public void Set_covering_equals_the_smallest_subset_reaching_the_share(int seed, double share)
    {
        var inst = Enumeration.Random(seed, rows: 25, columns: 12, density: 0.2);
        long needed = (long)Math.Ceiling(share * inst.CoverableWeight());
        int? oracle = Enumeration.SmallestReaching(inst, needed);
        Assert.NotNull(oracle);

        var greedy = GreedyCover.MinCover(inst, needed)!;
        Assert.True(inst.CoveredBy(greedy) >= needed);
        Assert.True(greedy.Length >= oracle);

        var cp = CpSatCover.MinCover(inst, needed, Limits, greedy);
        Assert.Equal(SolveStatus.Optimal, cp.Status);
        Assert.Equal(oracle, cp.Chosen.Length);
        Assert.Equal(oracle!.Value, cp.Objective);
        Assert.True(inst.CoveredBy(cp.Chosen) >= needed);
    }

    [Theory]
    [InlineData(31, 0.4)]
    [InlineData(32, 0.7)]
    [InlineData(33, 0.9)]
    [InlineData(34, 1.0)]
    public void Counting_bound_never_exceeds_the_smallest_cover(int seed, double share)
    {
        var inst = Enumeration.Random(seed, rows: 25, columns: 12, density: 0.25);
        long needed = (long)Math.Ceiling(share * inst.CoverableWeight());
        int bound = CpSatCover.SitesNeededAtLeast(inst, needed);
        Assert.InRange(bound, 1, Enumeration.SmallestReaching(inst, needed)!.Value);
    }

    [Fact]
    public void Counting_bound_by_hand_and_when_even_every_site_falls_short()
    {
        // Reaches: column 0 → 10, column 1 → 7 + 5 = 12, column 2 → 5. Two largest: 12 + 10 = 22.
        var inst = new CoverInstance([10, 7, 5], [[0], [1, 2], [2]]);
        Assert.Equal(0, CpSatCover.SitesNeededAtLeast(inst, 0));
        Assert.Equal(1, CpSatCover.SitesNeededAtLeast(inst, 12));
        Assert.Equal(2, CpSatCover.SitesNeededAtLeast(inst, 13));
        Assert.Equal(2, CpSatCover.SitesNeededAtLeast(inst, 22)); // a bound, not the answer (0 and 1 cover 22 exactly)
        Assert.Equal(3, CpSatCover.SitesNeededAtLeast(inst, 23));
        Assert.Equal(int.MaxValue, CpSatCover.SitesNeededAtLeast(inst, 28));
    }

    [Fact]
    public void Set_covering_beyond_every_column_is_infeasible_and_greedy_says_so()
    {
        var inst = Enumeration.Random(21, rows: 20, columns: 8, density: 0.1);
        long beyond = inst.CoverableWeight() + 1;
        Assert.Null(Enumeration.SmallestReaching(inst, beyond));
        Assert.Null(GreedyCover.MinCover(inst, beyond));
        Assert.Equal(SolveStatus.Infeasible, CpSatCover.MinCover(inst, beyond, Limits).Status);
    }

    [Theory]
    [InlineData(31, 300)]
    [InlineData(32, 900)]
    [InlineData(33, 1500)]
    public void Budgeted_covering_equals_the_best_subset_within_the_budget(int seed, long budget)
    {
        var inst = Enumeration.Random(seed, rows: 25, columns: 11, density: 0.2, withCosts: true);
        long oracle = Enumeration.BestWithinBudget(inst, budget);
        var cp = CpSatCover.MaxCover(inst, budget, Limits);
        Assert.Equal(oracle, cp.Objective);
        Assert.True(cp.Chosen.Sum(c => inst.Cost[c]) <= budget);
        var greedy = GreedyCover.MaxCover(inst, budget);
        Assert.True(greedy.Sum(c => inst.Cost[c]) <= budget);
        Assert.True(inst.CoveredBy(greedy) <= oracle);
    }

    [Fact]
    public void Greedy_is_suboptimal_on_the_textbook_instance_and_CP_SAT_is_not()
    {
        // Rows 0..5 weigh 1,2,2,2,2,3. Column 0 reaches rows 1–4 (8, the greedy bait); columns 1 and 2 split all six (5 + 7).
        var inst = new CoverInstance([1, 2, 2, 2, 2, 3], [[1, 2, 3, 4], [0, 1, 2], [3, 4, 5]]);
        var greedy = GreedyCover.MaxCover(inst, 2);
        Assert.Equal([0, 2], greedy);
        Assert.Equal(11, inst.CoveredBy(greedy));
        var cp = CpSatCover.MaxCover(inst, 2, Limits, hint: greedy);
        Assert.Equal(12, cp.Objective);
        Assert.Equal([1, 2], cp.Chosen);
    }
}
