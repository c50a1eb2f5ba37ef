using System.Diagnostics;

namespace Coverage.Analysis.Tests.Support;

/// <summary>
/// Runs a command-line tool (LibreOffice, poppler) as an independent reader of what the code writes. The timeout only
/// guards against a hang; a missing tool says how to install it (scripts/test.sh does).
/// </summary>
public static class ExternalTool
{
    public static string Run(string tool, string aptPackage, TimeSpan timeout, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try { p = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception e)
        { throw new InvalidOperationException($"{tool} is not installed: run `bash scripts/ensure-apt.sh {aptPackage}` (scripts/test.sh does).", e); }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeout))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException($"{tool} {string.Join(' ', args)} ran past {timeout.TotalSeconds:0} s");
            }
            if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
    }
}
