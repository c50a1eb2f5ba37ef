using Coverage.Core.Seeds;
using Coverage.Analysis.Circles;
using Coverage.Analysis.Region;
using Coverage.Analysis.Tests.Support;
using Coverage.Core.Domain;
using static Coverage.Analysis.Tests.Support.TestSeeds;

namespace Coverage.Analysis.Tests;

/// <summary>Coverage on <see cref="Village"/>; every expected minute is worked out in the comment beside it (adult 1.2 m/s, elderly 0.9 m/s).</summary>
public class HandBuiltCoverageTests
{
    const double Tol = 0.001; // minutes: fixed-point coordinates move snapped offsets by about 1 cm

    static readonly CircleStandard Culture11 = Circle("culture-11", CircleKind.Nearest, 11, "adult", "culture");
    static readonly CircleStandard CultureElderly11 = Circle("culture-elderly-11", CircleKind.Nearest, 11, "elderly", "culture");
    static readonly CircleStandard Life15 = Circle("life-15", CircleKind.Composite, 15, "adult", "culture", "clinic");
    static readonly CircleStandard Fitness10 = Circle("fitness-10", CircleKind.Nearest, 10, "adult", "fitness");
    static readonly CircleStandard Elderly15 = Circle("elderly-15", CircleKind.Nearest, 15, "elderly", "elderly") with { Demand = DemandField.Elderly };
    static readonly CircleStandard Shelter = Circle("bus-shelter", CircleKind.Presence, 5, "adult", "bus-shelter/shelter")
        with { AppliesTo = [SettlementKind.AdministrativeVillage] };

    static readonly SeedCatalog Seeds = Catalog(Culture11, CultureElderly11, Life15, Fitness10, Elderly15, Shelter);

    static CoverageEngine Engine(AnalysisOptions? options = null) => new(Village.Region(Seeds, options));

    static SettlementCoverage Row(CircleCoverage c, string id) => c.Settlements.Single(s => s.Settlement.Id == id);

    [Fact]
    public void Nearest_circle_gives_exact_minutes_and_the_covered_set()
    {
        var c = Engine().Evaluate("culture-11"); // 11 min adult = 792 m; search runs to 2 × 15 min (life-15 shares culture)
        Assert.Equal(600 / 1.2 / 60, Row(c, "A").Minutes!.Value, Tol);   // 600 m from C1: 8.333 min
        Assert.Equal(900 / 1.2 / 60, Row(c, "B").Minutes!.Value, Tol);   // 12.5 min
        Assert.Equal(1500 / 1.2 / 60, Row(c, "C").Minutes!.Value, Tol);  // 20.833 min (the planned facility at C does not count)
        Assert.Equal(1600 / 1.2 / 60, Row(c, "W").Minutes!.Value, Tol);  // 1000 along the street + 600 up the lane
        Assert.Equal(2000 / 1.2 / 60, Row(c, "Z").Minutes!.Value, Tol);
        Assert.Equal(250 / 1.2 / 60, Row(c, "V").Minutes!.Value, Tol);   // V's westmost sample at x = 250
        Assert.Equal(["A"], c.Settlements.Where(s => s.Status == CoverageStatus.Covered).Select(s => s.Settlement.Id));
        Assert.Equal(["V"], c.Settlements.Where(s => s.Status == CoverageStatus.Partly).Select(s => s.Settlement.Id));
        Assert.All(c.Settlements.Where(s => s.Minutes is not null), s => Assert.Equal("C1", s.NearestFacilityId));
    }

    [Fact]
    public void Polygon_village_is_covered_by_the_exact_share_of_its_grid_samples()
    {
        // V's 100 m grid: samples at x = 250, 350, …, 1150 on the street. Within 792 m of C1: 250 … 750 = 6 of 10.
        var v = Row(Engine().Evaluate("culture-11"), "V");
        Assert.Equal(10, v.Samples);
        Assert.Equal(CoverageStatus.Partly, v.Status);
        Assert.Equal(0.6, v.CoveredShare, 9);
        Assert.Equal(600, v.CoveredPopulation, 6);
        Assert.Equal(120, v.CoveredElderly, 6);
        // Mean over the ten samples of x / 1.2 s: mean x = 700 m.
        Assert.Equal(700 / 1.2 / 60, v.MeanMinutes!.Value, Tol);
    }

