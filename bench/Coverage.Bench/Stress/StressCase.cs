using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Coverage.Analysis;
using Coverage.Bench.Analysis;
using Coverage.Core;
using Coverage.Demo;
using Coverage.Network.Cache;
using Coverage.Network.Graph;
using Coverage.Network.Osm;
using NetTopologySuite.Geometries;

namespace Coverage.Bench.Stress;

/// <summary>
/// `stress`: the province-sized SYNTHETIC region (issue 6) end to end — generate (or reuse from the cache folder),
/// build the walking graph from its PBF, write and reload the graph cache, join settlements and facilities, every
/// standard circle, one 15-minute isochrone — with time and peak memory per stage. One run, not a median: it is a
/// does-it-hold-at-size check, not a micro-benchmark.
/// </summary>
public static class StressCase
{
    /// <summary>Area multiplier that gives about a million retained graph nodes (scale 200: 14.4 M OSM nodes → 994 k graph nodes).</summary>
    public const double DefaultScale = 200;

    static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        double scale = DefaultScale;
        ulong seed = DemoOptions.DefaultSeed;
        string root = DefaultDirectory();
        bool placesOnly = false, cached = false;
        for (int i = 0; i < args.Length; i++)
            switch (args[i])
            {
                case "--scale": scale = double.Parse(args[++i], Ci); break;
                case "--seed": seed = ulong.Parse(args[++i], Ci); break;
                case "--dir": root = Path.GetFullPath(args[++i]); break;
                case "--places": placesOnly = true; break;
                case "--cached": cached = true; break;
                default:
                    Console.Error.WriteLine($"Unknown option '{args[i]}'. Usage: stress [--scale N] [--seed N] [--dir DIR] [--places] [--cached]");
                    return 2;
            }
        var options = new DemoOptions { Seed = seed, Scale = scale };
        options.Validate();
        string dir = Path.Combine(root, string.Create(Ci, $"seed-{seed}-scale-{scale}.synthetic"));
        Console.WriteLine(string.Create(Ci, $"# Stress case: SYNTHETIC region, seed {seed}, scale {scale} ({30 * Math.Sqrt(scale):N0} km square)"));
        Console.WriteLine($"# folder {dir}   cores {Environment.ProcessorCount}   load {LoadAverage()}   server GC {System.Runtime.GCSettings.IsServerGC}   {Timing.JitTiering}   {Timing.Gen0Budget}");
        if (!ProcessMemory.ResetPeak()) Console.WriteLine("# (kernel refused to reset VmHWM: peaks below are since process start)");
        Console.WriteLine("# seconds = wall, cpu = this process's CPU seconds (fairer on a shared machine); peak RSS = VmHWM during the stage");
        Console.WriteLine("# (it starts at RSS before); GC heap = largest managed heap sampled in the stage");
        Console.WriteLine($"{"stage",-22} {"seconds",8} {"cpu",7} {"RSS before",10} {"peak RSS",10} {"RSS after",10} {"GC heap",10}  detail");

        var stages = new StageLog();
        Stage(stages, "generate", () => Generate(options, dir));
        string pbf = Path.Combine(dir, DemoFiles.Osm);
        WalkGraph graph = null!;
        NetworkBuildStats stats = null!;
        string cachePath = Path.Combine(dir, "graph.walkgraph");
        // --cached: a graph cache already in the folder is loaded as it is (quick reruns of the later stages).
        if (!cached || !File.Exists(cachePath))
        {
            Stage(stages, "build graph", () =>
            {
                var (g, s) = OsmNetworkReader.Read(pbf);
                (graph, stats) = (g, s);
                return string.Create(Ci, $"{s.OsmNodesRead:N0} OSM nodes ({s.OsmNodesPerSecond / 1e6:N2} M/s) → {s.GraphNodes:N0} graph nodes, " +
                    $"{s.Edges:N0} edges, {s.TopologyBytesPerNode:N1} B/node (+{s.ShapeBytes / 1e6:N0} MB shape), " +
                    $"{s.Components:N0} components, largest {s.LargestComponentShare:P1}; builder's managed peak {Gb(s.ManagedPeakBytes)}");
            });
            Stage(stages, "write graph cache", () =>
            {
                WalkGraphCache.Write(cachePath, WalkGraphCache.HashFile(pbf), graph, stats);
                return string.Create(Ci, $"hash PBF + build the snap index + write {new FileInfo(cachePath).Length / 1e6:N0} MB");
            });
        }
        else Console.WriteLine("# build graph, write graph cache: skipped (--cached)");
        Stage(stages, "load graph cache", () =>
        {
            var load = WalkGraphCache.LoadOrBuild(pbf, cachePath);
            if (!load.FromCache) throw new InvalidOperationException($"Graph cache was not reused: {load.Warning}");
            if (graph != null && (load.Graph.NodeCount != graph.NodeCount || load.Graph.ArcCount != graph.ArcCount))
                throw new InvalidOperationException("Graph cache round trip changed the graph.");
            graph = load.Graph;
            return string.Create(Ci, $"hash + read, {graph.NodeCount:N0} nodes and the snap index back");
        });

