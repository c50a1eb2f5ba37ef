using Coverage.Analysis.Circles;
using Coverage.Analysis.Isochrones;
using Coverage.Analysis.Region;
using Coverage.Analysis.Tests.Siting;
using Coverage.Analysis.Tests.Support;
using Coverage.Core;
using Coverage.Core.Domain;
using Coverage.Core.Geo;
using Coverage.Network.Search;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using Xunit.Abstractions;
using static Coverage.Analysis.Tests.Support.TestSeeds;

namespace Coverage.Analysis.Tests;

/// <summary>
/// The N-minute isochrone is the coverage rule drawn: a point is inside exactly when, snapped as a settlement sample
/// and timed by a fresh unbounded search from the same facility (network seconds plus the off-network leg), it is
/// reached within N minutes — up to the result's stated tolerance at the band's edge.
/// </summary>
public class IsochroneCoverageRuleTests(ITestOutputHelper output)
{
    static readonly double[] Bands = [5, 10, 15];
    const int PointsPerOrigin = 2500;

    /// <summary>T(P) by the independent route: the region's snap of a place, timed by an unbounded search of its own.</summary>
    internal sealed class Rule(AnalysisRegion region, TravelTimes times)
    {
        public static Rule ForFacility(AnalysisRegion region, int facility)
        {
            var sources = new SourceSet();
            region.AddSources(sources, facility, 0);
            return new Rule(region, BoundedDijkstra.Run(region.Graph, WalkProfile.Adult, sources));
        }

        public static Rule ForPoint(AnalysisRegion region, LonLat origin)
        {
            var sources = new SourceSet();
            sources.AddPoint(region.SnapPlace(origin.Lon, origin.Lat), 0);
            return new Rule(region, BoundedDijkstra.Run(region.Graph, WalkProfile.Adult, sources));
        }

        public double Seconds(double lon, double lat)
        {
            var snap = region.SnapPlace(lon, lat);
            return snap.IsOnNetwork ? times.SecondsTo(snap) : double.PositiveInfinity;
        }

        public double SampleSeconds(int k) => region.SampleSnaps[k].IsOnNetwork ? times.SecondsTo(region.SampleSnaps[k]) : double.PositiveInfinity;
    }

    /// <summary>
    /// Counts points whose polygon membership disagrees with the rule. Each such point must lie within the tolerance of
    /// the band's edge: the drawn one, or the rule's own (the rule's answer flips within the tolerance around it — a
    /// sliver narrower than a cell between two ways' snap areas is not drawn, and is no wider than the tolerance).
    /// </summary>
    sealed class Agreement(IsochroneResult iso, LocalProjection projection, Rule rule)
    {
        readonly IndexedPointInAreaLocator[] _inside = iso.Bands.Select(b => new IndexedPointInAreaLocator(b.Reach)).ToArray();
        readonly Geometry[] _edges = iso.Bands.Select(b => projection.Forward(b.Reach).Boundary).ToArray();
        public int Checked, Disagreed, Slivers;
        public double WorstMetres;

        public void Check(double lon, double lat, double seconds)
        {
            for (int b = 0; b < iso.Bands.Count; b++)
            {
                bool drawn = _inside[b].Locate(new Coordinate(lon, lat)) != Location.Exterior;
                bool reached = seconds <= iso.Bands[b].ToMinutes * 60;
                Checked++;
                if (drawn == reached) continue;
                Disagreed++;
                var (x, y) = projection.Forward(lon, lat);
                double drawnEdge = _edges[b].Distance(new Point(x, y));
                if (drawnEdge > iso.ToleranceMetres && RuleFlipsWithin(x, y, iso.Bands[b].ToMinutes * 60, reached))
                {
                    Slivers++;
                    continue;
                }
                WorstMetres = Math.Max(WorstMetres, drawnEdge);
            }
        }

        public double Share => 1 - (double)Disagreed / Checked;

