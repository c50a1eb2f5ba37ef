using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Coverage.TestSupport;

/// <summary>
/// The PostGIS server for tests: COVERAGE_TEST_PG when set; in CI (CI=true) its absence fails the run; on a
/// developer machine scripts/postgis.sh start is run once (installs PostgreSQL + PostGIS from apt if needed).
/// </summary>
public static partial class TestPostGis
{
    private static readonly Lazy<string> Connection = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ConnectionString => Connection.Value;

    private static string Resolve()
    {
        var fromEnv = Environment.GetEnvironmentVariable("COVERAGE_TEST_PG");
        if (!string.IsNullOrWhiteSpace(fromEnv)) return fromEnv;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException(
                "COVERAGE_TEST_PG is not set and CI=true: PostGIS tests never skip. Start the test server first: " +
                "eval \"$(scripts/postgis.sh start)\"");
        var script = Path.Combine(RepoRoot(), "scripts", "postgis.sh");
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add("start");
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var m = ExportLine().Match(stdout);
        if (p.ExitCode != 0 || !m.Success)
            throw new InvalidOperationException($"{script} start failed ({p.ExitCode}): {stderr.Result}");
        return m.Groups[1].Value;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Coverage.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Coverage.sln not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex("COVERAGE_TEST_PG='([^']+)'")]
    private static partial Regex ExportLine();
}
