using Coverage.Analysis;
using Coverage.Analysis.Circles;
using Coverage.Core.Domain;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Coverage.Server.Api;

/// <summary>
/// A village's card (docs/API.md, /api/settlements/{id}/access and /route): every circle's row for one settlement, a
/// projection of the same <see cref="CircleCoverage"/> the map, summary and lists read, never a recount; and the walk
/// behind the minutes, traced through the search tree.
/// </summary>
public static class SettlementAccessJson
{
    public sealed record FacilityRef(string Id, string Name, string Category);
    /// <summary>Where the route for this row starts: the settlement itself, or (a roll-up) its best-served natural village.</summary>
    public sealed record RouteFrom(string SettlementId, string Name, string Rule);
    public sealed record CircleAccess(string Id, string NameZh, string NameEn, string Kind, double LimitMinutes, string Profile,
        string Demand, CoverageJson.Unit DemandUnit, string Status, string StatusZh, string StatusEn, double? CoveredShare,
        double? DemandTotal, double? CoveredDemand, double? Minutes, string? Unreachable, string? UnreachableZh, string? UnreachableEn,
        FacilityRef? Facility, bool FacilityInside, RouteFrom? RouteFrom);
    public sealed record SettlementAccess(string Id, string Name, string Town, string Kind, string? ParentId, string? Village,
        int NaturalVillages, double Population, CoverageJson.Unit PopulationUnit, double Elderly, CoverageJson.Unit ElderlyUnit,
        double Lon, double Lat, IReadOnlyList<CircleAccess> Circles);

    /// <summary>The route starts at the sample the minutes are timed at: the best-served one (of the best-served natural village for a roll-up).</summary>
    public const string BestSampleRule = "best-served-sample";

    static readonly (string Zh, string En) NotAssessed = ("不适用", "not assessed");

    public static SettlementAccess Access(Settlement s, IReadOnlyList<(CircleCoverage Coverage, SettlementCoverage? Row)> circles,
        CoverageEngine engine)
    {
        var first = circles.Select(c => c.Row).FirstOrDefault(r => r is not null);
        var village = circles.Select(c => c.Row?.Village).FirstOrDefault(v => v is not null);
        var p = s.Geometry.InteriorPoint;
        return new SettlementAccess(s.Id, s.Name, s.Town, s.Kind.ToId(), s.ParentId, village, first?.NaturalVillages ?? 0,
            Math.Round(first?.Population ?? s.Population, 2), CoverageJson.UnitOf(DemandField.Population),
            Math.Round(first?.Elderly ?? s.Elderly, 2), CoverageJson.UnitOf(DemandField.Elderly), Math.Round(p.X, 6), Math.Round(p.Y, 6),
            circles.Select(c => Row(c.Coverage, c.Row, engine)).ToList());
    }

    static CircleAccess Row(CircleCoverage c, SettlementCoverage? row, CoverageEngine engine)
    {
        var circle = c.Circle;
        string status = row?.Status.Id() ?? "not-assessed";
        var (zh, en) = row is { } r ? (r.Status.NameZh(), r.Status.NameEn()) : NotAssessed;
        var facility = row?.NearestFacilityId is { } fid && engine.Region.FacilityIndexOf(fid) is var i and >= 0
            ? new FacilityRef(fid, engine.Region.Facilities[i].Name, engine.Region.Facilities[i].Category) : null;
        var from = row is { BestSample: >= 0 and var best } ? engine.Region.Settlements[engine.Region.SampleSettlement[best]] : null;
        double? offNetworkMetres = row?.OffNetworkMetres;
        return new CircleAccess(circle.Id, circle.NameZh, circle.NameEn, circle.Kind.ToString().ToLowerInvariant(), circle.Minutes, circle.Profile,
            circle.Demand.Id(), CoverageJson.UnitOf(circle.Demand), status, zh, en, row?.CoveredShare is { } share ? Math.Round(share, 4) : null,
            row?.Demand is { } demand ? Math.Round(demand, 2) : null, row?.CoveredDemand is { } covered ? Math.Round(covered, 2) : null, Round(row?.Minutes),
            row?.Unreachable?.Id(), row?.Unreachable?.Zh(offNetworkMetres), row?.Unreachable?.En(offNetworkMetres), facility, row?.FacilityInside ?? false,
            from is null ? null : new RouteFrom(from.Id, from.Name, BestSampleRule));
    }

    /// <summary>
    /// The walk as a GeoJSON Feature: a LineString from the settlement's sample to the facility (the limit point one of its
    /// vertices, <c>limitIndex</c>: vertices before it are beyond the limit), with <c>minutesAt</c> per vertex (minutes from the
    /// facility). Without a walk the geometry is null and <c>reason</c> says why: inside (a facility in the village),
    /// unreachable, not-assessed.
    /// </summary>
    public static Feature Route(CircleCoverage c, SettlementCoverage? row, VillageRoute? route)
    {
        var circle = c.Circle;
        var props = new AttributesTable
        {
            { "circle", circle.Id }, { "settlementId", row?.Settlement.Id }, { "limitMinutes", circle.Minutes },
            { "minutes", Round(row?.Minutes) }, { "status", row?.Status.Id() ?? "not-assessed" },
        };
        if (route is null)
        {
            var (reason, zh, en) = row is null ? ("not-assessed", NotAssessed.Zh, NotAssessed.En)
                : row.Value.Unreachable is { } u ? ("unreachable", u.Zh(row.Value.OffNetworkMetres), u.En(row.Value.OffNetworkMetres))
                : ("inside", "设施就在村内，无需步行", "a facility is inside the village: no walk needed");
            props.Add("reason", reason); props.Add("reasonZh", zh); props.Add("reasonEn", en);
            return new Feature(null, props);
        }
        var coords = route.Points.Select(p => new Coordinate(Math.Round(p.Lon, 7), Math.Round(p.Lat, 7))).ToArray();
        var limit = route.LimitIndex is { } li ? new[] { coords[li].X, coords[li].Y } : null;
        props.Add("routeMinutes", Math.Round(route.Seconds / 60, 2));
        props.Add("metres", Math.Round(route.Metres, 1));
        props.Add("beyondLimit", route.LimitIndex is not null);
        props.Add("limitIndex", route.LimitIndex);
        props.Add("limitPoint", limit);
        props.Add("minutesAt", route.Points.Select(p => Math.Round(p.Seconds / 60, 3)).ToArray());
        props.Add("from", new RouteFrom(route.From.Id, route.From.Name, BestSampleRule));
        props.Add("facility", new FacilityRef(route.Facility.Id, route.Facility.Name, route.Facility.Category));
        return new Feature(new LineString(coords), props);
    }

    static double? Round(double? minutes) => minutes is { } m ? Math.Round(m, 2) : null;
}
