using System.Globalization;
using System.Text;

namespace Coverage.Network.Tests.Support;

/// <summary>
/// Writes small hand-made OSM XML extracts for tests; nodes are placed on a grid of 0.001° (lat, lon) from an origin,
/// (0, 0) unless given (a place inside China makes the reader choose China's road rules).
/// </summary>
public sealed class OsmXml(double originLat = 0, double originLon = 0)
{
    readonly StringBuilder _nodes = new(), _ways = new();

    /// <summary>Node at (row, col) × 0.001° from (0, 0): rows go north, columns east.</summary>
    public OsmXml Node(long id, double row, double col)
    {
        _nodes.Append(CultureInfo.InvariantCulture,
            $"  <node id=\"{id}\" version=\"1\" lat=\"{originLat + row * 0.001:0.0000000}\" lon=\"{originLon + col * 0.001:0.0000000}\"/>\n");
        return this;
    }

    public OsmXml Way(long id, long[] refs, params string[] tags)
    {
        _ways.Append(CultureInfo.InvariantCulture, $"  <way id=\"{id}\" version=\"1\">\n");
        foreach (var r in refs) _ways.Append(CultureInfo.InvariantCulture, $"    <nd ref=\"{r}\"/>\n");
        for (int i = 0; i < tags.Length; i += 2) _ways.Append($"    <tag k=\"{tags[i]}\" v=\"{tags[i + 1]}\"/>\n");
        _ways.Append("  </way>\n");
        return this;
    }

    public override string ToString() =>
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"test\">\n{_nodes}{_ways}</osm>\n";

    /// <summary>Writes the extract to a new temp folder and returns its path.</summary>
    public string Save(string fileName = "net.osm")
    {
        var dir = TempDir.Create();
        var path = Path.Combine(dir, fileName);
        File.WriteAllText(path, ToString());
        return path;
    }
}

public static class TempDir
{
    public static string Create()
    {
        var dir = Path.Combine(Path.GetTempPath(), "coverage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
