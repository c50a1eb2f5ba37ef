using Coverage.Analysis.Circles;
using Coverage.Analysis.Region;
using Coverage.Analysis.Tests.Siting;
using Coverage.Network.Search;

namespace Coverage.Analysis.Tests;

/// <summary>
/// An engine holds a group's sample times in whichever form is smaller: its frozen search (8 bytes per graph node) where
/// samples outnumber nodes, per-sample arrays (8 bytes per sample) where they do not. Both must give each sample the time
/// and facility of the rule itself: the group's counted facilities searched, and the sample's ReachOf in that search.
/// </summary>
public class SampleTimesHoldingTests
{
    [Fact]
    public void Either_way_of_holding_gives_every_sample_its_ReachOf()
    {
        var demo = DemoCounty.Region;
        // The same graph with a handful of villages: fewer samples than graph nodes.
        var sparse = new AnalysisRegion(demo.Graph, demo.Seeds, demo.Facilities, demo.Settlements.Take(12).ToList(), demo.Options, snapper: demo.Snapper);
        Assert.True(sparse.SampleCount < demo.Graph.NodeCount && demo.SampleCount > demo.Graph.NodeCount,
            $"sparse {sparse.SampleCount} and demo {demo.SampleCount} samples against {demo.Graph.NodeCount} nodes");
        var groups = demo.Seeds.Circles.Select(c => CirclePlan.For(c, demo.Seeds)).SelectMany(p => p.Groups).DistinctBy(g => g.Key).ToList();
        int reached = 0;
        foreach (var (region, asArrays) in new[] { (demo, false), (sparse, true) })
        {
            var engine = new CoverageEngine(region);
            foreach (var group in groups)
            {
                var held = engine.Times(group);
                var counted = region.CountedFacilities(group);
                if (counted.Count > 0) Assert.Equal(asArrays, held.Bytes == 8L * region.SampleCount);
                var sources = new SourceSet();
                foreach (int i in counted) region.AddSources(sources, i, i);
                var search = BoundedDijkstra.Run(region.Graph, group.Profile, sources);
                var (seconds, facility) = held.ToArrays();
                for (int k = 0; k < region.SampleCount; k++)
                {
                    var reach = counted.Count == 0 ? Reach.None : search.ReachOf(region.SampleSnaps[k]);
                    float at = held.At(k, out int f);
                    if (BitConverter.SingleToInt32Bits(reach.Seconds) != BitConverter.SingleToInt32Bits(at) || reach.Source != f
                        || at != seconds[k] || f != facility[k] || at != held.SecondsAt(k))
                        Assert.Fail($"{group} sample {k} ({(asArrays ? "arrays" : "search")}): ReachOf {reach.Seconds:R} from {reach.Source}, held {at:R} from {f}, arrays {seconds[k]:R} from {facility[k]}");
                    if (reach.IsReached) reached++;
                }
            }
        }
        Assert.True(reached > 10_000, $"only {reached} samples reached");
    }
}