        bool RuleFlipsWithin(double x, double y, double limit, bool reached)
        {
            for (int r = 1; r <= 8; r++)
                for (int a = 0; a < 24; a++)
                {
                    double metres = iso.ToleranceMetres * r / 8, angle = a * Math.PI / 12;
                    var q = projection.Inverse(x + metres * Math.Cos(angle), y + metres * Math.Sin(angle));
                    if (rule.Seconds(q.Lon, q.Lat) <= limit != reached) return true;
                }
            return false;
        }
    }

    internal static IEnumerable<(string Name, Func<CoverageEngine, IsochroneResult> Draw, Func<AnalysisRegion, Rule> Rule)> DemoOrigins(AnalysisRegion region)
    {
        // Point facilities of several categories, spread over the county, and one typed origin beside a shelter.
        var picked = new[] { "clinic", "culture", "elderly", "bus-shelter", "fitness" }
            .Select(c => Enumerable.Range(0, region.Facilities.Count)
                .Where(i => region.Facilities[i].Category == c && region.FacilityUsable[i] && region.Facilities[i].Geometry is Point).Skip(3).FirstOrDefault(-1))
            .Where(i => i >= 0).ToList();
        foreach (int i in picked)
        {
            string id = region.Facilities[i].Id;
            yield return (id, e => e.Isochrone(id, Bands, WalkProfile.Adult), r => Rule.ForFacility(r, i));
        }
        var shelter = region.Facilities[picked[^1]].Geometry.Coordinate;
        var origin = new LonLat(shelter.X + 0.0015, shelter.Y + 0.0008);
        yield return ("point", e => e.Isochrone(origin, Bands, WalkProfile.Adult), r => Rule.ForPoint(r, origin));
    }

    [Fact]
    public void Demo_county_bands_hold_exactly_the_points_the_coverage_rule_reaches()
    {
        var region = DemoCounty.Region;
        var engine = new CoverageEngine(region);
        var random = new Random(12);
        int checkedAll = 0, disagreedAll = 0;
        foreach (var (name, draw, ruleOf) in DemoOrigins(region))
        {
            var iso = draw(engine);
            var rule = ruleOf(region);
            var agreement = new Agreement(iso, region.Projection, rule);
            var box = iso.Bands[^1].Reach.EnvelopeInternal.Copy();
            box.ExpandBy(0.003);
            for (int p = 0; p < PointsPerOrigin; p++)
            {
                double lon = box.MinX + random.NextDouble() * box.Width, lat = box.MinY + random.NextDouble() * box.Height;
                agreement.Check(lon, lat, rule.Seconds(lon, lat));
            }
            output.WriteLine($"{name}: {agreement.Checked - agreement.Disagreed} of {agreement.Checked} agree ({agreement.Share:P2}), " +
                $"worst disagreement {agreement.WorstMetres:0.0} m from the drawn edge, {agreement.Slivers} within the tolerance of the rule's edge only, tolerance {iso.ToleranceMetres:0.0} m, {iso.SampledPoints} places timed");
            Assert.True(agreement.Share >= 0.995, $"{name}: only {agreement.Share:P2} of points agree with the coverage rule");
            Assert.True(agreement.WorstMetres <= iso.ToleranceMetres + 0.5,
                $"{name}: a point {agreement.WorstMetres:0.0} m from the band's edge is on the wrong side (tolerance {iso.ToleranceMetres:0.0} m)");
            checkedAll += agreement.Checked; disagreedAll += agreement.Disagreed;
        }
        output.WriteLine($"all: {checkedAll - disagreedAll} of {checkedAll} point-band checks agree");
    }

