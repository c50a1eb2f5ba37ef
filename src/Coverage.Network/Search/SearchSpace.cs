using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Coverage.Network.Graph;

namespace Coverage.Network.Search;

/// <summary>
/// How both search queues (<see cref="SearchSpace"/>'s 4-ary heap and <see cref="RadixQueue"/>) pack a queued (seconds,
/// node) into one ulong: the seconds' float bits high, the node low, so one integer compare orders by time, then by node.
/// One packing for both is what makes them pop in the same order, and so settle ties the same way.
/// </summary>
static class QueueKey
{
    /// <summary>Clearing the sign bit maps -0 to +0; every key is ≥ 0, so the bits order like the floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Pack(int node, float seconds) => ((ulong)(BitConverter.SingleToUInt32Bits(seconds) & 0x7FFF_FFFFu) << 32) | (uint)node;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Unpack(ulong item, out float seconds)
    {
        seconds = BitConverter.UInt32BitsToSingle((uint)(item >> 32));
        return (int)(uint)item;
    }
}

/// <summary>
/// Scratch memory for searches over one graph: a 4-ary min-heap of (seconds, node) packed into one ulong each
/// (<see cref="QueueKey"/>: one integer compare orders by time, then by node). Lazy
/// deletion instead of decrease-key: an improved node is pushed again and its stale entry skipped when popped, so
/// no node → slot table is written on every heap move. Slots past the count hold <see cref="Empty"/>, so a node
/// always has four children to compare. A search from thousands of places takes a radix queue instead (see <see cref="Begin"/>).
/// Allocated once (grown at most a few times) and reused; not thread-safe.
/// </summary>
public sealed class SearchSpace
{
    const ulong Empty = ulong.MaxValue; // sorts after every real entry: float bits of +∞ are 0x7F800000
    const int Pad = 4;                   // Empty slots always present past the count

    ulong[] _heap;
    int _count;

    public SearchSpace(WalkGraph graph) : this(graph.NodeCount) { }

    public SearchSpace(int nodeCount) : this(nodeCount, Math.Max(64, Math.Min(nodeCount, InitialHeapSlots))) { }

    /// <summary>
    /// Heap slots a space starts with at most (512 KB), grown by doubling when a search needs more: a heap as long as the
    /// graph (8 MB per space on a province) sat unused in every scratch, since a province's whole-region searches take the
    /// radix queue and its bounded ones (isochrones, routes) queue a few thousand nodes.
    /// </summary>
    internal const int InitialHeapSlots = 1 << 16;

