using Coverage.Analysis.Tests.Siting;
using Coverage.Core;
using Coverage.Network.Search;
using Coverage.Network.Snapping;

namespace Coverage.Analysis.Tests;

/// <summary>
/// Issue 14 (analysis memory on a province): the region keeps a 16-byte <see cref="SampleSnap"/> per settlement sample,
/// not the 64-byte <see cref="SnapResult"/>. Checked against the full snap as the snapper gives it, field by field, and
/// against the full-snap timing path (<see cref="TravelTimes.ReachOf(in SnapResult)"/>) for every sample of the demo county.
/// </summary>
public class SampleSnapTests
{
    [Fact]
    public void Compact_snap_keeps_status_edge_offset_and_leg_of_each_kind_of_snap()
    {
        var on = new SnapResult(SnapStatus.OnNetwork, 1, 2, 7, 0, 12.345678901, 1, 2, 3.5, 0, false);
        var far = new SnapResult(SnapStatus.TooFar, 1, 2, 0, 0, 0.25, 1, 2, 812.75, 0, false);
        var none = new SnapResult(SnapStatus.NoNetwork, 1, 2, -1, -1, 0, double.NaN, double.NaN, double.PositiveInfinity, -1, false);
        foreach (var full in new[] { on, far, none })
        {
            var compact = SampleSnap.Of(full);
            Assert.Equal((full.Status, full.Edge, full.IsOnNetwork, full.DistanceMetres), (compact.Status, compact.Edge, compact.IsOnNetwork, compact.DistanceMetres));
            Assert.Equal((float)full.OffsetMetres, compact.OffsetMetres);
        }
        Assert.Equal(12.345679f, SampleSnap.Of(on).OffsetMetres);
        Assert.NotEqual(SampleSnap.Of(on), SampleSnap.Of(on with { Status = SnapStatus.TooFar }));
    }

    [Fact]
    public void Demo_county_samples_keep_the_full_snaps_fields_and_time_as_the_full_snaps_do()
    {
        var region = DemoCounty.Region;
        var full = Enumerable.Range(0, region.SampleCount)
            .Select(k => region.Snapper.Snap(region.SampleLonLat[k].Lon, region.SampleLonLat[k].Lat, region.Options.MaxSnapMetres)).ToArray();
        Assert.Contains(full, s => s.Status == SnapStatus.TooFar);
        Assert.Contains(full, s => s.IsOnNetwork && s.IsOnIsland);
        for (int k = 0; k < region.SampleCount; k++)
        {
            var kept = region.SampleSnaps[k];
            Assert.True((full[k].Status, full[k].Edge, full[k].DistanceMetres, (float)full[k].OffsetMetres) == (kept.Status, kept.Edge, kept.DistanceMetres, kept.OffsetMetres),
                $"sample {k}: kept {kept}, full {full[k]}");
            Assert.Equal((full[k].Component, full[k].IsOnIsland), (region.SampleComponent(k), region.SampleOnIsland(k)));
        }
        for (int k = 0; k < region.SampleCount; k += 101) Assert.Equal(full[k], region.FullSampleSnap(k));

        // One multi-source search from every counted facility: each sample's reach (seconds, source, end node) is the
        // full snap's, and the search reaches most samples (so the comparison is not of unreached places alone).
        var sources = new SourceSet();
        for (int f = 0; f < region.Facilities.Count; f++)
            if (region.IsCounted(f)) region.AddSources(sources, f, f);
        var times = BoundedDijkstra.Run(region.Graph, WalkProfile.Adult, sources, 20 * 60);
        int reached = 0;
        for (int k = 0; k < region.SampleCount; k++)
        {
            var expected = times.ReachOf(full[k]);
            var actual = times.ReachOf(region.SampleSnaps[k]);
            Assert.True(expected == actual, $"sample {k}: {actual} vs full snap {expected}");
            if (actual.IsReached) reached++;
        }
        Assert.True(reached > region.SampleCount / 2, $"reached {reached} of {region.SampleCount}");
    }
}
