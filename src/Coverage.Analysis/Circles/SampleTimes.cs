using Coverage.Core;
using Coverage.Core.Domain;
using Coverage.Network.Search;
using Coverage.Network.Snapping;
using System.Runtime.CompilerServices;

namespace Coverage.Analysis.Circles;

/// <summary>
/// Facilities searched together: one category (or category/kind), or the union a nearest-circle lists, under one
/// walk profile. One multi-source search per group, run to the nearest facility of every node (no time limit).
/// </summary>
public sealed record CategoryGroup(IReadOnlyList<CategoryReference> References, WalkProfile Profile)
{
    public bool Matches(Facility f) => Matches(f.Category, f.Kind);

    /// <summary>Whether a facility of this category and kind belongs to the group.</summary>
    public bool Matches(string category, string? kind)
    {
        for (int i = 0; i < References.Count; i++) if (References[i].Matches(category, kind)) return true;
        return false;
    }

    /// <summary>Cache key: same references (any order) and profile give the same times.</summary>
    public string Key => $"{Profile.Id}|{string.Join(",", References.Select(r => r.ToString().ToLowerInvariant()).Order(StringComparer.Ordinal))}";

    public override string ToString() => string.Join(", ", References);
}

/// <summary>
/// Seconds from each settlement sample to the nearest facility of a group, and which facility (an index into the
/// region's facilities, or beyond them for what-if additions); +∞ and -1 where no facility of the group can be reached on
/// foot (off the network, or a part of it without one).
/// </summary>
/// <remarks>
/// Held one of two ways, with the same figures bit for bit. A group's own search is kept as the search
/// (<see cref="TravelTimes.Frozen"/>: a time and a source per graph node) and each sample is timed from it where it is read,
/// as <see cref="TravelTimes.ReadSamples"/> would have timed it: on a province 8 MB per search instead of 35 MB of per-sample
/// arrays (4.4 M samples), and no 35 MB written per search. A what-if that adds facilities keeps the quicker of two searches
/// per sample, so it holds arrays.
/// </remarks>
public sealed class SampleTimes
{
    readonly float[]? _seconds;       // per sample, when held as arrays
    readonly int[]? _facility;
    readonly TravelTimes? _search;    // else a frozen search read at the samples (null with no source: nothing reached)
    readonly SampleReader _reader;
    readonly SampleSnap[] _snaps;
    readonly int[]? _renumber;        // search source (a facility index) → facility index, for a search taken over from a previous plan version

    SampleTimes(CategoryGroup group, int sources, int count, float[]? seconds, int[]? facility, TravelTimes? search, SampleSnap[] snaps, int[]? renumber)
    {
        Group = group;
        SourceCount = sources;
        Count = count;
        (_seconds, _facility, _search, _snaps, _renumber) = (seconds, facility, search, snaps, renumber);
        if (search is not null) _reader = search.Reader;
    }

    /// <summary>Per-sample arrays (each of the samples' length).</summary>
    public static SampleTimes OfArrays(CategoryGroup group, float[] seconds, int[] facility, int sources)
    {
        if (seconds.Length != facility.Length) throw new ArgumentException("One second and one facility per sample.");
        return new(group, sources, seconds.Length, seconds, facility, null, [], null);
    }

    /// <summary>
    /// The samples timed from a finished search whose sources are facility indices: <paramref name="search"/> must be a
    /// <see cref="TravelTimes.Frozen"/> copy (nothing runs into it again), or null when the group had no source.
    /// </summary>
    public static SampleTimes OfSearch(CategoryGroup group, TravelTimes? search, SampleSnap[] snaps, int sources)
    {
        if (search is { IsFrozen: false }) throw new ArgumentException("Sample times read from a search need a frozen copy of it (TravelTimes.Frozen).");
        return new(group, sources, snaps.Length, null, null, search, snaps, null);
    }

    public CategoryGroup Group { get; }
    /// <summary>Facilities that were sources of the search.</summary>
    public int SourceCount { get; }
    /// <summary>Samples timed.</summary>
    public int Count { get; }

    /// <summary>Seconds to sample k (+∞ where unreached) and, in <paramref name="facility"/>, the facility (-1 where unreached).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float At(int k, out int facility)
    {
        if (_seconds is not null) { facility = _facility![k]; return _seconds[k]; }
        if (_search is null) { facility = -1; return float.PositiveInfinity; }
        float t = _reader.Read(_snaps[k], out facility);
        if (_renumber is not null) facility = Mapped(facility, _renumber);
        return t;
    }

    /// <summary>Seconds to sample k; +∞ where unreached. <see cref="At"/>'s seconds, without finding the facility.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float SecondsAt(int k) =>
        _seconds is not null ? _seconds[k] : _search is null ? float.PositiveInfinity : _reader.Seconds(_snaps[k]);

    /// <summary>Whether these times are held as per-sample arrays (a what-if's, or a sparse region's).</summary>
    internal bool HeldAsArrays => _seconds is not null;

    /// <summary>The frozen search these times are read from: null when held as arrays, or with no source.</summary>
    internal TravelTimes? Search => _search;

    /// <summary>The sample snaps a frozen search is read at (the region's).</summary>
    internal SampleSnap[] Snaps => _snaps;

    /// <summary>Every sample's seconds and facility in new arrays (what a what-if adding facilities writes its quicker times into).</summary>
    public (float[] Seconds, int[] Facility) ToArrays()
    {
        if (_seconds is not null) return ((float[])_seconds.Clone(), (int[])_facility!.Clone());
        var seconds = GC.AllocateUninitializedArray<float>(Count);
        var facility = GC.AllocateUninitializedArray<int>(Count);
        if (_search is null) { Array.Fill(seconds, float.PositiveInfinity); Array.Fill(facility, -1); }
        else
        {
            _search.ReadSamples(_snaps, seconds, facility, keepBetterOnly: false);
            if (_renumber is not null)
                for (int k = 0; k < facility.Length; k++) facility[k] = Mapped(facility[k], _renumber);
        }
        return (seconds, facility);
    }

    /// <summary>
    /// These times with every facility renumbered by <paramref name="map"/> (old index → new; -1 stays -1): a search a new
    /// plan version takes over whose facilities kept their order. The search is shared, not copied.
    /// </summary>
    public SampleTimes Renumbered(int[] map)
    {
        if (_seconds is not null)
        {
            var facility = GC.AllocateUninitializedArray<int>(_facility!.Length);
            for (int k = 0; k < facility.Length; k++) facility[k] = Mapped(_facility[k], map);
            return new(Group, SourceCount, Count, _seconds, facility, null, _snaps, null);
        }
        int[]? renumber = map;
        if (_renumber is not null)
        {
            renumber = new int[_renumber.Length];
            for (int i = 0; i < renumber.Length; i++) renumber[i] = Mapped(_renumber[i], map);
        }
        return new(Group, SourceCount, Count, null, null, _search, _snaps, _search is null ? null : renumber);
    }

    /// <summary>Facility f (an old index) under <paramref name="map"/>; -1 (unreached) stays -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static int Mapped(int f, int[] map) => f < 0 ? f : map[f];

    /// <summary>Bytes these times hold of their own: per-sample arrays (8 per sample) or the frozen search (8 per node and its seeds).</summary>
    public long Bytes => _seconds is not null ? 4L * (_seconds.Length + _facility!.Length)
        : (_search?.FrozenBytes ?? 0) + 4L * (_renumber?.Length ?? 0);
}
