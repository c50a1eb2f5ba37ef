using Coverage.Analysis.LifeCircles;
using Coverage.Analysis.Siting;
using Coverage.Core;
using Coverage.Core.Geo;

namespace Coverage.Analysis.Tests.LifeCircles;

/// <summary>The districting model against brute-force enumeration of set partitions on small hand-made instances.</summary>
public class LifeCircleSolverTests
{
    static readonly SolverLimits Limits = new(10, 2);

    static LifeCircleRule Rule(int populationMax) => new(15, WalkProfile.Adult, populationMax, null, "test", "test");

    /// <summary>
    /// Random members on a 3 × 3 km square; "seconds" = Euclidean metres / 1.2 (a walk-time stand-in), pairs kept up to
    /// 900 s; neighbours = each member's 3 nearest, made symmetric. Populations 1–40,000, bound 60,000, so the bound
    /// binds in some instances.
    /// </summary>
    static LifeCircleInstance RandomInstance(int seed, int n)
    {
        var random = new Random(seed);
        var xy = Enumerable.Range(0, n).Select(_ => (X: random.NextDouble() * 3000, Y: random.NextDouble() * 3000)).ToArray();
        double Dist(int a, int b) => Math.Sqrt(Math.Pow(xy[a].X - xy[b].X, 2) + Math.Pow(xy[a].Y - xy[b].Y, 2));
        var members = Enumerable.Range(0, n).Select(i => new LifeCircleMember(-1, $"m{i}", $"m{i}", "T", random.Next(1, 40_000), 0, new LonLat(0, 0))).ToList();
        var within = Enumerable.Range(0, n).Select(i => (IReadOnlyDictionary<int, double>)Enumerable.Range(0, n)
            .Where(j => Dist(i, j) / 1.2 <= 900).ToDictionary(j => j, j => Math.Round(Dist(i, j) / 1.2))).ToList();
        var sets = Enumerable.Range(0, n).Select(_ => new HashSet<int>()).ToArray();
        for (int i = 0; i < n; i++)
            foreach (int k in Enumerable.Range(0, n).Where(k => k != i).OrderBy(k => Dist(i, k)).Take(3)) { sets[i].Add(k); sets[k].Add(i); }
        return new LifeCircleInstance(Rule(60_000), members, within, sets.Select(s => s.Order().ToArray()).ToList());
    }

    public static TheoryData<int, int> Instances()
    {
        var data = new TheoryData<int, int>();
        for (int seed = 1; seed <= 12; seed++) data.Add(seed, 6 + seed % 4);
        return data;
    }

    [Theory]
    [MemberData(nameof(Instances))]
    public void Fewest_units_and_least_walk_equal_brute_force_enumeration(int seed, int n)
    {
        var inst = RandomInstance(seed, n);
        var expected = Partitions.Best(inst);
        var solution = LifeCircleSolver.Solve(inst, Limits);
        Assert.NotNull(expected);
        Assert.Equal(SolveStatus.Optimal, solution.Status);
        Assert.Equal(expected.Value.Units, solution.Units);
        Assert.Equal(expected.Value.Seconds, solution.Seconds);
        Assert.Equal(solution.Units, solution.UnitsBound);
        Assert.Equal(0, solution.UnitsGap);
    }

    [Theory]
    [MemberData(nameof(Instances))]
    public void Every_member_is_in_exactly_one_unit_that_meets_the_rule(int seed, int n)
    {
        var inst = RandomInstance(seed, n);
        var units = LifeCircleGrouping.FromSolution(inst, LifeCircleSolver.Solve(inst, Limits).CentreOf);
        Assert.Equal(Enumerable.Range(0, n), units.SelectMany(u => u.Members).Order());
        Assert.Equal(units.Count, units.Select(u => u.Id).Distinct().Count());
        foreach (var u in units)
        {
            Assert.True(u.Meets, $"{u.Id}: {string.Join(",", u.Members)}");
            Assert.All(u.Members, m => Assert.True(inst.Within[m][u.Centre] <= 900));
            Assert.True(u.Members.Count == 1 || u.Population <= 60_000);
        }
    }

