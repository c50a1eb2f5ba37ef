using Coverage.Network.Cache;
using Coverage.Network.Graph;
using Coverage.Network.Osm;
using Coverage.Network.Tests.Support;

namespace Coverage.Network.Tests.Cache;

public class WalkGraphCacheTests
{
    static (string Extract, string Cache) Fixture(string extractName = "andorra.osm.pbf")
    {
        var dir = TempDir.Create();
        var extract = Path.Combine(dir, extractName);
        File.Copy(Extracts.PathOf(extractName), extract);
        return (extract, Path.Combine(dir, "graph.walkgraph"));
    }

    static void AssertSameGraph(WalkGraph a, WalkGraph b)
    {
        Assert.Equal(a.NodeLat7, b.NodeLat7); Assert.Equal(a.NodeLon7, b.NodeLon7); Assert.Equal(a.FirstArc, b.FirstArc);
        Assert.Equal(a.NodeComponent, b.NodeComponent); Assert.Equal(a.ComponentNodeCount, b.ComponentNodeCount);
        Assert.Equal(a.ArcHead, b.ArcHead); Assert.Equal(a.ArcEdge, b.ArcEdge);
        Assert.Equal(a.EdgeFrom, b.EdgeFrom); Assert.Equal(a.EdgeTo, b.EdgeTo); Assert.Equal(a.EdgeLength, b.EdgeLength);
        Assert.Equal(a.EdgeFlagsOf, b.EdgeFlagsOf); Assert.Equal(a.ShapeFirst, b.ShapeFirst);
        Assert.Equal(a.ShapeLat7, b.ShapeLat7); Assert.Equal(a.ShapeLon7, b.ShapeLon7);
        Assert.Equal(a.FerryEdges, b.FerryEdges); Assert.Equal(a.FerrySeconds, b.FerrySeconds);
        Assert.Equal(a.Ways.WayId, b.Ways.WayId); Assert.Equal(a.Ways.NameIndex, b.Ways.NameIndex); Assert.Equal(a.Ways.Names, b.Ways.Names);
    }

