using System.Runtime.CompilerServices;
using Coverage.Network.Graph;

namespace Coverage.Network.Search;

/// <summary>
/// Scratch memory for searches over one graph: a binary min-heap of nodes keyed by seconds, with decrease-key
/// through a node → heap-slot table. Allocated once and reused so repeated searches allocate nothing.
/// Not thread-safe: one SearchSpace per thread.
/// </summary>
public sealed class SearchSpace
{
    readonly int[] _heapNode;
    readonly float[] _heapKey;
    readonly int[] _slot; // heap slot of each node, -1 when not queued
    int _count;

    public SearchSpace(WalkGraph graph) : this(graph.NodeCount) { }

    public SearchSpace(int nodeCount)
    {
        NodeCount = nodeCount;
        _heapNode = new int[nodeCount];
        _heapKey = new float[nodeCount];
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
        int top = _heapNode[0];
        key = _heapKey[0];
        _slot[top] = -1;
        int last = --_count;
        if (last > 0) SiftDown(_heapNode[last], _heapKey[last], last);
        return top;
    }

    /// <summary>Empties the heap after a search that stopped early.</summary>
    internal void Clear()
    {
        for (int i = 0; i < _count; i++) _slot[_heapNode[i]] = -1;
        _count = 0;
    }

    void SiftUp(int i, int node, float key)
    {
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            float pk = _heapKey[parent];
            if (pk <= key) break;
            int pn = _heapNode[parent];
            _heapNode[i] = pn; _heapKey[i] = pk; _slot[pn] = i;
            i = parent;
        }
        _heapNode[i] = node; _heapKey[i] = key; _slot[node] = i;
    }

    void SiftDown(int node, float key, int count)
    {
        int i = 0;
        while (true)
        {
            int c = 2 * i + 1;
            if (c >= count) break;
            float ck = _heapKey[c];
            if (c + 1 < count && _heapKey[c + 1] < ck) { c++; ck = _heapKey[c]; }
            if (key <= ck) break;
            int cn = _heapNode[c];
            _heapNode[i] = cn; _heapKey[i] = ck; _slot[cn] = i;
            i = c;
        }
        _heapNode[i] = node; _heapKey[i] = key; _slot[node] = i;
    }
}
