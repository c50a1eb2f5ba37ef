using Coverage.Core.Geo;
using Coverage.Network.Cache;
using Coverage.Network.Graph;

namespace Coverage.Network.Snapping;

/// <summary>
/// Uniform grid (in degrees) over the straight segments of every walkable, non-ferry edge, laid out as two int
/// arrays by counting sort. Chosen over an NTS STRtree because it builds in two linear passes with no object per
/// segment (a 1M-node graph has ~1.5M segments) and a nearest query visits a handful of cells.
/// Segment s of edge e has global id ShapeFirst[e] + e + s, so no per-segment coordinates are copied.
/// Built once per graph (<see cref="WalkGraph.SegmentGrid"/>) and stored in the graph cache with it
/// (<see cref="Cache.WalkGraphFile"/>), so a region loaded from the cache snaps without rebuilding it.
/// </summary>
internal sealed class SegmentGrid
{
    const double MinCellMetres = 20, MaxCellMetres = 5000;

    /// <summary>
    /// Segments per cell over the grid's bounding box (cell side = √(area × this / segments)). 4 rather than 1: on the stress
    /// case (13.2 M segments, 424 km square) the grid then has 3.3 M cells of 234 m instead of 13 M of 117 m, and a region
    /// holds 60 MB less (cell starts and empty-ring counts are per cell, and fewer segments cross a cell edge), while a
    /// nearest query costs the same or less: a cell's entries are rejected by their byte boxes in one sequential pass, and a
    /// far query walks half the rings (one-thread ranking 0.82–0.84 vs 0.85–0.93 µs within the limit, 1.62–1.67 vs
    /// 1.62–1.74 µs beyond it; 9 and 16 segments a cell were slower). The answer does not depend on it.
    /// </summary>
    const double SegmentsPerCell = 4;

    readonly WalkGraph _g;
    readonly int[] _blockEdge;          // per block of 64 segment ids: the edge holding its first (see EdgeOfSegment)
    readonly int[] _cellStart;
    readonly int[] _cellSegments;
    readonly byte[] _entryBox;          // per cell entry, 3 bytes: its segment's bounding box within the cell, see EntryBoxes
    readonly byte[] _emptyRings;        // per cell: rings of cells around it holding no segment (at most 255)
    readonly double[] _shapeTotal;      // per edge: shape metres end to end (see ShapeTotals)
    readonly double _lon0, _lat0, _cellLon, _cellLat;
    readonly int _nx, _ny;

    /// <summary>Segments in the index (ferries are left out: nobody boards mid-river).</summary>
    public int IndexedSegments { get; }

    public SegmentGrid(WalkGraph g)
    {
        _g = g;
        int m = g.EdgeCount;
        _blockEdge = BlockEdges(g);
        _shapeTotal = ShapeTotals();
        double minLon = double.MaxValue, minLat = double.MaxValue, maxLon = double.MinValue, maxLat = double.MinValue;
        for (int e = 0; e < m; e++)
        {
            int count = g.ShapeFirst[e + 1] - g.ShapeFirst[e] + 1;
            if (!Indexed(e)) continue;
            IndexedSegments += count;
            for (int j = 0; j <= count; j++)
            {
                Point(e, j, out double lon, out double lat);
                if (lon < minLon) minLon = lon; if (lon > maxLon) maxLon = lon;
                if (lat < minLat) minLat = lat; if (lat > maxLat) maxLat = lat;
            }
        }
        if (IndexedSegments == 0)
        {
            _cellStart = [0]; _cellSegments = []; _entryBox = []; _emptyRings = []; _nx = _ny = 0; _cellLon = _cellLat = 1;
            return;
        }

        // Cell side so that a cell holds ~SegmentsPerCell segments over the bounding box, clamped to a sensible metric range.
        var (ky, kx) = Geodesy.MetresPerDegree((minLat + maxLat) / 2);
        double w = Math.Max((maxLon - minLon) * kx, 1), h = Math.Max((maxLat - minLat) * ky, 1);
        double cell = Math.Clamp(Math.Sqrt(w * h * SegmentsPerCell / IndexedSegments), MinCellMetres, MaxCellMetres);
        while ((w / cell + 1) * (h / cell + 1) > 4.0 * IndexedSegments + 64) cell *= 1.5;
        _cellLon = cell / kx; _cellLat = cell / ky;
        _lon0 = minLon; _lat0 = minLat;
        _nx = (int)((maxLon - minLon) / _cellLon) + 1;
        _ny = (int)((maxLat - minLat) / _cellLat) + 1;

        // Counting sort: count cells per segment, prefix sum, fill. A stamp per cell dedupes a segment's cells.
        var stamp = new int[_nx * _ny];
        Array.Fill(stamp, -1);
        _cellStart = new int[_nx * _ny + 1];
        ForEachSegmentCell(stamp, (c, _) => _cellStart[c + 1]++);
        for (int c = 0; c < _nx * _ny; c++) _cellStart[c + 1] += _cellStart[c];
        _cellSegments = new int[_cellStart[_nx * _ny]];
        var fill = (int[])_cellStart.Clone();
        Array.Fill(stamp, -1);
        ForEachSegmentCell(stamp, (c, s) => _cellSegments[fill[c]++] = s);
        _emptyRings = EmptyRings();
        _entryBox = EntryBoxes();
    }

