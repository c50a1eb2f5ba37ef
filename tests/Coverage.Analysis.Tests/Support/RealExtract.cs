using System.IO.Compression;
using Coverage.Analysis.Region;
using Coverage.Core.Domain;
using Coverage.Core.Seeds;
using Coverage.Network.Osm;
using NetTopologySuite.Geometries;
using OsmSharp;
using OsmSharp.Streams;

namespace Coverage.Analysis.Tests.Support;

/// <summary>
/// A real extract under ../shared/geodata/osm as an analysis region: settlements from place=* nodes, facilities from
/// the nodes seeds/osm-tags.json maps to a category (read here with OsmSharp, independent of the importers).
/// </summary>
public static class RealExtract
{
    static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);
    static readonly string[] Places = ["village", "hamlet", "town", "suburb", "neighbourhood", "isolated_dwelling"];
    static readonly Dictionary<string, AnalysisRegion> Loaded = new();

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Coverage.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"Coverage.sln not found above {AppContext.BaseDirectory}");
    }

    public static string PathOf(string name)
    {
        var path = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "geodata", "osm", name));
        if (!File.Exists(path))
            throw new FileNotFoundException($"OSM extract missing: {path}. Put the shared extracts in ../shared/geodata/osm beside the repository.");
        return path;
    }

    /// <summary>The project's own seeds (categories, circles, OSM tag rules).</summary>
    public static SeedCatalog Seeds()
    {
        var dir = Path.Combine(RepoRoot(), "seeds");
        using var categories = File.OpenRead(Path.Combine(dir, SeedCatalog.CategoriesFile));
        using var circles = File.OpenRead(Path.Combine(dir, SeedCatalog.CirclesFile));
        using var tags = File.OpenRead(Path.Combine(dir, SeedCatalog.OsmTagsFile));
        using var indicators = File.OpenRead(Path.Combine(dir, SeedCatalog.IndicatorsFile));
        using var lifeCircles = File.OpenRead(Path.Combine(dir, SeedCatalog.LifeCirclesFile));
        return new SeedCatalog
        {
            Categories = SeedCatalog.ParseCategories(categories),
            Circles = SeedCatalog.ParseCircles(circles),
            OsmTags = SeedCatalog.ParseOsmTags(tags),
            Indicators = SeedCatalog.ParseIndicators(indicators),
            LifeCircles = SeedCatalog.ParseLifeCircles(lifeCircles),
        };
    }

    public static AnalysisRegion Region(string name)
    {
        lock (Loaded)
        {
            if (Loaded.TryGetValue(name, out var region)) return region;
            var path = PathOf(name);
            var seeds = Seeds();
            var graph = OsmNetworkReader.Read(path).Graph;
            var (facilities, settlements) = PlacesOf(path, seeds);
            return Loaded[name] = new AnalysisRegion(graph, seeds, facilities, settlements);
        }
    }

    static (List<Facility>, List<Settlement>) PlacesOf(string path, SeedCatalog seeds)
    {
        var facilities = new List<Facility>();
        var settlements = new List<Settlement>();
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        OsmStreamSource source = path.EndsWith(".pbf", StringComparison.Ordinal) ? new PBFOsmStreamSource(stream) : new XmlOsmStreamSource(stream);
        foreach (var geo in source)
        {
            if (geo is not Node { Id: { } id, Longitude: { } lon, Latitude: { } lat } node || node.Tags is not { Count: > 0 } tags) continue;
            string? Tag(string k) => tags.TryGetValue(k, out var v) ? v : null;
            var point = Wgs84.CreatePoint(new Coordinate(lon, lat));
            string name = Tag("name") ?? $"node/{id}";
            if (Tag("place") is { } place && Places.Contains(place))
            {
                int population = int.TryParse(Tag("population"), out var p) && p > 0 ? p : 100;
                settlements.Add(new Settlement
                {
                    Id = $"node/{id}", Name = name, Town = Tag("is_in") ?? Tag("addr:city") ?? "", Geometry = point,
                    Population = population, Elderly = population / 4, Urban = place is "town" or "suburb",
                    Kind = place == "village" ? SettlementKind.AdministrativeVillage : place is "suburb" or "neighbourhood" or "town" ? SettlementKind.Community : SettlementKind.NaturalVillage,
                });
            }
            else if (seeds.MatchOsm(Tag) is { Category: { } category } rule)
                facilities.Add(new Facility { Id = $"node/{id}", Category = category, Kind = rule.Kind, Name = name, Geometry = point });
        }
        return (facilities, settlements);
    }
}
