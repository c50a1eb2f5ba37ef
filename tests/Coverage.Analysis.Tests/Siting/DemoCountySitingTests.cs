using Coverage.Analysis.Siting;
using Coverage.Core.Domain;
using Xunit.Abstractions;

namespace Coverage.Analysis.Tests.Siting;

/// <summary>The synthetic demo county: the solver is never worse than greedy, reports its gap, and the answer holds when built.</summary>
public class DemoCountySitingTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("elderly-15", 5)]
    [InlineData("culture-10", 8)]
    public void Optimal_is_never_worse_than_greedy_and_holds_when_built(string circle, int k)
    {
        var region = DemoCounty.Region;
        var engine = new CoverageEngine(region);
        var candidates = CandidateGenerator.Along(region, 400);
        var r = new SitingPlanner(engine).MaximalCovering(circle, k, candidates, new SolverLimits(TimeLimitSeconds: 20));
        output.WriteLine($"{circle} k={k}: {r.Candidates} candidates → {r.ModelColumns} columns × {r.ModelRows} rows; base {r.BasePercent:0.00}% " +
                         $"CP-SAT {r.Optimal.Status} +{r.Optimal.NewlyCoveredDemand:0} (bound {r.Optimal.Bound:0}, gap {r.Optimal.Gap:P2}) greedy +{r.Greedy.NewlyCoveredDemand:0}; reach {r.ReachTime.TotalSeconds:0.0}s solve {r.Optimal.Wall.TotalSeconds:0.0}s");

        Assert.True(r.Candidates > 1000);
        Assert.True(r.Optimal.Status is SolveStatus.Optimal or SolveStatus.Feasible);
        Assert.Equal(k, r.Optimal.Sites.Count);
        Assert.True(r.Optimal.NewlyCoveredDemand >= r.Greedy.NewlyCoveredDemand - 1e-6);
        Assert.NotNull(r.Optimal.Gap);
        Assert.InRange(r.Optimal.Gap!.Value, 0, 1);
        Assert.True(r.Optimal.Bound >= r.Optimal.Objective - 1e-6);

        // Built as facilities, the chosen sites cover exactly what the planner said; the base is the coverage's (the same
        // counted statuses: existing and under construction), so nothing else joins it.
        Assert.Equal(engine.Evaluate(circle).County.CoveredDemand, r.BaseCoveredDemand, 6);
        var added = r.Optimal.Sites.Select(p => new Facility
        {
            Id = "new-" + p.Site.Id, Name = p.Site.Name, Category = region.Seeds.FindCircle(circle)!.Categories[0],
            Geometry = new NetTopologySuite.Geometries.Point(p.Site.Lon, p.Site.Lat) { SRID = 4326 },
        }).ToList();
        var after = engine.WhatIf(circle, added, []).After.County;
        Assert.Equal(after.CoveredDemand, r.BaseCoveredDemand + r.Optimal.NewlyCoveredDemand, 0);
    }
}