    /// <summary>The grid as stored in the graph cache (see <see cref="WriteTo"/>), over the graph it was built on.</summary>
    SegmentGrid(WalkGraph g, int indexedSegments, double lon0, double lat0, double cellLon, double cellLat, int nx, int ny,
        int[] cellStart, int[] cellSegments, byte[] entryBox, byte[] emptyRings, double[] shapeTotal)
    {
        _g = g;
        _blockEdge = BlockEdges(g);
        IndexedSegments = indexedSegments;
        (_lon0, _lat0, _cellLon, _cellLat, _nx, _ny) = (lon0, lat0, cellLon, cellLat, nx, ny);
        (_cellStart, _cellSegments, _entryBox, _emptyRings, _shapeTotal) = (cellStart, cellSegments, entryBox, emptyRings, shapeTotal);
    }

    /// <summary>
    /// Writes the grid for <see cref="ReadFrom"/>: its frame, then the cell arrays and shape totals raw. The edge of each
    /// block of segments is not stored: it is one pass over ShapeFirst, quicker to redo than to read.
    /// </summary>
    public void WriteTo(BinaryWriter w)
    {
        w.Write(IndexedSegments); w.Write(_lon0); w.Write(_lat0); w.Write(_cellLon); w.Write(_cellLat); w.Write(_nx); w.Write(_ny);
        WalkGraphFile.Write(w, _cellStart); WalkGraphFile.Write(w, _cellSegments); WalkGraphFile.Write(w, _entryBox);
        WalkGraphFile.Write(w, _emptyRings); WalkGraphFile.Write(w, _shapeTotal);
    }

