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
    /// <summary>Both are on the network but no walkable path joins them (see <see cref="WalkTimeResult.Cause"/>).</summary>
    NoPath,
}

/// <summary>Answer of a single-pair walk: seconds and metres (off-network legs included) and how each end was snapped.</summary>
/// <param name="Cause">Why there is no path, when <paramref name="Status"/> is <see cref="WalkTimeStatus.NoPath"/>.</param>
public readonly record struct WalkTimeResult(WalkTimeStatus Status, double Seconds, double Metres, SnapResult From, SnapResult To,
    NoPathCause? Cause = null)
{
    public bool IsReached => Status == WalkTimeStatus.Reached;
}

/// <summary>Single-pair walk time (what `coverage network time` prints): a search from one place that stops once the other is settled.</summary>
public static class WalkTime
{
    /// <summary>Places closer than this are the same place: the graph stores positions to 1e-7°, about 1 cm.</summary>
    public const double SamePlaceMetres = Snapper.ResolutionMetres;

    /// <summary>
    /// Walk time from <paramref name="from"/> to <paramref name="to"/>: the start's off-network leg, the network path,
    /// the destination's leg. The rule for places off the network: legs are always walked to and from the network,
    /// even when both places join it at the same point (two houses either side of a lane both walk to the lane),
    /// because a straight walk between two off-network places may cross water; this is how coverage counts a
    /// settlement and a facility too. The one exception is the same place (within <see cref="SamePlaceMetres"/>),
    /// which is 0 s and 0 m from itself, once it is known to be on the network.
    /// </summary>
    public static WalkTimeResult Between(Snapper snapper, LonLat from, LonLat to, WalkProfile profile, double maxSnapMetres = Snapper.DefaultMaxMetres)
    {
        var g = snapper.Graph;
        var a = snapper.Snap(from, maxSnapMetres);
        var b = snapper.Snap(to, maxSnapMetres);
        if (!a.IsOnNetwork) return new WalkTimeResult(WalkTimeStatus.FromNotOnNetwork, double.PositiveInfinity, double.PositiveInfinity, a, b);
        if (!b.IsOnNetwork) return new WalkTimeResult(WalkTimeStatus.ToNotOnNetwork, double.PositiveInfinity, double.PositiveInfinity, a, b);
        if (Geodesy.GeodesicMetres(from.Lon, from.Lat, to.Lon, to.Lat) < SamePlaceMetres)
            return new WalkTimeResult(WalkTimeStatus.Reached, 0, 0, a, b);

        var sources = new SourceSet();
        sources.AddPoint(a, 0);
        var times = new TravelTimes(g);
        BoundedDijkstra.Run(g, profile, sources, double.PositiveInfinity, new SearchSpace(g), times, g.EdgeFrom[b.Edge], g.EdgeTo[b.Edge]);
        var reach = times.ReachOf(b);
        return reach.IsReached
            ? new WalkTimeResult(WalkTimeStatus.Reached, reach.Seconds, times.MetresTo(b), a, b)
            : new WalkTimeResult(WalkTimeStatus.NoPath, double.PositiveInfinity, double.PositiveInfinity, a, b, NoPathCause.Of(snapper, a, b));
    }
}
