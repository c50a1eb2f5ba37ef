using Coverage.Analysis.Region;
using Coverage.Analysis.Siting;
using Coverage.Core.Domain;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Tests.Siting;

/// <summary>
/// The siting instance cache on the demo county: an answer from a cached instance is the answer of a fresh preparation
/// (the old per-request path) for several k and circles, and a plan edit (a new engine) is never answered from the old
/// version's instance.
/// </summary>
public class SitingInstanceCacheTests
{
    /// <summary>Coarser than the API's 200 m so the fresh preparations of the oracle stay quick.</summary>
    const double Spacing = 400;
    static readonly SolverLimits Limits = new(TimeLimitSeconds: 20);

    [Theory]
    [InlineData("elderly-15")]
    [InlineData("culture-10")]
    public void A_cached_instance_answers_every_k_as_a_fresh_preparation_does(string circle)
    {
        var region = DemoCounty.Region;
        var engine = new CoverageEngine(region);
        var planner = new SitingPlanner(engine);
        var cache = new SitingInstanceCache();
        var first = cache.Along(engine, circle, Spacing);
        foreach (int k in new[] { 3, 9, 20 })
        {
            var cached = planner.MaximalCovering(cache.Along(engine, circle, Spacing), k, Limits);
            var fresh = planner.MaximalCovering(circle, k, CandidateGenerator.Along(region, Spacing), Limits);
            AssertSameAnswer(fresh, cached);
        }
        // One preparation served the circle; the cached instance is the one a fresh preparation builds, row for row.
        Assert.Equal((3L, 1L), cache.Counts);
        AssertSameInstance(planner.Prepare(circle, CandidateGenerator.Along(region, Spacing)), first);
        // Set covering shares the instance too.
        var target = Math.Min(100, first.Demand.BasePercent + (first.ReachablePercent - first.Demand.BasePercent) / 2);
        AssertSameAnswer(planner.SetCovering(circle, target, CandidateGenerator.Along(region, Spacing), Limits),
            planner.SetCovering(cache.Along(engine, circle, Spacing), target, Limits));
    }

    [Fact]
    public void A_facility_added_in_the_circle_category_changes_the_answer_and_drops_the_old_version()
    {
        const string circle = "elderly-15";
        var region = DemoCounty.Region;
        var engine = new CoverageEngine(region);
        var cache = new SitingInstanceCache();
        var before = new SitingPlanner(engine).MaximalCovering(cache.Along(engine, circle, Spacing), 3, Limits);
        var best = before.Optimal.Sites[0];

        // The plan edit: an elderly facility built at the best proposed site (a new plan version, so a new engine).
        var built = new Facility
        {
            Id = "built-" + best.Site.Id, Name = best.Site.Name, Category = region.Seeds.FindCircle(circle)!.Categories[0],
            Geometry = new Point(best.Site.Lon, best.Site.Lat) { SRID = 4326 },
        };
        var edited = new AnalysisRegion(region.Graph, region.Seeds, [.. region.Facilities, built], region.Settlements, region.Options, snapper: region.Snapper);
        var engine2 = new CoverageEngine(edited);
        var after = new SitingPlanner(engine2).MaximalCovering(cache.Along(engine2, circle, Spacing), 3, Limits);

        Assert.Equal((0L, 2L), cache.Counts); // prepared again, not served from the old version
        Assert.Equal(1, cache.Count);          // the old version's instance is gone
        Assert.Equal(before.BaseFacilities + 1, after.BaseFacilities);
        Assert.InRange(after.BaseCoveredDemand - before.BaseCoveredDemand - best.NewlyCoveredDemand, -1, 1); // centi-people rounding
        Assert.DoesNotContain(best.Site.Id, after.Optimal.Sites.Select(s => s.Site.Id));
        AssertSameAnswer(new SitingPlanner(engine2).MaximalCovering(circle, 3, CandidateGenerator.Along(edited, Spacing), Limits), after);
        // An instance of the old version is refused by the new one's planner rather than answering for the wrong plan.
        Assert.Throws<ArgumentException>(() => new SitingPlanner(engine2).MaximalCovering(new SitingPlanner(engine).Prepare(circle, CandidateGenerator.Along(region, 2000)), 3, Limits));
    }

    [Fact]
    public void At_most_capacity_instances_are_held_least_recently_used_first_out()
    {
        var region = DemoCounty.Region;
        var engine = new CoverageEngine(region);
        var cache = new SitingInstanceCache(capacity: 2);
        var a = cache.Along(engine, "elderly-15", 2000);
        var b = cache.Along(engine, "culture-10", 2000);
        Assert.Same(a, cache.Along(engine, "elderly-15", 2000)); // a is now the most recent
        cache.Along(engine, "elderly-15", 3000);                 // evicts b
        Assert.Equal(2, cache.Count);
        Assert.Same(a, cache.Along(engine, "elderly-15", 2000));
        Assert.NotSame(b, cache.Along(engine, "culture-10", 2000));
        Assert.Equal((2L, 4L), cache.Counts);
    }

    static void AssertSameAnswer(SitingResult expected, SitingResult actual)
    {
        Assert.Equal(expected.ModelColumns, actual.ModelColumns);
        Assert.Equal(expected.ModelRows, actual.ModelRows);
        Assert.Equal(expected.BaseCoveredDemand, actual.BaseCoveredDemand);
        Assert.Equal(expected.ReachablePercent, actual.ReachablePercent);
        // Greedy is deterministic: the same sites in the same order.
        Assert.Equal(expected.Greedy.Sites.Select(s => s.Site.Id), actual.Greedy.Sites.Select(s => s.Site.Id));
        Assert.Equal(expected.Greedy.NewlyCoveredDemand, actual.Greedy.NewlyCoveredDemand, 6);
        // CP-SAT on two workers may pick another of several equal optima: the proof and the value are what must agree.
        Assert.Equal(SolveStatus.Optimal, expected.Optimal.Status);
        Assert.Equal(expected.Optimal.Status, actual.Optimal.Status);
        Assert.Equal(expected.Optimal.Objective, actual.Optimal.Objective, 6);
        Assert.Equal(expected.Optimal.Bound, actual.Optimal.Bound);
        Assert.Equal(expected.Optimal.Gap, actual.Optimal.Gap);
        Assert.Equal(expected.Optimal.Sites.Count, actual.Optimal.Sites.Count);
    }

    static void AssertSameInstance(SitingInstance expected, SitingInstance actual)
    {
        Assert.Equal(expected.Demand.Samples, actual.Demand.Samples);
        Assert.Equal(expected.Demand.Weight, actual.Demand.Weight);
        Assert.Equal(expected.Candidates.Sites.Select(s => s.Id), actual.Candidates.Sites.Select(s => s.Id));
        Assert.Equal(expected.Reach.Length, actual.Reach.Length);
        for (int c = 0; c < expected.Reach.Length; c++) Assert.Equal(expected.Reach[c], actual.Reach[c]);
        Assert.Equal(expected.Model.Weight, actual.Model.Weight);
        Assert.Equal(expected.Candidate, actual.Candidate);
    }
}