    /// <summary>
    /// Reads what <see cref="WriteTo"/> wrote for graph <paramref name="g"/>. Array lengths are checked against each other
    /// and the graph, and every entry against the segment count, so a grid that does not fit is refused
    /// (<see cref="InvalidDataException"/>) rather than read past; the file's checksum guards the rest.
    /// </summary>
    public static SegmentGrid ReadFrom(BinaryReader r, WalkGraph g, long budget)
    {
        int indexed = r.ReadInt32();
        double lon0 = r.ReadDouble(), lat0 = r.ReadDouble(), cellLon = r.ReadDouble(), cellLat = r.ReadDouble();
        int nx = r.ReadInt32(), ny = r.ReadInt32();
        var cellStart = WalkGraphFile.Read<int>(r, budget); var cellSegments = WalkGraphFile.Read<int>(r, budget);
        var entryBox = WalkGraphFile.Read<byte>(r, budget); var emptyRings = WalkGraphFile.Read<byte>(r, budget);
        var shapeTotal = WalkGraphFile.Read<double>(r, budget);
        long cells = (long)nx * ny, segments = (long)g.ShapeFirst[g.EdgeCount] + g.EdgeCount;
        if (nx < 0 || ny < 0 || indexed < 0 || indexed > segments || cellStart.Length != cells + 1 || emptyRings.Length != cells
            || cellStart[0] != 0 || cellStart[^1] != cellSegments.Length || entryBox.Length != (long)BoxBytes * cellSegments.Length
            || shapeTotal.Length != g.EdgeCount || !(cellLon > 0 && cellLat > 0))
            throw new InvalidDataException("snap index does not fit the graph");
        for (long c = 0; c < cells; c++)
            if (cellStart[c + 1] < cellStart[c]) throw new InvalidDataException($"snap index cell {c} starts before the one before it");
        foreach (int s in cellSegments)
            if ((uint)s >= (ulong)segments) throw new InvalidDataException($"snap index holds segment {s} (graph has {segments})");
        return new SegmentGrid(g, indexed, lon0, lat0, cellLon, cellLat, nx, ny, cellStart, cellSegments, entryBox, emptyRings, shapeTotal);
    }

    const int BlockShift = 6;

    /// <summary>
    /// For each block of 64 segment ids, the edge holding the block's first segment (segments of edge e are SegmentBase(e)
    /// onwards, one more than its interior points): <see cref="EdgeOfSegment"/> walks on from there. 4 bytes per 64 segments
    /// (0.8 MB on the stress case's 13.2 M), where an edge per segment took 53 MB and a random read of it per measured segment.
    /// </summary>
    static int[] BlockEdges(WalkGraph g)
    {
        int m = g.EdgeCount;
        long segments = (long)g.ShapeFirst[m] + m;
        var blocks = new int[(segments + (1 << BlockShift) - 1) >> BlockShift];
        int e = 0;
        for (int b = 0; b < blocks.Length; b++)
        {
            long s = (long)b << BlockShift;
            while (g.ShapeFirst[e + 1] + e + 1 <= s) e++; // the next edge's first segment is at or before s: s is past e
            blocks[b] = e;
        }
        return blocks;
    }

    /// <summary>Sum of edge e's segments' tangent-plane metres, as <see cref="ShapeTotals"/> measured it.</summary>
    public double ShapeTotal(int e) => _shapeTotal[e];

    /// <summary>
    /// Per edge, the sum of its segments' tangent-plane metres (each at its mean latitude) from EdgeFrom on: measured
    /// once with the grid (8 bytes an edge) instead of walking the whole shape on every snap. A running sum per
    /// segment would save the rest of the walk but cost 8 bytes a segment (105 MB on the 13 M segments of the stress case).
    /// </summary>
    double[] ShapeTotals()
    {
        var total = new double[_g.EdgeCount];
        for (int e = 0; e < total.Length; e++)
        {
            int segments = _g.ShapeFirst[e + 1] - _g.ShapeFirst[e] + 1;
            double sum = 0;
            Point(e, 0, out double pLon, out double pLat);
            for (int k = 0; k < segments; k++)
            {
                Point(e, k + 1, out double qLon, out double qLat);
                sum += Geodesy.DistanceMeters(pLon, pLat, qLon, qLat);
                pLon = qLon; pLat = qLat;
            }
            total[e] = sum;
        }
        return total;
    }

    /// <summary>Units per cell side of the entry boxes: a box side lies at most 2 units (2/63 of a cell, 7 m on the stress case) outside the segment's box, or on the cell's edge.</summary>
    const int BoxUnits = 63;
    const int BoxBits = 6, BoxMask = (1 << BoxBits) - 1, BoxBytes = 3;

