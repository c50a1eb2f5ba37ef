using Coverage.Network.Graph;

namespace Coverage.Network.Roads;

/// <summary>The overlap test: which stretches of a layer road OSM already has.</summary>
internal sealed partial class NetworkMerge
{
    /// <summary>A piece of layer road; Low and High bound its distance from the OSM way it runs along (when it does).</summary>
    readonly record struct Piece(int Segment, double T0, double T1, double Metres, double Low, double High);

    /// <summary>How far two centrelines of one road wander around their mean offset within a stretch (m). A road that
    /// forks off at a shallow angle drifts away steadily instead, and is cut into stretches too short to drop.</summary>
    const double DriftMetres = 3;

    /// <summary>Judges layer way w piece by piece and keeps the stretches OSM lacks as runs (cut at refs the layer lacks).</summary>
    void KeepWhatOsmLacks(int w)
    {
        var nodes = new List<int>();
        for (int r = _roads.WayStart[w]; r < _roads.WayStart[w + 1]; r++)
        {
            int node = _roads.IndexOf(_roads.WayRefs[r]);
            if (node < 0) { KeepWhatOsmLacks(w, nodes); nodes.Clear(); continue; }
            if (nodes.Count == 0 || nodes[^1] != node) nodes.Add(node);
        }
        KeepWhatOsmLacks(w, nodes);
    }

    void KeepWhatOsmLacks(int w, List<int> nodes)
    {
        if (nodes.Count < 2) return;
        bool ferry = IsFerryWay(w);
        var pieces = new List<Piece>();
        var covered = new List<bool>();
        var near = new List<bool>();
        for (int i = 0; i + 1 < nodes.Count; i++)
        {
            double ax = _roadX[nodes[i]], ay = _roadY[nodes[i]], dx = _roadX[nodes[i + 1]] - ax, dy = _roadY[nodes[i + 1]] - ay;
            double length = Math.Sqrt(dx * dx + dy * dy);
            int k = Math.Max(1, (int)Math.Ceiling(length / PieceMetres));
            double metres = GroundMetres(_roads, nodes[i], nodes[i + 1]);
            double ux = length > 0 ? dx / length : 0, uy = length > 0 ? dy / length : 0;
            bool startAlong = Along(ax, ay, ux, uy, ferry, out bool startNear, out double startOffset);
            for (int j = 0; j < k; j++)
            {
                double t0 = (double)j / k, t1 = j + 1 == k ? 1 : (double)(j + 1) / k, tm = (t0 + t1) / 2;
                bool midAlong = Along(ax + tm * dx, ay + tm * dy, ux, uy, ferry, out bool midNear, out double midOffset);
                bool endAlong = Along(ax + t1 * dx, ay + t1 * dy, ux, uy, ferry, out bool endNear, out double endOffset);
                pieces.Add(new Piece(i, t0, t1, metres / k, Math.Min(startOffset, Math.Min(midOffset, endOffset)),
                    Math.Max(startOffset, Math.Max(midOffset, endOffset))));
                covered.Add(startAlong && midAlong && endAlong);
                near.Add(startNear && midNear && endNear);
                (startAlong, startNear, startOffset) = (endAlong, endNear, endOffset);
            }
        }

        var drop = Drops(pieces, covered, near);
        double total = pieces.Sum(p => p.Metres);
        if (!ferry)
        {
            _layerMetres += total;
            for (int p = 0; p < pieces.Count; p++) if (drop[p]) _duplicateMetres += pieces[p].Metres;
        }
        foreach (var (first, last) in Runs(drop, false))
        {
            double metres = 0;
            for (int p = first; p <= last; p++) metres += pieces[p].Metres;
            _runs.Add(new Run(w, RunPoints(nodes, pieces, first, last), metres, total > 0 ? metres / total : 1));
        }
    }

    /// <summary>
    /// Which pieces to drop: a run of overlapping pieces when it is at least the minimum stretch long or is the whole
    /// road; then a short stretch between two dropped runs that still lies near OSM (a bend the two centrelines draw
    /// differently), so no fragment of a doubled road is left behind.
    /// </summary>
    bool[] Drops(List<Piece> pieces, List<bool> covered, List<bool> near)
    {
        int n = pieces.Count;
        var drop = new bool[n];
        foreach (var (run, end) in Runs(covered, true))
            foreach (var (first, last) in SteadyStretches(pieces, run, end))
                if (Metres(pieces, first, last) >= _options.MinStretchMetres || (first == 0 && last == n - 1))
                    for (int p = first; p <= last; p++) drop[p] = true;
        foreach (var (first, last) in Runs(drop, false))
            if (first > 0 && last < n - 1 && Metres(pieces, first, last) < _options.MinStretchMetres && near.Skip(first).Take(last - first + 1).All(b => b))
                for (int p = first; p <= last; p++) drop[p] = true;
        return drop;
    }

