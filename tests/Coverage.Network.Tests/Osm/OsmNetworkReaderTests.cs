using Coverage.Network.Graph;
using Coverage.Network.Osm;
using Coverage.Network.Tests.Support;

namespace Coverage.Network.Tests.Osm;

/// <summary>Hand-made networks on a 0.001° grid at the equator with exact expected nodes, edges and lengths.</summary>
public class OsmNetworkReaderTests
{
    // WGS84 at the equator: meridional radius a(1-e²) and prime-vertical radius a, per 0.001°.
    const double NorthStep = 110.57427582, EastStep = 111.31949079;

    static (WalkGraph G, NetworkBuildStats S) Read(OsmXml osm) => OsmNetworkReader.Read(osm.Save());

    static int EdgeBetween(WalkGraph g, double lat1, double lon1, double lat2, double lon2)
    {
        for (int e = 0; e < g.EdgeCount; e++)
        {
            var (a, b) = (g.EdgeFrom[e], g.EdgeTo[e]);
            bool Near(int n, double lat, double lon) => Math.Abs(g.NodeLat(n) - lat * 0.001) < 1e-9 && Math.Abs(g.NodeLon(n) - lon * 0.001) < 1e-9;
            if ((Near(a, lat1, lon1) && Near(b, lat2, lon2)) || (Near(a, lat2, lon2) && Near(b, lat1, lon1))) return e;
        }
        throw new Xunit.Sdk.XunitException($"no edge between ({lat1},{lon1}) and ({lat2},{lon2})");
    }

    [Fact]
    public void A_chain_of_two_ways_becomes_one_edge_keeping_its_shape()
    {
        var osm = new OsmXml().Node(1, 0, 0).Node(2, 1, 0).Node(3, 2, 0).Node(4, 3, 0).Node(5, 3, 1)
            .Way(100, [1, 2, 3], "highway", "footway")
            .Way(101, [5, 4, 3], "highway", "footway"); // drawn the other way: still one chain
        var (g, s) = Read(osm);

        Assert.Equal((2, 1, 2), (g.NodeCount, g.EdgeCount, g.ArcCount));
        Assert.Equal(3 * NorthStep + EastStep, g.EdgeLength[0], 0.01);
        Assert.Equal(5, g.EdgePointCount(0));
        var shape = Enumerable.Range(0, 5).Select(i => g.EdgePoint(0, i)).Select(p => (Math.Round(p.Lat * 1000), Math.Round(p.Lon * 1000))).ToArray();
        var expected = new[] { (0.0, 0.0), (1, 0), (2, 0), (3, 0), (3, 1) };
        Assert.True(shape.SequenceEqual(expected) || shape.Reverse().SequenceEqual(expected));
        Assert.Equal((5L, 2L, 2L, 0L), (s.OsmNodesRead, s.WaysRead, s.WalkableWays, s.MissingNodeRefs));
        Assert.Equal(g.EdgeLength[0] / 1000, s.WalkableKm, 6);
    }

    [Fact]
    public void A_junction_splits_chains_into_edges()
    {
        // A T: 1-2-3 west-east, 2-4 north; node 2 is a junction.
        var osm = new OsmXml().Node(1, 0, 0).Node(2, 0, 1).Node(3, 0, 2).Node(4, 1, 1)
            .Way(100, [1, 2, 3], "highway", "residential").Way(101, [2, 4], "highway", "path");
        var (g, _) = Read(osm);
        Assert.Equal((4, 3, 6), (g.NodeCount, g.EdgeCount, g.ArcCount));
        Assert.Equal(EastStep, g.EdgeLength[EdgeBetween(g, 0, 0, 0, 1)], 0.01);
        Assert.Equal(NorthStep, g.EdgeLength[EdgeBetween(g, 0, 1, 1, 1)], 0.01);
    }

    static OsmXml Canal(bool withBridge)
    {
        // Two bank roads (columns 0 and 2) either side of a canal (column 1), joined only by a footbridge at row 1.
        var osm = new OsmXml().Node(10, 0, 0).Node(11, 1, 0).Node(12, 2, 0).Node(20, 0, 2).Node(21, 1, 2).Node(22, 2, 2)
            .Node(30, -1, 1).Node(31, 3, 1)
            .Way(100, [10, 11, 12], "highway", "residential").Way(200, [20, 21, 22], "highway", "residential")
            .Way(300, [30, 31], "waterway", "canal");
        return withBridge ? osm.Way(400, [11, 21], "highway", "footway", "bridge", "yes", "layer", "1") : osm;
    }

    [Fact]
    public void A_canal_is_crossed_only_by_its_bridge()
    {
        var (g, s) = Read(Canal(withBridge: true));
        Assert.Equal((6, 5, 10, 1), (g.NodeCount, g.EdgeCount, g.ArcCount, g.ComponentCount));
        int bridge = EdgeBetween(g, 1, 0, 1, 2);
        Assert.Equal(EdgeFlags.Both | EdgeFlags.Bridge, g.EdgeFlagsOf[bridge]);
        Assert.Equal(2 * EastStep, g.EdgeLength[bridge], 0.01);
        Assert.Equal((4 * NorthStep + 2 * EastStep) / 1000, s.WalkableKm, 5);
    }

