using System.Security.Cryptography;
using Coverage.Demo.Layout;
using Coverage.Demo.Output;

namespace Coverage.Demo;

/// <summary>The files of a generated demo region, by name inside its folder.</summary>
public static class DemoFiles
{
    public const string Osm = "demo-county.synthetic.osm.pbf";
    public const string Settlements = "settlements.synthetic.geojson";
    public const string Facilities = "facilities.synthetic.geojson";
    public const string Towns = "towns.synthetic.geojson";
    public const string Water = "water.synthetic.geojson";
    public const string Metadata = "metadata.json";
    public const string Readme = "README.md";
    /// <summary>Where the committed demo region lives, relative to the repository root.</summary>
    public const string RepositoryFolder = "geodata/demo";
    public static readonly string[] All = [Osm, Settlements, Facilities, Towns, Water, Metadata, Readme];
}

/// <summary>What was generated: counts for the CLI to print and the metadata file.</summary>
public sealed record DemoSummary(
    ulong Seed, double Scale, int Towns, int Communities, int AdministrativeVillages, int NaturalVillages,
    long Population, long Elderly, IReadOnlyList<(string Category, int Count)> FacilitiesByCategory, OsmCounts Osm,
    IReadOnlyList<(string File, long Bytes, string Sha256)> Files);

/// <summary>
/// Generates the synthetic demo county (a Yangtze-delta water town) from a seed: an OSM PBF plus settlement,
/// facility, town and water GeoJSON, all labelled synthetic. Same seed and options → byte-identical files.
/// </summary>
public static class DemoRegion
{
    public const string GeneratorVersion = "1.1.0";

    public static DemoSummary Generate(DemoOptions options, string outputDirectory)
    {
        options.Validate();
        if (string.IsNullOrWhiteSpace(outputDirectory))
            throw new ArgumentException("需要输出目录 / An output directory is required.", nameof(outputDirectory));
        Directory.CreateDirectory(outputDirectory);
        var county = DemoCounty.Build(options);
        // Every file is written under a temporary name first and renamed at the end: never a half-written region.
        string stamp = "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp";
        string Temp(string name) => Path.Combine(outputDirectory, name + stamp);
        try
        {
            OsmCounts osm;
            using (var stream = File.Create(Temp(DemoFiles.Osm)))
                osm = WriteOsm(county, stream);
            File.WriteAllBytes(Temp(DemoFiles.Settlements), DemoTables.Settlements(county));
            File.WriteAllBytes(Temp(DemoFiles.Facilities), DemoTables.Facilities(county));
            File.WriteAllBytes(Temp(DemoFiles.Towns), DemoTables.Towns(county));
            File.WriteAllBytes(Temp(DemoFiles.Water), DemoTables.Water(county));
            var files = DemoFiles.All.Take(5)
                .Select(f => (f, new FileInfo(Temp(f)).Length, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Temp(f))))))
                .ToList();
            var summary = Summarise(county, osm, files);
            File.WriteAllBytes(Temp(DemoFiles.Metadata), DemoMetadata.Json(summary));
            File.WriteAllBytes(Temp(DemoFiles.Readme), DemoMetadata.Readme(summary));
            foreach (var f in DemoFiles.All) File.Move(Temp(f), Path.Combine(outputDirectory, f), overwrite: true);
            return summary;
        }
        finally
        {
            foreach (var f in DemoFiles.All) if (File.Exists(Temp(f))) File.Delete(Temp(f));
        }
    }

    static OsmCounts WriteOsm(DemoCounty county, Stream stream)
    {
        var export = new OsmExport(county.Frame, county.Options.NodeSpacingMetres);
        export.AddWays(county.Ways);
        export.AddWater(county.Water);
        export.AddPlaces(county.Towns.Select(t => (t.Centre, new[] { ("place", "town"), ("name", t.Name) }))
            .Concat(county.Places.Select(p => (p.Point, new[]
            {
                ("place", p.Kind switch { PlaceKind.Community => "neighbourhood", PlaceKind.AdministrativeVillage => "village", _ => "hamlet" }),
                ("name", p.Name),
                ("population", p.Population.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            }))));
        string source = $"SYNTHETIC demo county, not a real place (合成数据). Coverage demo generator {GeneratorVersion}, seed {county.Options.Seed}, scale {county.Options.Scale.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        return export.Write(stream, source, "Coverage.Demo " + GeneratorVersion);
    }

    static DemoSummary Summarise(DemoCounty county, OsmCounts osm, List<(string, long, string)> files)
    {
        int Count(PlaceKind k) => county.Places.Count(p => p.Kind == k);
        var settled = county.Places.Where(p => p.Kind != PlaceKind.NaturalVillage).ToList();
        return new DemoSummary(
            county.Options.Seed, county.Options.Scale, county.Towns.Count,
            Count(PlaceKind.Community), Count(PlaceKind.AdministrativeVillage), Count(PlaceKind.NaturalVillage),
            settled.Sum(p => (long)p.Population), settled.Sum(p => (long)p.Elderly),
            [.. FacilityLayout.Categories.Select(c => (c, county.Facilities.Count(f => f.Category == c)))],
            osm, files);
    }
}
