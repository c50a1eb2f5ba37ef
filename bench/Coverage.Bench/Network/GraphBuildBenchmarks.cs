using BenchmarkDotNet.Attributes;
using Coverage.Network.Osm;

namespace Coverage.Bench.Network;

/// <summary>OSM → WalkGraph build time per extract; OSM nodes/s and bytes per node are printed by `quick`.</summary>
[MemoryDiagnoser]
public class GraphBuildBenchmarks
{
    [Params("andorra.osm.pbf", "north-bayreuth.osm.gz", "demo-county.synthetic.osm.pbf")]
    public string Extract { get; set; } = "";

    string _path = "";

    [GlobalSetup]
    public void Setup() => _path = BenchData.Extract(Extract);

    [Benchmark]
    public int Build() => OsmNetworkReader.Read(_path).Graph.NodeCount;
}
