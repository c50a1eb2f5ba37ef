using Coverage.Analysis.Capacity;
using Coverage.Analysis.Tests.Siting;
using Coverage.Analysis.Tests.Support;
using Coverage.Core.Domain;
using static Coverage.Analysis.Tests.Support.TestSeeds;

namespace Coverage.Analysis.Tests.Capacity;

/// <summary>Capacity figures on the hand-built <see cref="Village"/> (expected values worked out beside them) and their agreement with the coverage figures.</summary>
public class HandBuiltCapacityTests
{
    static readonly CircleStandard Culture11 = Circle("culture-11", CircleKind.Nearest, 11, "adult", "culture");
    static readonly CircleStandard Fitness10 = Circle("fitness-10", CircleKind.Nearest, 10, "adult", "fitness");
    static readonly CircleStandard Life15 = Circle("life-15", CircleKind.Composite, 15, "adult", "culture", "clinic");

    static CoverageEngine Engine(int? c1Capacity)
    {
        var facilities = Village.Facilities().Select(f => f.Id == "C1" ? f with { Capacity = c1Capacity } : f).ToList();
        return new CoverageEngine(Village.Region(Catalog(Culture11, Fitness10, Life15), facilities: facilities));
    }

    static SettlementAccessibility Row(CapacityAnalysis a, string id) => a.Settlements.Single(r => r.Settlement.Id == id);

    [Fact]
    public void One_facility_shares_its_capacity_over_the_demand_in_its_catchment()
    {
        // 11 min adult = 792 m from C1 at x = 0: A (100 people at 600 m) and 6 of V's 10 samples (x = 250 … 750; 600 people).
        // R = 50 / 700; A's accessibility 1000 × 50 / 700 = 71.43 per 1,000; V's is 0.6 of that; B (900 m) none.
        var a = Engine(50).Capacity("culture-11", CatchmentMethod.TwoStep);
        Assert.Equal(1000.0 * 50 / 700, Row(a, "A").PerThousand, 6);
        Assert.Equal(0.6 * 1000.0 * 50 / 700, Row(a, "V").PerThousand, 6);
        Assert.Equal(0, Row(a, "B").PerThousand);
        var c1 = Assert.Single(a.Facilities);
        Assert.Equal(700, c1.WeightedDemand, 6);
        Assert.Equal(1000.0 * 50 / 700, c1.RatioPerThousand!.Value, 6);
        // Capacitated: 700 people within reach, 50 places: served 50 in all.
        Assert.Equal(700, a.County.CoveredDemand, 6);
        Assert.Equal(50, a.County.ServedDemand, 6);
        Assert.Equal(50, c1.Assigned, 6);
    }

    [Fact]
    public void Capacity_above_the_demand_serves_everyone_covered()
    {
        var a = Engine(5000).Capacity("culture-11", CatchmentMethod.Gaussian);
        Assert.Equal(100, Row(a, "A").ServedDemand, 6);
        Assert.Equal(600, Row(a, "V").ServedDemand, 6);
        Assert.Equal(700, a.County.ServedDemand, 6);
    }

    [Fact]
    public void Covered_demand_equals_the_coverage_figures_so_capacity_never_disagrees_with_coverage()
    {
        var engine = Engine(50);
        foreach (var circle in new[] { "culture-11", "fitness-10" })
        {
            var coverage = engine.Evaluate(circle);
            var capacity = engine.Capacity(circle, CatchmentMethod.TwoStep);
            foreach (var row in coverage.Settlements)
                Assert.Equal(row.CoveredDemand, Row(capacity, row.Settlement.Id).CoveredDemand, 6);
        }
    }

    [Fact]
    public void Facilities_without_capacity_are_listed_and_settlements_reaching_only_them_are_marked()
    {
        // fitness-10 (720 m): only the trail T1 (x 1200 … 1800 along the street, entered anywhere), which has no capacity.
        var a = Engine(50).Capacity("fitness-10", CatchmentMethod.TwoStep);
        Assert.Equal(["T1"], a.WithoutCapacity);
        Assert.Empty(a.Facilities);
        Assert.Contains(a.Notes, n => n.Code == "no-capacity" && n.Zh.Contains("T1") && n.En.Contains("T1"));
        Assert.True(Row(a, "C").OnlyUnknownCapacity);   // C at x = 1500 is on the trail
        Assert.True(Row(a, "A").OnlyUnknownCapacity);   // A at x = 600: 600 m to the trail's start, within 720 m
        Assert.False(Row(a, "W").OnlyUnknownCapacity);  // W: 600 m up the lane + 200 m = 800 m: beyond, not reached at all
        Assert.Equal(0, Row(a, "W").CoveredDemand);
        Assert.Equal(0, Row(a, "C").PerThousand);
        Assert.Equal(0, a.County.ServedDemand);
        Assert.True(a.County.CoveredDemand > 0);
    }

    [Fact]
    public void Report_tables_carry_the_figures_with_units_in_their_headings()
    {
        var a = Engine(50).Capacity("culture-11", CatchmentMethod.TwoStep);
        var settlements = Coverage.Analysis.Reports.CapacityTables.Settlements(a);
        int id = Column(settlements, "settlement_id"), per = Column(settlements, "per_thousand"), served = Column(settlements, "served_demand");
        Assert.Equal("可达性（平方米/千人）", settlements.Columns[per].Zh);
        Assert.Equal("Accessibility (m² per 1,000 people)", settlements.Columns[per].En);
        var rowA = settlements.Rows.Single(r => (string?)r[id] == "A");
        Assert.Equal(1000.0 * 50 / 700, (double)rowA[per]!, 6);
        Assert.Equal(a.Settlements.Count, settlements.Rows.Count);
        Assert.Equal(50, settlements.Rows.Sum(r => (double)r[served]!), 6);
        var towns = Coverage.Analysis.Reports.CapacityTables.Towns(a);
        var county = towns.Rows[^1];
        Assert.Equal("全县 County", county[Column(towns, "town")]);
        Assert.Equal(50.0, (double)county[Column(towns, "served_demand")]!, 6);
        Assert.Equal(towns.Rows.SkipLast(1).Sum(r => (double)r[Column(towns, "demand")]!), (double)county[Column(towns, "demand")]!, 6);
    }

