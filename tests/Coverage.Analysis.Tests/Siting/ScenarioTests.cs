using Coverage.Analysis.Circles;
using Coverage.Analysis.Siting;
using Coverage.Analysis.Tests.Support;
using Coverage.Core.Domain;
using Coverage.Core.Seeds;
using static Coverage.Analysis.Tests.Support.TestSeeds;

namespace Coverage.Analysis.Tests.Siting;

/// <summary>Scenarios over the hand-built village county; the oracle is a region built with the edited facilities.</summary>
public class ScenarioTests
{
    static readonly SeedCatalog Seeds = Catalog(
        Circle("culture-11", CircleKind.Nearest, 11, "adult", "culture"),
        Circle("life-15", CircleKind.Composite, 15, "adult", "culture", "clinic"));

    static readonly Facility NewCentre = Street.Facility("new", "culture", null, Street.Point(1500, 0));

    static AreaDelta Oracle(string circle, string town, IEnumerable<Facility> a, IEnumerable<Facility> b)
    {
        AreaCoverage Area(IEnumerable<Facility> fs)
        {
            var c = new CoverageEngine(Village.Region(Seeds, facilities: fs)).Evaluate(circle);
            return town == "county" ? c.County : c.Towns.Single(t => t.Name == town);
        }
        var (x, y) = (Area(a), Area(b));
        return new AreaDelta(town, x.CoveredPopulation, y.CoveredPopulation, x.CoveredElderly, y.CoveredElderly, x.Covered, y.Covered,
            x.DemandShare!.Value * 100, y.DemandShare!.Value * 100);
    }

    static void Same(AreaDelta expected, AreaDelta actual)
    {
        Assert.Equal(expected.Population, actual.Population, 6);
        Assert.Equal(expected.Elderly, actual.Elderly, 6);
        Assert.Equal(expected.Settlements, actual.Settlements);
        Assert.Equal(expected.PercentPoints, actual.PercentPoints, 6);
    }

    [Theory]
    [InlineData("culture-11")]
    [InlineData("life-15")]
    public void Adding_a_centre_changes_each_town_as_a_plan_built_with_it(string circle)
    {
        var engine = new CoverageEngine(Village.Region(Seeds));
        var plan = new Scenario("新增文化站", [NewCentre], [], []);
        var delta = ScenarioComparison.Compare(engine, Scenario.Base, plan, [circle]).Single();
        var before = Village.Facilities();
        Same(Oracle(circle, "county", before, before.Append(NewCentre)), delta.County);
        foreach (var town in new[] { "T1", "T2" })
            Same(Oracle(circle, town, before, before.Append(NewCentre)), delta.Towns.Single(t => t.Name == town));
    }

    [Fact]
    public void Culture_at_1500_adds_B_C_and_V_in_people_and_elderly()
    {
        var engine = new CoverageEngine(Village.Region(Seeds));
        var d = ScenarioComparison.Compare(engine, Scenario.Base, new Scenario("s", [NewCentre], [], []), ["culture-11"]).Single();
        // As in the what-if tests: B (200 people, 50 elderly) in T1; C (300, 90) and V's remaining 40% (400, 80) in T2.
        Assert.Equal(200, d.Towns.Single(t => t.Name == "T1").Population, 6);
        Assert.Equal(50, d.Towns.Single(t => t.Name == "T1").Elderly, 6);
        Assert.Equal(700, d.Towns.Single(t => t.Name == "T2").Population, 6);
        Assert.Equal(170, d.Towns.Single(t => t.Name == "T2").Elderly, 6);
        Assert.Equal(900, d.County.Population, 6);
    }

    [Fact]
    public void Culture_at_1500_gains_B_C_V_and_Z_whole_and_loses_nothing_and_the_way_back_loses_them()
    {
        var engine = new CoverageEngine(Village.Region(Seeds));
        var plan = new Scenario("s", [NewCentre], [], []);
        var d = ScenarioComparison.Compare(engine, Scenario.Base, plan, ["culture-11"]).Single();
        // B (200 people, 50 elderly) and C (300, 90) become covered; V's uncovered 40% (400, 80) too, so V is now whole.
        // Z (2000,0), nobody living there, is 500 m from the new centre (was 2000 m from C1): a village gained, no people.
        // No natural villages here: every row is a village and a place. W (500 + 600 = 1100 m from the new centre) stays out.
        Assert.Equal(new CoverageShift(4, 4, 900, 220, 900), d.County.Gained);
        Assert.Equal(CoverageShift.None, d.County.Lost);
        Assert.Equal((4, 4), (d.County.Villages, d.County.Settlements));
        Assert.Equal(["B", "C", "V", "Z"], d.Gained.Select(s => s.Id).Order());
        Assert.Empty(d.Lost);
        Assert.Equal(new CoverageShift(1, 1, 200, 50, 200), d.Towns.Single(t => t.Name == "T1").Gained);

        var back = ScenarioComparison.Compare(engine, plan, Scenario.Base, ["culture-11"]).Single();
        Assert.Equal(d.County.Gained, back.County.Lost);
        Assert.Equal(CoverageShift.None, back.County.Gained);
        Assert.Equal(d.Gained.Select(s => s.Id), back.Lost.Select(s => s.Id));
        Assert.All(back.Lost, s => Assert.Equal((CoverageStatus.Covered, true, true), (s.A, s.TopLevel, s.Place)));
    }

    [Fact]
    public void Moving_and_removing_compare_two_plans_as_built()
    {
        var engine = new CoverageEngine(Village.Region(Seeds));
        var moved = new Scenario("搬迁", [], [new MovedFacility("C1", Street.Point(1500, 0))], []);
        var removed = new Scenario("撤并", [], [], ["K1"]);
        var d = ScenarioComparison.Compare(engine, moved, removed, ["life-15"]).Single();
        var all = Village.Facilities();
        var movedFs = all.Select(f => f.Id == "C1" ? f with { Geometry = Street.Point(1500, 0) } : f);
        var removedFs = all.Where(f => f.Id != "K1");
        Same(Oracle("life-15", "county", movedFs, removedFs), d.County);
        Same(Oracle("life-15", "T2", movedFs, removedFs), d.Towns.Single(t => t.Name == "T2"));
    }

    [Fact]
    public void Moving_an_unknown_facility_is_a_clear_error()
    {
        var engine = new CoverageEngine(Village.Region(Seeds));
        var ex = Assert.Throws<AnalysisInputException>(() =>
            new Scenario("错", [], [new MovedFacility("X9", Street.Point(0, 0))], []).Evaluate(engine, "culture-11"));
        Assert.Equal("方案“错”移动的设施编号“X9”不存在 / Scenario '错' moves unknown facility id 'X9'", ex.Message);
    }
}
