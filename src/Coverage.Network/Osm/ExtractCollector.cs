using System.Runtime.InteropServices;
using Coverage.Network.Graph;

namespace Coverage.Network.Osm;

/// <summary>
/// What the stream leaves behind: every OSM node's id and fixed-point position (16 bytes a node) and the
/// walkable ways as flat ref runs with their access flags, id and name (for labels). Nothing else from the extract is kept.
/// </summary>
internal sealed class ExtractCollector
{
    public long NodesRead, WaysRead, WalkableWays;

    // Nodes, in stream order; sorted by id once the ways begin (OSM extracts normally are already).
    internal readonly List<long> NodeIds = new(1 << 16);
    internal readonly List<int> NodeLat7 = new(1 << 16), NodeLon7 = new(1 << 16);
    bool _nodesSorted = true;
    long _lastNodeId = long.MinValue;

    // Walkable ways: refs of way w are WayRefs[WayStart[w] .. WayStart[w+1]).
    internal readonly List<long> WayRefs = new(1 << 16);
    internal readonly List<int> WayStart = [0];
    internal readonly List<EdgeFlags> WayFlags = [];
    internal readonly List<float> WayFerrySeconds = [];
    internal readonly List<long> WayId = [];
    internal readonly List<string?> WayName = [];

    public void AddNode(long id, int lat7, int lon7)
    {
        NodesRead++;
        if (id <= _lastNodeId) _nodesSorted = false;
        _lastNodeId = id;
        NodeIds.Add(id); NodeLat7.Add(lat7); NodeLon7.Add(lon7);
    }

    /// <summary>Counts a way and keeps it when walkable; the caller has classified its tags already.</summary>
    public void AddWay(in WayAccess access, ReadOnlySpan<long> refs, long id = 0, string? name = null)
    {
        WaysRead++;
        if (!access.IsWalkable || refs.Length < 2) return;
        WalkableWays++;
        WayRefs.AddRange(refs);
        WayStart.Add(WayRefs.Count);
        WayFlags.Add(access.Flags);
        WayFerrySeconds.Add(access.FerrySeconds);
        WayId.Add(id);
        WayName.Add(name);
    }

    /// <summary>Sorts nodes by id if the stream did not deliver them sorted (rare: hand-edited or merged files).</summary>
    public void SortNodes()
    {
        if (_nodesSorted) return;
        var ids = CollectionsMarshal.AsSpan(NodeIds);
        var order = new int[ids.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        ids.ToArray().AsSpan().Sort(order.AsSpan());
        var lat = NodeLat7.ToArray(); var lon = NodeLon7.ToArray();
        var idCopy = ids.ToArray();
        for (int i = 0; i < order.Length; i++)
        {
            ids[i] = idCopy[order[i]];
            NodeLat7[i] = lat[order[i]]; NodeLon7[i] = lon[order[i]];
        }
        _nodesSorted = true;
    }

    /// <summary>Index of node <paramref name="id"/> in the sorted node arrays, or -1 when the extract lacks it.</summary>
    public int IndexOf(long id)
    {
        int i = CollectionsMarshal.AsSpan(NodeIds).BinarySearch(id);
        return i >= 0 ? i : -1;
    }
}
