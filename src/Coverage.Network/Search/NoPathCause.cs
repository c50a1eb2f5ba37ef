using System.Globalization;
using Coverage.Network.Snapping;

namespace Coverage.Network.Search;

public enum NoPathReason : byte
{
    /// <summary>The start could only join an island: no main-network way lies within the snap limit.</summary>
    FromOnIsland,
    /// <summary>The destination could only join an island.</summary>
    ToOnIsland,
    /// <summary>Both joined the main network, but on two pieces of it that no walkable way links.</summary>
    SeparateNetworks,
    /// <summary>Both are on one connected piece, but one-sided foot access leaves no path in this direction.</summary>
    OneSidedWays,
}

/// <summary>
/// Why two snapped places have no walking path between them, with the figures a planner needs to act: how big the
/// island is and how far its place is from the main network, or how big the two separate networks are.
/// </summary>
/// <param name="Edges">Walkable edges of the island (for Separate networks: of the start's network).</param>
/// <param name="Metres">Their length in metres.</param>
/// <param name="OtherEdges">Separate networks: walkable edges of the destination's network; otherwise 0.</param>
/// <param name="MainNetworkMetres">Island: geodesic metres from the place to the nearest main-network way; otherwise NaN.</param>
public readonly record struct NoPathCause(NoPathReason Reason, int Edges, double Metres, int OtherEdges, double MainNetworkMetres)
{
    static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary>The cause for two places on the network that the search did not join.</summary>
    public static NoPathCause Of(Snapper snapper, in SnapResult from, in SnapResult to)
    {
        if (from.Component == to.Component) return new(NoPathReason.OneSidedWays, 0, 0, 0, double.NaN);
        if (from.IsOnIsland || to.IsOnIsland)
        {
            var place = from.IsOnIsland ? from : to;
            var (edges, metres) = snapper.ComponentSize(place.Component);
            return new(from.IsOnIsland ? NoPathReason.FromOnIsland : NoPathReason.ToOnIsland, edges, metres, 0,
                snapper.MainNetworkMetres(place.Lon, place.Lat));
        }
        var (a, aMetres) = snapper.ComponentSize(from.Component);
        return new(NoPathReason.SeparateNetworks, a, aMetres, snapper.ComponentSize(to.Component).Edges, double.NaN);
    }

    /// <summary>One bilingual line (简体中文 / English); <paramref name="maxSnapMetres"/> is the snap limit that was used.</summary>
    public string Describe(double maxSnapMetres)
    {
        switch (Reason)
        {
            case NoPathReason.FromOnIsland or NoPathReason.ToOnIsland:
                var (zh, en) = Reason == NoPathReason.FromOnIsland ? ("起点", "The start") : ("终点", "The destination");
                return string.Create(Ci,
                    $"{zh}只能接入一片与主路网不连通的孤立小路网（{Edges} 段路，共 {Metres:0} 米），最近的主路网道路在 {MainNetworkMetres:0} 米外，超出接入上限 {maxSnapMetres:0} 米 / " +
                    $"{en} can only join an island: a piece of network cut off from the main one ({Edges} ways, {Metres:0} m in all); " +
                    $"the nearest main-network way is {MainNetworkMetres:0} m away, beyond the {maxSnapMetres:0} m snap limit.");
            case NoPathReason.SeparateNetworks:
                return string.Create(Ci,
                    $"起点和终点位于两片互不连通的路网上（{Edges} 段路与 {OtherEdges} 段路），地图中没有桥梁、渡口或道路把它们连起来 / " +
                    $"The start and destination are on two networks that no walkable way links ({Edges} and {OtherEdges} ways): the map has no bridge, ferry or path between them.");
            default:
                return "起点和终点在同一片路网上，但单向步行限制（oneway:foot、foot:forward/backward）使这个方向无路可走 / " +
                    "The start and destination are on one network, but one-sided foot access (oneway:foot, foot:forward/backward) leaves no path in this direction.";
        }
    }
}
