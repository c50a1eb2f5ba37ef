using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using Coverage.Core.Geo;
using Coverage.Network.Graph;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Isochrones;

/// <summary>
/// What an isochrone reads of the graph alone, in no projection: the edges at each node, and the edges near a projected
/// extent found through the graph's shared lon/lat <see cref="EdgeBoxIndex"/> (the basemap's). Nothing here depends on the
/// plan, and the server builds a new analysis region for every plan version, so one index per graph is shared by all of
/// them (<see cref="For"/>). Of the projection, it keeps only the nodes (<see cref="Nodes"/>); the edges an isochrone reads
/// are projected by the isochrone itself (<see cref="EdgesOnDemand"/>): a whole-graph projected copy was a province's peak memory. Immutable; safe to share between threads.
/// </summary>
sealed class NetworkIndex
{
    static readonly ConditionalWeakTable<WalkGraph, NetworkIndex> Shared = new();

    /// <summary>Share of the edges (the shortest) found through the grid; the longest 1 % are kept on a list of their own,
    /// so the grid query's margin, which grows with the size of the edges it must catch, stays that of a short edge.</summary>
    const double ShortShare = 0.99;

    readonly int[] _firstIncident, _incident;
    readonly EdgeBoxIndex _boxes;
    readonly int[] _longEdges;
    /// <summary>Width and height, in 1e-7 degrees and in degrees, no short edge's lon/lat box exceeds.</summary>
    readonly int _short7;
    readonly double _shortDegrees;
    readonly double _maxAbsLat;

    /// <summary>The graph's index, built by the first caller and kept as long as the graph is.</summary>
    public static NetworkIndex For(WalkGraph graph) => Shared.GetValue(graph, g => new NetworkIndex(g));

    public NetworkIndex(WalkGraph graph)
    {
        Graph = graph;
        (_firstIncident, _incident) = ReachIndex.Csr(graph.NodeCount, graph.EdgeCount * 2,
            k => (k & 1) == 0 ? graph.EdgeFrom[k >> 1] : graph.EdgeTo[k >> 1], k => k >> 1);
        _boxes = EdgeBoxIndex.For(graph);
        // The short edges' bound is the least power of two (in 1e-7 degrees) that ShortShare of the edges' boxes fit in.
        var fits = new int[32];
        for (int e = 0; e < graph.EdgeCount; e++)
        {
            var (minLon, maxLon, minLat, maxLat) = _boxes.Box7(e);
            fits[BitOperations.Log2((uint)Math.Max(maxLon - minLon, maxLat - minLat) * 2 + 1)]++;
            _maxAbsLat = Math.Max(_maxAbsLat, Math.Max(Math.Abs(minLat), Math.Abs(maxLat)) / WalkGraph.CoordScale);
        }
        int bits = 0;
        for (int held = fits[0]; held < ShortShare * graph.EdgeCount; held += fits[++bits]) { }
        _short7 = (1 << bits) - 1; // every size with Log2(2·size + 1) ≤ bits is below 2^bits
        _shortDegrees = _short7 / WalkGraph.CoordScale;
        var longEdges = new List<int>();
        for (int e = 0; e < graph.EdgeCount; e++)
        {
            var (minLon, maxLon, minLat, maxLat) = _boxes.Box7(e);
            if (Math.Max(maxLon - minLon, maxLat - minLat) > _short7) longEdges.Add(e);
        }
        _longEdges = longEdges.ToArray();
    }

    public WalkGraph Graph { get; }

    readonly ConcurrentDictionary<string, Lazy<ProjectedNodes>> _nodes = new();

    /// <summary>The graph's nodes in this projection, projected by the first caller (with a copy of its transforms).</summary>
    public ProjectedNodes Nodes(LocalProjection projection) =>
        _nodes.GetOrAdd(projection.Wkt, _ => new Lazy<ProjectedNodes>(() => new ProjectedNodes(Graph, projection.Copy()))).Value;

    readonly ConcurrentBag<EdgeBuffers> _buffers = new();

    /// <summary>Buffers for one isochrone's projected edges, with a projection copy of their own (one of the pool's when its projection matches).</summary>
    public EdgeBuffers RentBuffers(LocalProjection projection)
    {
        while (_buffers.TryTake(out var buffers))
            if (buffers.Projection.Wkt == projection.Wkt) return buffers;
        return new EdgeBuffers(projection.Copy());
    }

    public void ReturnBuffers(EdgeBuffers buffers)
    {
        buffers.Clear();
        _buffers.Add(buffers);
    }

    /// <summary>Edges with node n at either end (a self-loop twice).</summary>
    public ReadOnlySpan<int> IncidentEdges(int node) => _incident.AsSpan(_firstIncident[node], _firstIncident[node + 1] - _firstIncident[node]);

    (double MinLon, double MaxLon, double MinLat, double MaxLat) Box(int e)
    {
        var (minLon7, maxLon7, minLat7, maxLat7) = _boxes.Box7(e);
        return (minLon7 / WalkGraph.CoordScale, maxLon7 / WalkGraph.CoordScale, minLat7 / WalkGraph.CoordScale, maxLat7 / WalkGraph.CoordScale);
    }

    /// <summary>Projected metres between samples of the extent's boundary when it is taken back to lon/lat.</summary>
    const double BoundaryStep = 50;

