using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Coverage.Core;
using Coverage.Network.Graph;
using Coverage.Network.Snapping;

namespace Coverage.Network.Search;

/// <summary>How a snapped place is reached: total seconds (legs included), which source, and through which edge end.</summary>
/// <param name="ViaNode">End node of the place's edge the path arrives through, or -1 when a source on the same edge is reached directly.</param>
public readonly record struct Reach(float Seconds, int Source, int ViaNode)
{
    public bool IsReached => Source >= 0;
    public static Reach None => new(float.PositiveInfinity, -1, -1);
}

/// <summary>
/// Result of a <see cref="BoundedDijkstra"/> search: for every node the seconds to its nearest source
/// (+∞ beyond the limit), which source that is, and the search tree (arc into each node). Answers "time to the
/// nearest source" for any snapped place, including one that shares its edge with a source. Reusable buffers.
/// </summary>
public sealed partial class TravelTimes
{
    readonly List<EdgeSeed> _edgeSeeds = [];       // sorted by edge, for same-edge queries
    // One bit per edge: has it a seed? Most places share no edge with a source, and every facility point is an edge seed,
    // so reading millions of samples would otherwise binary-search thousands of seeds for each.
    readonly ulong[] _seededEdges;
    // Where each seeded edge's seeds start in _edgeSeeds, found in O(1) rather than by a binary search over all seeds (a
    // province's searches seed ~150 k edges, and every sample on a seeded edge looked its seeds up): per word of
    // _seededEdges the seeded edges before it, and per seeded edge in edge order its first seed (one more entry: the count).
    readonly int[] _wordRank;
    int[] _seedStart = [0];
    readonly List<SeedOrigin> _seeds = []; // each seeding of a node (metres walked, which stretch), for path lengths and routes
    // Nodes the last search gave a time (each once: listed when first reached), so the next Reset clears only those.
    // A county search bounded at 15 minutes reaches a small part of a province graph; clearing all of it every time
    // cost more than the search. The list cannot overflow: a node is listed only while its time is still +∞.
    readonly int[] _reached;
    int _reachedCount;
    // A search began and has not finished: it threw midway (out of memory growing the heap, a bug), so nodes its hot
    // loop reached were never listed. The next reset then clears everything, or stale times would stay for good.
    bool _unfinished;

    public TravelTimes(WalkGraph graph)
    {
        Graph = graph;
        _seconds = new float[graph.NodeCount];
        _source = new int[graph.NodeCount];
        _reached = new int[graph.NodeCount];
        _seededEdges = new ulong[(graph.EdgeCount + 63) >> 6];
        _wordRank = new int[_seededEdges.Length];
        Profile = WalkProfile.Adult;
        ClearAll();
    }

    /// <summary>A read-only answer of a finished search with these times and sources (see <see cref="Frozen"/> and <see cref="TakeFrozen"/>).</summary>
    TravelTimes(TravelTimes search, float[] seconds, int[] source)
    {
        Graph = search.Graph;
        Profile = search.Profile;
        LimitSeconds = search.LimitSeconds;
        _seconds = seconds;
        _source = source;
        _parentArc = [];
        _reached = [];
        _seededEdges = (ulong[])search._seededEdges.Clone();
        _wordRank = (int[])search._wordRank.Clone();
        _seedStart = (int[])search._seedStart.Clone();
        _edgeSeeds.AddRange(search._edgeSeeds);
        HasTree = false;
        IsFrozen = true;
    }

    /// <summary>
    /// A copy of this finished search that answers <see cref="ReachOf(in SampleSnap)"/>, <see cref="ReadSamples"/> and
    /// <see cref="Reader"/> with the same figures bit for bit, while this one runs the next search: its times, sources and
    /// same-edge seeds, 8 bytes per node, not the tree (no routes). A province's 4.4 M samples timed per search cost 35 MB;
    /// the search they are read from, 8 MB.
    /// </summary>
    public TravelTimes Frozen()
    {
        if (_unfinished) throw new InvalidOperationException("This search did not finish: there is nothing to freeze.");
        return new TravelTimes(this, (float[])Seconds.Clone(), (int[])Source.Clone());
    }

