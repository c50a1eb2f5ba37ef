using Coverage.Analysis.Capacity;
using Coverage.Analysis.Region;
using Coverage.Analysis.Siting;
using Coverage.Analysis.Tests.Siting;
using Coverage.Core.Domain;

namespace Coverage.Analysis.Tests.Capacity;

/// <summary>
/// One count, every view: capacitated siting's "served within capacity now" is the capacity analysis's county figure, and its
/// "after" is what the capacity analysis says once the proposed sites are built (a second region with them as facilities),
/// to a millionth of a person. The solver weighs demand in rounded centi-people; the figures a planner reads must not.
/// </summary>
public class CapacitatedFiguresTests
{
    const string Circle = "elderly-15";
    // Large enough that demand, not capacity, bounds what the new sites serve: the flow then carries the fractional demand.
    const int SiteCapacity = 5000;

    /// <summary>
    /// The hand-built village sampled every 90 m: V's 1,000 people fall on samples of 1000/n people, not whole centi-people,
    /// so a figure taken from the solver's rounded weights is off (by 0.01 here). C1 (50 places) serves 50 now; G1 (2,000
    /// places at x = 600) reaches A, B and all of V, so 1,300 are served with it: the capacity analysis's figures exactly.
    /// </summary>
    [Fact]
    public void Served_figures_are_exact_where_the_samples_split_people_into_fractions_of_a_centi_person()
    {
        var culture = Support.TestSeeds.Circle("culture-11", CircleKind.Nearest, 11, "adult", "culture");
        var options = AnalysisOptions.Default with { SampleSpacingMetres = 90 };
        var facilities = Support.Village.Facilities().Select(f => f.Id == "C1" ? f with { Capacity = 50 } : f).ToList();
        var region = new AnalysisRegion(Support.Village.Graph(), Support.TestSeeds.Catalog(culture), facilities, Support.Village.Settlements(), options);
        int v = region.Settlements.ToList().FindIndex(s => s.Id == "V");
        var shares = Enumerable.Range(region.SettlementFirstSample[v], region.SettlementFirstSample[v + 1] - region.SettlementFirstSample[v])
            .Select(_ => 1000 * region.SampleShareOf(v) * 100).ToList();
        Assert.Contains(shares, c => Math.Abs(c - Math.Round(c)) > 1e-6); // the case the rounding would get wrong

        var engine = new CoverageEngine(region);
        var sites = CandidateGenerator.Given(region, [new("G1", "G1", Support.Street.Point(600, 0))]);
        var result = CapacitatedSiting.Solve(engine, "culture-11", sites, 1, 2000);
        Assert.Equal(engine.Capacity("culture-11", CatchmentMethod.TwoStep).County.ServedDemand, result.ServedBefore, 6);
        var g1 = Support.Street.Facility("G1", "culture", null, Support.Street.Point(600, 0)) with { Capacity = 2000 };
        var built = new CoverageEngine(new AnalysisRegion(region.Graph, region.Seeds, [.. facilities, g1], region.Settlements, options));
        double served = built.Capacity("culture-11", CatchmentMethod.TwoStep).County.ServedDemand;
        Assert.Equal(1300, served, 6);
        Assert.Equal(served, result.ServedAfter, 6);
        Assert.Equal(served - result.ServedBefore, Assert.Single(result.Answer.Sites).NewlyCoveredDemand, 6);
    }

    [Fact]
    public void Served_now_and_after_are_the_capacity_analysis_figures_on_the_demo_county()
    {
        var region = DemoCounty.Region;
        var engine = new CoverageEngine(region);
        var result = CapacitatedSiting.Solve(engine, Circle, CandidateGenerator.Along(region), 3, SiteCapacity);
        var now = engine.Capacity(Circle, CatchmentMethod.TwoStep).County;
        Assert.Equal(now.ServedDemand, result.ServedBefore, 6);
        Assert.Equal(now.Demand, result.TotalDemand, 6);

        var built = result.Answer.Sites.Select((p, i) => new Facility
        {
            Id = $"new-{i}", Name = $"新建 {i}", Category = "elderly", Source = "test", Capacity = SiteCapacity,
            Geometry = new NetTopologySuite.Geometries.Point(p.Site.Lon, p.Site.Lat) { SRID = 4326 },
        });
        var withSites = new AnalysisRegion(region.Graph, region.Seeds, [.. region.Facilities, .. built], region.Settlements);
        var after = new CoverageEngine(withSites).Capacity(Circle, CatchmentMethod.TwoStep).County;
        Assert.Equal(after.ServedDemand, result.ServedAfter, 6);
        Assert.Equal(result.ServedAfter - result.ServedBefore, result.Answer.Sites.Sum(p => p.NewlyCoveredDemand), 6);
        Assert.True(result.ServedAfter > result.ServedBefore + 1, "three new sites serve someone");
    }
}
