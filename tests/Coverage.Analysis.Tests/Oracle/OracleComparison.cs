using Coverage.Analysis.Circles;

namespace Coverage.Analysis.Tests.Oracle;

/// <summary>
/// The engine's answer for one circle set against the oracle's: every place (status, covered share within 1e-6,
/// minutes within 0.01 min), every roll-up (demand, covered demand, status, minutes), and the uncovered list (the
/// places not fully covered, each with its minutes whenever the oracle reaches it). Differences are listed, not thrown.
/// </summary>
public sealed class OracleComparison
{
    public const double ShareTolerance = 1e-6, MinutesTolerance = 0.01;

    public List<string> Differences { get; } = [];
    /// <summary>Places whose only difference is that the engine gives no minutes where the oracle has a time (beyond a search limit).</summary>
    public List<string> MinutesMissing { get; } = [];
    /// <summary>Entries of the uncovered list without minutes although the oracle reaches them ("差几分钟" unanswered).</summary>
    public List<string> UncoveredWithoutMinutes { get; } = [];
    public int PlacesCompared { get; private set; }
    public int RollUpsCompared { get; private set; }

    public static OracleComparison Of(CircleCoverage engine, OracleCircle oracle)
    {
        var c = new OracleComparison();
        var expected = oracle.Places.ToDictionary(p => (p.SettlementId, p.IsRemainder));
        var places = engine.Places.ToList();
        if (places.Count != expected.Count) c.Differences.Add($"{places.Count} places in the engine, {expected.Count} in the oracle");
        foreach (var p in places)
        {
            if (!expected.TryGetValue((p.Settlement.Id, p.IsRemainder), out var o))
            {
                c.Differences.Add($"{p.Settlement.Id}{(p.IsRemainder ? " (remainder)" : "")}: not a place of the oracle");
                continue;
            }
            c.PlacesCompared++;
            string where = $"{p.Settlement.Id}{(p.IsRemainder ? " (remainder)" : "")}";
            bool statusOk = p.Status == o.Status, shareOk = Math.Abs(p.CoveredShare - o.CoveredShare) <= ShareTolerance;
            bool minutesOk = SameMinutes(p.Minutes, o.Minutes);
            if (statusOk && shareOk && !minutesOk && p.Minutes is null)
                c.MinutesMissing.Add($"{where}: engine no minutes, oracle {o.Minutes:0.000} min");
            else if (!(statusOk && shareOk && minutesOk))
                c.Differences.Add($"{where}: engine {p.Status} {p.CoveredShare:0.000000} {Show(p.Minutes)}, oracle {o.Status} {o.CoveredShare:0.000000} {Show(o.Minutes)}");
        }

        var rollUps = oracle.RollUps.ToDictionary(r => r.SettlementId);
        foreach (var row in engine.Settlements.Where(r => r.NaturalVillages > 0))
        {
            if (!rollUps.TryGetValue(row.Settlement.Id, out var o)) { c.Differences.Add($"{row.Settlement.Id}: a roll-up in the engine only"); continue; }
            c.RollUpsCompared++;
            bool ok = row.Status == o.Status && Math.Abs(row.Demand - o.Demand) <= 1e-9 * Math.Max(1, o.Demand)
                      && Math.Abs(row.CoveredDemand - o.CoveredDemand) <= ShareTolerance * Math.Max(1, o.Demand);
            if (ok && !SameMinutes(row.Minutes, o.Minutes) && row.Minutes is null)
                c.MinutesMissing.Add($"{row.Settlement.Id} (roll-up): engine no minutes, oracle {o.Minutes:0.000} min");
            else if (!ok || !SameMinutes(row.Minutes, o.Minutes))
                c.Differences.Add($"{row.Settlement.Id} (roll-up): engine {row.Status} {row.CoveredDemand:0.###}/{row.Demand:0.###} {Show(row.Minutes)}, " +
                                  $"oracle {o.Status} {o.CoveredDemand:0.###}/{o.Demand:0.###} {Show(o.Minutes)}");
        }
        if (engine.Settlements.Count(r => r.NaturalVillages > 0) != rollUps.Count)
            c.Differences.Add($"{engine.Settlements.Count(r => r.NaturalVillages > 0)} roll-ups in the engine, {rollUps.Count} in the oracle");

        // The uncovered list: exactly the places not fully covered (a remainder only when it holds demand), each with its minutes.
        var listed = engine.Uncovered.ToList();
        var want = oracle.Places.Where(p => p.Status != CoverageStatus.Covered && (!p.IsRemainder || p.Demand > 0))
            .Select(p => (p.SettlementId, p.IsRemainder)).ToHashSet();
        var got = listed.Select(p => (p.Settlement.Id, p.IsRemainder)).ToHashSet();
        foreach (var x in want.Except(got)) c.Differences.Add($"{x.Item1}: missing from the uncovered list");
        foreach (var x in got.Except(want)) c.Differences.Add($"{x.Item1}: in the uncovered list, covered by the oracle");
        foreach (var p in listed)
            if (expected.TryGetValue((p.Settlement.Id, p.IsRemainder), out var o) && o.Minutes is not null)
            {
                if (p.Minutes is null) c.UncoveredWithoutMinutes.Add($"{p.Settlement.Id}: the oracle reaches it in {o.Minutes:0.000} min");
                else if (!SameMinutes(p.Minutes, o.Minutes)) c.Differences.Add($"{p.Settlement.Id}: uncovered list {Show(p.Minutes)}, oracle {Show(o.Minutes)}");
            }
        return c;
    }

    static bool SameMinutes(double? engine, double? oracle) =>
        engine is null ? oracle is null : oracle is not null && Math.Abs(engine.Value - oracle.Value) <= MinutesTolerance;

    static string Show(double? minutes) => minutes is { } m ? $"{m:0.000} min" : "no minutes";
}
