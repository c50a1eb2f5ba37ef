using System.Globalization;

namespace Coverage.Server.Region;

/// <summary>
/// A place that is stored but will not be counted as the planner expects: too far from every walkable way to join the
/// network, or outside every town of the region. Said per row in imports and in the API's answer, never silently.
/// </summary>
/// <param name="Code">"far-from-network" or "outside-towns".</param>
/// <param name="DistanceMetres">Metres to the nearest walkable way (for both codes; null when the network has no way).</param>
public sealed record PlacementWarning(string Code, string Zh, string En, double? DistanceMetres)
{
    public const string FarFromNetwork = "far-from-network", OutsideTowns = "outside-towns";

    public override string ToString() => $"{Zh} / {En}";

    internal static PlacementWarning Far(double metres, double limit) => new(FarFromNetwork,
        Format($"距最近的步行道路 {metres:0} 米，超出吸附距离 {limit:0} 米：可以保存，但不会计入任何覆盖；请核对坐标（高德、百度坐标须先转换），或在路网中补上通往它的道路"),
        Format($"{metres:0} m from the nearest walkable way, beyond the {limit:0} m snap limit: it is kept, but counts for no coverage; check its coordinates (Amap/Baidu coordinates must be converted) or add the way that reaches it to the network"),
        Math.Round(metres, 1));

    internal static PlacementWarning Outside(double? metres) => new(OutsideTowns,
        "不在区域任何镇（街道）的范围内：可以保存，但不属于任何镇，不计入各镇统计；请核对坐标，或确认它属于本区域",
        "outside every town of the region: it is kept, but belongs to no town and is in no town's figures; check its coordinates or that it belongs to this region",
        metres is { } m ? Math.Round(m, 1) : null);

    static string Format(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
