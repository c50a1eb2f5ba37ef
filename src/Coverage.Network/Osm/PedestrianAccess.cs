using System.Collections.Frozen;
using System.Globalization;
using Coverage.Network.Graph;
using OsmSharp.Tags;

namespace Coverage.Network.Osm;

/// <summary>What a highway value means for a pedestrian before foot/access tags are read.</summary>
public enum HighwayRule : byte
{
    /// <summary>Walkable unless foot/access tags forbid it.</summary>
    Walkable,
    /// <summary>Only with an explicit foot=yes|designated|permissive|official (motorways, trunks, unknown values).</summary>
    FootPermissionOnly,
    /// <summary>Never walkable, whatever the other tags say (not built, or not a way for people).</summary>
    Never,
}

/// <summary>The verdict for one way: its walkable directions and marks, and a ferry's duration if tagged.</summary>
/// <param name="Flags">Forward/Backward (way direction), Steps, Bridge, Ferry; <see cref="EdgeFlags.None"/> when not walkable.</param>
/// <param name="FerrySeconds">Tagged ferry duration; NaN when not a ferry or untagged (estimate it from the length).</param>
/// <param name="Reason">Why the way is not walkable (the deciding tag), null when it is.</param>
/// <param name="FerryWaitSeconds">Waiting time of a ferry, added once per crossing (half its interval=*, else the rule set's default).</param>
/// <param name="MaxBridgeRunMetres">
/// China trunk bridges: walkable only while the run of connected such ways is no longer than this (a longer run is an
/// elevated road, see <see cref="RoadRules.ElevatedBridgeMetres"/>); +∞ for every other way. Apply with <see cref="WithinRun"/>.
/// </param>
public readonly record struct WayAccess(EdgeFlags Flags, float FerrySeconds, string? Reason,
    float FerryWaitSeconds = 0, float MaxBridgeRunMetres = float.PositiveInfinity)
{
    /// <summary>The verdict once the length of the way's bridge run is known: not walkable when the run is too long.</summary>
    public WayAccess WithinRun(double runMetres) => runMetres <= MaxBridgeRunMetres ? this
        : No($"bridge run of {runMetres:0} m > {MaxBridgeRunMetres:0} m: elevated road");

    public bool IsWalkable => (Flags & EdgeFlags.Both) != 0;
    public bool IsFerry => (Flags & EdgeFlags.Ferry) != 0;
    public static WayAccess No(string reason) => new(EdgeFlags.None, float.NaN, reason);
}

/// <summary>
/// Pedestrian access rules per DESIGN.md, as tables a reader can audit. Used by the graph reader and by any
/// independent oracle graph, so both agree on what is walkable.
/// </summary>
public static class PedestrianAccess
{
    /// <summary>highway=* values. Values not listed are <see cref="HighwayRule.FootPermissionOnly"/>.</summary>
    public static readonly FrozenDictionary<string, HighwayRule> Highways = new Dictionary<string, HighwayRule>
    {
        ["footway"] = HighwayRule.Walkable,
        ["path"] = HighwayRule.Walkable,
        ["pedestrian"] = HighwayRule.Walkable,        // with area=yes: its outline is walked (interior not crossed)
        ["steps"] = HighwayRule.Walkable,             // flagged Steps: profiles slow it down
        ["living_street"] = HighwayRule.Walkable,
        ["residential"] = HighwayRule.Walkable,
        ["service"] = HighwayRule.Walkable,
        ["unclassified"] = HighwayRule.Walkable,
        ["track"] = HighwayRule.Walkable,             // farm tracks: the rural 水乡 network
        ["tertiary"] = HighwayRule.Walkable,
        ["tertiary_link"] = HighwayRule.Walkable,
        ["secondary"] = HighwayRule.Walkable,
        ["secondary_link"] = HighwayRule.Walkable,
        ["primary"] = HighwayRule.Walkable,
        ["primary_link"] = HighwayRule.Walkable,
        ["road"] = HighwayRule.Walkable,              // type unknown yet: assume an ordinary road
        ["cycleway"] = HighwayRule.Walkable,          // DESIGN: walkable where foot is not no (foot=no is read below)
        ["bridleway"] = HighwayRule.Walkable,         // people on foot may use it in most jurisdictions
        ["corridor"] = HighwayRule.Walkable,          // indoor passages join stations and malls
        ["platform"] = HighwayRule.Walkable,          // bus/rail platforms are where people walk
        ["motorway"] = HighwayRule.FootPermissionOnly,
        ["motorway_link"] = HighwayRule.FootPermissionOnly,
        ["trunk"] = HighwayRule.FootPermissionOnly,   // DESIGN: not walkable unless foot=yes
        ["trunk_link"] = HighwayRule.FootPermissionOnly,
        ["construction"] = HighwayRule.Never,         // under construction: no one walks it yet
        ["proposed"] = HighwayRule.Never,
        ["planned"] = HighwayRule.Never,
        ["abandoned"] = HighwayRule.Never,
        ["disused"] = HighwayRule.Never,
        ["razed"] = HighwayRule.Never,
        ["raceway"] = HighwayRule.Never,
        ["bus_guideway"] = HighwayRule.Never,
        ["busway"] = HighwayRule.Never,
    }.ToFrozenDictionary();

