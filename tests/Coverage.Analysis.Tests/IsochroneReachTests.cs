using Coverage.Analysis.Isochrones;
using Coverage.Analysis.Region;
using Coverage.Analysis.Tests.Support;
using Coverage.Core;
using Coverage.Core.Geo;
using Coverage.Network.Graph;
using Coverage.Network.Search;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Tests;

/// <summary>
/// The isochrone's bounded visit against the scans it replaced: the edges it looks at are exactly those a scan of all
/// edges finds reached, the edge grid finds every way near an extent, the band demand over reached samples equals the
/// old count over every sample, and bands from random origins nest.
/// </summary>
public class IsochroneReachTests
{
    public static TheoryData<string> Extracts => new() { "north-bayreuth.osm.gz", "andorra.osm.pbf" };

    [Theory]
    [MemberData(nameof(Extracts))]
    public void Reached_edges_are_those_a_scan_of_all_edges_finds_reached(string extract)
    {
        var region = RealExtract.Region(extract);
        var g = region.Graph;
        var index = Index(region);
        var space = new SearchSpace(g);
        var times = new TravelTimes(g);
        var rng = new Random(14);
        int nonTrivial = 0;
        for (int run = 0; run < 40; run++)
        {
            var sources = new SourceSet();
            if (run % 4 == 3) // several facilities at once (trails seeded along their length)
                foreach (int f in Enumerable.Range(0, region.Facilities.Count).Where(region.IsCounted).OrderBy(_ => rng.Next()).Take(3))
                    region.AddSources(sources, f, 0);
            else
            {
                var place = RandomPlace(g, rng);
                var snap = region.SnapPlace(place.Lon, place.Lat);
                if (!snap.IsOnNetwork) continue;
                sources.AddPoint(snap, 0);
            }
            double minutes = 1 + rng.NextDouble() * 29;
            BoundedDijkstra.Run(g, WalkProfile.Adult, sources, minutes * 60, space, times);
            var expected = Enumerable.Range(0, g.EdgeCount).Where(e => float.IsFinite(times.Seconds[g.EdgeFrom[e]])
                || float.IsFinite(times.Seconds[g.EdgeTo[e]]) || sources.Edges.Any(s => s.Edge == e)).ToList();
            Assert.Equal(expected, index.ReachedEdges(times, sources));
            if (expected.Count > 10) nonTrivial++;
        }
        Assert.True(nonTrivial >= 20, $"only {nonTrivial} searches reached more than 10 edges");
    }

    [Theory]
    [MemberData(nameof(Extracts))]
    public void Band_demand_over_reached_samples_equals_the_count_over_every_sample(string extract)
    {
        var region = RealExtract.Region(extract);
        var engine = new CoverageEngine(region);
        var villages = Circles.VillageHierarchy.Of(region.Settlements, _ => true);
        double[] minutes = [5, 10, 15];
        var facilities = Enumerable.Range(0, region.Facilities.Count).Where(i => region.FacilityUsable[i]).Take(6).ToList();
        Assert.NotEmpty(facilities);
        bool anyPeople = false;
        foreach (int f in facilities)
        {
            var iso = engine.Isochrone(region.Facilities[f].Id, minutes, WalkProfile.Adult);
            var sources = new SourceSet();
            region.AddSources(sources, f, 0);
            var times = new TravelTimes(region.Graph);
            BoundedDijkstra.Run(region.Graph, WalkProfile.Adult, sources, minutes[^1] * 60, new SearchSpace(region.Graph), times);
            for (int b = 0; b < minutes.Length; b++)
            {
                double from = b == 0 ? -1 : minutes[b - 1] * 60, to = minutes[b] * 60;
                double pop = 0;
                var ids = new List<string>();
                for (int s = 0; s < region.Settlements.Count; s++) // the old way: every sample of every settlement
                {
                    float best = float.PositiveInfinity;
                    for (int k = region.SettlementFirstSample[s]; k < region.SettlementFirstSample[s + 1]; k++)
                    {
                        float t = times.SecondsTo(region.SampleSnaps[k]);
                        best = Math.Min(best, t);
                        if (t > from && t <= to) pop += region.SampleShareOf(s) * villages.OwnPopulation(s);
                    }
                    if (best > from && best <= to) ids.Add(region.Settlements[s].Id);
                }
                Assert.Equal(pop, iso.Bands[b].Population);
                Assert.Equal(ids, iso.Bands[b].SettlementIds);
                anyPeople |= ids.Count > 0;
            }
        }
        Assert.True(anyPeople, "no band held a settlement: the comparison proved nothing");
    }