    /// <summary>
    /// <see cref="Frozen"/> without the copy: the answer takes this search's time and source arrays as they are, and this
    /// one goes on with fresh arrays, nothing reached (the tree cleared). The same figures bit for bit; on a province, where
    /// a whole-region search reaches every node, this spares per search the copy of 8 MB and the clearing of 12 MB that
    /// the next search's reset would have done.
    /// </summary>
    public TravelTimes TakeFrozen()
    {
        if (_unfinished) throw new InvalidOperationException("This search did not finish: there is nothing to freeze.");
        if (IsFrozen) throw new InvalidOperationException("A frozen copy of a search is read-only: it has nothing to hand over.");
        var frozen = new TravelTimes(this, Seconds, Source);
        // Fresh arrays when next read (a search, or a reader of this one): a scratch kept idle after its last search, as a
        // pool keeps it between plan versions, then holds none.
        _seconds = null;
        _source = null;
        // Only the tree is left of the search: arcs where it reached (none without a tree).
        if (HasTree && _parentArc is { } parent)
        {
            if (_reachedCount > parent.Length / 8) Array.Fill(parent, -1);
            else for (int i = 0; i < _reachedCount; i++) parent[_reached[i]] = -1;
        }
        _reachedCount = 0;
        return frozen;
    }

    /// <summary>One bit per edge: has it a same-edge seed (for <see cref="SampleReader"/>).</summary>
    internal ulong[] SeededEdges => _seededEdges;

    /// <summary>Whether edge e's bit is set in a <see cref="SeededEdges"/> array: it holds a seed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsSeeded(ulong[] seeded, int e) => (seeded[e >> 6] & (1UL << (e & 63))) != 0;

    /// <summary>A copy made by <see cref="Frozen"/>: read-only, no search runs into it.</summary>
    public bool IsFrozen { get; }

    /// <summary>Bytes a frozen copy holds: a time and a source per node, a bit per edge and the same-edge seeds.</summary>
    public long FrozenBytes => 8L * Graph.NodeCount + 12L * _seededEdges.Length + 24L * _edgeSeeds.Count + 4L * _seedStart.Length;

    public WalkGraph Graph { get; }
    public WalkProfile Profile { get; private set; }
    public float LimitSeconds { get; private set; }

    /// <summary>Seconds from the nearest source to each node; +∞ where not reached within the limit.</summary>
    public float[] Seconds => _seconds ?? Unreached().Seconds;
    /// <summary>Index of the nearest source (the caller's source id) per node, -1 where not reached.</summary>
    public int[] Source => _source ?? Unreached().Source;
    /// <summary>Arc by which each node was reached, -1 at a source or where not reached (the search tree, for isochrones).</summary>
    /// <remarks>
    /// All -1 after a search run without its tree (<see cref="HasTree"/>). Allocated by the first search that records its
    /// tree (or the first read): the whole-region searches of every circle run without one, and a province's scratch then
    /// holds 4 MB less.
    /// </remarks>
    public int[] ParentArc => _parentArc ??= NewFilled(Graph.NodeCount, -1);

    float[]? _seconds;   // null after TakeFrozen handed them over, until read again
    int[]? _source;
    int[]? _parentArc;   // null until a search records its tree or a caller reads it (no search wrote it before then)

    /// <summary>Times and sources of "nothing reached" where TakeFrozen left none.</summary>
    (float[] Seconds, int[] Source) Unreached()
    {
        var seconds = GC.AllocateUninitializedArray<float>(Graph.NodeCount);
        Array.Fill(seconds, float.PositiveInfinity);
        _seconds = seconds;
        _source ??= NewFilled(Graph.NodeCount, -1);
        return (seconds, _source);
    }

    static int[] NewFilled(int length, int value)
    {
        var array = GC.AllocateUninitializedArray<int>(length);
        Array.Fill(array, value);
        return array;
    }

