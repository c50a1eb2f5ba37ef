using Coverage.Core.Geo;
using Coverage.Network.Graph;

namespace Coverage.Network.Snapping;

/// <summary>
/// Joins places to the network ("where on the graph is this point?"): the nearest point on the nearest walkable
/// edge, never merely the nearest node, and on the main network rather than a small fragment cut off from it
/// (see <see cref="Snap(double, double, double)"/>). Immutable after construction and safe to share between threads.
/// </summary>
public sealed partial class Snapper
{
    public const double DefaultMaxMetres = 500;

    /// <summary>
    /// Positions are stored to 1e-7° (about 1 cm): a place closer than this to a way is on it, whatever the limit, so
    /// a point typed on a node is not "too far" under a limit of 0 m because of rounding.
    /// </summary>
    public const double ResolutionMetres = 0.01;

    readonly SegmentGrid _grid;
    readonly bool[] _island;            // per component: a fragment, passed over while the main network is in reach
    readonly int[] _componentEdges;
    readonly double[] _componentMetres;

    public Snapper(WalkGraph graph, SnapOptions? options = null)
    {
        Graph = graph;
        Options = options ?? SnapOptions.Default;
        _grid = graph.SegmentGrid;
        _island = new bool[graph.ComponentCount];
        for (int c = 0; c < _island.Length; c++) _island[c] = IsIsland(c);
        _componentEdges = new int[graph.ComponentCount];
        _componentMetres = new double[graph.ComponentCount];
        for (int e = 0; e < graph.EdgeCount; e++)
        {
            int c = graph.NodeComponent[graph.EdgeFrom[e]];
            _componentEdges[c]++;
            _componentMetres[c] += graph.EdgeLength[e];
        }
    }

    public WalkGraph Graph { get; }
    public SnapOptions Options { get; }

    /// <summary>Straight segments held by the spatial index.</summary>
    public int IndexedSegments => _grid.IndexedSegments;

    public SnapResult Snap(LonLat place, double maxMetres = DefaultMaxMetres) => Snap(place.Lon, place.Lat, maxMetres);

    /// <summary>
    /// Snaps (lon, lat) to the nearest walkable edge; when that edge is on an island (see <see cref="IsIsland"/>), to the
    /// nearest edge of the main network instead if it lies within <paramref name="maxMetres"/> and at most
    /// <see cref="SnapOptions.MainNetworkSlackMetres"/> farther. Otherwise the place joins the island, flagged
    /// <see cref="SnapResult.IsOnIsland"/>: the island is then all the network it can walk to, not a stray fragment
    /// beside the main one. A place farther than the limit from every
    /// walkable edge comes back as <see cref="SnapStatus.TooFar"/> with its distance to the nearest edge.
    /// Distances are geodesic. Invalid coordinates throw.
    /// </summary>
    public SnapResult Snap(double lon, double lat, double maxMetres = DefaultMaxMetres) => Snap(lon, lat, maxMetres, preferMain: true);

    /// <summary>
    /// <see cref="Snap(double, double, double)"/>, bit for bit, for a run of places on one thread: <paramref name="measured"/>
    /// keeps the metres of the edges' segments already landed on, so the next place on the same way does not measure its
    /// shape again (a province's samples land on the edge of the sample before more often than not, ~18 segments in).
    /// </summary>
    public SnapResult Snap(double lon, double lat, double maxMetres, SegmentMetres? measured) => Snap(lon, lat, maxMetres, preferMain: true, measured);

    /// <summary>
    /// The nearest walkable edge, island or not: for the points of a line source (a trail), which lies on the ways it
    /// follows whatever piece of network they belong to — a trail point never jumps to another piece.
    /// </summary>
    public SnapResult SnapNearest(double lon, double lat, double maxMetres = DefaultMaxMetres) => Snap(lon, lat, maxMetres, preferMain: false);

    SnapResult Snap(double lon, double lat, double maxMetres, bool preferMain, SegmentMetres? measured = null)
    {
        if (!Geodesy.IsValidLonLat(lon, lat))
            throw new ArgumentOutOfRangeException(nameof(lon),
                $"坐标无效 / Invalid coordinate lon={lon}, lat={lat}: longitude must be in [-180,180] and latitude in [-90,90]; check the column order (LON,LAT).");
        if (!(maxMetres >= 0))
            throw new ArgumentOutOfRangeException(nameof(maxMetres), $"最大吸附距离无效 / Maximum snap distance must be ≥ 0 m, got {maxMetres}.");

        if (!_grid.Nearest(lon, lat, out int segment, out double t, out _))
            return new SnapResult(SnapStatus.NoNetwork, lon, lat, -1, -1, 0, double.NaN, double.NaN, double.PositiveInfinity, -1, false);
        var nearest = At(lon, lat, segment, t, maxMetres, measured);
        if (!nearest.IsOnIsland || !preferMain) return nearest;
        // The grid ranks by the tangent plane; a little slack so the geodesic check below decides at the limit.
        double reach = Math.Min(maxMetres, nearest.DistanceMetres + Options.MainNetworkSlackMetres);
        if (_grid.Nearest(lon, lat, out segment, out t, out _, _island, reach * 1.001 + 0.01))
        {
            var main = At(lon, lat, segment, t, maxMetres, measured);
            if (main.IsOnNetwork && main.DistanceMetres <= nearest.DistanceMetres + Options.MainNetworkSlackMetres) return main;
        }
        return nearest;
    }