    [Fact]
    public void Bands_from_random_origins_nest_and_their_rings_add_up_to_the_reach()
    {
        var region = RealExtract.Region("andorra.osm.pbf");
        var engine = new CoverageEngine(region);
        var rng = new Random(5);
        int drawn = 0;
        for (int run = 0; run < 12 && drawn < 5; run++)
        {
            var origin = RandomPlace(region.Graph, rng);
            if (!region.SnapPlace(origin.Lon, origin.Lat).IsOnNetwork) continue;
            var iso = engine.Isochrone(origin, [5, 10, 15], WalkProfile.Adult);
            drawn++;
            Assert.True(iso.Bands[0].Reach.Covers(new Point(origin.Lon, origin.Lat)), "the origin is outside its first band");
            for (int b = 1; b < iso.Bands.Count; b++)
            {
                var (inner, outer) = (iso.Bands[b - 1], iso.Bands[b]);
                Assert.True(outer.Reach.Buffer(1e-6).Covers(inner.Reach), $"{outer.ToMinutes}-min reach does not hold the {inner.ToMinutes}-min one");
                Assert.True(outer.ReachAreaKm2 > inner.ReachAreaKm2, $"{outer.ToMinutes}-min reach is not larger");
                Assert.Equal(outer.ReachAreaKm2, inner.ReachAreaKm2 + outer.AreaKm2, 1e-3 * outer.ReachAreaKm2);
            }
        }
        Assert.True(drawn >= 3, $"only {drawn} random origins joined the network");
    }

    /// <summary>
    /// The pruned time field against the exhaustive one (every root cell of the extent snapped, as before the pruning):
    /// every vertex the exhaustive field times within the last band holds the same value in the pruned one, and no
    /// vertex beyond it comes back within it. Fails if the pruning drops a root cell a reachable place lies in.
    /// </summary>
    [Theory]
    [MemberData(nameof(Extracts))]
    public void The_pruned_time_field_keeps_every_vertex_the_exhaustive_one_reaches(string extract)
    {
        var region = RealExtract.Region(extract);
        var builder = new IsochroneBuilder(region);
        var rng = new Random(16);
        int reached = 0, saved = 0, drawn = 0;
        for (int run = 0; run < 16 && drawn < 6; run++)
        {
            var origin = RandomPlace(region.Graph, rng);
            if (!region.SnapPlace(origin.Lon, origin.Lat).IsOnNetwork) continue;
            double[] minutes = run % 2 == 0 ? [5, 10, 15] : [3 + rng.NextDouble() * 25];
            using var all = builder.FieldFrom(origin, minutes, WalkProfile.Adult, pruned: false)!;
            using var some = builder.FieldFrom(origin, minutes, WalkProfile.Adult, pruned: true)!;
            drawn++;
            Assert.Equal((all.Nx, all.Ny, all.X0, all.Y0), (some.Nx, some.Ny, some.X0, some.Y0));
            float last = (float)(minutes[^1] * 60);
            for (int k = 0; k < all.Nx * all.Ny; k++)
            {
                if (all.Values[k] <= last)
                {
                    Assert.True(all.Values[k] == some.Values[k], $"vertex {k % all.Nx},{k / all.Nx}: {all.Values[k]} s exhaustive, {some.Values[k]} s pruned");
                    reached++;
                }
                else Assert.True(some.Values[k] > last, $"vertex {k % all.Nx},{k / all.Nx}: beyond the band exhaustive, {some.Values[k]} s pruned");
            }
            saved += all.Evaluated - some.Evaluated;
        }
        Assert.True(drawn >= 3, $"only {drawn} random origins joined the network");
        Assert.True(reached > 1000, $"only {reached} vertices within the bands: the comparison proved little");
        Assert.True(saved > 0, "the pruning saved no snap: nothing was pruned to compare");
    }

