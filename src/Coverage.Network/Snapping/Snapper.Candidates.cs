using Coverage.Core.Geo;

namespace Coverage.Network.Snapping;

/// <summary>
/// <see cref="Snap(double, double, double)"/> in two steps, for callers that time many places and can tell from the
/// nearest way alone that most of them are of no use (an isochrone's grid points beyond its last band): the ranking
/// (<see cref="Nearest"/>, the grid search every snap starts with) and then the geodesic measure and offset along the
/// way (<see cref="Complete"/>), the dearer half, which such a caller skips. Together they give what Snap gives, bit for bit.
/// </summary>
public sealed partial class Snapper
{
    /// <summary>
    /// The nearest walkable way to (lon, lat) as <see cref="Snap(double, double, double)"/> ranks it, before any geodesic
    /// measure; false when the graph has none (Snap then says <see cref="SnapStatus.NoNetwork"/>). Invalid coordinates throw as Snap does.
    /// </summary>
    public bool Nearest(double lon, double lat, out SnapCandidate candidate)
    {
        if (!Geodesy.IsValidLonLat(lon, lat))
            throw new ArgumentOutOfRangeException(nameof(lon),
                $"坐标无效 / Invalid coordinate lon={lon}, lat={lat}: longitude must be in [-180,180] and latitude in [-90,90]; check the column order (LON,LAT).");
        candidate = default;
        if (!_grid.Nearest(lon, lat, out int segment, out double t, out double metres)) return false;
        int e = _grid.EdgeOfSegment(segment);
        candidate = new SnapCandidate(lon, lat, segment, t, e, metres, _island[Graph.NodeComponent[Graph.EdgeFrom[e]]]);
        return true;
    }

    /// <summary>
    /// What <see cref="Snap(double, double, double)"/> gives for the candidate's place: the candidate measured (an island's
    /// place is snapped afresh, as it may join the main network instead). <paramref name="measured"/>, when given, keeps
    /// the metres of the edges' segments for the next candidates on the same edges.
    /// </summary>
    public SnapResult Complete(in SnapCandidate candidate, double maxMetres = DefaultMaxMetres, SegmentMetres? measured = null)
    {
        if (!(maxMetres >= 0))
            throw new ArgumentOutOfRangeException(nameof(maxMetres), $"最大吸附距离无效 / Maximum snap distance must be ≥ 0 m, got {maxMetres}.");
        return candidate.IsOnIsland
            ? Snap(candidate.Lon, candidate.Lat, maxMetres)
            : At(candidate.Lon, candidate.Lat, candidate.Segment, candidate.T, maxMetres, measured);
    }

    /// <summary>
    /// Metres along its edge of the candidate's snap point, as <see cref="Complete"/> gives it (<see cref="SnapResult.OffsetMetres"/>)
    /// without the geodesic measure: with <paramref name="measured"/> no trigonometry once the edge's segments are measured.
    /// An island's candidate may snap elsewhere: not for those.
    /// </summary>
    public double OffsetOf(in SnapCandidate candidate, SegmentMetres? measured = null) =>
        OffsetAlong(candidate.Edge, candidate.Segment - _grid.SegmentBase(candidate.Edge), candidate.T, measured);
}

/// <summary>
/// The nearest walkable way to a place, ranked in the tangent plane at the place (<see cref="Snapper.Nearest(double, double, out SnapCandidate)"/>).
/// <see cref="LowerBoundMetres"/> is a floor of the geodesic distance <see cref="Snapper.Complete"/> measures to it.
/// </summary>
public readonly record struct SnapCandidate(double Lon, double Lat, int Segment, double T, int Edge, double TangentMetres, bool IsOnIsland)
{
    /// <summary>
    /// At most the geodesic metres to the snap point, for telling a place beyond a snap limit without measuring it: the
    /// tangent plane at the place (metres per degree of its latitude) measures a point up to 10 km away to better than 1 %
    /// below 80° of latitude (the scale drifts by tan(latitude) × distance / radius); 2 % and a centimetre are taken off,
    /// and a farther way counts as 10 km away. Says nothing of an island's place, which may snap elsewhere.
    /// </summary>
    public double LowerBoundMetres => Math.Min(TangentMetres, 10_000) * 0.98 - 0.01;
}
