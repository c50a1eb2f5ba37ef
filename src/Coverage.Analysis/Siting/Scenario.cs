using Coverage.Analysis.Circles;
using Coverage.Core.Domain;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Siting;

/// <summary>A facility of the base moved elsewhere (same id, category and kind).</summary>
public sealed record MovedFacility(string Id, Geometry To);

/// <summary>
/// A named plan over the base: facilities added, moved and removed. The store keeps scenarios and their edit log;
/// analysis takes them as these domain objects.
/// </summary>
public sealed record Scenario(string Name, IReadOnlyList<Facility> Added, IReadOnlyList<MovedFacility> Moved, IReadOnlyList<string> Removed)
{
    public static Scenario Base { get; } = new("现状 base", [], [], []);

    /// <summary>The circle's coverage under this scenario.</summary>
    public CircleCoverage Evaluate(CoverageEngine engine, string circleId) =>
        IsBase ? engine.Evaluate(circleId) : WhatIf(engine, circleId).After;

    /// <summary>
    /// The circle's coverage before and after this scenario. The one rule for moves: a moved facility is a removal plus
    /// an addition of the same facility (same id, category, kind, status) at the new place.
    /// </summary>
    public WhatIf.WhatIfResult WhatIf(CoverageEngine engine, string circleId)
    {
        var region = engine.Region;
        var added = Added.ToList();
        foreach (var m in Moved)
        {
            int i = region.FacilityIndexOf(m.Id);
            if (i < 0) throw new AnalysisInputException($"方案“{Name}”移动的设施编号“{m.Id}”不存在", $"Scenario '{Name}' moves unknown facility id '{m.Id}'");
            added.Add(region.Facilities[i] with { Geometry = m.To });
        }
        return engine.WhatIf(circleId, added, [.. Removed.Concat(Moved.Select(m => m.Id)).Distinct(StringComparer.Ordinal)]);
    }

    bool IsBase => Added.Count == 0 && Moved.Count == 0 && Removed.Count == 0;
}

/// <summary>Covered people, elderly and fully covered settlements of an area under scenarios A and B.</summary>
public sealed record AreaDelta(string Name, double PopulationA, double PopulationB, double ElderlyA, double ElderlyB, int SettlementsA, int SettlementsB,
    double PercentA, double PercentB)
{
    public double Population => PopulationB - PopulationA;
    public double Elderly => ElderlyB - ElderlyA;
    public int Settlements => SettlementsB - SettlementsA;
    /// <summary>Change of the covered share of the circle's demand, in percentage points.</summary>
    public double PercentPoints => PercentB - PercentA;

    internal static AreaDelta Of(string name, AreaCoverage? a, AreaCoverage? b) => new(name,
        a?.CoveredPopulation ?? 0, b?.CoveredPopulation ?? 0, a?.CoveredElderly ?? 0, b?.CoveredElderly ?? 0, a?.Covered ?? 0, b?.Covered ?? 0,
        (a?.DemandShare ?? 0) * 100, (b?.DemandShare ?? 0) * 100);
}

/// <summary>Scenario B against scenario A for one circle: the county and every town.</summary>
public sealed record CircleDelta(CircleStandard Circle, AreaDelta County, IReadOnlyList<AreaDelta> Towns);

public static class ScenarioComparison
{
    /// <summary>B − A per circle (every computable circle of the catalogue unless named) and per town.</summary>
    public static IReadOnlyList<CircleDelta> Compare(CoverageEngine engine, Scenario a, Scenario b, IEnumerable<string>? circleIds = null)
    {
        var result = new List<CircleDelta>();
        foreach (var id in circleIds ?? engine.Region.Seeds.Circles.Select(c => c.Id))
        {
            var (ca, cb) = (a.Evaluate(engine, id), b.Evaluate(engine, id));
            if (!ca.Computed || !cb.Computed) continue;
            var towns = ca.Towns.Select(t => t.Name).Union(cb.Towns.Select(t => t.Name)).Order(StringComparer.Ordinal)
                .Select(t => AreaDelta.Of(t, ca.Towns.FirstOrDefault(x => x.Name == t), cb.Towns.FirstOrDefault(x => x.Name == t))).ToList();
            result.Add(new CircleDelta(ca.Circle, AreaDelta.Of(ca.County.Name, ca.County, cb.County), towns));
        }
        return result;
    }
}
