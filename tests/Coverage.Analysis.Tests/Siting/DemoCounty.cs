using System.Text.Json;
using Coverage.Analysis.Region;
using Coverage.Analysis.Tests.Support;
using Coverage.Core.Domain;
using Coverage.Network.Osm;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;

namespace Coverage.Analysis.Tests.Siting;

/// <summary>The committed synthetic demo county (geodata/demo), read here with NTS GeoJSON, independent of the importers.</summary>
public static class DemoCounty
{
    static readonly Lazy<AnalysisRegion> Loaded = new(Load);

    public static AnalysisRegion Region => Loaded.Value;

    static AnalysisRegion Load()
    {
        var dir = Path.Combine(RealExtract.RepoRoot(), "geodata", "demo");
        var pbf = Path.Combine(dir, "demo-county.synthetic.osm.pbf");
        if (!File.Exists(pbf)) throw new FileNotFoundException($"Demo county missing: {pbf}. It is committed on branch demo (geodata/demo).");
        var graph = OsmNetworkReader.Read(pbf).Graph;
        var settlements = Features(Path.Combine(dir, "settlements.synthetic.geojson")).Select(f => new Settlement
        {
            Id = Text(f, "id")!, Name = Text(f, "name")!, Town = Text(f, "town") ?? "", Geometry = f.Geometry, ParentId = Text(f, "parent_id"),
            Kind = DomainIds.TryParseSettlementKind(Text(f, "kind") ?? "", out var k) ? k : SettlementKind.NaturalVillage,
            Population = Number(f, "population"), Elderly = Number(f, "elderly"), Urban = f.Attributes["urban"] is true,
        });
        var facilities = Features(Path.Combine(dir, "facilities.synthetic.geojson")).Select(f => new Facility
        {
            Id = Text(f, "id")!, Name = Text(f, "name")!, Category = Text(f, "category")!, Kind = Text(f, "kind"), Geometry = f.Geometry,
            Town = Text(f, "town"), Status = DomainIds.TryParseStatus(Text(f, "status") ?? "", out var s) ? s : FacilityStatus.Existing,
            Capacity = f.Attributes.Exists("capacity") && f.Attributes["capacity"] is { } c ? Convert.ToInt32(c) : null,
        });
        return new AnalysisRegion(graph, RealExtract.Seeds(), facilities.ToList(), settlements.ToList());
    }

    public static string PathOf(string name) => Path.Combine(RealExtract.RepoRoot(), "geodata", "demo", name);

    static IEnumerable<IFeature> Features(string path)
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory());
        return JsonSerializer.Deserialize<FeatureCollection>(File.ReadAllText(path), options)!;
    }

    static string? Text(IFeature f, string name) => f.Attributes.Exists(name) ? f.Attributes[name]?.ToString() : null;
    static int Number(IFeature f, string name) => f.Attributes.Exists(name) && f.Attributes[name] is { } v ? Convert.ToInt32(v) : 0;
}