    [Fact]
    public void Elderly_walk_is_slower_so_fewer_are_covered_than_by_the_adult_walk()
    {
        var adult = Engine().Evaluate("culture-11");
        var elderly = Engine().Evaluate("culture-elderly-11"); // 11 min at 0.9 m/s = 594 m
        Assert.Equal(600 / 0.9 / 60, Row(elderly, "A").Minutes!.Value, Tol); // 11.11 min: just outside
        Assert.Equal(CoverageStatus.Covered, Row(adult, "A").Status);
        Assert.Equal(CoverageStatus.Uncovered, Row(elderly, "A").Status);
        Assert.Equal(0.4, Row(elderly, "V").CoveredShare, 9); // samples 250 … 550
    }

    [Fact]
    public void Composite_circle_takes_the_slowest_category_at_each_sample()
    {
        var c = Engine().Evaluate("life-15"); // 15 min adult = 1080 m for culture and for the clinic
        // A: culture 600 m, clinic 400 + 20 m leg: the slower is culture, 8.333 min, from C1.
        Assert.Equal(600 / 1.2 / 60, Row(c, "A").Minutes!.Value, Tol);
        Assert.Equal("C1", Row(c, "A").NearestFacilityId);
        Assert.Equal(900 / 1.2 / 60, Row(c, "B").Minutes!.Value, Tol);
        // C: clinic 520 m but culture 1500 m: uncovered at 20.833 min.
        Assert.Equal(1500 / 1.2 / 60, Row(c, "C").Minutes!.Value, Tol);
        Assert.Equal(CoverageStatus.Uncovered, Row(c, "C").Status);
        // W: culture 1600 m; clinic 600 + 20 m: 22.22 min.
        Assert.Equal(1600 / 1.2 / 60, Row(c, "W").Minutes!.Value, Tol);
        // V: the clinic is within 1080 m of every sample, culture of all but x = 1150: 9 of 10.
        Assert.Equal(0.9, Row(c, "V").CoveredShare, 9);
        Assert.Equal(["A", "B"], c.Settlements.Where(s => s.Status == CoverageStatus.Covered).Select(s => s.Settlement.Id));
    }

    [Fact]
    public void Fitness_trail_is_entered_anywhere_along_its_length()
    {
        var c = Engine().Evaluate("fitness-10"); // trail on the street from x = 1200 to 1800
        Assert.Equal(0, Row(c, "C").Minutes!.Value, Tol);               // on the trail
        Assert.Equal(300 / 1.2 / 60, Row(c, "B").Minutes!.Value, Tol);  // 300 m to its west end
        Assert.Equal(200 / 1.2 / 60, Row(c, "Z").Minutes!.Value, Tol);  // 200 m to its east end
        Assert.Equal(800 / 1.2 / 60, Row(c, "W").Minutes!.Value, Tol);  // 600 lane + 200 street
        Assert.Equal(CoverageStatus.Uncovered, Row(c, "W").Status);      // 11.1 min
        Assert.Equal("T1", Row(c, "B").NearestFacilityId);
    }

    [Fact]
    public void Presence_circle_counts_a_shelter_inside_the_village_or_within_the_allowance_of_a_point_village()
    {
        var c = Engine().Evaluate("bus-shelter");
        // Only administrative villages: V, W, Z.
        Assert.Equal(["V", "W", "Z"], c.Settlements.Select(s => s.Settlement.Id));
        var v = Row(c, "V");
        Assert.True(v.FacilityInside);
        Assert.Equal(CoverageStatus.Covered, v.Status);
        Assert.Equal(0, v.Minutes);
        Assert.Equal("B1", v.NearestFacilityId);
        // W: B2 is 300 m down the lane = 4.167 min ≤ 5.
        Assert.Equal(300 / 1.2 / 60, Row(c, "W").Minutes!.Value, Tol);
        Assert.Equal(CoverageStatus.Covered, Row(c, "W").Status);
        // Z: the stop sign S1 beside it is not a shelter; the nearest shelter is 1300 m away = 18.06 min > 5, and the
        // searches run to the nearest facility, so Z still learns how far it is.
        Assert.Equal(CoverageStatus.Uncovered, Row(c, "Z").Status);
        Assert.Equal(1300 / 1.2 / 60, Row(c, "Z").Minutes!.Value, Tol);
    }

