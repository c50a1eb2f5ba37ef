using NetTopologySuite.Geometries;

namespace Coverage.Demo.Layout;

/// <summary>
/// Points kept at least a minimum distance apart (dart throwing), with a bucket grid so a province-sized
/// region stays fast. Buckets are only looked up, never enumerated, so results do not depend on hash order.
/// </summary>
internal sealed class SpacedPoints(double cellSize)
{
    readonly Dictionary<(int, int), List<Coordinate>> _cells = [];

    public List<Coordinate> Points { get; } = [];

    public double NearestDistance(Coordinate p, double searchRadius)
    {
        int r = (int)Math.Ceiling(searchRadius / cellSize);
        var (cx, cy) = Cell(p);
        double best = double.PositiveInfinity;
        for (int dx = -r; dx <= r; dx++)
            for (int dy = -r; dy <= r; dy++)
                if (_cells.TryGetValue((cx + dx, cy + dy), out var list))
                    foreach (var q in list) best = Math.Min(best, p.Distance(q));
        return best;
    }

    /// <summary>Points within <paramref name="radius"/> of <paramref name="p"/>, in bucket order (stable for the same inputs).</summary>
    public IEnumerable<Coordinate> Within(Coordinate p, double radius)
    {
        int r = (int)Math.Ceiling(radius / cellSize);
        var (cx, cy) = Cell(p);
        for (int dx = -r; dx <= r; dx++)
            for (int dy = -r; dy <= r; dy++)
                if (_cells.TryGetValue((cx + dx, cy + dy), out var list))
                    foreach (var q in list)
                        if (p.Distance(q) <= radius) yield return q;
    }

    public bool IsFarFrom(Coordinate p, double minDistance) => NearestDistance(p, minDistance) >= minDistance;

    public void Add(Coordinate p)
    {
        Points.Add(p);
        var key = Cell(p);
        if (!_cells.TryGetValue(key, out var list)) _cells[key] = list = [];
        list.Add(p);
    }

    (int, int) Cell(Coordinate p) => ((int)Math.Floor(p.X / cellSize), (int)Math.Floor(p.Y / cellSize));
}
