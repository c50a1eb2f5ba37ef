using NetTopologySuite.Geometries;

namespace Coverage.Demo.Tests;

[Collection(DemoCollection.Name)]
public sealed class FacilityTests(DemoRegionFixture demo)
{
    static readonly Dictionary<string, string[]> KindsByCategory = new()
    {
        ["school"] = ["kindergarten", "primary", "middle"],
        ["clinic"] = ["village-clinic", "township-health-centre", "community-health-centre", "hospital"],
        ["elderly"] = ["day-care-centre", "elderly-service-centre"],
        ["culture"] = ["cultural-hall", "comprehensive-culture-centre", "library-branch"],
        ["fitness"] = ["fitness-trail", "fitness-station", "sports-park"],
        ["bus-shelter"] = ["shelter", "stop-sign"],
        ["park"] = ["park"],
    };

    [Fact]
    public void Every_category_and_every_kind_is_present_and_nothing_else()
    {
        foreach (var (category, kinds) in KindsByCategory)
            foreach (var kind in kinds)
                Assert.Contains(demo.Facilities, f => f.Str("category") == category && f.Str("kind") == kind);
        Assert.All(demo.Facilities, f => Assert.Contains(f.Str("kind"), KindsByCategory[f.Str("category")]));
    }

    [Fact]
    public void Fitness_trails_are_lines_and_everything_else_points()
    {
        foreach (var f in demo.Facilities)
            if (f.Str("kind") == "fitness-trail") Assert.IsType<LineString>(f.Wgs84);
            else Assert.IsType<Point>(f.Wgs84);
    }

    [Fact]
    public void Properties_follow_the_import_schema()
    {
        var towns = demo.Towns.Select(t => t.Str("name")).ToHashSet();
        string[] statuses = ["existing", "under_construction", "planned", "proposed"];
        foreach (var f in demo.Facilities)
        {
            Assert.Matches("^fac-[0-9]{5}$", f.Str("id"));
            Assert.Contains(f.Str("status"), statuses);
            Assert.Contains(f.Str("town"), towns);
            Assert.False(string.IsNullOrWhiteSpace(f.Str("name")));
            var capacity = f.Properties.GetProperty("capacity");
            Assert.True(capacity.ValueKind == System.Text.Json.JsonValueKind.Null || capacity.GetInt32() > 0);
        }
        Assert.Equal(demo.Facilities.Count, demo.Facilities.Select(f => f.Str("id")).Distinct().Count());
        Assert.True(demo.Facilities.Count(f => f.Str("status") == "existing") > 0.8 * demo.Facilities.Count);
        Assert.Contains(demo.Facilities, f => f.Str("status") != "existing");
    }

    [Fact]
    public void The_seat_is_richer_per_person_than_the_countryside()
    {
        var seat = demo.Towns.Single(t => t.Properties.GetProperty("seat").GetBoolean());
        double PerTenThousand(Func<DemoRegionFixture.Feature, bool> inArea, bool urban)
        {
            int count = demo.Facilities.Count(f => f.Str("kind") != "fitness-trail" && inArea(f));
            int people = demo.Settlements.Where(s => s.Str("kind") != "natural_village" && s.Properties.GetProperty("urban").GetBoolean() == urban).Sum(s => s.Int("population"));
            return count * 10000.0 / people;
        }
        var villages = demo.Settlements.Where(s => s.Str("kind") == "administrative_village").Select(s => s.Metres).ToList();
        double rural = PerTenThousand(f => villages.Any(v => v.Covers(f.Metres)), urban: false);
        double urbanRate = PerTenThousand(f => seat.Metres.Covers(f.Metres) && !villages.Any(v => v.Covers(f.Metres)), urban: true);
        Assert.True(urbanRate > 0 && rural > 0, $"urban {urbanRate:0.0}, rural {rural:0.0} per 10,000");
    }
}