    [Fact]
    public void Demo_county_settlement_samples_are_inside_their_band_exactly_when_the_coverage_counts_them()
    {
        var region = DemoCounty.Region;
        var engine = new CoverageEngine(region);
        foreach (var (name, draw, ruleOf) in DemoOrigins(region))
        {
            var iso = draw(engine);
            var rule = ruleOf(region);
            var agreement = new Agreement(iso, region.Projection, rule);
            int reached = 0;
            for (int k = 0; k < region.SampleCount; k++)
            {
                double t = rule.SampleSeconds(k);
                if (t > iso.Bands[^1].ToMinutes * 60 + 600) continue; // far from every band: inside none, checked by the random points
                if (t <= iso.Bands[^1].ToMinutes * 60) reached++;
                agreement.Check(region.SampleLonLat[k].Lon, region.SampleLonLat[k].Lat, t);
            }
            output.WriteLine($"{name}: {reached} samples reached within {iso.Bands[^1].ToMinutes} min; {agreement.Disagreed} of {agreement.Checked} checks disagree, " +
                $"worst {agreement.WorstMetres:0.0} m from the drawn edge, {agreement.Slivers} within the tolerance of the rule's edge only");
            Assert.True(agreement.WorstMetres <= iso.ToleranceMetres + 0.5,
                $"{name}: a settlement sample {agreement.WorstMetres:0.0} m from the band's edge is on the wrong side");
            // The demand figures come from the same rule: a band's people are the samples timed within it.
            foreach (var band in iso.Bands)
            {
                var ids = region.Settlements.Select((s, i) => (s.Id, Best: Enumerable.Range(region.SettlementFirstSample[i], region.SettlementFirstSample[i + 1] - region.SettlementFirstSample[i])
                    .Select(rule.SampleSeconds).DefaultIfEmpty(double.PositiveInfinity).Min()))
                    .Where(x => x.Best > (band.FromMinutes == 0 ? -1 : band.FromMinutes * 60) && x.Best <= band.ToMinutes * 60).Select(x => x.Id);
                Assert.Equal(ids.Order(StringComparer.Ordinal), band.SettlementIds.Order(StringComparer.Ordinal));
            }
        }
    }

    [Fact]
    public void Demo_county_bands_are_valid_nested_and_have_holes_the_rule_does_not_reach()
    {
        var region = DemoCounty.Region;
        var engine = new CoverageEngine(region);
        int holes = 0;
        foreach (var (name, draw, ruleOf) in DemoOrigins(region))
        {
            var iso = draw(engine);
            var rule = ruleOf(region);
            for (int b = 0; b < iso.Bands.Count; b++)
            {
                var band = iso.Bands[b];
                Assert.True(band.Reach.IsValid && band.Ring.IsValid, $"{name} {band.ToMinutes} min: invalid polygon");
                Assert.False(band.Reach.IsEmpty, $"{name} {band.ToMinutes} min: empty");
                if (b > 0)
                {
                    var shorter = region.Projection.Forward(iso.Bands[b - 1].Reach);
                    var longer = region.Projection.Forward(band.Reach);
                    Assert.True(shorter.Difference(longer).Area < 1, $"{name}: {iso.Bands[b - 1].ToMinutes} min pokes out of {band.ToMinutes} min");
                    // The ring is the longer reach less the shorter one.
                    double ringArea = region.Projection.Forward(band.Ring).Area;
                    Assert.Equal(longer.Area - shorter.Area, ringArea, 0);
                }
                foreach (var polygon in Polygons(band.Reach))
                    for (int h = 0; h < polygon.NumInteriorRings; h++)
                    {
                        var hole = polygon.Factory.CreatePolygon((LinearRing)polygon.GetInteriorRingN(h));
                        if (region.Projection.Forward(hole).Area < 300) continue; // a sliver's inner point lies within the tolerance
                        var at = hole.InteriorPoint;
                        Assert.True(rule.Seconds(at.X, at.Y) > band.ToMinutes * 60, $"{name} {band.ToMinutes} min: a hole's inner point is reached");
                        holes++;
                    }
            }
        }
        output.WriteLine($"{holes} holes of ≥ 300 m² checked");
        Assert.True(holes > 0, "no band of the demo county has a hole (ground between reached ways that snaps to a later way)");
    }

