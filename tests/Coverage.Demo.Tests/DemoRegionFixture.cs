using System.Text.Json;
using Coverage.Core.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Coverage.Demo.Tests;

/// <summary>The default-seed demo region, generated once into a temporary folder and read back from its files.</summary>
public sealed class DemoRegionFixture : IDisposable
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "coverage-demo-" + Guid.NewGuid().ToString("N"));
    public DemoSummary Summary { get; }
    public List<Feature> Settlements { get; }
    public List<Feature> Facilities { get; }
    public List<Feature> Towns { get; }
    public OsmNetwork Network { get; }

    public DemoRegionFixture()
    {
        Summary = DemoRegion.Generate(new DemoOptions(), Folder);
        Settlements = ReadFeatures(Path.Combine(Folder, DemoFiles.Settlements));
        Facilities = ReadFeatures(Path.Combine(Folder, DemoFiles.Facilities));
        Towns = ReadFeatures(Path.Combine(Folder, DemoFiles.Towns));
        Network = OsmNetwork.Read(Path.Combine(Folder, DemoFiles.Osm));
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    /// <summary>A GeoJSON feature: its geometry (read by NTS's GeoJSON reader, in WGS84 and in metres) and properties.</summary>
    public sealed record Feature(Geometry Wgs84, Geometry Metres, JsonElement Properties)
    {
        public string Str(string name) => Properties.GetProperty(name).GetString()!;
        public int Int(string name) => Properties.GetProperty(name).GetInt32();
    }

    public static List<Feature> ReadFeatures(string path)
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory());
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var list = new List<Feature>();
        foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
        {
            var g = f.GetProperty("geometry").Deserialize<Geometry>(options)!;
            list.Add(new Feature(g, Metric.ToMetres(g), f.GetProperty("properties").Clone()));
        }
        return list;
    }
}

/// <summary>An independent lon/lat → metres plane for checks (equirectangular at 31°N with WGS84 radii).</summary>
public static class Metric
{
    static readonly (double Lat, double Lon) PerDegree = Geodesy.MetresPerDegree(31.0);

    public static Coordinate ToMetres(double lon, double lat) => new((lon - 120) * PerDegree.Lon, (lat - 30) * PerDegree.Lat);

    public static Geometry ToMetres(Geometry g)
    {
        var copy = g.Copy();
        copy.Apply(new ToMetresFilter());
        return copy;
    }

    sealed class ToMetresFilter : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;
        public void Filter(CoordinateSequence seq)
        {
            for (int i = 0; i < seq.Count; i++)
            {
                var m = ToMetres(seq.GetX(i), seq.GetY(i));
                seq.SetX(i, m.X); seq.SetY(i, m.Y);
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DemoCollection : ICollectionFixture<DemoRegionFixture>
{
    public const string Name = "demo region";
}
