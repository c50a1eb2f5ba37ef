using Coverage.Analysis.Region;
using Coverage.Analysis.Tests.Siting;
using Coverage.Core.Domain;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;

namespace Coverage.Analysis.Tests;

/// <summary>
/// A plan version built from the previous one takes over the samples and snaps of the settlements it holds unchanged; the
/// oracle is the same version built from nothing, which must be equal sample for sample and snap for snap.
/// </summary>
public class PlanVersionReuseTests
{
    [Fact]
    public void An_edited_plan_built_from_the_previous_version_is_the_plan_built_from_nothing()
    {
        var demo = DemoCounty.Region;
        var settlements = demo.Settlements.ToList();
        int polygon = settlements.FindIndex(s => s.Geometry is Polygon or MultiPolygon);
        int point = settlements.FindIndex(s => s.Geometry is Point);
        Assert.True(polygon >= 0 && point >= 0, "the demo county has polygon and point settlements");
        // Moved by 60 m and 30 m: the same ids with new geometries must be sampled and snapped again.
        settlements[polygon] = settlements[polygon] with { Geometry = Shifted(settlements[polygon].Geometry, 0.0006, 0.0003) };
        settlements[point] = settlements[point] with { Geometry = Shifted(settlements[point].Geometry, -0.0003, 0) };
        // Only a facility of a polygon, a coordinate off by 1e-9°: not the same geometry.
        int touched = settlements.FindIndex(polygon + 1, s => s.Geometry is Polygon);
        settlements[touched] = settlements[touched] with { Geometry = Nudged((Polygon)settlements[touched].Geometry) };
        settlements.RemoveAt(settlements.Count / 2);                                   // one deleted
        settlements.Add(settlements[3] with { Id = "new-village", Name = "新村" });     // one added, under a new id
        settlements.Reverse(10, 40);                                                   // and others in another order
        var facilities = demo.Facilities.Where((_, i) => i % 9 != 4).ToList();        // facilities edited too

        var taken = new AnalysisRegion(demo.Graph, demo.Seeds, facilities, settlements, demo.Options, snapper: demo.Snapper, previous: demo);
        var fresh = new AnalysisRegion(demo.Graph, demo.Seeds, facilities, settlements, demo.Options, snapper: demo.Snapper);

        ParallelSamplingTests.AssertSameSamplesAndSnaps(fresh, taken);
        Assert.Equal(fresh.Notes.Select(n => n.ToString()), taken.Notes.Select(n => n.ToString()));
        Assert.Equal(0, fresh.SettlementsTakenOver);
        Assert.Equal(settlements.Count - 4, taken.SettlementsTakenOver); // all but the three changed and the new one
    }

    [Fact]
    public void Nothing_is_taken_over_from_a_version_sampled_otherwise()
    {
        var demo = DemoCounty.Region;
        var options = demo.Options with { SampleSpacingMetres = 150 };
        var taken = new AnalysisRegion(demo.Graph, demo.Seeds, demo.Facilities, demo.Settlements, options, snapper: demo.Snapper, previous: demo);
        var fresh = new AnalysisRegion(demo.Graph, demo.Seeds, demo.Facilities, demo.Settlements, options, snapper: demo.Snapper);
        Assert.Equal(0, taken.SettlementsTakenOver);
        ParallelSamplingTests.AssertSameSamplesAndSnaps(fresh, taken);
        Assert.NotEqual(demo.SampleCount, fresh.SampleCount); // the spacing changed the samples: a copy would have been wrong
    }

