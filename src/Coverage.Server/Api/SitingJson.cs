using Coverage.Analysis.Reports;
using Coverage.Analysis.Siting;
using Coverage.Core.Domain;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Coverage.Server.Api;

/// <summary>The siting and trail answers of docs/API.md: proposals as GeoJSON with the villages each newly covers.</summary>
public static class SitingJson
{
    static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>
    /// One method's answer. Maximal covering: objective = newly covered demand; set covering: number of sites. Quality says
    /// in plain words how good it is (proved best / within x % of the best / greedy); status, bound and gap are for tools.
    /// </summary>
    public sealed record AnswerView(string Method, SolveStatus Status, AnswerQuality Quality, double Objective, double? Bound, double? Gap,
        double NewlyCovered, double PercentAfter, IReadOnlyList<string> SiteIds, double Seconds);
    /// <summary>The sites table (<see cref="SitingTable"/>): what ?format=csv|geojson|xlsx downloads, row for row.</summary>
    public sealed record TableView(IReadOnlyList<ReportColumn> Columns, IReadOnlyList<object?[]> Rows);
    /// <summary>An add edit of POST /api/scenarios for one proposal (capacity: the planner's, for a capacitated answer).</summary>
    public sealed record AddEdit(string Category, string? Kind, string Name, Geometry Geometry, int? Capacity = null);
    /// <summary>The body to POST to /api/scenarios to save the proposals (planner).</summary>
    public sealed record ScenarioDraft(string Name, string Description, IReadOnlyList<AddEdit> Add);
    public sealed record RejectedView(string Id, string Name, string Zh, string En);
    public sealed record SitingView(CircleStandard Circle, SitingMode Mode, int? New, double? TargetPercent, string Demand,
        CoverageJson.Unit DemandUnit, IReadOnlyList<CoverageJson.Status> CountedStatuses, double TotalDemand,
        double BaseCoveredDemand, double BasePercent, double ReachablePercent, int BaseFacilities, int Candidates, int ModelColumns, int ModelRows,
        AnswerView Solver, AnswerView Greedy, FeatureCollection Proposals, TableView Table, ScenarioDraft Scenario, IReadOnlyList<RejectedView> Rejected,
        IReadOnlyList<CoverageJson.Note> Notes, double ReachSeconds);
    /// <summary>
    /// A capacitated answer (request capacitated: places): the sites table's shape of an uncapacitated answer where it means
    /// the same; served = demand served within capacities (existing facilities with theirs, new sites with the planner's),
    /// before and after; the solver's objective and bound are the served demand after, each proposal's newlyCovered (and
    /// served) what it adds within capacity to the proposals ranked before it.
    /// </summary>
    public sealed record CapacitatedView(CircleStandard Circle, string Mode, int New, int Capacitated, string Demand, CoverageJson.Unit DemandUnit,
        double TotalDemand, double ServedBefore, double PercentBefore, double ServedAfter, double PercentAfter, int Candidates, int ModelColumns,
        int ModelRows, AnswerView Solver, FeatureCollection Proposals, ScenarioDraft Scenario, IReadOnlyList<RejectedView> Rejected,
        IReadOnlyList<CoverageJson.Note> Notes);
    public sealed record TrailView(string Circle, double BudgetKm, double Km, double NewlyCovered, double PercentAfter, SolveStatus Status,
        double? Gap, double GreedyKm, double GreedyNewlyCovered, FeatureCollection Pieces);

    public static SitingView Siting(SitingResult r)
    {
        var proposals = new FeatureCollection();
        int rank = 0;
        foreach (var p in r.Optimal.Sites) proposals.Add(Proposal(p, ++rank));
        var (category, kind) = CategoryOf(r.Circle);
        var add = r.Optimal.Sites.Select((p, i) =>
            new AddEdit(category, kind, $"拟建选址 {i + 1} Proposed site {i + 1}", Factory.CreatePoint(new Coordinate(Round(p.Site.Lon), Round(p.Site.Lat))))).ToList();
        var draft = new ScenarioDraft($"选址建议 Suggested sites: {r.Circle.Id} ({add.Count})", r.Circle.Id, add);
        var table = SitingTable.Of(r);
        return new SitingView(r.Circle, r.Mode, r.NewSites, r.TargetPercent, r.Circle.Demand.Id(), CoverageJson.UnitOf(r.Circle.Demand),
            CoverageJson.Statuses(r.CountedStatuses), Math.Round(r.TotalDemand, 2),
            Math.Round(r.BaseCoveredDemand, 2), Math.Round(r.BasePercent, 3), Math.Round(r.ReachablePercent, 3), r.BaseFacilities, r.Candidates,
            r.ModelColumns, r.ModelRows, Answer(r.Optimal), Answer(r.Greedy), proposals, new TableView(table.Columns, table.Rows), draft,
            r.Rejected.Select(x => new RejectedView(x.Id, x.Name, x.Zh, x.En)).ToList(),
            Notes(r.Notes), Math.Round(r.ReachTime.TotalSeconds, 3));
    }

    static List<CoverageJson.Note> Notes(IEnumerable<Analysis.AnalysisNote> notes) =>
        notes.Select(n => new CoverageJson.Note(n.Level.ToString().ToLowerInvariant(), n.Code, n.Zh, n.En)).ToList();

