using Coverage.Network.Snapping;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Siting;

public enum CandidateOrigin
{
    /// <summary>Given by the planner (a point, or a parcel's representative point).</summary>
    Given,
    /// <summary>Generated on a walkable edge at the spacing.</summary>
    Generated,
}

/// <summary>A place a new facility could be built, joined to the network (Snap is on the network).</summary>
public sealed record CandidateSite(string Id, string Name, CandidateOrigin Origin, double Lon, double Lat, SnapResult Snap);

/// <summary>A site the planner offered (Point, or a parcel Polygon whose interior point is used).</summary>
public sealed record GivenSite(string Id, string Name, Geometry Geometry);

/// <summary>A given site that cannot be a candidate, and why (bilingual).</summary>
public sealed record RejectedSite(string Id, string Name, string Zh, string En)
{
    public override string ToString() => $"{Zh} / {En}";
}

/// <summary>The candidates of a siting run and the given sites left out.</summary>
public sealed record CandidateSet(IReadOnlyList<CandidateSite> Sites, IReadOnlyList<RejectedSite> Rejected)
{
    public static CandidateSet Empty { get; } = new([], []);

    /// <summary>Both sets, given sites first.</summary>
    public CandidateSet With(CandidateSet other) => new([.. Sites, .. other.Sites], [.. Rejected, .. other.Rejected]);
}
