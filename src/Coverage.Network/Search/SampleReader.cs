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
        if (TravelTimes.IsSeeded(_seeded, e)) return _search.ReachAt(e, snap.OffsetMetres, snap.DistanceMetres).Seconds;
        var flags = _flags[e];
        float x = snap.OffsetMetres, length = _lengths[e], rate = (flags & EdgeFlags.Steps) != 0 ? _steps : _level;
        float best = float.PositiveInfinity;
        if ((flags & EdgeFlags.Forward) != 0 || x <= BoundedDijkstra.AtNodeMetres) best = _times[_from[e]] + x * rate;
        if ((flags & EdgeFlags.Backward) != 0 || length - x <= BoundedDijkstra.AtNodeMetres)
        {
            float t = _times[_to[e]] + (length - x) * rate;
            if (t < best) best = t;
        }
        float total = best + (float)(snap.DistanceMetres / _speed);
        return total <= _limit && float.IsFinite(best) ? total : float.PositiveInfinity;
    }
}
