using BenchmarkDotNet.Attributes;
using Coverage.Core;
using Coverage.Network.Graph;
using Coverage.Network.Search;

namespace Coverage.Bench.Network;

/// <summary>
/// One multi-source search (20 facilities) over a whole graph: unbounded, and bounded at 15 minutes.
/// Scratch buffers are reused, as the analysis does.
/// </summary>
public class DijkstraBenchmarks
{
    [Params("grid:100000", "andorra.osm.pbf", "demo-county.synthetic.osm.pbf")]
    public string Graph { get; set; } = "";

    WalkGraph _g = null!;
    SourceSet _sources = null!;
    SearchSpace _space = null!;
    TravelTimes _times = null!;

    [GlobalSetup]
    public void Setup()
    {
        _g = BenchData.Graph(Graph);
        _sources = new SourceSet();
        var nodes = BenchData.RandomNodes(_g, 20, 42);
        for (int i = 0; i < nodes.Length; i++) _sources.AddNode(nodes[i], i);
        _space = new SearchSpace(_g);
        _times = new TravelTimes(_g);
        _g.ArcCosts(WalkProfile.Adult);
    }

    [Benchmark]
    public float Unbounded()
    {
        BoundedDijkstra.Run(_g, WalkProfile.Adult, _sources, double.PositiveInfinity, _space, _times);
        return _times.Seconds[0];
    }

    [Benchmark]
    public float Bounded15Minutes()
    {
        BoundedDijkstra.Run(_g, WalkProfile.Adult, _sources, 15 * 60, _space, _times);
        return _times.Seconds[0];
    }
}
