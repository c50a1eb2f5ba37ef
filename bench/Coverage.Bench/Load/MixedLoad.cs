using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Coverage.Storage;
using Coverage.Storage.PostGis;

namespace Coverage.Bench.Load;

/// <summary>
/// `load-mixed`: readers and planners against a running server for a fixed time, the plan store restarted in the middle by
/// a given command, then every write checked against the store (<see cref="StoreCheck"/>). Bench/load.sh (MODE=mixed) starts
/// the throwaway PostGIS and the server and calls this.
/// </summary>
public static class MixedLoad
{
    static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary>How long the run goes on after a late restart, so writes after the recovery are seen.</summary>
    const double RecoveryTailSeconds = 5;

    /// <summary>The run's settings, from the command line.</summary>
    sealed record Settings(Uri Base, string Token, string Store, int Clients, int Planners, double Seconds, double RestartAt,
        string? RestartCommand, int ThinkMs, double TimeoutSeconds, string? Output, string Label)
    {
        public static Settings Parse(string[] args)
        {
            string Opt(string name, string? fallback = null)
            {
                int i = Array.IndexOf(args, name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1]
                    : fallback ?? throw new ArgumentException($"load-mixed needs {name}");
            }
            double seconds = double.Parse(Opt("--seconds", "60"), Ci);
            return new Settings(new Uri(Opt("--base")), Opt("--token"), Opt("--store"), int.Parse(Opt("--clients", "50"), Ci),
                int.Parse(Opt("--planners", "3"), Ci), seconds, double.Parse(Opt("--restart-at", (seconds / 2).ToString(Ci)), Ci),
                args.Contains("--restart-command") ? Opt("--restart-command") : null, int.Parse(Opt("--think-ms", "200"), Ci),
                double.Parse(Opt("--timeout", "30"), Ci), args.Contains("--out") ? Opt("--out") : null, Opt("--label", ""));
        }
    }

    /// <summary>load-mixed --base URL --token SECRET --store CONNECTION [--clients 50] [--planners 3] [--seconds 60]
    /// [--restart-at SECONDS] [--restart-command CMD] [--think-ms 200] [--timeout 30] [--out FILE] [--label TEXT]</summary>
    public static async Task<int> Run(string[] args)
    {
        var s = Settings.Parse(args);
        var clock = Stopwatch.StartNew();
        using var client = new LoadClient(s.Base, s.Clients + s.Planners, TimeSpan.FromSeconds(s.TimeoutSeconds), clock);
        var reads = await ReadTargets.LoadAsync(client);

        clock.Restart();
        var restart = Task.Run(() => RestartAsync(s, clock));
        bool Running()
        {
            double t = clock.Elapsed.TotalSeconds;
            // A restart that outlasts the run keeps it going, and for a few seconds after: the run must see the store come back.
            return t < s.Seconds || !restart.IsCompleted || (restart.Result is { } w && t < w.End + RecoveryTailSeconds);
        }
        var readers = Enumerable.Range(0, s.Clients).Select(i => Task.Run(() => ReadLoopAsync(client, reads, i, Running))).ToList();
        var planners = Enumerable.Range(0, s.Planners).Select(i => new Planner(i, client, s.Token, reads.Places, s.ThinkMs)).ToList();
        var writing = planners.Select(p => Task.Run(() => p.RunAsync(Running))).ToList();
        var answers = (await Task.WhenAll(readers)).SelectMany(a => a).ToList();
        await Task.WhenAll(writing);
        answers.AddRange(planners.SelectMany(p => p.Reloads));
        double elapsed = clock.Elapsed.TotalSeconds;
        var window = await restart;

        var writes = planners.SelectMany(p => p.Writes).ToList();
        await using var store = await PostGisStore.OpenAsync(s.Store);
        var check = StoreCheck.Run(writes, await store.QueryFacilitiesAsync(new FacilityQuery()), await FacilityLogAsync(store));
        var report = MixedReport.Write(s.Label, s.Clients, s.Planners, elapsed, window, answers, writes, check);
        Console.Write(report.Text);
        if (s.Output is not null) await File.WriteAllTextAsync(s.Output, report.Text);
        return report.Passed ? 0 : 1;
    }

