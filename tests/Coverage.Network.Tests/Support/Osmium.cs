using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Coverage.Network.Tests.Support;

/// <summary>
/// osmium-tool (libosmium, the reader osm2pgsql uses; from apt, installed by scripts/test.sh) as an independent
/// reader of OSM files: its OPL text output parsed into ways with their tags and node refs.
/// </summary>
public static partial class Osmium
{
    public sealed record OplWay(long Id, Dictionary<string, string> Tags, long[] Nodes);

    /// <summary>Runs osmium with <paramref name="args"/> and returns its standard output; a failure throws with its stderr.</summary>
    public static string Run(params string[] args)
    {
        var psi = new ProcessStartInfo("osmium") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try { p = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception e)
        { throw new InvalidOperationException("osmium is not installed: run `bash scripts/ensure-apt.sh osmium-tool` (scripts/test.sh does).", e); }
        using (p)
        {
            var stderr = p.StandardError.ReadToEndAsync();
            string stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"osmium {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result}");
            return stdout;
        }
    }

    /// <summary>Every way of <paramref name="path"/> as osmium reads it (`osmium cat -t way -f opl`).</summary>
    public static List<OplWay> Ways(string path)
    {
        var ways = new List<OplWay>();
        foreach (var line in Run("cat", "-t", "way", "-f", "opl", path).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // OPL: "w<id> v<version> d<visible> c<changeset> t<time> i<uid> u<user> T<k=v,…> N<n<id>,…>", space-separated.
            var fields = line.Split(' ');
            long id = long.Parse(fields[0].AsSpan(1), CultureInfo.InvariantCulture);
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            var tagField = fields.Single(f => f.StartsWith('T'))[1..];
            foreach (var pair in tagField.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.IndexOf('=');
                tags[Unescape(pair[..eq])] = Unescape(pair[(eq + 1)..]);
            }
            var nodes = fields.Single(f => f.StartsWith('N'))[1..].Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(n => long.Parse(n.AsSpan(1), CultureInfo.InvariantCulture)).ToArray();
            ways.Add(new OplWay(id, tags, nodes));
        }
        return ways;
    }

    /// <summary>OPL escapes a character as %hex-code-point%.</summary>
    static string Unescape(string s) =>
        Escape().Replace(s, m => char.ConvertFromUtf32(int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));

    [GeneratedRegex("%([0-9a-fA-F]+)%")]
    private static partial Regex Escape();
}
