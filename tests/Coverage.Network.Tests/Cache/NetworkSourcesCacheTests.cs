using Coverage.Network.Cache;
using Coverage.Network.Roads;
using Coverage.Network.Tests.Roads;
using Coverage.Network.Tests.Support;

namespace Coverage.Network.Tests.Cache;

/// <summary>
/// The graph cache of an extract with a road layer is keyed by every input: the same inputs load from the cache; a
/// change to any one file's bytes (extract, .shp, .shx, .dbf, .prj, .cpg, mapping) or to an option rebuilds.
/// </summary>
public class NetworkSourcesCacheTests
{
    sealed record Fixture(string Extract, string Shapefile, string Mapping, string Cache)
    {
        public NetworkSources Sources(NetworkMergeOptions? options = null) =>
            new(Extract, [new RoadLayerSource(Shapefile, null, null, Mapping)], options ?? NetworkMergeOptions.Default);
    }

    /// <summary>bautzen.osm and its ogr2ogr `lines` layer as a Shapefile, a mapping file, a cache path.</summary>
    static Fixture Make()
    {
        var dir = TempDir.Create();
        var extract = Path.Combine(dir, "bautzen.osm");
        File.Copy(Extracts.PathOf("bautzen.osm"), extract);
        RoadLayerFiles.Ogr2Ogr("-f", "ESRI Shapefile", Path.Combine(dir, "shp"), extract, "lines", "-lco", "ENCODING=UTF-8");
        var mapping = Path.Combine(dir, "mapping.json");
        File.WriteAllText(mapping, "{}");
        return new Fixture(extract, Path.Combine(dir, "shp", "lines.shp"), mapping, Path.Combine(dir, "graph.walkgraph"));
    }

    static int builds;

    static WalkGraphLoad Load(Fixture f, NetworkMergeOptions? options = null)
    {
        var sources = f.Sources(options);
        return WalkGraphCache.LoadOrBuild(sources, _ =>
        {
            builds++;
            var layer = new RoadLayerFeatures("lines.shp", RoadLayerFiles.FromShapefile(f.Shapefile), RoadMapping.Load(f.Mapping));
            return MergedNetwork.Build(f.Extract, [layer], sources.Merge);
        }, f.Cache);
    }

    [Fact]
    public void The_same_inputs_load_from_the_cache_with_their_report()
    {
        var f = Make();
        var built = Load(f);
        var loaded = Load(f);
        Assert.False(built.FromCache);
        Assert.True(loaded.FromCache, loaded.Warning);
        Assert.Equal(built.Graph.EdgeLength, loaded.Graph.EdgeLength);
        Assert.Equal(built.Report, loaded.Report);
        Assert.Contains(built.Report, l => l.Contains("dropped as duplicates"));
        // Moving nothing but the cache's neighbours changes nothing: the key is content, not time stamps.
        File.SetLastWriteTimeUtc(Path.ChangeExtension(f.Shapefile, ".dbf"), DateTime.UtcNow.AddHours(1));
        Assert.True(Load(f).FromCache);
    }

    public static TheoryData<string> Inputs => new(["extract", ".shp", ".shx", ".dbf", ".prj", ".cpg", "mapping"]);

    [Theory, MemberData(nameof(Inputs))]
    public void A_change_to_any_one_input_file_rebuilds(string input)
    {
        var f = Make();
        Load(f);
        var path = input switch
        {
            "extract" => f.Extract,
            "mapping" => f.Mapping,
            _ => Path.ChangeExtension(f.Shapefile, input),
        };
        ChangeOneByte(path);
        int before = builds;
        var again = Load(f);
        Assert.False(again.FromCache);
        Assert.Equal(before + 1, builds);
        Assert.Contains("rebuilt", again.Warning);
        Assert.True(Load(f).FromCache);
    }

    [Fact]
    public void A_missing_companion_and_a_changed_option_each_rebuild()
    {
        var f = Make();
        Load(f);
        File.Delete(Path.ChangeExtension(f.Shapefile, ".cpg"));
        Assert.False(Load(f).FromCache);
        Assert.True(Load(f).FromCache);
        Assert.False(Load(f, NetworkMergeOptions.Default with { JoinMetres = 3 }).FromCache);
    }

    [Fact]
    public void An_extract_alone_keeps_the_extracts_own_hash_as_key()
    {
        var f = Make();
        Assert.Equal(WalkGraphCache.HashFile(f.Extract), NetworkSources.OfExtract(f.Extract).ContentKey());
        Assert.NotEqual(WalkGraphCache.HashFile(f.Extract), f.Sources().ContentKey());
    }

    /// <summary>A byte that changes the content but keeps the file readable: a space turned to a tab near the end
    /// (padding in a .dbf record, whitespace in XML, JSON and WKT), else the last byte flipped.</summary>
    static void ChangeOneByte(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int i = Array.LastIndexOf(bytes, (byte)' ');
        if (i >= 0) bytes[i] = (byte)'\t';
        else if (path.EndsWith(".json")) bytes = [.. bytes, (byte)'\n'];
        else bytes[^1] ^= 1;
        File.WriteAllBytes(path, bytes);
    }
}
