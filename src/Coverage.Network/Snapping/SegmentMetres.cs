namespace Coverage.Network.Snapping;

/// <summary>
/// The tangent-plane metres of the segments of the edges a run of snaps has landed on, and their running sums, measured
/// once per edge: a snap's offset along its edge sums the segments before the snap point
/// (<see cref="Snapper.ShapeBefore"/>), one trigonometric scale per segment, and the grid points of an isochrone land
/// on the same few hundred edges thousands of times. The sums are taken in the same order from 0, so every offset is
/// the same bit for bit. For one thread: a caller keeps one per run of snaps (<see cref="Snapper.Complete(in SnapCandidate, double, SegmentMetres?)"/>).
/// </summary>
public sealed class SegmentMetres
{
    readonly Snapper _snapper;
    readonly int _maxSegments;
    readonly Dictionary<int, int> _first = []; // edge → index of its segment 0 in _metres/_before
    readonly List<double> _metres = [], _before = [];

    /// <summary>
    /// A memo for <paramref name="snapper"/>'s edges. With <paramref name="maxSegments"/> it forgets every edge once it holds
    /// more segments than that, so a run over millions of places (a province's settlement samples) stays small and in cache.
    /// </summary>
    public SegmentMetres(Snapper snapper, int maxSegments = int.MaxValue) => (_snapper, _maxSegments) = (snapper, maxSegments);

    /// <summary>Metres from EdgeFrom to fraction t of segment j of edge e, as <see cref="Snapper.ShapeBefore"/> sums them.</summary>
    internal double Before(int e, int j, double t)
    {
        if (!_first.TryGetValue(e, out int first)) first = Measure(e);
        return _before[first + j] + _metres[first + j] * t;
    }

    int Measure(int e)
    {
        if (_metres.Count > _maxSegments) { _first.Clear(); _metres.Clear(); _before.Clear(); }
        var g = _snapper.Graph;
        int first = _metres.Count, segments = g.ShapeFirst[e + 1] - g.ShapeFirst[e] + 1;
        double before = 0;
        for (int k = 0; k < segments; k++)
        {
            double d = _snapper.SegmentLength(e, k);
            _metres.Add(d);
            _before.Add(before);
            before += d;
        }
        _first.Add(e, first);
        return first;
    }
}