    /// <summary>
    /// A square ring road 1200 m a side, the facility in the middle of its south side: every way is reached within
    /// 2400 m (33⅓ min), but the middle of the square is more than 500 m (the snap limit) from every way, so the
    /// 45-minute area is the ring with a hole 200 × 200 m in its middle.
    /// </summary>
    [Fact]
    public void Ground_beyond_the_snap_limit_inside_a_ring_road_is_a_hole()
    {
        var s = new Street();
        int sw = s.Node(0, 0), se = s.Node(1200, 0), ne = s.Node(1200, 1200), nw = s.Node(0, 1200);
        s.Edge(sw, se); s.Edge(se, ne); s.Edge(ne, nw); s.Edge(nw, sw);
        var region = new AnalysisRegion(s.Build(), Catalog(Circle("c", CircleKind.Nearest, 10, "adult", "culture")),
            [Street.Facility("F", "culture", null, Street.Point(600, 0))], [Street.Settlement("v", "T", Street.Point(600, 1150), 10, 1)]);
        var iso = new CoverageEngine(region).Isochrone("F", [45], WalkProfile.Adult);
        var reach = Assert.IsType<Polygon>(iso.Bands[0].Reach);
        Assert.Equal(1, reach.NumInteriorRings);
        double hole = region.Projection.Forward(reach.Factory.CreatePolygon((LinearRing)reach.GetInteriorRingN(0))).Area;
        Assert.InRange(hole, 200 * 200 - 800 * iso.ToleranceMetres / 2, 200 * 200 + 800 * iso.ToleranceMetres / 2);
        Assert.False(reach.Covers(Street.Point(600, 600)));
        Assert.True(reach.Covers(Street.Point(600, 1200 - 480)));  // 2400 + 480 m: 40 min
        Assert.Equal(["v"], iso.Bands[0].SettlementIds);
    }

    static IEnumerable<Polygon> Polygons(Geometry g) => Enumerable.Range(0, g.NumGeometries).Select(g.GetGeometryN).OfType<Polygon>();

    /// <summary>
    /// Two parallel roads 200 m apart (a river between them), joined only by a bridge at their far end, 2 km away:
    /// <code>
    /// B0 (0,200) ------------------------------ B1 (2000,200)
    ///         ~~~~~~~~~~~ river ~~~~~~~~~~~          | bridge
    /// A0 (0,0) F ------------------------------- A1 (2000,0)
    /// </code>
    /// </summary>
    [Fact]
    public void A_point_beside_the_far_bank_is_outside_though_it_is_close_in_a_straight_line()
    {
        var s = new Street();
        int a0 = s.Node(0, 0), a1 = s.Node(2000, 0), b0 = s.Node(0, 200), b1 = s.Node(2000, 200);
        s.Edge(a0, a1); s.Edge(a1, b1); s.Edge(b0, b1);
        var region = new AnalysisRegion(s.Build(), Catalog(Circle("c", CircleKind.Nearest, 10, "adult", "culture")),
            [Street.Facility("F", "culture", null, Street.Point(0, 0))],
            [Street.Settlement("near", "T", Street.Point(100, 90), 10, 1), Street.Settlement("far", "T", Street.Point(100, 110), 20, 2)]);
        var iso = new CoverageEngine(region).Isochrone("F", [5, 15], WalkProfile.Adult);
        var five = iso.Bands[0].Reach;
        // 5 min = 360 m at 1.2 m/s. (100, 90) snaps to the near road: 100 + 90 m. (100, 110) snaps across the river:
        // 2000 + 200 + 1900 m by the bridge.
        Assert.True(five.Covers(Street.Point(100, 90)));
        Assert.False(five.Covers(Street.Point(200, 150)));
        Assert.False(five.Covers(Street.Point(100, 110)));
        Assert.False(iso.Bands[1].Reach.Covers(Street.Point(100, 190)));
        Assert.False(iso.Bands[1].Reach.Covers(Street.Point(500, 150)));
        // The bands stop at the middle of the river (the snap boundary), within the tolerance.
        double top = region.Projection.Forward(iso.Bands[1].Reach).EnvelopeInternal.MaxY - region.Projection.Forward(Street.Point(0, 100)).Coordinate.Y;
        Assert.InRange(top, -iso.ToleranceMetres, iso.ToleranceMetres);
        Assert.Equal(["near"], iso.Bands[0].SettlementIds);
        Assert.Empty(iso.Bands[1].SettlementIds);
    }
}