    /// <summary>foot=* (and foot:forward/backward) values that grant access, overriding access=* and FootPermissionOnly.</summary>
    public static readonly FrozenSet<string> FootGrants = new[] { "yes", "designated", "permissive", "official" }.ToFrozenSet();

    /// <summary>foot=* values that forbid walking. use_sidepath: the separately mapped sidewalk is to be used instead.</summary>
    public static readonly FrozenSet<string> FootDenies = new[] { "no", "private", "use_sidepath", "military", "emergency" }.ToFrozenSet();

    /// <summary>access=* values that forbid walking unless foot grants it. destination/agricultural/etc. bind vehicles only.</summary>
    public static readonly FrozenSet<string> AccessDenies = new[] { "no", "private", "military", "emergency" }.ToFrozenSet();

    /// <summary>
    /// Assumed speed of a ferry without a duration tag: 10 km/h, typical of the small motor ferries of river
    /// and canal crossings (hand-pulled 摆渡 are slower but rarely lack a duration where they matter).
    /// </summary>
    public const double FerryFallbackMetresPerSecond = 10 / 3.6;

    /// <summary>An estimated ferry never takes less than a minute: boarding and landing alone take that.</summary>
    public const double FerryMinimumSeconds = 60;

    /// <summary>
    /// sidewalk=* (and sidewalk:both/left/right) values that say a sidewalk runs along the carriageway: they make a
    /// FootPermissionOnly road walkable (not a motorway), as GraphHopper's FootAccessParser does. sidewalk=no|none
    /// changes nothing: on a road people may walk (DESIGN.md), they walk its edge — China's Road Traffic Safety Law
    /// art. 61: "where there is no sidewalk, walk at the side of the road". sidewalk=separate grants nothing: the
    /// sidewalk is its own way in the extract and is walked there (on a China trunk the carriageway is then closed, see
    /// <see cref="ChinaTrunkExclusion"/>).
    /// </summary>
    public static readonly FrozenSet<string> SidewalkPresent = new[] { "yes", "both", "left", "right" }.ToFrozenSet();

    public static WayAccess Classify(TagsCollectionBase? tags, RoadRules? rules = null) => Classify(WayTags.From(tags), rules);

    public static WayAccess Classify(IEnumerable<KeyValuePair<string, string>> tags, RoadRules? rules = null) => Classify(WayTags.From(tags), rules);

    public static WayAccess Classify(in WayTags t) => Classify(t, RoadRules.Default);

