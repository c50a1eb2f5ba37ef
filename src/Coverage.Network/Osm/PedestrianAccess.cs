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
public readonly record struct WayAccess(EdgeFlags Flags, float FerrySeconds, string? Reason)
{
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

    public static WayAccess Classify(TagsCollectionBase? tags) => Classify(WayTags.From(tags));

    public static WayAccess Classify(IEnumerable<KeyValuePair<string, string>> tags) => Classify(WayTags.From(tags));

    public static WayAccess Classify(in WayTags t)
    {
        EdgeFlags marks;
        float ferrySeconds = float.NaN;
        var rule = HighwayRule.Walkable;
        if (t.Route == "ferry")
        {
            marks = EdgeFlags.Ferry;
            ferrySeconds = ParseDurationSeconds(t.Duration);
        }
        else
        {
            if (t.Highway == null) return WayAccess.No("no highway=* or route=ferry");
            rule = Highways.TryGetValue(t.Highway, out var r) ? r : HighwayRule.FootPermissionOnly;
            if (rule == HighwayRule.Never) return WayAccess.No("highway=" + t.Highway);
            marks = t.Highway == "steps" ? EdgeFlags.Steps : EdgeFlags.None;
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
                : rule != HighwayRule.Walkable ? "highway=" + t.Highway
                : "no walkable direction");

        if (t.Bridge != null && t.Bridge != "no") marks |= EdgeFlags.Bridge;
        var dirs = (fwd ? EdgeFlags.Forward : EdgeFlags.None) | (bwd ? EdgeFlags.Backward : EdgeFlags.None);
        return new WayAccess(dirs | marks, ferrySeconds, null);
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