    public static CapacitatedView Capacitated(CapacitatedSitingResult r)
    {
        var proposals = new FeatureCollection();
        int rank = 0;
        foreach (var p in r.Answer.Sites)
        {
            var feature = Proposal(p, ++rank);
            feature.Attributes.Add("served", Math.Round(p.NewlyCoveredDemand, 2));
            proposals.Add(feature);
        }
        var (category, kind) = CategoryOf(r.Circle);
        var add = r.Answer.Sites.Select((p, i) => new AddEdit(category, kind, $"拟建选址 {i + 1} Proposed site {i + 1}",
            Factory.CreatePoint(new Coordinate(Round(p.Site.Lon), Round(p.Site.Lat))), r.SiteCapacity)).ToList();
        var draft = new ScenarioDraft($"按容量选址建议 Capacitated sites: {r.Circle.Id} ({add.Count} × {r.SiteCapacity})", r.Circle.Id, add);
        return new CapacitatedView(r.Circle, "capacitated", r.K, r.SiteCapacity, r.Circle.Demand.Id(), CoverageJson.UnitOf(r.Circle.Demand),
            Math.Round(r.TotalDemand, 2), Math.Round(r.ServedBefore, 2), Math.Round(r.PercentBefore, 3), Math.Round(r.ServedAfter, 2),
            Math.Round(r.Answer.PercentAfter, 3), r.Candidates, r.ModelColumns, r.ModelRows, Answer(r.Answer), proposals, draft,
            r.Rejected.Select(x => new RejectedView(x.Id, x.Name, x.Zh, x.En)).ToList(), Notes(r.Notes));
    }

    public static TrailView Trails(string circleId, TrailProposal t)
    {
        var pieces = new FeatureCollection();
        foreach (var p in t.Pieces)
            pieces.Add(new Feature(Factory.CreateLineString(p.Shape.Select(s => new Coordinate(s.Lon, s.Lat)).ToArray()),
                new AttributesTable { { "edge", p.Edge }, { "metres", Math.Round(p.Metres, 1) } }));
        return new TrailView(circleId, t.BudgetKm, Math.Round(t.Km, 3), Math.Round(t.NewlyCoveredDemand, 2), Math.Round(t.PercentAfter, 3), t.Status,
            Finite(t.Gap, 6), Math.Round(t.GreedyKm, 3), Math.Round(t.GreedyNewlyCoveredDemand, 2), pieces);
    }

    static AnswerView Answer(SitingAnswer a) => new(a.Method, a.Status, a.Quality, Math.Round(a.Objective, 2), Finite(a.Bound, 2), Finite(a.Gap, 6),
        Math.Round(a.NewlyCoveredDemand, 2), Math.Round(a.PercentAfter, 3),
        a.Sites.Select(s => s.Site.Id).ToList(), Math.Round(a.Wall.TotalSeconds, 3));

    /// <summary>A proposal at the candidate's place; each place with the demand, people and older people it newly covers there.</summary>
    static Feature Proposal(ProposedSite p, int rank)
    {
        var settlements = p.Settlements.Select(s => new Dictionary<string, object>
        {
            ["id"] = s.SettlementId, ["name"] = s.Name, ["town"] = s.Town, ["demand"] = Math.Round(s.Demand, 2),
            ["share"] = Math.Round(s.ShareOfSettlement, 4), ["population"] = Math.Round(s.Population, 2),
            ["elderly"] = Math.Round(s.Elderly, 2),
        }).ToList();
        return new Feature(Factory.CreatePoint(new Coordinate(Round(p.Site.Lon), Round(p.Site.Lat))), new AttributesTable
        {
            { "rank", rank }, { "id", p.Site.Id }, { "name", p.Site.Name }, { "origin", p.Site.Origin == CandidateOrigin.Given ? "given" : "generated" },
            { "newlyCovered", Math.Round(p.NewlyCoveredDemand, 2) }, { "snapMetres", Math.Round(p.Site.Snap.DistanceMetres, 1) },
            { "label", Label(p.Label) }, { "settlements", settlements },
        });
    }

    /// <summary>Where the site is, in a planner's words: nearest village (and town) and nearest road with its OSM way.</summary>
    static Dictionary<string, object?> Label(SiteLabel l) => new()
    {
        ["zh"] = l.NameZh, ["en"] = l.NameEn, ["villageId"] = l.VillageId, ["village"] = l.Village, ["town"] = l.Town,
        ["villageMetres"] = Math.Round(l.VillageMetres, 1), ["road"] = l.Road, ["roadZh"] = l.RoadZh, ["roadEn"] = l.RoadEn,
        ["wayId"] = l.WayId != 0 ? l.WayId : null, ["roadMetres"] = double.IsFinite(l.RoadMetres) ? Math.Round(l.RoadMetres, 1) : null,
    };

    /// <summary>The category (and kind, when the circle names one) a proposed site is built as.</summary>
    static (string Category, string? Kind) CategoryOf(CircleStandard circle)
    {
        var reference = CategoryReference.Parse(circle.Categories[0]);
        return (reference.Category, reference.Kind);
    }

    /// <summary>No solution in time leaves an infinite gap, which JSON cannot carry: null says "none".</summary>
    static double? Finite(double? value, int digits) => value is { } v && double.IsFinite(v) ? Math.Round(v, digits) : null;

    static double Round(double degrees) => Math.Round(degrees, 7);
}
