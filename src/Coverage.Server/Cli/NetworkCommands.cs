using System.CommandLine;
using System.Globalization;
using Coverage.Core;
using Coverage.Core.Geo;
using Coverage.Network.Cache;
using Coverage.Network.Search;
using Coverage.Network.Snapping;
using Coverage.Network.Osm;
using Coverage.Network.Roads;
using Coverage.Server.Region;
using Spectre.Console;

namespace Coverage.Server.Cli;

/// <summary>`coverage network build|time`: the walking network of an OSM extract, road layers, or both merged.</summary>
public static class NetworkCommands
{
    public static Command Create()
    {
        var network = new Command("network", "步行路网 / The walking network built from an OSM extract");
        network.Subcommands.Add(Build());
        network.Subcommands.Add(Time());
        return network;
    }

    static Argument<string?> ExtractArgument() =>
        new("extract") { Description = "OSM 提取文件（给出 --roads 时可省略）/ OSM extract (.osm.pbf, .osm or .osm.gz); optional with --roads", Arity = ArgumentArity.ZeroOrOne };

    /// <summary>The road-layer options every network verb takes; <see cref="Sources"/> reads them with the extract.</summary>
    sealed class RoadOptions
    {
        public readonly Option<string[]> Roads = new("--roads")
        { Description = "道路图层（可重复；Shapefile、GeoPackage、GeoJSON）/ road layer, repeatable (Shapefile, GeoPackage, GeoJSON)" };
        public readonly Option<string?> Crs = new("--crs")
        { Description = "道路图层坐标系（wgs84、cgcs2000、cgcs2000-gk3:N、gcj02、bd09、EPSG:n；默认读 .prj 或推断）/ the layers' CRS (default: declared, else guessed)" };
        public readonly Option<string?> Layer = new("--layer") { Description = "GeoPackage 图层名 / GeoPackage layer name" };
        public readonly Option<string?> Mapping = new("--road-mapping")
        { Description = "道路属性映射 JSON / attribute mapping JSON (default: common Chinese field names)" };
        public readonly Option<string?> Topology = new("--topology")
        { Description = "道路图层拓扑 auto | noded | repair（默认 auto：顶点已共享则只在共享顶点处连接，否则修复交叉与端点）/ road layer topology (default auto: joined at shared vertices when the layer is noded, else repaired)" };
        public readonly Option<string?> Rules = new("--rules")
        { Description = "道路规则 auto | china | default，可加渡口等候秒数如 china:600（默认按所在地）/ road rules, optionally with the ferry wait in seconds (default: by place)" };

        public void AddTo(Command cmd)
        {
            cmd.Options.Add(Roads); cmd.Options.Add(Crs); cmd.Options.Add(Layer); cmd.Options.Add(Mapping); cmd.Options.Add(Topology); cmd.Options.Add(Rules);
        }

        /// <summary>The extract and layers typed; --crs, --layer and --road-mapping apply to every --roads.</summary>
        public NetworkSources Sources(ParseResult parse, Argument<string?> extract)
        {
            var path = parse.GetValue(extract);
            var topology = RoadTopologyNames.Parse(parse.GetValue(Topology));
            var roads = (parse.GetValue(Roads) ?? []).Select(r => new RoadLayerSource(r, parse.GetValue(Layer), parse.GetValue(Crs), parse.GetValue(Mapping), topology)).ToList();
            if (path == null && roads.Count == 0)
                throw new InputException("请给出 OSM 提取文件或 --roads 道路图层", "Give an OSM extract, a --roads road layer, or both.");
            if (roads.Count == 0 && (parse.GetValue(Crs) ?? parse.GetValue(Layer) ?? parse.GetValue(Mapping) ?? parse.GetValue(Topology)) != null)
                throw new InputException("--crs、--layer、--road-mapping、--topology 只适用于 --roads 道路图层", "--crs, --layer, --road-mapping and --topology apply to --roads layers only.");
            return new NetworkSources(path, roads, NetworkMergeOptions.Default, RoadRules.Parse(parse.GetValue(Rules)));
        }
    }

    static Option<string?> CacheOption() =>
        new("--cache") { Description = "路网缓存文件 / graph cache file (default: ~/.cache/coverage/graphs)" };

