using Coverage.Core;
using Coverage.Core.Geo;
using Coverage.Network.Snapping;

namespace Coverage.Network.Search;

public enum WalkTimeStatus : byte
{
    Reached,
    /// <summary>The start is not on the network (too far from every walkable way, or no network).</summary>
    FromNotOnNetwork,
    /// <summary>The destination is not on the network.</summary>
    ToNotOnNetwork,
    /// <summary>Both are on the network but no walkable path joins them (different components, one-sided ways).</summary>
    NoPath,
}

/// <summary>Answer of a single-pair walk: seconds and metres (off-network legs included) and how each end was snapped.</summary>
public readonly record struct WalkTimeResult(WalkTimeStatus Status, double Seconds, double Metres, SnapResult From, SnapResult To)
{
    public bool IsReached => Status == WalkTimeStatus.Reached;
}

/// <summary>Single-pair walk time (what `coverage network time` prints): a search from one place that stops once the other is settled.</summary>
public static class WalkTime
{
    public static WalkTimeResult Between(Snapper snapper, LonLat from, LonLat to, WalkProfile profile, double maxSnapMetres = Snapper.DefaultMaxMetres)
    {
        var g = snapper.Graph;
        var a = snapper.Snap(from, maxSnapMetres);
        var b = snapper.Snap(to, maxSnapMetres);
        if (!a.IsOnNetwork) return new WalkTimeResult(WalkTimeStatus.FromNotOnNetwork, double.PositiveInfinity, double.PositiveInfinity, a, b);
        if (!b.IsOnNetwork) return new WalkTimeResult(WalkTimeStatus.ToNotOnNetwork, double.PositiveInfinity, double.PositiveInfinity, a, b);

        var sources = new SourceSet();
        sources.AddPoint(a, 0);
        var times = new TravelTimes(g);
        BoundedDijkstra.Run(g, profile, sources, double.PositiveInfinity, new SearchSpace(g), times, g.EdgeFrom[b.Edge], g.EdgeTo[b.Edge]);
        var reach = times.ReachOf(b);
        return reach.IsReached
            ? new WalkTimeResult(WalkTimeStatus.Reached, reach.Seconds, times.MetresTo(b), a, b)
            : new WalkTimeResult(WalkTimeStatus.NoPath, double.PositiveInfinity, double.PositiveInfinity, a, b);
    }
}
