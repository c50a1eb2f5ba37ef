using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Coverage.Server.Tests.Support;

/// <summary>
/// osmium-tool (libosmium; from apt, installed by scripts/test.sh) as an independent reader of an OSM extract: its OPL
/// output parsed into nodes and ways with their tags, and a first-match reading of seeds/osm-tags.json written here
/// (not the importer's) to say what each object is.
/// </summary>
public static partial class OsmiumObjects
{
    /// <summary>One node or way: "n" or "w", its id, its tags (a repeated key keeps its first value), its node refs.</summary>
    public sealed record OplObject(char Type, long Id, Dictionary<string, string> Tags, long[] Nodes);

    public static string Run(params string[] args)
    {
        var psi = new ProcessStartInfo("osmium") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"osmium {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result}");
        return stdout;
    }

    /// <summary>Nodes and ways that carry any tag (`osmium cat -t node -t way -f opl`, then untagged ones skipped).</summary>
    public static List<OplObject> Tagged(string extract)
    {
        var list = new List<OplObject>();
        foreach (var line in Run("cat", "-t", "node", "-t", "way", "-f", "opl", extract).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in fields.Single(f => f.StartsWith('T'))[1..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.IndexOf('=');
                tags.TryAdd(Unescape(pair[..eq]), Unescape(pair[(eq + 1)..]));
            }
            if (tags.Count == 0) continue;
            var nodes = fields.FirstOrDefault(f => f.StartsWith('N')) is { } n
                ? n[1..].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => long.Parse(r.AsSpan(1), CultureInfo.InvariantCulture)).ToArray()
                : [];
            list.Add(new OplObject(fields[0][0], long.Parse(fields[0].AsSpan(1), CultureInfo.InvariantCulture), tags, nodes));
        }
        return list;
    }

    /// <summary>What seeds/osm-tags.json makes of an object: ("facility", category) or ("settlement", kind), or null (no rule, or a skip rule first).</summary>
    public static (string What, string Id)? Classify(OplObject o, JsonElement rules)
    {
        foreach (var rule in rules.GetProperty("rules").EnumerateArray())
        {
            bool all = rule.GetProperty("match").EnumerateObject()
                .All(m => o.Tags.TryGetValue(m.Name, out var v) && (m.Value.GetString() == "*" || m.Value.GetString() == v));
            if (!all) continue;
            if (rule.TryGetProperty("skip", out var skip) && skip.GetBoolean()) return null;
            return rule.TryGetProperty("settlement", out var s) ? ("settlement", s.GetString()!) : ("facility", rule.GetProperty("category").GetString()!);
        }
        return null;
    }

    static string Unescape(string s) =>
        Escape().Replace(s, m => char.ConvertFromUtf32(int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));

    [GeneratedRegex("%([0-9a-fA-F]+)%")]
    private static partial Regex Escape();
}