    [Fact]
    public void A_cache_round_trip_gives_identical_arrays_and_stats()
    {
        var (extract, cache) = Fixture();
        var built = WalkGraphCache.LoadOrBuild(extract, cache);
        Assert.False(built.FromCache);
        Assert.Null(built.Warning);
        Assert.True(File.Exists(cache));

        var loaded = WalkGraphCache.LoadOrBuild(extract, cache);
        Assert.True(loaded.FromCache, loaded.Warning);
        Assert.Null(loaded.Warning);
        AssertSameGraph(built.Graph, loaded.Graph);
        Assert.Equal(built.Stats, loaded.Stats);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(cache)!, "*.tmp"));
    }

    [Fact]
    public void A_cache_built_under_other_rules_is_rebuilt_and_the_ferry_wait_is_kept_in_it()
    {
        // A crossing with an untagged ferry: 720 s outside China; 1320 s with a 600 s wait given explicitly.
        var dir = TempDir.Create();
        var extract = Path.Combine(dir, "ferry.osm");
        File.Copy(new OsmXml().Node(1, 0, 0).Node(2, 0, 1).Node(3, 0, 2)
            .Way(10, [1, 2], "highway", "residential").Way(20, [2, 3], "route", "ferry", "duration", "00:12").Save(), extract);
        var cache = Path.Combine(dir, "graph.walkgraph");
        var slowFerry = RoadRules.Default with { FerryDefaultWaitSeconds = 600 };

        Assert.Equal(720f, WalkGraphCache.LoadOrBuild(extract, cache).Graph.FerrySeconds.Single());
        var other = WalkGraphCache.LoadOrBuild(extract, cache, rules: slowFerry);
        Assert.False(other.FromCache);
        Assert.Contains("version", other.Warning);
        Assert.Equal(1320f, other.Graph.FerrySeconds.Single());
        var again = WalkGraphCache.LoadOrBuild(extract, cache, rules: slowFerry);
        Assert.True(again.FromCache, again.Warning);
        Assert.Equal(1320f, again.Graph.FerrySeconds.Single());
        Assert.False(WalkGraphCache.LoadOrBuild(extract, cache).FromCache); // back to automatic rules: rebuilt again
    }

    [Fact]
    public void A_flipped_byte_is_detected_reported_and_rebuilt()
    {
        var (extract, cache) = Fixture();
        var built = WalkGraphCache.LoadOrBuild(extract, cache);
        var bytes = File.ReadAllBytes(cache);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(cache, bytes);

        var again = WalkGraphCache.LoadOrBuild(extract, cache);
        Assert.False(again.FromCache);
        Assert.Contains("corrupt", again.Warning);
        Assert.Contains("损坏", again.Warning);
        AssertSameGraph(built.Graph, again.Graph);
        Assert.True(WalkGraphCache.LoadOrBuild(extract, cache).FromCache); // the rebuilt cache is good again
    }

    [Fact]
    public void A_truncated_cache_is_reported_and_rebuilt()
    {
        var (extract, cache) = Fixture();
        WalkGraphCache.LoadOrBuild(extract, cache);
        var bytes = File.ReadAllBytes(cache);
        File.WriteAllBytes(cache, bytes[..(bytes.Length - 100)]);
        var again = WalkGraphCache.LoadOrBuild(extract, cache);
        Assert.False(again.FromCache);
        Assert.Contains("truncated", again.Warning);
    }

    [Fact]
    public void A_file_that_is_not_a_cache_is_reported_and_rebuilt()
    {
        var (extract, cache) = Fixture();
        File.WriteAllText(cache, new string('x', 500));
        var again = WalkGraphCache.LoadOrBuild(extract, cache);
        Assert.False(again.FromCache);
        Assert.Contains("not a Coverage graph cache", again.Warning);
    }

    [Fact]
    public void A_cache_for_another_extract_is_rebuilt_not_trusted()
    {
        var (monaco, cache) = Fixture("monaco.osm.gz");
        var (bautzen, _) = Fixture("bautzen.osm");
        WalkGraphCache.LoadOrBuild(monaco, cache);

        var other = WalkGraphCache.LoadOrBuild(bautzen, cache);
        Assert.False(other.FromCache);
        Assert.Contains("another extract", other.Warning);
        AssertSameGraph(OsmNetworkReader.Read(bautzen).Graph, other.Graph);
    }

    [Fact]
    public void A_cache_from_another_format_version_is_rebuilt()
    {
        var (extract, cache) = Fixture("bautzen.osm");
        WalkGraphCache.LoadOrBuild(extract, cache);
        var bytes = File.ReadAllBytes(cache);
        BitConverter.GetBytes(WalkGraphCache.FormatVersion + 1).CopyTo(bytes, 8);
        File.WriteAllBytes(cache, bytes);
        var again = WalkGraphCache.LoadOrBuild(extract, cache);
        Assert.False(again.FromCache);
        Assert.Contains("format version", again.Warning);
    }

    [Fact]
    public void Edge_way_ids_and_names_survive_a_cache_round_trip()
    {
        // Andorra's ways carry Catalan names; the loaded table must give every edge the same way and name as the build.
        var (extract, cache) = Fixture();
        var built = WalkGraphCache.LoadOrBuild(extract, cache).Graph;
        var loaded = WalkGraphCache.LoadOrBuild(extract, cache);
        Assert.True(loaded.FromCache, loaded.Warning);
        Assert.True(built.Ways.Names.Length > 100, $"only {built.Ways.Names.Length} way names in Andorra");
        Assert.All(Enumerable.Range(0, built.EdgeCount), e =>
            Assert.Equal((built.Ways.WayId[e], built.Ways.NameOf(e)), (loaded.Graph.Ways.WayId[e], loaded.Graph.Ways.NameOf(e))));
        Assert.DoesNotContain(0L, loaded.Graph.Ways.WayId);
    }

    [Fact]
    public void A_cache_of_format_1_without_way_names_is_rebuilt_with_them()
    {
        var (extract, cache) = Fixture("bautzen.osm");
        var built = WalkGraphCache.LoadOrBuild(extract, cache).Graph;
        var bytes = File.ReadAllBytes(cache);
        BitConverter.GetBytes(1).CopyTo(bytes, 8);
        File.WriteAllBytes(cache, bytes);
        var again = WalkGraphCache.LoadOrBuild(extract, cache);
        Assert.False(again.FromCache);
        Assert.Contains("format version", again.Warning);
        Assert.Equal(built.Ways.WayId, again.Graph.Ways.WayId);
        Assert.True(WalkGraphCache.LoadOrBuild(extract, cache).FromCache);
    }

    [Fact]
    public void An_edited_extract_invalidates_its_cache()
    {
        var dir = TempDir.Create();
        var extract = Path.Combine(dir, "net.osm");
        var cache = Path.Combine(dir, "net.walkgraph");
        var osm = new OsmXml().Node(1, 0, 0).Node(2, 1, 0).Node(3, 2, 0).Way(100, [1, 2], "highway", "path");
        File.WriteAllText(extract, osm.ToString());
        Assert.Equal(1, WalkGraphCache.LoadOrBuild(extract, cache).Graph.EdgeCount);
        File.WriteAllText(extract, osm.Way(101, [2, 3], "highway", "steps").ToString());
        var again = WalkGraphCache.LoadOrBuild(extract, cache);
        Assert.False(again.FromCache);
        Assert.Equal(2, again.Graph.EdgeCount);
    }

    [Fact]
    public void The_default_cache_path_sits_under_the_cache_folder_named_after_the_extract()
    {
        var path = WalkGraphCache.DefaultPathFor("/data/osm/wuzhen.osm.pbf");
        Assert.StartsWith("wuzhen.osm.pbf-", Path.GetFileName(path));
        Assert.EndsWith(".walkgraph", path);
        Assert.NotEqual(path, WalkGraphCache.DefaultPathFor("/other/osm/wuzhen.osm.pbf"));
    }
}
