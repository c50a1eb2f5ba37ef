using Coverage.Analysis.Tests.Siting;

namespace Coverage.Analysis.Tests.Oracle;

/// <summary>The demo county's PBF read by the oracle, and the oracle over the engine's demo region (built once per test run).</summary>
public static class DemoCountyOracle
{
    static readonly Lazy<OracleWalkGraph> LoadedGraph = new(() => OracleWalkGraph.Read(DemoCounty.PathOf("demo-county.synthetic.osm.pbf")));
    static readonly Lazy<CoverageOracle> Loaded = new(() => new CoverageOracle(DemoCounty.Region, Graph));

    public static OracleWalkGraph Graph => LoadedGraph.Value;
    public static CoverageOracle Oracle => Loaded.Value;
}
