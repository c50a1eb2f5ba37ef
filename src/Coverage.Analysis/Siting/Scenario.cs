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

    /// <summary>
    /// The circle's coverage under this scenario. <paramref name="planCoverage"/>, when given, is the plan's own result
    /// (computed once per plan version by the caller), taken for a scenario without edits instead of a second count.
    /// </summary>
    public CircleCoverage Evaluate(CoverageEngine engine, string circleId, Func<string, CircleCoverage>? planCoverage = null) =>
        IsBase ? planCoverage?.Invoke(circleId) ?? engine.Evaluate(circleId) : WhatIf(engine, circleId).After;

    /// <summary>
    /// The circle's coverage before and after this scenario. The one rule for moves: a moved facility is a removal plus
    /// an addition of the same facility (same id, category, kind, status) at the new place.
    /// </summary>
    /// <param name="before">The plan's coverage of the circle from this engine, when the caller holds it (see <see cref="CoverageEngine.WhatIf"/>).</param>
    public WhatIf.WhatIfResult WhatIf(CoverageEngine engine, string circleId, CircleCoverage? before = null)
    {
        var region = engine.Region;
        var added = Added.ToList();
        foreach (var m in Moved)
        {
            int i = region.FacilityIndexOf(m.Id);
            if (i < 0) throw new AnalysisInputException($"方案“{Name}”移动的设施编号“{m.Id}”不存在", $"Scenario '{Name}' moves unknown facility id '{m.Id}'");
            added.Add(region.Facilities[i] with { Geometry = m.To });
        }
        return engine.WhatIf(circleId, added, [.. Removed.Concat(Moved.Select(m => m.Id)).Distinct(StringComparer.Ordinal)], before);
    }

    public bool IsBase => Added.Count == 0 && Moved.Count == 0 && Removed.Count == 0;
}
