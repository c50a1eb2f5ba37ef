using Coverage.Core;
using Coverage.Network.Graph;
using Coverage.Network.Search;
using Coverage.Network.Snapping;

namespace Coverage.Network.Tests.Search;

/// <summary>
/// On random small graphs (one-sided ways, steps, ferries, sources and places mid-edge, time limits) the search must
/// equal an independent oracle: every source and place becomes a real node splitting its edge, and a textbook
/// O(V²) Dijkstra runs on that refined graph. The multi-source answer must also equal the minimum of single-source runs.
/// </summary>
public class RandomGraphPropertyTests
{
    const double Tol = 1e-2; // seconds; float accumulation over a few hundred seconds

    record Point(int Edge, double Offset, double Leg);

    [Fact]
    public void Multi_source_times_equal_the_refined_graph_oracle_and_the_minimum_of_single_source_runs()
    {
        var rng = new Random(20261);
        int checkedPlaces = 0;
        for (int round = 0; round < 300; round++)
        {
            var (g, walkable) = RandomGraph(rng);
            if (walkable.Count == 0) continue;
            var profile = rng.Next(2) == 0 ? WalkProfile.Adult : WalkProfile.Elderly;
            double limit = rng.Next(2) == 0 ? double.PositiveInfinity : 100 + rng.NextDouble() * 500;

            // Sources: nodes or points on walkable edges, each with an off-network leg.
            int k = 1 + rng.Next(4);
            var nodeSources = new List<(int Source, int Node, double Leg)>();
            var pointSources = new List<(int Source, Point P)>();
            var sources = new SourceSet();
            for (int s = 0; s < k; s++)
            {
                double leg = rng.Next(3) == 0 ? 0 : rng.NextDouble() * 50;
                if (rng.Next(3) == 0) { int n = rng.Next(g.NodeCount); nodeSources.Add((s, n, leg)); sources.AddNode(n, s, leg); }
                else { var p = RandomPoint(rng, g, walkable, leg); pointSources.Add((s, p)); sources.AddPoint(Snapped(g, p), s); }
            }
            var places = Enumerable.Range(0, 15).Select(_ => RandomPoint(rng, g, walkable, rng.NextDouble() * 40)).ToList();

            var multi = BoundedDijkstra.Run(g, profile, sources, limit);
            var (oracleNodes, oraclePlaces) = Oracle(g, profile, nodeSources, pointSources, places);

            // Single-source runs reuse one search space and one result buffer.
            var space = new SearchSpace(g);
            var single = new TravelTimes(g);
            var singleNodes = new float[k][];
            var singlePlaces = new float[k][];
            for (int s = 0; s < k; s++)
            {
                var one = new SourceSet();
                foreach (var ns in nodeSources.Where(x => x.Source == s)) one.AddNode(ns.Node, s, ns.Leg);
                foreach (var ps in pointSources.Where(x => x.Source == s)) one.AddPoint(Snapped(g, ps.P), s);
                BoundedDijkstra.Run(g, profile, one, limit, space, single);
                singleNodes[s] = (float[])single.Seconds.Clone();
                singlePlaces[s] = places.Select(p => single.SecondsTo(Snapped(g, p))).ToArray();
            }

            for (int v = 0; v < g.NodeCount; v++)
            {
                AssertTime(Bounded(oracleNodes[v], limit), multi.Seconds[v], limit, $"round {round} node {v}");
                float minSingle = Enumerable.Range(0, k).Min(s => singleNodes[s][v]);
                AssertTime(minSingle, multi.Seconds[v], limit, $"round {round} node {v} vs single runs");
                if (multi.Source[v] >= 0) AssertTime(multi.Seconds[v], singleNodes[multi.Source[v]][v], limit, $"round {round} node {v} source");
            }
            for (int i = 0; i < places.Count; i++)
            {
                var reach = multi.ReachOf(Snapped(g, places[i]));
                AssertTime(Bounded(oraclePlaces[i], limit), reach.Seconds, limit, $"round {round} place {i}");
                AssertTime(Enumerable.Range(0, k).Min(s => singlePlaces[s][i]), reach.Seconds, limit, $"round {round} place {i} vs single runs");
                if (reach.IsReached) AssertTime(reach.Seconds, singlePlaces[reach.Source][i], limit, $"round {round} place {i} source");
                checkedPlaces++;
            }
        }
        Assert.True(checkedPlaces > 3000);
    }

