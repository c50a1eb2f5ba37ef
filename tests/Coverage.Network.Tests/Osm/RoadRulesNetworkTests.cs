using Coverage.Core;
using Coverage.Network.Graph;
using Coverage.Network.Osm;
using Coverage.Network.Search;
using Coverage.Network.Tests.Support;
using Xunit.Abstractions;

namespace Coverage.Network.Tests.Osm;

/// <summary>The country rules in whole networks: hand-built ones (bridge runs, ferry waits, auto-detection) and real extracts.</summary>
public class RoadRulesNetworkTests(ITestOutputHelper output)
{
    const double EastStep = 111.31949079; // metres per 0.001° of longitude at the equator
    const double NanjingLat = 32.04, NanjingLon = 118.78;

    static int NodeAt(WalkGraph g, double lat, double lon) =>
        Enumerable.Range(0, g.NodeCount).Single(n => Math.Abs(g.NodeLat(n) - lat) < 1e-9 && Math.Abs(g.NodeLon(n) - lon) < 1e-9);

    static double SecondsBetween(WalkGraph g, int from, int to)
    {
        var sources = new SourceSet();
        sources.AddNode(from, 0);
        return BoundedDijkstra.Run(g, WalkProfile.Adult, sources).Seconds[to];
    }

    [Fact]
    public void A_run_of_short_trunk_bridges_is_an_elevated_road_a_lone_creek_bridge_is_not()
    {
        // At the equator, under China's rules given explicitly: trunk 1-2 (ground), 2-3-4-5 three bridge ways of one grid
        // step each (3 × 111 m = 334 m > 300 m, though each way alone is 111 m), 5-6 ground; a second trunk 7-8-9 with one
        // bridge way 8-9 of 111 m over a creek.
        var osm = new OsmXml().Node(1, 0, 0).Node(2, 0, 1).Node(3, 0, 2).Node(4, 0, 3).Node(5, 0, 4).Node(6, 0, 5)
            .Node(7, 2, 0).Node(8, 2, 1).Node(9, 2, 2)
            .Way(1, [1, 2], "highway", "trunk")
            .Way(2, [2, 3], "highway", "trunk", "bridge", "yes", "layer", "1")
            .Way(3, [3, 4], "highway", "trunk", "bridge", "yes", "layer", "1")
            .Way(4, [4, 5], "highway", "trunk", "bridge", "yes", "layer", "1")
            .Way(5, [5, 6], "highway", "trunk")
            .Way(6, [7, 8], "highway", "trunk")
            .Way(7, [8, 9], "highway", "trunk", "bridge", "yes", "layer", "1");
        var path = osm.Save();

        // (Edges merge consecutive ways, so the ways walked are counted by the reader and measured in km.)
        var china = OsmNetworkReader.Read(path, rules: RoadRules.China).Stats;
        Assert.Equal(4, china.WalkableWays);               // 1, 5, 6, 7
        Assert.Equal((3L, "china"), (china.ElevatedWaysDropped, china.RoadRules));
        Assert.Equal(4 * EastStep / 1000, china.WalkableKm, 6);
        // Raise the threshold above the run and the three bridges are walked too; outside China no trunk is.
        var lenient = OsmNetworkReader.Read(path, rules: RoadRules.China with { ElevatedBridgeMetres = 3 * EastStep + 1 }).Stats;
        Assert.Equal(7, lenient.WalkableWays);
        Assert.Equal(7 * EastStep / 1000, lenient.WalkableKm, 6);
        Assert.Throws<NetworkInputException>(() => OsmNetworkReader.Read(path, rules: RoadRules.Default));
    }

    /// <summary>Shore 1-2, ferry 2-3-4 calling at pier 3 (a footway 3-6 joins there), shore 4-5; one grid step each.</summary>
    static OsmXml Crossing(double originLat, double originLon, params string[] ferryTags) =>
        new OsmXml(originLat, originLon).Node(1, 0, 0).Node(2, 0, 1).Node(3, 0, 2).Node(4, 0, 3).Node(5, 0, 4).Node(6, 1, 2)
            .Way(10, [1, 2], "highway", "residential")
            .Way(20, [2, 3, 4], ["route", "ferry", "duration", "00:12", .. ferryTags])
            .Way(11, [4, 5], "highway", "residential")
            .Way(12, [3, 6], "highway", "footway");