    /// <summary>
    /// Geodesic metres from (lon, lat) to the nearest walkable edge of the main network, however far; +∞ when the
    /// graph has none. Says how far a place on an island would have to walk off-network to join the main network.
    /// </summary>
    public double MainNetworkMetres(double lon, double lat)
    {
        if (!_grid.Nearest(lon, lat, out int segment, out double t, out _, _island)) return double.PositiveInfinity;
        return At(lon, lat, segment, t, double.PositiveInfinity).DistanceMetres;
    }

    /// <summary>
    /// A component other than the largest is an island (a fragment) when it has fewer nodes than
    /// <see cref="SnapOptions.IslandThreshold"/> of the largest component's size.
    /// </summary>
    public bool IsIsland(int component) =>
        component > 0 && Graph.ComponentNodeCount[component] < Options.IslandThreshold(Graph.ComponentNodeCount[0]);

    /// <summary>Walkable edges (ways between junctions, ferries included) and their metres in a component.</summary>
    public (int Edges, double Metres) ComponentSize(int component) => (_componentEdges[component], _componentMetres[component]);

    SnapResult At(double lon, double lat, int segment, double t, double maxMetres, SegmentMetres? measured = null)
    {
        int e = _grid.EdgeOfSegment(segment), j = segment - _grid.SegmentBase(e);
        _grid.Point(e, j, out double aLon, out double aLat);
        _grid.Point(e, j + 1, out double bLon, out double bLat);
        double sLon = aLon + (bLon - aLon) * t, sLat = aLat + (bLat - aLat) * t;
        double metres = Geodesy.GeodesicMetres(lon, lat, sLon, sLat);
        int component = Graph.NodeComponent[Graph.EdgeFrom[e]];
        var status = metres <= Math.Max(maxMetres, ResolutionMetres) ? SnapStatus.OnNetwork : SnapStatus.TooFar;
        return new SnapResult(status, lon, lat, e, j, OffsetAlong(e, j, t, measured), sLon, sLat, metres, component, _island[component]);
    }

    /// <summary>
    /// Metres from EdgeFrom to fraction t of segment j, scaled to the edge's stored length so offsets and
    /// EdgeLength agree even where the reader measured length its own way. Ends are exact. The shape is walked only up
    /// to segment j, summing in the same order as before, and the edge's total comes from the grid (<see cref="SegmentGrid.ShapeTotal"/>):
    /// the same offset bit for bit, with half the walk on average and none past the joining point. With
    /// <paramref name="measured"/>, the segments' metres measured for an earlier place on the edge are reused (<see cref="SegmentMetres"/>).
    /// </summary>
    double OffsetAlong(int e, int j, double t, SegmentMetres? measured)
    {
        int segments = Graph.ShapeFirst[e + 1] - Graph.ShapeFirst[e] + 1;
        double length = Graph.EdgeLength[e];
        if (j == 0 && t == 0) return 0;
        if (j == segments - 1 && t == 1) return length;
        double before = measured?.Before(e, j, t) ?? ShapeBefore(e, j, t), total = _grid.ShapeTotal(e);
        return total > 0 ? Math.Clamp(before / total * length, 0, length) : 0;
    }

    /// <summary>Tangent-plane metres of edge e's shape from EdgeFrom to fraction t of segment j, summed segment by segment from the start.</summary>
    internal double ShapeBefore(int e, int j, double t)
    {
        double before = 0;
        _grid.Point(e, 0, out double pLon, out double pLat);
        for (int k = 0; k <= j; k++)
        {
            _grid.Point(e, k + 1, out double qLon, out double qLat);
            double d = Geodesy.DistanceMeters(pLon, pLat, qLon, qLat);
            before += k < j ? d : d * t;
            pLon = qLon; pLat = qLat;
        }
        return before;
    }

    /// <summary>Tangent-plane metres of segment j of edge e, as <see cref="ShapeBefore"/> measures it.</summary>
    internal double SegmentLength(int e, int j)
    {
        _grid.Point(e, j, out double pLon, out double pLat);
        _grid.Point(e, j + 1, out double qLon, out double qLat);
        return Geodesy.DistanceMeters(pLon, pLat, qLon, qLat);
    }
}
