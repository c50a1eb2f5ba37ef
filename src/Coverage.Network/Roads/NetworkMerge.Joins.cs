using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace Coverage.Network.Roads;

/// <summary>Junctions: where kept layer roads cross OSM ways at grade, and where their ends lie close to one.</summary>
internal sealed partial class NetworkMerge
{
    /// <summary>Every at-grade crossing of the run with an OSM way becomes a node both share.</summary>
    void JoinCrossings(Run run)
    {
        if (!CanMeet(_roads.WayFlags[run.Way])) return;
        var intersector = new RobustLineIntersector();
        for (int k = 0; k + 1 < run.Points.Count; k++)
        {
            var a = run.Points[k];
            var b = run.Points[k + 1];
            foreach (int s in _segments.Query(new Envelope(a.X, b.X, a.Y, b.Y)))
            {
                intersector.ComputeIntersection(new Coordinate(a.X, a.Y), new Coordinate(b.X, b.Y),
                    new Coordinate(_osmX[_segA[s]], _osmY[_segA[s]]), new Coordinate(_osmX[_segB[s]], _osmY[_segB[s]]));
                // One point only: a collinear overlap is a stretch of doubled road too short to drop, met by its ends.
                if (intersector.IntersectionNum != 1) continue;
                var x = intersector.GetIntersection(0);
                if (MeetingDistance(s, x.X, x.Y, out _) > _options.NodeSnapMetres) continue; // over or under a bridge
                if (_options.VerticesOnly && !(AtRunPoint(a, b, x) && AtOsmNode(s, x.X, x.Y))) continue; // no shared vertex
                JoinRunAt(run, k, x.X, x.Y, OsmNodeAt(s, x.X, x.Y));
            }
        }
    }

    /// <summary>Each end of the run not yet on OSM joins the nearest OSM way (a bridge or ferry only at its ends) within
    /// the join distance; an end left by a dropped overlap lies near OSM by construction and may be up to the overlap distance off.</summary>
    void JoinEnds(Run run)
    {
        foreach (int p in new[] { 0, run.Points.Count - 1 })
        {
            var point = run.Points[p];
            if (IsJoined(point)) continue;
            double radius = point.Cut ? Math.Max(_options.JoinMetres, _options.OverlapMetres) : _options.JoinMetres;
            int best = -1;
            double bestDistance = radius, bestT = 0;
            foreach (int s in SegmentsNear(point.X, point.Y, radius))
            {
                double d = MeetingDistance(s, point.X, point.Y, out double t);
                if (d <= bestDistance) (best, bestDistance, bestT) = (s, d, t);
            }
            if (best < 0) continue;
            double x = _osmX[_segA[best]] + bestT * (_osmX[_segB[best]] - _osmX[_segA[best]]);
            double y = _osmY[_segA[best]] + bestT * (_osmY[_segB[best]] - _osmY[_segA[best]]);
            if (_options.VerticesOnly && !point.Cut && !AtOsmNode(best, x, y)) continue; // an end short of OSM stays as drawn
            JoinPoint(run, p, OsmNodeAt(best, x, y), crossing: false);
        }
    }

    /// <summary>True when (x, y) is within the node snap distance of an end of the run segment a–b.</summary>
    bool AtRunPoint(RunPoint a, RunPoint b, Coordinate x) =>
        Math.Min(Distance(a.X, a.Y, x.X, x.Y), Distance(b.X, b.Y, x.X, x.Y)) <= _options.NodeSnapMetres;

    /// <summary>True when (x, y) is within the node snap distance of an end node of OSM segment s.</summary>
    bool AtOsmNode(int s, double x, double y) =>
        Math.Min(Distance(_osmX[_segA[s]], _osmY[_segA[s]], x, y), Distance(_osmX[_segB[s]], _osmY[_segB[s]], x, y)) <= _options.NodeSnapMetres;

    /// <summary>The run meets OSM node <paramref name="id"/> at (x, y) on its segment k: at a point of the run when one
    /// is that close, else at a node inserted into the segment.</summary>
    void JoinRunAt(Run run, int k, double x, double y, long id)
    {
        var a = run.Points[k];
        var b = run.Points[k + 1];
        double da = Distance(a.X, a.Y, x, y), db = Distance(b.X, b.Y, x, y);
        if (Math.Min(da, db) <= _options.NodeSnapMetres) { JoinPoint(run, da <= db ? k : k + 1, id, crossing: true); return; }
        var inserted = run.Inserted[k] ??= [];
        if (inserted.Any(i => Math.Abs(i.X - x) + Math.Abs(i.Y - y) <= _options.NodeSnapMetres)) return;
        inserted.Add(new Insertion(da / (da + db), id, x, y));
        Count(id, crossing: true);
    }

    void JoinPoint(Run run, int p, long id, bool crossing)
    {
        var point = run.Points[p];
        if (IsJoined(point)) return;
        if (point.RoadNode >= 0) _roadNodeJoin[point.RoadNode] = id;
        else point.Id = id;
        point.Joined = true;
        run.Points[p] = point;
        Count(id, crossing);
    }

    bool IsJoined(RunPoint point) => point.Joined || (point.RoadNode >= 0 && _roadNodeJoin.ContainsKey(point.RoadNode));

    void Count(long id, bool crossing)
    {
        if (crossing) _crossings++; else _endJoins++;
        _junctionNodes.Add(id);
    }

    /// <summary>The OSM node at (x, y) on segment s: one of its ends when that close, else a node inserted into the
    /// segment (one per place: a second junction that close reuses it).</summary>
    long OsmNodeAt(int s, double x, double y)
    {
        int a = _segA[s], b = _segB[s];
        double da = Distance(_osmX[a], _osmY[a], x, y), db = Distance(_osmX[b], _osmY[b], x, y);
        if (Math.Min(da, db) <= _options.NodeSnapMetres) return _osm.NodeIds[da <= db ? a : b];
        if (!_osmInsertions.TryGetValue(_segPos[s], out var inserted)) _osmInsertions[_segPos[s]] = inserted = [];
        foreach (var i in inserted)
            if (Math.Abs(i.X - x) + Math.Abs(i.Y - y) <= _options.NodeSnapMetres) return i.Id;
        double t = da / (da + db);
        long id = _nextId++;
        _newNodes.Add((id, Lerp(_osm.NodeLat7[a], _osm.NodeLat7[b], t), Lerp(_osm.NodeLon7[a], _osm.NodeLon7[b], t)));
        inserted.Add(new Insertion(t, id, x, y));
        return id;
    }
}
