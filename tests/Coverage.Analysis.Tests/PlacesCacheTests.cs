using Coverage.Analysis.Region;
using Coverage.Analysis.Tests.Siting;
using Coverage.Core.Domain;
using Coverage.Network.Graph;
using Coverage.Network.Snapping;
using NetTopologySuite.Geometries;

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
        WalkGraph? graph = null, Snapper? snapper = null, IReadOnlyList<Facility>? facilities = null)
    {
        var demo = DemoCounty.Region;
        graph ??= demo.Graph;
        snapper ??= graph == demo.Graph ? demo.Snapper : new Snapper(graph);
        return new AnalysisRegion(graph, demo.Seeds, facilities ?? demo.Facilities, settlements, options ?? demo.Options, snapper: snapper, placesCache: cache);
    }

    /// <summary>
    /// The demo's facilities with the kinds of join it lacks: a trail 3 km off every way, a facility drawn as an area, a point
    /// too far to snap, and a repeated id (not joined) whose geometry is another's.
    /// </summary>
    static List<Facility> FacilitiesOfEveryKind()
    {
        var demo = DemoCounty.Region;
        var f = new GeometryFactory(new PrecisionModel(), 4326);
        // ~5 km west of the westernmost node of the graph: 3 km and more from every way.
        double west = demo.Graph.NodeLon7.Min() / 1e7 - 0.05, lat = (demo.Graph.NodeLat7.Min() + (double)demo.Graph.NodeLat7.Max()) / 2e7;
        var trail = demo.Facilities.First(x => x.Geometry is LineString);
        var point = demo.Facilities.First(x => x.Geometry is Point);
        var p = (Point)point.Geometry;
        return
        [
            .. demo.Facilities,
            trail with { Id = "trail-off", Geometry = f.CreateLineString([new(west, lat), new(west, lat + 0.01)]) },
            point with { Id = "area", Geometry = f.CreatePolygon([new(p.X, p.Y), new(p.X + 0.001, p.Y), new(p.X + 0.001, p.Y + 0.001), new(p.X, p.Y + 0.001), new(p.X, p.Y)]) },
            point with { Id = "far", Geometry = f.CreatePoint(new Coordinate(west, lat)) },
            point with { Geometry = trail.Geometry },
        ];
    }

    /// <summary>Facility by facility, the sources a search would add: the same seeds, bit for bit (trails included).</summary>
    static void AssertSameSources(AnalysisRegion one, AnalysisRegion other)
    {
        Assert.Equal(one.Facilities.Count, other.Facilities.Count);
        for (int i = 0; i < one.Facilities.Count; i++)
        {
            Assert.Equal(one.FacilityUsable[i], other.FacilityUsable[i]);
            if (!one.FacilityUsable[i]) continue;
            var (a, b) = (new Network.Search.SourceSet(), new Network.Search.SourceSet());
            one.AddSources(a, i, i);
            other.AddSources(b, i, i);
            Assert.Equal(a.Nodes, b.Nodes);
            Assert.Equal(a.Edges, b.Edges);
        }
    }

    [Fact]
    public void A_restart_reads_every_place_from_the_cache_and_is_the_region_joined_from_nothing()
    {
        var demo = DemoCounty.Region;
        var facilities = FacilitiesOfEveryKind();
        int joined = facilities.Select(x => x.Id).Distinct().Count();
        var cache = NewCache();
        var fresh = Build(demo.Settlements, facilities: facilities);
        var first = Build(demo.Settlements, cache, facilities: facilities);
        Assert.Equal(new PlacesCacheUse(cache.Path, 0, 0, true, null), first.PlacesCacheUse);
        Assert.True(File.Exists(cache.Path));
        ParallelSamplingTests.AssertSameSamplesAndSnaps(fresh, first);

        var again = Build(demo.Settlements, cache, facilities: facilities);
        Assert.Equal(new PlacesCacheUse(cache.Path, demo.Settlements.Count, joined, false, null), again.PlacesCacheUse);
        ParallelSamplingTests.AssertSameSamplesAndSnaps(fresh, again);
        AssertSameSources(fresh, again);
        Assert.Equal(fresh.Notes.Select(n => n.ToString()), again.Notes.Select(n => n.ToString()));
        // Every kind of facility issue was met, and read back the same (the assertion above compares them all).
        Assert.Contains(again.SnapIssues, x => x.Id == "trail-off" && x.Reason == SnapIssueReason.LineOffNetwork && x.DistanceMetres > 3000);
        Assert.Contains(again.SnapIssues, x => x.Id == "far" && x.DistanceMetres > 3000);
        Assert.True(again.FacilityUsable[facilities.FindIndex(x => x.Id == "area")]);
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
        settlements[polygon] = settlements[polygon] with { Geometry = PlanVersionReuseTests.Shifted(settlements[polygon].Geometry, 0.0006, 0.0003) };
        settlements[point] = settlements[point] with { Geometry = PlanVersionReuseTests.Shifted(settlements[point].Geometry, -0.0003, 0) };
        int touched = settlements.FindIndex(polygon + 1, s => s.Geometry is Polygon);
        settlements[touched] = settlements[touched] with { Geometry = PlanVersionReuseTests.Nudged((Polygon)settlements[touched].Geometry) }; // 1e-9° off
        settlements.RemoveAt(settlements.Count / 2);
        settlements.Add(settlements[3] with { Id = "new-village", Name = "新村" });
        settlements.Add(settlements[5] with { Geometry = PlanVersionReuseTests.Shifted(settlements[5].Geometry, 0.001, 0) }); // an id twice, the second moved
        settlements.Reverse(10, 40);

        // Facilities edited too: a point moved, a trail's vertex nudged, one deleted (the rest renumbered), one added at a new place.
        var facilities = demo.Facilities.ToList();
        int moved = facilities.FindIndex(x => x.Geometry is Point), trail = facilities.FindIndex(x => x.Geometry is LineString);
        facilities[moved] = facilities[moved] with { Geometry = PlanVersionReuseTests.Shifted(facilities[moved].Geometry, 0.002, 0) };
        var line = (LineString)facilities[trail].Geometry.Copy();
        line.CoordinateSequence.SetY(1, line.CoordinateSequence.GetY(1) + 1e-9);
        line.GeometryChanged();
        facilities[trail] = facilities[trail] with { Geometry = line };
        facilities.RemoveAt(3);
        facilities.Add(facilities[10] with { Id = "new-clinic", Geometry = PlanVersionReuseTests.Shifted(facilities[10].Geometry, 0, 0.003) });

        var edited = Build(settlements, cache, facilities: facilities);
        var fresh = Build(settlements, facilities: facilities);
        ParallelSamplingTests.AssertSameSamplesAndSnaps(fresh, edited);
        AssertSameSources(fresh, edited);
        Assert.Equal(fresh.Notes.Select(n => n.ToString()), edited.Notes.Select(n => n.ToString()));
        // All but the three changed geometries and the moved repeat; the new id has a cached geometry, which is what samples
        // depend on. Facilities: all but the moved point, the nudged trail and the new one.
        Assert.Equal(new PlacesCacheUse(cache.Path, settlements.Count - 4, facilities.Count - 3, true, null), edited.PlacesCacheUse);

        var again = Build(settlements, cache, facilities: facilities); // written afresh: the next start reads them all
        Assert.Equal((settlements.Count, facilities.Count, false), (again.PlacesCacheUse!.SettlementsRead, again.PlacesCacheUse.FacilitiesRead, again.PlacesCacheUse.Written));
        ParallelSamplingTests.AssertSameSamplesAndSnaps(fresh, again);
        AssertSameSources(fresh, again);
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
            Assert.True(read.PlacesCacheUse is { SettlementsRead: 0, FacilitiesRead: 0, Written: true, Warning: null }, $"{what}: {read.PlacesCacheUse}");
            var oracle = build(null);
            ParallelSamplingTests.AssertSameSamplesAndSnaps(oracle, read);
            AssertSameSources(oracle, read);
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
        Assert.Equal((0, 0, true), (read.PlacesCacheUse!.SettlementsRead, read.PlacesCacheUse.FacilitiesRead, read.PlacesCacheUse.Written));
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
        // The same coordinates in another structure: a hole, or a second polygon; a ring, or a line.
        var inner = f.CreateLinearRing([new(0.2, 0.2), new(0.4, 0.2), new(0.4, 0.4), new(0.2, 0.2)]);
        var holed = f.CreatePolygon(square.Shell, [inner]);
        var two = f.CreateMultiPolygon([square, f.CreatePolygon(inner)]);
        Assert.NotEqual(PlacesCache.GeometryHash(holed), PlacesCache.GeometryHash(two));
        Assert.NotEqual(PlacesCache.GeometryHash(inner), PlacesCache.GeometryHash(f.CreateLineString(inner.Coordinates)));
        Assert.Equal(PlacesCache.GeometryHash(holed), PlacesCache.GeometryHash(holed.Copy()));
        // Every pair above: equal hashes only for geometries EqualsExact calls equal (a read is never of another geometry), and
        // equal ones hash alike but for a ring against a line of the same points, which the hash keeps apart (a miss, not a wrong read).
        Geometry[] all = [square, same, rotated, asMulti, withZ, holed, two, inner, f.CreateLineString(inner.Coordinates), f.CreatePoint(), f.CreatePoint(new Coordinate(1, 2))];
        foreach (var a in all)
            foreach (var b in all)
                Assert.True(a.EqualsExact(b) == (PlacesCache.GeometryHash(a) == PlacesCache.GeometryHash(b)) || (a is LinearRing) != (b is LinearRing), $"{a} vs {b}");
    }

    static byte[] Flipped(byte[] bytes, int at)
    {
        bytes[at] ^= 0x40;
        return bytes;
    }
}
