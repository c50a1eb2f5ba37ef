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
        BoundedDijkstra.Run(g, WalkProfile.Elderly, sources, 600, space, reused); // warm-up: per-profile arc seconds are cached

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) BoundedDijkstra.Run(g, WalkProfile.Elderly, sources, 600, space, reused);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

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
}
