using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Coverage.Analysis;
using Coverage.Analysis.Region;
using Coverage.Analysis.Siting;
using Coverage.Network.Osm;
using Coverage.Storage.Import;

namespace Coverage.Bench.Siting;

/// <summary>
/// The siting target: 300 villages × 5,000 candidates solved to optimality (or a reported gap) within 30 s on 2 cores.
/// Instance (SYNTHETIC data): the demo county's network, 300 of its settlements (every 795/300-th by id; polygon
/// villages sampled as in the analysis), no existing facilities (greenfield, the hardest case), and the first 5,000
/// candidates generated every 150 m along its ways. Circle elderly-15 (elderly walk, 15 min, elderly demand).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class SitingBenchmarks
{
    const string Circle = "elderly-15";
    CoverageEngine _engine = null!;
    CandidateSet _candidates = null!;

    [Params(10, 40)]
    public int NewSites { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var dir = Path.Combine(BenchData.RepoRoot(), "geodata", "demo");
        var seeds = SeedDirectory.LoadFrom(SeedDirectory.Find(BenchData.RepoRoot()));
        var all = new PlanImporter(seeds).Settlements(Path.Combine(dir, "settlements.synthetic.geojson"));
        if (!all.Succeeded) throw new InvalidDataException(string.Join("; ", all.Errors.Take(3)));
        var ordered = all.Items.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var villages = Enumerable.Range(0, 300).Select(i => ordered[i * ordered.Count / 300]).ToList();
        var graph = OsmNetworkReader.Read(Path.Combine(dir, "demo-county.synthetic.osm.pbf")).Graph;
        var region = new AnalysisRegion(graph, seeds, [], villages);
        _engine = new CoverageEngine(region);
        var generated = CandidateGenerator.Along(region, 150);
        if (generated.Sites.Count < 5000) throw new InvalidOperationException($"Only {generated.Sites.Count} candidates at 150 m.");
        _candidates = new CandidateSet(generated.Sites.Take(5000).ToList(), []);
        Console.WriteLine($"// instance: {villages.Count} villages, {region.SampleCount} demand samples, {_candidates.Sites.Count} candidates, graph {graph.NodeCount} nodes");
    }

    [Benchmark]
    public double MaximalCovering()
    {
        var r = new SitingPlanner(_engine).MaximalCovering(Circle, NewSites, _candidates, new SolverLimits(30, 2));
        Report($"max k={NewSites}", r);
        return r.Optimal.NewlyCoveredDemand;
    }

    [Benchmark]
    public double SetCovering80()
    {
        var r = new SitingPlanner(_engine).SetCovering(Circle, 80, _candidates, new SolverLimits(30, 2));
        Report("set 80%", r);
        return r.Optimal.Objective;
    }

    static void Report(string what, SitingResult r) =>
        Console.WriteLine($"// {what}: model {r.ModelColumns} cols × {r.ModelRows} rows; reach {r.ReachTime.TotalSeconds:0.00}s; CP-SAT {r.Optimal.Status} " +
                          $"obj {r.Optimal.Objective:0.##} bound {r.Optimal.Bound:0.##} gap {r.Optimal.Gap:P2} in {r.Optimal.Wall.TotalSeconds:0.00}s; " +
                          $"greedy {(r.Mode == SitingMode.MaximalCovering ? r.Greedy.NewlyCoveredDemand : r.Greedy.Sites.Count):0.##} in {r.Greedy.Wall.TotalMilliseconds:0}ms; {r.Optimal.PercentAfter:0.0}% after");
}