    /// <summary>
    /// Bounding box of the segment of each cell entry within its cell (min x, min y, max x, max y), in 1/<see cref="BoxUnits"/>
    /// of a cell from the cell's south-west corner, rounded outward by a unit and clamped to the cell: a scan rejects the
    /// segments that cannot come near from this small array in cell order, without reading their points from the graph.
    /// </summary>
    /// <remarks>
    /// A box bounds only the part of the segment inside its cell, and that is enough: a segment passed over in one cell for
    /// its box is still measured wherever a part of it could be nearer, because that part lies in a cell of its own whose
    /// rectangle is then as near, so the cell is scanned and there the part lies inside the box. The answer is unchanged;
    /// clamped to the cell a box fits 6 bits per side, 3 bytes an entry where the whole segment's box in shorts took 8
    /// (66 MB less on the stress case's 16.6 M entries) and a byte per side 4 (15 MB more on its 14.9 M entries of cells
    /// holding ~4 segments; a 63rd of a 234 m cell prunes nearly all that a 255th did).
    /// </remarks>
    byte[] EntryBoxes()
    {
        var box = new byte[_cellSegments.Length * BoxBytes];
        for (int c = 0; c < _nx * _ny; c++)
        {
            int x = c % _nx, y = c / _nx;
            for (int i = _cellStart[c]; i < _cellStart[c + 1]; i++)
            {
                int s = _cellSegments[i], e = EdgeOfSegment(s), j = s - SegmentBase(e);
                Point(e, j, out double aLon, out double aLat);
                Point(e, j + 1, out double bLon, out double bLat);
                double ax = ((aLon - _lon0) / _cellLon - x) * BoxUnits, bx = ((bLon - _lon0) / _cellLon - x) * BoxUnits;
                double ay = ((aLat - _lat0) / _cellLat - y) * BoxUnits, by = ((bLat - _lat0) / _cellLat - y) * BoxUnits;
                int packed = BoxSide(Math.Floor(Math.Min(ax, bx)) - 1) | BoxSide(Math.Floor(Math.Min(ay, by)) - 1) << BoxBits
                    | BoxSide(Math.Ceiling(Math.Max(ax, bx)) + 1) << 2 * BoxBits | BoxSide(Math.Ceiling(Math.Max(ay, by)) + 1) << 3 * BoxBits;
                box[BoxBytes * i] = (byte)packed; box[BoxBytes * i + 1] = (byte)(packed >> 8); box[BoxBytes * i + 2] = (byte)(packed >> 16);
            }
        }
        return box;

        static int BoxSide(double u) => (int)Math.Clamp(u, 0, BoxUnits);
    }

    /// <summary>
    /// Chebyshev distance (in cells, capped at 255) from each cell to the nearest cell holding a segment, by the two
    /// raster passes of a chessboard distance transform: a search from a place far from every way skips that many
    /// empty rings at once.
    /// </summary>
    byte[] EmptyRings()
    {
        var d = new byte[_nx * _ny];
        for (int c = 0; c < d.Length; c++) d[c] = _cellStart[c] == _cellStart[c + 1] ? byte.MaxValue : (byte)0;
        for (int y = 0; y < _ny; y++)
            for (int x = 0; x < _nx; x++)
            {
                int v = d[y * _nx + x];
                if (x > 0) v = Math.Min(v, d[y * _nx + x - 1] + 1);
                if (y > 0)
                    for (int dx = -1; dx <= 1; dx++)
                        if (x + dx >= 0 && x + dx < _nx) v = Math.Min(v, d[(y - 1) * _nx + x + dx] + 1);
                d[y * _nx + x] = (byte)v;
            }
        for (int y = _ny - 1; y >= 0; y--)
            for (int x = _nx - 1; x >= 0; x--)
            {
                int v = d[y * _nx + x];
                if (x < _nx - 1) v = Math.Min(v, d[y * _nx + x + 1] + 1);
                if (y < _ny - 1)
                    for (int dx = -1; dx <= 1; dx++)
                        if (x + dx >= 0 && x + dx < _nx) v = Math.Min(v, d[(y + 1) * _nx + x + dx] + 1);
                d[y * _nx + x] = (byte)v;
            }
        return d;
    }

    bool Indexed(int e) => (_g.EdgeFlagsOf[e] & EdgeFlags.Ferry) == 0;

