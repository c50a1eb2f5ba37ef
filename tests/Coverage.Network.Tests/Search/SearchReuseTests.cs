using Coverage.Core;
using Coverage.Network.Graph;
using Coverage.Network.Search;
using Coverage.Network.Snapping;

namespace Coverage.Network.Tests.Search;

public class SearchReuseTests
{
    static WalkGraph Grid(int size) => LocalNetwork.Grid(size, 50).Build();

    [Fact]
    public void Repeated_searches_reusing_space_and_result_allocate_nothing_and_agree_with_fresh_ones()
    {
        var g = Grid(30);
        var snapper = new Snapper(g);
        var sources = new SourceSet();
        sources.AddPoint(snapper.Snap(LocalNetwork.At(333, 517)), 0);
        sources.AddNode(17, 1);
        sources.AddLine(snapper, [LocalNetwork.At(0, 1000), LocalNetwork.At(700, 1000)], 2);
        var space = new SearchSpace(g);
        var reused = new TravelTimes(g);
        // Warm-up: per-profile arc seconds are cached, and the JIT settles the tiers.
        for (int i = 0; i < 50; i++) BoundedDijkstra.Run(g, WalkProfile.Elderly, sources, 600, space, reused);

        // The runtime may allocate a few one-off bytes on this thread (tiering, OSR); a search that allocated
        // anything per run (a heap, a closure, a result array) would cost at least 24 bytes every time.
        const int runs = 1000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < runs; i++) BoundedDijkstra.Run(g, WalkProfile.Elderly, sources, 600, space, reused);
        long perRun = (GC.GetAllocatedBytesForCurrentThread() - before) / runs;
        Assert.True(perRun < 16, $"each reused search allocated {perRun} bytes");

        var fresh = BoundedDijkstra.Run(g, WalkProfile.Elderly, sources, 600);
        Assert.Equal(fresh.Seconds, reused.Seconds);
        Assert.Equal(fresh.Source, reused.Source);
        // Grid corner (0,0) is node 0: 600 s at 0.9 m/s reach 540 m; some nodes are beyond, some within.
        Assert.Contains(reused.Seconds, s => float.IsPositiveInfinity(s));
        Assert.Contains(reused.Seconds, s => s < 600);
    }

    [Fact]
    public void Grid_times_equal_manhattan_distance_from_a_corner()
    {
        // On a grid of 50 m blocks the shortest walk from corner (0,0) to (i,j) is 50(i + j) metres.
        var g = Grid(30);
        var sources = new SourceSet();
        sources.AddNode(0, 0);
        var times = BoundedDijkstra.Run(g, WalkProfile.Adult, sources);
        for (int i = 0; i < 30; i++)
            for (int j = 0; j < 30; j++)
                Assert.Equal(50 * (i + j) / 1.2, times.Seconds[i * 30 + j], 0.01);
    }

    /// <summary>
    /// A search run for times only (the coverage engine's whole-region searches) skips the tree: the same seconds and sources
    /// as a full one, a tree that is all -1 and refuses to route, and the next full search on the same scratch routes again.
    /// </summary>
    [Fact]
    public void A_search_without_its_tree_gives_the_same_times_and_refuses_routes()
    {
        var g = Grid(30);
        var snapper = new Snapper(g);
        var sources = new SourceSet();
        sources.AddPoint(snapper.Snap(LocalNetwork.At(333, 517)), 0);
        sources.AddNode(17, 1);
        var place = snapper.Snap(LocalNetwork.At(1200, 90));
        var space = new SearchSpace(g);
        var reused = new TravelTimes(g);
        var full = BoundedDijkstra.Run(g, WalkProfile.Adult, sources);
        Assert.Contains(full.ParentArc, a => a >= 0);

        BoundedDijkstra.Run(g, WalkProfile.Adult, sources, double.PositiveInfinity, space, reused); // leaves a tree behind
        BoundedDijkstra.Run(g, WalkProfile.Adult, sources, double.PositiveInfinity, space, reused, tree: false);
        Assert.False(reused.HasTree);
        Assert.Equal(full.Seconds, reused.Seconds);
        Assert.Equal(full.Source, reused.Source);
        Assert.All(reused.ParentArc, a => Assert.Equal(-1, a));
        Assert.Equal(full.ReachOf(place), reused.ReachOf(place));
        Assert.Throws<InvalidOperationException>(() => reused.RouteTo(place));
        Assert.Throws<InvalidOperationException>(() => reused.MetresTo(place));
        Assert.Throws<InvalidOperationException>(() => reused.PathMetres(100));

        BoundedDijkstra.Run(g, WalkProfile.Adult, sources, double.PositiveInfinity, space, reused);
        Assert.True(reused.HasTree);
        Assert.Equal(full.ParentArc, reused.ParentArc);
        Assert.Equal(full.MetresTo(place), reused.MetresTo(place));
        Assert.Equal(full.RouteTo(place)!.Metres, reused.RouteTo(place)!.Metres);
    }
}