    [Fact]
    public void A_ferry_crossing_costs_its_duration_plus_the_wait_once_though_cut_into_two_edges()
    {
        // interval=00:20: wait 600 s. Ferry 720 s + 600 s = 1320 s over its two edges (660 s each, equal lengths).
        // Node 1 → node 5: 2 steps walked at 1.2 m/s + 1320 s.
        var g = OsmNetworkReader.Read(Crossing(0, 0, "interval", "00:20").Save()).Graph;
        Assert.Equal(2, g.FerryEdges.Length);
        Assert.Equal(1320, g.FerryEdges.Sum(e => g.FerrySecondsOf(e)), 0.01);
        Assert.Equal(2 * EastStep / 1.2 + 1320, SecondsBetween(g, NodeAt(g, 0, 0), NodeAt(g, 0, 0.004)), 0.05);
    }

    [Fact]
    public void An_untagged_ferry_waits_five_minutes_in_china_and_not_elsewhere_the_place_choosing_the_rules()
    {
        // The same crossing at (0, 0) and in Nanjing: no interval=*, so 720 s outside China and 720 + 300 s inside.
        var outside = OsmNetworkReader.Read(Crossing(0, 0).Save()).Graph;
        var nanjing = OsmNetworkReader.Read(Crossing(NanjingLat, NanjingLon).Save()).Graph;
        Assert.Equal(720, outside.FerryEdges.Sum(e => outside.FerrySecondsOf(e)), 0.01);
        Assert.Equal(1020, nanjing.FerryEdges.Sum(e => nanjing.FerrySecondsOf(e)), 0.01);
        // Given rules win over the place; a trunk there shows which set was used.
        var forced = OsmNetworkReader.Read(Crossing(NanjingLat, NanjingLon).Save(), rules: RoadRules.Default).Graph;
        Assert.Equal(720, forced.FerryEdges.Sum(e => forced.FerrySecondsOf(e)), 0.01);
        var trunk = new OsmXml(NanjingLat, NanjingLon).Node(1, 0, 0).Node(2, 0, 1).Way(1, [1, 2], "highway", "trunk").Save();
        Assert.Equal(1, OsmNetworkReader.Read(trunk).Stats.WalkableWays);
    }

    public static TheoryData<string> ChinaExtracts => new()
    {
        "nanjing-xinjiekou-sumo.osm.gz", "beijing-pku-zhongguancun-2017.osm.gz", "beijing-cau-east-campus.osm.gz",
    };