    public int SegmentBase(int e) => _g.ShapeFirst[e] + e;

    /// <summary>Bytes held by the index's arrays (cells, their entries and boxes, empty rings, each block's edge, shape totals).</summary>
    public long Bytes => 4L * (_blockEdge.Length + _cellStart.Length + _cellSegments.Length) + _entryBox.Length + _emptyRings.Length
        + 8L * _shapeTotal.Length;

    /// <summary>The edge segment s belongs to: from its block's first edge, on while the next edge starts at or before s (an edge has about 10 segments, a block 64).</summary>
    public int EdgeOfSegment(int s)
    {
        int e = _blockEdge[s >> BlockShift];
        while (SegmentBase(e + 1) <= s) e++;
        return e;
    }

    /// <summary>Point j of edge e's polyline (0 = EdgeFrom) in degrees.</summary>
    public void Point(int e, int j, out double lon, out double lat)
    {
        int first = _g.ShapeFirst[e], interior = _g.ShapeFirst[e + 1] - first;
        if (j == 0) { int n = _g.EdgeFrom[e]; lon = _g.NodeLon7[n] / WalkGraph.CoordScale; lat = _g.NodeLat7[n] / WalkGraph.CoordScale; }
        else if (j > interior) { int n = _g.EdgeTo[e]; lon = _g.NodeLon7[n] / WalkGraph.CoordScale; lat = _g.NodeLat7[n] / WalkGraph.CoordScale; }
        else { lon = _g.ShapeLon7[first + j - 1] / WalkGraph.CoordScale; lat = _g.ShapeLat7[first + j - 1] / WalkGraph.CoordScale; }
    }

    void ForEachSegmentCell(int[] stamp, Action<int, int> visit)
    {
        for (int e = 0; e < _g.EdgeCount; e++)
        {
            if (!Indexed(e)) continue;
            int count = _g.ShapeFirst[e + 1] - _g.ShapeFirst[e] + 1, first = SegmentBase(e);
            Point(e, 0, out double aLon, out double aLat);
            for (int j = 0; j < count; j++)
            {
                Point(e, j + 1, out double bLon, out double bLat);
                int s = first + j;
                // Pieces no longer than a cell, so a long diagonal segment only claims the cells it passes through.
                int pieces = (int)Math.Ceiling(Math.Max(Math.Abs(bLon - aLon) / _cellLon, Math.Abs(bLat - aLat) / _cellLat));
                if (pieces < 1) pieces = 1;
                for (int p = 0; p < pieces; p++)
                {
                    double t0 = (double)p / pieces, t1 = (double)(p + 1) / pieces;
                    double lo0 = aLon + (bLon - aLon) * t0, lo1 = aLon + (bLon - aLon) * t1;
                    double la0 = aLat + (bLat - aLat) * t0, la1 = aLat + (bLat - aLat) * t1;
                    int x0 = CellX(Math.Min(lo0, lo1)), x1 = CellX(Math.Max(lo0, lo1));
                    int y0 = CellY(Math.Min(la0, la1)), y1 = CellY(Math.Max(la0, la1));
                    for (int y = y0; y <= y1; y++)
                        for (int x = x0; x <= x1; x++)
                        {
                            int c = y * _nx + x;
                            if (stamp[c] == s) continue;
                            stamp[c] = s;
                            visit(c, s);
                        }
                }
                aLon = bLon; aLat = bLat;
            }
        }
    }

    int CellX(double lon) => Math.Clamp((int)Math.Floor((lon - _lon0) / _cellLon), 0, _nx - 1);
    int CellY(double lat) => Math.Clamp((int)Math.Floor((lat - _lat0) / _cellLat), 0, _ny - 1);

    /// <summary>
    /// Slack (metres) on every "cannot be nearer" test below: far above the rounding of the cell and tangent-plane
    /// arithmetic, so a cell or segment is passed over only when it truly cannot hold the answer.
    /// </summary>
    const double PruneSlackMetres = 0.01;

