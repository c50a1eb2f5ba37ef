using Coverage.Analysis.Circles;
using Coverage.Analysis.Region;
using Coverage.Core.Domain;
using Coverage.Core.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Coverage.Analysis.Indicators;

/// <summary>
/// A traffic light: met (green), short of the target but at or past the baseline (amber), short (red), no town target (grey),
/// and no value (grey: the figure could not be computed, e.g. its circle; never shown as 0).
/// </summary>
public enum IndicatorLight { Met, Progress, Short, NoTownTarget, NoValue }

/// <summary>One town's figure of an indicator: its value (in the indicator's unit), the facilities counted, and its light.</summary>
public sealed record IndicatorTown(string Town, double? Value, int Facilities, IndicatorLight Light, int? Villages = null, int? VillagesWith = null);

/// <summary>Something that falls short: a town without the facility, a village without a stop, a town below the ratio.</summary>
public sealed record IndicatorShortfall(string What, string Id, string Name, string Town, string DetailZh, string DetailEn);

/// <summary>
/// An indicator evaluated on the plan: now (null when it cannot be computed: then the light is <see cref="IndicatorLight.NoValue"/>
/// and a note says why), the light, per town, what falls short, the facilities counted, and notes naming those it could not count.
/// </summary>
public sealed record IndicatorResult(
    IndicatorDefinition Definition, double? Value, IndicatorLight Light, IReadOnlyList<IndicatorTown> Towns,
    IReadOnlyList<IndicatorShortfall> Shortfalls, IReadOnlyList<string> CountedFacilityIds, IReadOnlyList<AnalysisNote> Notes);

/// <summary>
/// Evaluates the plan's indicators (seeds/indicators.json) on its facilities and settlements: the annual target sheet a county
/// checks beside its walk circles. People are counted once by the rule every circle uses (<see cref="VillageHierarchy"/>), so
/// a per-capita figure and a circle's population agree. A facility without the fact an indicator needs (a built year, an
/// area, a capacity) is never counted as 0: it is left out and named in the indicator's notes.
/// </summary>
public static class IndicatorEngine
{
    /// <param name="circle">A circle's coverage by id (the engine's own), for circle_villages indicators.</param>
    public static IReadOnlyList<IndicatorResult> Evaluate(IReadOnlyList<IndicatorDefinition> indicators, IReadOnlyList<Facility> facilities,
        IReadOnlyList<Settlement> settlements, Func<string, CircleCoverage?> circle)
    {
        var plan = new PlanFacts(facilities, settlements);
        return indicators.Select(d => plan.Evaluate(d, circle)).ToList();
    }

    /// <summary>The plan's towns, people per town and facility towns, worked out once for every indicator.</summary>
    sealed class PlanFacts
    {
        readonly IReadOnlyList<Facility> facilities;
        readonly IReadOnlyList<Settlement> settlements;
        readonly VillageHierarchy villages;
        readonly string[] towns;
        readonly Dictionary<string, (double Population, double Elderly)> people = new(StringComparer.Ordinal);
        readonly double countyPopulation, countyElderly;
        readonly FacilityTowns facilityTown;

        public PlanFacts(IReadOnlyList<Facility> facilities, IReadOnlyList<Settlement> settlements)
        {
            this.facilities = facilities;
            this.settlements = settlements;
            villages = VillageHierarchy.Of(settlements, _ => true);
            for (int s = 0; s < settlements.Count; s++)
            {
                var town = settlements[s].Town ?? "";
                people.TryGetValue(town, out var p);
                people[town] = (p.Population + villages.OwnPopulation(s), p.Elderly + villages.OwnElderly(s));
                countyPopulation += villages.OwnPopulation(s);
                countyElderly += villages.OwnElderly(s);
            }
            towns = people.Keys.Where(t => t.Length > 0).OrderBy(t => t, StringComparer.Ordinal).ToArray();
            facilityTown = FacilityTowns.Place(facilities, settlements);
        }

        public IndicatorResult Evaluate(IndicatorDefinition d, Func<string, CircleCoverage?> circle)
        {
            var counted = Enumerable.Range(0, facilities.Count)
                .Where(i => d.Counts(facilities[i].Category, facilities[i].Kind) && d.Statuses.Contains(facilities[i].Status)).ToList();
            var notes = new List<AnalysisNote>();
            if (facilityTown.NoteFor(counted) is { } placed) notes.Add(placed);
            return d.Kind switch
            {
                IndicatorKind.CountBuilt => Built(d, counted, notes, _ => 1),
                IndicatorKind.LengthBuilt => Built(d, counted, notes, i => LengthKm(facilities[i].Geometry)),
                IndicatorKind.PresencePerTown => PerTown(d, counted, notes),
                IndicatorKind.CircleVillages => CircleVillages(d, counted, notes, d.Circle is { } id ? circle(id) : null),
                IndicatorKind.PerCapitaArea => Ratio(d, counted, notes, i => facilities[i].AreaM2, t => people[t].Population, 1,
                    ("面积", "an area (area_m2)")),
                IndicatorKind.PerThousand => Ratio(d, counted, notes, i => facilities[i].Capacity,
                    t => d.Demand == DemandField.Elderly ? people[t].Elderly : people[t].Population, 1000, ("容量", "a capacity")),
                _ => throw new NotSupportedException(d.Kind.ToString()),
            };
        }

