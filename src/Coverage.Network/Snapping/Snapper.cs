using Coverage.Core.Geo;
using Coverage.Network.Graph;

namespace Coverage.Network.Snapping;

/// <summary>
/// Joins places to the network ("where on the graph is this point?"): the nearest point on the nearest walkable
/// edge, never merely the nearest node. Immutable after construction and safe to share between threads.
/// </summary>
public sealed class Snapper
{
    public const double DefaultMaxMetres = 500;

    readonly SegmentGrid _grid;

    public Snapper(WalkGraph graph, SnapOptions? options = null)
    {
        Graph = graph;
        Options = options ?? SnapOptions.Default;
        _grid = new SegmentGrid(graph);
    }

    public WalkGraph Graph { get; }
    public SnapOptions Options { get; }

    /// <summary>Straight segments held by the spatial index.</summary>
    public int IndexedSegments => _grid.IndexedSegments;

    public SnapResult Snap(LonLat place, double maxMetres = DefaultMaxMetres) => Snap(place.Lon, place.Lat, maxMetres);

    /// <summary>
    /// Snaps (lon, lat). A place farther than <paramref name="maxMetres"/> from every walkable edge comes back as
    /// <see cref="SnapStatus.TooFar"/> with the distance to its nearest edge. Invalid coordinates throw.
    /// </summary>
    public SnapResult Snap(double lon, double lat, double maxMetres = DefaultMaxMetres)
    {
        if (!Geodesy.IsValidLonLat(lon, lat))
            throw new ArgumentOutOfRangeException(nameof(lon),
                $"坐标无效 / Invalid coordinate lon={lon}, lat={lat}: longitude must be in [-180,180] and latitude in [-90,90]; check the column order (LON,LAT).");
        if (!(maxMetres >= 0))
            throw new ArgumentOutOfRangeException(nameof(maxMetres), $"最大吸附距离无效 / Maximum snap distance must be ≥ 0 m, got {maxMetres}.");

        if (!_grid.Nearest(lon, lat, out int segment, out double t, out double metres))
            return new SnapResult(SnapStatus.NoNetwork, lon, lat, -1, -1, 0, double.NaN, double.NaN, double.PositiveInfinity, -1, false);

        int e = _grid.EdgeOfSegment(segment), j = segment - _grid.SegmentBase(e);
        _grid.Point(e, j, out double aLon, out double aLat);
        _grid.Point(e, j + 1, out double bLon, out double bLat);
        double sLon = aLon + (bLon - aLon) * t, sLat = aLat + (bLat - aLat) * t;
        int component = Graph.NodeComponent[Graph.EdgeFrom[e]];
        var status = metres <= maxMetres ? SnapStatus.OnNetwork : SnapStatus.TooFar;
        return new SnapResult(status, lon, lat, e, j, OffsetAlong(e, j, t), sLon, sLat, metres, component, IsIsland(component));
    }

    /// <summary>A component other than the largest that is smaller than the island thresholds of the options.</summary>
    public bool IsIsland(int component)
    {
        if (component <= 0) return false;
        int size = Graph.ComponentNodeCount[component];
        return size < Options.IslandNodeCount || size < Options.IslandShareOfLargest * Graph.ComponentNodeCount[0];
    }

    /// <summary>
    /// Metres from EdgeFrom to fraction t of segment j, scaled to the edge's stored length so offsets and
    /// EdgeLength agree even where the reader measured length its own way. Ends are exact.
    /// </summary>
    double OffsetAlong(int e, int j, double t)
    {
        int segments = Graph.ShapeFirst[e + 1] - Graph.ShapeFirst[e] + 1;
        double length = Graph.EdgeLength[e];
        if (j == 0 && t == 0) return 0;
        if (j == segments - 1 && t == 1) return length;
        double before = 0, total = 0;
        _grid.Point(e, 0, out double pLon, out double pLat);
        for (int k = 0; k < segments; k++)
        {
            _grid.Point(e, k + 1, out double qLon, out double qLat);
            double d = Geodesy.DistanceMeters(pLon, pLat, qLon, qLat);
            if (k < j) before += d;
            else if (k == j) before += d * t;
            total += d;
            pLon = qLon; pLat = qLat;
        }
        return total > 0 ? Math.Clamp(before / total * length, 0, length) : 0;
    }
}