    [Fact]
    public void Reading_every_sample_at_once_gives_each_samples_ReachOf_bit_for_bit()
    {
        // The batch read the engine uses (ReadSamples) against ReachOf per sample, on random graphs with one-sided ways,
        // steps, ferries, sources on edges (seeded edges take the general path) and at nodes, limits, places exactly at
        // edge ends and off the network; and with keepBetterOnly over slots already holding times, some quicker.
        var rng = new Random(20261201);
        int compared = 0, reached = 0, kept = 0;
        for (int round = 0; round < 300; round++)
        {
            var (g, walkable) = RandomGraph(rng);
            if (walkable.Count == 0) continue;
            var profile = rng.Next(2) == 0 ? WalkProfile.Adult : WalkProfile.Elderly;
            double limit = rng.Next(2) == 0 ? double.PositiveInfinity : 50 + rng.NextDouble() * 400;
            var sources = new SourceSet();
            for (int s = 0, k = 1 + rng.Next(4); s < k; s++)
            {
                double leg = rng.Next(3) == 0 ? 0 : rng.NextDouble() * 50;
                if (rng.Next(3) == 0) sources.AddNode(rng.Next(g.NodeCount), s, leg);
                else sources.AddPoint(Snapped(g, RandomPoint(rng, g, walkable, leg)), s);
            }
            var times = BoundedDijkstra.Run(g, profile, sources, limit);
            var snaps = Enumerable.Range(0, 40).Select(i =>
            {
                var snap = Snapped(g, RandomPoint(rng, g, walkable, rng.NextDouble() * 60));
                return SampleSnap.Of(i % 10 == 9 ? snap with { Status = SnapStatus.TooFar } : snap);
            }).Append(SampleSnap.Of(new SnapResult(SnapStatus.NoNetwork, 0, 0, -1, -1, 0, double.NaN, double.NaN, double.PositiveInfinity, -1, false)))
              .ToArray();

            var seconds = new float[snaps.Length];
            var source = new int[snaps.Length];
            times.ReadSamples(snaps, seconds, source, keepBetterOnly: false);
            // A frozen copy read one sample at a time (how the engine holds a search's sample times) answers as ReadSamples
            // did, also after the search it was copied from has run again from other sources; its seconds-only read too.
            // Every other round the answer takes the search's arrays over (TakeFrozen) instead of copying them.
            var frozen = round % 2 == 0 ? times.Frozen() : times.TakeFrozen();
            var rerun = new SourceSet();
            rerun.AddNode(rng.Next(g.NodeCount), 7, 0);
            BoundedDijkstra.Run(g, profile, rerun, limit, new SearchSpace(g), times);
            // The search copied or handed over goes on as a new one would: its next search answers as a fresh TravelTimes does.
            var fresh = BoundedDijkstra.Run(g, profile, rerun, limit);
            Assert.Equal(fresh.Seconds, times.Seconds);
            Assert.Equal(fresh.Source, times.Source);
            Assert.Equal(fresh.ParentArc, times.ParentArc);
            if (round % 2 == 1) Assert.Throws<InvalidOperationException>(() => frozen.TakeFrozen());
            var reader = frozen.Reader;
            for (int i = 0; i < snaps.Length; i++)
            {
                float t = reader.Read(snaps[i], out int f);
                Assert.True(BitConverter.SingleToInt32Bits(t) == BitConverter.SingleToInt32Bits(seconds[i]) && f == source[i],
                    $"round {round} sample {i}: frozen read {t:R} from {f}, ReadSamples {seconds[i]:R} from {source[i]}");
                Assert.Equal(BitConverter.SingleToInt32Bits(seconds[i]), BitConverter.SingleToInt32Bits(reader.Seconds(snaps[i])));
            }
            Assert.Throws<InvalidOperationException>(() => BoundedDijkstra.Run(g, profile, rerun, limit, new SearchSpace(g), frozen));
            times = frozen; // ReachOf below from the copy: the same search

            var before = snaps.Select(_ => rng.Next(3) == 0 ? float.PositiveInfinity : (float)(rng.NextDouble() * 300)).ToArray();
            var keptSeconds = (float[])before.Clone();
            var keptSource = before.Select(t => float.IsPositiveInfinity(t) ? -1 : 99).ToArray();
            times.ReadSamples(snaps, keptSeconds, keptSource, keepBetterOnly: true);
            for (int i = 0; i < snaps.Length; i++)
            {
                var reach = snaps[i].IsOnNetwork ? times.ReachOf(snaps[i]) : Reach.None;
                Assert.True(BitConverter.SingleToInt32Bits(reach.Seconds) == BitConverter.SingleToInt32Bits(seconds[i]) && reach.Source == source[i],
                    $"round {round} sample {i}: ReachOf {reach.Seconds:R} from {reach.Source}, read {seconds[i]:R} from {source[i]}");
                bool better = reach.IsReached && reach.Seconds < before[i];
                Assert.Equal(better ? reach.Seconds : before[i], keptSeconds[i]);
                Assert.Equal(better ? reach.Source : float.IsPositiveInfinity(before[i]) ? -1 : 99, keptSource[i]);
                compared++;
                if (reach.IsReached) reached++;
                if (better) kept++;
            }
        }
        Assert.True(compared > 10_000 && reached > 5_000 && kept > 1_000, $"{compared} samples, {reached} reached, {kept} kept");

        // A tie: sources at both ends of one edge, the place at its middle. Both ends arrive at the same float time; ReachOf
        // gives it to the lower source (0, at EdgeFrom; SourceTieTests has it the other way round), and so must the batch read.
        var net = new LocalNetwork();
        int a = net.Node(0, 0), b = net.Node(100, 0);
        int edge = net.Edge(a, b);
        var tied = net.Build();
        var ends = new SourceSet();
        ends.AddNode(a, 0, 0);
        ends.AddNode(b, 1, 0);
        var result = BoundedDijkstra.Run(tied, WalkProfile.Adult, ends);
        var middle = SampleSnap.Of(Snapped(tied, new Point(edge, tied.EdgeLength[edge] / 2, 0)));
        var tieSeconds = new float[1];
        var tieSource = new int[1];
        result.ReadSamples([middle], tieSeconds, tieSource, keepBetterOnly: false);
        Assert.Equal((result.ReachOf(middle).Seconds, 0), (tieSeconds[0], tieSource[0]));
        Assert.Equal((result.ReachOf(middle).Seconds, 0), (result.Frozen().Reader.Read(middle, out int tieFrozen), tieFrozen));
    }