    /// <summary>
    /// The verdict for one way under <paramref name="rules"/> (null: <see cref="RoadRules.Default"/>). A China trunk
    /// bridge comes back with a finite <see cref="WayAccess.MaxBridgeRunMetres"/>: the caller measures the run of
    /// connected such ways and applies <see cref="WayAccess.WithinRun"/> (the OSM reader does; a road-layer reader
    /// passes the feature's own length when it has no neighbours to join).
    /// </summary>
    public static WayAccess Classify(in WayTags t, RoadRules? rules)
    {
        rules ??= RoadRules.Default;
        EdgeFlags marks;
        float ferrySeconds = float.NaN, ferryWait = 0, maxRun = float.PositiveInfinity;
        var rule = HighwayRule.Walkable;
        string? exclusion = null;
        if (t.Route == "ferry")
        {
            marks = EdgeFlags.Ferry;
            ferrySeconds = ParseDurationSeconds(t.Duration);
            ferryWait = FerryWaitSeconds(t.Interval, rules);
        }
        else
        {
            if (t.Highway == null) return WayAccess.No("no highway=* or route=ferry");
            rule = Highways.TryGetValue(t.Highway, out var r) ? r : HighwayRule.FootPermissionOnly;
            if (rule == HighwayRule.Never) return WayAccess.No("highway=" + t.Highway);
            marks = t.Highway == "steps" ? EdgeFlags.Steps : EdgeFlags.None;
            bool sidewalk = HasSidewalk(t);
            if (rules.TrunkWalkable && t.Highway is "trunk" or "trunk_link")
            {
                exclusion = ChinaTrunkExclusion(t, sidewalk);
                if (exclusion == null)
                {
                    rule = HighwayRule.Walkable;
                    if (IsBridge(t.Bridge) && !sidewalk) maxRun = (float)rules.ElevatedBridgeMetres;
                }
            }
            else if (rules.TrunkWalkable && t.Motorroad == "yes") exclusion = "motorroad=yes"; // China: bans walkers on any road
            else if (rule == HighwayRule.FootPermissionOnly && sidewalk && t.Highway is not ("motorway" or "motorway_link"))
                rule = HighwayRule.Walkable;
            if (exclusion != null) rule = HighwayRule.FootPermissionOnly;
        }

        bool footGrants = Grants(t.Foot), footDenies = Denies(t.Foot);
        bool accessDenies = t.Access != null && AccessDenies.Contains(t.Access);
        bool open = footGrants || (rule == HighwayRule.Walkable && !footDenies && !accessDenies);
        // foot:forward/backward override the way-wide verdict for their direction; oneway:foot then narrows it.
        bool fwd = Grants(t.FootForward) || (open && !Denies(t.FootForward));
        bool bwd = Grants(t.FootBackward) || (open && !Denies(t.FootBackward));
        switch (t.OnewayFoot)
        {
            case "yes" or "true" or "1": bwd = false; break;
            case "-1" or "reverse": fwd = false; break;
        }
        if (!fwd && !bwd)
            return WayAccess.No(footDenies ? "foot=" + t.Foot
                : accessDenies && !footGrants ? "access=" + t.Access
                : exclusion != null ? exclusion
                : rule != HighwayRule.Walkable ? "highway=" + t.Highway
                : "no walkable direction");

        if (IsBridge(t.Bridge)) marks |= EdgeFlags.Bridge;
        var dirs = (fwd ? EdgeFlags.Forward : EdgeFlags.None) | (bwd ? EdgeFlags.Backward : EdgeFlags.None);
        return new WayAccess(dirs | marks, ferrySeconds, null, ferryWait, footGrants ? float.PositiveInfinity : maxRun);
    }