    [Theory]
    [MemberData(nameof(ChinaExtracts))]
    public void Real_chinese_extracts_under_both_rule_sets_differ_only_in_trunks_and_motorroads(string name)
    {
        var path = ChinaExtractPath(name);
        var auto = OsmNetworkReader.Read(path).Stats;
        var china = OsmNetworkReader.Read(path, rules: RoadRules.China).Stats;
        var outside = OsmNetworkReader.Read(path, rules: RoadRules.Default).Stats;
        Assert.Equal((china.WalkableWays, china.WalkableKm), (auto.WalkableWays, auto.WalkableKm)); // the extract lies in China: chosen by itself
        Assert.Equal(("china", "default"), (auto.RoadRules, outside.RoadRules));

        // osmium reads the ways independently; each trunk gets its verdict under both sets, printed for checking by hand.
        var ways = Osmium.Ways(path);
        var nodes = NodePositions(path);
        var trunks = ways.Where(w => w.Tags.GetValueOrDefault("highway") is "trunk" or "trunk_link").ToList();
        // Off trunks, China's set closes motorroad=yes (a legal ban on walkers) and nothing else.
        var motorroads = ways.Where(w => w.Tags.GetValueOrDefault("motorroad") == "yes" && !trunks.Contains(w)
            && PedestrianAccess.Classify(w.Tags, RoadRules.Default).IsWalkable).ToList();
        foreach (var w in motorroads)
            output.WriteLine($"{name} way {w.Id} {Metres(w):0} m {string.Join(' ', w.Tags.Where(t => !t.Key.StartsWith("name:")).Select(t => $"{t.Key}={t.Value}"))}"
                + $" → default: walk; china: {PedestrianAccess.Classify(w.Tags, RoadRules.China).Reason}");
        var walkedInChina = new List<Osmium.OplWay>();
        foreach (var w in trunks)
        {
            var inChina = PedestrianAccess.Classify(w.Tags, RoadRules.China);
            var elsewhere = PedestrianAccess.Classify(w.Tags, RoadRules.Default);
            Assert.False(elsewhere.IsWalkable); // none has foot=yes or a sidewalk
            if (inChina.IsWalkable) walkedInChina.Add(w);
            output.WriteLine($"{name} way {w.Id} {Metres(w):0} m {string.Join(' ', w.Tags.Where(t => !t.Key.StartsWith("name:")).Select(t => $"{t.Key}={t.Value}"))}"
                + $" → default: {elsewhere.Reason}; china: {inChina.Reason ?? "walk"}");
        }
        output.WriteLine($"{name}: {trunks.Count} trunk ways, walkable under default 0, under china {walkedInChina.Count} ({walkedInChina.Sum(Metres):0} m)");
        // The graphs differ by exactly those ways: their count and their length (no ferry here).
        Assert.Equal(walkedInChina.Count - motorroads.Count, china.WalkableWays - outside.WalkableWays);
        Assert.Equal((walkedInChina.Sum(Metres) - motorroads.Sum(Metres)) / 1000, china.WalkableKm - outside.WalkableKm, 4);
        if (name.StartsWith("nanjing"))
        {
            // Checked by hand (openstreetmap.org/way/…): 水西门隧道 (tunnel, both carriageways) and 内环西线 (the elevated
            // inner ring, layer=1 with its bridge untagged) are urban expressway; the short untagged ramp is walked.
            Assert.Equal(5, trunks.Count);
            Assert.Equal([382381405L], walkedInChina.Select(w => w.Id));
            Assert.Equal("tunnel=yes", Reason(260718858));
            Assert.Equal("tunnel=yes", Reason(260718860));
            Assert.Equal("layer=1 without bridge=*: elevated road", Reason(260718859));
            Assert.Equal("layer=1 without bridge=*: elevated road", Reason(382381413));
            Assert.Equal(4, motorroads.Count);
        }
        else Assert.Empty(trunks.Concat(motorroads)); // the Beijing campus extracts hold none: both sets give the same graph

        string? Reason(long id) => PedestrianAccess.Classify(ways.Single(w => w.Id == id).Tags, RoadRules.China).Reason;
        double Metres(Osmium.OplWay w) => w.Nodes.Zip(w.Nodes.Skip(1)).Sum(p =>
            Coverage.Core.Geo.Geodesy.DistanceMeters(nodes[p.First].Lon, nodes[p.First].Lat, nodes[p.Second].Lon, nodes[p.Second].Lat));
    }

    /// <summary>Node positions as osmium reads them (OPL "n&lt;id&gt; … x&lt;lon&gt; y&lt;lat&gt;").</summary>
    static Dictionary<long, (double Lon, double Lat)> NodePositions(string path)
    {
        var nodes = new Dictionary<long, (double, double)>();
        foreach (var line in Osmium.Run("cat", "-t", "node", "-f", "opl", path).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ');
            double Field(char c) => double.Parse(f.Single(x => x.Length > 1 && x[0] == c).AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
            nodes[long.Parse(f[0].AsSpan(1), System.Globalization.CultureInfo.InvariantCulture)] = (Field('x'), Field('y'));
        }
        return nodes;
    }

    [Fact]
    public void Sidewalk_no_keeps_every_road_walkable_under_both_rule_sets()
    {
        // map-sidewalk-no: primary, tertiary and unclassified ways tagged sidewalk=no (Germany). People walk the road edge.
        var path = Extracts.PathOf("map-sidewalk-no.osm.gz");
        var ways = Osmium.Ways(path).Where(w => w.Tags.GetValueOrDefault("sidewalk") == "no").ToList();
        Assert.Equal(7, ways.Count); // 5 primary, 1 tertiary, 1 unclassified
        foreach (var rules in new[] { RoadRules.Default, RoadRules.China })
            Assert.All(ways, w => Assert.Null(PedestrianAccess.Classify(w.Tags, rules).Reason));
        // And the whole extract reads the same under both sets (it lies in Germany: no trunk rule, no ferry there).
        var (a, b) = (OsmNetworkReader.Read(path, rules: RoadRules.Default).Stats, OsmNetworkReader.Read(path, rules: RoadRules.China).Stats);
        Assert.Equal((a.WalkableWays, a.WalkableKm, a.Edges), (b.WalkableWays, b.WalkableKm, b.Edges));
    }

    static string ChinaExtractPath(string name)
    {
        var dir = Path.GetDirectoryName(Extracts.PathOf("monaco.osm.gz"))!;
        var path = Path.GetFullPath(Path.Combine(dir, "..", "osm-china", name));
        return File.Exists(path) ? path : throw new FileNotFoundException($"Chinese OSM extract missing: {path}");
    }
}
