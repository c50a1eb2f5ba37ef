using System.Diagnostics;
using Coverage.Core;
using Coverage.Network.Graph;
using Coverage.Network.Osm;
using Coverage.Network.Roads;
using Coverage.Network.Search;
using Coverage.Network.Snapping;
using Coverage.Network.Tests.Support;
using Xunit.Abstractions;

namespace Coverage.Network.Tests.Roads;

/// <summary>
/// A real extract with half its village lanes moved into a "layer" (own node ids, meeting OSM by position only):
/// merged back, it walks like the full OSM graph; and a layer of lanes OSM already has adds nothing.
/// </summary>
public class NetworkMergeRealExtractTests(ITestOutputHelper output)
{
    /// <summary>1 m/s and no steps penalty: seconds read as metres walked.</summary>
    static readonly WalkProfile Metres = new("metres-oracle", "米", "Metres", 1.0, 1.0, "test profile: seconds equal metres");

    public static TheoryData<string> Names => new(["north-bayreuth.osm.gz", "andorra.osm.pbf"]);

    /// <summary>Andorra is left out of the time comparison: its lanes pass under roads in tunnels, which the graph
    /// does not flag, so the merge joins them where they cross (126 s off at worst); flagging tunnels as bridges are is open.</summary>
    public static TheoryData<string> Flat => new(["north-bayreuth.osm.gz"]);

    static WalkGraph Graph(ExtractCollector x) => OsmNetworkReader.Compress(x, "test", "test", Stopwatch.StartNew()).Graph;

    /// <summary>
    /// The lanes share their junction nodes with OSM, as a layer exported from OSM does: the merge a noded layer gets by
    /// default (<see cref="NetworkMergeOptions.Noded"/>: joins at shared vertices only) gives the full graph's times.
    /// </summary>
    [Theory, MemberData(nameof(Flat))]
    public void Half_the_lanes_given_as_a_layer_walk_like_the_full_extract(string name) =>
        HalfTheLanes(name, NetworkMergeOptions.Default.For(RoadTopology.Noded), 0.001);

    /// <summary>A repair layer's merge (6 m end joins, 8 m overlap) closes gaps OSM itself leaves a few metres short of a
    /// road: a time may only shorten, and by no more than the few metres of the gaps closed: at 1 m/s at most one join
    /// distance per path in practice.</summary>
    [Theory, MemberData(nameof(Flat))]
    public void With_the_repair_layer_join_distance_times_stay_within_a_join_distance(string name) =>
        HalfTheLanes(name, NetworkMergeOptions.Default.For(RoadTopology.Repair), NetworkMergeOptions.Default.JoinMetres);

    void HalfTheLanes(string name, NetworkMergeOptions options, double tolerance)
    {
        var path = Extracts.PathOf(name);
        var full = OsmNetworkReader.Collect(path);
        var lanes = LaneLayer.LaneWayIds(path);
        var removed = lanes.Where((_, i) => i % 2 == 0).ToHashSet();
        var (osm, layer) = LaneLayer.Split(full, removed);
        var merged = NetworkMerge.Merge(osm, layer, options, out var report);
        var expected = Graph(LaneLayer.Copy(full));
        var actual = Graph(merged);
        output.WriteLine($"{name}: {removed.Count} of {lanes.Count} lanes as a layer; {string.Join(" | ", report.Lines())}");

        var (pairs, worst) = CompareTimes(expected, actual, new Random(name.Length), 30, 60);
        output.WriteLine($"{pairs} pairs compared, max |Δ| {worst:0.000} s");
        Assert.True(pairs > 1000, $"only {pairs} pairs reached");
        Assert.True(worst <= tolerance, $"max |Δ| {worst:0.00} s");
        Assert.True(report.DuplicateKm < 0.001 * report.LayerKm, $"{report.DuplicateKm:0.000} km dropped");
        Assert.True(report.Junctions > 0);
    }

