using System.Text.Json;
using Coverage.Analysis.Circles;
using Coverage.Analysis.Tests.Siting;
using Coverage.Analysis.Tests.Support;
using Coverage.Core.Domain;
using static Coverage.Analysis.Tests.Support.TestSeeds;

namespace Coverage.Analysis.Tests;

/// <summary>
/// Natural villages (自然村) and their administrative village (行政村): every person is counted once, so the county is
/// the sum of administrative villages and communities, as the statistics tables have it.
/// </summary>
public class PeopleCountedOnceTests
{
    /// <summary>Oracle: the source table itself, read as plain JSON: people of administrative villages and communities, per town.</summary>
    static Dictionary<string, (double Population, double Elderly)> SourceTotalsByTown()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(DemoCounty.PathOf("settlements.synthetic.geojson")));
        var totals = new Dictionary<string, (double, double)>();
        foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
        {
            var p = f.GetProperty("properties");
            if (p.GetProperty("kind").GetString() == "natural_village") continue;
            var town = p.GetProperty("town").GetString()!;
            var (pop, old) = totals.GetValueOrDefault(town);
            totals[town] = (pop + p.GetProperty("population").GetDouble(), old + p.GetProperty("elderly").GetDouble());
        }
        return totals;
    }

    [Theory]
    [InlineData("elderly-15")]
    [InlineData("culture-10")]
    [InlineData("life-15")]
    public void Demo_county_total_is_the_sum_of_administrative_villages_and_communities(string circle)
    {
        var oracle = SourceTotalsByTown();
        var c = new CoverageEngine(DemoCounty.Region).Evaluate(circle);
        Assert.Equal(582_529, oracle.Values.Sum(t => t.Population));       // metadata.json counts.population
        Assert.Equal(oracle.Values.Sum(t => t.Population), c.County.Population, 6);
        Assert.Equal(oracle.Values.Sum(t => t.Elderly), c.County.Elderly, 6);
        foreach (var t in c.Towns)
            Assert.Equal((oracle[t.Name].Population, oracle[t.Name].Elderly), (t.Population, t.Elderly));
        // Covered people: the natural villages and communities (where people live) sum to the county, each once.
        var places = c.Settlements.Where(s => s.Settlement.Kind != SettlementKind.AdministrativeVillage).ToList();
        Assert.Equal(places.Sum(s => s.CoveredDemand), c.County.CoveredDemand, 6);
        Assert.Equal(places.Count, c.County.Settlements);
        // An administrative village's row is the roll-up of its natural villages.
        foreach (var v in c.Settlements.Where(s => s.Settlement.Kind == SettlementKind.AdministrativeVillage))
        {
            var kids = c.Settlements.Where(s => s.Settlement.ParentId == v.Settlement.Id).ToList();
            Assert.Equal(kids.Count, v.NaturalVillages);
            Assert.Equal(v.Settlement.Population, v.Population);
            Assert.Equal(kids.Sum(k => k.CoveredDemand), v.CoveredDemand, 6);
        }
    }

    [Fact]
    public void Presence_circle_of_administrative_villages_counts_each_village_whole()
    {
        var oracle = SourceTotalsByTown();
        using var doc = JsonDocument.Parse(File.ReadAllBytes(DemoCounty.PathOf("settlements.synthetic.geojson")));
        double villages = doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties"))
            .Where(p => p.GetProperty("kind").GetString() == "administrative_village").Sum(p => p.GetProperty("population").GetDouble());
        var c = new CoverageEngine(DemoCounty.Region).Evaluate("bus-shelter-village");
        Assert.Equal(villages, c.County.Population, 6);
        Assert.True(villages < oracle.Values.Sum(t => t.Population));
    }

    static readonly CircleStandard Culture11 = Circle("culture-11", CircleKind.Nearest, 11, "adult", "culture");

    /// <summary>V (1000 people, x 200..1200) with natural villages V1 (600, x = 300) and V2 (300, x = 1100): 100 live elsewhere in V.</summary>
    static CircleCoverage VillageWithNaturalVillages()
    {
        var settlements = Village.Settlements().Concat(
        [
            Street.Settlement("V1", "T2", Street.Point(300, 0), 600, 150, SettlementKind.NaturalVillage) with { ParentId = "V" },
            Street.Settlement("V2", "T2", Street.Point(1100, 0), 300, 30, SettlementKind.NaturalVillage) with { ParentId = "V" },
        ]);
        var region = new Region.AnalysisRegion(Village.Graph(), Catalog(Culture11), Village.Facilities(), settlements,
            AnalysisOptions.Default with { SampleSpacingMetres = 100 });
        return new CoverageEngine(region).Evaluate("culture-11");
    }

    [Fact]
    public void Administrative_village_rolls_up_its_natural_villages_and_scores_only_its_remainder_itself()
    {
        // 11 adult minutes = 792 m from C1 at x = 0: V1 (300 m) covered, V2 (1100 m) not; V's own grid x = 250..1150 → 6 of 10.
        var c = VillageWithNaturalVillages();
        var v = c.Settlements.Single(s => s.Settlement.Id == "V");
        Assert.Equal(2, v.NaturalVillages);
        Assert.Equal(1000, v.Population);
        Assert.Equal(600 + 0 + 100 * 0.6, v.CoveredPopulation, 6);
        Assert.Equal(CoverageStatus.Partly, v.Status);
        Assert.Equal(0.66, v.CoveredShare, 9);
        Assert.Equal(100, v.Remainder!.Value.Population);
        Assert.Equal(250 / 1.2 / 60, v.Minutes!.Value, 3);  // best-served place where V's people live: its remainder's sample at x = 250 (V1 is at 300)
        // County: A 100 + B 200 + C 300 + V 1000 (V1 600 + V2 300 + 100) + W 50 + Z 0, never 600 + 300 again.
        Assert.Equal(1650, c.County.Population, 6);
        Assert.Equal(100 + 600 + 60, c.County.CoveredPopulation, 6);
        Assert.Equal(7, c.County.Settlements);                                // A B C W Z V1 V2; V is their roll-up
        Assert.Equal(300 + 1000 + 0, c.Towns.Single(t => t.Name == "T2").Population, 6);   // C, V (with V1, V2), Z
        // The uncovered list holds places, each person once: its uncovered people add up to the county's.
        Assert.Equal(c.County.Demand - c.County.CoveredDemand, c.Uncovered.Sum(s => s.Demand - s.CoveredDemand), 6);
        Assert.Contains(c.Uncovered, s => s.Settlement.Id == "V2");
        Assert.DoesNotContain(c.Uncovered, s => s.Settlement.Id == "V" && !s.IsRemainder);
    }

    [Fact]
    public void Natural_villages_holding_more_than_their_village_are_used_and_reported()
    {
        var settlements = Village.Settlements().Select(s => s.Id == "V" ? s with { Population = 500 } : s).Concat(
        [
            Street.Settlement("V1", "T2", Street.Point(300, 0), 600, 150, SettlementKind.NaturalVillage) with { ParentId = "V" },
            Street.Settlement("X1", "T2", Street.Point(400, 0), 70, 10, SettlementKind.NaturalVillage) with { ParentId = "nowhere" },
        ]);
        var region = new Region.AnalysisRegion(Village.Graph(), Catalog(Culture11), Village.Facilities(), settlements,
            AnalysisOptions.Default with { SampleSpacingMetres = 100 });
        var c = new CoverageEngine(region).Evaluate("culture-11");
        Assert.Equal(100 + 200 + 300 + 600 + 50 + 70, c.County.Population, 6);
        Assert.Contains(c.Notes, n => n.Code == "natural-villages-exceed" && n.En.Contains("V (600 > 500)"));
        Assert.Contains(c.Notes, n => n.Code == "unknown-parent" && n.En.Contains("X1 → nowhere"));
    }
}
