using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coverage.Web.Tests.Support;

/// <summary>
/// The site over a GENERATED SYNTHETIC region of province size for the page: the demo county's network, facilities and
/// towns, and its 795 settlements plus <see cref="AddedPlaces"/> synthetic villages scattered around them (points, fixed
/// seed). Built in the fixture's temp folder in a few seconds; the server then imports and covers it like any region.
/// </summary>
public sealed class ScaleSite : CoverageSite
{
    public const int AddedPlaces = 100_000;
    const int Seed = 20261130;
    /// <summary>How far (degrees, ~1.3 km) a generated village lies from the demo settlement it is drawn around.</summary>
    const double Scatter = 0.012;

    /// <summary>Settlements in the generated file (the demo's and the added ones): the oracle for the page's counts.</summary>
    public int SettlementsWritten { get; private set; }

    protected override Task<string> RegionAsync(string folder)
    {
        var demo = Path.Combine(RepoLayout.Root, "geodata", "demo");
        if (!Directory.Exists(demo)) throw new InvalidOperationException($"The scale test builds on the demo county: {demo} is missing.");
        var region = Directory.CreateDirectory(Path.Combine(folder, "scale-100k.synthetic")).FullName;
        foreach (var file in Directory.GetFiles(demo).Where(f => !Path.GetFileName(f).StartsWith("settlements", StringComparison.Ordinal)
                     && Path.GetFileName(f) != "metadata.json"))
            File.Copy(file, Path.Combine(region, Path.GetFileName(file)));
        WriteMetadata(Path.Combine(demo, "metadata.json"), Path.Combine(region, "metadata.json"));
        SettlementsWritten = WriteSettlements(Path.Combine(demo, "settlements.synthetic.geojson"), Path.Combine(region, "settlements.synthetic.geojson"));
        return Task.FromResult(region);
    }

    /// <summary>The demo's metadata, renamed so every view says this is a synthetic scale test.</summary>
    static void WriteMetadata(string from, string to)
    {
        var meta = JsonNode.Parse(File.ReadAllText(from))!.AsObject();
        meta["name"] = "十万居民点压力测试区（合成） Synthetic 100 k-village scale test";
        meta["synthetic"] = true;
        File.WriteAllText(to, meta.ToJsonString());
    }

    /// <summary>The demo's settlements, then the generated villages (administrative villages as points, no natural villages).</summary>
    static int WriteSettlements(string from, string to)
    {
        using var source = JsonDocument.Parse(File.ReadAllBytes(from));
        var features = source.RootElement.GetProperty("features").EnumerateArray().ToList();
        var anchors = features.Select(f => (Town: f.GetProperty("properties").GetProperty("town").GetString()!, At: Anchor(f.GetProperty("geometry")))).ToList();
        var random = new Random(Seed);
        using var stream = File.Create(to);
        using var w = new Utf8JsonWriter(stream);
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteBoolean("synthetic", true);
        w.WriteString("attribution", "合成数据 Synthetic scale-test data — not a real place");
        w.WriteStartArray("features");
        foreach (var f in features) f.WriteTo(w);
        for (int i = 0; i < AddedPlaces; i++)
        {
            var (town, (lon, lat)) = anchors[i % anchors.Count];
            int population = 20 + random.Next(380);
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WriteStartObject("properties");
            w.WriteString("id", $"syn-{i:D6}");
            w.WriteString("name", $"合成村{i:D6}");
            w.WriteString("kind", "administrative_village");
            w.WriteString("town", town);
            w.WriteNull("parent_id");
            w.WriteNumber("population", population);
            w.WriteNumber("elderly", population / 5);
            w.WriteBoolean("urban", false);
            w.WriteEndObject();
            w.WriteStartObject("geometry");
            w.WriteString("type", "Point");
            w.WriteStartArray("coordinates");
            w.WriteNumberValue(Math.Round(lon + (random.NextDouble() * 2 - 1) * Scatter, 6));
            w.WriteNumberValue(Math.Round(lat + (random.NextDouble() * 2 - 1) * Scatter, 6));
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        return features.Count + AddedPlaces;
    }

    /// <summary>A point of the geometry: the point itself, or a polygon's first vertex.</summary>
    static (double Lon, double Lat) Anchor(JsonElement geometry)
    {
        var c = geometry.GetProperty("coordinates");
        while (c[0].ValueKind == JsonValueKind.Array) c = c[0];
        return (c[0].GetDouble(), c[1].GetDouble());
    }
}

[CollectionDefinition(Name)]
public sealed class ScaleSiteCollection : ICollectionFixture<ScaleSite>
{
    public const string Name = "coverage site at scale";
}