    /// <summary>
    /// Edges whose projected bounding box may meet the projected extent, ascending: a superset (callers test the box),
    /// found in lon/lat without projecting an edge. Why nothing is lost: if edge e's projected box meets the extent E at z,
    /// every projected point of e lies in that box, so some point p of e has F(p) within the box's diagonal D of z ∈ E
    /// (F the projection). D ≤ √2 · k_max · (largest distance between two points of e) ≤ 2 · 111,700 m · (Δlon + Δlat) of
    /// e's lon/lat box: a degree of meridian is at most 111,694 m and of parallel at most 111,320 m, and the scale k of
    /// the Transverse Mercator stays under √2 within 45° of its central meridian (the projection is chosen at the
    /// region's centre). Taking the straight D-long segment from F(p) to z back, p lies within D / k_min (k ≥ k0 ≥ 0.9996)
    /// metres on the ellipsoid of a point of F⁻¹(E). The lon (or lat) of F⁻¹ has no critical point (F is a
    /// diffeomorphism), so over E it is largest and smallest on E's boundary, and each boundary point lies within
    /// <see cref="BoundaryStep"/>/2 projected metres of a sample taken back. So p, and with it e's lon/lat box, meets the
    /// samples' lon/lat box widened by (D + step/2) / k_min metres, turned into degrees at no less than 110,574 m a degree of
    /// latitude and 111,319 m · cos(lat) a degree of longitude at the largest |lat| the path can reach (for the short
    /// edges, that of the widest short edge: a larger cos bound only widens). An edge without shape points needs no
    /// margin: its projected box is that of its projected nodes (<see cref="Nodes"/>), tested as the caller tests it.
    /// </summary>
    public List<int> EdgesNear(Envelope extent, LocalProjection projection)
    {
        if (extent.IsNull) return [];
        double minLon = double.MaxValue, maxLon = double.MinValue, minLat = double.MaxValue, maxLat = double.MinValue;
        void Sample(double x, double y)
        {
            var p = projection.Inverse(x, y);
            minLon = Math.Min(minLon, p.Lon); maxLon = Math.Max(maxLon, p.Lon);
            minLat = Math.Min(minLat, p.Lat); maxLat = Math.Max(maxLat, p.Lat);
        }
        int nx = Math.Max(1, (int)Math.Ceiling(extent.Width / BoundaryStep)), ny = Math.Max(1, (int)Math.Ceiling(extent.Height / BoundaryStep));
        for (int i = 0; i <= nx; i++)
        {
            double x = extent.MinX + extent.Width * i / nx;
            Sample(x, extent.MinY); Sample(x, extent.MaxY);
        }
        for (int j = 1; j < ny; j++)
        {
            double y = extent.MinY + extent.Height * j / ny;
            Sample(extent.MinX, y); Sample(extent.MaxX, y);
        }
        double absLat = Math.Max(_maxAbsLat, Math.Max(Math.Abs(minLat), Math.Abs(maxLat)));
        // The widening, in metres, that catches an edge whose lon/lat box is dLon by dLat, and the degrees of lon and lat
        // a metre spans at most within a widening of up to `metres` (of lon at the largest |lat| it can reach).
        static double Metres(double dLon, double dLat) => (2 * 111_700 * (dLon + dLat) + BoundaryStep / 2) / 0.9996 + 1;
        (double Lon, double Lat) PerMetre(double metres) =>
            (1 / (111_319 * Math.Cos(Math.Min(absLat + metres / 110_574, 89.9) * Math.PI / 180)), 1 / 110_574.0);
        var nodes = Nodes(projection);
        var g = Graph;
        bool Meets(int e, (double Lon, double Lat) perMetre)
        {
            int from = g.EdgeFrom[e], to = g.EdgeTo[e];
            if (g.ShapeFirst[e] == g.ShapeFirst[e + 1])
            {
                // No shape point: the projected box is that of the projected nodes, the very doubles ProjectedEdge reads.
                double x0 = nodes.X[from], x1 = nodes.X[to], y0 = nodes.Y[from], y1 = nodes.Y[to];
                return !(Math.Min(x0, x1) > extent.MaxX || Math.Max(x0, x1) < extent.MinX || Math.Min(y0, y1) > extent.MaxY || Math.Max(y0, y1) < extent.MinY);
            }
            var (a, b, c, d) = Box(e);
            double m = Metres(b - a, d - c), mLon = m * perMetre.Lon, mLat = m * perMetre.Lat;
            return a <= maxLon + mLon && b >= minLon - mLon && c <= maxLat + mLat && d >= minLat - mLat;
        }
        // One degree-per-metre pair for all short edges, taken at the short bound's widening (the largest any of them gets).
        double shortMetres = Metres(_shortDegrees, _shortDegrees);
        var shortPerMetre = PerMetre(shortMetres);
        var near = _boxes.EdgesIn(new Envelope(minLon - shortMetres * shortPerMetre.Lon, maxLon + shortMetres * shortPerMetre.Lon,
            minLat - shortMetres * shortPerMetre.Lat, maxLat + shortMetres * shortPerMetre.Lat));
        // Every short edge the widened box holds (ascending, once each) is tested on its own; the long ones, which the
        // box may also hold, only from their list, each with its own widening.
        int w = 0;
        for (int i = 0; i < near.Count; i++)
        {
            int e = near[i];
            var (minLon7, maxLon7, minLat7, maxLat7) = _boxes.Box7(e);
            if (Math.Max(maxLon7 - minLon7, maxLat7 - minLat7) <= _short7 && Meets(e, shortPerMetre)) near[w++] = e;
        }
        near.RemoveRange(w, near.Count - w);
        foreach (int e in _longEdges)
        {
            var (a, b, c, d) = Box(e);
            if (Meets(e, PerMetre(Metres(b - a, d - c)))) near.Add(e);
        }
        if (near.Count > w) near.Sort();
        return near;
    }
}