    [Fact]
    public void Several_searches_read_together_give_each_samples_ReachOf_bit_for_bit()
    {
        // SampleReaderSet reads a sample's edge once and then every wanted search's seconds at it (scoring all circles at
        // once). Against the general path, ReachOf per search and sample, on random graphs where most sources sit on edges
        // (points, and stretches as a trail gives), so that many samples share an edge with a source (the seeded path) as
        // well as the plain one; slots not wanted keep what they held.
        var rng = new Random(20261203);
        int compared = 0, seededCompared = 0, reached = 0;
        for (int round = 0; round < 300; round++)
        {
            var (g, walkable) = RandomGraph(rng);
            if (walkable.Count == 0) continue;
            var searches = new List<TravelTimes>();
            for (int n = 1 + rng.Next(4); searches.Count < n;)
            {
                var profile = rng.Next(2) == 0 ? WalkProfile.Adult : WalkProfile.Elderly;
                double limit = rng.Next(2) == 0 ? double.PositiveInfinity : 50 + rng.NextDouble() * 400;
                var sources = new SourceSet();
                for (int s = 0, k = 1 + rng.Next(4); s < k; s++)
                {
                    double leg = rng.Next(3) == 0 ? 0 : rng.NextDouble() * 50;
                    int kind = rng.Next(5);
                    if (kind == 0) sources.AddNode(rng.Next(g.NodeCount), s, leg);
                    else if (kind <= 2) sources.AddPoint(Snapped(g, RandomPoint(rng, g, walkable, leg)), s);
                    else
                    {
                        // A stretch of an edge (a trail along it), its leg varying along it.
                        int e = walkable[rng.Next(walkable.Count)];
                        double a = rng.NextDouble() * g.EdgeLength[e], b = a + rng.NextDouble() * (g.EdgeLength[e] - a);
                        sources.AddStretch(e, a, b, leg, rng.NextDouble() * 50, s);
                    }
                }
                searches.Add(BoundedDijkstra.Run(g, profile, sources, limit).Frozen());
            }
            var set = new SampleReaderSet(searches);
            var wanted = new bool[searches.Count];
            var into = new float[searches.Count];
            for (int i = 0; i < 40; i++)
            {
                var snap = SampleSnap.Of(Snapped(g, RandomPoint(rng, g, walkable, rng.NextDouble() * 60)));
                if (i % 10 == 9) snap = SampleSnap.Of(Snapped(g, RandomPoint(rng, g, walkable, 0)) with { Status = SnapStatus.TooFar });
                for (int j = 0; j < wanted.Length; j++) { wanted[j] = rng.Next(4) != 0; into[j] = -j - 1; }
                set.Seconds(snap, wanted, into);
                for (int j = 0; j < wanted.Length; j++)
                {
                    if (!wanted[j]) { Assert.Equal(-j - 1, into[j]); continue; }
                    var reach = snap.IsOnNetwork ? searches[j].ReachOf(snap) : Reach.None;
                    Assert.True(BitConverter.SingleToInt32Bits(reach.Seconds) == BitConverter.SingleToInt32Bits(into[j]),
                        $"round {round} sample {i} search {j}: ReachOf {reach.Seconds:R}, read together {into[j]:R}");
                    compared++;
                    if (reach.IsReached) reached++;
                    if (snap.IsOnNetwork && TravelTimes.IsSeeded(searches[j].SeededEdges, snap.Edge)) seededCompared++;
                }
            }
        }
        Assert.True(compared > 10_000 && seededCompared > 1_000 && reached > 5_000, $"{compared} read, {seededCompared} on a seeded edge, {reached} reached");

        // Searches over different graphs cannot be read together.
        var (g1, _) = RandomGraph(new Random(1));
        var (g2, _) = RandomGraph(new Random(2));
        var one = new SourceSet();
        one.AddNode(0, 0, 0);
        Assert.Throws<ArgumentException>(() => new SampleReaderSet([BoundedDijkstra.Run(g1, WalkProfile.Adult, one), BoundedDijkstra.Run(g2, WalkProfile.Adult, one)]));
    }

