using Coverage.Analysis.Region;
using Coverage.Analysis.Siting;
using Coverage.Analysis.Tests.Support;
using Coverage.Core.Domain;
using Coverage.Core.Seeds;
using Coverage.Network.Graph;
using static Coverage.Analysis.Tests.Support.TestSeeds;

namespace Coverage.Analysis.Tests.Siting;

/// <summary>
/// Seeded random grid towns: the planner's answer against the coverage engine itself — every subset of candidates
/// added as facilities with WhatIf, the best county coverage by brute force.
/// </summary>
public class EngineOracleSitingTests
{
    static readonly SeedCatalog Seeds = Catalog(Circle("culture-4", CircleKind.Nearest, 4, "adult", "culture"));

    /// <summary>6 × 6 grid of 200 m blocks with a few one-sided and missing streets, villages and candidates at random.</summary>
    static (AnalysisRegion Region, CandidateSet Candidates) Town(int seed)
    {
        var rng = new Random(seed);
        var s = new Street();
        for (int i = 0; i < 6; i++) for (int j = 0; j < 6; j++) s.Node(i * 200, j * 200);
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++)
            {
                if (i + 1 < 6 && rng.NextDouble() > 0.1) s.Edge(i * 6 + j, (i + 1) * 6 + j, rng.NextDouble() < 0.15 ? EdgeFlags.Forward : EdgeFlags.Both);
                if (j + 1 < 6 && rng.NextDouble() > 0.1) s.Edge(i * 6 + j, i * 6 + j + 1);
            }
        (double, double) Somewhere() => (rng.Next(0, 1001), rng.Next(0, 1001));
        var settlements = Enumerable.Range(0, 10).Select(v =>
        {
            var (x, y) = Somewhere();
            return v < 3
                ? Street.Settlement($"V{v}", "T", Street.Rectangle(x, y, x + 200, y + 200), 1000, 300, SettlementKind.AdministrativeVillage)
                : Street.Settlement($"N{v}", "T", Street.Point(x, y), rng.Next(50, 500), 40);
        }).ToList();
        var existing = new[] { Street.Facility("C0", "culture", null, Street.Point(0, 0)) };
        var region = new AnalysisRegion(s.Build(), Seeds, existing, settlements, AnalysisOptions.Default with { SampleSpacingMetres = 100 });
        var given = Enumerable.Range(0, 8).Select(c => { var (x, y) = Somewhere(); return new GivenSite($"c{c}", $"c{c}", Street.Point(x, y)); });
        return (region, CandidateGenerator.Given(region, given));
    }

    static Facility AsFacility(CandidateSite c) => Street.Facility("new-" + c.Id, "culture", null,
        new NetTopologySuite.Geometries.Point(c.Lon, c.Lat) { SRID = 4326 });

    [Theory]
    [InlineData(1, 1)] [InlineData(1, 2)] [InlineData(1, 3)]
    [InlineData(2, 2)] [InlineData(3, 2)] [InlineData(4, 3)]
    public void Best_k_sites_cover_what_the_best_subset_covers_when_built(int seed, int k)
    {
        var (region, candidates) = Town(seed);
        var engine = new CoverageEngine(region);
        var r = new SitingPlanner(engine).MaximalCovering("culture-4", k, candidates);

        double best = Enumeration.Subsets(candidates.Sites.Count, k)
            .Max(s => engine.WhatIf("culture-4", s.Select(i => AsFacility(candidates.Sites[i])).ToList(), []).After.County.CoveredDemand);
        var built = engine.WhatIf("culture-4", r.Optimal.Sites.Select(p => AsFacility(p.Site)).ToList(), []).After.County;

        Assert.Equal(engine.Evaluate("culture-4").County.CoveredDemand, r.BaseCoveredDemand, 6);
        Assert.Equal(best, r.BaseCoveredDemand + r.Optimal.NewlyCoveredDemand, 1);  // centi-people rounding
        Assert.Equal(built.CoveredDemand, r.BaseCoveredDemand + r.Optimal.NewlyCoveredDemand, 1);
        Assert.Equal(built.DemandShare!.Value * 100, r.Optimal.PercentAfter, 2);
        Assert.True(r.Greedy.NewlyCoveredDemand <= r.Optimal.NewlyCoveredDemand + 1e-9);
    }

    [Theory]
    [InlineData(5, 60)] [InlineData(6, 75)] [InlineData(7, 50)]
    public void Fewest_sites_equal_the_smallest_subset_the_engine_confirms(int seed, double target)
    {
        var (region, candidates) = Town(seed);
        var engine = new CoverageEngine(region);
        double Share(IEnumerable<int> s) =>
            engine.WhatIf("culture-4", s.Select(i => AsFacility(candidates.Sites[i])).ToList(), []).After.County.DemandShare!.Value * 100;
        int n = candidates.Sites.Count;
        if (Share(Enumerable.Range(0, n)) < target) { Assert.Throws<AnalysisInputException>(() => new SitingPlanner(engine).SetCovering("culture-4", target, candidates)); return; }
        int smallest = Enumerable.Range(0, n + 1).First(size => Enumeration.Subsets(n, size).Any(s => Share(s) >= target - 1e-9));

        var r = new SitingPlanner(engine).SetCovering("culture-4", target, candidates);
        Assert.Equal(smallest, r.Optimal.Sites.Count);
        Assert.True(Share(r.Optimal.Sites.Select(p => candidates.Sites.ToList().IndexOf(p.Site))) >= target - 1e-6);
    }
}
