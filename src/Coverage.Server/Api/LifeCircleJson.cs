using System.Text.Json;
using Coverage.Analysis.LifeCircles;
using Coverage.Analysis.Siting;
using NetTopologySuite.Features;

namespace Coverage.Server.Api;

/// <summary>The life-circle answers: units as GeoJSON features (polygon + figures), the table, the rule and the solver's proof.</summary>
public static class LifeCircleJson
{
    public sealed record RuleView(double Minutes, string Profile, int PopulationMax, int? PopulationMin, string SourceZh, string SourceEn);
    /// <summary>Units = the solver's units (members no centre reaches are units of their own beside them); bound and gap per objective.</summary>
    public sealed record SolverView(SolveStatus Status, int Units, double UnitsBound, double UnitsGap, long WalkSeconds, double WalkSecondsBound,
        double WalkSecondsGap, int ContiguityWaived, double Seconds);
    public sealed record InfeasibleView(string Code, double? NearestMinutes, double? OffNetworkMetres, string Zh, string En);
    public sealed record UnitView(string Id, string CentreId, string CentreName, string Town, IReadOnlyList<string> Members, double Population,
        double Elderly, double? MaxMinutes, bool Meets, bool WithinTime, bool WithinSize, bool Connected, IReadOnlyList<string> Beyond,
        InfeasibleView? Infeasible, string Why);
    /// <summary>A member where the map draws it, with its neighbours (members whose cells share a side): the units a planner may move it to.</summary>
    public sealed record MemberView(string Id, string Name, string Town, double Lon, double Lat, IReadOnlyList<string> Neighbours);
    /// <param name="PlanVersion">The plan version the units were drawn on: a saved grouping is tied to it.</param>
    public sealed record LifeCirclesView(RuleView Rule, SolverView Solver, int UnitCount, int Meeting, FeatureCollection Units,
        SitingJson.TableView Table, IReadOnlyList<CoverageJson.Note> Notes, long PlanVersion = 0, IReadOnlyList<MemberView>? Members = null);
    /// <param name="Polygons">The judged units drawn (as GET's units), when asked for; null in a saved grouping's stored check.</param>
    public sealed record CheckView(bool AllMeet, int UnitCount, int Meeting, IReadOnlyList<UnitView> Units, FeatureCollection? Polygons = null);

    public static LifeCirclesView Of(LifeCircleResult r, long planVersion = 0)
    {
        var s = r.Solution;
        var features = Features(r.Instance, r.Units);
        var table = LifeCircleTable.Of(r);
        return new LifeCirclesView(Rule(r.Rule),
            new SolverView(s.Status, s.Units, s.UnitsBound, Math.Round(s.UnitsGap, 6), s.Seconds, s.SecondsBound, Math.Round(s.SecondsGap, 6),
                s.ContiguityWaived, Math.Round(s.Wall.TotalSeconds, 3)),
            r.Units.Count, r.Units.Count(u => u.Meets), features, new SitingJson.TableView(table.Columns, table.Rows),
            r.Notes.Select(n => new CoverageJson.Note(n.Level.ToString().ToLowerInvariant(), n.Code, n.Zh, n.En)).ToList(),
            planVersion, Members(r.Instance));
    }

    /// <summary>Units as features: each unit's polygon with its view as properties.</summary>
    static FeatureCollection Features(LifeCircleInstance inst, IReadOnlyList<LifeCircleUnit> units)
    {
        var features = new FeatureCollection();
        foreach (var u in units)
        {
            var view = Unit(inst, u);
            var attributes = new AttributesTable(JsonSerializer.SerializeToElement(view, JsonSerializerOptions.Web).EnumerateObject()
                .ToDictionary(p => p.Name, p => (object?)p.Value));
            features.Add(new Feature(u.Polygon, attributes));
        }
        return features;
    }

    static IReadOnlyList<MemberView> Members(LifeCircleInstance inst) => inst.Members.Select((m, i) => new MemberView(m.Id, m.Name, m.Town,
        Math.Round(m.At.Lon, 7), Math.Round(m.At.Lat, 7), inst.Neighbours[i].Select(k => inst.Members[k].Id).ToList())).ToList();

    /// <param name="withPolygons">Units that carry polygons (<see cref="LifeCirclePolygons"/>): drawn as features in the answer.</param>
    public static CheckView Check(LifeCircleInstance inst, IReadOnlyList<LifeCircleUnit> units, bool withPolygons = false) =>
        new(units.All(u => u.Meets), units.Count, units.Count(u => u.Meets), units.Select(u => Unit(inst, u)).ToList(),
            withPolygons ? Features(inst, units) : null);

    static RuleView Rule(LifeCircleRule r) => new(r.Minutes, r.Profile.Id, r.PopulationMax, r.PopulationMin, r.SourceZh, r.SourceEn);

    static UnitView Unit(LifeCircleInstance inst, LifeCircleUnit u)
    {
        var centre = inst.Members[u.Centre];
        return new UnitView(u.Id, centre.Id, centre.Name, centre.Town, u.Members.Select(m => inst.Members[m].Id).ToList(),
            Math.Round(u.Population, 2), Math.Round(u.Elderly, 2), u.MaxMinutes is double t ? Math.Round(t, 2) : null, u.Meets, u.WithinTime,
            u.WithinSize, u.Connected, u.Beyond.Select(m => inst.Members[m].Id).ToList(),
            u.Infeasible is { } w ? new InfeasibleView(w.Code, w.NearestMinutes is double n ? Math.Round(n, 2) : null,
                w.OffNetworkMetres is double d ? Math.Round(d, 0) : null, w.Zh, w.En) : null,
            LifeCircleTable.Why(inst, u));
    }
}
