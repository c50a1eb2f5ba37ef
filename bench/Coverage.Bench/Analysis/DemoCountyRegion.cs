using Coverage.Analysis.Region;
using Coverage.Core.Domain;
using Coverage.Network.Osm;
using Coverage.Storage.Import;

namespace Coverage.Bench.Analysis;

/// <summary>
/// The demo county (geodata/demo, or $COVERAGE_DEMO_DIR) as an analysis region: its PBF network, settlements and
/// facilities read from its GeoJSON. Kinds the seeds do not know are dropped to the bare category (the demo
/// generator and seeds/categories.json disagree on two kind ids), so every facility still counts for its category.
/// </summary>
public static class DemoCountyRegion
{
    public static string Directory()
    {
        var dir = Environment.GetEnvironmentVariable("COVERAGE_DEMO_DIR") ?? Path.Combine(BenchData.RepoRoot(), "geodata", "demo");
        if (!File.Exists(Path.Combine(dir, "demo-county.synthetic.osm.pbf")))
            throw new FileNotFoundException($"Demo county not found in {dir}: generate it (coverage demo generate) or set COVERAGE_DEMO_DIR.");
        return dir;
    }

    public static AnalysisRegion Load()
    {
        var dir = Directory();
        return Load(dir, OsmNetworkReader.Read(Path.Combine(dir, "demo-county.synthetic.osm.pbf")).Graph);
    }

    /// <summary>The region of a generated demo folder over an already-built graph (the stress case times the build apart).</summary>
    public static AnalysisRegion Load(string dir, Coverage.Network.Graph.WalkGraph graph)
    {
        var (seeds, facilities, settlements) = ReadPlaces(dir);
        return new AnalysisRegion(graph, seeds, facilities, settlements);
    }

    /// <summary>The seeds and a generated folder's facilities and settlements, read but not yet joined to a network.</summary>
    public static (Coverage.Core.Seeds.SeedCatalog Seeds, List<Facility> Facilities, List<Settlement> Settlements) ReadPlaces(string dir)
    {
        // The seeds and the two files are read side by side, each file mapped to domain objects on its own thread too
        // (at the stress case's scale each takes seconds); the lists come out in file order, as one thread makes them.
        var seedTask = Task.Run(() => SeedDirectory.LoadFrom(Path.Combine(BenchData.RepoRoot(), "seeds")));
        var facilityTask = Task.Run(() => Facilities(Features(Path.Combine(dir, "facilities.synthetic.geojson")), seedTask.GetAwaiter().GetResult()));
        var settlementTask = Task.Run(() => Settlements(Features(Path.Combine(dir, "settlements.synthetic.geojson"))));
        return (seedTask.GetAwaiter().GetResult(), facilityTask.GetAwaiter().GetResult(), settlementTask.GetAwaiter().GetResult());
    }

    static List<Facility> Facilities(IReadOnlyList<GeoJsonFeature> features, Coverage.Core.Seeds.SeedCatalog seeds) => features.Select(f => new Facility
        {
            Id = f.Property("id")!, Name = f.Property("name")!, Category = f.Property("category")!, Geometry = f.Geometry!, Town = f.Property("town"),
            Kind = seeds.FindCategory(f.Property("category")!)?.FindKind(f.Property("kind")) is { } k ? k.Id : null,
            Status = DomainIds.TryParseStatus(f.Property("status") ?? "existing", out var s) ? s : FacilityStatus.Existing,
            Capacity = f.Property("capacity") is not null ? (int)Number(f, "capacity") : null,
            BuiltYear = f.Property("built_year") is not null ? (int)Number(f, "built_year") : null,
            AreaM2 = f.Property("area_m2") is not null ? Number(f, "area_m2") : null,
        }).ToList();

    static List<Settlement> Settlements(IReadOnlyList<GeoJsonFeature> features) => features.Select(f => new Settlement
        {
            Id = f.Property("id")!, Name = f.Property("name")!, Town = f.Property("town") ?? "", Geometry = f.Geometry!, ParentId = f.Property("parent_id"),
            Kind = DomainIds.TryParseSettlementKind(f.Property("kind") ?? "", out var k) ? k : SettlementKind.NaturalVillage,
            Population = (int)Number(f, "population"), Elderly = (int)Number(f, "elderly"), Urban = f.Property("urban") == "true",
        }).ToList();

    /// <summary>The file's features through the importers' GeoJSON reader (streamed; the same features NTS's converter reads).</summary>
    static IReadOnlyList<GeoJsonFeature> Features(string path) => GeoJsonFeatures.Read(path, new List<ImportWarning>());

    static double Number(GeoJsonFeature f, string name) => f.Property(name) is { } v ? double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : 0;
}
