using Coverage.Core;
using NetTopologySuite.Geometries;

namespace Coverage.Demo.Tests;

/// <summary>
/// The demo must show gaps: for each standard circle some villages are covered and some are not. Checked with the
/// test's own Dijkstra over the PBF (existing facilities only), settlements as points (natural villages, communities).
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class CoverageGapTests(DemoRegionFixture demo)
{
    static readonly Dictionary<string, WalkSearch> Searches = [];

    WalkSearch Search(WalkProfile p)
    {
        lock (Searches)
        {
            if (!Searches.TryGetValue(p.Id, out var s)) Searches[p.Id] = s = new WalkSearch(demo.Network, p);
            return s;
        }
    }

    List<Coordinate> SourcesOf(string category) =>
        [.. demo.Facilities.Where(f => f.Str("category") == category && f.Str("status") == "existing")
            .SelectMany(f => f.Metres is LineString l ? l.Coordinates : [f.Metres.Coordinate])];

    (int Covered, int Uncovered) Count(string[] categories, double minutes, WalkProfile profile)
    {
        var search = Search(profile);
        var times = categories.Select(c => search.From(SourcesOf(c))).ToList();
        int covered = 0, uncovered = 0;
        foreach (var s in demo.Settlements.Where(s => s.Metres is Point))
        {
            bool ok = times.All(t => search.To(t, s.Metres.Coordinate) <= minutes * 60);
            if (ok) covered++; else uncovered++;
        }
        return (covered, uncovered);
    }

    [Theory]
    [InlineData("culture", 10, "adult")]
    [InlineData("fitness", 10, "adult")]
    [InlineData("fitness", 15, "adult")]
    [InlineData("elderly", 15, "elderly")]
    [InlineData("clinic", 20, "adult")]
    [InlineData("park", 10, "adult")]
    [InlineData("school,clinic,elderly,culture,fitness", 15, "adult")]
    [InlineData("school,clinic,elderly,culture,fitness,bus-shelter,park", 15, "adult")]
    public void Each_circle_has_covered_and_uncovered_villages(string categories, double minutes, string profile)
    {
        var (covered, uncovered) = Count(categories.Split(','), minutes, WalkProfile.Get(profile));
        int total = covered + uncovered;
        // "Some" means at least 2% either way: a gap that shows on the map, not a single stray village.
        Assert.True(covered >= total / 50 && uncovered >= total / 50,
            $"{categories} {minutes} min ({profile}): {covered} covered, {uncovered} uncovered of {total}");
    }

    [Fact]
    public void Some_administrative_villages_have_a_bus_shelter_and_some_do_not()
    {
        var shelters = demo.Facilities.Where(f => f.Str("category") == "bus-shelter" && f.Str("status") == "existing").Select(f => f.Metres).ToList();
        var villages = demo.Settlements.Where(s => s.Str("kind") == "administrative_village").ToList();
        int with = villages.Count(v => shelters.Any(s => v.Metres.Covers(s)));
        Assert.InRange(with, villages.Count / 5, villages.Count - villages.Count / 10);
    }
}
