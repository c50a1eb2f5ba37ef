using Coverage.Analysis.Region;
using Coverage.Analysis.Tests.Siting;
using Coverage.Core.Domain;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Tests;

/// <summary>
/// Settlements are sampled and snapped over several threads (AnalysisOptions.Parallelism); the region must be the one
/// a single thread builds, slot for slot, and a bad place must fail the same way, naming the first bad place.
/// </summary>
public class ParallelSamplingTests
{
    static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    [Fact]
    public void Demo_county_samples_and_snaps_are_the_same_on_four_threads_as_on_one()
    {
        var demo = DemoCounty.Region;
        var one = Build(demo.Settlements, 1);
        var four = Build(demo.Settlements, 4);
        Assert.True(one.SampleCount > 10_000, $"samples: {one.SampleCount}");
        Assert.Equal(one.SettlementFirstSample, four.SettlementFirstSample);
        Assert.Equal(one.SampleLonLat, four.SampleLonLat);
        Assert.Equal(one.SampleSettlement, four.SampleSettlement);
        Assert.Equal(one.SampleShare, four.SampleShare);
        Assert.Equal(one.SettlementOnNetwork, four.SettlementOnNetwork);
        for (int k = 0; k < one.SampleCount; k++)
            Assert.True(one.SampleSnaps[k] == four.SampleSnaps[k], $"sample {k}: {one.SampleSnaps[k]} vs {four.SampleSnaps[k]}");
        Assert.Equal(one.SnapIssues, four.SnapIssues);
        Assert.Equal(one.Notes.Select(n => n.ToString()), four.Notes.Select(n => n.ToString()));
        // An independent check of the slots: each sample snapped alone, in order, by the shared snapper.
        for (int k = 0; k < one.SampleCount; k += 97)
            Assert.Equal(demo.Snapper.Snap(one.SampleLonLat[k].Lon, one.SampleLonLat[k].Lat, demo.Options.MaxSnapMetres), four.SampleSnaps[k]);
    }

    [Fact]
    public void A_bad_coordinate_fails_as_on_one_thread_naming_the_first_bad_place()
    {
        var settlements = DemoCounty.Region.Settlements.ToList();
        settlements.Insert(settlements.Count * 2 / 5, Place("bad-1", 200.5, 30));
        settlements.Insert(settlements.Count * 4 / 5, Place("bad-2", 300.5, 30));
        var one = Assert.Throws<ArgumentOutOfRangeException>(() => Build(settlements, 1));
        var four = Assert.Throws<ArgumentOutOfRangeException>(() => Build(settlements, 4));
        Assert.Contains("200.5", one.Message);
        Assert.Equal(one.Message, four.Message);
    }

    static Settlement Place(string id, double lon, double lat) =>
        new() { Id = id, Name = id, Town = "", Geometry = Wgs84.CreatePoint(new Coordinate(lon, lat)), Population = 10 };

    static AnalysisRegion Build(IEnumerable<Settlement> settlements, int threads)
    {
        var demo = DemoCounty.Region;
        return new AnalysisRegion(demo.Graph, demo.Seeds, demo.Facilities, settlements, demo.Options with { Parallelism = threads },
            snapper: demo.Snapper);
    }
}