    /// <summary>
    /// Nearest indexed segment to (lon, lat) by distance in the tangent plane at the query point, searching rings of
    /// cells outward until no unvisited cell can hold anything nearer. Segments of edges in a component marked in
    /// <paramref name="skipComponent"/> are passed over, and the search gives up beyond <paramref name="withinMetres"/>.
    /// Returns false when no allowed segment is indexed (within that distance).
    /// Cells and segments that cannot come nearer than the best so far (or than the limit), by their bounding boxes
    /// with <see cref="PruneSlackMetres"/> to spare, are skipped unmeasured: the answer is the one a scan of every
    /// segment of the visited rings gives (ties to the lowest segment id), only cheaper.
    /// </summary>
    public bool Nearest(double lon, double lat, out int bestSegment, out double bestT, out double bestMetres,
        bool[]? skipComponent = null, double withinMetres = double.PositiveInfinity)
    {
        bestSegment = -1; bestT = 0; bestMetres = double.PositiveInfinity;
        if (_cellSegments.Length == 0) return false;
        var (ky, kx) = Geodesy.MetresPerDegree(lat);
        var q = new Query(lon, lat, kx, ky, skipComponent);
        double ringMetres = Math.Min(_cellLon * kx, _cellLat * ky);
        // Query position in cell units; its unclamped cell: the ring bounds hold on the infinite lattice, inside the grid or not.
        double fx = (lon - _lon0) / _cellLon, fy = (lat - _lat0) / _cellLat;
        long cx = (long)Math.Floor(fx), cy = (long)Math.Floor(fy);
        long startRing = Math.Max(Math.Max(0, Math.Max(-cx, cx - (_nx - 1))), Math.Max(-cy, cy - (_ny - 1)));
        long lastRing = Math.Max(Math.Max(cx, _nx - 1 - cx), Math.Max(cy, _ny - 1 - cy));
        if (startRing == 0 && _emptyRings[cy * _nx + cx] is > 0 and var empty)
        {
            // Rings 0 .. empty-1 hold nothing: the ring search would only have given up in them for the limit.
            if ((empty - 1) * ringMetres > withinMetres) return false;
            startRing = empty;
        }
        for (long k = startRing; k <= lastRing; k++)
        {
            VisitRing(k, cx, cy, fx, fy, withinMetres, ref q, ref bestSegment, ref bestT, ref bestMetres);
            // Cells beyond ring k are at least k rings away: nothing there is nearer, or within the allowed distance.
            if (bestMetres <= k * ringMetres || k * ringMetres > withinMetres) break;
            // Sharper: the query's own gap to the outside of ring k's square. Stops no later than the test above.
            double outside = Math.Min(Math.Min(fx - (cx - k), cx + k + 1 - fx) * _cellLon * kx, Math.Min(fy - (cy - k), cy + k + 1 - fy) * _cellLat * ky);
            if (Math.Min(bestMetres, withinMetres) + PruneSlackMetres < outside) break;
        }
        return bestSegment >= 0 && bestMetres <= withinMetres;
    }

    /// <summary>The query point and what a scan needs of it: metres per degree there, and the components passed over.</summary>
    readonly struct Query(double lon, double lat, double kx, double ky, bool[]? skipComponent)
    {
        public readonly double Lon = lon, Lat = lat, Kx = kx, Ky = ky;
        public readonly bool[]? SkipComponent = skipComponent;
    }