    /// <summary>Whether the last search recorded its tree: routes and path metres need it.</summary>
    public bool HasTree { get; private set; } = true;

    internal void Reset(WalkProfile profile, float limit, SourceSet sources, bool tree)
    {
        if (IsFrozen) throw new InvalidOperationException("A frozen copy of a search is read-only: run a search into a TravelTimes of its own.");
        Profile = profile;
        LimitSeconds = limit;
        HasTree = tree;
        if (_unfinished) ClearAll(); else ClearReached();
        _unfinished = true; // until Finish: a throw from here on leaves the reached list short
        _seeds.Clear();
        foreach (var s in _edgeSeeds) _seededEdges[s.Edge >> 6] = 0;
        _edgeSeeds.Clear();
        _edgeSeeds.AddRange(sources.EdgeSpan);
        _edgeSeeds.Sort(static (x, y) => x.Edge.CompareTo(y.Edge));
        foreach (var s in _edgeSeeds) _seededEdges[s.Edge >> 6] |= 1UL << (s.Edge & 63);
        IndexSeeds();
    }

    /// <summary>Back to "nothing reached": only the nodes the last search reached, or all when that is most of them (one fill is faster then).</summary>
    void ClearReached()
    {
        if (_reachedCount > Seconds.Length / 8) { ClearAll(); return; }
        float[] seconds = Seconds; int[] source = Source; int[]? parent = _parentArc;
        for (int i = 0; i < _reachedCount; i++)
        {
            int n = _reached[i];
            seconds[n] = float.PositiveInfinity; source[n] = -1;
            if (parent is not null) parent[n] = -1;
        }
        _reachedCount = 0;
    }

    void ClearAll()
    {
        if (_seconds is not null) Array.Fill(_seconds, float.PositiveInfinity);
        if (_source is not null) Array.Fill(_source, -1);
        if (_parentArc is not null) Array.Fill(_parentArc, -1);
        _reachedCount = 0;
    }

    /// <summary>
    /// Nodes the last search gave a time, each once (in the order first reached). Lets a caller bounded to a small part of
    /// a large graph read only what it reached (e.g. one bounded search per facility) instead of scanning every node.
    /// </summary>
    public ReadOnlySpan<int> ReachedNodeSpan => _reached.AsSpan(0, _reachedCount);

    /// <summary>For the search's hot loop: the list of reached nodes and its count, appended to where a time leaves +∞.</summary>
    internal int[] ReachedNodes => _reached;
    internal int ReachedCount => _reachedCount;

    /// <summary>The search ended normally: its reached list (the hot loop kept the count in a local) is complete again.</summary>
    internal void Finish(int reachedCount)
    {
        _reachedCount = reachedCount;
        _unfinished = false;
    }

    /// <summary>Seeds a node; <paramref name="origin"/> says from which edge stretch point (edge -1: a node source) and with which leg.</summary>
    internal void SeedNode(SearchSpace space, int node, float seconds, int source, float metres, SeedOrigin origin)
    {
        if (!(seconds <= LimitSeconds) || !(seconds < Seconds[node] || (seconds == Seconds[node] && source < Source[node]))) return; // ties: the lower source
        if (float.IsPositiveInfinity(Seconds[node])) _reached[_reachedCount++] = node;
        Seconds[node] = seconds; Source[node] = source;
        if (_parentArc is not null) _parentArc[node] = -1;
        _seeds.Add(origin with { Node = node, Metres = metres });
        space.Push(node, seconds);
    }

    /// <summary>Seconds from the nearest source to a snapped place (off-network leg included); +∞ if not on the network or beyond the limit.</summary>
    public float SecondsTo(in SnapResult place) => ReachOf(place).Seconds;

    /// <summary>
    /// Time and source for a snapped place: the best of arriving through either end of its edge (in an allowed
    /// direction, steps factor applied to the partial edge) and of walking along the edge from a source on it.
    /// </summary>
    public Reach ReachOf(in SnapResult place) =>
        place.IsOnNetwork ? ReachAt(place.Edge, (float)place.OffsetMetres, place.DistanceMetres) : Reach.None;

