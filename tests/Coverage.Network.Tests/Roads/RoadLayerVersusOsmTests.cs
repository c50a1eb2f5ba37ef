using System.IO.Compression;
using Coverage.Core;
using Coverage.Network.Graph;
using Coverage.Network.Osm;
using Coverage.Network.Roads;
using Coverage.Network.Search;
using Coverage.Network.Tests.Support;
using Xunit.Abstractions;

namespace Coverage.Network.Tests.Roads;

/// <summary>
/// The same roads read from OSM and from a road layer give the same walk times. ogr2ogr (GDAL's OSM driver, an
/// independent reader) writes the extract's <c>lines</c> layer to GeoPackage and to Shapefile; the oracle is
/// <see cref="OsmNetworkReader"/> on exactly the ways GDAL kept (osmium getid, since GDAL drops ways it deems areas
/// and ways with missing nodes). Where OSM itself has a crossing without a shared node or a line ending just short of
/// another (mapping errors the noder repairs), a repaired layer graph has a shortcut OSM lacks. With default options
/// the noder sees that the layer is already noded (nearly all junctions are shared vertices) and makes no repairs, so
/// the default build must match OSM on every pair; a second build forced to <see cref="RoadTopology.Repair"/> counts the
/// pairs a repair shortens.
/// </summary>
public class RoadLayerVersusOsmTests(ITestOutputHelper output)
{
    const int Sources = 30, TargetsPerSource = 10;
    static readonly RoadNodingOptions Repair = RoadNodingOptions.Default with { Topology = RoadTopology.Repair };

    public static TheoryData<string, string> Cases => new()
    {
        { "andorra.osm.pbf", "gpkg" }, { "andorra.osm.pbf", "shp" },
        { "bautzen.osm", "gpkg" }, { "bautzen.osm", "shp" },
        { "krems.osm.gz", "gpkg" }, { "krems.osm.gz", "shp" },
        // A Chinese extract: China's rules (tunnels and elevated roads of 内环西线 not walked) must read the layer's tags as
        // they read the OSM ways'.
        { "../osm-china/nanjing-xinjiekou-sumo.osm.gz", "shp" },
    };

