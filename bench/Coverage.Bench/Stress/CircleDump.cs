using System.Globalization;
using Coverage.Analysis.Circles;

namespace Coverage.Bench.Stress;

/// <summary>
/// Every figure of some circle results as text, doubles round-trip ("R"), one line per settlement row, remainder, town,
/// county, equity measure, unsnapped place and note: two dumps are equal exactly when the results are. For proving a
/// speed change gives the same answer (`circles --dump FILE`, `circles --demo --dump FILE`; compare with cmp).
/// </summary>
public static class CircleDump
{
    static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public static void Write(IEnumerable<CircleCoverage> circles, string path)
    {
        using var w = new StreamWriter(path);
        foreach (var c in circles)
        {
            w.WriteLine($"circle {c.Circle.Id} computed={c.Computed} statuses={string.Join(",", c.CountedStatuses)}");
            foreach (var r in c.Settlements)
            {
                Row(w, "row", r);
                if (r.Remainder is { } rem) Row(w, "remainder", rem);
            }
            foreach (var t in c.Towns) Area(w, "town", t);
            Area(w, "county", c.County);
            var e = c.Equity;
            w.WriteLine(string.Create(Ci, $"equity {D(e.UrbanShare)} {D(e.RuralShare)} {D(e.UrbanRuralGapPoints)} {D(e.TownMeanMinutesCv)} {D(e.Gini)} {D(e.Theil)}"));
            foreach (var u in c.Unsnapped) w.WriteLine($"unsnapped {u}");
            foreach (var n in c.Notes) w.WriteLine($"note {n}");
        }
    }

    static void Row(StreamWriter w, string what, SettlementCoverage r) =>
        w.WriteLine(string.Create(Ci, $"{what} {r.Settlement.Id} {r.Status} m={D(r.Minutes)} mean={D(r.MeanMinutes)} u={r.Unreachable} off={D(r.OffNetworkMetres)} " +
            $"best={r.BestSample} f={r.NearestFacilityId}|{r.NearestFacilityName} share={D(r.CoveredShare)} p={D(r.Population)} e={D(r.Elderly)} " +
            $"cp={D(r.CoveredPopulation)} ce={D(r.CoveredElderly)} d={D(r.Demand)} cd={D(r.CoveredDemand)} n={r.Samples} " +
            $"{r.OffNetwork} {r.NoPopulation} {r.FacilityInside} nv={r.NaturalVillages} {r.IsRemainder} v={r.Village}"));

    static void Area(StreamWriter w, string what, AreaCoverage a) =>
        w.WriteLine(string.Create(Ci, $"{what} {a.Name} {a.Villages} {a.Settlements} {a.Covered} {a.Partly} {a.Uncovered} p={D(a.Population)} e={D(a.Elderly)} " +
            $"cp={D(a.CoveredPopulation)} ce={D(a.CoveredElderly)} d={D(a.Demand)} cd={D(a.CoveredDemand)} ss={D(a.SettlementShare)} ds={D(a.DemandShare)} " +
            $"t={D(a.TargetPercent)} {a.TargetMet} gap={D(a.GapPeople)} ud={D(a.UnreachableDemand)} mean={D(a.MeanMinutes)}"));

    static string D(double? x) => x is { } v ? v.ToString("R", Ci) : "-";
}
