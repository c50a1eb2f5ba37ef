using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Coverage.Server.Tests.Support;

/// <summary>
/// A PostGIS cluster of one test's own (scripts/postgis.sh in a temp directory), which the test may stop and start: the
/// shared COVERAGE_TEST_PG cluster serves other tests in parallel and is never stopped.
/// </summary>
public sealed partial class ThrowawayPostGis : IAsyncDisposable
{
    const string BinDir = "/usr/lib/postgresql/15/bin";
    readonly string _dir;

    ThrowawayPostGis(string dir, string connectionString)
    {
        _dir = dir;
        ConnectionString = connectionString;
    }

    /// <summary>Host=127.0.0.1;Port=…;Username=postgres;Database=coverage_test, PostGIS installed.</summary>
    public string ConnectionString { get; }

    int Port => int.Parse(File.ReadAllText(Path.Combine(_dir, "port")).Trim());

    public static async Task<ThrowawayPostGis> StartAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "coverage-pg-outage-" + Guid.NewGuid().ToString("N")[..12]);
        var output = await RunAsync("bash", [Path.Combine(RepoRoot(), "scripts", "postgis.sh"), "start"], dir);
        var m = ExportLine().Match(output);
        if (!m.Success) throw new InvalidOperationException($"scripts/postgis.sh start printed no connection: {output}");
        return new ThrowawayPostGis(dir, m.Groups[1].Value);
    }

    /// <summary>Stops the server (fast shutdown: sessions are terminated, as on a real restart); the data stays.</summary>
    public Task StopAsync() => AsOwnerAsync(Path.Combine(BinDir, "pg_ctl"), "-D", Path.Combine(_dir, "data"), "-m", "fast", "-w", "stop");

    /// <summary>Starts the stopped server again on the same port, waiting until it accepts connections.</summary>
    public Task StartAgainAsync() => AsOwnerAsync(Path.Combine(BinDir, "pg_ctl"), "-D", Path.Combine(_dir, "data"),
        "-l", Path.Combine(_dir, "server.log"), "-w", "-t", "60",
        "-o", $"-h 127.0.0.1 -p {Port} -k {_dir} -c fsync=off -c full_page_writes=off", "start");

    Task AsOwnerAsync(params string[] command) =>
        Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", .. command], _dir) : RunAsync(command[0], command[1..], _dir);

    static async Task<string> RunAsync(string file, IEnumerable<string> args, string dir)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["COVERAGE_PG_DIR"] = dir;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = await p.StandardOutput.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await p.WaitForExitAsync(bound.Token);
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', psi.ArgumentList)} failed ({p.ExitCode}): {await stderr}");
        return stdout;
    }

    static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Coverage.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Coverage.sln not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Stops the cluster and deletes its directory.</summary>
    public async ValueTask DisposeAsync() =>
        await RunAsync("bash", [Path.Combine(RepoRoot(), "scripts", "postgis.sh"), "stop"], _dir);

    [GeneratedRegex("COVERAGE_TEST_PG='([^']+)'")]
    private static partial Regex ExportLine();
}
