using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Region;

/// <summary>
/// Which centres of a sample grid lie in the interior of a polygonal geometry, a row at a time: the answer of
/// <see cref="IndexedPointInAreaLocator"/> (Interior, not Boundary or Exterior) for every cell, without asking it per cell.
/// For a row at y the rings' edges that the locator's ray-crossing rule counts (one end above y, the other at or below)
/// are cut at y once; a cell centre then lies inside when an odd number of cuts lie east of it. The cut is computed in
/// floating point and the locator decides exactly (robust orientation), so a centre within a tolerance of a cut, or on
/// the x range of an edge that touches the row without being counted (a vertex or a horizontal edge at y), is handed
/// to the locator itself: the result is the locator's, cell for cell. Edges are swept in order of their lowest y, so a
/// row visits only the edges that span it. Not thread-safe (one per sampler).
/// </summary>
internal sealed class GridRowScan
{
    /// <summary>
    /// Relative bound on the error of a cut's x (a few ulps, ~1e-15, in truth): generous, so a centre is decided by
    /// arithmetic only when it lies far from every cut (about 0.5 mm at Gauss–Krüger eastings).
    /// </summary>
    const double Tolerance = 1e-9;

    readonly Geometry _area;
    IndexedPointInAreaLocator? _locator;
    readonly Coordinate _probe = new();
    // Edges as (x1, y1, x2, y2), sorted by their lower y; the sweep's next edge and the edges spanning the current row.
    double[] _edges = new double[64];
    int _edgeCount, _next;
    readonly List<int> _active = [];
    readonly List<double> _cuts = [];
    readonly List<(double Lo, double Hi)> _unsure = [];
    double _y;
    int _cutAt, _unsureAt, _eastCuts;
    double _unsureHi;

    public GridRowScan(Geometry area)
    {
        _area = area;
        for (int i = 0; i < area.NumGeometries; i++)
            if (area.GetGeometryN(i) is Polygon p)
            {
                AddRing(p.ExteriorRing.CoordinateSequence);
                foreach (var hole in p.InteriorRings) AddRing(hole.CoordinateSequence);
            }
        SortByLowerY();
    }

    /// <summary>Calls dealing with centres of the row at <paramref name="y"/>, west to east, follow (rows south to north).</summary>
    public void Row(double y)
    {
        _y = y;
        while (_next < _edgeCount && Math.Min(_edges[4 * _next + 1], _edges[4 * _next + 3]) <= y) _active.Add(_next++);
        _active.RemoveAll(e => Math.Max(_edges[4 * e + 1], _edges[4 * e + 3]) < y);
        _cuts.Clear(); _unsure.Clear();
        foreach (int e in _active)
        {
            double x1 = _edges[4 * e], y1 = _edges[4 * e + 1], x2 = _edges[4 * e + 2], y2 = _edges[4 * e + 3];
            double tol = Tolerance * (Math.Abs(x1) + Math.Abs(x2 - x1)) + Tolerance;
            // The locator's rule (RayCrossingCounter): only edges with one end above y and the other at or below it count.
            if ((y1 > y && y2 <= y) || (y2 > y && y1 <= y))
            {
                double cut = x1 + (y - y1) * ((x2 - x1) / (y2 - y1));
                _cuts.Add(cut);
                _unsure.Add((cut - tol, cut + tol));
            }
            else _unsure.Add((Math.Min(x1, x2) - tol, Math.Max(x1, x2) + tol));   // a vertex or a horizontal edge on the row
        }
        _cuts.Sort();
        _unsure.Sort();
        _cutAt = _unsureAt = 0; _eastCuts = _cuts.Count;
        _unsureHi = double.NegativeInfinity;
    }

    /// <summary>Whether the centre (x, row's y) is interior; x must not decrease within a row.</summary>
    public bool Inside(double x)
    {
        while (_unsureAt < _unsure.Count && _unsure[_unsureAt].Lo <= x) _unsureHi = Math.Max(_unsureHi, _unsure[_unsureAt++].Hi);
        if (x <= _unsureHi) return Locate(x);
        while (_cutAt < _cuts.Count && _cuts[_cutAt] < x) { _cutAt++; _eastCuts--; }
        return (_eastCuts & 1) == 1;
    }

    bool Locate(double x)
    {
        _locator ??= new IndexedPointInAreaLocator(_area);
        _probe.X = x; _probe.Y = _y;
        return _locator.Locate(_probe) == Location.Interior;
    }

    void AddRing(CoordinateSequence ring)
    {
        for (int i = 1; i < ring.Count; i++)
        {
            if (4 * (_edgeCount + 1) > _edges.Length) Array.Resize(ref _edges, _edges.Length * 2);
            _edges[4 * _edgeCount] = ring.GetX(i - 1); _edges[4 * _edgeCount + 1] = ring.GetY(i - 1);
            _edges[4 * _edgeCount + 2] = ring.GetX(i); _edges[4 * _edgeCount + 3] = ring.GetY(i);
            _edgeCount++;
        }
    }

    void SortByLowerY()
    {
        var lower = new double[_edgeCount];
        var order = new int[_edgeCount];
        for (int e = 0; e < _edgeCount; e++) { lower[e] = Math.Min(_edges[4 * e + 1], _edges[4 * e + 3]); order[e] = e; }
        Array.Sort(lower, order);
        var sorted = new double[4 * _edgeCount];
        for (int k = 0; k < _edgeCount; k++) Array.Copy(_edges, 4 * order[k], sorted, 4 * k, 4);
        _edges = sorted;
    }
}