    static Command Build()
    {
        var extract = ExtractArgument();
        var cache = CacheOption();
        var roads = new RoadOptions();
        var rebuild = new Option<bool>("--rebuild") { Description = "忽略缓存重新构建 / ignore the cache and rebuild" };
        var cmd = new Command("build", "构建步行路网并输出统计 / Build the walking network and print its statistics") { extract, cache, rebuild };
        roads.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var sources = roads.Sources(parse, extract);
            var cachePath = parse.GetValue(cache);
            if (parse.GetValue(rebuild))
            {
                var target = cachePath ?? WalkGraphCache.DefaultPathFor(sources);
                if (File.Exists(target)) File.Delete(target);
            }
            var load = LoadWithProgress(sources, cachePath);
            PrintStats(load);
            return 0;
        });
        return cmd;
    }

    /// <summary>Exit codes of `network time` beyond 0 (walked) and 2 (bad input, as every verb).</summary>
    public const int NoPathExitCode = 3, TooFarExitCode = 4;

    static Command Time()
    {
        var extract = ExtractArgument();
        var cache = CacheOption();
        var roads = new RoadOptions();
        var from = new Option<string>("--from") { Description = "起点 经度,纬度 / start LON,LAT (WGS84)", Required = true };
        var to = new Option<string>("--to") { Description = "终点 经度,纬度 / destination LON,LAT (WGS84)", Required = true };
        var profile = new Option<string>("--profile") { Description = "步行类型 adult | elderly / walk profile", DefaultValueFactory = _ => "adult" };
        var maxSnap = new Option<double>("--max-snap") { Description = "最大接入距离（米）/ maximum snap distance (m)", DefaultValueFactory = _ => Snapper.DefaultMaxMetres };
        var cmd = new Command("time",
            "两点间步行时间 / Walk time between two points. 退出码 Exit codes: 0 已算出 walked, 2 输入有误 bad input, " +
            $"{NoPathExitCode} 无步行路径 no walking path, {TooFarExitCode} 离步行道路太远 too far from any walkable way")
            { extract, cache, from, to, profile, maxSnap };
        roads.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var sources = roads.Sources(parse, extract);
            // Validate everything the user typed before the (possibly slow) network load.
            var a = LonLat.Parse(parse.GetValue(from)!);
            var b = LonLat.Parse(parse.GetValue(to)!);
            var walk = WalkProfile.Get(parse.GetValue(profile)!);
            double limit = parse.GetValue(maxSnap);
            if (!(limit >= 0))
                throw new InputException(string.Create(CultureInfo.InvariantCulture, $"--max-snap 须为不小于 0 的米数（收到 {limit}）"),
                    string.Create(CultureInfo.InvariantCulture, $"--max-snap must be a distance ≥ 0 m (got {limit})."));
            var load = LoadWithProgress(sources, parse.GetValue(cache));
            var snapper = new Snapper(load.Graph);
            var r = WalkTime.Between(snapper, a, b, walk, limit);
            var ci = CultureInfo.InvariantCulture;
            string Place(string zh, string en, SnapResult s) => string.Create(ci,
                $"{zh} {en}: {s.Lon:0.000000},{s.Lat:0.000000} → 路网 network {s.SnappedLon:0.000000},{s.SnappedLat:0.000000} ({Metres(s.DistanceMetres)} m off-network{(s.IsOnIsland ? "; 位于孤立小路网 on an island" : "")})");
            switch (r.Status)
            {
                case WalkTimeStatus.FromNotOnNetwork:
                    return TooFar("起点", "The start", r.From, limit);
                case WalkTimeStatus.ToNotOnNetwork:
                    return TooFar("终点", "The destination", r.To, limit);
            }
            Console.WriteLine(Place("起点", "from", r.From));
            Console.WriteLine(Place("终点", "to", r.To));
            if (r.Status == WalkTimeStatus.NoPath)
            {
                Console.WriteLine("无步行路径 No walking path: " + r.Cause!.Value.Describe(limit));
                return NoPathExitCode;
            }
            Console.WriteLine(string.Create(ci, $"步行时间 walk time ({walk.Id}, {walk.SpeedMetresPerSecond} m/s): {r.Seconds / 60:0.0} min ({r.Seconds:0} s), {r.Metres:0} m"));
            return 0;
        });
        return cmd;
    }

    /// <summary>One line on stderr, like every input error, but its own exit code: the input was valid, the place is not near a way.</summary>
    static int TooFar(string zh, string en, SnapResult s, double limit)
    {
        string d = Metres(s.DistanceMetres), max = limit.ToString("#,0.##", CultureInfo.InvariantCulture);
        Console.Error.WriteLine(s.Status == SnapStatus.NoNetwork
            ? "错误 Error: 路网中没有可步行道路 / The network has no walkable way."
            : $"错误 Error: {zh}距最近可步行道路 {d} 米，超过接入上限 {max} 米 / {en} is {d} m from the nearest walkable way, beyond the {max} m snap limit: check the coordinates or raise --max-snap.");
        return TooFarExitCode;
    }

    /// <summary>Metres as a planner reads them: whole metres from 10 m, finer below, so "0.03 m" never prints as "0 m".</summary>
    static string Metres(double m) => m.ToString(m >= 10 ? "#,0" : m >= 1 ? "0.0" : "0.00", CultureInfo.InvariantCulture);

    /// <summary>Loads (or builds and caches) the graph of an extract with a progress bar on the console.</summary>
    public static WalkGraphLoad LoadWithProgress(string extractPath, string? cachePath) =>
        LoadWithProgress(NetworkSources.OfExtract(extractPath), cachePath);

    /// <summary>Loads (or builds and caches) the graph of an extract and road layers with a progress bar; prints the
    /// build report (road layers noded, merges with OSM) under it.</summary>
    public static WalkGraphLoad LoadWithProgress(NetworkSources sources, string? cachePath)
    {
        WalkGraphLoad? load = null;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"读取 Reading {Path.GetFileName(sources.PrimaryPath)}", maxValue: 1);
                load = NetworkInputs.Load(sources, cachePath, new Progress<double>(v => task.Value = v));
                task.Value = 1;
            });
        if (load!.Warning is not null) AnsiConsole.MarkupLine($"[yellow]注意 Note:[/] {Markup.Escape(load.Warning)}");
        foreach (var line in load.Report) Console.WriteLine(line);
        return load;
    }

    static void PrintStats(WalkGraphLoad load)
    {
        var s = load.Stats;
        var ci = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("指标 Figure").AddColumn(new TableColumn("值 Value").RightAligned());
        void Row(string k, string v) => table.AddRow(Markup.Escape(k), Markup.Escape(v));
        // A road layer's "nodes" are its distinct vertices after noding, not OSM nodes: say which.
        bool osm = !s.Format.Contains("RoadLayer", StringComparison.Ordinal);
        string nodes = osm ? "OSM 节点 OSM nodes read" : s.Format == "RoadLayer" ? "图层顶点 Layer vertices" : "节点 Nodes (OSM + layer vertices)";
        Row("数据 Input", $"{s.Extract} ({s.Format})");
        Row("来源 Source", load.FromCache ? $"缓存 cache {load.CachePath}" : $"构建 built, cached to {load.CachePath}");
        Row(nodes, s.OsmNodesRead.ToString("N0", ci));
        Row(osm ? "OSM 道路 ways read / walkable" : "道路 ways read / walkable", $"{s.WaysRead.ToString("N0", ci)} / {s.WalkableWays.ToString("N0", ci)}");
        Row("路网节点 Graph nodes", s.GraphNodes.ToString("N0", ci));
        Row("路段 Edges (arcs)", $"{s.Edges.ToString("N0", ci)} ({s.Arcs.ToString("N0", ci)})");
        Row("道路规则 Road rules", s.RoadRules == RoadRules.China.Name
            ? $"中国 China: 干线公路可步行，快速路/隧道/高架除外（剔除高架路段 {s.ElevatedWaysDropped.ToString("N0", ci)} 条）; trunk roads walkable except expressways, tunnels, elevated roads ({s.ElevatedWaysDropped.ToString("N0", ci)} elevated ways left out)"
            : "默认 default: 干线公路须有 foot=yes 或人行道 / trunk roads only with foot=yes or a sidewalk");
        Row("渡口 Ferry edges", s.FerryEdges.ToString(ci));
        Row("可步行里程 Walkable km", s.WalkableKm.ToString("N1", ci));
        Row("连通分量 Components", $"{s.Components.ToString("N0", ci)} (largest {s.LargestComponentShare:P1}; {s.SmallIslands} islands ≤ {NetworkBuildStats.SmallIslandMaxNodes} nodes)");
        Row("缺失节点引用 Missing node refs", s.MissingNodeRefs.ToString("N0", ci));
        Row("构建时间 Build time", $"{s.BuildTime.TotalMilliseconds.ToString("N0", ci)} ms ({(s.OsmNodesPerSecond / 1e6).ToString("N2", ci)} M {(osm ? "OSM nodes" : "nodes")}/s)");
        Row("内存 Graph bytes / node", $"{s.TopologyBytesPerNode.ToString("N1", ci)} topology + {(s.GraphNodes == 0 ? 0 : (double)s.ShapeBytes / s.GraphNodes).ToString("N1", ci)} shape");
        var ways = load.Graph.Ways;
        Row("道路编号与名称 Way ids / names", $"{ways.Names.Length.ToString("N0", ci)} names, {(ways.EdgeCount == 0 ? 0 : (double)ways.Bytes / ways.EdgeCount).ToString("N1", ci)} B / edge (labels only)");
        Row("托管内存峰值 Managed peak", $"{(s.ManagedPeakBytes / 1048576.0).ToString("N1", ci)} MiB");
        AnsiConsole.Write(table);
    }
}