    [Fact]
    public void Town_and_county_rows_sum_the_settlements_against_the_target()
    {
        var c = Engine().Evaluate("culture-11");
        // Covered population: A 100 + 60% of V's 1000 = 700 of 1650.
        Assert.Equal(1650, c.County.Demand);
        Assert.Equal(700, c.County.CoveredDemand, 6);
        Assert.Equal(700.0 / 1650, c.County.DemandShare!.Value, 9);
        Assert.Equal(1.0 / 6, c.County.SettlementShare!.Value, 9);
        Assert.False(c.County.TargetMet);
        Assert.Equal(950, c.County.GapPeople);
        var t1 = c.Towns.Single(t => t.Name == "T1"); // A, B, W
        Assert.Equal((3, 1, 0, 2), (t1.Settlements, t1.Covered, t1.Partly, t1.Uncovered));
        Assert.Equal(350, t1.Demand);
        Assert.Equal(100, t1.CoveredDemand, 6);
        var t2 = c.Towns.Single(t => t.Name == "T2"); // C, V, Z
        Assert.Equal(600, t2.CoveredDemand, 6);
        Assert.Equal(700, t2.GapPeople);
    }

    [Fact]
    public void Elderly_circle_weighs_by_elderly_residents()
    {
        var c = Engine().Evaluate("elderly-15"); // E1 at (2000,10): C is 500 + 10 m away at 0.9 m/s
        Assert.Equal(510 / 0.9 / 60, Row(c, "C").Minutes!.Value, Tol);
        Assert.Equal(90, Row(c, "C").Demand);
        Assert.Equal(20 + 50 + 90 + 200 + 10 + 0, c.County.Demand);
    }

    [Fact]
    public void Planned_facilities_count_only_when_the_options_say_so()
    {
        var withPlanned = Engine(AnalysisOptions.Default with
        {
            CountedStatuses = new HashSet<FacilityStatus> { FacilityStatus.Existing, FacilityStatus.UnderConstruction, FacilityStatus.Planned },
        }).Evaluate("culture-11");
        Assert.Equal(0, Row(withPlanned, "C").Minutes!.Value, Tol);
        Assert.Equal("Cplan", Row(withPlanned, "C").NearestFacilityId);
        Assert.Equal(CoverageStatus.Covered, Row(withPlanned, "B").Status); // 600 m to Cplan
    }

    [Fact]
    public void Facility_off_the_network_is_listed_with_its_distance_and_left_out()
    {
        var c = Engine().Evaluate("culture-11");
        var far = Assert.Single(c.Unsnapped);
        Assert.Equal(("Cfar", PlaceKind.Facility, SnapIssueReason.TooFar), (far.Id, far.Kind, far.Reason));
        // (500, 2200) to the lane's end (1000, 600): √(500² + 1600²) = 1676.3 m.
        Assert.Equal(Math.Sqrt(500 * 500 + 1600 * 1600), far.DistanceMetres, 0);
        Assert.Contains("1676", far.Describe());
    }

    [Fact]
    public void Settlement_without_population_keeps_its_status_with_zero_weight_and_is_flagged()
    {
        var c = Engine().Evaluate("fitness-10");
        var z = Row(c, "Z");
        Assert.True(z.NoPopulation);
        Assert.Equal(CoverageStatus.Covered, z.Status);
        Assert.Equal(0, z.CoveredDemand);
        Assert.Contains(c.Notes, n => n.Code == "no-population");
    }
}
