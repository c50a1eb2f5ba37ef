using Coverage.Core.Domain;
using Coverage.Core.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Coverage.Analysis.Region;

/// <summary>
/// The town each facility counts in, by one rule for every view (the indicator sheet's per-town rows and the capacity
/// analysis's town table, the region health report's towns without a category): the facility's own town when a settlement
/// (or, where the caller has one, the towns table) names it; otherwise (no town given, as for an OSM
/// facility, or one no settlement names) the town of the nearest settlement (distance in the local projection; ties to
/// the earlier settlement), said in <see cref="NoteFor"/>. "" when the plan has no settlements.
/// </summary>
public sealed class FacilityTowns
{
    readonly string[] _town;
    readonly bool[] _byNearest;

    FacilityTowns(string[] town, bool[] byNearest)
    {
        _town = town;
        _byNearest = byNearest;
    }

    /// <summary>The town facility <paramref name="facility"/> (an index into the list given) counts in.</summary>
    public string this[int facility] => _town[facility];

    /// <summary>
    /// The note a view carries when some of <em>its</em> facilities (indices into the list given) were placed by their nearest
    /// settlement, counting only those; null when none was.
    /// </summary>
    public AnalysisNote? NoteFor(IEnumerable<int> facilities)
    {
        int placed = facilities.Count(i => _byNearest[i]);
        return placed == 0 ? null
            : AnalysisNote.Info("town-by-nearest", $"{placed} 个设施未注明所属镇（街道），按最近居民点所在镇计",
                $"{placed} facilities name no town (or one no settlement names); placed in the town of the nearest settlement");
    }

    /// <param name="knownTowns">More town names a facility's own town may be (the region's towns table, when it has one).</param>
    public static FacilityTowns Place(IReadOnlyList<Facility> facilities, IReadOnlyList<Settlement> settlements, IEnumerable<string>? knownTowns = null)
    {
        var named = settlements.Select(s => s.Town).Concat(knownTowns ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).ToHashSet(StringComparer.Ordinal);
        var town = new string[facilities.Count];
        var byNearest = new bool[facilities.Count];
        for (int i = 0; i < facilities.Count; i++)
        {
            town[i] = facilities[i].Town ?? "";
            byNearest[i] = facilities[i].Town is not { } t || !named.Contains(t);
        }
        var nearest = settlements.Count == 0 || !byNearest.Contains(true) ? null : new NearestSettlement(facilities, settlements);
        for (int i = 0; i < facilities.Count; i++)
            if (byNearest[i]) town[i] = nearest is null ? "" : settlements[nearest.Of(facilities[i].Geometry)].Town ?? "";
        return new FacilityTowns(town, byNearest);
    }

    /// <summary>Settlement shapes in one local projection, indexed for nearest-neighbour queries in widening rings.</summary>
    sealed class NearestSettlement
    {
        readonly LocalProjection _projection;
        readonly Geometry[] _shapes;
        readonly STRtree<int> _index = new();

        public NearestSettlement(IReadOnlyList<Facility> facilities, IReadOnlyList<Settlement> settlements)
        {
            var extent = new Envelope();
            foreach (var s in settlements) extent.ExpandToInclude(s.Geometry.EnvelopeInternal);
            foreach (var f in facilities) extent.ExpandToInclude(f.Geometry.EnvelopeInternal);
            _projection = extent.IsNull ? LocalProjection.ForExtent(120, 30, 120.1, 30.1) : LocalProjection.ForExtent(extent);
            _shapes = settlements.Select(s => _projection.Forward(s.Geometry)).ToArray();
            for (int s = 0; s < _shapes.Length; s++) _index.Insert(_shapes[s].EnvelopeInternal, s);
            _index.Build();
        }

        public int Of(Geometry place)
        {
            var shape = _projection.Forward(place);
            int best = -1;
            double bestDistance = double.MaxValue;
            for (double r = 500; best < 0; r *= 4)
            {
                var env = shape.EnvelopeInternal.Copy();
                env.ExpandBy(r);
                foreach (int s in _index.Query(env))
                {
                    double d = _shapes[s].Distance(shape);
                    if (d < bestDistance || d == bestDistance && s < best) (best, bestDistance) = (s, d);
                }
                if (r > 1e7) break;
            }
            return Math.Max(best, 0);
        }
    }
}
