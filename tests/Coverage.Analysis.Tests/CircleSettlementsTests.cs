using Coverage.Analysis.Circles;
using Coverage.Analysis.Region;
using Coverage.Analysis.Tests.Siting;
using Coverage.Analysis.Tests.Support;
using Coverage.Core.Domain;
using static Coverage.Analysis.Tests.Support.TestSeeds;

namespace Coverage.Analysis.Tests;

/// <summary>
/// A circle's settlement set reads the region's id index and town numbering (built once per region) instead of building its
/// own: against the plain rule, per circle of the demo county's catalogue (each set of settlement kinds), its towns are the
/// distinct towns of its settlements in ordinal order, each settlement's town index names its town, and a snap issue's id
/// belongs to it exactly when some settlement of that id is scored.
/// </summary>
public class CircleSettlementsTests
{
    [Fact]
    public void Towns_and_ids_are_those_of_the_plain_rule_for_every_set_of_kinds()
    {
        var region = DemoCounty.Region;
        var kindSets = region.Seeds.Circles.DistinctBy(CircleSettlements.KeyOf).ToList();
        Assert.True(kindSets.Count >= 2, $"kind sets in the catalogue: {kindSets.Count}");
        foreach (var circle in kindSets)
            AssertPlainRule(region, circle);
    }

    /// <summary>
    /// Two settlements share an id, the first of a kind the circle does not score and the second of one it does: the id is
    /// the circle's (as any scored settlement's id is); its natural village still names the first as its parent, as the
    /// hierarchy always took the first of a repeated id.
    /// </summary>
    [Fact]
    public void A_repeated_id_belongs_to_the_circle_when_any_settlement_of_it_is_scored()
    {
        var seeds = Catalog(Circle("bus-v", CircleKind.Nearest, 10, "adult", "culture") with { AppliesTo = [SettlementKind.AdministrativeVillage] });
        var settlements = Village.Settlements();
        settlements.Add(Street.Settlement("A", "T3", Street.Point(700, 0), 10, 1, SettlementKind.AdministrativeVillage));
        var region = new AnalysisRegion(Village.Graph(), seeds, Village.Facilities(), settlements, AnalysisOptions.Default with { SampleSpacingMetres = 100 });
        Assert.True(region.SettlementIdsRepeat);
        Assert.Equal(0, region.SettlementIndexOf("A"));
        var set = CircleSettlements.Of(region, seeds.Circles[0]);
        Assert.False(set.Applies(0));
        Assert.True(set.AppliesTo("A"));
        AssertPlainRule(region, seeds.Circles[0]);
    }

    static void AssertPlainRule(AnalysisRegion region, CircleStandard circle)
    {
        var set = CircleSettlements.Of(region, circle);
        var scored = Enumerable.Range(0, region.Settlements.Count).Where(s => circle.AppliesToKind(region.Settlements[s].Kind)).ToList();
        var towns = scored.Select(s => CircleScorer.TownOf(region.Settlements[s])).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(towns, set.Towns);
        Assert.Equal(scored.Count, set.Count);
        for (int s = 0; s < region.Settlements.Count; s++)
        {
            bool applies = circle.AppliesToKind(region.Settlements[s].Kind);
            Assert.Equal(applies, set.Applies(s));
            Assert.Equal(applies ? towns.IndexOf(CircleScorer.TownOf(region.Settlements[s])) : -1, set.TownIndexOf(s));
        }
        foreach (var id in region.Settlements.Select(st => st.Id).Distinct().Append("no-such-id"))
            Assert.Equal(region.Settlements.Any(st => st.Id == id && circle.AppliesToKind(st.Kind)), set.AppliesTo(id));
    }
}
