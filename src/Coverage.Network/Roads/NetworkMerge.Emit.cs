using Coverage.Network.Osm;

namespace Coverage.Network.Roads;

/// <summary>Writes the merged collector: OSM ways with their junction nodes inserted, then the layer roads kept.</summary>
internal sealed partial class NetworkMerge
{
    readonly Dictionary<int, long> _layerNodeId = [];

    ExtractCollector Emit()
    {
        var merged = new ExtractCollector(_osm.Rules);
        for (int i = 0; i < _osm.NodeIds.Count; i++) merged.AddNode(_osm.NodeIds[i], _osm.NodeLat7[i], _osm.NodeLon7[i]);
        foreach (var (id, lat7, lon7) in _newNodes) merged.AddNode(id, lat7, lon7);
        // Layer nodes take fresh ids: a second layer merged into the result numbers its nodes from the same base as the first.
        foreach (var run in _runs)
            foreach (var point in run.Points)
            {
                if (point.RoadNode < 0 && !point.Joined) merged.AddNode(point.Id, point.Lat7, point.Lon7);
                else if (point.RoadNode >= 0 && !_roadNodeJoin.ContainsKey(point.RoadNode) && !_layerNodeId.ContainsKey(point.RoadNode))
                {
                    _layerNodeId[point.RoadNode] = _nextId;
                    merged.AddNode(_nextId++, _roads.NodeLat7[point.RoadNode], _roads.NodeLon7[point.RoadNode]);
                }
            }

        var refs = new List<long>();
        for (int w = 0; w + 1 < _osm.WayStart.Count; w++)
        {
            refs.Clear();
            for (int r = _osm.WayStart[w]; r < _osm.WayStart[w + 1]; r++)
            {
                refs.Add(_osm.WayRefs[r]);
                if (_osmInsertions.TryGetValue(r, out var inserted)) AddInOrder(refs, inserted);
            }
            merged.AddWay(new WayAccess(_osm.WayFlags[w], _osm.WayFerrySeconds[w], null, _osm.WayFerryWait[w]), refs.ToArray(), _osm.WayId[w], _osm.WayName[w]);
        }
        foreach (var run in _runs)
        {
            refs.Clear();
            for (int p = 0; p < run.Points.Count; p++)
            {
                AddOnce(refs, IdOf(run.Points[p]));
                if (p < run.Inserted.Length && run.Inserted[p] is { } inserted) AddInOrder(refs, inserted);
            }
            float ferrySeconds = _roads.WayFerrySeconds[run.Way];
            // A piece of a layer ferry carries its share of the crossing and of the wait, so a whole crossing pays each once.
            merged.AddWay(new WayAccess(_roads.WayFlags[run.Way], float.IsNaN(ferrySeconds) ? ferrySeconds : (float)(ferrySeconds * run.Share), null,
                    (float)(_roads.WayFerryWait[run.Way] * run.Share)),
                refs.ToArray(), _roads.WayId[run.Way], _roads.WayName[run.Way]);
        }
        merged.NodesRead = _osm.NodesRead + _roads.NodesRead;
        merged.WaysRead = _osm.WaysRead + _roads.WaysRead;
        merged.ElevatedWaysDropped = _osm.ElevatedWaysDropped + _roads.ElevatedWaysDropped;
        return merged;
    }

    long IdOf(RunPoint point) =>
        point.RoadNode < 0 ? point.Id
        : _roadNodeJoin.TryGetValue(point.RoadNode, out long joined) ? joined : _layerNodeId[point.RoadNode];

    static void AddInOrder(List<long> refs, List<Insertion> inserted)
    {
        foreach (var i in inserted.OrderBy(i => i.T)) AddOnce(refs, i.Id);
    }

    /// <summary>Appends unless it repeats the last ref (two points of a run joined to one OSM node).</summary>
    static void AddOnce(List<long> refs, long id)
    {
        if (refs.Count == 0 || refs[^1] != id) refs.Add(id);
    }
}