    static double Bounded(double t, double limit) => t <= limit ? t : double.PositiveInfinity;

    static void AssertTime(double expected, double actual, double limit, string where)
    {
        if (Math.Abs(expected - limit) < Tol || Math.Abs(actual - limit) < Tol) return; // on the limit either answer is fair
        if (double.IsPositiveInfinity(expected)) Assert.True(double.IsPositiveInfinity(actual), $"{where}: expected unreached, got {actual}");
        else Assert.True(Math.Abs(expected - actual) <= Tol, $"{where}: expected {expected}, got {actual}");
    }

    static SnapResult Snapped(WalkGraph g, Point p) =>
        new(SnapStatus.OnNetwork, 0, 0, p.Edge, 0, p.Offset, 0, 0, p.Leg, g.NodeComponent[g.EdgeFrom[p.Edge]], false);

    static Point RandomPoint(Random rng, WalkGraph g, List<int> walkable, double leg)
    {
        int e = walkable[rng.Next(walkable.Count)];
        double length = g.EdgeLength[e];
        // Half-metre steps, sometimes exactly at an end: positions are either the same place or clearly apart.
        double x = rng.Next(10) switch { 0 => 0, 1 => length, _ => Math.Floor(rng.NextDouble() * length * 2) / 2 };
        if (length - x < 0.05) x = length;
        return new Point(e, x, leg);
    }