    [Fact]
    public void The_html_report_carries_the_capacity_town_table_when_given()
    {
        var engine = Engine(50);
        var capacity = engine.Capacity("fitness-10", CatchmentMethod.TwoStep);
        var html = new StringWriter();
        Coverage.Analysis.Reports.HtmlReport.Write(engine.Region, [engine.Evaluate("fitness-10")], html, sections: [Coverage.Analysis.Reports.CapacityTables.Section(capacity)]);
        Assert.Contains("各镇服务容量", html.ToString());
        Assert.Contains("Service capacity by town", html.ToString());
        Assert.Contains("T1", html.ToString().Split("各镇服务容量")[1]); // the facility without capacity, named in the note
    }

    static int Column(Coverage.Analysis.Reports.ReportTable t, string id) => t.Columns.Select((c, i) => (c, i)).Single(x => x.c.Id == id).i;

    [Fact]
    public void A_composite_circle_is_refused_in_both_languages()
    {
        var e = Assert.Throws<AnalysisInputException>(() => Engine(50).Capacity("life-15", CatchmentMethod.TwoStep));
        Assert.Contains("最近设施", e.Text.Zh);
        Assert.Contains("nearest-facility", e.Text.En);
    }

    [Fact]
    public void Demo_county_capacity_figures_agree_with_its_coverage_figures()
    {
        var engine = new CoverageEngine(DemoCounty.Region);
        var coverage = engine.Evaluate("elderly-15");
        var capacity = engine.Capacity("elderly-15", CatchmentMethod.Gaussian);
        Assert.Equal(coverage.Settlements.Select(r => r.Settlement.Id), capacity.Settlements.Select(r => r.Settlement.Id));
        foreach (var row in coverage.Settlements)
            Assert.Equal(row.CoveredDemand, Row(capacity, row.Settlement.Id).CoveredDemand, 6);
        Assert.Equal(coverage.County.CoveredDemand, capacity.County.CoveredDemand, 3);
        Assert.True(capacity.County.ServedDemand <= capacity.Facilities.Sum(f => f.Capacity) + 1e-6);
        Assert.True(capacity.County.ServedDemand < capacity.County.CoveredDemand, "the demo's elderly places are short somewhere");
        Assert.True(capacity.County.ServedDemand > 0.5 * capacity.Facilities.Sum(f => f.Capacity), "most of the demo's elderly places are within walk of someone");
        // Σ_i D_i·A_i = Σ_j S_j over facilities with demand in reach (2SFCA conserves supply).
        var twoStep = engine.Capacity("elderly-15", CatchmentMethod.TwoStep);
        double supply = twoStep.Facilities.Where(f => f.RatioPerThousand is not null).Sum(f => (double)f.Capacity);
        Assert.Equal(supply, twoStep.County.Demand * twoStep.County.PerThousand!.Value / 1000, 3);
    }
}

/// <summary>Capacitated siting on the hand-built village, worked out beside each figure.</summary>
public class HandBuiltCapacitatedSitingTests
{
    static readonly CircleStandard Culture11 = Circle("culture-11", CircleKind.Nearest, 11, "adult", "culture");

    static (CoverageEngine Engine, Coverage.Analysis.Siting.CandidateSet Sites) Setup()
    {
        var facilities = Village.Facilities().Select(f => f.Id == "C1" ? f with { Capacity = 50 } : f).ToList();
        var region = Village.Region(Catalog(Culture11), facilities: facilities);
        var sites = Coverage.Analysis.Siting.CandidateGenerator.Given(region,
            [new("G1", "G1", Street.Point(600, 0)), new("G2", "G2", Street.Point(1500, 0))]);
        return (new CoverageEngine(region), sites);
    }

    [Fact]
    public void The_site_whose_catchment_the_capacity_can_serve_wins()
    {
        // 792 m: G1 at x = 600 reaches A (100), B (200) and all of V (1000) = 1300; G2 at 1500 reaches B, C (300) and V's
        // samples x ≥ 750 (500) = 1000. C1 (50 places) already serves 50 of A and V's west. With 2000 places: G1 → 1300 served
        // (C1's 50 inside it); G2 → 50 + 1000 = 1050. Both: everyone in reach, 1600.
        var (engine, sites) = Setup();
        var one = Coverage.Analysis.Siting.CapacitatedSiting.Solve(engine, "culture-11", sites, 1, 2000);
        Assert.Equal(50, one.ServedBefore, 6);
        Assert.Equal(["G1"], one.Answer.Sites.Select(s => s.Site.Id));
        Assert.Equal(1300, one.ServedAfter, 6);
        Assert.Equal(0, one.Gap);
        var two = Coverage.Analysis.Siting.CapacitatedSiting.Solve(engine, "culture-11", sites, 2, 2000);
        Assert.Equal(1600, two.ServedAfter, 6);
        // With 100 places each site adds exactly 100: 150 either way.
        Assert.Equal(150, Coverage.Analysis.Siting.CapacitatedSiting.Solve(engine, "culture-11", sites, 1, 100).ServedAfter, 6);
    }
}
