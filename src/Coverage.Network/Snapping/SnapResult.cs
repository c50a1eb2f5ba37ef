namespace Coverage.Network.Snapping;

public enum SnapStatus : byte
{
    /// <summary>Joined the network within the maximum snap distance.</summary>
    OnNetwork,
    /// <summary>The nearest walkable edge is farther than the maximum snap distance (see DistanceMetres).</summary>
    TooFar,
    /// <summary>The graph has no walkable edge at all.</summary>
    NoNetwork,
}

/// <summary>
/// Where a place joins the network: the nearest point on the nearest walkable edge. For <see cref="SnapStatus.TooFar"/>
/// the edge fields still describe that nearest edge, so the place can be reported with its distance.
/// </summary>
/// <param name="Lon">Queried longitude.</param>
/// <param name="Lat">Queried latitude.</param>
/// <param name="Edge">Nearest edge, or -1 when there is none.</param>
/// <param name="Segment">Segment of the edge's polyline (0 starts at EdgeFrom).</param>
/// <param name="OffsetMetres">Position along the edge in metres from EdgeFrom, in [0, EdgeLength].</param>
/// <param name="SnappedLon">Longitude of the joining point.</param>
/// <param name="SnappedLat">Latitude of the joining point.</param>
/// <param name="DistanceMetres">Off-network leg: straight distance from the place to the joining point.</param>
/// <param name="Component">Connected component of the edge (0 = largest), or -1.</param>
/// <param name="IsOnIsland">The edge belongs to a small component cut off from the main network.</param>
public readonly record struct SnapResult(
    SnapStatus Status, double Lon, double Lat, int Edge, int Segment, double OffsetMetres,
    double SnappedLon, double SnappedLat, double DistanceMetres, int Component, bool IsOnIsland)
{
    public bool IsOnNetwork => Status == SnapStatus.OnNetwork;
}

/// <param name="IslandShareOfLargest">A component smaller than this share of the largest one is an island.</param>
/// <param name="IslandNodeCount">A component with fewer nodes than this is an island.</param>
public sealed record SnapOptions(double IslandShareOfLargest = 0.01, int IslandNodeCount = 10)
{
    public static SnapOptions Default { get; } = new();
}