    /// <summary>
    /// A facility edit: one elderly facility deleted (every facility after it renumbered) and one culture facility moved. The
    /// new engine takes over the previous one's searches of every other group; its times, facility for facility, and every
    /// circle's figures equal an engine's that searched everything itself.
    /// </summary>
    [Fact]
    public void A_facility_edit_takes_over_the_searches_it_did_not_touch_and_gives_the_figures_of_a_fresh_engine()
    {
        var demo = DemoCounty.Region;
        var before = new CoverageEngine(demo);
        before.EvaluateAll();
        var facilities = demo.Facilities.ToList();
        int elderly = facilities.FindIndex(f => f.Category == "elderly" && demo.IsCounted(demo.FacilityIndexOf(f.Id)));
        int culture = facilities.FindIndex(f => f.Category == "culture" && f.Geometry is Point && demo.IsCounted(demo.FacilityIndexOf(f.Id)));
        Assert.True(elderly >= 0 && culture >= 0 && elderly < facilities.Count / 2, "the demo county has counted elderly and culture facilities");
        facilities[culture] = facilities[culture] with { Geometry = Shifted(facilities[culture].Geometry, 0.004, 0.002) };
        facilities.RemoveAt(elderly);
        var next = new AnalysisRegion(demo.Graph, demo.Seeds, facilities, demo.Settlements, demo.Options, snapper: demo.Snapper, previous: demo);
        var taken = new CoverageEngine(next, previous: before);
        var fresh = new CoverageEngine(next);

        var groups = demo.Seeds.Circles.Select(c => Circles.CirclePlan.For(c, demo.Seeds)).SelectMany(p => p.Groups).DistinctBy(g => g.Key).ToList();
        var touched = groups.Where(g => g.Matches(demo.Facilities[elderly]) || g.Matches(demo.Facilities[culture])).ToList();
        Assert.NotEmpty(touched);
        Assert.Equal(groups.Count - touched.Count, taken.SearchesTakenOver);
        Assert.True(taken.SearchesTakenOver >= 2, $"only {taken.SearchesTakenOver} searches taken over: the comparison proves little");
        foreach (var g in groups)
        {
            var (a, b) = (taken.Times(g).ToArrays(), fresh.Times(g).ToArrays());
            Assert.Equal(b.Seconds, a.Seconds);
            Assert.Equal(b.Facility.Select(i => i < 0 ? null : next.Facilities[i].Id), a.Facility.Select(i => i < 0 ? null : next.Facilities[i].Id));
            Assert.Equal(b.Facility, a.Facility);
            Assert.Equal(fresh.Times(g).SourceCount, taken.Times(g).SourceCount);
        }
        foreach (var (a, b) in taken.EvaluateAll().Zip(fresh.EvaluateAll()))
        {
            Assert.Equal(b.Settlements.Select(Row), a.Settlements.Select(Row));
            Assert.Equal((b.County.Covered, b.County.CoveredPopulation, b.County.MeanMinutes, b.Equity.Gini), (a.County.Covered, a.County.CoveredPopulation, a.County.MeanMinutes, a.Equity.Gini));
        }

        // A second edit on top (the first facility deleted: every other renumbered again): searches taken over twice map
        // their facilities through both renumberings, and still equal a fresh engine's.
        var later = next.Facilities.Skip(1).ToList();
        var third = new AnalysisRegion(demo.Graph, demo.Seeds, later, demo.Settlements, demo.Options, snapper: demo.Snapper, previous: next);
        var twice = new CoverageEngine(third, previous: taken);
        var anew = new CoverageEngine(third);
        Assert.True(twice.SearchesTakenOver >= 2, $"only {twice.SearchesTakenOver} searches taken over twice");
        foreach (var g in groups)
        {
            var (a, b) = (twice.Times(g).ToArrays(), anew.Times(g).ToArrays());
            Assert.Equal(b.Seconds, a.Seconds);
            Assert.Equal(b.Facility, a.Facility);
            for (int k = 0; k < b.Seconds.Length; k += 97)
                Assert.Equal((b.Seconds[k], b.Facility[k]), (twice.Times(g).At(k, out int f), f));
        }
    }

    [Fact]
    public void No_search_is_taken_over_when_the_samples_changed()
    {
        var demo = DemoCounty.Region;
        var before = new CoverageEngine(demo);
        before.EvaluateAll();
        var settlements = demo.Settlements.Skip(1).ToList(); // every sample moves up a slot
        var next = new AnalysisRegion(demo.Graph, demo.Seeds, demo.Facilities, settlements, demo.Options, snapper: demo.Snapper, previous: demo);
        Assert.Equal(settlements.Count, next.SettlementsTakenOver);
        Assert.Equal(0, new CoverageEngine(next, previous: before).SearchesTakenOver);
    }

    static string Row(Circles.SettlementCoverage r) =>
        FormattableString.Invariant($"{r.Settlement.Id} {r.Status} {r.Minutes:R} {r.MeanMinutes:R} {r.NearestFacilityId} {r.CoveredShare:R} {r.BestSample} {r.CoveredPopulation:R}");

    internal static Geometry Shifted(Geometry g, double dLon, double dLat)
    {
        var copy = g.Copy();
        copy.Apply(new AffineTransformation(1, 0, dLon, 0, 1, dLat));
        copy.GeometryChanged();
        return copy;
    }

    /// <summary>A copy with the shell's second vertex 1e-9° east: not the same geometry, coordinate for coordinate.</summary>
    internal static Polygon Nudged(Polygon p)
    {
        var copy = (Polygon)p.Copy();
        var c = copy.ExteriorRing.Coordinates;
        copy.ExteriorRing.CoordinateSequence.SetX(1, c[1].X + 1e-9);
        copy.GeometryChanged();
        return copy;
    }
}