    [Theory, MemberData(nameof(Cases))]
    public void A_road_layer_converted_from_an_extract_gives_the_extracts_walk_times(string extract, string format)
    {
        var dir = Directory.CreateTempSubdirectory("roads-vs-osm-");
        try
        {
            var osmPath = Plain(Extracts.PathOf(extract), dir.FullName);
            var layer = Convert(osmPath, format, dir.FullName);
            var osm = OracleGraph(osmPath, layer, dir.FullName, out var cut);
            var (bare, _, bareReport) = RoadNetwork.Build(layer, layer: extract + "." + format);
            var (full, stats, report) = RoadNetwork.Build(layer, options: Repair, layer: extract + "." + format);
            output.WriteLine(bareReport.TopologyLine());
            Assert.Equal(RoadTopology.Noded, bareReport.Topology);
            Assert.Equal(0, bareReport.CrossingsNoded + bareReport.TJunctions + bareReport.DanglingEndsJoined + bareReport.VerticesMerged);
            output.WriteLine($"layer build {stats.BuildTime.TotalMilliseconds:0} ms, {layer.Sum(f => f.Geometry.NumPoints)} vertices");
            foreach (var line in report.Lines()) output.WriteLine(line);

            var pairs = RandomNodePairs(osm, new Random(11));
            int compared = 0, missing = 0, repaired = 0, reachabilityChanged = 0;
            double maxBare = 0, maxFull = 0;
            foreach (var (source, targets) in pairs)
            {
                var at = (osm.NodeLat7[source], osm.NodeLon7[source]);
                var tOsm = TimesFrom(osm, at, out _);
                var tBare = TimesFrom(bare, at, out var bareIndex);
                var tFull = TimesFrom(full, at, out var fullIndex);
                if (tBare == null || tFull == null) { missing += targets.Length; continue; }
                foreach (var target in targets)
                {
                    var key = (osm.NodeLat7[target], osm.NodeLon7[target]);
                    if (!bareIndex.TryGetValue(key, out int b) || !fullIndex.TryGetValue(key, out int f)) { missing++; continue; }
                    compared++;
                    float o = tOsm![target];
                    // Default options (noded, no repairs): the layer is the OSM graph, pair for pair.
                    Assert.True(float.IsFinite(o) == float.IsFinite(tBare[b]), $"{extract}.{format}: reachability differs at node {target}: OSM {o}, layer {tBare[b]}");
                    if (float.IsFinite(o)) { Assert.InRange(tBare[b] - o, -1, 1); maxBare = Math.Max(maxBare, Math.Abs(tBare[b] - o)); }
                    // Repairs on: equal to OSM unless a repair opened a shortcut; a repair never lengthens a walk by more than
                    // the merged vertices' displacement (at most the 1 m tolerance at each end).
                    float d = tFull[f] - o;
                    if (float.IsFinite(o) && float.IsFinite(tFull[f]) && Math.Abs(d) <= 1) { maxFull = Math.Max(maxFull, Math.Abs(d)); continue; }
                    if (!float.IsFinite(o) && !float.IsFinite(tFull[f])) continue;
                    Assert.True(float.IsFinite(tFull[f]), $"{extract}.{format}: a repair cut node {target} off");
                    Assert.True(d < 2 / WalkProfile.Adult.SpeedMetresPerSecond, $"{extract}.{format}: repaired layer slower by {d:0.0} s at node {target}");
                    if (float.IsFinite(o)) repaired++; else reachabilityChanged++;
                }
            }
            output.WriteLine($"{extract}.{format}: {compared} pairs compared ({missing} without a node in the layer graph); " +
                             $"default (noded): max |Δ| {maxBare:0.000} s; forced repair: max |Δ| {maxFull:0.000} s on {compared - repaired - reachabilityChanged} pairs, " +
                             $"{repaired} pairs faster through a repair, {reachabilityChanged} unreachable in OSM reached through a repair; " +
                             $"OSM graph {osm.NodeCount} nodes, layer {full.NodeCount}; bare report: {bareReport.WalkableFeatures} walkable");
            Assert.True(compared >= Sources * TargetsPerSource * 9 / 10, $"only {compared} pairs compared, {missing} missing");
            AssertJoinsAreAtGrade(report, layer, cut);
            // Andorra and Krems have walkable bridges and tunnels over walkable ways (the Bautzen cut has none): they were seen and kept apart.
            if (extract != "bautzen.osm") Assert.True(report.GradeSeparatedCrossings > 0, "bridges over roads: none seen");
        }
        finally { dir.Delete(recursive: true); }
    }

