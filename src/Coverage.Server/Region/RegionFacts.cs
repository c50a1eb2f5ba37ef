using System.Globalization;
using System.Text.Json;
using Coverage.Network.Graph;

namespace Coverage.Server.Region;

/// <summary>What the map needs to know about the region: names, whether it is synthetic, attribution, extent, and the date
/// of its data (yyyy-MM-dd: metadata.json's "dataDate", else the extract file's date; null for a synthetic region without one).</summary>
public sealed record RegionFacts(string Name, string NameEn, bool Synthetic, string Attribution, double[] Bbox, double[] Centre, string? DataDate)
{
    public const string OsmAttribution = "© OpenStreetMap contributors (ODbL 1.0)";

    /// <summary>From metadata.json when the region has one (the demo county does), else from the extract's name and the graph.</summary>
    public static RegionFacts Read(RegionSource source, WalkGraph graph)
    {
        var bbox = Extent(graph);
        double[] centre = [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2];
        if (source.Metadata is null) return new(source.Name, source.Name, false, OsmAttribution, bbox, centre, source.DataDate ?? FileDate(source.Extract));
        using var doc = JsonDocument.Parse(File.ReadAllBytes(source.Metadata));
        var m = doc.RootElement;
        string? Text(string key) => m.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var (zh, en) = SplitName(Text("name") ?? source.Name);
        if (Text("centre") is { } c && c.Split(',') is [var lon, var lat]
            && double.TryParse(lon, CultureInfo.InvariantCulture, out var x) && double.TryParse(lat, CultureInfo.InvariantCulture, out var y))
            centre = [x, y];
        bool synthetic = m.TryGetProperty("synthetic", out var s) && s.ValueKind == JsonValueKind.True;
        var date = source.DataDate ?? Text("dataDate") ?? (synthetic ? null : FileDate(source.Extract));
        return new(zh, en, synthetic, Text("attribution") ?? OsmAttribution, bbox, centre, date);
    }

    /// <summary>The extract file's last-write date (UTC): the date the data was downloaded or cut.</summary>
    static string? FileDate(string path) =>
        File.Exists(path) ? File.GetLastWriteTimeUtc(path).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

    /// <summary>"江南水乡示范县（合成） Synthetic water-town demo county" → the Chinese part and the English part.</summary>
    static (string Zh, string En) SplitName(string name)
    {
        int latin = name.IndexOf(name.FirstOrDefault(char.IsAsciiLetter));
        if (latin <= 0 || !name.Take(latin).Any(ch => ch > 0x2E80)) return (name, name);
        return (name[..latin].Trim(), name[latin..].Trim());
    }

    static double[] Extent(WalkGraph g)
    {
        if (g.NodeCount == 0) return [0, 0, 0, 0];
        int minLon = int.MaxValue, minLat = int.MaxValue, maxLon = int.MinValue, maxLat = int.MinValue;
        for (int n = 0; n < g.NodeCount; n++)
        {
            minLon = Math.Min(minLon, g.NodeLon7[n]); maxLon = Math.Max(maxLon, g.NodeLon7[n]);
            minLat = Math.Min(minLat, g.NodeLat7[n]); maxLat = Math.Max(maxLat, g.NodeLat7[n]);
        }
        return [minLon / WalkGraph.CoordScale, minLat / WalkGraph.CoordScale, maxLon / WalkGraph.CoordScale, maxLat / WalkGraph.CoordScale];
    }
}
