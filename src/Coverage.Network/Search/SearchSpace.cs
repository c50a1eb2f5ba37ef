using System.Runtime.CompilerServices;
using Coverage.Network.Graph;

namespace Coverage.Network.Search;

/// <summary>
/// Scratch memory for searches over one graph: a 4-ary min-heap of nodes keyed by seconds (shallower than a binary
/// heap, and a node's four children share a cache line), with decrease-key through a node → heap-slot table.
/// Allocated once and reused so repeated searches allocate nothing. Not thread-safe: one SearchSpace per thread.
/// </summary>
public sealed class SearchSpace
{
    struct Entry { public float Key; public int Node; }

    readonly Entry[] _heap;
    readonly int[] _slot; // heap slot of each node, -1 when not queued
    int _count;

    public SearchSpace(WalkGraph graph) : this(graph.NodeCount) { }

    public SearchSpace(int nodeCount)
    {
        NodeCount = nodeCount;
        _heap = new Entry[nodeCount];
        _slot = new int[nodeCount];
        Array.Fill(_slot, -1);
    }

    public int NodeCount { get; }
    internal int Count => _count;

    /// <summary>Queues node with key, or lowers its key when it is already queued.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Upsert(int node, float key)
    {
        int i = _slot[node];
        if (i < 0) i = _count++;
        SiftUp(i, node, key);
    }

    internal int PopMin(out float key)
    {
        var top = _heap[0];
        key = top.Key;
        _slot[top.Node] = -1;
        int last = --_count;
        if (last > 0) SiftDown(_heap[last], last);
        return top.Node;
    }

    /// <summary>Empties the heap after a search that stopped early.</summary>
    internal void Clear()
    {
        for (int i = 0; i < _count; i++) _slot[_heap[i].Node] = -1;
        _count = 0;
    }

    void SiftUp(int i, int node, float key)
    {
        var heap = _heap;
        while (i > 0)
        {
            int parent = (i - 1) >> 2;
            var p = heap[parent];
            if (p.Key <= key) break;
            heap[i] = p; _slot[p.Node] = i;
            i = parent;
        }
        heap[i].Key = key; heap[i].Node = node; _slot[node] = i;
    }

    void SiftDown(Entry item, int count)
    {
        var heap = _heap;
        int i = 0;
        while (true)
        {
            int first = (i << 2) + 1;
            if (first >= count) break;
            int best = first;
            float bestKey = heap[first].Key;
            int end = Math.Min(first + 4, count);
            for (int c = first + 1; c < end; c++)
                if (heap[c].Key < bestKey) { best = c; bestKey = heap[c].Key; }
            if (item.Key <= bestKey) break;
            heap[i] = heap[best]; _slot[heap[i].Node] = i;
            i = best;
        }
        heap[i] = item; _slot[item.Node] = i;
    }
}