    /// <summary>With a heap of <paramref name="slots"/> entries to start with (tests: a small heap grows midway through a search).</summary>
    internal SearchSpace(int nodeCount, int slots)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        NodeCount = nodeCount;
        WideFrom = WideFromFor(nodeCount);
        _heap = new ulong[slots + Pad];
        Array.Fill(_heap, Empty);
    }

    public int NodeCount { get; }

    /// <summary>Seeded places from which a search takes the radix queue (<see cref="RadixQueue"/>) instead of the 4-ary heap.</summary>
    internal const int WideSearchSeeds = 4096;

    /// <summary>
    /// On a graph of at least <see cref="LargeGraphNodes"/> nodes, the seeded places from which a search takes the radix queue.
    /// Measured on grids of 0.1-1 M nodes, one thread, the same sources for both queues (unbounded; 15-minute bound): on 1 M nodes
    /// the radix queue took 204/340, 369/612 and 366/632 ms against the heap's for 20, 256 and 1,000 sources; on 400 k, 100/126 ms
    /// for 256 and 107/146 for 2,000; on 700 k, 158/151 for 256 (a tie) and 193/278 for 2,000; on 200 k and 100 k the heap was as
    /// quick or quicker (256 sources: 39 against 32 ms, 11.6 against 11.0). On the SYNTHETIC province graph (994 k nodes, CPU ms,
    /// two runs each): unbounded from 300 sources 155/167 against 168/180, from 2,000 sources 175/189 against 219/219 (the
    /// engine's searches are unbounded); bounded at 15 minutes from 2,000 sources 14.1/16.7 against 11.6/18.7 (a tie within
    /// the noise). From 20 sources the radix queue won on 1 M nodes but tied on 700 k and 400 k (113/106, 65/63 ms), hence
    /// the line at 256. A city's few hundred elderly centres on a prefecture's network are such a search; a county's
    /// (≤ 100 k nodes) stays on the heap.
    /// </summary>
    internal const int LargeGraphWideSeeds = 256;

    /// <summary>Graphs from this many nodes take the radix queue from <see cref="LargeGraphWideSeeds"/> seeded places (2^18).</summary>
    internal const int LargeGraphNodes = 1 << 18;

    /// <summary>Test seam: the seeded places from which this space's searches take the radix queue (0: always; int.MaxValue: never).</summary>
    internal int WideFrom { get; set; }

    /// <summary>The seeded places from which a search over a graph of this many nodes takes the radix queue.</summary>
    internal static int WideFromFor(int nodeCount) => nodeCount >= LargeGraphNodes ? LargeGraphWideSeeds : WideSearchSeeds;

    RadixQueue? _radix;
    bool _wide;

    /// <summary>The radix queue while a wide search runs (see <see cref="Begin"/>), else null: the 4-ary heap is the queue.</summary>
    internal RadixQueue? Wide => _wide ? _radix : null;

    /// <summary>
    /// Empties the queue for a new search and picks its kind: the radix queue for a search from <paramref name="seeds"/> ≥
    /// <see cref="WideFrom"/> places (a province's facilities: a wide frontier from the start; on a large graph a few hundred
    /// places, see <see cref="LargeGraphWideSeeds"/>), else the 4-ary heap.
    /// Both pop in the same (time, node) order, so the choice changes the time a search takes, never its answer.
    /// </summary>
    internal void Begin(int seeds)
    {
        Clear();
        _wide = seeds >= WideFrom;
        if (_wide) (_radix ??= new RadixQueue()).BeforeGrow = BeforeGrow;
    }

    internal int Count => _wide ? _radix!.Count : _count;

    /// <summary>Queues node with key ≥ 0 in the queue <see cref="Begin"/> picked (seeding; the hot loop calls the queue itself).</summary>
    internal void Push(int node, float key)
    {
        if (_wide) _radix!.Push(node, key);
        else HeapPush(node, key);
    }

    /// <summary>Removes the least entry of the queue <see cref="Begin"/> picked (ties: lowest node). Call only when <see cref="Count"/> &gt; 0.</summary>
    internal int PopMin(out float key) => _wide ? _radix!.PopMin(out key) : HeapPopMin(out key);

    /// <summary>Entries in the 4-ary heap.</summary>
    internal int HeapCount => _count;

    /// <summary>Test seam: runs before the heap grows, where a search can run out of memory midway (a test throws here).</summary>
    internal Action? BeforeGrow { get; set; }

    /// <summary>Queues node with key ≥ 0 in the 4-ary heap; an earlier entry of the same node stays and is skipped as stale.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void HeapPush(int node, float key)
    {
        if (_count + Pad >= _heap.Length) Grow();
        ulong item = QueueKey.Pack(node, key);
        SiftUp(ref MemoryMarshal.GetArrayDataReference(_heap), _count++, item);
    }

    /// <summary>Removes the 4-ary heap's entry with the least key (ties: lowest node). Call only when <see cref="HeapCount"/> &gt; 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int HeapPopMin(out float key)
    {
        ref ulong h = ref MemoryMarshal.GetArrayDataReference(_heap);
        ulong top = h;
        int last = --_count;
        ulong item = Unsafe.Add(ref h, last);
        Unsafe.Add(ref h, last) = Empty;
        if (last > 0) SiftDown(ref h, item, last);
        return QueueKey.Unpack(top, out key);
    }

    /// <summary>Empties both queues (a new search, or one that stopped early).</summary>
    internal void Clear()
    {
        _heap.AsSpan(0, _count).Fill(Empty);
        _count = 0;
        _radix?.Clear();
    }

    /// <summary>
    /// Bottom-up: walks the hole at the root down along least children to a leaf, then lifts the item from there.
    /// The item came from the bottom, so it rarely climbs far, and each level costs one branch-free 4-way minimum, no item compare.
    /// </summary>
    static void SiftDown(ref ulong h, ulong item, int count)
    {
        int i = 0;
        while (true)
        {
            int c = (i << 2) + 1;
            if (c >= count) break;
            ulong a = Unsafe.Add(ref h, c), b = Unsafe.Add(ref h, c + 1), x = Unsafe.Add(ref h, c + 2), y = Unsafe.Add(ref h, c + 3);
            // Branch-free 4-way minimum: which child wins is a coin toss, so branches would mispredict half the time.
            int s1 = b < a ? 1 : 0, s2 = y < x ? 1 : 0;
            ulong ab = a + ((b - a) & (ulong)-s1), xy = x + ((y - x) & (ulong)-s2);
            int s3 = xy < ab ? 1 : 0;
            Unsafe.Add(ref h, i) = ab + ((xy - ab) & (ulong)-s3);
            int best = c + s1 + ((2 + s2 - s1) & -s3);
            i = best;
        }
        SiftUp(ref h, i, item);
    }

    /// <summary>Moves the hole at slot i up past every parent greater than the item, then fills it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void SiftUp(ref ulong h, int i, ulong item)
    {
        while (i > 0)
        {
            int parent = (i - 1) >> 2;
            ulong p = Unsafe.Add(ref h, parent);
            if (p <= item) break;
            Unsafe.Add(ref h, i) = p;
            i = parent;
        }
        Unsafe.Add(ref h, i) = item;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    void Grow()
    {
        BeforeGrow?.Invoke();
        int old = _heap.Length;
        Array.Resize(ref _heap, old * 2);
        _heap.AsSpan(old).Fill(Empty);
    }
}
