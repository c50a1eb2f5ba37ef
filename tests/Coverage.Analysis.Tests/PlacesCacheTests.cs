using Coverage.Analysis.Region;
using Coverage.Analysis.Tests.Siting;
using Coverage.Core.Domain;
using Coverage.Network.Graph;
using Coverage.Network.Snapping;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;

namespace Coverage.Analysis.Tests;

/// <summary>
/// The places cache keeps settlement samples and snaps on disk for the next start. The oracle is always the same region
/// sampled and snapped from nothing, which a region read (wholly or partly) from the cache must equal sample for sample
/// and snap for snap; and a cache for other inputs, or a broken one, must never be read.
/// </summary>
public sealed class PlacesCacheTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "coverage-places-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    PlacesCache NewCache() => new(Path.Combine(_dir, "demo.places"));

    static AnalysisRegion Build(IReadOnlyList<Settlement> settlements, PlacesCache? cache = null, AnalysisOptions? options = null,
        WalkGraph? graph = null, Snapper? snapper = null)
    {
        var demo = DemoCounty.Region;
        graph ??= demo.Graph;
        snapper ??= graph == demo.Graph ? demo.Snapper : new Snapper(graph);
        return new AnalysisRegion(graph, demo.Seeds, demo.Facilities, settlements, options ?? demo.Options, snapper: snapper, placesCache: cache);
    }

    [Fact]
    public void A_restart_reads_every_settlement_from_the_cache_and_is_the_region_sampled_from_nothing()
    {
        var demo = DemoCounty.Region;
        var cache = NewCache();
        var first = Build(demo.Settlements, cache);
        Assert.Equal(new PlacesCacheUse(cache.Path, 0, true, null), first.PlacesCacheUse);
        Assert.True(File.Exists(cache.Path));
        ParallelSamplingTests.AssertSameSamplesAndSnaps(demo, first);

        var again = Build(demo.Settlements, cache);
        Assert.Equal(new PlacesCacheUse(cache.Path, demo.Settlements.Count, false, null), again.PlacesCacheUse);
        ParallelSamplingTests.AssertSameSamplesAndSnaps(demo, again);
        Assert.Equal(demo.Notes.Select(n => n.ToString()), again.Notes.Select(n => n.ToString()));
        Assert.True(demo.SampleCount > 5 * demo.Settlements.Count, $"only {demo.SampleCount} samples: polygons were not sampled");
        Assert.Null(demo.PlacesCacheUse); // given no cache, a region neither reads nor writes one
    }

    [Fact]
    public void An_edited_plan_reads_the_settlements_it_holds_unchanged_and_samples_the_rest()
    {
        var demo = DemoCounty.Region;
        var cache = NewCache();
        Build(demo.Settlements, cache);
        var settlements = demo.Settlements.ToList();
        int polygon = settlements.FindIndex(s => s.Geometry is Polygon);
        int point = settlements.FindIndex(s => s.Geometry is Point);
        settlements[polygon] = settlements[polygon] with { Geometry = Shifted(settlements[polygon].Geometry, 0.0006, 0.0003) };
        settlements[point] = settlements[point] with { Geometry = Shifted(settlements[point].Geometry, -0.0003, 0) };
        int touched = settlements.FindIndex(polygon + 1, s => s.Geometry is Polygon);
        settlements[touched] = settlements[touched] with { Geometry = Nudged((Polygon)settlements[touched].Geometry) }; // 1e-9° off
        settlements.RemoveAt(settlements.Count / 2);
        settlements.Add(settlements[3] with { Id = "new-village", Name = "新村" });
        settlements.Add(settlements[5] with { Geometry = Shifted(settlements[5].Geometry, 0.001, 0) }); // an id twice, the second moved
        settlements.Reverse(10, 40);

        var edited = Build(settlements, cache);
        var fresh = Build(settlements);
        ParallelSamplingTests.AssertSameSamplesAndSnaps(fresh, edited);
        Assert.Equal(fresh.Notes.Select(n => n.ToString()), edited.Notes.Select(n => n.ToString()));
        // All but the three changed geometries and the moved repeat; the new id has a cached geometry, which is what samples depend on.
        Assert.Equal(new PlacesCacheUse(cache.Path, settlements.Count - 4, true, null), edited.PlacesCacheUse);

        var again = Build(settlements, cache); // written afresh: the next start reads them all
        Assert.Equal(settlements.Count, again.PlacesCacheUse!.SettlementsRead);
        ParallelSamplingTests.AssertSameSamplesAndSnaps(fresh, again);
    }

    [Fact]
    public void A_cache_written_for_another_graph_snapper_or_sampling_is_not_read()
    {
        var demo = DemoCounty.Region;
        var cache = NewCache();
        Build(demo.Settlements, cache);
        var length = (float[])demo.Graph.EdgeLength.Clone();
        length[length.Length / 2] += 1; // one edge a metre longer: another graph
        var g = demo.Graph;
        var other = WalkGraphBuilder.Assemble(g.NodeLat7, g.NodeLon7, g.EdgeFrom, g.EdgeTo, length, g.EdgeFlagsOf,
            g.ShapeFirst, g.ShapeLat7, g.ShapeLon7, g.FerryEdges, g.FerrySeconds, g.Ways);
        var cases = new (string What, Func<PlacesCache?, AnalysisRegion> Build)[]
        {
            ("graph", c => Build(demo.Settlements, c, graph: other)),
            ("snapper", c => Build(demo.Settlements, c, snapper: new Snapper(demo.Graph, SnapOptions.Default with { MainNetworkSlackMetres = 80 }))),
            ("spacing", c => Build(demo.Settlements, c, demo.Options with { SampleSpacingMetres = 150 })),
            ("snap limit", c => Build(demo.Settlements, c, demo.Options with { MaxSnapMetres = 100 })),
        };
        foreach (var (what, build) in cases)
        {
            Build(demo.Settlements, cache); // the demo's own cache again
            var read = build(cache);
            Assert.True(read.PlacesCacheUse is { SettlementsRead: 0, Written: true, Warning: null }, $"{what}: {read.PlacesCacheUse}");
            ParallelSamplingTests.AssertSameSamplesAndSnaps(build(null), read);
        }
        // The last case changed the samples' snaps: a copy from the demo's cache would have been wrong.
        var nearer = cases[^1].Build(null);
        Assert.Contains(Enumerable.Range(0, demo.SampleCount), k => demo.SampleSnaps[k].Status != nearer.SampleSnaps[k].Status);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("extend")]
    [InlineData("garbage")]
    public void A_broken_cache_is_reported_then_replaced_and_never_read(string damage)
    {
        var demo = DemoCounty.Region;
        var cache = NewCache();
        Build(demo.Settlements, cache);
        var bytes = File.ReadAllBytes(cache.Path);
        bytes = damage switch
        {
            "flip" => Flipped(bytes, bytes.Length / 2),
            "truncate" => bytes[..^100],
            "extend" => [.. bytes, 0],
            _ => "not a cache at all, but long enough to hold a header and a trailer of a cache file"u8.ToArray(),
        };
        File.WriteAllBytes(cache.Path, bytes);

        var read = Build(demo.Settlements, cache);
        Assert.Equal(0, read.PlacesCacheUse!.SettlementsRead);
        Assert.True(read.PlacesCacheUse.Written);
        Assert.Contains("已损坏", read.PlacesCacheUse.Warning);
        Assert.Contains("corrupt", read.PlacesCacheUse.Warning);
        ParallelSamplingTests.AssertSameSamplesAndSnaps(demo, read);
        Assert.Equal(demo.Settlements.Count, Build(demo.Settlements, cache).PlacesCacheUse!.SettlementsRead);
    }

    [Fact]
    public void A_cache_that_cannot_be_written_is_reported_and_the_region_stands()
    {
        var demo = DemoCounty.Region;
        Directory.CreateDirectory(_dir);
        var blocker = Path.Combine(_dir, "a-file");
        File.WriteAllText(blocker, "");
        var cache = new PlacesCache(Path.Combine(blocker, "demo.places")); // its folder is a file
        var region = Build(demo.Settlements, cache);
        Assert.False(region.PlacesCacheUse!.Written);
        Assert.Contains("无法写入", region.PlacesCacheUse.Warning);
        Assert.Contains("Could not write the places cache", region.PlacesCacheUse.Warning);
        ParallelSamplingTests.AssertSameSamplesAndSnaps(demo, region);
    }

    [Fact]
    public void The_geometry_hash_tells_apart_what_exact_equality_tells_apart()
    {
        var f = new GeometryFactory();
        var square = f.CreatePolygon([new(0, 0), new(1, 0), new(1, 1), new(0, 1), new(0, 0)]);
        var same = f.CreatePolygon([new(0, 0), new(1, 0), new(1, 1), new(0, 1), new(0, 0)]);
        var rotated = f.CreatePolygon([new(1, 0), new(1, 1), new(0, 1), new(0, 0), new(1, 0)]); // the same area, other coordinates
        var asMulti = f.CreateMultiPolygon([square]);
        var withZ = f.CreatePolygon([new CoordinateZ(0, 0, 5), new(1, 0), new(1, 1), new(0, 1), new CoordinateZ(0, 0, 5)]);
        Assert.Equal(PlacesCache.GeometryHash(square), PlacesCache.GeometryHash(same));
        Assert.Equal(PlacesCache.GeometryHash(square), PlacesCache.GeometryHash(withZ)); // sampling is 2-D, as EqualsExact is
        Assert.NotEqual(PlacesCache.GeometryHash(square), PlacesCache.GeometryHash(rotated));
        Assert.NotEqual(PlacesCache.GeometryHash(square), PlacesCache.GeometryHash(asMulti));
        Assert.NotEqual(PlacesCache.GeometryHash(f.CreatePoint(new Coordinate(1, 2))), PlacesCache.GeometryHash(f.CreatePoint(new Coordinate(2, 1))));
        Assert.NotEqual(PlacesCache.NoHash, PlacesCache.GeometryHash(f.CreatePoint()));
    }

    static byte[] Flipped(byte[] bytes, int at)
    {
        bytes[at] ^= 0x40;
        return bytes;
    }

    static Geometry Shifted(Geometry g, double dLon, double dLat)
    {
        var copy = g.Copy();
        copy.Apply(new AffineTransformation(1, 0, dLon, 0, 1, dLat));
        copy.GeometryChanged();
        return copy;
    }

    static Polygon Nudged(Polygon p)
    {
        var copy = (Polygon)p.Copy();
        var c = copy.ExteriorRing.Coordinates;
        copy.ExteriorRing.CoordinateSequence.SetX(1, c[1].X + 1e-9);
        copy.GeometryChanged();
        return copy;
    }
}
