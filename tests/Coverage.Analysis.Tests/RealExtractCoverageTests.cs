using Coverage.Analysis.Circles;
using Coverage.Analysis.Region;
using Coverage.Analysis.Tests.Support;
using Coverage.Core.Domain;
using Coverage.Network.Search;

namespace Coverage.Analysis.Tests;

/// <summary>
/// On real extracts, every settlement's minutes equal a brute force: one single-source search per facility, the
/// minimum over facilities (composite: the maximum over categories of those minima).
/// </summary>
public class RealExtractCoverageTests
{
    public static TheoryData<string> Extracts => new() { "andorra.osm.pbf", "north-bayreuth.osm.gz", "monaco.osm.gz" };

    [Theory]
    [MemberData(nameof(Extracts))]
    public void Every_circle_equals_the_per_facility_brute_force_for_every_settlement(string extract)
    {
        var region = RealExtract.Region(extract);
        Assert.True(region.Settlements.Count >= 5, $"{extract}: only {region.Settlements.Count} place nodes");
        var engine = new CoverageEngine(region);
        int compared = 0, reached = 0;
        foreach (var circle in region.Seeds.Circles)
        {
            var coverage = engine.Evaluate(circle);
            Assert.True(coverage.Computed, string.Join("; ", coverage.Notes));
            var groups = circle.Kind == CircleKind.Composite ? circle.Categories.Select(c => new[] { c }).ToArray() : [circle.Categories.ToArray()];
            double limit = double.PositiveInfinity; // the engine searches to the nearest facility, unbounded
            // Composite: per settlement the slowest category's nearest facility.
            var expected = new double[region.SampleCount];
            Array.Fill(expected, double.NegativeInfinity);
            foreach (var refs in groups)
            {
                var nearest = BruteForce(region, refs, Core.WalkProfile.Get(circle.Profile), limit);
                for (int k = 0; k < expected.Length; k++) expected[k] = Math.Max(expected[k], nearest[k]);
            }
            foreach (var row in coverage.Settlements)
            {
                int s = Enumerable.Range(0, region.Settlements.Count).First(i => region.Settlements[i].Id == row.Settlement.Id);
                double seconds = row.FacilityInside ? 0 : expected[region.SettlementFirstSample[s]];
                if (double.IsPositiveInfinity(seconds)) Assert.Null(row.Minutes);
                else
                {
                    Assert.NotNull(row.Minutes);
                    Assert.Equal(seconds / 60, row.Minutes!.Value, 4);
                    Assert.Equal(seconds <= circle.Minutes * 60, row.Status == CoverageStatus.Covered);
                    reached++;
                }
                compared++;
            }
        }
        Assert.True(reached > 0, $"{extract}: no settlement reached by any facility ({compared} compared)");
    }

    /// <summary>Seconds from each sample to the nearest facility of the references: one single-source search per facility.</summary>
    static double[] BruteForce(AnalysisRegion region, string[] refs, Core.WalkProfile profile, double limit)
    {
        var best = new double[region.SampleCount];
        Array.Fill(best, double.PositiveInfinity);
        for (int f = 0; f < region.Facilities.Count; f++)
        {
            var facility = region.Facilities[f];
            if (!region.IsCounted(f) || !refs.Any(r => CategoryReference.Parse(r).Matches(facility.Category, facility.Kind))) continue;
            var sources = new SourceSet();
            region.AddSources(sources, f, 0);
            var times = BoundedDijkstra.Run(region.Graph, profile, sources, limit);
            for (int k = 0; k < best.Length; k++)
                if (region.SampleSnaps[k].IsOnNetwork) best[k] = Math.Min(best[k], times.SecondsTo(region.SampleSnaps[k]));
        }
        return best;
    }
}
