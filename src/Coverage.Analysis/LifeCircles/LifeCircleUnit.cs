using NetTopologySuite.Geometries;

namespace Coverage.Analysis.LifeCircles;

/// <summary>
/// One life-circle unit: its centre, members, people, and whether it meets the rule. A member no centre reaches is a
/// unit of its own with <see cref="Infeasible"/> saying why; it is listed, never dropped.
/// </summary>
/// <param name="Centre">Member index of the centre; for a unit whose members no one of them reaches, the member that reaches most.</param>
/// <param name="MaxMinutes">Slowest member's walk to the centre; null when some member is beyond the limit (see <see cref="Beyond"/>).</param>
/// <param name="Beyond">Members the centre does not reach within the limit (empty for a unit that meets the rule).</param>
/// <param name="Connected">Members linked through neighbours (one piece on the map).</param>
public sealed record LifeCircleUnit(string Id, int Centre, IReadOnlyList<int> Members, double Population, double Elderly,
    double? MaxMinutes, IReadOnlyList<int> Beyond, bool WithinSize, bool Connected, LifeCircleInfeasible? Infeasible)
{
    public bool WithinTime => Beyond.Count == 0 && Infeasible is null;
    public bool Meets => WithinTime && WithinSize;
    public Geometry? Polygon { get; init; }
}
