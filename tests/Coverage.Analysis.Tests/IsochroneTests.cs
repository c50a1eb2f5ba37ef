using Coverage.Analysis.Circles;
using Coverage.Analysis.Isochrones;
using Coverage.Analysis.Tests.Support;
using Coverage.Core;
using Coverage.Core.Domain;
using Coverage.Core.Geo;
using NetTopologySuite.Geometries;
using static Coverage.Analysis.Tests.Support.TestSeeds;

namespace Coverage.Analysis.Tests;

public class IsochroneTests
{
    static readonly double[] Bands = [5, 10, 15];
    const double Tolerance = 1e-6; // degrees (~10 cm): buffers of nested line sets may differ by rounding

    static void AssertBandProperties(IsochroneResult iso, LonLat origin)
    {
        Geometry? previous = null;
        double previousArea = 0;
        foreach (var band in iso.Bands)
        {
            Assert.True(band.Ring.IsValid, $"ring {band.ToMinutes} invalid");
            Assert.True(band.Reach.IsValid, $"reach {band.ToMinutes} invalid");
            Assert.Equal(4326, band.Reach.SRID);
            Assert.True(band.ReachAreaKm2 >= previousArea, $"area shrank at {band.ToMinutes} min");
            if (previous is not null)
            {
                Assert.True(band.Reach.Buffer(Tolerance).Covers(previous), $"reach {band.ToMinutes} does not contain the shorter band");
                Assert.False(band.Ring.Buffer(-Tolerance).Intersects(previous.Buffer(-Tolerance)), "bands overlap");
            }
            previous = band.Reach;
            previousArea = band.ReachAreaKm2;
        }
        var at = new Point(origin.Lon, origin.Lat);
        Assert.True(iso.Bands[0].Reach.Covers(at), "the origin is outside its own first band");
    }

    [Fact]
    public void Isochrone_on_a_straight_street_is_the_ground_the_coverage_rule_reaches()
    {
        var engine = new CoverageEngine(Village.Region(Catalog(Circle("c", CircleKind.Nearest, 10, "adult", "culture"))));
        var iso = engine.Isochrone("C1", Bands, WalkProfile.Adult);
        AssertBandProperties(iso, Street.At(0, 0));
        // 5 min = 360 m. A point beside the street at x ≥ 0 snaps square to it: reached when x + |y| ≤ 360, a triangle
        // each side (2 · 360²/2); west of the street's end it snaps to the end: a half disc of radius 360.
        double exact = 360 * 360 + Math.PI * 360 * 360 / 2;
        Assert.InRange(iso.Bands[0].AreaKm2 * 1e6, exact - 2200 * iso.ToleranceMetres / 2, exact + 2200 * iso.ToleranceMetres / 2);
        Assert.True(iso.Bands[0].Reach.Covers(Street.Point(200, 150)));   // 350 m
        Assert.False(iso.Bands[0].Reach.Covers(Street.Point(200, 175)));  // 375 m
        Assert.True(iso.Bands[0].Reach.Covers(Street.Point(-250, -250))); // 354 m from the end
        Assert.False(iso.Bands[0].Reach.Covers(Street.Point(-260, -260))); // 368 m
        // Reached settlements by band: A (600 m = 8.3 min) in 5–10, B (12.5 min) in 10–15.
        Assert.Equal(["V"], iso.Bands[0].SettlementIds);
        Assert.Equal(["A"], iso.Bands[1].SettlementIds);
        Assert.Equal(["B"], iso.Bands[2].SettlementIds);
        // V's samples at 250 and 350 m are within 5 min (360 m): 2 × 100 people.
        Assert.Equal(200, iso.Bands[0].Population, 6);
    }

    [Fact]
    public void A_trail_isochrone_starts_along_its_whole_length()
    {
        var engine = new CoverageEngine(Village.Region(Catalog(Circle("f", CircleKind.Nearest, 10, "adult", "fitness"))));
        var iso = engine.Isochrone("T1", [5], WalkProfile.Adult);
        var five = iso.Bands[0].Reach;
        // Trail 1200–1800 on the street, 5 min = 360 m: beside the trail 340 m out is in, 380 m out is not; along the
        // street 350 m west of the trail is in, 370 m is not; up the lane (from 1000, 200 m west of the trail) 150 m is
        // in (350 m), 170 m is not.
        Assert.True(five.Covers(Street.Point(1500, 0)));
        Assert.True(five.Covers(Street.Point(1500, 340)));
        Assert.False(five.Covers(Street.Point(1500, 380)));
        Assert.True(five.Covers(Street.Point(850, 0)));
        Assert.False(five.Covers(Street.Point(830, 0)));
        Assert.True(five.Covers(Street.Point(1000, 150)));
        Assert.False(five.Covers(Street.Point(1000, 170)));
    }

    [Fact]
    public void Minutes_must_be_positive()
    {
        var engine = new CoverageEngine(Village.Region(Catalog(Circle("c", CircleKind.Nearest, 10, "adult", "culture"))));
        Assert.Throws<AnalysisInputException>(() => engine.Isochrone("C1", [0, 5], WalkProfile.Adult));
        Assert.Throws<AnalysisInputException>(() => engine.Isochrone(Street.At(0, 5000), [5], WalkProfile.Adult));
    }

    [Theory]
    [InlineData("north-bayreuth.osm.gz")]
    [InlineData("andorra.osm.pbf")]
    public void Real_extract_bands_are_valid_nested_and_hold_the_settlements_their_facility_covers(string extract)
    {
        var region = RealExtract.Region(extract);
        var engine = new CoverageEngine(region);
        var circle = region.Seeds.Circles.First(c => c.Kind == CircleKind.Nearest && c.Profile == "adult"
            && engine.Evaluate(c).Settlements.Any(s => s.Status == CoverageStatus.Covered));
        var coverage = engine.Evaluate(circle);
        var byFacility = coverage.Settlements.Where(s => s.Status == CoverageStatus.Covered && !s.FacilityInside).GroupBy(s => s.NearestFacilityId!).Take(5);
        foreach (var group in byFacility)
        {
            var iso = engine.Isochrone(group.Key, [circle.Minutes / 3, circle.Minutes * 2 / 3, circle.Minutes], WalkProfile.Adult);
            var facility = region.Facilities[region.FacilityIndexOf(group.Key)];
            AssertBandProperties(iso, new LonLat(facility.Geometry.Coordinate.X, facility.Geometry.Coordinate.Y));
            foreach (var row in group)
            {
                int s = Enumerable.Range(0, region.Settlements.Count).First(i => region.Settlements[i].Id == row.Settlement.Id);
                var snap = region.FullSampleSnap(region.SettlementFirstSample[s]);
                Assert.True(iso.Bands[^1].Reach.Covers(new Point(snap.SnappedLon, snap.SnappedLat)),
                    $"{row.Settlement.Name} ({row.Minutes:0.0} min from {group.Key}) lies outside its {circle.Minutes}-min band");
            }
        }
    }
}