    /// <summary>
    /// Visits the cells of ring k around cell (cx, cy): its four sides (the top and bottom rows, then the columns between
    /// them) in order of their gap to the query, each from the cell nearest the query outwards. The best is the least
    /// (metres, segment id) over the ring's segments whatever the order, but in this order the first segments measured
    /// are near the best, and the rest of the ring is passed over by its cells' rectangles unmeasured: a search far from
    /// every way (a quarter of a province's samples lie beyond the snap limit) meets its first ways with no best so far.
    /// </summary>
    void VisitRing(long k, long cx, long cy, double fx, double fy, double withinMetres, ref Query q,
        ref int bestSegment, ref double bestT, ref double bestMetres)
    {
        if (k == 0)
        {
            if (cx >= 0 && cx < _nx && cy >= 0 && cy < _ny) VisitCell(cx, cy, fx, fy, withinMetres, ref q, ref bestSegment, ref bestT, ref bestMetres);
            return;
        }
        long xLo = Math.Max(cx - k, 0), xHi = Math.Min(cx + k, _nx - 1);
        long yLo = Math.Max(cy - k + 1, 0), yHi = Math.Min(cy + k - 1, _ny - 1);
        double metresX = _cellLon * q.Kx, metresY = _cellLat * q.Ky;
        // Sides 0..3 (top, bottom, left, right) with the query's gap to each, sorted by gap.
        Span<double> gap = [(fy - (cy - k + 1)) * metresY, (cy + k - fy) * metresY, (fx - (cx - k + 1)) * metresX, (cx + k - fx) * metresX];
        Span<int> side = [0, 1, 2, 3];
        for (int i = 1; i < 4; i++)
            for (int j = i; j > 0 && gap[side[j]] < gap[side[j - 1]]; j--) (side[j], side[j - 1]) = (side[j - 1], side[j]);
        foreach (int d in side)
        {
            if (d < 2)
            {
                long y = d == 0 ? cy - k : cy + k;
                if (y >= 0 && y < _ny && xLo <= xHi) VisitLine(y, xLo, xHi, Math.Clamp(cx, xLo, xHi), true, fx, fy, withinMetres, ref q, ref bestSegment, ref bestT, ref bestMetres);
            }
            else
            {
                long x = d == 2 ? cx - k : cx + k;
                if (x >= 0 && x < _nx && yLo <= yHi) VisitLine(x, yLo, yHi, Math.Clamp(cy, yLo, yHi), false, fx, fy, withinMetres, ref q, ref bestSegment, ref bestT, ref bestMetres);
            }
        }
    }

    /// <summary>
    /// Visits cells lo..hi of a row (<paramref name="isRow"/>: row <paramref name="at"/>, cells by x) or a column (cells by y),
    /// from <paramref name="from"/> up and then down from it, stepping over runs of empty cells by <see cref="EmptyRings"/>:
    /// a cell r rings from the nearest segment has r - 1 empty cells on each side of it in its row and its column. Each way
    /// stops at the first cell whose rectangle lies farther than the best so far (or the limit), with
    /// <see cref="PruneSlackMetres"/> to spare: the cells beyond it along the line are farther still, and the best only shrinks. A search from a
    /// place far from every way (a quarter of a province's samples lie beyond the snap limit) walks rings tens of cells
    /// round, of which only the few cells facing it can hold anything nearer.
    /// </summary>
    void VisitLine(long at, long lo, long hi, long from, bool isRow, double fx, double fy, double withinMetres, ref Query q,
        ref int bestSegment, ref double bestT, ref double bestMetres)
    {
        // The line's gap to the query across it (of a row, in y; of a column, in x).
        double across = isRow ? Math.Max(0, Math.Max(at - fy, fy - (at + 1))) * _cellLat * q.Ky
            : Math.Max(0, Math.Max(at - fx, fx - (at + 1))) * _cellLon * q.Kx;
        double f = isRow ? fx : fy, cellDegrees = isRow ? _cellLon : _cellLat, k = isRow ? q.Kx : q.Ky;
        for (long i = from; i <= hi;)
        {
            if (Beyond(i, bestMetres)) break;
            int empty = _emptyRings[isRow ? at * _nx + i : i * _nx + at];
            if (empty > 0) { i += empty; continue; }
            if (isRow) VisitCell(i, at, fx, fy, withinMetres, ref q, ref bestSegment, ref bestT, ref bestMetres);
            else VisitCell(at, i, fx, fy, withinMetres, ref q, ref bestSegment, ref bestT, ref bestMetres);
            i++;
        }
        for (long i = from - 1; i >= lo;)
        {
            if (Beyond(i, bestMetres)) break;
            int empty = _emptyRings[isRow ? at * _nx + i : i * _nx + at];
            if (empty > 0) { i -= empty; continue; }
            if (isRow) VisitCell(i, at, fx, fy, withinMetres, ref q, ref bestSegment, ref bestT, ref bestMetres);
            else VisitCell(at, i, fx, fy, withinMetres, ref q, ref bestSegment, ref bestT, ref bestMetres);
            i--;
        }

        // Cell i's rectangle lies farther from the query than the best so far (or the limit).
        bool Beyond(long i, double best)
        {
            double g = Math.Max(0, Math.Max(i - f, f - (i + 1))) * cellDegrees * k, limit = Math.Min(best, withinMetres) + PruneSlackMetres;
            return g * g + across * across > limit * limit;
        }
    }

