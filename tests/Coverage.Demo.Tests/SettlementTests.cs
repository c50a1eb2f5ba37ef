using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Coverage.Demo.Tests;

[Collection(DemoCollection.Name)]
public sealed class SettlementTests(DemoRegionFixture demo)
{
    IEnumerable<DemoRegionFixture.Feature> OfKind(string kind) => demo.Settlements.Where(s => s.Str("kind") == kind);

    [Fact]
    public void Counts_are_those_of_a_water_town_county()
    {
        Assert.InRange(demo.Towns.Count(t => !t.Properties.GetProperty("seat").GetBoolean()), 6, 10);
        Assert.Single(demo.Towns, t => t.Properties.GetProperty("seat").GetBoolean());
        Assert.InRange(OfKind("administrative_village").Count(), 150, 300);
        var seat = demo.Towns.Single(t => t.Properties.GetProperty("seat").GetBoolean()).Str("name");
        Assert.InRange(OfKind("community").Count(c => c.Str("town") == seat), 6, 10);
    }

    [Fact]
    public void Each_administrative_village_has_one_to_five_natural_villages_whose_people_add_up()
    {
        var children = OfKind("natural_village").GroupBy(n => n.Str("parent_id")).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var v in OfKind("administrative_village"))
        {
            var kids = children[v.Str("id")];
            Assert.InRange(kids.Count, 1, 5);
            Assert.Equal(kids.Sum(k => k.Int("population")), v.Int("population"));
            Assert.Equal(kids.Sum(k => k.Int("elderly")), v.Int("elderly"));
            Assert.InRange(v.Int("population"), 1000, 4000);
            foreach (var k in kids)
            {
                Assert.True(v.Metres.Covers(k.Metres), $"{k.Str("name")} lies outside its village {v.Str("name")}");
                Assert.Equal(v.Str("admin_code"), k.Str("admin_code"));
            }
        }
        Assert.Equal(children.Keys.Order(StringComparer.Ordinal), OfKind("administrative_village").Select(v => v.Str("id")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Populations_and_elderly_shares_are_plausible_and_older_in_the_countryside()
    {
        foreach (var c in OfKind("community"))
        {
            Assert.InRange(c.Int("population"), 3000, 12000);
            Assert.InRange((double)c.Int("elderly") / c.Int("population"), 0.20, 0.35);
            Assert.True(c.Properties.GetProperty("urban").GetBoolean());
        }
        foreach (var v in OfKind("administrative_village").Concat(OfKind("natural_village")))
        {
            Assert.InRange((double)v.Int("elderly") / v.Int("population"), 0.20, 0.36);
            Assert.False(v.Properties.GetProperty("urban").GetBoolean());
        }
        double Share(IEnumerable<DemoRegionFixture.Feature> fs) => fs.Sum(f => (double)f.Int("elderly")) / fs.Sum(f => f.Int("population"));
        Assert.True(Share(OfKind("administrative_village")) > Share(OfKind("community")));
    }

    [Fact]
    public void Admin_codes_are_12_digit_county_codes_unique_per_village_and_community()
    {
        foreach (var s in demo.Settlements)
            Assert.Matches("^990001[0-9]{6}$", s.Str("admin_code"));
        var own = OfKind("administrative_village").Concat(OfKind("community")).Select(s => s.Str("admin_code")).ToList();
        Assert.Equal(own.Count, own.Distinct().Count());
        var ids = demo.Settlements.Select(s => s.Str("id")).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Geometries_are_valid_points_and_polygons_rounded_to_seven_decimals()
    {
        foreach (var s in demo.Settlements.Concat(demo.Towns).Concat(demo.Facilities))
        {
            Assert.True(s.Wgs84.IsValid, $"{s.Str("name")} has an invalid geometry");
            foreach (var c in s.Wgs84.Coordinates)
            {
                Assert.Equal(Math.Round(c.X, 7), c.X);
                Assert.Equal(Math.Round(c.Y, 7), c.Y);
            }
        }
        Assert.All(OfKind("administrative_village"), v => Assert.IsAssignableFrom<IPolygonal>(v.Wgs84));
        Assert.All(OfKind("natural_village").Concat(OfKind("community")), v => Assert.IsType<Point>(v.Wgs84));
    }

    [Fact]
    public void Village_areas_do_not_overlap_and_every_settlement_lies_in_its_town()
    {
        var villages = OfKind("administrative_village").ToList();
        var tree = new STRtree<DemoRegionFixture.Feature>();
        foreach (var v in villages) tree.Insert(v.Metres.EnvelopeInternal, v);
        foreach (var v in villages)
            foreach (var other in tree.Query(v.Metres.EnvelopeInternal))
                if (!ReferenceEquals(v, other))
                    Assert.True(v.Metres.Intersection(other.Metres).Area < 1.0, $"{v.Str("name")} overlaps {other.Str("name")}");
        var towns = demo.Towns.ToDictionary(t => t.Str("name"));
        foreach (var s in demo.Settlements)
        {
            var probe = s.Metres is Point ? s.Metres : s.Metres.InteriorPoint;
            Assert.True(towns[s.Str("town")].Metres.Buffer(0.5).Covers(probe), $"{s.Str("name")} is not inside {s.Str("town")}");
        }
    }

    [Fact]
    public void Files_carry_the_synthetic_label()
    {
        foreach (var file in new[] { DemoFiles.Settlements, DemoFiles.Facilities, DemoFiles.Towns, DemoFiles.Water })
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(demo.Folder, file)));
            Assert.True(doc.RootElement.GetProperty("synthetic").GetBoolean());
            Assert.Equal("合成数据 Synthetic demo data — not a real place", doc.RootElement.GetProperty("attribution").GetString());
        }
    }
}
