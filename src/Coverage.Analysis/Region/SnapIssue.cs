using Coverage.Network.Snapping;

namespace Coverage.Analysis.Region;

public enum PlaceKind { Settlement, Facility }

public enum SnapIssueReason
{
    /// <summary>Farther than the maximum snap distance from every walkable way: left out.</summary>
    TooFar,
    /// <summary>Joined to a small network component cut off from the main one: used, but it reaches little.</summary>
    Island,
    /// <summary>The graph has no walkable way at all.</summary>
    NoNetwork,
    /// <summary>A line facility none of whose points is near a walkable way.</summary>
    LineOffNetwork,
    /// <summary>Some sample points of an area settlement are beyond the snap limit: it is scored, those parts count as not covered.</summary>
    PartlyTooFar,
}

/// <summary>
/// A settlement or a facility that did not join the main network cleanly, with its distance to the nearest walkable way
/// (for a settlement left out: its nearest sample; partly beyond the limit: its farthest sample, at Lon/Lat).
/// TooFar/NoNetwork/LineOffNetwork places are excluded; Island and PartlyTooFar places are kept.
/// </summary>
public sealed record SnapIssue(PlaceKind Kind, string Id, string Name, string? Town, SnapIssueReason Reason,
    double Lon, double Lat, double DistanceMetres, int OffSamples = 0, int Samples = 0)
{
    public bool Excluded => Reason is not (SnapIssueReason.Island or SnapIssueReason.PartlyTooFar);

    public string Describe() => $"{DescribeZh} / {DescribeEn}";

    public string DescribeZh => Reason switch
    {
        SnapIssueReason.TooFar => $"{What().Zh}“{Name}”距最近的步行道路 {DistanceMetres:0} 米，超出吸附距离，未计入",
        SnapIssueReason.Island => $"{What().Zh}“{Name}”位于与主路网不连通的孤立路段上",
        SnapIssueReason.LineOffNetwork => $"{What().Zh}“{Name}”没有一处靠近步行道路，未计入",
        SnapIssueReason.PartlyTooFar => $"{What().Zh}“{Name}”有 {OffSamples}/{Samples} 个采样点距步行道路超过吸附距离（最远 {DistanceMetres:0} 米），照常计算，这部分按未覆盖计",
        _ => $"路网中没有可步行道路，“{Name}”无法定位",
    };

    public string DescribeEn => Reason switch
    {
        SnapIssueReason.TooFar => $"{What().En} '{Name}' is {DistanceMetres:0} m from the nearest walkable way, beyond the snap limit: left out",
        SnapIssueReason.Island => $"{What().En} '{Name}' joins an isolated piece of network cut off from the main one",
        SnapIssueReason.LineOffNetwork => $"{What().En} '{Name}' runs nowhere near a walkable way: left out",
        SnapIssueReason.PartlyTooFar => $"{What().En} '{Name}': {OffSamples} of {Samples} sample points are beyond the snap limit from any walkable way (farthest {DistanceMetres:0} m); it is scored, those parts count as not covered",
        _ => $"The network has no walkable way: '{Name}' cannot be placed",
    };

    (string Zh, string En) What() => Kind == PlaceKind.Facility ? ("设施", "Facility") : ("居民点", "Settlement");

    internal static SnapIssueReason? ReasonOf(in SnapResult snap) => ReasonOf(snap.Status, snap.IsOnIsland);

    /// <summary>As <see cref="ReasonOf(in SnapResult)"/> from a snap's status and whether its edge is on an island.</summary>
    internal static SnapIssueReason? ReasonOf(SnapStatus status, bool onIsland) => status switch
    {
        SnapStatus.TooFar => SnapIssueReason.TooFar,
        SnapStatus.NoNetwork => SnapIssueReason.NoNetwork,
        _ => onIsland ? SnapIssueReason.Island : null,
    };
}