    /// <summary>Splits the overlapping pieces first..last where their offset from OSM drifts by more than
    /// <see cref="DriftMetres"/>: a duplicate keeps a steady offset, a fork grows away.</summary>
    static IEnumerable<(int First, int Last)> SteadyStretches(List<Piece> pieces, int first, int last)
    {
        int start = first;
        double low = pieces[first].Low, high = pieces[first].High;
        for (int p = first + 1; p <= last; p++)
        {
            double l = Math.Min(low, pieces[p].Low), h = Math.Max(high, pieces[p].High);
            if (h - l <= DriftMetres) { (low, high) = (l, h); continue; }
            yield return (start, p - 1);
            (start, low, high) = (p, pieces[p].Low, pieces[p].High);
        }
        yield return (start, last);
    }

    static double Metres(List<Piece> pieces, int first, int last)
    {
        double m = 0;
        for (int p = first; p <= last; p++) m += pieces[p].Metres;
        return m;
    }

    /// <summary>Maximal runs [first, last] of entries equal to <paramref name="value"/>.</summary>
    static IEnumerable<(int First, int Last)> Runs(IReadOnlyList<bool> flags, bool value)
    {
        for (int i = 0; i < flags.Count; i++)
        {
            if (flags[i] != value) continue;
            int j = i;
            while (j + 1 < flags.Count && flags[j + 1] == value) j++;
            yield return (i, j);
            i = j;
        }
    }

    /// <summary>
    /// True when (x, y) lies within the overlap distance of an OSM way of the same kind (ferry or not), beside it rather
    /// than past its end, whose segment there runs along the unit direction (ux, uy), at <paramref name="offset"/> from the nearest such;
    /// <paramref name="near"/> says whether any way of the kind is that close, whatever its direction.
    /// A zero direction (a segment of zero length) needs nearness only.
    /// </summary>
    bool Along(double x, double y, double ux, double uy, bool ferry, out bool near, out double offset)
    {
        near = false;
        offset = double.PositiveInfinity;
        double d = _options.OverlapMetres;
        foreach (int s in SegmentsNear(x, y, d))
        {
            if (((_osm.WayFlags[_segWay[s]] & EdgeFlags.Ferry) != 0) != ferry) continue;
            double distance = DistanceToSegment(x, y, s, out double t);
            if (distance > d || (BeyondWayEnd(s, t) && distance > _options.NodeSnapMetres)) continue;
            near = true;
            double sx = _osmX[_segB[s]] - _osmX[_segA[s]], sy = _osmY[_segB[s]] - _osmY[_segA[s]];
            if ((ux == 0 && uy == 0) || Math.Abs(ux * sx + uy * sy) >= _cosMaxBearing * Math.Sqrt(sx * sx + sy * sy))
                offset = Math.Min(offset, distance);
        }
        return offset <= d;
    }

    /// <summary>True when the nearest point of segment s is its way's first or last node: a point there lies past the
    /// way's end (a layer road continuing it), not beside it.</summary>
    bool BeyondWayEnd(int s, double t) => (t == 0 && (_segWayEnds[s] & 1) != 0) || (t == 1 && (_segWayEnds[s] & 2) != 0);

    /// <summary>The points of the kept pieces first..last: layer nodes where they fall on one, new nodes where cut.</summary>
    List<RunPoint> RunPoints(List<int> nodes, List<Piece> pieces, int first, int last)
    {
        bool cutStart = first > 0, cutEnd = last < pieces.Count - 1;
        var points = new List<RunPoint> { PointAt(nodes, pieces[first].Segment, pieces[first].T0, cutStart) };
        for (int p = first; p <= last; p++)
        {
            if (pieces[p].T1 == 1) points.Add(PointAt(nodes, pieces[p].Segment, 1, cutEnd && p == last));
            else if (p == last) points.Add(PointAt(nodes, pieces[p].Segment, pieces[p].T1, cutEnd));
        }
        return points;
    }

    RunPoint PointAt(List<int> nodes, int segment, double t, bool cut)
    {
        if (t == 0 || t == 1)
        {
            int node = nodes[t == 0 ? segment : segment + 1];
            return new RunPoint { RoadNode = node, X = _roadX[node], Y = _roadY[node], Cut = cut };
        }
        int a = nodes[segment], b = nodes[segment + 1];
        return new RunPoint
        {
            RoadNode = -1, Id = _nextId++, Cut = cut,
            X = _roadX[a] + t * (_roadX[b] - _roadX[a]), Y = _roadY[a] + t * (_roadY[b] - _roadY[a]),
            Lat7 = Lerp(_roads.NodeLat7[a], _roads.NodeLat7[b], t), Lon7 = Lerp(_roads.NodeLon7[a], _roads.NodeLon7[b], t),
        };
    }

    static int Lerp(int a, int b, double t) => (int)Math.Round(a + t * ((long)b - a));
}
