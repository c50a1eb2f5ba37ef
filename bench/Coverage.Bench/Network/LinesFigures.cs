using System.Diagnostics;
using System.Globalization;
using Coverage.Bench.Stress;
using Coverage.Network.Graph;
using NetTopologySuite.Geometries;

namespace Coverage.Bench.Network;

/// <summary>
/// `lines [--scale N]`: one /api/network/lines request's edge selection on the stress graph (the offline basemap's pan), the old
/// every-edge scan against the shared edge index, for a street-size box, a town-size box and a zoomed-out capped view. Each
/// answer is checked equal to the scan's before it is timed.
/// </summary>
public static class LinesFigures
{
    static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        double scale = args.Length >= 2 && args[0] == "--scale" ? double.Parse(args[1], Ci) : StressCase.DefaultScale;
        var graph = StressCase.Graph(scale);
        Console.WriteLine(string.Create(Ci, $"# lines: stress graph scale {scale}, {graph.NodeCount:N0} nodes, {graph.EdgeCount:N0} edges, " +
            $"{graph.ShapeLat7.Length:N0} shape points; load {StressCase.LoadAverage()}"));
        var sw = Stopwatch.StartNew();
        var index = EdgeBoxIndex.For(graph);
        Console.WriteLine(string.Create(Ci, $"# index build (once per graph) {sw.Elapsed.TotalMilliseconds:N0} ms"));
        // Boxes centred on a busy spot: of 500 random nodes, the one whose town box holds the most edges.
        var random = new Random(14);
        int centre = Enumerable.Range(0, 500).Select(_ => random.Next(graph.NodeCount))
            .MaxBy(n => index.EdgesIn(Around(graph.NodeLon(n), graph.NodeLat(n), 0.015)).Count);
        double x = graph.NodeLon(centre), y = graph.NodeLat(centre);
        (string Name, Envelope Box, int? Cap)[] cases =
        [
            ("street ~300 m", Around(x, y, 0.0015), 20_000),
            ("town ~3 km", Around(x, y, 0.015), 20_000),
            ("county ~30 km", Around(x, y, 0.15), 20_000),
            ("whole region", Around(x, y, 10), 20_000),
        ];
        Console.WriteLine($"{"box",-16} {"edges",8} {"trunc",5} {"scan ms",9} {"cpu",8} {"index ms",9} {"cpu",8} {"ratio (cpu)",11}");
        foreach (var (name, box, cap) in cases)
        {
            var expected = OldKeepLongest(graph, EdgeBoxIndex.ScanEdgesIn(graph, box), cap);
            var actual = EdgeBoxIndex.KeepLongest(graph, index.EdgesIn(box), cap);
            if (!expected.Edges.SequenceEqual(actual.Edges) || expected.Truncated != actual.Truncated)
                throw new InvalidOperationException($"{name}: the index's answer differs from the scan's.");
            var scan = Timing.Measure(7, () => OldKeepLongest(graph, EdgeBoxIndex.ScanEdgesIn(graph, box), cap));
            var indexed = Timing.Measure(7, () => EdgeBoxIndex.KeepLongest(graph, index.EdgesIn(box), cap));
            Console.WriteLine(string.Create(Ci, $"{name,-16} {expected.Edges.Count,8:N0} {expected.Truncated,5} {scan.WallMs,9:N2} {scan.CpuMs,8:N2} " +
                $"{indexed.WallMs,9:N3} {indexed.CpuMs,8:N3} {scan.CpuMs / Math.Max(indexed.CpuMs, 1e-3),11:N0}x"));
        }
        Console.WriteLine($"# load after {StressCase.LoadAverage()}");
        return 0;
    }

    /// <summary>The request before the index: the cap by a full sort (the scan column times the old request whole).</summary>
    static (List<int> Edges, bool Truncated) OldKeepLongest(WalkGraph graph, List<int> edges, int? cap) =>
        cap is not { } most || edges.Count <= most ? (edges, false)
            : (edges.OrderByDescending(e => graph.EdgeLength[e]).ThenBy(e => e).Take(most).Order().ToList(), true);

    static Envelope Around(double x, double y, double half) => new(x - half, x + half, y - half, y + half);
}
