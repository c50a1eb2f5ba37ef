using Coverage.Analysis.Circles;
using Coverage.Analysis.Tests.Support;
using Coverage.Core.Domain;
using static Coverage.Analysis.Tests.Support.TestSeeds;

namespace Coverage.Analysis.Tests;

/// <summary>Bad circles and places: what can be computed is, and the result says what could not.</summary>
public class BadInputTests
{
    static CircleCoverage Evaluate(CircleStandard circle) => new CoverageEngine(Village.Region(Catalog(circle))).Evaluate(circle);

    [Fact]
    public void Circle_naming_an_unknown_category_is_computed_with_the_known_ones_and_says_so()
    {
        var c = Evaluate(Circle("mixed", CircleKind.Nearest, 11, "adult", "culture", "theatre"));
        Assert.True(c.Computed);
        Assert.Equal(600 / 1.2 / 60, c.Settlements.Single(s => s.Settlement.Id == "A").Minutes!.Value, 0.001);
        var note = Assert.Single(c.Notes, n => n.Code == "unknown-category");
        Assert.Contains("theatre", note.En);
        Assert.Contains("theatre", note.Zh);
    }

    [Fact]
    public void Circle_with_only_unknown_categories_is_not_computed()
    {
        var c = Evaluate(Circle("theatre-10", CircleKind.Nearest, 10, "adult", "theatre"));
        Assert.False(c.Computed);
        Assert.Empty(c.Settlements);
        Assert.Contains(c.Notes, n => n.Code == "no-category");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(double.NaN)]
    public void Zero_or_negative_minutes_are_not_computed(double minutes)
    {
        var c = Evaluate(Circle("culture-x", CircleKind.Nearest, minutes, "adult", "culture"));
        Assert.False(c.Computed);
        Assert.Contains(c.Notes, n => n.Code == "bad-minutes");
    }

    [Fact]
    public void Presence_circle_of_zero_minutes_means_inside_only()
    {
        var c = Evaluate(Circle("shelter-in", CircleKind.Presence, 0, "adult", "bus-shelter/shelter")
            with { AppliesTo = [SettlementKind.AdministrativeVillage] });
        Assert.True(c.Computed);
        Assert.Equal(["V"], c.Settlements.Where(s => s.Status == CoverageStatus.Covered).Select(s => s.Settlement.Id));
    }

    [Fact]
    public void Unknown_walk_profile_is_not_computed()
    {
        var c = Evaluate(Circle("culture-run", CircleKind.Nearest, 10, "runner", "culture"));
        Assert.False(c.Computed);
        Assert.Contains(c.Notes, n => n.Code == "unknown-profile" && n.En.Contains("runner"));
    }

    [Fact]
    public void Unknown_circle_id_is_bad_input_naming_the_known_ones()
    {
        var engine = new CoverageEngine(Village.Region(Catalog(Circle("culture-11", CircleKind.Nearest, 11, "adult", "culture"))));
        var e = Assert.Throws<AnalysisInputException>(() => engine.Evaluate("nope"));
        Assert.Contains("culture-11", e.Message);
    }

    [Fact]
    public void Settlement_far_from_every_way_is_listed_and_uncovered()
    {
        var seeds = Catalog(Circle("culture-11", CircleKind.Nearest, 11, "adult", "culture"));
        var settlements = Village.Settlements().Append(Street.Settlement("Far", "T1", Street.Point(0, 900), 10, 1)).ToList();
        var region = new Region.AnalysisRegion(Village.Graph(), seeds, Village.Facilities(), settlements);
        var c = new CoverageEngine(region).Evaluate("culture-11");
        var far = c.Settlements.Single(s => s.Settlement.Id == "Far");
        Assert.True(far.OffNetwork);
        Assert.Equal(CoverageStatus.Uncovered, far.Status);
        Assert.Null(far.Minutes);
        Assert.Contains(c.Unsnapped, u => u.Id == "Far" && Math.Abs(u.DistanceMetres - 900) < 1);
    }
}