        Coverage.Analysis.Region.AnalysisRegion region = null!;
        (Coverage.Core.Seeds.SeedCatalog Seeds, List<Coverage.Core.Domain.Facility> Facilities, List<Coverage.Core.Domain.Settlement> Settlements) places = (null!, null!, null!); // read in the "read places" stage below
        var placesStart = stages.Mark();
        string ReadPlaces()
        {
            places = DemoCountyRegion.ReadPlaces(dir);
            return string.Create(Ci, $"GeoJSON: {places.Settlements.Count:N0} settlements, {places.Facilities.Count:N0} facilities");
        }
        Stage(stages, "read places", ReadPlaces);
        Coverage.Network.Snapping.Snapper snapper = null!;
        Stage(stages, "snap index", () =>
        {
            snapper = new Coverage.Network.Snapping.Snapper(graph);
            return string.Create(Ci, $"segment grid and shape lengths over {snapper.IndexedSegments:N0} segments (read with the graph cache, shared by every region on it)");
        });
        Stage(stages, "sample + snap places", () =>
        {
            var clock = Stopwatch.StartNew();
            region = new Coverage.Analysis.Region.AnalysisRegion(graph, places.Seeds, places.Facilities, places.Settlements, snapper: snapper);
            double seconds = clock.Elapsed.TotalSeconds;
            return string.Create(Ci, $"{region.Settlements.Count:N0} settlements ({region.SampleCount:N0} samples), " +
                $"{region.Facilities.Count:N0} facilities, {region.SnapIssues.Count:N0} snap issues; target ≤ 5 s: {5 / seconds:N2}x (wall, {Environment.ProcessorCount} cores)");
        });
        var (placesSeconds, placesCpu) = stages.Since(placesStart);
        Console.WriteLine(string.Create(Ci, $"# load + snap places (read places + snap index + sample + snap, the stage of 2026-11-26): {placesSeconds:N1} s wall, " +
            $"{placesCpu:N1} s cpu; target ≤ 5 s wall on 2 cores: {5 / placesSeconds:N2}x wall, {10 / placesCpu:N2}x cpu (10 s of CPU)"));
        // Outside the timed stages: equal digests before and after a change mean the same samples and snaps, bit for bit.
        string digest = RegionDigest.Of(region);
        Console.WriteLine($"# places digest {digest} (samples, shares, sample and facility snaps, snap issues)");
        // A restart on the same graph and places: samples and snaps read from the places cache, not computed.
        var placesCache = new Coverage.Analysis.Region.PlacesCache(Path.Combine(dir, "places.cache"));
        File.Delete(placesCache.Path);
        Stage(stages, "write places cache", () =>
        {
            placesCache.Write(region);
            return string.Create(Ci, $"{new FileInfo(placesCache.Path).Length / 1e6:N0} MB: key (graph arrays, options, code) + geometry hashes + samples and snaps + facility joins");
        });
        var warmStart = stages.Mark();
        Stage(stages, "read places again", ReadPlaces);
        Stage(stages, "places from cache", () =>
        {
            var clock = Stopwatch.StartNew();
            region = new Coverage.Analysis.Region.AnalysisRegion(graph, places.Seeds, places.Facilities, places.Settlements, snapper: snapper, placesCache: placesCache);
            double seconds = clock.Elapsed.TotalSeconds;
            var use = region.PlacesCacheUse!;
            return string.Create(Ci, $"{use.SettlementsRead:N0} of {region.Settlements.Count:N0} settlements and {use.FacilitiesRead:N0} of " +
                $"{region.Facilities.Count:N0} facilities read{(use.Warning is null ? "" : ", " + use.Warning)}; target ≤ 5 s: {5 / seconds:N2}x (wall)");
        });
        var (warmSeconds, warmCpu) = stages.Since(warmStart);
        string warmDigest = RegionDigest.Of(region);
        Console.WriteLine(string.Create(Ci, $"# restart with the places cache (read places + region from the cache): {warmSeconds:N1} s wall, {warmCpu:N1} s cpu; " +
            $"target ≤ 5 s: {5 / warmSeconds:N2}x; digest {warmDigest} {(warmDigest == digest ? "= computed" : "DIFFERS from computed")}"));
        if (warmDigest != digest) throw new InvalidOperationException("The places cache gave other samples or snaps than computing them.");
        if (placesOnly)
        {
            Console.WriteLine($"# {SamplingAlone.Measure(region)}");
            Console.WriteLine($"# {SnappingAlone.Measure(region)}");
            return 0;
        }
        var engine = new CoverageEngine(region);
        Stage(stages, "all circles", () =>
        {
            var circles = engine.EvaluateAll();
            return string.Join(", ", circles.Select(c => string.Create(Ci,
                $"{c.Circle.Id} {c.County.Covered:N0}/{c.County.Settlements:N0} {c.County.DemandShare ?? 0:P0}")));
        });
        string facility = CentralFacility(region);
        Stage(stages, "isochrone 15 min", () => Isochrone(engine, facility) + " (first: builds the graph's network index, projects its nodes)");
        Stage(stages, "isochrone 15 min again", () => Isochrone(engine, facility));
        Console.WriteLine(string.Create(Ci, $"# process peak RSS {stages.MaxPeak / 1e9:N2} GB (largest stage peak), total {stages.TotalSeconds:N1} s"));
        // A plan edit (here one facility deleted, as the server sees it) makes a new region on the same graph from the previous
        // one: unchanged settlements keep their samples and snaps, and the new engine's first isochrone builds only the plan's
        // own index (the graph's NetworkIndex is shared). Outside the peak above: both versions are held while the new one builds.
        var edit = new StageLog();
        Coverage.Analysis.Region.AnalysisRegion? next = null;
        Stage(edit, "plan edit: new region", () =>
        {
            next = new Coverage.Analysis.Region.AnalysisRegion(graph, places.Seeds, places.Facilities.Where(f => f.Id != facility), places.Settlements,
                snapper: snapper, previous: region);
            return string.Create(Ci, $"{next.SettlementsTakenOver:N0} of {next.Settlements.Count:N0} settlements sampled and snapped as before; one facility deleted");
        });
        var nextEngine = new CoverageEngine(next!, previous: engine);
        Stage(edit, "plan edit: isochrone", () => Isochrone(nextEngine, CentralFacility(next!)) + " (the new version's first)");
        Stage(edit, "plan edit: all circles", () => string.Create(Ci,
            $"{nextEngine.SearchesTakenOver} searches taken over from the previous version; {string.Join(", ", nextEngine.EvaluateAll().Select(c => string.Create(Ci, $"{c.Circle.Id} {c.County.Covered:N0}")))}"));
        return 0;
    }

    /// <summary>
    /// The stress region's graph for other benchmarks (bench/pgrouting.sh's <c>stress:SCALE</c>): generated into the
    /// default folder unless a matching one is there, and read through its graph cache as the server would.
    /// </summary>
    public static WalkGraph Graph(double scale)
    {
        var options = new DemoOptions { Seed = DemoOptions.DefaultSeed, Scale = scale };
        options.Validate();
        string dir = Path.Combine(DefaultDirectory(), string.Create(Ci, $"seed-{options.Seed}-scale-{scale}.synthetic"));
        Console.Error.WriteLine($"stress graph: {Generate(options, dir)}");
        return WalkGraphCache.LoadOrBuild(Path.Combine(dir, DemoFiles.Osm), Path.Combine(dir, "graph.walkgraph")).Graph;
    }

    static string Isochrone(CoverageEngine engine, string facility)
    {
        var band = engine.Isochrone(facility, [15], WalkProfile.Adult).Bands[0];
        return string.Create(Ci, $"from {facility}: {band.ReachAreaKm2:N2} km², {band.Population:N0} people, valid {band.Reach.IsValid}");
    }

    /// <summary>Generates the region, or reuses a complete one made by this generator version with the same seed and scale.</summary>
    internal static string Generate(DemoOptions options, string dir)
    {
        var metadata = Path.Combine(dir, DemoFiles.Metadata);
        if (DemoFiles.All.All(f => File.Exists(Path.Combine(dir, f))) && Matches(metadata, options))
            return "reused from the cache folder (delete it to time generation): " + OsmSize(dir);
        var summary = DemoRegion.Generate(options, dir);
        return string.Create(Ci, $"{summary.Osm.Nodes:N0} OSM nodes, {summary.Osm.Ways:N0} ways, {summary.Towns} towns, " +
            $"{summary.AdministrativeVillages + summary.NaturalVillages + summary.Communities:N0} places; ") + OsmSize(dir);
    }

    static bool Matches(string metadataPath, DemoOptions options)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(metadataPath));
        var r = doc.RootElement;
        return r.GetProperty("synthetic").GetBoolean() && r.GetProperty("seed").GetUInt64() == options.Seed
            && r.GetProperty("scale").GetDouble() == options.Scale && r.GetProperty("generator_version").GetString() == DemoRegion.GeneratorVersion;
    }

    static string OsmSize(string dir) => string.Create(Ci, $"PBF {new FileInfo(Path.Combine(dir, DemoFiles.Osm)).Length / 1e6:N1} MB");

    /// <summary>The counted elderly-care facility nearest the graph's mean position (a busy, central origin).</summary>
    static string CentralFacility(Coverage.Analysis.Region.AnalysisRegion region)
    {
        var g = region.Graph;
        double lon = 0, lat = 0;
        for (int n = 0; n < g.NodeCount; n++) { lon += g.NodeLon(n); lat += g.NodeLat(n); }
        var centre = new Coordinate(lon / g.NodeCount, lat / g.NodeCount);
        var elderly = Enumerable.Range(0, region.Facilities.Count)
            .Where(i => region.IsCounted(i) && region.Facilities[i].Category == "elderly").ToList();
        if (elderly.Count == 0) throw new InvalidOperationException("No counted elderly facility in the region.");
        return region.Facilities[elderly.MinBy(i => region.Facilities[i].Geometry.Coordinate.Distance(centre))].Id;
    }

    static void Stage(StageLog log, string name, Func<string> run)
    {
        ProcessMemory.LiveManagedBytes();   // collect the previous stage's garbage first, so its peak is not counted here
        long before = ProcessMemory.ResidentBytes();
        ProcessMemory.ResetPeak();
        using var heap = new HeapSampler();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        string detail = run();
        double seconds = sw.Elapsed.TotalSeconds, cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        long peak = ProcessMemory.PeakResidentBytes(), heapPeak = heap.Peak;
        long live = ProcessMemory.LiveManagedBytes();
        log.Add(seconds, cpuSeconds, peak);
        Console.WriteLine(string.Create(Ci,
            $"{name,-22} {seconds,8:N1} {cpuSeconds,7:N1} {Gb(before),10} {Gb(peak),10} {Gb(ProcessMemory.ResidentBytes()),10} {Gb(heapPeak),10}  {detail} [live heap after {Gb(live)}]"));
    }

    static string Gb(long bytes) => string.Create(Ci, $"{bytes / 1e9:N2} GB");

    internal static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>Default home of generated regions: $COVERAGE_CACHE_DIR/stress, else ~/.cache/coverage/stress (never the repo).</summary>
    internal static string DefaultDirectory()
    {
        var cache = Environment.GetEnvironmentVariable("COVERAGE_CACHE_DIR");
        return string.IsNullOrEmpty(cache)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "coverage", "stress")
            : Path.Combine(cache, "stress");
    }

    sealed class StageLog
    {
        public double TotalSeconds { get; private set; }
        public double TotalCpuSeconds { get; private set; }
        public long MaxPeak { get; private set; }

        public void Add(double seconds, double cpuSeconds, long peak) { TotalSeconds += seconds; TotalCpuSeconds += cpuSeconds; MaxPeak = Math.Max(MaxPeak, peak); }

        /// <summary>Totals so far, to time a run of stages with <see cref="Since"/>.</summary>
        public (double Seconds, double Cpu) Mark() => (TotalSeconds, TotalCpuSeconds);

        public (double Seconds, double Cpu) Since((double Seconds, double Cpu) mark) => (TotalSeconds - mark.Seconds, TotalCpuSeconds - mark.Cpu);
    }
}
