using Coverage.Analysis;
using Coverage.Analysis.Capacity;
using Coverage.Analysis.Circles;
using Coverage.Analysis.Indicators;
using Coverage.Analysis.Reports;
using Coverage.Core.Domain;

namespace Coverage.Server.Api;

/// <summary>
/// The extra sections of a printable report (HTML and Word), the same for the API's download and `coverage report`: the
/// plan's indicators, then each nearest circle's service capacity (2SFCA) when its facilities carry capacities. Figures come
/// from the engine of the plan version the report is of (indicators cached there), so the report says what the API says.
/// </summary>
public static class ReportSections
{
    public static IReadOnlyList<ReportSection> For(CoverageEngine engine, IReadOnlyList<CircleCoverage> circles)
    {
        var sections = new List<ReportSection> { IndicatorTables.Section(engine.Indicators) };
        foreach (var c in circles.Where(c => c.Computed && c.Circle.Kind == CircleKind.Nearest))
        {
            var capacity = engine.Capacity(c.Circle.Id, CatchmentMethod.TwoStep);
            if (capacity.Facilities.Count > 0) sections.Add(CapacityTables.Section(capacity));
        }
        return sections;
    }
}