        /// <summary>count_built and length_built: what was built since the base year, per town and county (no town targets).</summary>
        IndicatorResult Built(IndicatorDefinition d, List<int> matching, List<AnalysisNote> notes, Func<int, double> amount)
        {
            var noYear = matching.Where(i => facilities[i].BuiltYear is null).ToList();
            if (noYear.Count > 0)
                notes.Add(AnalysisNote.Warning("no-built-year", $"{noYear.Count} 个符合类别的设施没有建成年份，未计入：{Names(noYear)}",
                    $"{noYear.Count} facilities of the categories have no built year and are not counted: {Names(noYear)}"));
            int until = Math.Min(d.UntilYear ?? int.MaxValue, DateTime.UtcNow.Year);
            var built = matching.Where(i => facilities[i].BuiltYear >= d.SinceYear && facilities[i].BuiltYear <= until).ToList();
            double value = Shown(built.Sum(amount));
            var townRows = towns.Select(t =>
            {
                var here = built.Where(i => facilityTown[i] == t).ToList();
                return new IndicatorTown(t, Shown(here.Sum(amount)), here.Count, IndicatorLight.NoTownTarget);
            }).ToList();
            var shortfalls = new List<IndicatorShortfall>();
            if (!d.Meets(value))
                shortfalls.Add(new("county", "", "全县 / County", "", $"尚差 {Fmt(d.Target - value)} {d.UnitZh}", $"{Fmt(d.Target - value)} {d.UnitEn} short"));
            return new(d, value, Light(d, value), townRows, shortfalls, built.Select(i => facilities[i].Id).ToList(), notes);
        }

        /// <summary>presence_per_town: towns with at least MinCount; the value is the share of towns, %.</summary>
        IndicatorResult PerTown(IndicatorDefinition d, List<int> matching, List<AnalysisNote> notes)
        {
            var townRows = towns.Select(t =>
            {
                int n = matching.Count(i => facilityTown[i] == t);
                return new IndicatorTown(t, n, n, n >= d.MinCount ? IndicatorLight.Met : IndicatorLight.Short);
            }).ToList();
            double value = towns.Length == 0 ? 0 : Shown(100.0 * townRows.Count(r => r.Light == IndicatorLight.Met) / towns.Length);
            var shortfalls = townRows.Where(r => r.Light == IndicatorLight.Short)
                .Select(r => new IndicatorShortfall("town", r.Town, r.Town, r.Town, $"有 {r.Facilities} 个，至少需 {d.MinCount} 个",
                    $"has {r.Facilities}, needs at least {d.MinCount}")).ToList();
            return new(d, value, Light(d, value), townRows, shortfalls, matching.Select(i => facilities[i].Id).ToList(), notes);
        }

        /// <summary>
        /// circle_villages: the share of the circle's villages fully covered, county and per town, and the villages it leaves
        /// out, all read from the circle's own result (the map, the circle's report and this sheet say the same).
        /// </summary>
        IndicatorResult CircleVillages(IndicatorDefinition d, List<int> matching, List<AnalysisNote> notes, CircleCoverage? c)
        {
            if (c is null || !c.Computed)
            {
                notes.Add(AnalysisNote.Error("circle-not-computed", $"服务圈 {d.Circle} 无法计算，本指标没有现值", $"circle {d.Circle} could not be computed; this indicator has no value"));
                return new(d, null, IndicatorLight.NoValue, [], [], [], notes);
            }
            static double Share(StatusCounts v) => v.Total == 0 ? 100 : Shown(100.0 * v.Covered / v.Total);
            var townRows = c.Towns.Where(t => t.Villages.Total > 0).Select(t => new IndicatorTown(t.Name, Share(t.Villages),
                matching.Count(i => facilityTown[i] == t.Name), Light(d, Share(t.Villages)), t.Villages.Total, t.Villages.Covered)).ToList();
            // The villages the counts count: every row not rolled up into an administrative village.
            var shortfalls = c.Settlements.Where(r => !r.RolledUp && r.Status != CoverageStatus.Covered)
                .Select(r => new IndicatorShortfall("village", r.Settlement.Id, r.Settlement.Name, r.Settlement.Town,
                    r.Status == CoverageStatus.Partly ? "部分覆盖" : r.Minutes is { } m ? $"最近的在步行 {m:0.#} 分钟处" : "步行无法到达",
                    r.Status == CoverageStatus.Partly ? "partly covered" : r.Minutes is { } m2 ? $"the nearest is {m2:0.#} min on foot" : "cannot be reached on foot"))
                .ToList();
            // No villages at all: a share of nothing is no value, not 100 %.
            double? value = c.County.Villages.Total == 0 ? null : Share(c.County.Villages);
            return new(d, value, LightOf(d, value), townRows, shortfalls, matching.Select(i => facilities[i].Id).ToList(), notes);
        }

