using Coverage.Analysis.Indicators;
using Coverage.Core.Domain;
using Coverage.Server.Region;
using Coverage.Storage.Import;
using NetTopologySuite.Geometries;

namespace Coverage.Server.Tests.RegionFolder;

/// <summary>
/// The region health report's "towns without a category" places a facility that names no town by the same rule as the
/// indicator sheet (its nearest settlement's town), so the two views cannot disagree about which town has a clinic.
/// </summary>
public class RegionHealthTownGapsTests
{
    static readonly Coverage.Core.Seeds.SeedCatalog Seeds = SeedDirectory.LoadFrom(SeedDirectory.Find());
    static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    static Settlement Village(string id, string town, double lon) => new()
    {
        Id = id, Name = id, Town = town, Population = 1000, Elderly = 100,
        Geometry = Factory.CreatePolygon([new(lon, 30), new(lon + 0.005, 30), new(lon + 0.005, 30.005), new(lon, 30.005), new(lon, 30)]),
    };

    static Facility Place(string id, string category, string? town, double lon) =>
        new() { Id = id, Name = id, Category = category, Town = town, Capacity = 10, Geometry = Factory.CreatePoint(new Coordinate(lon, 30.002)) };

    [Fact]
    public void A_facility_without_a_town_fills_its_nearest_settlements_town_as_the_indicator_sheet_counts_it()
    {
        // 甲 spans lon 120.000–120.005, 乙 120.040–120.045. The clinic without a town stands at 120.036: 3.5 km from 甲's edge,
        // 0.4 km from 乙's, so it is 乙's. The school names 甲 itself.
        var settlements = new[] { Village("v1", "甲镇", 120.000), Village("v2", "乙镇", 120.040) };
        var clinic = Seeds.Categories.First(c => c.Id == "clinic").Id;
        var school = Seeds.Categories.First(c => c.Id == "school").Id;
        var facilities = new[] { Place("f1", clinic, null, 120.036), Place("f2", school, "甲镇", 120.002) };

        var gaps = RegionHealth.TownGaps(["甲镇", "乙镇"], facilities, settlements, Seeds).ToDictionary(g => g.Town, g => g.MissingCategories);
        var all = Seeds.Categories.Select(c => c.Id).ToList();
        Assert.Equal(all.Where(c => c != school), gaps["甲镇"]);
        Assert.Equal(all.Where(c => c != clinic), gaps["乙镇"]);

        // The indicator sheet, on the same facilities, counts the clinic in 乙镇 and none in 甲镇.
        var clinics = new IndicatorDefinition
        {
            Id = "clinics", NameZh = "x", NameEn = "x", Kind = IndicatorKind.PerThousand, Categories = [clinic], Target = 1,
            UnitZh = "个/千人", UnitEn = "per 1,000", PolicySource = "《x》",
        };
        var towns = IndicatorEngine.Evaluate([clinics], facilities, settlements, _ => null).Single().Towns.ToDictionary(t => t.Town);
        Assert.Equal(1, towns["乙镇"].Facilities);
        Assert.Equal(0, towns["甲镇"].Facilities);
    }
}
