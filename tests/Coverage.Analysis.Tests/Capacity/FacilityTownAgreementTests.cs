using Coverage.Analysis.Capacity;
using Coverage.Analysis.Indicators;
using Coverage.Analysis.Tests.Support;
using Coverage.Core.Domain;
using static Coverage.Analysis.Tests.Support.TestSeeds;

namespace Coverage.Analysis.Tests.Capacity;

/// <summary>
/// A facility that names no town counts in one town in every view: the indicator sheet and the capacity analysis's town
/// table both place it by its nearest settlement (<see cref="Region.FacilityTowns"/>).
/// </summary>
public class FacilityTownAgreementTests
{
    [Fact]
    public void A_facility_without_a_town_counts_in_its_nearest_settlements_town_in_both_views()
    {
        // C1 at (0,0), no town, 50 places: the nearest settlement is V (its rectangle starts at x = 200; A is at 600), of town T2.
        var facilities = Village.Facilities().Select(f => f.Id == "C1" ? f with { Capacity = 50, Town = null } : f).ToList();
        var engine = new CoverageEngine(Village.Region(Catalog(Circle("culture-11", CircleKind.Nearest, 11, "adult", "culture")), facilities: facilities));

        var towns = engine.Capacity("culture-11", CatchmentMethod.TwoStep).Towns.ToDictionary(t => t.Name, t => t.Capacity);
        Assert.Equal(50, towns["T2"]);
        Assert.Equal(0, towns["T1"]);
        Assert.DoesNotContain("（未知）", towns.Keys);

        var places = new IndicatorDefinition
        {
            Id = "culture-places", NameZh = "x", NameEn = "x", Kind = IndicatorKind.PerThousand, Categories = ["culture"], Target = 1,
            UnitZh = "座/千人", UnitEn = "places per 1,000", PolicySource = "《x》",
        };
        var sheet = IndicatorEngine.Evaluate([places], engine.Region.Facilities, engine.Region.Settlements, _ => null).Single();
        var byTown = sheet.Towns.ToDictionary(t => t.Town);
        Assert.Equal(1, byTown["T2"].Facilities);
        Assert.Equal(0, byTown["T1"].Facilities);
        // T2's people: C 300 + V 1000 + Z 0 = 1,300; 50 places → 38.46 per 1,000, the capacity table's 50 over the same people.
        Assert.Equal(IndicatorEngine.Shown(towns["T2"] / 1300 * 1000), byTown["T2"].Value!.Value, 6);
        // The note counts this indicator's facilities placed by nearest (the existing culture ones: C1 and Cfar; Cplan is planned),
        // not all nine town-less facilities of the plan.
        var placed = Assert.Single(sheet.Notes, n => n.Code == "town-by-nearest");
        Assert.StartsWith("2 个设施", placed.Zh);
        Assert.StartsWith("2 facilities", placed.En);
    }
}
