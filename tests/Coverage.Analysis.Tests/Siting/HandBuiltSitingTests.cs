using Coverage.Analysis.Region;
using Coverage.Analysis.Siting;
using Coverage.Analysis.Tests.Support;
using Coverage.Core.Domain;
using Coverage.Core.Seeds;
using static Coverage.Analysis.Tests.Support.TestSeeds;

namespace Coverage.Analysis.Tests.Siting;

/// <summary>
/// One street along y = 0 from x = 0 to 4000 m, adult 5 minutes = 360 m. Elderly centre E at x = 0.
/// Villages (people): v0 at 0 (100), v500 (200), v1000 (50), v2000 (300), v2600 (80), v3500 (120): 850 in all.
/// Candidates at x = 300, 700, 1500, 2300, 3000, 3400 newly reach (by hand):
///   c300 → v500 (200) · c700 → v500, v1000 (250) · c1500 → none · c2300 → v2000, v2600 (380) · c3000 → none · c3400 → v3500 (120).
/// </summary>
public class HandBuiltSitingTests
{
    static readonly SeedCatalog Seeds = Catalog(
        Circle("elderly-5", CircleKind.Nearest, 5, "adult", "elderly"),
        Circle("life-5", CircleKind.Composite, 5, "adult", "elderly", "culture"));

    static readonly int[] VillageX = [0, 500, 1000, 2000, 2600, 3500];
    static readonly int[] People = [100, 200, 50, 300, 80, 120];
    static readonly int[] CandidateX = [300, 700, 1500, 2300, 3000, 3400];

    static AnalysisRegion Region()
    {
        var s = new Street();
        int prev = s.Node(0, 0);
        for (int x = 500; x <= 4000; x += 500) { int n = s.Node(x, 0); s.Edge(prev, n); prev = n; }
        var settlements = VillageX.Select((x, i) => Street.Settlement($"v{x}", x < 1500 ? "West" : "East", Street.Point(x, 0), People[i], People[i] / 4));
        return new AnalysisRegion(s.Build(), Seeds, [Street.Facility("E", "elderly", null, Street.Point(0, 0))], settlements);
    }

    static CandidateSet Candidates(AnalysisRegion region, params int[] xs) =>
        CandidateGenerator.Given(region, xs.Select(x => new GivenSite($"c{x}", $"c{x}", Street.Point(x, 0))));

    static SitingPlanner Planner(out AnalysisRegion region)
    {
        region = Region();
        return new SitingPlanner(new CoverageEngine(region));
    }

    [Theory]
    [InlineData(1, new[] { "c2300" }, 380)]
    [InlineData(2, new[] { "c2300", "c700" }, 630)]
    [InlineData(3, new[] { "c2300", "c700", "c3400" }, 750)]
    public void Best_k_sites_are_the_hand_worked_ones(int k, string[] sites, double newly)
    {
        var planner = Planner(out var region);
        var r = planner.MaximalCovering("elderly-5", k, Candidates(region, CandidateX));
        Assert.Equal(850, r.TotalDemand, 6);
        Assert.Equal(100, r.BaseCoveredDemand, 6);
        Assert.Equal(100, r.ReachablePercent, 6);
        Assert.Equal(SolveStatus.Optimal, r.Optimal.Status);
        Assert.Equal(sites, r.Optimal.Sites.Select(p => p.Site.Id));
        Assert.Equal(newly, r.Optimal.NewlyCoveredDemand, 6);
        Assert.Equal(newly, r.Optimal.Objective, 6);
        Assert.Equal(0, r.Optimal.Gap);
        Assert.Equal((100 + newly) / 850 * 100, r.Optimal.PercentAfter, 6);
        Assert.Equal(newly, r.Greedy.NewlyCoveredDemand, 6); // greedy is optimal on a line of disjoint reaches
    }

    [Fact]
    public void Each_site_lists_the_villages_it_newly_covers()
    {
        var planner = Planner(out var region);
        var r = planner.MaximalCovering("elderly-5", 2, Candidates(region, CandidateX));
        var first = r.Optimal.Sites[0];
        Assert.Equal(["v2000", "v2600"], first.Settlements.Select(s => s.SettlementId));
        Assert.Equal([300.0, 80.0], first.Settlements.Select(s => s.Demand));
        Assert.All(first.Settlements, s => Assert.Equal(1, s.ShareOfSettlement, 9));
        Assert.Equal(["v500", "v1000"], r.Optimal.Sites[1].Settlements.Select(s => s.SettlementId));
    }

