using Coverage.Core.Geo;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Isochrones;

/// <summary>
/// WGS84 positions of a <see cref="TimeField"/>'s vertices for snapping: the projection's inverse exactly at the root
/// cells' corners (each computed once, on first use) and bilinear between them inside a root cell. The inverse
/// Transverse Mercator is smooth on the scale of a root cell (80 m at 10 m cells), so the interpolated place lies
/// well under a millimetre from the exact one — nothing next to the field's tolerance of a fine cell's diagonal —
/// while a snap no longer pays an iterative inverse projection per vertex. The bands drawn on the field are returned
/// to WGS84 the same way (<see cref="Inverse"/>).
/// </summary>
sealed class VertexLonLat
{
    readonly ThreadLocal<LocalProjection> _projection;
    readonly double _x0, _y0, _cell;
    readonly int _rootsX, _rootsY;
    readonly double[] _lon, _lat; // per root corner, valid where _known
    readonly bool[] _known;

    /// <param name="projection">The region's projection, a copy per thread (the field is sampled on several threads at once).</param>
    /// <param name="x0">x of vertex 1 (the first root corner).</param>
    /// <param name="y0">y of vertex 1.</param>
    public VertexLonLat(ThreadLocal<LocalProjection> projection, double x0, double y0, double cellMetres, int rootsX, int rootsY)
    {
        _projection = projection;
        _x0 = x0; _y0 = y0; _cell = cellMetres;
        _rootsX = rootsX; _rootsY = rootsY;
        _lon = new double[(rootsX + 1) * (rootsY + 1)];
        _lat = new double[_lon.Length];
        _known = new bool[_lon.Length];
    }

    /// <summary>The place of the vertex at projected (x, y) (a vertex of the field, inside the root cells).</summary>
    public LonLat At(double x, double y)
    {
        const int Root = TimeField.RootCells;
        double fx = (x - _x0) / (_cell * Root), fy = (y - _y0) / (_cell * Root);
        int a = Math.Clamp((int)Math.Floor(fx), 0, _rootsX - 1), b = Math.Clamp((int)Math.Floor(fy), 0, _rootsY - 1);
        double u = fx - a, v = fy - b;
        if (u == 0 && v == 0) return Corner(a, b);
        var (p, q, r, s) = (Corner(a, b), Corner(a + 1, b), Corner(a + 1, b + 1), Corner(a, b + 1));
        return new LonLat(
            (1 - v) * ((1 - u) * p.Lon + u * q.Lon) + v * ((1 - u) * s.Lon + u * r.Lon),
            (1 - v) * ((1 - u) * p.Lat + u * q.Lat) + v * ((1 - u) * s.Lat + u * r.Lat));
    }

    /// <summary>
    /// Root corner (a, b) in WGS84, projected on first use. Safe on several threads at once: two may project the same
    /// corner, and both write the same two numbers before it is marked known (a release; the check is an acquire).
    /// </summary>
    LonLat Corner(int a, int b)
    {
        int k = b * (_rootsX + 1) + a;
        if (Volatile.Read(ref _known[k])) return new LonLat(_lon[k], _lat[k]);
        var at = _projection.Value!.Inverse(_x0 + a * _cell * TimeField.RootCells, _y0 + b * _cell * TimeField.RootCells);
        (_lon[k], _lat[k]) = (at.Lon, at.Lat);
        Volatile.Write(ref _known[k], true);
        return at;
    }

    /// <summary>A WGS84 copy (SRID 4326) of a geometry drawn on the field (its contours), each coordinate placed as
    /// <see cref="At"/> places a vertex (linearly beyond the outer root corners, within a cell of them).</summary>
    public Geometry Inverse(Geometry projected)
    {
        var copy = projected.Copy();
        copy.Apply(new ToLonLat(this));
        copy.SRID = 4326;
        return copy;
    }

    sealed class ToLonLat(VertexLonLat places) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (int i = 0; i < seq.Count; i++)
            {
                var at = places.At(seq.GetX(i), seq.GetY(i));
                seq.SetX(i, at.Lon);
                seq.SetY(i, at.Lat);
            }
        }
    }
}
