using Coverage.Analysis.Region;
using Coverage.Core.Domain;
using Coverage.Network.Search;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Distance;

namespace Coverage.Analysis.Circles;

/// <summary>
/// The walk behind a settlement's minutes: from the sample its minutes are timed at (of the best-served natural village
/// for an administrative village rolled up from them) to the nearest counted facility, each point with the seconds from
/// the facility. When the walk is longer than the circle's limit, the point at exactly the limit is one of the points
/// (<see cref="LimitIndex"/>): points before it are beyond the limit, points from it on within.
/// </summary>
public sealed record VillageRoute
{
    public required Settlement Settlement { get; init; }
    /// <summary>The place the walk starts at: the settlement itself, or the natural village of a roll-up whose sample is best served.</summary>
    public required Settlement From { get; init; }
    public required Facility Facility { get; init; }
    /// <summary>Sample first, facility last; seconds fall from the total to 0.</summary>
    public required IReadOnlyList<RoutePoint> Points { get; init; }
    public required double Seconds { get; init; }
    /// <summary>Walking metres, off-network legs included.</summary>
    public required double Metres { get; init; }
    public required double LimitSeconds { get; init; }
    /// <summary>Index of the point at the limit, or null when the whole walk is within it.</summary>
    public int? LimitIndex { get; init; }

    internal static VillageRoute Of(AnalysisRegion region, CircleStandard circle, SettlementCoverage row, SearchRoute walk)
    {
        var facility = region.Facilities[walk.Source];
        var points = walk.Points.ToList();
        if (FacilityEnd(facility, points[^1]) is { } end) points.Add(end);
        double limit = circle.Minutes * 60;
        int? limitIndex = InsertLimitPoint(points, limit);
        return new VillageRoute
        {
            Settlement = row.Settlement,
            From = region.Settlements[region.SampleSettlement[row.BestSample]],
            Facility = facility,
            Points = points,
            Seconds = walk.Seconds,
            Metres = walk.Metres,
            LimitSeconds = limit,
            LimitIndex = limitIndex,
        };
    }

    /// <summary>The facility's own off-network leg: to the point itself, or to the nearest point of a trail; none when already there.</summary>
    static RoutePoint? FacilityEnd(Facility facility, RoutePoint joined)
    {
        var g = facility.Geometry;
        var at = g is Point p ? p.Coordinate
            : DistanceOp.NearestPoints(g, g.Factory.CreatePoint(new Coordinate(joined.Lon, joined.Lat)))[0];
        return at.X == joined.Lon && at.Y == joined.Lat ? null : new RoutePoint(at.X, at.Y, 0);
    }

    /// <summary>Inserts the point whose time from the facility equals the limit (interpolated within its segment); its index, or null within the limit.</summary>
    static int? InsertLimitPoint(List<RoutePoint> points, double limit)
    {
        for (int i = 0; i + 1 < points.Count; i++)
        {
            RoutePoint a = points[i], b = points[i + 1];
            if (!(a.Seconds > limit && b.Seconds <= limit)) continue;
            if (b.Seconds == limit) return i + 1;
            double f = (a.Seconds - limit) / (a.Seconds - b.Seconds);
            points.Insert(i + 1, new RoutePoint(a.Lon + (b.Lon - a.Lon) * f, a.Lat + (b.Lat - a.Lat) * f, limit));
            return i + 1;
        }
        return null;
    }
}
