using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Union;

namespace Coverage.Demo.Layout;

/// <summary>Where the water is: outlines for "how far is the bank", and the union of guards that dry ways keep out of.</summary>
internal sealed class WaterIndex
{
    readonly STRtree<Polygon> _outlines = new();
    readonly STRtree<(Polygon Polygon, IPreparedGeometry Prepared)> _guards = new();
    readonly STRtree<Polygon> _lakeGuards = new();

    public WaterIndex(IReadOnlyList<WaterBody> water)
    {
        foreach (var w in water)
        {
            foreach (var p in w.OutlinePieces ?? [w.Outline]) _outlines.Insert(p.EnvelopeInternal, p);
            foreach (var p in w.GuardPieces ?? [w.Guard]) _guards.Insert(p.EnvelopeInternal, (p, PreparedGeometryFactory.Prepare(p)));
            if (w.Kind == WaterKind.Lake) _lakeGuards.Insert(w.Guard.EnvelopeInternal, w.Guard);
        }
        _outlines.Build(); _guards.Build(); _lakeGuards.Build();
    }

    /// <summary>True when <paramref name="p"/> is at least <paramref name="clearance"/> metres from any water.</summary>
    public bool IsDry(Coordinate p, double clearance)
    {
        var env = new Envelope(p); env.ExpandBy(clearance);
        var point = new Point(p);
        foreach (var w in _outlines.Query(env))
            if (w.IsWithinDistance(point, clearance)) return false;
        return true;
    }

    /// <summary>The union of the guard pieces a line touches (or null when it stays dry).</summary>
    public Geometry? GuardsTouching(LineString line)
    {
        // The tree returns hits in an order fixed by its build, which is fixed by the input order.
        var hits = _guards.Query(line.EnvelopeInternal).Where(g => g.Prepared.Intersects(line)).Select(g => (Geometry)g.Polygon).ToList();
        if (hits.Count == 0) return null;
        return hits.Count == 1 ? hits[0] : CascadedPolygonUnion.Union(hits);
    }

    public bool TouchesLake(Geometry g) => _lakeGuards.Query(g.EnvelopeInternal).Any(l => l.Intersects(g));
}
