using Coverage.Analysis.LifeCircles;
using Coverage.Analysis.Siting;
using Coverage.Core.Domain;
using Xunit.Abstractions;
using DemoCounty = Coverage.Analysis.Tests.Siting.DemoCounty;

namespace Coverage.Analysis.Tests.LifeCircles;

/// <summary>The committed demo county: every village and community in exactly one unit; every unit meets the rule or says why.</summary>
public class DemoCountyLifeCircleTests(ITestOutputHelper output)
{
    static readonly Lazy<LifeCircleResult> Result = new(() => LifeCircleResult.Compute(DemoCounty.Region, new SolverLimits(20, 2)));

    [Fact]
    public void Every_village_is_in_exactly_one_unit_and_every_person_is_counted_once()
    {
        var r = Result.Value;
        var region = DemoCounty.Region;
        var counted = r.Units.SelectMany(u => u.Members).Select(m => r.Instance.Members[m].Id).ToList();
        Assert.Equal(counted.Count, counted.Distinct().Count());
        // Read from the data directly: every administrative village and community, and every natural village whose
        // parent is not in the data, is a member; a natural village with a known parent is counted in that parent.
        var ids = region.Settlements.Select(s => s.Id).ToHashSet();
        var expected = region.Settlements.Where(s => s.Kind != SettlementKind.NaturalVillage || s.ParentId is null || !ids.Contains(s.ParentId)).Select(s => s.Id);
        Assert.Equal(expected.Order(StringComparer.Ordinal), counted.Order(StringComparer.Ordinal));
        Assert.Equal(region.Settlements.Where(s => s.Kind != SettlementKind.NaturalVillage).Sum(s => (double)s.Population), r.Units.Sum(u => u.Population));
        output.WriteLine($"{r.Units.Count} units ({r.Solution.Units} by the solver, bound {r.Solution.UnitsBound}, gap {r.Solution.UnitsGap:P1}; " +
            $"walk {r.Solution.Seconds} s, bound {r.Solution.SecondsBound}, gap {r.Solution.SecondsGap:P2}; {r.Solution.Status}, {r.Solution.Wall.TotalSeconds:0.0} s; " +
            $"waived {r.Solution.ContiguityWaived}; infeasible {r.Units.Count(u => u.Infeasible is not null)})");
    }

    [Fact]
    public void Every_unit_meets_the_rule_or_is_a_single_village_that_says_why()
    {
        var r = Result.Value;
        Assert.True(r.Solution.Status is SolveStatus.Optimal or SolveStatus.Feasible);
        Assert.Equal(r.Solution.UnitsBound, r.Solution.Units); // the unit count is proved
        foreach (var u in r.Units)
        {
            if (u.Infeasible is { } why)
            {
                Assert.Single(u.Members);
                Assert.False(string.IsNullOrWhiteSpace(why.Zh));
                Assert.True(why.NearestMinutes is > 15 || why.OffNetworkMetres is > 0 || why.Code is "isolated" or "no-geometry", why.En);
                continue;
            }
            Assert.True(u.Meets, u.Id);
            Assert.All(u.Members, m => Assert.True(r.Instance.Within[m][u.Centre] <= 900));
            Assert.True(u.Population <= r.Rule.PopulationMax || u.Members.Count == 1);
            Assert.NotNull(u.Polygon);
            Assert.True(u.Polygon!.IsValid, u.Id);
        }
        Assert.Equal(100_000, r.Rule.PopulationMax);
    }
}
