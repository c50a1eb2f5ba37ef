using System.Globalization;
using Coverage.Core.Geo;

namespace Coverage.Network.Osm;

/// <summary>
/// The country-dependent part of the pedestrian rules: whether trunk roads are walkable, what marks an urban
/// expressway, and how long a walker waits for a ferry. <see cref="PedestrianAccess"/> holds the rule table itself;
/// this record only says which rows apply. Chosen per extract by <see cref="For(double, double)"/> (China or not), or
/// given explicitly (<see cref="OsmNetworkReader.Read(string, IProgress{double}?, RoadRules?)"/>).
/// </summary>
/// <param name="Name">Short name, part of the graph cache key.</param>
/// <param name="TrunkWalkable">
/// highway=trunk/trunk_link are walkable unless an urban-expressway mark says otherwise. China: national and provincial
/// roads (国道/省道) are tagged trunk and are often the only link between villages; people walk them. GraphHopper's
/// FootAccessParser allows trunk/trunk_link for foot (its "avoid" list) and skips motorroad=yes; the OSM wiki's
/// Key:motorroad says motorroad=yes commonly bans pedestrians. (The wiki's "OSM tags for routing/Access restrictions"
/// China row could not be read from here; GraphHopper's default is the stated source.) Elsewhere (DESIGN.md): trunk
/// only with foot=yes or a sidewalk.
/// </param>
/// <param name="ElevatedBridgeMetres">
/// China: a run of connected trunk bridge ways longer than this is an elevated road (高架), not walkable. 300 m: longer
/// than the bridges of rural national roads over creeks and canals (tens of metres, rarely 200 m), shorter than the
/// elevated ring and arterial roads of cities (kilometres, split into ways of a few hundred metres each).
/// </param>
/// <param name="FerryDefaultWaitSeconds">
/// Waiting time added once per crossing to a ferry without an interval=* tag (with one: half the interval).
/// China: 300 s, Valhalla's default ferry_cost (kDefaultFerryCost = 300 s in its sif costing, pedestrian included):
/// small 渡口 run on demand or every 10–20 minutes. Default set: 0, keeping the walk times outside China that were
/// validated against an independent router (which adds no wait) unchanged.
/// </param>
public sealed record RoadRules(string Name, bool TrunkWalkable, double ElevatedBridgeMetres, double FerryDefaultWaitSeconds)
{
    /// <summary>Valhalla's default ferry_cost in seconds, the source of the China set's ferry wait.</summary>
    public const double ValhallaFerryCostSeconds = 300;

    /// <summary>Today's rules: trunk only with foot=yes (or a sidewalk), no default ferry wait.</summary>
    public static readonly RoadRules Default = new("default", false, double.PositiveInfinity, 0);

    /// <summary>China: rural trunk roads walkable, urban expressways, tunnels and elevated roads not; 5 min ferry wait.</summary>
    public static readonly RoadRules China = new("china", true, 300, ValhallaFerryCostSeconds);

    /// <summary>The rule set of the place at (lon, lat): <see cref="China"/> inside <see cref="ChinaRegion"/>, else <see cref="Default"/>.</summary>
    public static RoadRules For(double lon, double lat) => ChinaRegion.Contains(lon, lat) ? China : Default;

    /// <summary>
    /// The rule set a planner names (region.json "rules", `--rules`): china | default, optionally with the ferry wait in
    /// seconds after a colon ("china:600"); null, empty or "auto" → null (chosen from where the data lie).
    /// </summary>
    public static RoadRules? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase)) return null;
        var parts = text.Trim().Split(':', 2);
        var set = parts[0].ToLowerInvariant() switch
        {
            "china" or "cn" => China,
            "default" => Default,
            _ => throw Unknown(text),
        };
        if (parts.Length == 1) return set;
        return double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var wait) && wait is >= 0 and <= 7200
            ? set with { FerryDefaultWaitSeconds = wait }
            : throw Unknown(text);
    }

    static Coverage.Core.InputException Unknown(string text) => new(
        $"未知的道路规则“{text}”：可选 auto（按所在地自动选择）、china、default，可在冒号后给出渡口等候秒数（如 china:600，0–7200）",
        $"Unknown road rules '{text}': use auto (chosen by place), china or default, optionally with the ferry wait in seconds after a colon (e.g. china:600, 0–7200)");

    /// <summary>Every field, for the graph cache key: a graph built under other rules is never reused.</summary>
    public string CacheKey => string.Create(CultureInfo.InvariantCulture,
        $"{Name};trunk={TrunkWalkable};elevated={ElevatedBridgeMetres};ferryWait={FerryDefaultWaitSeconds}");
}
