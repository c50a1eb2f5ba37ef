using Coverage.Analysis.Region;
using Coverage.Analysis.Siting;
using Coverage.Analysis.Tests.Support;
using Coverage.Core.Domain;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Tests.Siting;

/// <summary>
/// FINDINGS #1: an administrative village whose own samples carry people outside its natural villages (its remainder):
/// what a proposal newly covers there is the covered share of that remainder, not of the village's whole figure.
/// </summary>
public class VillageRemainderSitingTests
{
    [Fact]
    public void A_village_with_its_own_remainder_reports_the_covered_share_of_the_remainder()
    {
        // The finding's case: 前浜村 (av-0173) raised to 4,898 people / 1,604 older people; its natural villages hold
        // 3,664 / 1,184, so 1,234 / 420 live in the village's own samples. One candidate beside 前浜.
        var demo = DemoCounty.Region;
        var settlements = demo.Settlements.Select(s => s.Id == "av-0173" ? s with { Population = 4898, Elderly = 1604 } : s).ToList();
        var kids = settlements.Where(s => s.ParentId == "av-0173").ToList();
        Assert.Equal((3664, 1184), (kids.Sum(k => k.Population), kids.Sum(k => k.Elderly)));
        var region = new AnalysisRegion(demo.Graph, RealExtract.Seeds(), demo.Facilities.ToList(), settlements);
        var site = new GivenSite("c", "c", new Point(120.7505419, 31.0362119) { SRID = 4326 });
        var r = new SitingPlanner(new CoverageEngine(region)).MaximalCovering("elderly-15", 1, CandidateGenerator.Given(region, [site]));

        var row = Assert.Single(r.Optimal.Sites).Settlements.Single(s => s.SettlementId == "av-0173");
        // Oracle: the share of av-0173's own samples within 15 minutes of the site is what ShareOfSettlement says (each sample
        // carries an equal share); people and older people are that share of the remainder.
        int own = region.SettlementFirstSample[settlements.FindIndex(s => s.Id == "av-0173") + 1]
                  - region.SettlementFirstSample[settlements.FindIndex(s => s.Id == "av-0173")];
        Assert.InRange(row.ShareOfSettlement, 1.0 / own - 1e-9, 1);
        Assert.Equal(row.ShareOfSettlement * 1234, row.Population, 6);
        Assert.Equal(row.ShareOfSettlement * 420, row.Elderly, 6);
        Assert.Equal(row.Elderly, row.Demand, 0);   // an elderly circle: its demand is the older people (centi-people weights)
    }
}
