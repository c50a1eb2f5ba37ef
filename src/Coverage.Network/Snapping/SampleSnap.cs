using System.Runtime.InteropServices;

namespace Coverage.Network.Snapping;

/// <summary>
/// What timing reads of a <see cref="SnapResult"/>, in 16 bytes instead of 64: the edge, the offset along it as the
/// search reads it (a float, as <see cref="Search.TravelTimes.ReachOf(in SnapResult)"/> casts it), the off-network leg and
/// the status. A province holds millions of settlement samples and reads every one per search: the full snaps cost
/// 283 MB for the stress region's 4.4 M samples, these 71 MB. A sample's full snap is recomputed on demand where a
/// route or a source point needs the joining point itself (the snapper is deterministic).
/// </summary>
/// <remarks>
/// The status lives in the sign of the stored edge: the edge itself when on the network, its complement (≤ -1) when
/// too far, <see cref="int.MinValue"/> when there is no network (no edge number reaches int.MaxValue, so the three never
/// meet). Component and island follow from the edge (the component of its EdgeFrom node, <see cref="Snapper.IsIsland"/>).
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct SampleSnap
{
    const int NoNetworkCode = int.MinValue;

    readonly double _distance;
    readonly int _code;
    readonly float _offset;

    SampleSnap(int code, float offset, double distance)
    {
        _code = code; _offset = offset; _distance = distance;
    }

    /// <summary>The timing part of a full snap: the same edge, the offset cast to float as timing casts it, the same leg.</summary>
    public static SampleSnap Of(in SnapResult snap) => new(snap.Status switch
    {
        SnapStatus.OnNetwork => snap.Edge,
        SnapStatus.TooFar => ~snap.Edge,
        _ => NoNetworkCode,
    }, (float)snap.OffsetMetres, snap.DistanceMetres);

    public bool IsOnNetwork => _code >= 0;

    public SnapStatus Status => _code >= 0 ? SnapStatus.OnNetwork : _code == NoNetworkCode ? SnapStatus.NoNetwork : SnapStatus.TooFar;

    /// <summary>Nearest edge (also when too far, as <see cref="SnapResult.Edge"/>), or -1 when there is none.</summary>
    public int Edge => _code >= 0 ? _code : _code == NoNetworkCode ? -1 : ~_code;

    /// <summary>Position along the edge in metres from EdgeFrom, as a float (what timing reads).</summary>
    public float OffsetMetres => _offset;

    /// <summary>Off-network leg: geodesic distance from the place to the joining point (+∞ with no network).</summary>
    public double DistanceMetres => _distance;
}