    /// <summary>
    /// Three members all within 5 minutes of each other (300 s apart), 70,000 + 40,000 + 40,000 people, bound 100,000:
    /// one unit would hold 150,000 and any pair with the 70,000 110,000, so the 70,000 stands alone and the others share a unit (300 s).
    /// </summary>
    [Fact]
    public void The_size_bound_splits_a_unit_that_one_centre_could_reach()
    {
        var members = new[] { 70_000, 40_000, 40_000 }.Select((p, i) => new LifeCircleMember(-1, $"m{i}", $"m{i}", "T", p, 0, new LonLat(0, 0))).ToList();
        var within = Enumerable.Range(0, 3).Select(i => (IReadOnlyDictionary<int, double>)Enumerable.Range(0, 3).ToDictionary(j => j, j => i == j ? 0.0 : 300)).ToList();
        var inst = new LifeCircleInstance(Rule(100_000), members, within, [[1, 2], [0, 2], [0, 1]]);
        var solution = LifeCircleSolver.Solve(inst, Limits);
        Assert.Equal(2, solution.Units);
        Assert.Equal(300, solution.Seconds);
        Assert.Equal(0, solution.CentreOf[0]);
        Assert.Equal(solution.CentreOf[1], solution.CentreOf[2]);
    }

    /// <summary>
    /// m0 (50 people), m1 (60), m2 (10), bound 100, all within the limit of each other: walk m0–m1 400 s, m0–m2 800 s,
    /// m1–m2 850 s; m2 (a spread-out village) cannot be a centre itself. Two units are needed (m0 + m1 = 110 > 100).
    /// Least walk alone would be {m0, m2} + {m1} = 800 s, but
    /// when m2's only neighbour is m1 (nearer to m0 than m2 is, and in another unit) the Zoltners–Sinha rule forbids m2
    /// joining m0: {m1, m2} + {m0} = 850 s. When m2 borders m0 directly, 800 s.
    /// </summary>
    [Theory]
    [InlineData(true, 850)]
    [InlineData(false, 800)]
    public void Contiguity_keeps_a_member_from_joining_past_a_nearer_neighbour_in_another_unit(bool behindM1, long seconds)
    {
        var members = new[] { 50, 60, 10 }.Select((p, i) => new LifeCircleMember(-1, $"m{i}", $"m{i}", "T", p, 0, new LonLat(0, 0))).ToList();
        double[,] t = { { 0, 400, 800 }, { 400, 0, 850 }, { 800, 850, 0 } };
        var within = Enumerable.Range(0, 3).Select(i => (IReadOnlyDictionary<int, double>)Enumerable.Range(0, 3)
            .Where(j => (i, j) != (2, 2)).ToDictionary(j => j, j => t[i, j])).ToList();
        int[][] neighbours = behindM1 ? [[1], [0, 2], [1]] : [[1, 2], [0], [0]];
        var inst = new LifeCircleInstance(Rule(100), members, within, neighbours);
        var solution = LifeCircleSolver.Solve(inst, Limits);
        Assert.Equal(2, solution.Units);
        Assert.Equal(seconds, solution.Seconds);
        Assert.Equal(Partitions.Best(inst), (solution.Units, solution.Seconds));
        if (behindM1) Assert.Equal(1, solution.CentreOf[2]);
    }

    [Fact]
    public void A_member_no_centre_reaches_is_a_unit_of_its_own_that_says_why()
    {
        var members = Enumerable.Range(0, 2).Select(i => new LifeCircleMember(-1, $"m{i}", $"m{i}", "T", 10, 0, new LonLat(0, 0))).ToList();
        IReadOnlyList<IReadOnlyDictionary<int, double>> within = [new Dictionary<int, double> { [0] = 0 }, new Dictionary<int, double>()];
        var why = new LifeCircleInfeasible("too-far", 21.5, null, "最近的中心需步行 21.5 分钟", "nearest centre 21.5 min");
        var inst = new LifeCircleInstance(Rule(100_000), members, within, [[1], [0]], [null, why]);
        var units = LifeCircleGrouping.FromSolution(inst, LifeCircleSolver.Solve(inst, Limits).CentreOf);
        Assert.Equal(2, units.Count);
        var alone = Assert.Single(units, u => u.Members.Contains(1));
        Assert.False(alone.Meets);
        Assert.Same(why, alone.Infeasible);
        Assert.Null(alone.MaxMinutes);
        Assert.True(Assert.Single(units, u => u.Members.Contains(0)).Meets);
    }
}