    [Theory]
    [InlineData(50, 1)]   // 425 needed, 100 covered: c2300 (380) suffices
    [InlineData(80, 2)]   // 680: c2300 + c700
    [InlineData(100, 3)]  // all 850
    public void Fewest_sites_for_a_target_are_the_hand_worked_count(double target, int sites)
    {
        var planner = Planner(out var region);
        var r = planner.SetCovering("elderly-5", target, Candidates(region, CandidateX));
        Assert.Equal(SolveStatus.Optimal, r.Optimal.Status);
        Assert.Equal(sites, r.Optimal.Sites.Count);
        Assert.Equal(sites, r.Optimal.Objective);
        Assert.True(r.Optimal.PercentAfter >= target - 1e-9);
        Assert.True(r.Greedy.Sites.Count >= sites);
    }

    [Fact]
    public void A_target_the_base_already_meets_needs_no_site()
    {
        var planner = Planner(out var region);
        var r = planner.SetCovering("elderly-5", 10, Candidates(region, CandidateX));
        Assert.Empty(r.Optimal.Sites);
        Assert.Contains(r.Notes, n => n.Code == "target-met");
    }

    [Fact]
    public void More_sites_than_candidates_says_what_all_of_them_reach()
    {
        var planner = Planner(out var region);
        var ex = Assert.Throws<AnalysisInputException>(() => planner.MaximalCovering("elderly-5", 3, Candidates(region, 300, 1500)));
        // c300 adds v500: (100 + 200) / 850 = 35.3%.
        Assert.Equal("要求新建 3 处，但只有 2 个候选点；全部建成最多可覆盖 35.3%（现状 11.8%）。请减少数量、加密候选点（--spacing）或提供更多候选点 / "
            + "3 new sites asked for but there are only 2 candidates; building all of them reaches at most 35.3% (now 11.8%). Ask for fewer, use a finer --spacing, or give more candidates", ex.Message);
    }

    [Fact]
    public void An_unreachable_target_says_the_best_reachable_share()
    {
        var planner = Planner(out var region);
        var ex = Assert.Throws<AnalysisInputException>(() => planner.SetCovering("elderly-5", 95, Candidates(region, 300, 700, 2300)));
        // Without c3400, v3500 (120) stays out: (850 − 120) / 850 = 85.9%, reached by c2300 + c700.
        Assert.Contains("最多可覆盖 85.9%（约 2 处新点即可达到）", ex.Message);
        Assert.Contains("at most 85.9% reachable with these 3 candidates (about 2 new sites get there)", ex.Message);
    }

    [Fact]
    public void No_usable_candidate_says_why_and_what_to_give()
    {
        var planner = Planner(out var region);
        var far = CandidateGenerator.Given(region, [new GivenSite("p1", "河心地块", Street.Point(1000, 900))]);
        Assert.Empty(far.Sites);
        var ex = Assert.Throws<AnalysisInputException>(() => planner.MaximalCovering("elderly-5", 1, far));
        Assert.Equal("没有可用的候选点（1 个给定点均不可用，如：候选点“河心地块”距最近步行道路 900 米，超过 500 米，已跳过）。请提供距步行道路 500 米以内的点，或改用沿路生成的候选点 / "
            + "No usable candidate sites (1 given sites are all unusable, e.g. Candidate '河心地块' (p1) is 900 m from the nearest walkable way (limit 500 m): skipped). Give sites within 500 m of a walkable way, or use candidates generated along the ways", ex.Message);
    }

    [Fact]
    public void A_composite_circle_is_refused_with_the_way_forward()
    {
        var planner = Planner(out var region);
        var ex = Assert.Throws<AnalysisInputException>(() => planner.MaximalCovering("life-5", 1, Candidates(region, CandidateX)));
        Assert.Contains("site each category on its own", ex.Message);
    }

    [Fact]
    public void Zero_sites_is_refused()
    {
        var planner = Planner(out var region);
        var ex = Assert.Throws<AnalysisInputException>(() => planner.MaximalCovering("elderly-5", 0, Candidates(region, CandidateX)));
        Assert.Equal("新建数量须至少为 1（收到 0） / The number of new sites must be at least 1 (got 0)", ex.Message);
    }
}
