using Coverage.Network.Graph;
using Coverage.Network.Snapping;

namespace Coverage.Server.Tests.Support;

/// <summary>
/// Which point settlements join an island, found by brute force: components labelled here by a breadth-first search over
/// the graph's edges (not the graph's own labels), each point measured against every segment of every edge in a local
/// flat metric (no grid), and the snapper's documented rule applied: an island is a non-main component smaller than
/// <see cref="SnapOptions.IslandThreshold"/>; a place whose nearest way is on an island joins the main network instead
/// when a non-island way is within the snap limit and at most <see cref="SnapOptions.MainNetworkSlackMetres"/> farther.
/// </summary>
public static class IslandOracle
{
    public sealed record Island(int Nodes, int Settlements, long People);

    public static List<Island> Islands(WalkGraph g, IEnumerable<(double Lon, double Lat, int People)> places, double maxSnap = 500)
    {
        var (label, sizes) = Components(g);
        int main = Array.IndexOf(sizes, sizes.Max());
        double threshold = SnapOptions.Default.IslandThreshold(sizes[main]);
        bool IsIsland(int c) => c != main && sizes[c] < threshold;
        var people = new Dictionary<int, (int Count, long People)>();
        foreach (var (lon, lat, pop) in places)
        {
            double best = double.PositiveInfinity, bestMain = double.PositiveInfinity;
            int bestComp = -1;
            for (int e = 0; e < g.EdgeCount; e++)
            {
                double d = Distance(g, e, lon, lat);
                int c = label[g.EdgeFrom[e]];
                if (d < best) { best = d; bestComp = c; }
                if (!IsIsland(c) && d < bestMain) bestMain = d;
            }
            if (bestComp < 0 || best > maxSnap || !IsIsland(bestComp)) continue;
            if (bestMain <= Math.Min(maxSnap, best + SnapOptions.Default.MainNetworkSlackMetres)) continue;
            var (n, p) = people.GetValueOrDefault(bestComp);
            people[bestComp] = (n + 1, p + pop);
        }
        return people.Select(kv => new Island(sizes[kv.Key], kv.Value.Count, kv.Value.People))
            .OrderBy(i => i.Nodes).ThenBy(i => i.Settlements).ThenBy(i => i.People).ToList();
    }

    static (int[] Label, int[] Sizes) Components(WalkGraph g)
    {
        var adjacency = new List<int>[g.NodeCount];
        for (int n = 0; n < g.NodeCount; n++) adjacency[n] = [];
        for (int e = 0; e < g.EdgeCount; e++) { adjacency[g.EdgeFrom[e]].Add(g.EdgeTo[e]); adjacency[g.EdgeTo[e]].Add(g.EdgeFrom[e]); }
        var label = Enumerable.Repeat(-1, g.NodeCount).ToArray();
        var sizes = new List<int>();
        for (int s = 0; s < g.NodeCount; s++)
        {
            if (label[s] >= 0) continue;
            int c = sizes.Count, size = 0;
            var queue = new Queue<int>([s]);
            label[s] = c;
            while (queue.TryDequeue(out int n))
            {
                size++;
                foreach (int m in adjacency[n]) if (label[m] < 0) { label[m] = c; queue.Enqueue(m); }
            }
            sizes.Add(size);
        }
        return (label, sizes.ToArray());
    }

    /// <summary>Metres from a point to edge e's polyline in a flat metric around the point (exact enough within 1 km).</summary>
    static double Distance(WalkGraph g, int e, double lon, double lat)
    {
        double ky = 111_132.954, kx = 111_319.49 * Math.Cos(lat * Math.PI / 180);
        double best = double.PositiveInfinity;
        var (pLon, pLat) = g.EdgePoint(e, 0);
        for (int i = 1; i < g.EdgePointCount(e); i++)
        {
            var (qLon, qLat) = g.EdgePoint(e, i);
            double ax = (pLon - lon) * kx, ay = (pLat - lat) * ky, bx = (qLon - lon) * kx, by = (qLat - lat) * ky;
            double dx = bx - ax, dy = by - ay, len = dx * dx + dy * dy;
            double t = len == 0 ? 0 : Math.Clamp(-(ax * dx + ay * dy) / len, 0, 1);
            double x = ax + t * dx, y = ay + t * dy;
            best = Math.Min(best, Math.Sqrt(x * x + y * y));
            (pLon, pLat) = (qLon, qLat);
        }
        return best;
    }
}
