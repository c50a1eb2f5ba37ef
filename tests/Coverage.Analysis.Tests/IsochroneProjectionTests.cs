using Coverage.Analysis.Circles;
using Coverage.Analysis.Isochrones;
using Coverage.Analysis.Region;
using Coverage.Analysis.Tests.Siting;
using Coverage.Analysis.Tests.Support;
using Coverage.Core;
using Coverage.Core.Geo;
using Coverage.Network.Graph;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Tests;

/// <summary>
/// Isochrones project only the edges they read (<see cref="EdgesOnDemand"/>) and find the ways near their extent through
/// the lon/lat edge index (<see cref="NetworkIndex.EdgesNear"/>); the oracle is the whole-graph projection they read
/// before (<see cref="ProjectedGraph"/>), with every edge offered as near.
/// </summary>
public class IsochroneProjectionTests
{
    public static TheoryData<string> Regions => new() { "demo", "north-bayreuth.osm.gz", "andorra.osm.pbf" };

    static AnalysisRegion RegionOf(string name) => name == "demo" ? DemoCounty.Region : RealExtract.Region(name);

    [Theory]
    [MemberData(nameof(Regions))]
    public void Every_edge_projected_on_demand_has_the_whole_graph_projections_doubles(string name)
    {
        var region = RegionOf(name);
        var g = region.Graph;
        var oracle = new ProjectedGraph(g, region.Projection);
        // Twice over, the second time backwards with the pool's buffers of the first (emptied, their old doubles still there).
        for (int round = 0; round < 2; round++)
        {
            using var onDemand = new EdgesOnDemand(NetworkIndex.For(g), region.Projection);
            for (int k = 0; k < g.EdgeCount; k++)
            {
                int e = round == 0 ? k : g.EdgeCount - 1 - k;
                var (a, b) = (oracle.Edge(e), onDemand.Edge(e));
                Assert.Equal(a.X.ToArray(), b.X.ToArray());
                Assert.Equal(a.Y.ToArray(), b.Y.ToArray());
                Assert.Equal(a.Along.ToArray(), b.Along.ToArray());
                Assert.Equal(a.Box, b.Box);
                Assert.Same(b.Box, onDemand.Edge(e).Box); // projected once per isochrone
            }
            // Edges read before the buffers grew still read their own points.
            for (int e = 0; e < g.EdgeCount; e += 97)
                Assert.Equal(oracle.Edge(e).Along.ToArray(), onDemand.Edge(e).Along.ToArray());
        }
    }

    /// <summary>
    /// Extents of every size around random nodes, a metre-wide one at a corner of every edge's box (none is lost from the
    /// index), and the hard case: a metre-wide extent at each corner of an edge's
    /// projected box, which the edge's box meets though no point of the edge lies in it (the lon/lat box of the edge may
    /// miss the extent taken back to lon/lat there, by the meridians' convergence).
    /// </summary>
    [Theory]
    [MemberData(nameof(Regions))]
    public void The_ways_near_an_extent_hold_every_edge_whose_projected_box_meets_it(string name)
    {
        var region = RegionOf(name);
        var g = region.Graph;
        var oracle = new ProjectedGraph(g, region.Projection);
        var index = NetworkIndex.For(g);
        var projection = region.Projection.Copy();
        var rng = new Random(11);
        var extents = new List<Envelope>();
        for (int run = 0; run < 40; run++)
        {
            int n = rng.Next(g.NodeCount);
            double x = oracle.NodeX[n], y = oracle.NodeY[n], w = rng.NextDouble() * 6000, h = rng.NextDouble() * 6000;
            extents.Add(new Envelope(x - w / 2, x + w / 2, y - h / 2, y + h / 2));
        }
        for (int run = 0; run < 300; run++)
        {
            var box = oracle.EdgeBox[rng.Next(g.EdgeCount)];
            foreach (double x in new[] { box.MinX, box.MaxX })
                foreach (double y in new[] { box.MinY, box.MaxY })
                    extents.Add(new Envelope(x - (x == box.MinX ? 1 : 0), x + (x == box.MaxX ? 1 : 0), y - (y == box.MinY ? 1 : 0), y + (y == box.MaxY ? 1 : 0)));
        }
        for (int e = 0; e < g.EdgeCount; e++)
        {
            // Every edge is found from a metre-wide extent at a corner of its own box (one corner per edge, in turn).
            var box = oracle.EdgeBox[e];
            double x = e % 2 == 0 ? box.MinX : box.MaxX, y = e % 4 < 2 ? box.MinY : box.MaxY;
            Assert.Contains(e, index.EdgesNear(new Envelope(x - 1, x, y - 1, y), projection));
        }
        foreach (var extent in extents)
        {
            var found = index.EdgesNear(extent, projection);
            Assert.Equal(found.Distinct().Order(), found);
            var expected = Enumerable.Range(0, g.EdgeCount).Where(e => extent.Intersects(oracle.EdgeBox[e])).ToList();
            Assert.Empty(expected.Except(found));
            Assert.NotEmpty(expected);
        }
    }

    /// <summary>From facilities and from points, with several band sets: the same WKT and GeoJSON, byte for byte.</summary>
    [Theory]
    [MemberData(nameof(Regions))]
    public void Isochrones_are_those_drawn_on_the_whole_graph_projection(string name)
    {
        var region = RegionOf(name);
        var g = region.Graph;
        var oracle = new ProjectedGraph(g, region.Projection);
        var (now, before) = (new IsochroneBuilder(region), new IsochroneBuilder(region, () => oracle));
        var pool = SearchScratchPool.For(g);
        double[][] bandSets = [[15], [5, 10, 15], [3, 7.5], [20, 30], [1]];
        var rng = new Random(5);
        int drawn = 0, facilities = 0;
        void Same(IsochroneResult a, IsochroneResult b)
        {
            Assert.Equal(b.SampledPoints, a.SampledPoints);
            Assert.Equal(IsochroneGeoJson.ToJson(b), IsochroneGeoJson.ToJson(a));
            for (int k = 0; k < a.Bands.Count; k++)
            {
                Assert.Equal(b.Bands[k].Reach.AsText(), a.Bands[k].Reach.AsText());
                Assert.Equal(b.Bands[k].Ring.AsText(), a.Bands[k].Ring.AsText());
            }
            drawn += a.Bands.Count(band => !band.Reach.IsEmpty);
        }
        for (int run = 0; run < 40; run++)
        {
            var bands = bandSets[run % bandSets.Length];
            int n;
            do n = rng.Next(g.NodeCount); while (g.NodeComponent[n] != 0);
            var origin = new LonLat(g.NodeLon(n) + (rng.NextDouble() - 0.5) * 0.0006, g.NodeLat(n) + (rng.NextDouble() - 0.5) * 0.0004);
            if (region.SnapPlace(origin.Lon, origin.Lat).IsOnNetwork)
                Same(now.FromPoint(origin, bands, WalkProfile.Adult, pool), before.FromPoint(origin, bands, WalkProfile.Adult, pool));
            int f = rng.Next(region.Facilities.Count);
            if (region.FacilityUsable[f])
            {
                var profile = run % 3 == 0 ? WalkProfile.Elderly : WalkProfile.Adult;
                Same(now.FromFacility(f, bands, profile, pool), before.FromFacility(f, bands, profile, pool));
                facilities++;
            }
        }
        Assert.True(drawn >= 40, $"only {drawn} bands reached anything");
        Assert.True(facilities >= 5, $"only {facilities} isochrones from facilities");
    }
}