    /// <summary>
    /// China's rule table for trunk/trunk_link (rural 国道/省道 walkable, urban expressways not), first match wins;
    /// null when the way is a walkable trunk. foot=yes still overrides every row (read by the caller), as everywhere.
    /// <list type="table">
    /// <item><term>motorroad=yes</term><description>legal ban on walkers (wiki Key:motorroad; GraphHopper skips it). A sidewalk does not lift it.</description></item>
    /// <item><term>sidewalk=separate</term><description>walkers use the separately mapped sidewalk, not the carriageway.</description></item>
    /// <item><term>expressway=yes</term><description>城市快速路 mapped on trunk (wiki Key:expressway).</description></item>
    /// <item><term>highway:CN:urban=expressway</term><description>快速路 by China's urban road standard (wiki Key:highway:CN).</description></item>
    /// <item><term>tunnel=* except no, building_passage</term><description>road tunnels (隧道) have no footway unless a sidewalk is tagged.</description></item>
    /// <item><term>bridge=viaduct</term><description>a viaduct is an elevated road (高架) by definition.</description></item>
    /// <item><term>layer ≥ 2</term><description>two levels above ground: elevated, bridge tag or not.</description></item>
    /// <item><term>layer ≥ 1 without bridge=*</term><description>a raised carriageway whose bridge is not tagged (Nanjing's 内环西线 is mapped so).</description></item>
    /// <item><term>bridge=yes (other values)</term><description>walkable, unless its run of connected bridge ways exceeds <see cref="RoadRules.ElevatedBridgeMetres"/>.</description></item>
    /// </list>
    /// A sidewalk (<see cref="SidewalkPresent"/>) lifts the design rows (expressway, tunnel, elevated): there is a walkway.
    /// Not used: bridge:structure (creek bridges carry it as often as viaducts) and layer alone below 1 (underpasses are
    /// walked at grade where no tunnel is tagged).
    /// </summary>
    static string? ChinaTrunkExclusion(in WayTags t, bool sidewalk)
    {
        if (t.Motorroad == "yes") return "motorroad=yes";
        if (t.Sidewalk == "separate" || t.SidewalkBoth == "separate") return "sidewalk=separate";
        if (sidewalk) return null;
        if (t.Expressway == "yes") return "expressway=yes";
        if (t.UrbanClassCn == "expressway") return "highway:CN:urban=expressway";
        if (t.Tunnel is { } tunnel && tunnel is not ("no" or "building_passage")) return "tunnel=" + tunnel;
        if (t.Bridge == "viaduct") return "bridge=viaduct";
        int layer = int.TryParse(t.Layer, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : 0;
        if (layer >= 2) return $"layer={layer}: elevated road";
        if (layer >= 1 && !IsBridge(t.Bridge)) return $"layer={layer} without bridge=*: elevated road";
        return null;
    }

    static bool IsBridge(string? bridge) => bridge != null && bridge != "no";

    /// <summary>Whether any sidewalk tag says a sidewalk runs along this carriageway (see <see cref="SidewalkPresent"/>).</summary>
    public static bool HasSidewalk(in WayTags t) =>
        Present(t.Sidewalk) || Present(t.SidewalkBoth) || Present(t.SidewalkLeft) || Present(t.SidewalkRight);

    static bool Present(string? value) => value != null && SidewalkPresent.Contains(value);

    /// <summary>
    /// Waiting time of a ferry: half its interval=* (the headway, "HH:MM" or minutes; a walker arriving at random waits
    /// half of it on average), else the rule set's default (<see cref="RoadRules.FerryDefaultWaitSeconds"/>).
    /// </summary>
    public static float FerryWaitSeconds(string? interval, RoadRules rules)
    {
        var headway = ParseDurationSeconds(interval);
        return float.IsNaN(headway) ? (float)rules.FerryDefaultWaitSeconds : headway / 2;
    }

    static bool Grants(string? value) => value != null && FootGrants.Contains(value);
    static bool Denies(string? value) => value != null && FootDenies.Contains(value);

    /// <summary>
    /// duration=* of a ferry in seconds: "HH:MM", "HH:MM:SS", plain minutes ("25", "7.5") or ISO 8601 ("PT1H30M").
    /// NaN when absent, malformed or not positive.
    /// </summary>
    public static float ParseDurationSeconds(string? duration)
    {
        if (string.IsNullOrWhiteSpace(duration)) return float.NaN;
        var s = duration.Trim();
        double seconds = double.NaN;
        if (s.StartsWith('P'))
        {
            try { seconds = System.Xml.XmlConvert.ToTimeSpan(s).TotalSeconds; } catch (FormatException) { }
        }
        else if (s.Contains(':'))
        {
            var parts = s.Split(':');
            if (parts.Length is 2 or 3 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
            {
                seconds = int.Parse(parts[0], CultureInfo.InvariantCulture) * 3600.0 + int.Parse(parts[1], CultureInfo.InvariantCulture) * 60.0;
                if (parts.Length == 3) seconds += int.Parse(parts[2], CultureInfo.InvariantCulture);
            }
        }
        else if (double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var minutes))
            seconds = minutes * 60;
        return seconds > 0 && double.IsFinite(seconds) ? (float)seconds : float.NaN;
    }

    /// <summary>Crossing time of a ferry without a usable duration tag, from its length.</summary>
    public static float EstimateFerrySeconds(double lengthMetres) =>
        (float)Math.Max(FerryMinimumSeconds, lengthMetres / FerryFallbackMetresPerSecond);
}
