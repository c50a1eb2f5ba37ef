using System.Globalization;
using Coverage.Core;
using Coverage.Core.Geo;
using Coverage.Network.Osm;
using Coverage.Network.Search;

namespace Coverage.Bench;

/// <summary>The headline network figures against the issue's targets, as ratios (≥ 1.0x = target met).</summary>
public static class QuickFigures
{
    const double BuildTargetNodesPerSecond = 1_000_000;
    const double BytesPerNodeTarget = 64;
    const double DijkstraTargetMs = 20;

    public static int Run(string[] args)
    {
        var ci = CultureInfo.InvariantCulture;
        var extracts = args.Length > 0 ? args : ["andorra.osm.pbf", "north-bayreuth.osm.gz", "krems.osm.gz", "monaco.osm.gz", "demo-county.synthetic.osm.pbf"];
        Console.WriteLine($"# {Timing.JitTiering}; warm figures are medians after a warm-up, which the delay does not change; {Timing.Gen0Budget}");
        Console.WriteLine("# Graph build (median of 5, one thread; cpu = this thread's CPU time, steadier on a shared machine)");
        Console.WriteLine($"{"extract",-32} {"OSM nodes",10} {"graph nodes",11} {"ms",8} {"M nodes/s",10} {"vs 1M/s",8} {"cpu ms",8} {"B/node",7} {"vs 64B",7}");
        foreach (var name in extracts)
        {
            string path;
            try { path = BenchData.Extract(name); } catch (FileNotFoundException) { Console.WriteLine($"{name,-32} (not found, skipped)"); continue; }
            NetworkBuildStats stats = null!;
            var (ms, cpu) = Timing.Measure(5, () => stats = OsmNetworkReader.Read(path).Stats);
            double rate = stats.OsmNodesRead / (ms / 1000);
            Console.WriteLine(string.Create(ci, $"{name,-32} {stats.OsmNodesRead,10:N0} {stats.GraphNodes,11:N0} {ms,8:N1} {rate / 1e6,10:N2} {rate / BuildTargetNodesPerSecond,7:N2}x {cpu,8:N1} {stats.TopologyBytesPerNode,7:N1} {BytesPerNodeTarget / stats.TopologyBytesPerNode,6:N2}x"));
        }

        Console.WriteLine();
        Console.WriteLine("# Multi-source Dijkstra, 20 sources, whole graph (median of 21 after warm-up, scratch reused)");
        Console.WriteLine($"{"graph",-32} {"nodes",10} {"arcs",10} {"ms",8} {"vs 20ms",8} {"cpu ms",8} {"15-min ms",10}");
        foreach (var name in new[] { "grid:100000" }.Concat(extracts))
        {
            Coverage.Network.Graph.WalkGraph g;
            try { g = BenchData.Graph(name); } catch (FileNotFoundException) { continue; }
            var sources = new SourceSet();
            var nodes = BenchData.RandomNodes(g, 20, 42);
            for (int i = 0; i < nodes.Length; i++) sources.AddNode(nodes[i], i);
            var space = new SearchSpace(g);
            var times = new TravelTimes(g);
            var (full, fullCpu) = Timing.Measure(21, () => BoundedDijkstra.Run(g, WalkProfile.Adult, sources, double.PositiveInfinity, space, times));
            double bounded = Timing.MedianMs(21, () => BoundedDijkstra.Run(g, WalkProfile.Adult, sources, 900, space, times));
            Console.WriteLine(string.Create(ci, $"{name,-32} {g.NodeCount,10:N0} {g.ArcCount,10:N0} {full,8:N2} {DijkstraTargetMs / full,7:N1}x {fullCpu,8:N2} {bounded,10:N2}"));
        }

        Network.SnapFigures.Quick(ci);
        AllCircles(ci);
        Analysis.CircleFigures.Run(ci);
        Capacity(ci);
        Indicators(ci);
        Isochrones(ci);
        Siting.SitingFigures.Run(ci);
        Analysis.LifeCircleFigures.Run(ci);
        Network.RoadLayerFigures.Run(ci, extracts.Where(e => !e.StartsWith("demo-", StringComparison.Ordinal)));
        return 0;
    }

    /// <summary>
    /// Every circle of the catalogue on the demo county with a cold engine (searches included): since issue #10 every
    /// search runs to the nearest facility, unbounded, so every place has its minutes. Target ≤ 1 s.
    /// </summary>
    static void AllCircles(CultureInfo ci)
    {
        const double TargetMs = 1000;
        var region = Analysis.DemoCountyRegion.Load();
        new Coverage.Analysis.CoverageEngine(region).EvaluateAll();
        var (ms, cpu) = Timing.Measure(7, () => new Coverage.Analysis.CoverageEngine(region).EvaluateAll());
        var circles = new Coverage.Analysis.CoverageEngine(region).EvaluateAll();
        int timed = circles.Sum(c => c.Uncovered.Count(u => u.Minutes is not null)), listed = circles.Sum(c => c.Uncovered.Count());
        Console.WriteLine();
        Console.WriteLine($"# All {circles.Count} circles of the demo county, cold engine, searches to the nearest facility (median of 7)");
        Console.WriteLine($"{"circles",-32} {"ms",8} {"vs 1s",8} {"cpu ms",8} {"uncovered with minutes",24}");
        Console.WriteLine(string.Create(ci, $"{"all",-32} {ms,8:N1} {TargetMs / ms,7:N1}x {cpu,8:N1} {$"{timed:N0} of {listed:N0}",24}"));
    }

