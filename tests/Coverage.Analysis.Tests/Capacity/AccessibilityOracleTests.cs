using Coverage.Analysis.Capacity;
using Google.OrTools.LinearSolver;

namespace Coverage.Analysis.Tests.Capacity;

/// <summary>
/// 2SFCA, Gaussian E2SFCA and capacitated coverage against oracles written here: all-pairs times from a plain Dijkstra
/// (<see cref="SmallTown.AllPairsSeconds"/>), the two-step formulas applied literally, and the served demand as a linear
/// programme solved by OR-Tools GLOP (not the engine's max flow).
/// </summary>
public class AccessibilityOracleTests
{
    /// <summary>Gaussian weights move by about 1e-5 for the ~0.01 s the fixed-point snaps shift times.</summary>
    const double RelTol = 1e-4;

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 12)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Two_step_accessibility_equals_the_formulas_over_brute_force_times(int seed)
    {
        var town = SmallTown.Random(seed);
        double minutes = town.ClearLimitMinutes(15);
        var engine = new CoverageEngine(town.Region(SmallTown.Seeds(minutes)));
        foreach (var method in new[] { CatchmentMethod.TwoStep, CatchmentMethod.Gaussian })
        {
            var got = engine.Capacity("eld", method);
            var expected = BruteForce(town, minutes * 60, method);
            foreach (var row in got.Settlements)
                AssertClose(expected[row.Settlement.Id], row.PerThousand, $"seed {seed} {method} {row.Settlement.Id}");
            Assert.Equal(town.Places.Where(p => p.Capacity is null).Select(p => p.Id).Order(), got.WithoutCapacity.Order());
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Capacitated_coverage_equals_the_linear_programme_and_respects_every_capacity(int seed)
    {
        var town = SmallTown.Random(seed);
        double minutes = town.ClearLimitMinutes(20);
        var got = new CoverageEngine(town.Region(SmallTown.Seeds(minutes))).Capacity("eld", CatchmentMethod.TwoStep);
        double best = LinearProgramme(town, minutes * 60);
        Assert.Equal(best, got.County.ServedDemand, 1e-4 * Math.Max(1, best));
        Assert.Equal(best, got.Settlements.Sum(r => r.ServedDemand), 1e-4 * Math.Max(1, best));
        Assert.All(got.Facilities, f => Assert.True(f.Assigned <= f.Capacity + 1e-6, $"{f.Facility.Id} assigned {f.Assigned} > {f.Capacity}"));
        Assert.All(got.Settlements, r => Assert.True(r.ServedDemand <= r.CoveredDemand + 1e-6, $"{r.Settlement.Id} served {r.ServedDemand} > covered {r.CoveredDemand}"));
    }

    /// <summary>A_i × 1000 by the textbook: R_j = S_j / Σ_k D_k·w(t_kj), A_i = Σ_j R_j·w(t_ij); unknown capacities left out.</summary>
    static Dictionary<string, double> BruteForce(SmallTown town, double limit, CatchmentMethod method)
    {
        var t = town.AllPairsSeconds();
        double W(double seconds) => seconds > limit ? 0
            : method == CatchmentMethod.TwoStep ? 1
            : (Math.Exp(-0.5 * Math.Pow(seconds / limit, 2)) - Math.Exp(-0.5)) / (1 - Math.Exp(-0.5));
        var ratio = new Dictionary<string, double>();
        foreach (var f in town.Places.Where(p => p.Capacity is not null))
        {
            double sum = town.People.Sum(p => p.Population * W(t[p.Node, f.Node]));
            if (sum > 0) ratio[f.Id] = f.Capacity!.Value / sum;
        }
        return town.People.ToDictionary(p => p.Id,
            p => 1000 * town.Places.Where(f => ratio.ContainsKey(f.Id)).Sum(f => ratio[f.Id] * W(t[p.Node, f.Node])));
    }

    /// <summary>max Σ x_ij subject to Σ_j x_ij ≤ D_i, Σ_i x_ij ≤ S_j, x_ij ≥ 0 over pairs within the limit (GLOP).</summary>
    static double LinearProgramme(SmallTown town, double limit)
    {
        var t = town.AllPairsSeconds();
        using var solver = Solver.CreateSolver("GLOP");
        var objective = solver.Objective();
        objective.SetMaximization();
        var perPerson = town.People.Select(p => solver.MakeConstraint(0, p.Population)).ToArray();
        var perPlace = town.Places.Select(f => solver.MakeConstraint(0, f.Capacity ?? 0)).ToArray();
        for (int i = 0; i < town.People.Count; i++)
            for (int j = 0; j < town.Places.Count; j++)
            {
                if (!(t[town.People[i].Node, town.Places[j].Node] <= limit)) continue;
                var x = solver.MakeNumVar(0, double.PositiveInfinity, $"x{i}_{j}");
                perPerson[i].SetCoefficient(x, 1);
                perPlace[j].SetCoefficient(x, 1);
                objective.SetCoefficient(x, 1);
            }
        Assert.Equal(Solver.ResultStatus.OPTIMAL, solver.Solve());
        return objective.Value();
    }

    static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= RelTol * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected}, got {actual}");
}