    [Fact]
    public void Without_its_bridge_the_canal_cuts_the_banks_apart()
    {
        var (g, s) = Read(Canal(withBridge: false));
        Assert.Equal((4, 2, 2), (g.NodeCount, g.EdgeCount, g.ComponentCount));
        Assert.NotEqual(g.NodeComponent[g.EdgeFrom[0]], g.NodeComponent[g.EdgeFrom[1]]);
        Assert.Equal((2, 0.5, 2), (s.Components, s.LargestComponentShare, s.SmallIslands));
    }

    [Fact]
    public void Steps_are_their_own_edge_flagged_steps()
    {
        var osm = new OsmXml().Node(1, 0, 0).Node(2, 1, 0).Node(3, 2, 0)
            .Way(100, [1, 2], "highway", "footway").Way(101, [2, 3], "highway", "steps");
        var (g, _) = Read(osm);
        Assert.Equal((3, 2), (g.NodeCount, g.EdgeCount));
        Assert.Equal(EdgeFlags.Both | EdgeFlags.Steps, g.EdgeFlagsOf[EdgeBetween(g, 1, 0, 2, 0)]);
        Assert.Equal(EdgeFlags.Both, g.EdgeFlagsOf[EdgeBetween(g, 0, 0, 1, 0)]);
    }

    [Fact]
    public void One_sided_foot_access_gives_one_arc_in_the_allowed_direction()
    {
        var osm = new OsmXml().Node(1, 0, 0).Node(2, 1, 0).Node(3, 2, 0).Node(4, 3, 0)
            .Way(100, [1, 2], "highway", "footway", "oneway:foot", "yes")
            .Way(101, [2, 3], "highway", "footway", "foot:backward", "no", "oneway", "-1")
            .Way(102, [4, 3], "highway", "footway", "oneway:foot", "-1");
        var (g, _) = Read(osm);
        // All three allow only northward walking, but node 2 and 3 join ways drawn differently: chains still merge.
        Assert.Equal((2, 1, 1), (g.NodeCount, g.EdgeCount, g.ArcCount));
        int tail = Enumerable.Range(0, g.NodeCount).Single(n => g.FirstArc[n + 1] > g.FirstArc[n]);
        Assert.Equal(0.0, g.NodeLat(tail));
        Assert.Equal(0.003, g.NodeLat(g.ArcHead[0]), 9);
        Assert.Equal(3 * NorthStep, g.EdgeLength[0], 0.01);
    }

    [Fact]
    public void Chains_break_where_direction_or_marks_change()
    {
        var osm = new OsmXml().Node(1, 0, 0).Node(2, 1, 0).Node(3, 2, 0).Node(4, 3, 0)
            .Way(100, [1, 2], "highway", "footway", "oneway:foot", "yes")
            .Way(101, [3, 2], "highway", "footway", "oneway:foot", "yes") // opposite direction to 100
            .Way(102, [3, 4], "highway", "footway", "bridge", "yes");
        var (g, _) = Read(osm);
        Assert.Equal((4, 3, 4), (g.NodeCount, g.EdgeCount, g.ArcCount));
        Assert.Equal(EdgeFlags.Both | EdgeFlags.Bridge, g.EdgeFlagsOf[EdgeBetween(g, 2, 0, 3, 0)]);
    }

    [Fact]
    public void A_ferry_with_a_duration_is_a_ferry_edge_of_that_time()
    {
        var osm = new OsmXml().Node(1, 0, 0).Node(2, 0, 1).Node(3, 1, 2).Node(4, 0, 3).Node(5, 0, 4)
            .Way(100, [1, 2], "highway", "residential")
            .Way(200, [2, 3, 4], "route", "ferry", "duration", "00:12")
            .Way(101, [4, 5], "highway", "residential");
        var (g, s) = Read(osm);
        Assert.Equal((4, 3, 1), (g.NodeCount, g.EdgeCount, g.ComponentCount));
        int ferry = EdgeBetween(g, 0, 1, 0, 3);
        Assert.Equal(EdgeFlags.Both | EdgeFlags.Ferry, g.EdgeFlagsOf[ferry]);
        Assert.Equal(720f, g.FerrySecondsOf(ferry));
        Assert.Equal([ferry], g.FerryEdges);
        Assert.Equal(2 * EastStep / 1000, s.WalkableKm, 5); // ferries are not walked
        Assert.Equal(1, s.FerryEdges);
    }

    [Fact]
    public void An_untimed_ferry_crosses_at_10_kmh()
    {
        var osm = new OsmXml().Node(1, 0, 0).Node(2, 0, 10).Way(200, [1, 2], "route", "ferry");
        var (g, _) = Read(osm);
        Assert.Equal(10 * EastStep / (10 / 3.6), g.FerrySecondsOf(0), 0.01);
    }