    /// <summary>As <see cref="ReachOf(in SnapResult)"/> for the compact snap of a settlement sample: the same figures, bit for bit.</summary>
    public Reach ReachOf(in SampleSnap place) =>
        place.IsOnNetwork ? ReachAt(place.Edge, place.OffsetMetres, place.DistanceMetres) : Reach.None;

    /// <summary>
    /// <see cref="ReachOf(in SampleSnap)"/> of every sample, its seconds and source written to <paramref name="seconds"/> and
    /// <paramref name="source"/> (+∞ and -1 where unreached) or, with <paramref name="keepBetterOnly"/>, only where it is
    /// quicker than what they hold. The same figures bit for bit, the same float operations in the same order; what is per
    /// search (the profile's rates, the limit) is taken once rather than per sample, and on an edge holding no source no
    /// arrival is built. A province reads 4.4 M samples per category this way, where ReachOf per sample cost more than the search.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one call per search, a loop over millions: never tier-0 code
    public void ReadSamples(ReadOnlySpan<SampleSnap> snaps, Span<float> seconds, Span<int> source, bool keepBetterOnly)
    {
        if (seconds.Length != snaps.Length || source.Length != snaps.Length)
            throw new ArgumentException("One second and one source slot per sample.");
        var reader = Reader;
        for (int k = 0; k < snaps.Length; k++)
        {
            float best = reader.Read(snaps[k], out int bestSource);
            if (keepBetterOnly && !(bestSource >= 0 && best < seconds[k])) continue;
            seconds[k] = best;
            source[k] = bestSource;
        }
    }

    /// <summary>
    /// Reads samples one at a time with the figures of <see cref="ReadSamples"/> (the same code): for a caller that reads
    /// each sample where it needs it instead of holding a time per sample. Reads what the search holds when read: use
    /// it on a <see cref="Frozen"/> copy, or before this search runs again.
    /// </summary>
    public SampleReader Reader => new(this);

    /// <summary>Seconds from the nearest source to a sample's compact snap, as <see cref="SecondsTo(in SnapResult)"/>.</summary>
    public float SecondsTo(in SampleSnap place) => ReachOf(place).Seconds;

    /// <summary>The place at offset x of edge e with an off-network leg of this many metres (both ReachOf overloads).</summary>
    internal Reach ReachAt(int e, float x, double legMetres)
    {
        var best = ReachOnEdge(e, x, out _);
        float total = best.Seconds + (float)(legMetres / Profile.SpeedMetresPerSecond);
        return best.IsReached && total <= LimitSeconds ? best with { Seconds = total } : Reach.None;
    }

    /// <summary>
    /// A lower bound of the seconds <see cref="ReachOf"/> can give (before the place's leg) for any place on edge e: the
    /// earlier end's time, or 0 on an edge holding a source; +∞ when no place on it is reached. Every arrival
    /// <see cref="ReachOnEdge"/> considers is that end's time (or a source's leg) plus a non-negative walk, and float
    /// addition rounds monotonically, so no place on e is reached sooner: a caller may skip a place that cannot be timed in.
    /// </summary>
    public float EarliestOnEdge(int e)
    {
        if (IsSeeded(_seededEdges, e)) return 0;
        return Math.Min(Seconds[Graph.EdgeFrom[e]], Seconds[Graph.EdgeTo[e]]);
    }

    /// <summary>
    /// Seconds to the point <paramref name="offsetMetres"/> along edge e, the place's leg excluded: what <see cref="ReachOf"/>
    /// adds the leg to for a place snapped there (+∞ when unreached), so a caller that knows a floor of the leg can tell
    /// an unreached place before measuring it.
    /// </summary>
    public float SecondsOnEdge(int e, double offsetMetres) => ReachOnEdge(e, (float)offsetMetres, out _).Seconds;