    /// <summary>
    /// Scans cell (x, y), with the query at (fx, fy) cell units. Its callers have passed over the cells that cannot hold
    /// anything nearer: <see cref="VisitLine"/> by their rectangles, and ring 0 is the query's own cell, at no distance.
    /// An empty cell scans nothing.
    /// </summary>
    void VisitCell(long x, long y, double fx, double fy, double withinMetres, ref Query q,
        ref int bestSegment, ref double bestT, ref double bestMetres) =>
        ScanCell((int)(y * _nx + x), (fx - x) * BoxUnits, (fy - y) * BoxUnits, ref q, ref bestSegment, ref bestT, ref bestMetres, withinMetres);

    /// <summary>Measures the segments of cell c whose boxes come within the best so far (or the limit) of the query at (ux, uy) box units.</summary>
    void ScanCell(int c, double ux, double uy, ref Query q, ref int bestSegment, ref double bestT, ref double bestMetres, double withinMetres)
    {
        double limit = Math.Min(bestMetres, withinMetres) + PruneSlackMetres;
        double unitX = _cellLon * q.Kx / BoxUnits, unitY = _cellLat * q.Ky / BoxUnits;
        double limX = limit / unitX, limY = limit / unitY;
        for (int i = _cellStart[c]; i < _cellStart[c + 1]; i++)
        {
            if (BoxFartherThan(i, ux, uy, limX, limY)) continue;
            int s = _cellSegments[i], e = EdgeOfSegment(s), j = s - SegmentBase(e);
            if (q.SkipComponent != null && q.SkipComponent[_g.NodeComponent[_g.EdgeFrom[e]]]) continue;
            Point(e, j, out double aLon, out double aLat);
            Point(e, j + 1, out double bLon, out double bLat);
            double d = TangentPlane.DistanceToSegment((aLon - q.Lon) * q.Kx, (aLat - q.Lat) * q.Ky, (bLon - q.Lon) * q.Kx, (bLat - q.Lat) * q.Ky, out double t);
            // Ties (a place exactly at a junction) go to the lowest segment id so answers are deterministic.
            if (d < bestMetres || (d == bestMetres && s < bestSegment))
            {
                bestMetres = d; bestSegment = s; bestT = t;
                limit = Math.Min(bestMetres, withinMetres) + PruneSlackMetres;
                limX = limit / unitX; limY = limit / unitY;
            }
        }
    }

    /// <summary>True when entry i's box lies farther than (limX, limY) box units east, west, north or south of (ux, uy).</summary>
    bool BoxFartherThan(int i, double ux, double uy, double limX, double limY)
    {
        int packed = _entryBox[BoxBytes * i] | _entryBox[BoxBytes * i + 1] << 8 | _entryBox[BoxBytes * i + 2] << 16;
        int minX = packed & BoxMask, minY = packed >> BoxBits & BoxMask, maxX = packed >> 2 * BoxBits & BoxMask, maxY = packed >> 3 * BoxBits;
        return minX - ux > limX || ux - maxX > limX || minY - uy > limY || uy - maxY > limY;
    }
}
