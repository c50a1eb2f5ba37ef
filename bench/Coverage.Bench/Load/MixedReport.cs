using System.Globalization;
using System.Text;

namespace Coverage.Bench.Load;

/// <summary>The mixed run's figures as text (printed and kept in bench/results), and whether the run passed.</summary>
public static class MixedReport
{
    static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public sealed record Outcome(string Text, bool Passed);

    public static Outcome Write(string label, int clients, int planners, double seconds, MixedLoad.RestartWindow? window,
        IReadOnlyList<Answer> reads, IReadOnlyList<WriteRecord> writes, StoreCheck.Result check)
    {
        var all = reads.Concat(writes.Select(w => w.Answer)).ToList();
        var t = new StringBuilder();
        void Line(string text) => t.AppendLine(text);

        Line($"Mixed load with a plan-store restart: {label}");
        Line(string.Create(Ci, $"{clients} readers, {planners} planners, {seconds:0.0} s on loopback; ") + RestartText(window));
        Line("");
        Line($"{"endpoint",-18} {"requests",8} {"req/s",8} {"2xx",7} {"503",6} {"412/428",7} {"other",6} {"p50 ms",8} {"p99 ms",8}");
        foreach (var group in all.GroupBy(a => a.Endpoint).OrderBy(g => g.Key, StringComparer.Ordinal))
            Line(Row(group.Key, group.ToList(), seconds));
        Line(Row("all", all, seconds));
        Line(string.Create(Ci, $"latency: reads p50 {Percentile(reads, 50):0.0} ms, p99 {Percentile(reads, 99):0.0} ms; " +
            $"writes p50 {Percentile(writes.Select(w => w.Answer).ToList(), 50):0.0} ms, p99 {Percentile(writes.Select(w => w.Answer).ToList(), 99):0.0} ms"));
        Line("");
        Line($"writes sent {writes.Count} (POST {Count(writes, "POST")}, PUT {Count(writes, "PUT")}, DELETE {Count(writes, "DELETE")}); " +
            $"acknowledged {check.Acknowledged}; found in the store afterwards {check.Found}; found in the edit log {check.Logged}");
        Line($"refused writes found applied anyway: {check.RefusedButApplied}; writes of unknown outcome (timeout, 503 for a cut-off " +
            $"COMMIT) {writes.Count(w => w.OutcomeUnknown)}, found applied {check.UnknownApplied}");
        if (window is not null)
            Line(string.Create(Ci, $"writes sent / acknowledged before the restart {Phase(writes, w => w < window.Start)}, during " +
                $"{Phase(writes, w => w >= window.Start && w < window.End)}, after {Phase(writes, w => w >= window.End)}"));
        Line("errors by kind (all requests): " + string.Join(", ", Enum.GetValues<AnswerKind>().Where(k => k != AnswerKind.Ok)
            .Select(k => $"{Name(k)} {all.Count(a => a.Kind == k)}")));
        foreach (var kind in all.Where(a => a.Kind != AnswerKind.Ok).GroupBy(a => a.Kind).OrderBy(g => g.Key))
            foreach (var detail in kind.GroupBy(a => a.Detail ?? "(no detail)").OrderByDescending(g => g.Count()).Take(3))
                Line($"  {Name(kind.Key)} ×{detail.Count()}: {detail.Key}");
        var outages = all.Where(a => a.Kind == AnswerKind.Outage).ToList();
        if (outages.Count > 0)
            Line(string.Create(Ci, $"503 answers received from {outages.Min(Received):0.0} s to {outages.Max(Received):0.0} s " +
                $"(sent from {outages.Min(a => a.StartSeconds):0.0} s); " +
                $"{outages.Count(a => a.RetryAfter)} of {outages.Count} carried Retry-After ({outages.Count(a => a.IsCommitUnknown)} commit-unknown); " +
                $"reads {outages.Count(a => a.Endpoint.StartsWith("GET"))}, writes {outages.Count(a => !a.Endpoint.StartsWith("GET"))}"));
        if (window is not null)
        {
            var firstAck = writes.Where(w => w.Acknowledged && w.Answer.StartSeconds >= window.End).MinBy(w => w.Answer.StartSeconds);
            Line(firstAck is null ? "no write acknowledged after the restart"
                : string.Create(Ci, $"first acknowledged write after the restart command returned: sent at {firstAck.Answer.StartSeconds:0.0} s"));
            var during = CoverageDuring(reads, window);
            Line($"GET coverage in flight during the restart window: {during.Count}, answered 2xx {during.Count(a => a.Kind == AnswerKind.Ok)}");
        }

        var failures = Failures(all, reads, writes, window, check).ToList();
        Line("");
        Line(failures.Count == 0 ? "PASS: every acknowledged write is in the store and the edit log, no refused write is; writes were " +
            "acknowledged after the restart; every 503 (but a cut-off COMMIT) carried Retry-After; coverage was answered during the " +
            "outage; every other answer was 2xx or a declared problem+json error"
            : "FAIL: " + string.Join("; ", failures));
        foreach (var m in check.Mismatches.Take(20)) Line("  " + m);
        foreach (var a in all.Where(a => !Classify.IsDeclared(a.Kind)).Take(10))
            Line(string.Create(Ci, $"  {a.Endpoint} at {a.StartSeconds:0.0} s: {Name(a.Kind)} (status {a.Status}, {a.Milliseconds:0} ms)"));
        return new Outcome(t.ToString(), failures.Count == 0);
    }

