using System.Runtime.CompilerServices;
using Coverage.Network.Search;
using Coverage.Network.Snapping;

namespace Coverage.Analysis.Circles;

/// <summary>
/// Several groups' seconds at one sample, read together: the groups held as frozen searches through one
/// <see cref="SampleReaderSet"/> (the sample's edge read once for all of them), the others (per-sample arrays, or no
/// source) one by one. Each figure is <see cref="SampleTimes.SecondsAt"/>'s bit for bit.
/// </summary>
/// <remarks>
/// Scoring every circle of a province reads each of its 4.4 M samples for twelve groups (life-15 alone needs five, and
/// culture, fitness, clinics and elderly care are also circles of their own): read one group at a time, every read loaded
/// the sample's snap and edge again, and that was most of the read. Read here, each sample's edge is loaded once per
/// sample, and each distinct group's times once, however many circles use it.
/// </remarks>
sealed class GroupSeconds
{
    readonly SampleTimes[] _groups; // those read through a set first, set by set: [0, _searched)
    readonly int _searched;
    /// <summary>
    /// Per set, the snaps its searches are read at and its first slot: one set, but for searches a plan version took over
    /// from the previous one, which hold that version's snaps (the same samples, as taking over requires).
    /// </summary>
    readonly (SampleReaderSet Set, SampleSnap[] Snaps, int First)[] _sets;

    /// <param name="groups">Sample times, each read once however often it is listed (the same object: an engine's cached times).</param>
    public GroupSeconds(IEnumerable<SampleTimes> groups)
    {
        var distinct = groups.Distinct(ReferenceEqualityComparer.Instance).Cast<SampleTimes>().ToList();
        var bySnaps = distinct.Where(g => g.Search is not null).GroupBy(g => g.Snaps, ReferenceEqualityComparer.Instance).ToList();
        _groups = [.. bySnaps.SelectMany(s => s), .. distinct.Where(g => g.Search is null)];
        _searched = _groups.Length - distinct.Count(g => g.Search is null);
        _sets = new (SampleReaderSet, SampleSnap[], int)[bySnaps.Count];
        for (int i = 0, first = 0; i < bySnaps.Count; first += bySnaps[i].Count(), i++)
            _sets[i] = (new SampleReaderSet(bySnaps[i].Select(g => g.Search!).ToList()), (SampleSnap[])bySnaps[i].Key!, first);
    }

    /// <summary>Groups read, in the order of <see cref="Read"/>'s slots.</summary>
    public int Count => _groups.Length;

    /// <summary>The slot of these times (listed when this was made).</summary>
    public int SlotOf(SampleTimes times)
    {
        int slot = Array.IndexOf(_groups, times);
        return slot >= 0 ? slot : throw new ArgumentException($"Times of group '{times.Group}' are not read here.", nameof(times));
    }

    /// <summary>Seconds to sample k of every group whose slot is <paramref name="wanted"/>, into that slot (+∞ where unreached).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Read(int k, ReadOnlySpan<bool> wanted, Span<float> into)
    {
        foreach (var (set, snaps, first) in _sets)
            set.Seconds(snaps[k], wanted.Slice(first, set.Count), into.Slice(first, set.Count));
        for (int i = _searched; i < _groups.Length; i++)
            if (wanted[i]) into[i] = _groups[i].SecondsAt(k);
    }
}