    /// <summary>
    /// A field sampled on several threads (root rows in two rounds by parity, leaves filled in root order) against
    /// the same field sampled on one: every vertex holds the same value, bit for bit, and as many places are timed. Fails
    /// if two threads time one vertex, if a round's rows read each other's vertices, or if the leaves are filled in
    /// another order (a side shared by leaves of two sizes takes the first one's interpolation).
    /// </summary>
    [Theory]
    [MemberData(nameof(Extracts))]
    public void A_field_sampled_on_several_threads_equals_the_one_thread_field(string extract)
    {
        var region = RealExtract.Region(extract);
        var builder = new IsochroneBuilder(region);
        var rng = new Random(41);
        int drawn = 0, timed = 0;
        for (int run = 0; run < 16 && drawn < 5; run++)
        {
            var origin = RandomPlace(region.Graph, rng);
            if (!region.SnapPlace(origin.Lon, origin.Lat).IsOnNetwork) continue;
            double[] minutes = run % 2 == 0 ? [5, 10, 15] : [8 + rng.NextDouble() * 20];
            using var one = builder.FieldFrom(origin, minutes, WalkProfile.Adult, pruned: true, threads: 1)!;
            using var four = builder.FieldFrom(origin, minutes, WalkProfile.Adult, pruned: true, threads: 4)!;
            drawn++;
            Assert.Equal((one.Nx, one.Ny, one.X0, one.Y0, one.Evaluated), (four.Nx, four.Ny, four.X0, four.Y0, four.Evaluated));
            for (int k = 0; k < one.Nx * one.Ny; k++)
                Assert.True(BitConverter.SingleToInt32Bits(one.Values[k]) == BitConverter.SingleToInt32Bits(four.Values[k]),
                    $"vertex {k % one.Nx},{k / one.Nx}: {one.Values[k]:R} s on one thread, {four.Values[k]:R} s on four");
            timed += one.Evaluated;
        }
        Assert.True(drawn >= 3, $"only {drawn} random origins joined the network");
        Assert.True(timed > 5000, $"only {timed} places timed: too few live root cells for the threads to share");
    }

    /// <summary>
    /// A new plan version is a new region on the same graph: its isochrones read the graph's one shared network index, and
    /// give what a region on a graph of its own (read again from the file, so nothing is shared) gives, band for band.
    /// </summary>
    [Fact]
    public void A_new_plan_version_shares_the_network_index_and_draws_the_same_isochrones()
    {
        const string extract = "andorra.osm.pbf";
        var first = RealExtract.Region(extract);
        var settlements = first.Settlements.Where((_, i) => i % 3 != 0).ToList(); // the plan changed: a third of its places deleted
        var next = new AnalysisRegion(first.Graph, first.Seeds, first.Facilities, settlements);
        var own = new AnalysisRegion(Network.Osm.OsmNetworkReader.Read(RealExtract.PathOf(extract)).Graph, first.Seeds, first.Facilities, settlements);
        Assert.Same(NetworkIndex.For(first.Graph), NetworkIndex.For(next.Graph));
        Assert.NotSame(NetworkIndex.For(first.Graph), NetworkIndex.For(own.Graph));

        var (shared, apart) = (new CoverageEngine(next), new CoverageEngine(own));
        var rng = new Random(30);
        int drawn = 0, people = 0;
        for (int run = 0; run < 12 && drawn < 4; run++)
        {
            var origin = RandomPlace(first.Graph, rng);
            if (!first.SnapPlace(origin.Lon, origin.Lat).IsOnNetwork) continue;
            var (a, b) = (shared.Isochrone(origin, [5, 10, 15], WalkProfile.Adult), apart.Isochrone(origin, [5, 10, 15], WalkProfile.Adult));
            drawn++;
            Assert.Equal(b.Bands.Count, a.Bands.Count);
            for (int k = 0; k < a.Bands.Count; k++)
            {
                Assert.Equal(b.Bands[k].Reach.AsText(), a.Bands[k].Reach.AsText());
                Assert.Equal(b.Bands[k].Population, a.Bands[k].Population);
                Assert.Equal(b.Bands[k].SettlementIds, a.Bands[k].SettlementIds);
                people += a.Bands[k].SettlementIds.Count;
            }
        }
        Assert.True(drawn >= 3, $"only {drawn} random origins joined the network");
        Assert.True(people > 0, "no band held a settlement: the comparison proved little");
    }

    static ReachIndex Index(AnalysisRegion region) => new(region.Graph, region.SampleSnaps, region.SampleSettlement);

    /// <summary>A place within ~30 m of a random node of the largest component.</summary>
    static LonLat RandomPlace(WalkGraph g, Random rng)
    {
        int n;
        do n = rng.Next(g.NodeCount); while (g.NodeComponent[n] != 0);
        return new LonLat(g.NodeLon(n) + (rng.NextDouble() - 0.5) * 0.0006, g.NodeLat(n) + (rng.NextDouble() - 0.5) * 0.0004);
    }
}