    static (WalkGraph G, List<int> Walkable) RandomGraph(Random rng)
    {
        var net = new LocalNetwork();
        int n = 4 + rng.Next(22);
        for (int i = 0; i < n; i++) net.Node(rng.NextDouble() * 600, rng.NextDouble() * 600);
        var walkable = new List<int>();
        int m = n + rng.Next(n + 1);
        for (int k = 0; k < m; k++)
        {
            int u = rng.Next(n), v = rng.Next(n);
            if (u == v) continue;
            if (rng.Next(12) == 0) { net.Ferry(u, v, 30 + rng.Next(270)); continue; }
            var flags = rng.Next(10) switch { < 6 => EdgeFlags.Both, < 8 => EdgeFlags.Forward, _ => EdgeFlags.Backward };
            if (rng.Next(6) == 0) flags |= EdgeFlags.Steps;
            walkable.Add(net.Edge(u, v, flags));
        }
        return (net.Build(), walkable);
    }

    /// <summary>Splits every edge at the points on it and runs an O(V²) Dijkstra; returns times of the original nodes and of the places.</summary>
    static (double[] Nodes, double[] Places) Oracle(WalkGraph g, WalkProfile profile,
        List<(int Source, int Node, double Leg)> nodeSources, List<(int Source, Point P)> pointSources, List<Point> places)
    {
        int n = g.NodeCount, total = n + pointSources.Count + places.Count;
        var cost = new double[total, total];
        for (int i = 0; i < total; i++) for (int j = 0; j < total; j++) cost[i, j] = i == j ? 0 : double.PositiveInfinity;
        void Arc(int from, int to, double c) => cost[from, to] = Math.Min(cost[from, to], c);

        var onEdge = new List<(double X, int Vertex)>[g.EdgeCount];
        for (int e = 0; e < g.EdgeCount; e++) onEdge[e] = [(0, g.EdgeFrom[e]), (g.EdgeLength[e], g.EdgeTo[e])];
        for (int i = 0; i < pointSources.Count; i++) onEdge[pointSources[i].P.Edge].Add((pointSources[i].P.Offset, n + i));
        for (int i = 0; i < places.Count; i++) onEdge[places[i].Edge].Add((places[i].Offset, n + pointSources.Count + i));

        for (int e = 0; e < g.EdgeCount; e++)
        {
            var flags = g.EdgeFlagsOf[e];
            bool fwd = (flags & EdgeFlags.Forward) != 0, bwd = (flags & EdgeFlags.Backward) != 0;
            if ((flags & EdgeFlags.Ferry) != 0)
            {
                double secs = g.FerrySecondsOf(e);
                if (fwd) Arc(g.EdgeFrom[e], g.EdgeTo[e], secs);
                if (bwd) Arc(g.EdgeTo[e], g.EdgeFrom[e], secs);
                continue;
            }
            double perMetre = ((flags & EdgeFlags.Steps) != 0 ? profile.StepsTimeFactor : 1) / profile.SpeedMetresPerSecond;
            var chain = onEdge[e].OrderBy(p => p.X).ToList();
            for (int i = 0; i + 1 < chain.Count; i++)
            {
                var (a, b) = (chain[i], chain[i + 1]);
                double d = b.X - a.X;
                if (fwd || d == 0) Arc(a.Vertex, b.Vertex, d * perMetre);  // the same place needs no walking either way
                if (bwd || d == 0) Arc(b.Vertex, a.Vertex, d * perMetre);
            }
        }

        var dist = new double[total];
        Array.Fill(dist, double.PositiveInfinity);
        foreach (var s in nodeSources) dist[s.Node] = Math.Min(dist[s.Node], s.Leg / profile.SpeedMetresPerSecond);
        for (int i = 0; i < pointSources.Count; i++) dist[n + i] = Math.Min(dist[n + i], pointSources[i].P.Leg / profile.SpeedMetresPerSecond);
        var done = new bool[total];
        for (int round = 0; round < total; round++)
        {
            int u = -1;
            for (int v = 0; v < total; v++) if (!done[v] && (u < 0 || dist[v] < dist[u])) u = v;
            if (double.IsPositiveInfinity(dist[u])) break;
            done[u] = true;
            for (int v = 0; v < total; v++) dist[v] = Math.Min(dist[v], dist[u] + cost[u, v]);
        }
        var placeTimes = places.Select((p, i) => dist[n + pointSources.Count + i] + p.Leg / profile.SpeedMetresPerSecond).ToArray();
        return (dist[..n], placeTimes);
    }
}
