using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Coverage.Core;
using Coverage.Network.Graph;

namespace Coverage.Network.Search;

/// <summary>
/// Multi-source Dijkstra from a <see cref="SourceSet"/> to every node, stopping at a time limit: one search gives
/// each node its time to the nearest source. Times run from the sources outward (so one-sided edges are taken in
/// their allowed direction leaving a source).
/// </summary>
/// <remarks>
/// Ties: a node as quick to reach from two sources goes to the lower source index (the facility listed first), at a
/// seed and along the search alike. Every node a tie depends on is settled before it (or, across a zero-length arc, the
/// node is settled again), so the answer is a function of the graph and the sources, not of the order nodes are
/// numbered or popped in: a graph renumbered for memory locality names the same facility at every node, and a graph
/// clipped to one county does wherever it gives the same times.
/// </remarks>
public static class BoundedDijkstra
{
    /// <summary>A partial edge shorter than this (1 cm, the coordinate resolution) needs no walking, whatever its direction.</summary>
    internal const float AtNodeMetres = 0.01f;

    /// <summary>Convenience form that allocates its scratch and result; use the other overload in loops.</summary>
    public static TravelTimes Run(WalkGraph graph, WalkProfile profile, SourceSet sources, double limitSeconds = double.PositiveInfinity)
    {
        var result = new TravelTimes(graph);
        Run(graph, profile, sources, limitSeconds, new SearchSpace(graph), result);
        return result;
    }

    /// <summary>Runs the search into <paramref name="result"/>, reusing <paramref name="space"/>; allocates nothing per call on reuse.</summary>
    /// <param name="tree">
    /// Whether to record the arc into each node (<see cref="TravelTimes.ParentArc"/>: routes and path metres need it). A search
    /// read only for times skips it: on a province that is a million scattered writes, ~10 % of the search.
    /// </param>
    public static void Run(WalkGraph graph, WalkProfile profile, SourceSet sources, double limitSeconds, SearchSpace space, TravelTimes result,
        bool tree = true)
        => Run(graph, profile, sources, limitSeconds, space, result, -1, -1, tree);

    /// <summary>With stop nodes: ends once both are settled (single-pair queries); other nodes may then be unfinished.</summary>
    internal static void Run(WalkGraph graph, WalkProfile profile, SourceSet sources, double limitSeconds, SearchSpace space, TravelTimes result,
        int stopA, int stopB, bool tree = true)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (double.IsNaN(limitSeconds) || limitSeconds < 0)
            throw new ArgumentOutOfRangeException(nameof(limitSeconds), $"时间上限无效 / Time limit must be ≥ 0 s, got {limitSeconds}.");
        if (space.NodeCount != graph.NodeCount || !ReferenceEquals(result.Graph, graph))
            throw new ArgumentException("The search space and the result must belong to this graph.");
        sources.Validate(graph);

        float limit = (float)Math.Min(limitSeconds, float.MaxValue);
        result.Reset(profile, limit, sources, tree);
        space.Begin(sources.NodeSpan.Length + sources.EdgeSpan.Length); // also empties what a search that threw midway left
        Seed(graph, profile, sources, space, result);

