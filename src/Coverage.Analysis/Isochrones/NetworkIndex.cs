using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Coverage.Core.Geo;
using Coverage.Network.Graph;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Isochrones;

/// <summary>
/// What an isochrone reads of the graph alone: its projected coordinates (<see cref="ProjectedGraph"/>), the edges at each
/// node and a grid of edges by projected box. Nothing here depends on the plan, and the server builds a new analysis region
/// for every plan version, so one index per graph and projection is shared by all of them (<see cref="For"/>): on a
/// province it takes seconds to build and ~0.5 GB to hold, and an edit would otherwise make the next isochrone pay it again
/// while the previous version's copy is still held. Immutable; safe to share between threads.
/// </summary>
sealed class NetworkIndex
{
    static readonly ConditionalWeakTable<WalkGraph, ConcurrentDictionary<string, Lazy<NetworkIndex>>> Shared = new();

    readonly int[] _firstIncident, _incident;
    readonly EdgeGrid _grid;

    /// <summary>The graph's index in this projection, built by the first caller and kept as long as the graph is.</summary>
    public static NetworkIndex For(WalkGraph graph, LocalProjection projection) =>
        Shared.GetValue(graph, _ => new()).GetOrAdd(projection.Wkt,
            _ => new Lazy<NetworkIndex>(() => new NetworkIndex(graph, new ProjectedGraph(graph, projection.Copy())))).Value;

    public NetworkIndex(WalkGraph graph, ProjectedGraph projected)
    {
        Graph = graph;
        Projected = projected;
        (_firstIncident, _incident) = ReachIndex.Csr(graph.NodeCount, graph.EdgeCount * 2,
            k => (k & 1) == 0 ? graph.EdgeFrom[k >> 1] : graph.EdgeTo[k >> 1], k => k >> 1);
        _grid = new EdgeGrid(projected);
    }

    public WalkGraph Graph { get; }

    public ProjectedGraph Projected { get; }

    /// <summary>Edges with node n at either end (a self-loop twice).</summary>
    public ReadOnlySpan<int> IncidentEdges(int node) => _incident.AsSpan(_firstIncident[node], _firstIncident[node + 1] - _firstIncident[node]);

    /// <summary>Edges whose projected bounding box may meet the envelope (a superset: callers test the box), ascending.</summary>
    public List<int> EdgesNear(Envelope extent) => _grid.Query(extent);

    /// <summary>
    /// Edges filed under every cell of a uniform grid their projected bounding box overlaps. Cells are 250 m, or
    /// larger so the grid stays within about a million cells on a province.
    /// </summary>
    sealed class EdgeGrid
    {
        const int MaxCells = 1 << 20;
        readonly double _x0, _y0, _size;
        readonly int _nx, _ny;
        readonly int[] _first, _edges;

        public EdgeGrid(ProjectedGraph p)
        {
            var all = new Envelope();
            foreach (var box in p.EdgeBox) all.ExpandToInclude(box);
            if (all.IsNull) all = new Envelope(0, 0, 0, 0);
            _x0 = all.MinX; _y0 = all.MinY;
            _size = Math.Max(250, Math.Sqrt(all.Width * all.Height / MaxCells));
            _nx = (int)(all.Width / _size) + 1; _ny = (int)(all.Height / _size) + 1;
            var cellOf = new List<(int Cell, int Edge)>();
            for (int e = 0; e < p.EdgeBox.Length; e++)
            {
                var (i0, j0, i1, j1) = Cells(p.EdgeBox[e]);
                for (int j = j0; j <= j1; j++)
                    for (int i = i0; i <= i1; i++) cellOf.Add((j * _nx + i, e));
            }
            (_first, _edges) = ReachIndex.Csr(_nx * _ny, cellOf.Count, k => cellOf[k].Cell, k => cellOf[k].Edge);
        }

        (int I0, int J0, int I1, int J1) Cells(Envelope box) =>
            (Clamp((box.MinX - _x0) / _size, _nx), Clamp((box.MinY - _y0) / _size, _ny),
             Clamp((box.MaxX - _x0) / _size, _nx), Clamp((box.MaxY - _y0) / _size, _ny));

        static int Clamp(double cell, int n) => (int)Math.Clamp(Math.Floor(cell), 0, n - 1);

        public List<int> Query(Envelope extent)
        {
            var result = new List<int>();
            var (i0, j0, i1, j1) = Cells(extent);
            for (int j = j0; j <= j1; j++)
                for (int i = i0; i <= i1; i++)
                {
                    int c = j * _nx + i;
                    result.AddRange(_edges.AsSpan(_first[c], _first[c + 1] - _first[c]));
                }
            return ReachIndex.SortedDistinct(result);
        }
    }
}
