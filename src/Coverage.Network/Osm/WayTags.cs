using OsmSharp.Tags;

namespace Coverage.Network.Osm;

/// <summary>
/// The few tags of a way that decide pedestrian access, and the three that name it (name, name:zh, ref), picked out
/// of the full tag list in one pass. Everything else a way carries is never looked at.
/// </summary>
public record struct WayTags
{
    public string? Highway;
    public string? Foot;
    public string? Access;
    public string? Route;
    public string? Duration;
    public string? Bridge;
    public string? Area;
    public string? OnewayFoot;
    public string? FootForward;
    public string? FootBackward;
    public string? Name;
    public string? NameZh;
    public string? Ref;
    // Country rules (RoadRules), sidewalks and ferry headway.
    public string? Motorroad;
    public string? Expressway;
    public string? UrbanClassCn;
    public string? Tunnel;
    public string? Layer;
    public string? Sidewalk;
    public string? SidewalkBoth;
    public string? SidewalkLeft;
    public string? SidewalkRight;
    public string? Interval;

    /// <summary>What a planner calls the way: its name, else its Chinese name, else its route number; null when none.</summary>
    public readonly string? Label => !string.IsNullOrWhiteSpace(Name) ? Name : !string.IsNullOrWhiteSpace(NameZh) ? NameZh
        : !string.IsNullOrWhiteSpace(Ref) ? Ref : null;

    /// <summary>Keeps <paramref name="value"/> when <paramref name="key"/> is one of the access-relevant keys.</summary>
    public void Set(string key, string value)
    {
        switch (key)
        {
            case "highway": Highway = value; break;
            case "foot": Foot = value; break;
            case "access": Access = value; break;
            case "route": Route = value; break;
            case "duration": Duration = value; break;
            case "bridge": Bridge = value; break;
            case "area": Area = value; break;
            case "oneway:foot": OnewayFoot = value; break;
            case "foot:forward": FootForward = value; break;
            case "foot:backward": FootBackward = value; break;
            case "name": Name = value; break;
            case "name:zh": NameZh = value; break;
            case "ref": Ref = value; break;
            case "motorroad": Motorroad = value; break;
            case "expressway": Expressway = value; break;
            case "highway:CN:urban": UrbanClassCn = value; break;
            case "tunnel": Tunnel = value; break;
            case "layer": Layer = value; break;
            case "sidewalk": Sidewalk = value; break;
            case "sidewalk:both": SidewalkBoth = value; break;
            case "sidewalk:left": SidewalkLeft = value; break;
            case "sidewalk:right": SidewalkRight = value; break;
            case "interval": Interval = value; break;
        }
    }

    /// <summary>Whether <see cref="Set"/> keeps this key: lets a reader skip decoding irrelevant values.</summary>
    public static bool Wants(string key) => key switch
    {
        "highway" or "foot" or "access" or "route" or "duration" or "bridge" or "area"
            or "oneway:foot" or "foot:forward" or "foot:backward" or "name" or "name:zh" or "ref"
            or "motorroad" or "expressway" or "highway:CN:urban" or "tunnel" or "layer"
            or "sidewalk" or "sidewalk:both" or "sidewalk:left" or "sidewalk:right" or "interval" => true,
        _ => false,
    };

    public static WayTags From(TagsCollectionBase? tags)
    {
        var t = new WayTags();
        if (tags == null) return t;
        foreach (var tag in tags) t.Set(tag.Key, tag.Value);
        return t;
    }

    public static WayTags From(IEnumerable<KeyValuePair<string, string>> tags)
    {
        var t = new WayTags();
        foreach (var (k, v) in tags) t.Set(k, v);
        return t;
    }

    /// <summary>Convenience for tests and tools: <c>WayTags.Of("highway", "steps", "bridge", "yes")</c>.</summary>
    public static WayTags Of(params string[] keyValues)
    {
        if (keyValues.Length % 2 != 0) throw new ArgumentException("Give keys and values in pairs.", nameof(keyValues));
        var t = new WayTags();
        for (int i = 0; i < keyValues.Length; i += 2) t.Set(keyValues[i], keyValues[i + 1]);
        return t;
    }
}
