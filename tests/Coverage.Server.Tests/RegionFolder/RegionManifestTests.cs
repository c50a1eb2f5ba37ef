using Coverage.Core;
using Coverage.Server.Region;
using Coverage.Server.Tests.Support;

namespace Coverage.Server.Tests.RegionFolder;

/// <summary>region.json: paths resolved against the folder, a missing file named in both languages, old folders read as before.</summary>
public sealed class RegionManifestTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("coverage-manifest-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_manifest_folder_resolves_every_path_it_names_against_the_folder()
    {
        var demo = DemoTables.Folder();
        File.Copy(Path.Combine(demo, "demo-county.synthetic.osm.pbf"), Path.Combine(_dir, "x.osm.pbf"));
        File.Copy(Path.Combine(demo, "towns.synthetic.geojson"), Path.Combine(_dir, "t.geojson"));
        Directory.CreateDirectory(Path.Combine(_dir, "roads"));
        File.WriteAllText(Path.Combine(_dir, "roads", "r.geojson"), """{"type":"FeatureCollection","features":[]}""");
        File.WriteAllText(Path.Combine(_dir, RegionManifest.FileName), """
            { "name": "某县", "extract": "x.osm.pbf", "towns": "t.geojson", "rules": "china", "dataDate": "2026-01-02",
              "roads": [ { "path": "roads/r.geojson", "crs": "gcj02" } ],
              "boundary": { "path": "t.geojson", "marginMetres": 1500 } }
            """);
        var s = RegionSource.Resolve(_dir, "/");
        Assert.Equal("某县", s.Name);
        Assert.Equal(Path.Combine(_dir, "x.osm.pbf"), s.Extract);
        Assert.Equal(Path.Combine(_dir, "t.geojson"), s.Towns);
        Assert.Null(s.Settlements);
        Assert.Equal(Path.Combine(_dir, "roads", "r.geojson"), Assert.Single(s.Roads!).Path);
        Assert.Equal("gcj02", s.Roads![0].Crs);
        Assert.Equal((Path.Combine(_dir, "t.geojson"), 1500.0), (s.Boundary!.Path, s.Boundary.MarginMetres));
        Assert.Equal(("china", "2026-01-02"), (s.Rules, s.DataDate));
    }

    [Fact]
    public void Each_road_layer_may_name_its_topology_and_it_reaches_the_network_sources()
    {
        File.Copy(Path.Combine(DemoTables.Folder(), "demo-county.synthetic.osm.pbf"), Path.Combine(_dir, "x.osm.pbf"));
        File.WriteAllText(Path.Combine(_dir, "a.geojson"), """{"type":"FeatureCollection","features":[]}""");
        File.WriteAllText(Path.Combine(_dir, "b.geojson"), """{"type":"FeatureCollection","features":[]}""");
        void Write(string topology) => File.WriteAllText(Path.Combine(_dir, RegionManifest.FileName), $$"""
            { "extract": "x.osm.pbf", "roads": [ { "path": "a.geojson", "topology": "{{topology}}" }, { "path": "b.geojson" } ] }
            """);
        Write("repair");
        var sources = RegionNetwork.SourcesOf(RegionSource.Resolve(_dir, "/"));
        Assert.Equal([Coverage.Network.Roads.RoadTopology.Repair, Coverage.Network.Roads.RoadTopology.Auto], sources.Roads.Select(r => r.Topology));
        Write("tidy");
        var e = Assert.Throws<InputException>(() => RegionSource.Resolve(_dir, "/"));
        Assert.Contains("未知的道路拓扑“tidy”", e.Text.Zh);
        Assert.Contains("Unknown road topology 'tidy'", e.Text.En);
    }

    [Fact]
    public void A_manifest_naming_a_missing_file_stops_in_both_languages()
    {
        File.WriteAllText(Path.Combine(_dir, RegionManifest.FileName), """{ "extract": "gone.osm.pbf" }""");
        var e = Assert.Throws<InputException>(() => RegionSource.Resolve(_dir, "/"));
        Assert.Contains("不存在", e.Text.Zh);
        Assert.Contains("does not exist", e.Text.En);
        Assert.Contains("gone.osm.pbf", e.Message);
    }

    [Fact]
    public void A_folder_without_a_manifest_is_read_as_before()
    {
        var s = RegionSource.Resolve(DemoTables.Folder(), "/");
        Assert.EndsWith("demo-county.synthetic.osm.pbf", s.Extract);
        Assert.EndsWith("settlements.synthetic.geojson", s.Settlements);
        Assert.Null(s.Boundary);
        Assert.Empty(s.Roads ?? []);
    }
}
