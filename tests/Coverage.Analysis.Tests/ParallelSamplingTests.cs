using Coverage.Analysis.Region;
using Coverage.Analysis.Tests.Siting;
using Coverage.Analysis.Tests.Support;
using Coverage.Network.Snapping;
using Coverage.Core.Geo;
using Coverage.Core.Domain;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

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
        AssertSameSamplesAndSnaps(one, four);
        Assert.Equal(one.SampleSettlement, four.SampleSettlement);
        Assert.Equal(one.Notes.Select(n => n.ToString()), four.Notes.Select(n => n.ToString()));
        // An independent check of the slots: each sample snapped alone, in order, by the shared snapper.
        for (int k = 0; k < one.SampleCount; k += 97)
            Assert.Equal(SampleSnap.Of(demo.Snapper.Snap(one.SampleLonLat[k].Lon, one.SampleLonLat[k].Lat, demo.Options.MaxSnapMetres)), four.SampleSnaps[k]);
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

    /// <summary>
    /// On a real extract (Andorra's ways) with area settlements laid over it — a jittered lattice of quadrilaterals,
    /// every seventh a two-part multipolygon — four threads give the single thread's region sample for sample and snap
    /// for snap, a second parallel run gives the same again, and every settlement's samples are those of the sampler
    /// as it was (a prepared polygon asked whether it contains a new point per grid cell).
    /// </summary>
    [Fact]
    public void Real_extract_area_settlements_sample_and_snap_the_same_on_four_threads_as_on_one_every_time()
    {
        var andorra = RealExtract.Region("andorra.osm.pbf");
        var settlements = LatticeSettlements(andorra.Graph);
        AnalysisRegion Run(int threads) => new(andorra.Graph, andorra.Seeds, andorra.Facilities, settlements,
            andorra.Options with { Parallelism = threads }, snapper: andorra.Snapper);
        var one = Run(1);
        var four = Run(4);
        var again = Run(4);
        Assert.True(one.SampleCount > 10_000, $"samples: {one.SampleCount}");
        Assert.InRange(one.SampleSnaps.Count(s => s.IsOnNetwork), one.SampleCount / 10, one.SampleCount - 100);
        foreach (var other in new[] { four, again }) AssertSameSamplesAndSnaps(one, other);
        Assert.True(one.FacilityUsable.Count(u => u) >= 5, $"usable facilities: {one.FacilityUsable.Count(u => u)}");
        for (int s = 0; s < settlements.Count; s++)
        {
            var expected = PreparedContainsSamples(one.Projection, one.Options, settlements[s].Geometry);
            int a = one.SettlementFirstSample[s], b = one.SettlementFirstSample[s + 1];
            Assert.Equal(expected.Select(p => SamplePositions.AsHeld(expected[0], p)), one.SampleLonLat.OfSettlement(s)); // as held: offsets from the first
        }
    }

    /// <summary>A 30 × 30 lattice of jittered quadrilaterals over the graph's box (seeded), every seventh with a second small part.</summary>
    static List<Settlement> LatticeSettlements(Coverage.Network.Graph.WalkGraph g)
    {
        double minLon = Enumerable.Range(0, g.NodeCount).Min(g.NodeLon), maxLon = Enumerable.Range(0, g.NodeCount).Max(g.NodeLon);
        double minLat = Enumerable.Range(0, g.NodeCount).Min(g.NodeLat), maxLat = Enumerable.Range(0, g.NodeCount).Max(g.NodeLat);
        const int Cells = 30;
        double w = (maxLon - minLon) / Cells, h = (maxLat - minLat) / Cells;
        var rng = new Random(20261130);
        double Jitter() => 0.1 + 0.25 * rng.NextDouble();
        Polygon Quad(double x, double y, double cw, double ch)
        {
            var sw = new Coordinate(x + cw * Jitter(), y + ch * Jitter());
            return Wgs84.CreatePolygon([sw, new(x + cw * (1 - Jitter()), y + ch * Jitter()),
                new(x + cw * (1 - Jitter()), y + ch * (1 - Jitter())), new(x + cw * Jitter(), y + ch * (1 - Jitter())), sw.Copy()]);
        }
        var settlements = new List<Settlement>();
        for (int i = 0; i < Cells; i++)
            for (int j = 0; j < Cells; j++)
            {
                double x = minLon + i * w, y = minLat + j * h;
                var quad = Quad(x, y, w, h);
                Geometry geometry = quad;
                if ((i * Cells + j) % 7 == 0)
                {
                    // A second part in the cell's free bottom strip (the quad starts at least a tenth of the cell up).
                    geometry = Wgs84.CreateMultiPolygon([quad, Wgs84.CreatePolygon([new(x + w * 0.7, y + h * 0.02),
                        new(x + w * 0.9, y + h * 0.02), new(x + w * 0.9, y + h * 0.08), new(x + w * 0.7, y + h * 0.08), new(x + w * 0.7, y + h * 0.02)])]);
                }
                string id = $"lattice-{i}-{j}";
                settlements.Add(new Settlement { Id = id, Name = id, Town = "", Geometry = geometry, Population = 100 });
            }
        return settlements;
    }

    /// <summary>The grid samples as the sampler drew them before issue 14: a prepared polygon and a new Point per grid cell.</summary>
    static List<LonLat> PreparedContainsSamples(LocalProjection projection, AnalysisOptions options, Geometry g)
    {
        var projected = projection.Forward(g);
        var prepared = PreparedGeometryFactory.Prepare(projected);
        double spacing = new SettlementSampler(projection, options).SpacingFor(projected.Area);
        var env = projected.EnvelopeInternal;
        var result = new List<LonLat>();
        for (double y = env.MinY + spacing / 2; y < env.MaxY; y += spacing)
            for (double x = env.MinX + spacing / 2; x < env.MaxX; x += spacing)
                if (prepared.Contains(new Point(x, y))) result.Add(projection.Inverse(x, y));
        if (result.Count == 0) result.Add(new LonLat(g.InteriorPoint.X, g.InteriorPoint.Y));
        return result;
    }

    [Fact]
    public void A_bad_facility_coordinate_fails_as_on_one_thread_naming_the_first_bad_facility()
    {
        var demo = DemoCounty.Region;
        var facilities = demo.Facilities.ToList();
        facilities.Insert(facilities.Count / 3, Facility("bad-1", 200.5, 30));
        facilities.Insert(facilities.Count * 2 / 3, Facility("bad-2", 300.5, 30));
        AnalysisRegion Build(int threads) => new(demo.Graph, demo.Seeds, facilities, [], demo.Options with { Parallelism = threads }, snapper: demo.Snapper);
        var one = Assert.Throws<ArgumentOutOfRangeException>(() => Build(1));
        var four = Assert.Throws<ArgumentOutOfRangeException>(() => Build(4));
        Assert.Contains("200.5", one.Message);
        Assert.Equal(one.Message, four.Message);
    }

    static Facility Facility(string id, double lon, double lat) =>
        new() { Id = id, Name = id, Category = "elderly", Geometry = Wgs84.CreatePoint(new Coordinate(lon, lat)) };

    static Settlement Place(string id, double lon, double lat) =>
        new() { Id = id, Name = id, Town = "", Geometry = Wgs84.CreatePoint(new Coordinate(lon, lat)), Population = 10 };

    /// <summary>Two builds of one region hold the same samples, shares, snaps (slot for slot), snap issues and facility joins.</summary>
    internal static void AssertSameSamplesAndSnaps(AnalysisRegion one, AnalysisRegion other)
    {
        Assert.Equal(one.SettlementFirstSample, other.SettlementFirstSample);
        Assert.Equal(one.SampleLonLat, other.SampleLonLat);
        Assert.Equal(one.SettlementOnNetwork, other.SettlementOnNetwork);
        for (int k = 0; k < one.SampleCount; k++)
            Assert.True(one.SampleSnaps[k] == other.SampleSnaps[k], $"sample {k}: {one.SampleSnaps[k]} vs {other.SampleSnaps[k]}");
        Assert.Equal(one.SnapIssues, other.SnapIssues);
        Assert.Equal(one.FacilitySnaps, other.FacilitySnaps);
        Assert.Equal(one.FacilityUsable, other.FacilityUsable);
    }

    static AnalysisRegion Build(IEnumerable<Settlement> settlements, int threads)
    {
        var demo = DemoCounty.Region;
        return new AnalysisRegion(demo.Graph, demo.Seeds, demo.Facilities, settlements, demo.Options with { Parallelism = threads },
            snapper: demo.Snapper);
    }
}
