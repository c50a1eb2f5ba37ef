using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Coverage.Demo.Tests;

[Collection(DemoCollection.Name)]
public sealed class OsmNetworkTests(DemoRegionFixture demo)
{
    OsmNetwork Net => demo.Network;

    [Fact]
    public void Pbf_is_a_sorted_extract_of_realistic_size_with_resolvable_references()
    {
        Assert.InRange(Net.NodeIdsInFileOrder.Count, 50_000, 150_000);
        Assert.True(Net.AllNodesBeforeWays, "nodes must come before ways");
        Assert.True(Net.NodeIdsInFileOrder.Zip(Net.NodeIdsInFileOrder.Skip(1)).All(p => p.First < p.Second), "node ids must ascend");
        Assert.True(Net.WayIdsInFileOrder.Zip(Net.WayIdsInFileOrder.Skip(1)).All(p => p.First < p.Second), "way ids must ascend");
        Assert.All(Net.Ways, w => Assert.All(w.Nodes, id => Assert.True(Net.NodeMetres.ContainsKey(id), $"way {w.Id} refers to missing node {id}")));
        Assert.Equal(demo.Summary.Osm.Nodes, Net.NodeIdsInFileOrder.Count);
        Assert.Equal(demo.Summary.Osm.Ways, Net.Ways.Count);
    }

    [Fact]
    public void Network_has_bridges_steps_one_ferry_a_motorway_and_a_private_road()
    {
        Assert.True(Net.Ways.Count(w => w.IsBridge && w.IsWalkable) >= 50);
        Assert.Contains(Net.Ways, w => w.IsBridge && w.Tag("highway") == "steps");
        var ferry = Assert.Single(Net.Ways, w => w.IsFerry);
        Assert.InRange(OsmNetwork.FerrySeconds(ferry), 60, 3600);
        var motorway = Net.Ways.Where(w => w.Tag("highway") == "motorway").ToList();
        Assert.NotEmpty(motorway);
        Assert.All(motorway, w => Assert.False(w.IsWalkable));
        var privateRoad = Assert.Single(Net.Ways, w => w.Tag("access") == "private");
        Assert.False(privateRoad.IsWalkable);
        foreach (var h in new[] { "primary", "secondary", "tertiary", "unclassified", "residential", "footway", "path", "track", "pedestrian", "living_street" })
            Assert.Contains(Net.Ways, w => w.Tag("highway") == h);
    }

    [Fact]
    public void Ferry_and_bridges_share_nodes_with_the_roads_on_the_banks()
    {
        var degree = new Dictionary<long, int>();
        foreach (var w in Net.Walkable)
            foreach (var id in new[] { w.Nodes[0], w.Nodes[^1] }.Concat(w.Nodes.Skip(1).SkipLast(1)).Distinct())
                degree[id] = degree.GetValueOrDefault(id) + 1;
        var ferry = Net.Ways.Single(w => w.IsFerry);
        Assert.True(degree[ferry.Nodes[0]] >= 2 && degree[ferry.Nodes[^1]] >= 2, "the ferry must land on roads at both ends");
        var bridges = Net.Walkable.Where(w => w.IsBridge).ToList();
        int joined = bridges.Count(b => degree[b.Nodes[0]] >= 2 && degree[b.Nodes[^1]] >= 2);
        Assert.Equal(bridges.Count, joined);
    }

    [Fact]
    public void No_walkable_way_enters_water_except_bridges_and_the_ferry()
    {
        var water = Net.WaterAreas();
        Assert.All(water, w => Assert.True(w.Polygon.IsValid, $"water way {w.Way.Id} is not a valid polygon"));
        var tree = new STRtree<Polygon>();
        foreach (var (_, p) in water) tree.Insert(p.EnvelopeInternal, p);
        var wet = new List<long>();
        foreach (var w in Net.Walkable.Where(w => !w.IsBridge && !w.IsFerry))
        {
            var line = Net.Line(w);
            if (tree.Query(line.EnvelopeInternal).Any(p => p.Intersects(line))) wet.Add(w.Id);
        }
        Assert.True(wet.Count == 0, $"{wet.Count} walkable ways cross water, e.g. way {wet.FirstOrDefault()}");
        var bridgesOverWater = Net.Walkable.Where(w => w.IsBridge).Count(w => tree.Query(Net.Line(w).EnvelopeInternal).Any(p => p.Intersects(Net.Line(w))));
        Assert.Equal(Net.Walkable.Count(w => w.IsBridge), bridgesOverWater);
    }

    [Fact]
    public void Every_settlement_is_within_500_m_of_a_walkable_way()
    {
        var segments = Net.Walkable.Where(w => !w.IsFerry)
            .SelectMany(w => w.Nodes.Zip(w.Nodes.Skip(1)).Select(p => new LineSegment(Net.NodeMetres[p.First], Net.NodeMetres[p.Second])))
            .ToArray();
        foreach (var s in demo.Settlements)
        {
            if (s.Metres is Point p)
            {
                double best = double.PositiveInfinity;
                foreach (var seg in segments)                      // brute force: the oracle
                {
                    best = Math.Min(best, seg.Distance(p.Coordinate));
                    if (best <= 500) break;
                }
                Assert.True(best <= 500, $"{s.Str("name")} is {best:0} m from any walkable way");
            }
            else
                Assert.Contains(segments, seg => s.Metres.Intersects(new LineString([seg.P0, seg.P1])));
        }
    }

    [Fact]
    public void Some_natural_villages_are_reached_only_the_long_way_round()
    {
        var search = new WalkSearch(Net, Coverage.Core.WalkProfile.Adult);
        int detours = 0, unreachable = 0, pairs = 0;
        foreach (var family in demo.Settlements.Where(s => s.Str("kind") == "natural_village").GroupBy(s => s.Str("parent_id")))
        {
            var main = family.First().Metres.Coordinate;           // the first natural village sits at the village centre
            var times = search.From([main]);
            foreach (var nv in family.Skip(1))
            {
                pairs++;
                double metres = search.To(times, nv.Metres.Coordinate) * search.Speed;
                if (!double.IsFinite(metres)) unreachable++;
                else if (metres > 2.5 * main.Distance(nv.Metres.Coordinate)) detours++;
            }
        }
        Assert.True(detours >= 3, $"expected villages cut off by water and reached the long way round: {detours} detours, {unreachable} unreachable of {pairs}");
    }
}