    /// <summary>Walking metres of the path <see cref="ReachOf"/> takes (legs at both ends included), or +∞ if unreached.</summary>
    public double MetresTo(in SnapResult place)
    {
        RequireTree();
        var reach = ReachOf(place);
        if (!reach.IsReached) return double.PositiveInfinity;
        ReachOnEdge(place.Edge, (float)place.OffsetMetres, out var arrival);
        return place.DistanceMetres + arrival.Walked + (reach.ViaNode >= 0 ? PathMetres(reach.ViaNode) : 0);
    }

    /// <summary>Walking metres from the nearest source to node n along the search tree (ferries count their length).</summary>
    public double PathMetres(int node)
    {
        RequireTree();
        if (float.IsPositiveInfinity(Seconds[node])) return double.PositiveInfinity;
        double metres = 0;
        var g = Graph;
        while (ParentArc[node] >= 0)
        {
            int arcEdge = g.ArcEdge[ParentArc[node]], e = arcEdge >> 1;
            metres += g.EdgeLength[e];
            node = (arcEdge & 1) == 0 ? g.EdgeFrom[e] : g.EdgeTo[e];
        }
        return metres + (SeedOf(node)?.Metres ?? 0);
    }

    void RequireTree()
    {
        if (!HasTree) throw new InvalidOperationException("This search ran without its tree (tree: false): it has no routes or path metres.");
    }

    /// <summary>
    /// <see cref="ReachAt"/>'s seconds for a place on edge e, which holds seeds, without its source or how it walks onto the
    /// edge: the candidates of <see cref="ReachOnEdge"/> (either end, each seed's point, a walk along from either end of a
    /// seed), each the same float operations, and the least of them, which neither their order nor a tie's winner changes.
    /// An end counts where its time is finite (where it was reached: <see cref="SampleReader"/> reads ends the same way).
    /// The edge's flags, length, ends and rates are the caller's (<see cref="SampleReader"/> has read them already).
    /// </summary>
    internal float SecondsOnSeededEdge(int e, float x, double legMetres, EdgeFlags flags, float length, int from, int to, float rate, float perMetre)
    {
        var seconds = Seconds;
        bool forward = (flags & EdgeFlags.Forward) != 0, backward = (flags & EdgeFlags.Backward) != 0;
        float best = float.PositiveInfinity;
        if (forward || x <= BoundedDijkstra.AtNodeMetres) best = seconds[from] + x * rate;
        if (backward || length - x <= BoundedDijkstra.AtNodeMetres) Least(ref best, seconds[to] + (length - x) * rate);
        var seeds = CollectionsMarshal.AsSpan(_edgeSeeds);
        for (int i = FirstSeedOn(e); i < seeds.Length && seeds[i].Edge == e; i++)
        {
            ref readonly var s = ref seeds[i];
            if (s.Source < 0) continue;
            float a = s.FromOffset, b = s.ToOffset;
            if (a <= x && x <= b)
            {
                float leg = b > a ? s.LegAtFrom + (s.LegAtTo - s.LegAtFrom) * (x - a) / (b - a) : s.LegAtFrom;
                Least(ref best, leg * perMetre);
            }
            Along(ref best, a, s.LegAtFrom);
            Along(ref best, b, s.LegAtTo);
        }
        float total = best + (float)(legMetres / Profile.SpeedMetresPerSecond);
        return float.IsFinite(best) && total <= LimitSeconds ? total : float.PositiveInfinity;

        void Along(ref float best, float y, float leg)
        {
            float d = Math.Abs(x - y);
            if (d <= BoundedDijkstra.AtNodeMetres || (x > y ? forward : backward)) Least(ref best, leg * perMetre + d * rate);
        }

        static void Least(ref float best, float t)
        {
            if (t < best) best = t;
        }
    }

