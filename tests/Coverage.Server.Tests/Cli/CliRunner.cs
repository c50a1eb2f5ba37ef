using System.Diagnostics;

namespace Coverage.Server.Tests.Cli;

/// <summary>Runs the real `coverage` executable as a planner would, capturing exit code and both streams.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args) => RunIn(null, args);

    /// <summary>Runs in <paramref name="workingDirectory"/> (default: the test's own), where outputs without a path land.</summary>
    public static Result RunIn(string? workingDirectory, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "coverage.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["COVERAGE_CACHE_DIR"] = Path.Combine(Path.GetTempPath(), "coverage-cli-tests-cache");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("coverage did not finish in 120 s"); }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static string SharedExtract(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Coverage.sln"))) dir = dir.Parent;
        var path = Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "geodata", "osm", name));
        if (!File.Exists(path)) throw new FileNotFoundException($"OSM extract missing: {path} (../shared/geodata/osm beside the repository).");
        return path;
    }
}
