using Coverage.Analysis.Region;
using Coverage.Analysis.Siting;
using Coverage.Analysis.Tests.Support;
using Coverage.Core.Domain;
using static Coverage.Analysis.Tests.Support.TestSeeds;

namespace Coverage.Analysis.Tests.Siting;

/// <summary>
/// Street y = 0 with nodes at 0, 400, 1000, 1600, 3000 m (edges 400, 600, 600, 1400 m); fitness-2 = adult 2 min = 144 m.
/// Villages: a (200, 0) 100 people · b (700, 0) 500 · c (1300, 0) 300 · d (2300, 0) 900. Existing station far away.
/// A trail along an edge reaches the villages on it: 0–400 → a; 400–1000 → b; 1000–1600 → c; 1600–3000 → d.
/// </summary>
public class TrailProposerTests
{
    static CoverageEngine Engine()
    {
        var s = new Street();
        int[] xs = [0, 400, 1000, 1600, 3000];
        var n = xs.Select(x => s.Node(x, 0)).ToArray();
        for (int i = 0; i + 1 < n.Length; i++) s.Edge(n[i], n[i + 1]);
        var seeds = Catalog(Circle("fitness-2", CircleKind.Nearest, 2, "adult", "fitness"));
        var villages = new[] { (200, 100), (700, 500), (1300, 300), (2300, 900) }
            .Select(v => Street.Settlement($"v{v.Item1}", "T", Street.Point(v.Item1, 0), v.Item2, 0));
        var station = Street.Facility("F", "fitness", "fitness-station", Street.Point(3000, 0));
        return new CoverageEngine(new AnalysisRegion(s.Build(), seeds, [station], villages));
    }

    [Theory]
    [InlineData(0.5, new[] { 400.0 }, 100)]             // only the 400 m edge fits
    [InlineData(1.0, new[] { 400.0, 600.0 }, 600)]      // a + b (1000 m) beats b alone
    [InlineData(1.4, new[] { 1400.0 }, 900)]            // d's long edge (900) beats b + c (1200 m, 800)
    [InlineData(2.0, new[] { 600.0, 1400.0 }, 1400)]    // b + d (2000 m) beats a + d (1000)
    [InlineData(2.6, new[] { 600.0, 600.0, 1400.0 }, 1700)]
    public void Trail_pieces_within_the_budget_cover_the_most_people(double km, double[] pieceMetres, double people)
    {
        var p = new TrailProposer(Engine()).Propose("fitness-2", km);
        Assert.Equal(SolveStatus.Optimal, p.Status);
        Assert.Equal(people, p.NewlyCoveredDemand, 6);
        Assert.Equal(pieceMetres.Order(), p.Pieces.Select(x => Math.Round(x.Metres)).Order());
        Assert.True(p.Km <= km + 1e-9);
        Assert.True(p.GreedyNewlyCoveredDemand <= p.NewlyCoveredDemand);
    }

    [Fact]
    public void A_zero_budget_is_refused()
    {
        var ex = Assert.Throws<AnalysisInputException>(() => new TrailProposer(Engine()).Propose("fitness-2", 0));
        Assert.Equal("步道长度预算须大于 0 公里（收到 0） / The trail budget must be > 0 km (got 0)", ex.Message);
    }
}
