using Coverage.Core;
using Coverage.Network.Osm;
using Coverage.Network.Search;
using Coverage.Network.Snapping;
using Coverage.Network.Tests.Support;
using Xunit.Abstractions;

namespace Coverage.Network.Tests.Search;

/// <summary>
/// On every shared extract, snapping and walk times from random places equal the uncompressed OSM segment graph
/// oracle (<see cref="OsmSegmentGraph"/>) to within 1 m: multi-source, single-source, time-limited and single-pair.
/// </summary>
public class RealExtractWalkTimeTests(ITestOutputHelper output)
{
    /// <summary>1 m/s and no steps penalty: seconds read as metres walked.</summary>
    static readonly WalkProfile Metres = new("metres-oracle", "米", "Metres", 1.0, 1.0, "test profile: seconds equal metres");

    public static TheoryData<string> Names => new(Extracts.All);

    [Theory, MemberData(nameof(Names))]
    public void Walk_times_from_random_places_equal_the_uncompressed_way_graph(string name)
    {
        var path = Extracts.PathOf(name);
        var (graph, _) = OsmNetworkReader.Read(path);
        var snapper = new Snapper(graph);
        var oracle = OsmSegmentGraph.Read(path);
        var rng = new Random(name.Length * 7919 + name[0]);
        var walkable = Enumerable.Range(0, oracle.Segments.Count).Where(s => (oracle.Segments[s].Flags & Graph.EdgeFlags.Ferry) == 0).ToArray();
        var onIsland = IslandSegments(oracle, graph, snapper);

        // Places within 40 m of a random point of a random way; each snapped by us and by brute force.
        var places = Enumerable.Range(0, 70).Select(_ =>
        {
            var (lon, lat) = oracle.PointOn(walkable[rng.Next(walkable.Length)], rng.NextDouble());
            double r = rng.NextDouble() * 40, a = rng.NextDouble() * 2 * Math.PI;
            var (ky, kx) = Core.Geo.Geodesy.MetresPerDegree(lat);
            lon += r * Math.Cos(a) / kx; lat += r * Math.Sin(a) / ky;
            var ours = snapper.Snap(lon, lat);
            var theirs = oracle.Snap(lon, lat, s => onIsland[s], Snapper.DefaultMaxMetres);
            Assert.True(ours.IsOnNetwork, $"{name}: {lon},{lat} not snapped ({ours.DistanceMetres:0.0} m)");
            Assert.Equal(theirs.Leg, ours.DistanceMetres, 0.01);
            return (Ours: ours, Theirs: theirs);
        }).ToArray();
        var sources = places[..20];
        var targets = places[20..];

        double worst = 0;
        int compared = 0, reached = 0;
        void Compare(WalkProfile profile, IEnumerable<int> sourceIndexes, double limit, double tolerance)
        {
            var set = new SourceSet();
            foreach (int i in sourceIndexes) set.AddPoint(sources[i].Ours, i);
            var times = BoundedDijkstra.Run(graph, profile, set, limit);
            var oracleSources = sourceIndexes.Select(i => sources[i].Theirs).ToList();
            var dist = oracle.Times(oracleSources, profile.SpeedMetresPerSecond, profile.StepsTimeFactor);
            foreach (var t in targets)
            {
                double expected = oracle.TimeTo(dist, oracleSources, t.Theirs, profile.SpeedMetresPerSecond, profile.StepsTimeFactor);
                double actual = times.SecondsTo(t.Ours);
                compared++;
                if (Math.Abs(expected - limit) <= tolerance) continue; // on the limit either answer is fair
                if (double.IsPositiveInfinity(expected) || expected > limit) { Assert.True(double.IsPositiveInfinity(actual), $"{name}: expected unreached within {limit}, got {actual}"); continue; }
                Assert.True(Math.Abs(expected - actual) <= tolerance, $"{name} {profile.Id}: expected {expected:0.00}, got {actual:0.00}");
                worst = Math.Max(worst, Math.Abs(expected - actual));
                reached++;
            }
        }

        var all = Enumerable.Range(0, 20).ToArray();
        Compare(Metres, all, double.PositiveInfinity, 1.0);
        Compare(Metres, all, 600, 1.0);
        Compare(WalkProfile.Adult, all, double.PositiveInfinity, 1.0 / 1.2);
        foreach (int i in new[] { 0, 1, 2 }) Compare(Metres, [i], double.PositiveInfinity, 1.0);

        // Single pair, source i to target i: what `coverage network time` answers.
        for (int i = 0; i < 3; i++)
        {
            var fromSource = oracle.Times([sources[i].Theirs], 1, 1);
            double expected = oracle.TimeTo(fromSource, [sources[i].Theirs], targets[i].Theirs, 1, 1);
            var r = WalkTime.Between(snapper, new(sources[i].Ours.Lon, sources[i].Ours.Lat), new(targets[i].Ours.Lon, targets[i].Ours.Lat), Metres);
            if (double.IsPositiveInfinity(expected)) Assert.Equal(WalkTimeStatus.NoPath, r.Status);
            else
            {
                Assert.Equal(expected, r.Seconds, 1.0);
                Assert.Equal(expected, r.Metres, 1.0);
            }
        }
        output.WriteLine($"{name}: {graph.NodeCount} graph nodes vs {oracle.VertexCount} OSM vertices; {compared} times compared, {reached} reached, worst difference {worst:0.000}");
        Assert.True(reached > compared / 4, $"{name}: only {reached} of {compared} targets reached");
    }

    /// <summary>
    /// Which oracle segments lie on an island: the oracle finds its own connected pieces; whether a piece is an island
    /// is the snapper's verdict on the graph component of any of its vertices that is a graph node (the size rule
    /// itself is tested on hand-built graphs).
    /// </summary>
    static bool[] IslandSegments(OsmSegmentGraph oracle, Graph.WalkGraph graph, Snapper snapper)
    {
        var nodeAt = new Dictionary<(int, int), int>();
        for (int n = 0; n < graph.NodeCount; n++) nodeAt[(graph.NodeLon7[n], graph.NodeLat7[n])] = n;
        var pieces = oracle.SegmentPieces();
        var verdict = new Dictionary<int, bool>();
        for (int s = 0; s < oracle.Segments.Count; s++)
            foreach (int v in (ReadOnlySpan<int>)[oracle.Segments[s].A, oracle.Segments[s].B])
                if (!verdict.ContainsKey(pieces[s]) && nodeAt.TryGetValue(oracle.Fixed(v), out int node))
                    verdict[pieces[s]] = snapper.IsIsland(graph.NodeComponent[node]);
        return [.. pieces.Select(p => verdict.TryGetValue(p, out bool island) ? island
            : throw new InvalidOperationException($"oracle piece {p} has no vertex at a graph node"))];
    }
}
