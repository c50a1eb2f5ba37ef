using System.Runtime.CompilerServices;
using Coverage.Network.Graph;
using Coverage.Network.Snapping;

namespace Coverage.Network.Search;

/// <summary>
/// Times settlement samples from a search: <see cref="TravelTimes.ReachOf(in SampleSnap)"/>'s figures bit for bit, the same
/// float operations in the same order, with what is per search (the profile's rates, the limit, the arrays) taken once
/// rather than per sample, and on an edge holding no source no arrival built. <see cref="TravelTimes.ReadSamples"/> reads
/// every sample with it; a caller holding a <see cref="TravelTimes.Frozen"/> search reads each sample where it needs it.
/// </summary>
public readonly struct SampleReader
{
    readonly TravelTimes _search;
    readonly float[] _times;
    readonly int[] _sources;
    readonly ulong[] _seeded;
    readonly EdgeFlags[] _flags;
    readonly float[] _lengths;
    readonly int[] _from, _to;
    readonly double _speed;
    readonly float _level, _steps, _limit;

    internal SampleReader(TravelTimes search)
    {
        var g = search.Graph;
        _search = search;
        _times = search.Seconds;
        _sources = search.Source;
        _seeded = search.SeededEdges;
        _flags = g.EdgeFlagsOf;
        _lengths = g.EdgeLength;
        _from = g.EdgeFrom;
        _to = g.EdgeTo;
        _speed = search.Profile.SpeedMetresPerSecond;
        // As BoundedDijkstra.SecondsPerMetre computes them: level ways, and steps with the profile's factor.
        _level = (float)(1 / _speed);
        _steps = (float)(1 / _speed * search.Profile.StepsTimeFactor);
        _limit = search.LimitSeconds;
    }

    /// <summary>Seconds to the sample (+∞ where unreached) and, in <paramref name="source"/>, its nearest source (-1 where unreached).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Read(in SampleSnap snap, out int source)
    {
        source = -1;
        if (!snap.IsOnNetwork) return float.PositiveInfinity;
        int e = snap.Edge;
        if (TravelTimes.IsSeeded(_seeded, e))
        {
            var r = _search.ReachAt(e, snap.OffsetMetres, snap.DistanceMetres);
            source = r.Source;
            return r.Seconds;
        }
        // ReachOnEdge without seeds: either end, in an allowed direction (or at the end itself), the quicker wins (a tie: the lower source).
        var flags = _flags[e];
        float x = snap.OffsetMetres, length = _lengths[e], rate = (flags & EdgeFlags.Steps) != 0 ? _steps : _level;
        float best = float.PositiveInfinity;
        int bestSource = -1;
        if ((flags & EdgeFlags.Forward) != 0 || x <= BoundedDijkstra.AtNodeMetres)
        {
            int n = _from[e];
            float t = _times[n] + x * rate;
            if (_sources[n] >= 0) { best = t; bestSource = _sources[n]; }
        }
        if ((flags & EdgeFlags.Backward) != 0 || length - x <= BoundedDijkstra.AtNodeMetres)
        {
            int n = _to[e];
            float t = _times[n] + (length - x) * rate;
            if (_sources[n] >= 0 && (t < best || (t == best && _sources[n] < bestSource))) { best = t; bestSource = _sources[n]; }
        }
        // ReachAt: the place's own leg, within the limit.
        float total = best + (float)(snap.DistanceMetres / _speed);
        if (bestSource < 0 || !(total <= _limit)) return float.PositiveInfinity;
        source = bestSource;
        return total;
    }

    /// <summary>
    /// <see cref="Read"/>'s seconds alone, without the source: the same float operations, so the same value. A node is
    /// reached exactly where its time is finite, and an unreached end's arrival (+∞ plus a finite walk) is +∞, so the
    /// quicker end is the lesser arrival; which source wins a tie changes no time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Seconds(in SampleSnap snap)
    {
        if (!snap.IsOnNetwork) return float.PositiveInfinity;
        int e = snap.Edge;
        return Seconds(e, snap, _flags[e], _lengths[e], _from[e], _to[e]);
    }

    /// <summary>
    /// <see cref="Seconds(in SampleSnap)"/> of a sample on the network whose edge e has these flags, length and ends, read
    /// by the caller: <see cref="SampleReaderSet"/> reads them once for several searches over the same graph.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal float Seconds(int e, in SampleSnap snap, EdgeFlags flags, float length, int from, int to)
    {
        float x = snap.OffsetMetres, rate = (flags & EdgeFlags.Steps) != 0 ? _steps : _level;
        if (TravelTimes.IsSeeded(_seeded, e)) return _search.SecondsOnSeededEdge(e, x, snap.DistanceMetres, flags, length, from, to, rate, _level);
        float best = float.PositiveInfinity;
        if ((flags & EdgeFlags.Forward) != 0 || x <= BoundedDijkstra.AtNodeMetres) best = _times[from] + x * rate;
        if ((flags & EdgeFlags.Backward) != 0 || length - x <= BoundedDijkstra.AtNodeMetres)
        {
            float t = _times[to] + (length - x) * rate;
            if (t < best) best = t;
        }
        float total = best + (float)(snap.DistanceMetres / _speed);
        return total <= _limit && float.IsFinite(best) ? total : float.PositiveInfinity;
    }
}

/// <summary>
/// Several searches over one graph read at the same sample: the sample's edge, flags, length and ends are read once, then
/// each search's end times. Each figure is <see cref="SampleReader.Seconds(in SampleSnap)"/>'s bit for bit (the same
/// code). Scoring every circle of a province reads 4.4 M samples from eight searches; one at a time, each read loaded the
/// sample's edge again, and that, not the searches' times, was most of a read.
/// </summary>
public sealed class SampleReaderSet
{
    readonly SampleReader[] _readers;
    readonly EdgeFlags[] _flags;
    readonly float[] _lengths;
    readonly int[] _from, _to;

    /// <param name="searches">Searches over one graph, each read as it holds when read (<see cref="TravelTimes.Frozen"/> copies).</param>
    public SampleReaderSet(IReadOnlyList<TravelTimes> searches)
    {
        if (searches.Count == 0) throw new ArgumentException("At least one search to read.", nameof(searches));
        var g = searches[0].Graph;
        if (searches.Any(s => s.Graph != g)) throw new ArgumentException("Searches read together must run on the same graph.", nameof(searches));
        _readers = searches.Select(s => s.Reader).ToArray();
        (_flags, _lengths, _from, _to) = (g.EdgeFlagsOf, g.EdgeLength, g.EdgeFrom, g.EdgeTo);
    }

    /// <summary>Searches read.</summary>
    public int Count => _readers.Length;

    /// <summary>
    /// Seconds to the sample from search i into <paramref name="into"/>[i] for every i where <paramref name="wanted"/>[i]
    /// (+∞ where unreached); the others are left as they are.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Seconds(in SampleSnap snap, ReadOnlySpan<bool> wanted, Span<float> into)
    {
        var readers = _readers;
        if (!snap.IsOnNetwork)
        {
            for (int i = 0; i < readers.Length; i++) if (wanted[i]) into[i] = float.PositiveInfinity;
            return;
        }
        int e = snap.Edge;
        var flags = _flags[e];
        float length = _lengths[e];
        int from = _from[e], to = _to[e];
        for (int i = 0; i < readers.Length; i++)
            if (wanted[i]) into[i] = readers[i].Seconds(e, snap, flags, length, from, to);
    }
}
