namespace Coverage.Analysis.Circles;

/// <summary>Why a place cannot reach a facility on foot, in the words every view prints (map, list, reports, API).</summary>
public static class UnreachableText
{
    /// <summary>Id used in API answers and file columns.</summary>
    public static string Id(this Unreachable reason) => reason switch
    {
        Unreachable.NoFacility => "no-facility",
        Unreachable.OffNetwork => "off-network",
        _ => "isolated",
    };

    public static string Zh(this Unreachable reason, double? offNetworkMetres = null) => reason switch
    {
        Unreachable.NoFacility => "步行不可达：该服务圈没有可计入的设施",
        Unreachable.OffNetwork => offNetworkMetres is { } m ? $"步行不可达：距最近的步行道路 {m:0} 米，超出吸附距离" : "步行不可达：不在步行路网附近",
        _ => "步行不可达：所在路段与任何设施都不连通（孤立路段或被水隔断）",
    };

    public static string En(this Unreachable reason, double? offNetworkMetres = null) => reason switch
    {
        Unreachable.NoFacility => "cannot reach on foot: the circle has no counted facility",
        Unreachable.OffNetwork => offNetworkMetres is { } m ? $"cannot reach on foot: {m:0} m from the nearest walkable way, beyond the snap limit" : "cannot reach on foot: not near the walking network",
        _ => "cannot reach on foot: its part of the network connects to no facility (an isolated piece, or cut off by water)",
    };
}