        /// <summary>per_capita_area and per_thousand: the facilities' amount over the town's people (× per).</summary>
        IndicatorResult Ratio(IndicatorDefinition d, List<int> matching, List<AnalysisNote> notes, Func<int, double?> amount,
            Func<string, double> demand, double per, (string Zh, string En) fact)
        {
            // A line (a fitness trail) has no ground area: it is not a venue of a per-capita area, nor a facility missing one.
            if (d.Kind == IndicatorKind.PerCapitaArea) matching = matching.Where(i => facilities[i].Geometry.Dimension != NetTopologySuite.Geometries.Dimension.Curve).ToList();
            var missing = matching.Where(i => amount(i) is null).ToList();
            if (missing.Count > 0)
                notes.Add(AnalysisNote.Warning("missing-fact", $"{missing.Count} 个符合类别的设施没有{fact.Zh}，未计入：{Names(missing)}",
                    $"{missing.Count} facilities of the categories have no {fact.En} and are not counted: {Names(missing)}"));
            var known = matching.Where(i => amount(i) is not null).ToList();
            double countyDemand = d.Kind == IndicatorKind.PerThousand && d.Demand == DemandField.Elderly ? countyElderly : countyPopulation;
            // Nobody to divide by (a plan without elderly figures, a town without residents) is no value, never 0.
            double? value = countyDemand <= 0 ? null : Shown(known.Sum(i => amount(i)!.Value) / countyDemand * per);
            if (value is null)
                notes.Add(AnalysisNote.Warning("no-demand", $"全县{DemandZh(d)}为 0，本指标没有现值", $"the county's {DemandEn(d)} is 0; this indicator has no value"));
            var townRows = towns.Select(t =>
            {
                var here = known.Where(i => facilityTown[i] == t).ToList();
                double people = demand(t);
                double? v = people <= 0 ? null : Shown(here.Sum(i => amount(i)!.Value) / people * per);
                return new IndicatorTown(t, v, here.Count, LightOf(d, v));
            }).ToList();
            var shortfalls = townRows.Where(r => r is { Value: { } v, Light: not IndicatorLight.Met }).Select(r => new IndicatorShortfall("town", r.Town, r.Town, r.Town,
                $"{Fmt(r.Value!.Value)} {d.UnitZh}，目标 {Fmt(d.Target)}", $"{Fmt(r.Value!.Value)} {d.UnitEn}, target {Fmt(d.Target)}")).ToList();
            return new(d, value, LightOf(d, value), townRows, shortfalls, known.Select(i => facilities[i].Id).ToList(), notes);
        }

        string Names(List<int> list) => string.Join("、", list.Take(5).Select(i => facilities[i].Name)) + (list.Count > 5 ? "…" : "");
    }

    /// <summary>
    /// A value as every view shows it: 2 decimals (the precision the plans print their targets in, 3.9 m², 7.5 beds, 50.5 %).
    /// The light is judged on this value, so what a planner reads and its light never disagree (7.4996 shows 7.5 and is met).
    /// </summary>
    public static double Shown(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>The light of a value that may be missing: grey (no value) rather than a red that reads as 0.</summary>
    public static IndicatorLight LightOf(IndicatorDefinition d, double? value) => value is { } v ? Light(d, v) : IndicatorLight.NoValue;

    static string DemandZh(IndicatorDefinition d) => d.Kind == IndicatorKind.PerThousand && d.Demand == DemandField.Elderly ? "老年人口" : "常住人口";
    static string DemandEn(IndicatorDefinition d) => d.Kind == IndicatorKind.PerThousand && d.Demand == DemandField.Elderly ? "elderly population" : "population";

    /// <summary>Green when the target is met; amber when short of it but at or past the baseline; red otherwise.</summary>
    public static IndicatorLight Light(IndicatorDefinition d, double value) =>
        d.Meets(value) ? IndicatorLight.Met : d.Baseline is { } b && value >= b - 1e-9 && value > 0 ? IndicatorLight.Progress : IndicatorLight.Short;

    /// <summary>Length of a line on the ellipsoid, km (each segment's geodesic).</summary>
    public static double LengthKm(Geometry g)
    {
        double metres = 0;
        for (int part = 0; part < g.NumGeometries; part++)
            if (g.GetGeometryN(part) is LineString line)
                for (int k = 1; k < line.NumPoints; k++)
                {
                    var (a, b) = (line.GetCoordinateN(k - 1), line.GetCoordinateN(k));
                    metres += Geodesy.GeodesicMetres(a.X, a.Y, b.X, b.Y);
                }
        return metres / 1000;
    }

    static string Fmt(double v) => v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
