using System.Text.Json;

namespace Coverage.Server.Tests.Support;

/// <summary>The committed demo tables read straight from their GeoJSON files: the oracle for what the API must serve.</summary>
public static class DemoTables
{
    public static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Coverage.sln"))) return Path.Combine(dir.FullName, "geodata", "demo");
        throw new InvalidOperationException($"Coverage.sln not found above {AppContext.BaseDirectory}");
    }

    public static List<JsonElement> Features(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder(), file)));
        return doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.Clone()).ToList();
    }

    public static List<JsonElement> Facilities() => Features("facilities.synthetic.geojson");
    public static List<JsonElement> Settlements() => Features("settlements.synthetic.geojson");

    public static string Prop(JsonElement feature, string name) => feature.GetProperty("properties").GetProperty(name).GetString()!;

    /// <summary>The first position of a feature's geometry (a point's own; a line's first vertex).</summary>
    public static (double Lon, double Lat) FirstPosition(JsonElement feature)
    {
        var c = feature.GetProperty("geometry").GetProperty("coordinates");
        while (c[0].ValueKind == JsonValueKind.Array) c = c[0];
        return (c[0].GetDouble(), c[1].GetDouble());
    }
}
