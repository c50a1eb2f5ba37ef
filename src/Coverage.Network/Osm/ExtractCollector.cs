using System.Runtime.InteropServices;
using Coverage.Network.Graph;

namespace Coverage.Network.Osm;

/// <summary>
/// What the stream leaves behind: every OSM node's id and fixed-point position (16 bytes a node) and the
/// walkable ways as flat ref runs with their access flags, id and name (for labels). Nothing else from the extract is kept.
/// </summary>
internal sealed class ExtractCollector(RoadRules? rules = null)
{
    public long NodesRead, WaysRead, WalkableWays;

    /// <summary>Ways walkable by their tags but dropped as part of a bridge run too long to be anything but an elevated road.</summary>
    public long ElevatedWaysDropped;

    RoadRules? _rules = rules;
    // Walkable ways whose verdict waits for the length of their bridge run (WayAccess.MaxBridgeRunMetres).
    readonly List<int> _bridgeRunWays = [];
    readonly List<float> _bridgeRunLimit = [];

    /// <summary>
    /// The rule set: the one given, else the one of the place the extract covers, decided once at the first way from
    /// the nodes read so far (OSM files put nodes first): <see cref="RoadRules.China"/> when most of an even sample of
    /// them lie in <see cref="Coverage.Core.Geo.ChinaRegion"/>. A file with ways before any node gets the default set.
    /// </summary>
    public RoadRules Rules => _rules ??= DetectRules();

    RoadRules DetectRules()
    {
        int count = NodeIds.Count;
        if (count == 0) return RoadRules.Default;
        int samples = Math.Min(count, 1001), inChina = 0;
        for (int k = 0; k < samples; k++)
        {
            int i = (int)((long)k * count / samples);
            if (RoadRules.For(NodeLon7[i] / WalkGraph.CoordScale, NodeLat7[i] / WalkGraph.CoordScale) == RoadRules.China) inChina++;
        }
        return 2 * inChina > samples ? RoadRules.China : RoadRules.Default;
    }

    /// <summary>The verdict for a way's tags under <see cref="Rules"/>.</summary>
    public WayAccess Classify(in WayTags tags) => PedestrianAccess.Classify(tags, Rules);

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
    internal readonly List<float> WayFerryWait = [];
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
        WayFerryWait.Add(access.FerryWaitSeconds);
        WayId.Add(id);
        WayName.Add(name);
        if (float.IsFinite(access.MaxBridgeRunMetres))
        {
            _bridgeRunWays.Add(WayFlags.Count - 1);
            _bridgeRunLimit.Add(access.MaxBridgeRunMetres);
        }
    }

    /// <summary>
    /// Drops the ways of bridge runs longer than their limit (China: elevated roads). A run is a set of such ways
    /// joined end to end (OSM splits an elevated road into many bridge ways at ramps and layer changes, so one way's
    /// length would not tell a 高架 from a creek bridge). Dropped ways keep their slot with no walkable direction.
    /// </summary>
    public void ResolveBridgeRuns()
    {
        int n = _bridgeRunWays.Count;
        if (n == 0) return;
        SortNodes();
        var parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        int Find(int i) { while (parent[i] != i) i = parent[i] = parent[parent[i]]; return i; }
        var byEnd = new Dictionary<long, int>();
        var metres = new double[n];
        for (int i = 0; i < n; i++)
        {
            int w = _bridgeRunWays[i];
            int first = WayStart[w], last = WayStart[w + 1] - 1;
            metres[i] = WayMetres(first, last);
            foreach (var end in (ReadOnlySpan<long>)[WayRefs[first], WayRefs[last]])
                if (byEnd.TryGetValue(end, out int other)) parent[Find(i)] = Find(other);
                else byEnd[end] = i;
        }
        var runMetres = new double[n];
        for (int i = 0; i < n; i++) runMetres[Find(i)] += metres[i];
        for (int i = 0; i < n; i++)
        {
            if (runMetres[Find(i)] <= _bridgeRunLimit[i]) continue;
            WayFlags[_bridgeRunWays[i]] = EdgeFlags.None;
            WalkableWays--;
            ElevatedWaysDropped++;
        }
        _bridgeRunWays.Clear();
        _bridgeRunLimit.Clear();
        RemoveUnwalkableWays();
    }

    /// <summary>
    /// Takes the ways marked unwalkable out of the flat way lists, keeping the others in order, so every stored way is
    /// walkable again as <see cref="AddWay"/> promises (the compressor, the merge with a road layer and its junction
    /// search all rely on it).
    /// </summary>
    void RemoveUnwalkableWays()
    {
        int kept = 0, refsKept = 0;
        for (int w = 0; w < WayFlags.Count; w++)
        {
            if ((WayFlags[w] & EdgeFlags.Both) == 0) continue;
            int from = WayStart[w], to = WayStart[w + 1];
            for (int r = from; r < to; r++) WayRefs[refsKept++] = WayRefs[r];
            WayStart[kept + 1] = refsKept;
            (WayFlags[kept], WayFerrySeconds[kept], WayFerryWait[kept], WayId[kept], WayName[kept]) =
                (WayFlags[w], WayFerrySeconds[w], WayFerryWait[w], WayId[w], WayName[w]);
            kept++;
        }
        int removed = WayFlags.Count - kept;
        if (removed == 0) return;
        WayRefs.RemoveRange(refsKept, WayRefs.Count - refsKept);
        WayStart.RemoveRange(kept + 1, removed);
        WayFlags.RemoveRange(kept, removed);
        WayFerrySeconds.RemoveRange(kept, removed);
        WayFerryWait.RemoveRange(kept, removed);
        WayId.RemoveRange(kept, removed);
        WayName.RemoveRange(kept, removed);
    }

    /// <summary>Length of the refs first..last in metres, skipping refs the extract lacks.</summary>
    double WayMetres(int first, int last)
    {
        double metres = 0;
        int prev = -1;
        for (int r = first; r <= last; r++)
        {
            int idx = IndexOf(WayRefs[r]);
            if (idx < 0) { prev = -1; continue; }
            if (prev >= 0)
                metres += Coverage.Core.Geo.Geodesy.DistanceMeters(NodeLon7[prev] / WalkGraph.CoordScale, NodeLat7[prev] / WalkGraph.CoordScale,
                    NodeLon7[idx] / WalkGraph.CoordScale, NodeLat7[idx] / WalkGraph.CoordScale);
            prev = idx;
        }
        return metres;
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
