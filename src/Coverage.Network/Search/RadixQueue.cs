using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Coverage.Network.Search;

/// <summary>
/// The queue of a wide search (<see cref="SearchSpace"/> picks it when a search starts from thousands of places): a radix
/// heap of (seconds, node) packed into one ulong each as the 4-ary heap packs them (<see cref="QueueKey"/>). Not thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Why a radix heap: Dijkstra pops keys in ascending order, so an entry only needs sorting against the last key popped.
/// Bucket b holds the entries whose highest bit differing from it is bit b-1: a push is an append, and a pop scans one
/// bucket and spreads it over lower ones, each entry moving down at most 64 times over its life. A search from a
/// province's 23 k facilities keeps 56-194 k entries queued, where the 4-ary heap's walk down its levels misses the cache;
/// a search from a few places keeps a small heap, where the 4-ary heap is quicker (1.5-2x on county and grid searches). On
/// a graph of a million nodes the radix queue is quicker from a few hundred places already (see <see cref="SearchSpace.LargeGraphWideSeeds"/>).
/// </para>
/// <para>
/// Entries pop in exactly the (time, node) order of the 4-ary heap, so a search settles the same nodes in the same
/// order and breaks ties the same way. One case is not monotone: an arc of 0 s (or one too short to change a float
/// time) reaches a node at the same time as the one just popped, and if that node's number is lower its key is below the
/// last popped. Those few go to a small binary heap that is always emptied first: they are below every bucketed key.
/// </para>
/// </remarks>
internal sealed class RadixQueue

{
    const int BucketCount = 65; // 0: equal to the last key popped; b ≥ 1: highest differing bit b-1

    readonly ulong[][] _bucket = new ulong[BucketCount][];
    readonly int[] _size = new int[BucketCount];
    ulong _occupied;            // bit b-1 set while bucket b ≥ 1 holds entries
    ulong _last;                // the last key popped from the buckets (0 before the first)
    ulong[] _below;             // binary min-heap of keys pushed below _last
    int _belowCount, _count;

    /// <summary>With room for <paramref name="slots"/> entries per bucket to start with (tests: buckets grow midway through a search).</summary>
    public RadixQueue(int slots = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        for (int b = 0; b < BucketCount; b++) _bucket[b] = new ulong[slots];
        _below = new ulong[slots];
    }

    internal int Count => _count;

    /// <summary>Test seam: runs before a bucket grows, where a search can run out of memory midway (a test throws here).</summary>
    internal Action? BeforeGrow { get; set; }

    /// <summary>Queues node with key ≥ 0; an earlier entry of the same node stays and is skipped as stale.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Push(int node, float key)
    {
        ulong item = QueueKey.Pack(node, key);
        if (item < _last) PushBelow(item);
        else Append(BucketOf(item), item);
        _count++;
    }

    /// <summary>Removes the entry with the least key (ties: lowest node). Call only when <see cref="Count"/> &gt; 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int PopMin(out float key)
    {
        ulong top;
        if (_belowCount > 0) top = PopBelow();
        else
        {
            if (_size[0] == 0) Refill();
            top = _bucket[0][--_size[0]];
        }
        _count--;
        return QueueKey.Unpack(top, out key);
    }

    /// <summary>Empties the queue (a new search, or one that stopped early).</summary>
    internal void Clear()
    {
        Array.Clear(_size);
        _occupied = 0;
        _last = 0;
        _belowCount = 0;
        _count = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    int BucketOf(ulong item) => 64 - BitOperations.LeadingZeroCount(item ^ _last);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void Append(int b, ulong item)
    {
        int n = _size[b];
        if (n == _bucket[b].Length) Grow(ref _bucket[b]);
        _bucket[b][n] = item;
        _size[b] = n + 1;
        if (b > 0) _occupied |= 1UL << (b - 1);
    }

    /// <summary>
    /// Bucket 0 is empty: the least entry of the lowest non-empty bucket becomes the last key, and that bucket's entries
    /// move to the buckets they now belong to (all lower: they share its higher bits with the new last key).
    /// </summary>
    void Refill()
    {
        int b = BitOperations.TrailingZeroCount(_occupied) + 1;
        var from = _bucket[b];
        int n = _size[b];
        ulong min = ulong.MaxValue;
        for (int i = 0; i < n; i++) min = Math.Min(min, from[i]);
        _last = min;
        _size[b] = 0;
        _occupied &= ~(1UL << (b - 1));
        for (int i = 0; i < n; i++) Append(BucketOf(from[i]), from[i]);
    }

    void PushBelow(ulong item)
    {
        if (_belowCount == _below.Length) Grow(ref _below);
        ref ulong h = ref MemoryMarshal.GetArrayDataReference(_below);
        int i = _belowCount++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            ulong p = Unsafe.Add(ref h, parent);
            if (p <= item) break;
            Unsafe.Add(ref h, i) = p;
            i = parent;
        }
        Unsafe.Add(ref h, i) = item;
    }

    ulong PopBelow()
    {
        ref ulong h = ref MemoryMarshal.GetArrayDataReference(_below);
        ulong top = h, item = Unsafe.Add(ref h, --_belowCount);
        int i = 0, n = _belowCount;
        while (true)
        {
            int c = 2 * i + 1;
            if (c >= n) break;
            if (c + 1 < n && Unsafe.Add(ref h, c + 1) < Unsafe.Add(ref h, c)) c++;
            if (item <= Unsafe.Add(ref h, c)) break;
            Unsafe.Add(ref h, i) = Unsafe.Add(ref h, c);
            i = c;
        }
        if (n > 0) Unsafe.Add(ref h, i) = item;
        return top;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    void Grow(ref ulong[] array)
    {
        BeforeGrow?.Invoke();
        Array.Resize(ref array, array.Length * 2);
    }
}