    [Fact]
    public void A_ferry_split_by_a_pier_junction_shares_its_time_by_length()
    {
        // Ferry 1-2-3 calls at node 2, where a pier path joins: two ferry edges, one and two grid steps long, of a 30 min ferry.
        var osm = new OsmXml().Node(1, 0, 0).Node(2, 0, 1).Node(3, 0, 3).Node(4, 1, 1)
            .Way(200, [1, 2, 3], "route", "ferry", "duration", "PT30M")
            .Way(100, [2, 4], "highway", "footway");
        var (g, _) = Read(osm);
        Assert.Equal(600f, g.FerrySecondsOf(EdgeBetween(g, 0, 0, 0, 1)), 0.01);
        Assert.Equal(1200f, g.FerrySecondsOf(EdgeBetween(g, 0, 1, 0, 3)), 0.01);
    }

    [Fact]
    public void A_private_road_with_foot_yes_is_walked_and_a_motorway_is_not()
    {
        var osm = new OsmXml().Node(1, 0, 0).Node(2, 0, 1).Node(3, 0, 2).Node(4, 1, 0).Node(5, 1, 2)
            .Way(100, [1, 2], "highway", "service", "access", "private", "foot", "yes")
            .Way(101, [2, 3], "highway", "service", "access", "private")
            .Way(102, [4, 1, 5], "highway", "motorway");
        var (g, s) = Read(osm);
        Assert.Equal((2, 1), (g.NodeCount, g.EdgeCount));
        Assert.Equal(EastStep, g.EdgeLength[0], 0.01);
        Assert.Equal((3L, 1L), (s.WaysRead, s.WalkableWays));
    }

    [Fact]
    public void Missing_refs_cut_the_way_and_are_counted()
    {
        // Node 3 lies outside the extract: 1-2 and 4-5 stay, nothing joins 2 to 4 across the gap.
        var osm = new OsmXml().Node(1, 0, 0).Node(2, 1, 0).Node(4, 3, 0).Node(5, 4, 0)
            .Way(100, [1, 2, 3, 4, 5, 9], "highway", "track");
        var (g, s) = Read(osm);
        Assert.Equal((4, 2, 2), (g.NodeCount, g.EdgeCount, g.ComponentCount));
        Assert.Equal(2L, s.MissingNodeRefs);
        Assert.Equal(2 * NorthStep / 1000, s.WalkableKm, 5);
    }

    [Fact]
    public void Repeated_consecutive_nodes_are_dropped()
    {
        var osm = new OsmXml().Node(1, 0, 0).Node(2, 1, 0).Node(3, 2, 0).Way(100, [1, 1, 2, 2, 2, 3], "highway", "path");
        var (g, _) = Read(osm);
        Assert.Equal((2, 1, 3), (g.NodeCount, g.EdgeCount, g.EdgePointCount(0)));
        Assert.Equal(2 * NorthStep, g.EdgeLength[0], 0.01);
    }

    [Fact]
    public void A_closed_way_alone_is_one_node_with_a_loop_edge()
    {
        var osm = new OsmXml().Node(1, 0, 0).Node(2, 0, 1).Node(3, 1, 1).Node(4, 1, 0)
            .Way(100, [1, 2, 3, 4, 1], "highway", "pedestrian", "area", "yes");
        var (g, _) = Read(osm);
        Assert.Equal((1, 1, 2), (g.NodeCount, g.EdgeCount, g.ArcCount));
        Assert.Equal(g.EdgeFrom[0], g.EdgeTo[0]);
        Assert.Equal(5, g.EdgePointCount(0));
        Assert.Equal(2 * NorthStep + 2 * EastStep, g.EdgeLength[0], 0.01);
    }

    [Fact]
    public void A_ring_attached_to_a_road_loops_from_the_junction()
    {
        var osm = new OsmXml().Node(1, 0, 0).Node(2, 0, 1).Node(3, 1, 1).Node(4, 1, 0).Node(9, -1, 0)
            .Way(100, [2, 3, 4, 1, 2], "highway", "footway")
            .Way(101, [9, 1], "highway", "residential");
        var (g, _) = Read(osm);
        // Node 1 has degree 3 (ring in and out, road); the ring is one loop edge from it.
        Assert.Equal((2, 2), (g.NodeCount, g.EdgeCount));
        int loop = Enumerable.Range(0, 2).Single(e => g.EdgeFrom[e] == g.EdgeTo[e]);
        Assert.Equal(0.0, g.NodeLat(g.EdgeFrom[loop]));
        Assert.Equal(2 * NorthStep + 2 * EastStep, g.EdgeLength[loop], 0.01);
    }

    [Fact]
    public void Progress_runs_up_to_one()
    {
        var reports = new List<double>();
        OsmNetworkReader.Read(Canal(true).Save(), new SyncProgress(reports.Add));
        Assert.Equal(1.0, reports[^1]);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First <= p.Second));
    }

    sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