    /// <summary>Best arrival at offset x of edge e, legs of the place excluded; <paramref name="arrival"/>: how it walks onto the edge.</summary>
    Reach ReachOnEdge(int e, float x, out EdgeArrival arrival)
    {
        var g = Graph;
        var flags = g.EdgeFlagsOf[e];
        float rate = BoundedDijkstra.SecondsPerMetre(g, Profile, e), length = g.EdgeLength[e];
        float perMetre = (float)(1 / Profile.SpeedMetresPerSecond);
        bool forward = (flags & EdgeFlags.Forward) != 0, backward = (flags & EdgeFlags.Backward) != 0;
        var best = Reach.None;
        arrival = EdgeArrival.None;

        int from = g.EdgeFrom[e], to = g.EdgeTo[e];
        if (forward || x <= BoundedDijkstra.AtNodeMetres)
            Consider(ref best, ref arrival, Seconds[from] + x * rate, Source[from], from, new EdgeArrival(x, 0, 0));
        if (backward || length - x <= BoundedDijkstra.AtNodeMetres)
            Consider(ref best, ref arrival, Seconds[to] + (length - x) * rate, Source[to], to, new EdgeArrival(length - x, length, 0));

        bool seeded = IsSeeded(_seededEdges, e);
        for (int i = seeded ? FirstSeedOn(e) : _edgeSeeds.Count; i < _edgeSeeds.Count && _edgeSeeds[i].Edge == e; i++)
        {
            var s = _edgeSeeds[i];
            float a = s.FromOffset, b = s.ToOffset;
            if (a <= x && x <= b)
            {
                float leg = b > a ? s.LegAtFrom + (s.LegAtTo - s.LegAtFrom) * (x - a) / (b - a) : s.LegAtFrom;
                Consider(ref best, ref arrival, leg * perMetre, s.Source, -1, new EdgeArrival(leg, x, leg));
            }
            ConsiderAlong(ref best, ref arrival, a, s.LegAtFrom, s.Source);
            ConsiderAlong(ref best, ref arrival, b, s.LegAtTo, s.Source);
        }
        return best;

        // Walk from a source point at offset y to x along the edge, if that direction is allowed.
        void ConsiderAlong(ref Reach best, ref EdgeArrival arrival, float y, float leg, int source)
        {
            float d = Math.Abs(x - y);
            bool allowed = d <= BoundedDijkstra.AtNodeMetres || (x > y ? forward : backward);
            if (allowed) Consider(ref best, ref arrival, leg * perMetre + d * rate, source, -1, new EdgeArrival(leg + d, y, leg));
        }
    }

    static void Consider(ref Reach best, ref EdgeArrival arrival, float seconds, int source, int via, EdgeArrival how)
    {
        if (source < 0 || !(seconds < best.Seconds || (seconds == best.Seconds && source < best.Source))) return; // ties: the lower source
        best = new Reach(seconds, source, via);
        arrival = how;
    }

    /// <summary>The seeding that gave a root of the search tree its time (the last one: each seeding improved on the one before, or tied it from a lower source).</summary>
    SeedOrigin? SeedOf(int node)
    {
        for (int i = _seeds.Count - 1; i >= 0; i--)
            if (_seeds[i].Node == node) return _seeds[i];
        return null;
    }

    /// <summary>The first of seeded edge e's seeds in _edgeSeeds (sorted by edge): its rank among the seeded edges, looked up.</summary>
    int FirstSeedOn(int e)
    {
        ulong below = _seededEdges[e >> 6] & ((1UL << (e & 63)) - 1);
        return _seedStart[_wordRank[e >> 6] + BitOperations.PopCount(below)];
    }

    /// <summary>Fills <see cref="_wordRank"/> and <see cref="_seedStart"/> for the seeds just sorted and marked.</summary>
    void IndexSeeds()
    {
        int rank = 0;
        for (int w = 0; w < _seededEdges.Length; w++)
        {
            _wordRank[w] = rank;
            rank += BitOperations.PopCount(_seededEdges[w]);
        }
        if (_seedStart.Length < rank + 1) _seedStart = new int[Math.Max(rank + 1, 2 * _seedStart.Length)];
        int k = 0;
        for (int i = 0; i < _edgeSeeds.Count; i++)
            if (i == 0 || _edgeSeeds[i].Edge != _edgeSeeds[i - 1].Edge) _seedStart[k++] = i;
        _seedStart[k] = _edgeSeeds.Count;
    }
}
