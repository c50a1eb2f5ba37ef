using Coverage.Core.Domain;
using Coverage.Core.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Coverage.Analysis.Region;

/// <summary>Places split by the county boundary: those counted, and those left out (outside the boundary, or beyond its margin).</summary>
public sealed record ScopeSplit<T>(IReadOnlyList<T> Kept, IReadOnlyList<T> Outside, IReadOnlyList<T> KeptInMargin);

/// <summary>
/// The county boundary that scopes an analysis, and its margin.
/// <para>Settlements: only those inside the boundary (or on it) count; the rest are listed, not counted — county figures
/// are about the county's own people.</para>
/// <para>Facilities: those inside the boundary or within the margin beyond it are kept, because a clinic just over the
/// line still serves villages near it (people walk across county lines to the nearest clinic); those beyond the margin
/// are listed and left out. Kept facilities outside the boundary are listed too (<see cref="ScopeSplit{T}.KeptInMargin"/>).</para>
/// <para>The network is clipped to the boundary buffered by the margin. Default margin 3 km: the longest standard circle is
/// 20 minutes (medical-20) at the adult 1.2 m/s, 1,440 m of walking, plus up to 500 m of off-network leg at each end; any
/// walk a circle counts from a place inside the county stays within about 2.4 km of the line, and 3 km leaves headroom
/// for winding roads and isochrone edges without loading a neighbouring county.</para>
/// A place is judged by one point: a point itself; an area's or a trail's interior point.
/// </summary>
public sealed class RegionScope
{
    public const double DefaultMarginMetres = 3000;
    const int QuadrantSegments = 64;

    readonly IPreparedGeometry _boundary;
    readonly IPreparedGeometry _buffered;

    RegionScope(Geometry boundary, double marginMetres, Geometry buffered)
    {
        Boundary = boundary;
        MarginMetres = marginMetres;
        Buffered = buffered;
        _boundary = PreparedGeometryFactory.Prepare(boundary);
        _buffered = PreparedGeometryFactory.Prepare(buffered);
    }

    /// <summary>The county polygon (WGS84).</summary>
    public Geometry Boundary { get; }
    public double MarginMetres { get; }
    /// <summary>The boundary buffered by the margin (WGS84): what the network is clipped to and facilities are kept within.</summary>
    public Geometry Buffered { get; }

    /// <summary>Buffers the boundary by <paramref name="marginMetres"/> in the local metric projection (Gauss–Krüger in China).</summary>
    public static RegionScope Of(Geometry boundary, double marginMetres = DefaultMarginMetres)
    {
        if (!(marginMetres >= 0)) throw new ArgumentOutOfRangeException(nameof(marginMetres), "The margin is a distance ≥ 0 m");
        var projection = LocalProjection.ForExtent(boundary.EnvelopeInternal);
        // 64 segments a quarter circle: the buffer's chords fall at most r(1 − cos(π/256)) inside the true margin, 0.2 m
        // at 3 km (NTS's default 8 would cut 58 m off the margin round each corner of the boundary).
        var buffered = marginMetres == 0 ? boundary : projection.Inverse(projection.Forward(boundary).Buffer(marginMetres, QuadrantSegments));
        return new RegionScope(boundary, marginMetres, buffered);
    }

    /// <summary>The point a place is judged by.</summary>
    public static Point Representative(Geometry g) => g as Point ?? g.InteriorPoint;

    public bool InCounty(Geometry place) => !place.IsEmpty && _boundary.Covers(Representative(place));

    public bool WithinMargin(Geometry place) => !place.IsEmpty && _buffered.Covers(Representative(place));

    public ScopeSplit<Settlement> Settlements(IEnumerable<Settlement> settlements)
    {
        var kept = new List<Settlement>();
        var outside = new List<Settlement>();
        foreach (var s in settlements) (InCounty(s.Geometry) ? kept : outside).Add(s);
        return new(kept, outside, []);
    }

    public ScopeSplit<Facility> Facilities(IEnumerable<Facility> facilities)
    {
        var kept = new List<Facility>();
        var outside = new List<Facility>();
        var margin = new List<Facility>();
        foreach (var f in facilities)
        {
            if (InCounty(f.Geometry)) kept.Add(f);
            else if (WithinMargin(f.Geometry)) { kept.Add(f); margin.Add(f); }
            else outside.Add(f);
        }
        return new(kept, outside, margin);
    }
}