    static IEnumerable<string> Failures(IReadOnlyList<Answer> all, IReadOnlyList<Answer> reads, IReadOnlyList<WriteRecord> writes,
        MixedLoad.RestartWindow? window, StoreCheck.Result check)
    {
        if (check.Found != check.Acknowledged) yield return $"{check.Acknowledged - check.Found} acknowledged writes not found";
        if (check.Logged != check.Acknowledged) yield return $"{check.Acknowledged - check.Logged} acknowledged writes not in the edit log";
        if (check.RefusedButApplied > 0) yield return $"{check.RefusedButApplied} refused writes applied anyway";
        int undeclared = all.Count(a => !Classify.IsDeclared(a.Kind));
        if (undeclared > 0) yield return $"{undeclared} undeclared errors";
        // A 503 tells the client when to come back; only a cut-off COMMIT (reload before redoing) may go without.
        int bare = all.Count(a => a.Kind == AnswerKind.Outage && !a.RetryAfter && !a.IsCommitUnknown);
        if (bare > 0) yield return $"{bare} 503 answers without Retry-After";
        if (window is null) yield break;
        if (window.ExitCode != 0) yield return $"the restart command failed (exit {window.ExitCode})";
        // Without a write acknowledged once the store was back, the server never recovered, whatever else passed.
        if (!writes.Any(w => w.Acknowledged && w.Answer.StartSeconds >= window.End))
            yield return "no write acknowledged after the restart window ended (the server did not recover)";
        // Analysis is served from memory: the store being away must not stop it.
        var during = CoverageDuring(reads, window);
        if (during.Count == 0) yield return "no GET coverage was in flight during the restart window (the outage went untested)";
        else if (during.Any(a => a.Kind != AnswerKind.Ok))
            yield return $"{during.Count(a => a.Kind != AnswerKind.Ok)} of {during.Count} GET coverage during the restart window not answered 2xx";
    }

    /// <summary>Coverage reads in flight at some moment of the restart window (sent before its end, answered after its start).</summary>
    static List<Answer> CoverageDuring(IReadOnlyList<Answer> reads, MixedLoad.RestartWindow window) =>
        reads.Where(a => a.Endpoint == "GET coverage" && a.StartSeconds < window.End && Received(a) > window.Start).ToList();

    static string RestartText(MixedLoad.RestartWindow? w) => w is null ? "no restart" :
        string.Create(Ci, $"store restart window {w.Start:0.0}–{w.End:0.0} s (command exit {w.ExitCode})");

    static string Row(string name, IReadOnlyList<Answer> answers, double seconds) => string.Create(Ci,
        $"{name,-18} {answers.Count,8} {answers.Count / seconds,8:0.0} {answers.Count(a => a.Kind == AnswerKind.Ok),7} " +
        $"{answers.Count(a => a.Kind == AnswerKind.Outage),6} {answers.Count(a => a.Kind == AnswerKind.Conflict),7} " +
        $"{answers.Count(a => a.Kind is not (AnswerKind.Ok or AnswerKind.Outage or AnswerKind.Conflict)),6} " +
        $"{Percentile(answers, 50),8:0.0} {Percentile(answers, 99),8:0.0}");

    static string Phase(IReadOnlyList<WriteRecord> writes, Func<double, bool> when)
    {
        var inPhase = writes.Where(w => when(w.Answer.StartSeconds)).ToList();
        return $"{inPhase.Count}/{inPhase.Count(w => w.Acknowledged)}";
    }

    static double Received(Answer a) => a.StartSeconds + a.Milliseconds / 1000;

    static int Count(IReadOnlyList<WriteRecord> writes, string method) => writes.Count(w => w.Method == method);

    /// <summary>Nearest-rank percentile of the latencies (ms); 0 for none.</summary>
    static double Percentile(IReadOnlyList<Answer> answers, double p)
    {
        if (answers.Count == 0) return 0;
        var ms = answers.Select(a => a.Milliseconds).Order().ToArray();
        return ms[Math.Clamp((int)Math.Ceiling(p / 100 * ms.Length) - 1, 0, ms.Length - 1)];
    }

    static string Name(AnswerKind k) => k switch
    {
        AnswerKind.Outage => "503 outage",
        AnswerKind.Conflict => "412/428/409 conflict",
        AnswerKind.OtherClientError => "other 4xx",
        AnswerKind.ServerError => "5xx other than 503",
        AnswerKind.NotProblem => "not problem+json",
        AnswerKind.Timeout => "timeout",
        AnswerKind.Connection => "connection failed",
        _ => k.ToString(),
    };
}