    /// <summary>No doubled roads: a layer of lanes OSM has, merged as a noded layer is by default, adds ~0 km and ~0 edges.</summary>
    [Theory, MemberData(nameof(Names))]
    public void A_layer_of_every_lane_OSM_already_has_adds_nothing(string name) =>
        EveryLaneAddsNothing(name, NetworkMergeOptions.Default.For(RoadTopology.Noded), 0.002, 20);

    /// <summary>The same with a repair layer's distance-and-direction merge.</summary>
    [Theory, MemberData(nameof(Names))]
    public void A_layer_of_every_lane_OSM_already_has_adds_nothing_with_the_repair_merge(string name) =>
        EveryLaneAddsNothing(name, NetworkMergeOptions.Default.For(RoadTopology.Repair), 0.002, 20);

    void EveryLaneAddsNothing(string name, NetworkMergeOptions options, double share, int edges)
    {
        var path = Extracts.PathOf(name);
        var full = OsmNetworkReader.Collect(path);
        var lanes = LaneLayer.LaneWayIds(path).ToHashSet();
        var (_, layer) = LaneLayer.Split(full, lanes);
        var merged = NetworkMerge.Merge(LaneLayer.Copy(full), layer, options, out var report);
        var before = Graph(LaneLayer.Copy(full));
        var after = Graph(merged);
        output.WriteLine($"{name}: {lanes.Count} lanes; {string.Join(" | ", report.Lines())}; edges {before.EdgeCount} → {after.EdgeCount}");

        Assert.True(report.LayerKm > 10, $"layer of {report.LayerKm:0.0} km");
        Assert.True(report.AddedKm < share * report.LayerKm, $"{report.AddedKm:0.000} km of {report.LayerKm:0.0} km added");
        Assert.True(after.EdgeCount - before.EdgeCount <= edges, $"edges {before.EdgeCount} → {after.EdgeCount}");
    }

    /// <summary>Walk times from <paramref name="sources"/> random nodes of the expected graph's largest component to
    /// <paramref name="targets"/> others, on both graphs; the number of pairs reached and the largest difference.</summary>
    internal static (int Pairs, double Worst) CompareTimes(WalkGraph expected, WalkGraph actual, Random rng, int sources, int targets)
    {
        // Drawn from the main component's nodes in coordinate order, so the places do not depend on how the graph numbers its nodes.
        var main = Enumerable.Range(0, expected.NodeCount).Where(n => expected.NodeComponent[n] == 0)
            .OrderBy(n => expected.NodeLat7[n]).ThenBy(n => expected.NodeLon7[n]).ToArray();
        var places = Enumerable.Range(0, sources + targets).Select(_ => main[rng.Next(main.Length)])
            .Select(n => (expected.NodeLon7[n] / WalkGraph.CoordScale, expected.NodeLat7[n] / WalkGraph.CoordScale)).ToArray();
        TravelTimes Times(WalkGraph g, out Snapper snapper)
        {
            snapper = new Snapper(g);
            var set = new SourceSet();
            for (int i = 0; i < sources; i++) set.AddPoint(snapper.SnapNearest(places[i].Item1, places[i].Item2), i);
            return BoundedDijkstra.Run(g, Metres, set);
        }
        var te = Times(expected, out var se);
        var ta = Times(actual, out var sa);
        int pairs = 0;
        double worst = 0;
        foreach (var (lon, lat) in places[sources..])
        {
            double a = te.SecondsTo(se.SnapNearest(lon, lat)), b = ta.SecondsTo(sa.SnapNearest(lon, lat));
            Assert.False(double.IsInfinity(b) && !double.IsInfinity(a), $"{lon},{lat} unreached after the merge");
            if (double.IsInfinity(a)) continue;
            pairs += sources;
            worst = Math.Max(worst, Math.Abs(a - b));
        }
        return (pairs, worst);
    }
}