        if (space.Wide is { } radix) Settle(new RadixOrder(radix), graph.FirstArc, graph.ArcCosts(profile), limit, result, stopA, stopB, tree);
        else Settle(new HeapOrder(space), graph.FirstArc, graph.ArcCosts(profile), limit, result, stopA, stopB, tree);
    }

    /// <summary>The queue the hot loop runs on, one instantiation per kind so each call is direct and inlined.</summary>
    interface IQueue
    {
        int Count { get; }
        void Push(int node, float key);
        int PopMin(out float key);
        void Clear();
    }

    readonly struct HeapOrder(SearchSpace space) : IQueue
    {
        public int Count => space.HeapCount;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Push(int node, float key) => space.HeapPush(node, key);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public int PopMin(out float key) => space.HeapPopMin(out key);
        public void Clear() => space.Clear();
    }

    readonly struct RadixOrder(RadixQueue queue) : IQueue
    {
        public int Count => queue.Count;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Push(int node, float key) => queue.Push(node, key);
        [MethodImpl(MethodImplOptions.AggressiveInlining)] public int PopMin(out float key) => queue.PopMin(out key);
        public void Clear() => queue.Clear();
    }

    /// <summary>
    /// The hot loop. Indexing is unchecked: WalkGraph guarantees every arc head is a node and FirstArc is monotone,
    /// and the node arrays of the result and the search space were checked to match the graph. Stop nodes (or -1)
    /// end the search once both are settled; no node is -1, so a whole-graph search never takes that branch.
    /// </summary>
    static void Settle<TQueue>(TQueue space, int[] firstArcs, ArcCost[] arcCosts, float limit, TravelTimes result, int stopA, int stopB, bool tree)
        where TQueue : struct, IQueue
    {
        ref float seconds = ref MemoryMarshal.GetArrayDataReference(result.Seconds);
        ref int source = ref MemoryMarshal.GetArrayDataReference(result.Source);
        ref int parentArc = ref MemoryMarshal.GetArrayDataReference(tree ? result.ParentArc : []); // written only with a tree
        ref int firstArc = ref MemoryMarshal.GetArrayDataReference(firstArcs);
        ref ArcCost arcs = ref MemoryMarshal.GetArrayDataReference(arcCosts);
        ref int reached = ref MemoryMarshal.GetArrayDataReference(result.ReachedNodes);
        int reachedCount = result.ReachedCount; // a local in the loop, stored back by Finish on a normal exit only
        while (space.Count > 0)
        {
            int u = space.PopMin(out float du);
            if (du > Unsafe.Add(ref seconds, u)) continue; // stale: u was improved after this entry was queued
            if (u == stopA || u == stopB)
            {
                if (u == stopA) stopA = -1;
                if (u == stopB) stopB = -1;
                if (stopA < 0 && stopB < 0) { space.Clear(); break; }
            }
            int su = Unsafe.Add(ref source, u), end = Unsafe.Add(ref firstArc, u + 1);
            for (int a = Unsafe.Add(ref firstArc, u); a < end; a++)
            {
                ref readonly ArcCost arc = ref Unsafe.Add(ref arcs, a);
                float dv = du + arc.Seconds;
                ref float sv = ref Unsafe.Add(ref seconds, arc.Head);
                if (dv < sv && dv <= limit)
                {
                    if (float.IsPositiveInfinity(sv)) Unsafe.Add(ref reached, reachedCount++) = arc.Head; // first time: listed for the next reset
                    sv = dv; Unsafe.Add(ref source, arc.Head) = su;
                    if (tree) Unsafe.Add(ref parentArc, arc.Head) = a;
                    space.Push(arc.Head, dv);
                }
                else if (dv == sv && su < Unsafe.Add(ref source, arc.Head))
                {
                    // A tie: the lower source takes the node, whatever order the nodes were settled in (see the class remarks).
                    // The head is still queued at dv unless the arc costs nothing, when it may be settled already: then it
                    // goes round again so its own arcs pass the lower source on.
                    Unsafe.Add(ref source, arc.Head) = su;
                    if (tree) Unsafe.Add(ref parentArc, arc.Head) = a;
                    if (dv == du) space.Push(arc.Head, dv);
                }
            }
        }
        result.Finish(reachedCount);
    }

    static void Seed(WalkGraph g, WalkProfile profile, SourceSet sources, SearchSpace space, TravelTimes result)
    {
        float perMetre = (float)(1 / profile.SpeedMetresPerSecond);
        foreach (var s in sources.NodeSpan)
            result.SeedNode(space, s.Node, s.LegMetres * perMetre, s.Source, s.LegMetres, SeedOrigin.AtNode(s.LegMetres));
        foreach (var s in sources.EdgeSpan)
        {
            int e = s.Edge;
            var flags = g.EdgeFlagsOf[e];
            float rate = SecondsPerMetre(g, profile, e), length = g.EdgeLength[e];
            float a = s.FromOffset, b = Math.Min(s.ToOffset, length);
            // Toward EdgeFrom: leave the stretch at its From end (or its To end, if legs make that quicker).
            if ((flags & EdgeFlags.Backward) != 0 || a <= AtNodeMetres)
            {
                float viaA = s.LegAtFrom * perMetre + a * rate;
                float viaB = (flags & EdgeFlags.Backward) != 0 ? s.LegAtTo * perMetre + b * rate : float.PositiveInfinity;
                if (viaA <= viaB) result.SeedNode(space, g.EdgeFrom[e], viaA, s.Source, s.LegAtFrom + a, new(e, 0, a, s.LegAtFrom));
                else result.SeedNode(space, g.EdgeFrom[e], viaB, s.Source, s.LegAtTo + b, new(e, 0, b, s.LegAtTo));
            }
            if ((flags & EdgeFlags.Forward) != 0 || length - b <= AtNodeMetres)
            {
                float viaB = s.LegAtTo * perMetre + (length - b) * rate;
                float viaA = (flags & EdgeFlags.Forward) != 0 ? s.LegAtFrom * perMetre + (length - a) * rate : float.PositiveInfinity;
                if (viaB <= viaA) result.SeedNode(space, g.EdgeTo[e], viaB, s.Source, s.LegAtTo + length - b, new(e, length, b, s.LegAtTo));
                else result.SeedNode(space, g.EdgeTo[e], viaA, s.Source, s.LegAtFrom + length - a, new(e, length, a, s.LegAtFrom));
            }
        }
    }

    /// <summary>Seconds per metre along edge e: level speed, times the steps factor on steps. Ferries have no per-metre time.</summary>
    internal static float SecondsPerMetre(WalkGraph g, WalkProfile profile, int e)
    {
        double r = 1 / profile.SpeedMetresPerSecond;
        if ((g.EdgeFlagsOf[e] & EdgeFlags.Steps) != 0) r *= profile.StepsTimeFactor;
        return (float)r;
    }
}