    /// <summary>ogr2ogr reads .osm and .pbf; a gzipped extract is unpacked into the temp dir first.</summary>
    static string Plain(string path, string dir)
    {
        if (!path.EndsWith(".gz")) return path;
        var plain = Path.Combine(dir, Path.GetFileNameWithoutExtension(path));
        using (var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress))
        using (var output = File.Create(plain)) gz.CopyTo(output);
        return plain;
    }

    static List<Coverage.Core.Geo.GisFeature> Convert(string osmPath, string format, string dir)
    {
        if (format == "gpkg")
        {
            var gpkg = Path.Combine(dir, "t.gpkg");
            RoadLayerFiles.Ogr2Ogr("-f", "GPKG", gpkg, osmPath, "lines");
            return RoadLayerFiles.FromGeoPackage(gpkg, "lines");
        }
        var shpDir = Path.Combine(dir, "shp");
        RoadLayerFiles.Ogr2Ogr("-f", "ESRI Shapefile", shpDir, osmPath, "lines", "-lco", "ENCODING=UTF-8");
        Assert.Equal("UTF-8", File.ReadAllText(Path.Combine(shpDir, "lines.cpg")).Trim());
        return RoadLayerFiles.FromShapefile(Path.Combine(shpDir, "lines.shp"));
    }

    /// <summary>The extract cut to the ways GDAL kept (with their nodes), read by the OSM reader.</summary>
    static WalkGraph OracleGraph(string osmPath, List<Coverage.Core.Geo.GisFeature> layer, string dir, out string cut)
    {
        var ids = Path.Combine(dir, "ids.txt");
        File.WriteAllLines(ids, layer.Select(f => f["osm_id"]).Where(id => !string.IsNullOrEmpty(id)).Select(id => "w" + id));
        cut = Path.Combine(dir, "cut.osm.pbf");
        Osmium.Run("getid", "-r", "-i", ids, osmPath, "-o", cut, "--overwrite");
        return OsmNetworkReader.Read(cut).Graph;
    }

    /// <summary>
    /// Every crossing or T-junction the noder made joins two ways that osmium (an independent reader of the full tags,
    /// untruncated) sees at the same grade: neither a bridge nor a tunnel, and the same layer.
    /// </summary>
    static void AssertJoinsAreAtGrade(RoadBuildReport report, List<Coverage.Core.Geo.GisFeature> layer, string cut)
    {
        Assert.Equal(report.CrossingsNoded + report.TJunctions, report.JoinedFeatures.Count);
        var ways = Osmium.Ways(cut).ToDictionary(w => w.Id);
        foreach (var (a, b) in report.JoinedFeatures)
        {
            var wa = ways[long.Parse(layer[a - 1]["osm_id"]!)];
            var wb = ways[long.Parse(layer[b - 1]["osm_id"]!)];
            Assert.False(Separated(wa) || Separated(wb) || LayerOf(wa) != LayerOf(wb),
                $"ways {wa.Id} and {wb.Id} were joined but are grade-separated");
        }

        static bool Separated(Osmium.OplWay w) =>
            (w.Tags.TryGetValue("bridge", out var br) && br != "no") || (w.Tags.TryGetValue("tunnel", out var t) && t != "no")
            || w.Tags.GetValueOrDefault("route") == "ferry";
        static string LayerOf(Osmium.OplWay w) => w.Tags.GetValueOrDefault("layer", "0");
    }

    /// <summary>Sources and targets among OSM graph nodes in its largest component, fixed by the seed.</summary>
    static List<(int Source, int[] Targets)> RandomNodePairs(WalkGraph g, Random random)
    {
        var big = Enumerable.Range(0, g.NodeCount).Where(n => g.NodeComponent[n] == 0).ToArray();
        var all = Enumerable.Range(0, g.NodeCount).ToArray();
        // Mostly within the main component (real times), some anywhere (unreachable verdicts too).
        return Enumerable.Range(0, Sources).Select(_ => (big[random.Next(big.Length)],
            Enumerable.Range(0, TargetsPerSource).Select(i => i < 8 ? big[random.Next(big.Length)] : all[random.Next(all.Length)]).ToArray())).ToList();
    }

    /// <summary>Seconds from the node at <paramref name="position"/> (lat7, lon7) to every node of <paramref name="g"/>; null when g has no node there.</summary>
    float[]? TimesFrom(WalkGraph g, (int, int) position, out Dictionary<(int, int), int> index)
    {
        index = Index(g);
        if (!index.TryGetValue(position, out int node)) return null;
        var sources = new SourceSet();
        sources.AddNode(node, 0);
        return BoundedDijkstra.Run(g, WalkProfile.Adult, sources).Seconds;
    }

    readonly Dictionary<WalkGraph, Dictionary<(int, int), int>> _indexes = new(ReferenceEqualityComparer.Instance);

    Dictionary<(int, int), int> Index(WalkGraph g)
    {
        if (_indexes.TryGetValue(g, out var index)) return index;
        index = new Dictionary<(int, int), int>();
        for (int n = 0; n < g.NodeCount; n++) index.TryAdd((g.NodeLat7[n], g.NodeLon7[n]), n);
        return _indexes[g] = index;
    }
}
