using Coverage.Core;
using NetTopologySuite.Geometries;

namespace Coverage.Demo.Tests;

/// <summary>
/// A plain Dijkstra over the PBF's walkable ways (test oracle, written without the Network project): nodes are OSM
/// nodes, edges are way segments timed at the profile's speed (steps slower), ferries take their duration.
/// Places join at their nearest walkable node, walking the off-network leg at the same speed.
/// </summary>
public sealed class WalkSearch
{
    readonly long[] _ids;
    readonly Coordinate[] _at;
    readonly List<(int To, double Seconds)>[] _edges;

    public WalkSearch(OsmNetwork net, WalkProfile profile)
    {
        var index = new Dictionary<long, int>();
        var ids = new List<long>();
        int Index(long id)
        {
            if (!index.TryGetValue(id, out int i)) { index[id] = i = ids.Count; ids.Add(id); }
            return i;
        }
        var edges = new List<(int, int, double)>();
        foreach (var w in net.Walkable)
            for (int k = 0; k + 1 < w.Nodes.Length; k++)
            {
                int a = Index(w.Nodes[k]), b = Index(w.Nodes[k + 1]);
                double metres = net.NodeMetres[w.Nodes[k]].Distance(net.NodeMetres[w.Nodes[k + 1]]);
                double seconds = w.IsFerry ? OsmNetwork.FerrySeconds(w)
                    : metres / profile.SpeedMetresPerSecond * (w.Tag("highway") == "steps" ? profile.StepsTimeFactor : 1);
                edges.Add((a, b, seconds));
            }
        _ids = [.. ids];
        _at = [.. ids.Select(id => net.NodeMetres[id])];
        _edges = new List<(int, double)>[_ids.Length];
        for (int i = 0; i < _edges.Length; i++) _edges[i] = [];
        foreach (var (a, b, s) in edges) { _edges[a].Add((b, s)); _edges[b].Add((a, s)); }
        Speed = profile.SpeedMetresPerSecond;
    }

    public double Speed { get; }
    public int NodeCount => _ids.Length;

    /// <summary>Nearest walkable node and the distance to it, by brute force.</summary>
    public (int Node, double Metres) Nearest(Coordinate p)
    {
        int best = -1; double bestD = double.PositiveInfinity;
        for (int i = 0; i < _at.Length; i++)
        {
            double d = _at[i].Distance(p);
            if (d < bestD) { bestD = d; best = i; }
        }
        return (best, bestD);
    }

    /// <summary>Seconds from the nearest source to every node (multi-source Dijkstra), infinity where unreachable.</summary>
    public double[] From(IEnumerable<Coordinate> sources)
    {
        var time = Enumerable.Repeat(double.PositiveInfinity, _ids.Length).ToArray();
        var queue = new PriorityQueue<int, double>();
        foreach (var s in sources)
        {
            var (n, d) = Nearest(s);
            double t = d / Speed;
            if (t < time[n]) { time[n] = t; queue.Enqueue(n, t); }
        }
        while (queue.TryDequeue(out int u, out double tu))
        {
            if (tu > time[u]) continue;
            foreach (var (v, s) in _edges[u])
                if (tu + s < time[v]) { time[v] = tu + s; queue.Enqueue(v, time[v]); }
        }
        return time;
    }

    /// <summary>Seconds from the given sources to a place (its off-network leg walked too).</summary>
    public double To(double[] time, Coordinate place)
    {
        var (n, d) = Nearest(place);
        return time[n] + d / Speed;
    }
}