    /// <summary>Every facility row of the edit log, oldest first, read a page at a time.</summary>
    static async Task<List<EditLogEntry>> FacilityLogAsync(IPlanStore store)
    {
        const int Page = 1000;
        var rows = new List<EditLogEntry>();
        while (true)
        {
            var page = await store.ReadEditLogAsync(new EditLogQuery { Entity = "facility", AfterId = rows.Count > 0 ? rows[^1].Id : 0, Limit = Page });
            rows.AddRange(page);
            if (page.Count < Page) return rows;
        }
    }

    /// <summary>What the readers ask for: every circle's coverage, twenty schools' isochrones, the facility lists; and where
    /// planners put new facilities (by bus shelters, which stand on roads).</summary>
    sealed record ReadTargets(IReadOnlyList<string> Paths, IReadOnlyList<(double Lon, double Lat)> Places)
    {
        public static async Task<ReadTargets> LoadAsync(LoadClient client)
        {
            using var circles = JsonDocument.Parse(await client.GetStringAsync("/api/circles"));
            using var schools = JsonDocument.Parse(await client.GetStringAsync("/api/facilities?category=school"));
            using var shelters = JsonDocument.Parse(await client.GetStringAsync("/api/facilities?category=bus-shelter"));
            var paths = new List<string>();
            paths.AddRange(Ids(circles.RootElement).Select(id => "/api/coverage/" + Uri.EscapeDataString(id)));
            paths.AddRange(FeatureIds(schools).Take(20).Select(id => $"/api/isochrones?facility={Uri.EscapeDataString(id)}&minutes=5,10,15"));
            paths.AddRange(["/api/facilities?category=school", "/api/facilities?category=clinic", "/api/facilities"]);
            var places = shelters.RootElement.GetProperty("features").EnumerateArray()
                .Select(f => f.GetProperty("geometry").GetProperty("coordinates"))
                .Select(c => (c[0].GetDouble(), c[1].GetDouble())).ToList();
            if (places.Count == 0) throw new InvalidOperationException("no bus shelters to place clinics by");
            return new ReadTargets(paths, places);
        }

        static IEnumerable<string> Ids(JsonElement circles) =>
            (circles.ValueKind == JsonValueKind.Array ? circles : circles.GetProperty("circles")).EnumerateArray()
            .Select(c => c.GetProperty("id").GetString()!);

        static IEnumerable<string> FeatureIds(JsonDocument fc) =>
            fc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("id").GetString()!);
    }

    /// <summary>One reader: the paths in turn from its own starting point, no pause, until the time is up.</summary>
    static async Task<List<Answer>> ReadLoopAsync(LoadClient client, ReadTargets targets, int index, Func<bool> running)
    {
        var answers = new List<Answer>();
        for (int i = index * 7; running(); i++)
        {
            var path = targets.Paths[i % targets.Paths.Count];
            var reply = await client.SendAsync(EndpointOf(path), LoadClient.Request(HttpMethod.Get, path));
            answers.Add(reply.Answer);
        }
        return answers;
    }

    static string EndpointOf(string path) =>
        path.StartsWith("/api/coverage/") ? "GET coverage" : path.StartsWith("/api/isochrones") ? "GET isochrones" : "GET facilities";

    /// <summary>When the store went down and when the restart command returned (seconds into the run), or null without one.</summary>
    public sealed record RestartWindow(double Start, double End, int ExitCode);

    static async Task<RestartWindow?> RestartAsync(Settings s, Stopwatch clock)
    {
        if (s.RestartCommand is null) return null;
        var wait = s.RestartAt - clock.Elapsed.TotalSeconds;
        if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(wait));
        double start = clock.Elapsed.TotalSeconds;
        using var p = Process.Start(new ProcessStartInfo("bash", ["-c", s.RestartCommand]) { RedirectStandardOutput = true })!;
        await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return new RestartWindow(start, clock.Elapsed.TotalSeconds, p.ExitCode);
    }
}
