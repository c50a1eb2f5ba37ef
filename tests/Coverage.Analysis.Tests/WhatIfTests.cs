using Coverage.Analysis.Circles;
using Coverage.Analysis.Tests.Support;
using Coverage.Core.Domain;
using Coverage.Core.Seeds;
using static Coverage.Analysis.Tests.Support.TestSeeds;

namespace Coverage.Analysis.Tests;

/// <summary>What-if answers equal a fresh evaluation of the edited plan (the oracle: a region built with the edit).</summary>
public class WhatIfTests
{
    static readonly SeedCatalog Seeds = Catalog(
        Circle("culture-11", CircleKind.Nearest, 11, "adult", "culture"),
        Circle("life-15", CircleKind.Composite, 15, "adult", "culture", "clinic"));

    static void SameRows(CircleCoverage expected, CircleCoverage actual)
    {
        Assert.Equal(expected.Settlements.Count, actual.Settlements.Count);
        for (int i = 0; i < expected.Settlements.Count; i++)
        {
            var (e, a) = (expected.Settlements[i], actual.Settlements[i]);
            Assert.Equal(e.Settlement.Id, a.Settlement.Id);
            Assert.Equal(e.Status, a.Status);
            Assert.Equal(e.Minutes ?? -1, a.Minutes ?? -1, 6);
            Assert.Equal(e.CoveredShare, a.CoveredShare, 9);
            Assert.Equal(e.NearestFacilityId, a.NearestFacilityId);
        }
        Assert.Equal(expected.County.CoveredDemand, actual.County.CoveredDemand, 6);
    }

    [Theory]
    [InlineData("culture-11")]
    [InlineData("life-15")]
    public void Adding_a_facility_equals_evaluating_the_plan_that_has_it(string circle)
    {
        var added = Street.Facility("new", "culture", null, Street.Point(1500, 0));
        var result = new CoverageEngine(Village.Region(Seeds)).WhatIf(circle, [added], []);
        var oracle = new CoverageEngine(Village.Region(Seeds, facilities: Village.Facilities().Append(added))).Evaluate(circle);
        SameRows(oracle, result.After);
        Assert.True(result.CoveredDemandDelta > 0);
    }

    /// <summary>
    /// Given the plan's coverage the caller holds (the server's, per plan version), a what-if's "before" is that very answer
    /// and every figure is as when the engine scores it itself; a coverage of another circle is refused.
    /// </summary>
    [Fact]
    public void A_what_if_reads_the_plans_coverage_it_is_given_and_refuses_another_circles()
    {
        var engine = new CoverageEngine(Village.Region(Seeds));
        var added = Street.Facility("new", "culture", null, Street.Point(1500, 0));
        var plan = engine.Evaluate("culture-11");
        var given = engine.WhatIf("culture-11", [added], ["K1"], plan);
        var own = new CoverageEngine(Village.Region(Seeds)).WhatIf("culture-11", [added], ["K1"]);
        Assert.Same(plan, given.Before);
        SameRows(own.Before, given.Before);
        SameRows(own.After, given.After);
        Assert.Equal(own.CoveredDemandDelta, given.CoveredDemandDelta);
        Assert.Equal(own.Changes.Select(c => (c.SettlementId, c.Before, c.After)), given.Changes.Select(c => (c.SettlementId, c.Before, c.After)));
        Assert.Throws<ArgumentException>(() => engine.WhatIf("life-15", [added], [], plan));
    }

    [Fact]
    public void Adding_a_culture_centre_at_C_covers_B_C_and_all_of_V()
    {
        var added = Street.Facility("new", "culture", null, Street.Point(1500, 0));
        var r = new CoverageEngine(Village.Region(Seeds)).WhatIf("culture-11", [added], []);
        // B: 600 m from the new centre; C: at it; V: its eastern samples (850 … 1150) now within 650 m; Z: 500 m.
        Assert.Equal(["B", "C", "V", "Z"], r.Changes.Where(c => c.After == CoverageStatus.Covered && c.Before != CoverageStatus.Covered)
            .Select(c => c.SettlementId).Order());
        Assert.Equal(200 + 300 + 400, r.CoveredDemandDelta, 6); // B, C, V's remaining 40%; Z has nobody
        Assert.Equal(4, r.FullyCoveredSettlementsDelta);
    }

    [Fact]
    public void Removing_a_facility_equals_evaluating_the_plan_without_it()
    {
        var result = new CoverageEngine(Village.Region(Seeds)).WhatIf("life-15", [], ["K1"]);
        var oracle = new CoverageEngine(Village.Region(Seeds, facilities: Village.Facilities().Where(f => f.Id != "K1"))).Evaluate("life-15");
        SameRows(oracle, result.After);
        Assert.Equal(0, result.After.County.CoveredDemand); // no clinic left: nobody has both
        Assert.Contains(result.After.Notes, n => n.Code == "no-facilities");
    }

    [Fact]
    public void Added_facility_off_the_network_is_said_and_changes_nothing()
    {
        var far = Street.Facility("far", "culture", null, Street.Point(3000, 3000));
        var r = new CoverageEngine(Village.Region(Seeds)).WhatIf("culture-11", [far], []);
        Assert.Empty(r.Changes);
        Assert.Contains(r.Notes, n => n.Code == "added-off-network" && n.En.Contains("far"));
    }

    [Fact]
    public void Removing_an_unknown_facility_is_bad_input()
    {
        var e = Assert.Throws<AnalysisInputException>(() => new CoverageEngine(Village.Region(Seeds)).WhatIf("culture-11", [], ["nope"]));
        Assert.Contains("nope", e.Message);
    }
}
