using System.Globalization;
using Coverage.Core;
using Coverage.Network.Graph;
using Coverage.Network.Search;

namespace Coverage.Bench.Network;

/// <summary>
/// <c>node-order GRAPH</c>: what numbering the graph's nodes along a Hilbert curve would do to a search, before the graph
/// builder does it (issue 14, the lead for the province's circles). The graph as built and a copy with its nodes renumbered
/// in Hilbert order of their coordinates (edges, shapes and everything else as they are) are searched from the same random
/// places, unbounded and with a 15-minute bound, CPU ms per search (median of 5, three rounds); every node's time is compared
/// between the two (they must be equal: the numbering changes the order of the work, not its answer).
/// </summary>
public static class NodeOrderFigures
{
    /// <summary>Index of cell (x, y) along the Hilbert curve over a 2^order square (the classic rotate-and-flip walk).</summary>
    static long H(int order, long x, long y)
    {
        long d = 0;
        for (long s = 1L << (order - 1); s > 0; s >>= 1)
        {
            long rx = (x & s) > 0 ? 1 : 0, ry = (y & s) > 0 ? 1 : 0;
            d += s * s * ((3 * rx) ^ ry);
            if (ry == 0) { if (rx == 1) { x = s - 1 - x; y = s - 1 - y; } (x, y) = (y, x); }
        }
        return d;
    }

    public static int Run(string[] args)
    {
        var ci = CultureInfo.InvariantCulture;
        if (args.Length != 1)
        {
            Console.Error.WriteLine("Usage: node-order GRAPH   (an extract name, grid:N or stress:SCALE)");
            return 2;
        }
        var g = BenchData.Graph(args[0]);
        int failures = 0;
        int n = g.NodeCount;
        int minX = g.NodeLon7.Min(), minY = g.NodeLat7.Min();
        long span = Math.Max(g.NodeLon7.Max() - (long)minX, g.NodeLat7.Max() - (long)minY) + 1;
        var key = new long[n]; var order = new int[n];
        for (int i = 0; i < n; i++) { order[i] = i; key[i] = H(16, (g.NodeLon7[i] - (long)minX) * 65535 / span, (g.NodeLat7[i] - (long)minY) * 65535 / span); }
        Array.Sort(key, order);
        var newId = new int[n];
        for (int k = 0; k < n; k++) newId[order[k]] = k;
        var lat = new int[n]; var lon = new int[n];
        for (int i = 0; i < n; i++) { lat[newId[i]] = g.NodeLat7[i]; lon[newId[i]] = g.NodeLon7[i]; }
        var from = g.EdgeFrom.Select(x => newId[x]).ToArray(); var to = g.EdgeTo.Select(x => newId[x]).ToArray();
        var h = WalkGraphBuilder.Assemble(lat, lon, from, to, (float[])g.EdgeLength.Clone(), (EdgeFlags[])g.EdgeFlagsOf.Clone(),
            (int[])g.ShapeFirst.Clone(), (int[])g.ShapeLat7.Clone(), (int[])g.ShapeLon7.Clone(), (int[])g.FerryEdges.Clone(), (float[])g.FerrySeconds.Clone());
        var profile = WalkProfile.Adult;
        foreach (var (count, limit) in new[] { (300, double.PositiveInfinity), (2000, 900.0), (2000, double.PositiveInfinity), (20, double.PositiveInfinity) })
        {
            var nodes = BenchData.RandomNodes(g, count, 42);
            var sg = new SourceSet(); var sh = new SourceSet();
            for (int i = 0; i < nodes.Length; i++) { sg.AddNode(nodes[i], i); sh.AddNode(newId[nodes[i]], i); }
            var spaceG = new SearchSpace(g); var timesG = new TravelTimes(g);
            var spaceH = new SearchSpace(h); var timesH = new TravelTimes(h);
            for (int round = 0; round < 3; round++)
            {
                var (_, cpuG) = Timing.Measure(5, () => BoundedDijkstra.Run(g, profile, sg, limit, spaceG, timesG));
                var (_, cpuH) = Timing.Measure(5, () => BoundedDijkstra.Run(h, profile, sh, limit, spaceH, timesH));
                int differ = 0;
                for (int i = 0; i < n; i++) if (timesG.Seconds[i] != timesH.Seconds[newId[i]]) differ++;
                if (differ > 0) failures++;
                Console.WriteLine(string.Create(ci, $"sources {count} limit {limit}: original {cpuG:N1} ms cpu, hilbert {cpuH:N1} ms cpu, ratio {cpuG / cpuH:N2}; nodes with other times {differ}"));
            }
        }
        if (failures > 0) Console.Error.WriteLine($"{failures} runs gave other times in the renumbered graph: a numbering must not change an answer");
        return failures > 0 ? 1 : 0;
    }
}