    /// <summary>
    /// 2SFCA (and capacitated coverage, which comes with it) for all settlements of the demo county under every nearest
    /// circle, cold engine: one bounded search per counted facility, then the two steps and the max flow. Target ≤ 200 ms.
    /// </summary>
    /// <summary>
    /// The plan's indicators on the demo county (seeds/indicators.json), against issue 13's 50 ms: warm = the engine has the
    /// walk times of the circle-backed indicator already (as a running server does); cold = a new engine, its searches included.
    /// </summary>
    public static void Indicators(CultureInfo ci)
    {
        const double TargetMs = 50;
        var region = Analysis.DemoCountyRegion.Load();
        var engine = new Coverage.Analysis.CoverageEngine(region);
        IReadOnlyList<Coverage.Analysis.Indicators.IndicatorResult> results = engine.Indicators;
        double Once() => Timing.Measure(7, () => results = Coverage.Analysis.Indicators.IndicatorEngine.Evaluate(region.Seeds.Indicators, region.Facilities,
            region.Settlements, id => engine.Evaluate(id))).WallMs;
        double warm = Once();
        var (cold, _) = Timing.Measure(3, () => results = new Coverage.Analysis.CoverageEngine(region).Indicators);
        Console.WriteLine();
        Console.WriteLine("# Plan indicators on the demo county (median of 7 warm, 3 cold)");
        Console.WriteLine($"{"indicators",10} {"warm ms",8} {"vs 50ms",8} {"cold ms",8} {"vs 50ms",8}");
        Console.WriteLine(string.Create(ci, $"{results.Count,10} {warm,8:N1} {TargetMs / warm,7:N1}x {cold,8:N1} {TargetMs / cold,7:N1}x"));
    }

    public static void Capacity(CultureInfo ci)
    {
        const double TargetMs = 200;
        var region = Analysis.DemoCountyRegion.Load();
        var method = Coverage.Analysis.Capacity.CatchmentMethod.TwoStep;
        Console.WriteLine();
        Console.WriteLine("# 2SFCA for all settlements of the demo county, cold engine (per-facility bounded searches included; median of 7; search ms = the searches alone)");
        Console.WriteLine($"{"circle",-32} {"facilities",10} {"settlements",11} {"ms",8} {"vs 200ms",8} {"cpu ms",8} {"search ms",10} {"served/covered",15} {"served / covered demand",22} {"capacity",9}");
        foreach (var circle in region.Seeds.Circles.Where(c => c.Kind == Core.Domain.CircleKind.Nearest))
        {
            new Coverage.Analysis.CoverageEngine(region).Capacity(circle.Id, method);
            Coverage.Analysis.Capacity.CapacityAnalysis a = null!;
            var (ms, cpu) = Timing.Measure(7, () => a = new Coverage.Analysis.CoverageEngine(region).Capacity(circle.Id, method));
            double ratio = a.County.CoveredDemand > 0 ? a.County.ServedDemand / a.County.CoveredDemand : 0;
            Console.WriteLine(string.Create(ci, $"{circle.Id,-32} {a.Facilities.Count + a.WithoutCapacity.Count,10:N0} {a.Settlements.Count,11:N0} {ms,8:N1} {TargetMs / ms,7:N1}x {cpu,8:N1} {a.SearchMilliseconds,10:N1} {ratio,15:P1} {$"{a.County.ServedDemand:N0} / {a.County.CoveredDemand:N0}",22} {a.Facilities.Sum(f => f.Capacity),9:N0}"));
        }
    }

    /// <summary>
    /// Isochrones from 20 bus shelters of the demo county (they stand on roads, in towns and villages alike), one and three
    /// bands, each timed as the targets below are (<see cref="Analysis.IsochroneFigures.Times"/>): the 15-minute row and the
    /// targets are one measurement, printed twice.
    /// </summary>
    public static void Isochrones(CultureInfo ci)
    {
        const double TargetMs = 15;
        var region = Analysis.DemoCountyRegion.Load();
        var engine = new Coverage.Analysis.CoverageEngine(region);
        var origins = Analysis.IsochroneFigures.DemoOrigins(region);
        Console.WriteLine();
        Console.WriteLine($"# Isochrones from {origins.Count} bus-shelter points of the demo county ({Analysis.IsochroneFigures.Method}; " +
            "snapped = places timed per isochrone, tol = band edge tolerance)");
        Console.WriteLine($"{"bands",-32} {"median ms",10} {"p90 ms",8} {"vs 15ms",8} {"cpu med",8} {"cpu p90",8} {"vertices",9} {"snapped",9} {"tol m",6}");
        Analysis.IsochroneFigures.Timed fifteen = null!;
        foreach (var bands in new[] { new double[] { 15 }, [5, 10, 15] })
        {
            var t = Analysis.IsochroneFigures.Times(engine, origins, bands);
            if (bands.Length == 1) fifteen = t;
            double median = t.Quantile(0.5);
            Console.WriteLine(string.Create(ci, $"{string.Join('/', bands) + " min",-32} {median,10:N2} {t.Quantile(0.9),8:N2} {TargetMs / median,7:N1}x {t.CpuQuantile(0.5),8:N2} {t.CpuQuantile(0.9),8:N2} {t.Vertices,9:N0} {t.Snapped,9:N0} {t.Tolerance,6:N1}"));
        }
        Analysis.IsochroneFigures.Run(ci, region, fifteen);
    }
}
