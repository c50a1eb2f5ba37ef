using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Coverage.Analysis;
using Coverage.Analysis.Reports;
using Coverage.Analysis.Siting;
using Coverage.Bench.Analysis;
using Coverage.Bench.Stress;
using Coverage.Demo;
using Coverage.Network.Cache;
using Coverage.Network.Osm;

namespace Coverage.Bench.National;

/// <summary>CPU and wall seconds of one stage of a county job.</summary>
public sealed record StageTime(string Stage, double CpuSeconds, double WallSeconds);

/// <summary>What one county job reports back to the bench: sizes, per-stage times, the process's CPU and peak memory.</summary>
public sealed record CountyJobResult(ulong Seed, double Scale, int GraphNodes, int Settlements, int Samples, int Facilities,
    int Candidates, string SitingStatus, IReadOnlyList<StageTime> Stages, double ProcessCpuSeconds, double WallSeconds, long PeakRssBytes);

/// <summary>
/// `county-job`: the per-county unit of a national run, in its own process as a Kubernetes Job's pod would run it —
/// build the walking network from the county's OSM extract (and write its graph cache), load and sample
/// settlements and snap facilities, every standard circle, one siting run (elderly-15, 5 new sites, one CP-SAT
/// worker, 10 s limit), and the HTML report. Prints one <c>COUNTY-JOB {json}</c> line for the bench to collect.
/// The county's input files are prepared before (they stand for an osmium county extract, not part of the job).
/// </summary>
public static class CountyJob
{
    public const string Verb = "county-job";
    public const string ResultPrefix = "COUNTY-JOB ";
    const string SitingCircle = "elderly-15";
    const int SitingNewSites = 5;
    static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        string? dir = null, output = null;
        ulong seed = 0;
        double scale = 0;
        for (int i = 0; i + 1 < args.Length; i += 2)
            switch (args[i])
            {
                case "--dir": dir = args[i + 1]; break;
                case "--out": output = args[i + 1]; break;
                case "--seed": seed = ulong.Parse(args[i + 1], Ci); break;
                case "--scale": scale = double.Parse(args[i + 1], Ci); break;
            }
        if (dir is null || output is null)
        {
            Console.Error.WriteLine("Usage: county-job --dir COUNTY_FOLDER --out REPORT_FOLDER [--seed N --scale X] (started by `counties`).");
            return 2;
        }
        var result = Execute(dir, output, seed, scale);
        Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>Runs the whole job on a prepared county folder and measures it; the report goes to <paramref name="output"/>.</summary>
    public static CountyJobResult Execute(string dir, string output, ulong seed, double scale)
    {
        var wall = Stopwatch.StartNew();
        var stages = new List<StageTime>();
        string pbf = Path.Combine(dir, DemoFiles.Osm);
        var (graph, stats) = Timed(stages, "network", () => OsmNetworkReader.Read(pbf));
        Timed(stages, "graph cache", () =>
        {
            WalkGraphCache.Write(Path.Combine(output, "graph.walkgraph"), WalkGraphCache.HashFile(pbf), graph, stats);
            return 0;
        });
        var region = Timed(stages, "sample + snap", () => DemoCountyRegion.Load(dir, graph));
        var engine = new CoverageEngine(region);
        var circles = Timed(stages, "all circles", engine.EvaluateAll);
        var candidates = Timed(stages, "candidates", () => CandidateGenerator.Along(region));
        var siting = Timed(stages, "siting", () =>
            new SitingPlanner(engine).MaximalCovering(SitingCircle, SitingNewSites, candidates, new SolverLimits(10, 1)));
        Timed(stages, "report", () =>
        {
            using var w = new StreamWriter(Path.Combine(output, "report.html"));
            HtmlReport.Write(region, circles, w);
            return 0;
        });
        double cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        return new CountyJobResult(seed, scale, graph.NodeCount, region.Settlements.Count, region.SampleCount, region.Facilities.Count,
            candidates.Sites.Count, SitingSummary(siting), stages, cpu, wall.Elapsed.TotalSeconds, ProcessMemory.PeakResidentBytes());
    }

    /// <summary>The solver's status with where the siting time went: reach sets (grow with candidates) and CP-SAT (capped by its limit).</summary>
    static string SitingSummary(SitingResult r) => string.Create(Ci,
        $"{r.Optimal.Status} (reach sets {r.ReachTime.TotalSeconds:N1} s, CP-SAT {r.Optimal.Wall.TotalSeconds:N1} s, gap {r.Optimal.Gap:P0}; greedy {r.Greedy.NewlyCoveredDemand:N0} newly covered)");

    static T Timed<T>(List<StageTime> stages, string name, Func<T> run)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var value = run();
        stages.Add(new StageTime(name, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, sw.Elapsed.TotalSeconds));
        return value;
    }
}
