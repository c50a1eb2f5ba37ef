using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Coverage.Analysis;
using Coverage.Analysis.Region;
using Coverage.Analysis.Siting;
using Coverage.Core;
using Coverage.Core.Domain;
using Coverage.Server.Web;
using Coverage.Storage.Export;
using Coverage.Storage.Import;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Coverage.Server.Cli;

/// <summary>`coverage site`: where to build next for a circle — the best k sites, or the fewest for a target.</summary>
public static class SiteCommands
{
    static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var circle = new Option<string>("--circle") { Description = "服务圈 / circle id (e.g. elderly-15)", Required = true };
        var k = new Option<int?>("--new") { Description = "新建数量 / number of new sites (maximal covering)" };
        var target = new Option<double?>("--target") { Description = "目标覆盖率 % / target share of demand (set covering)" };
        var candidates = new Option<string?>("--candidates") { Description = "候选点文件 / candidate sites (.geojson points or parcels, or .csv lon,lat[,name])" };
        var spacing = new Option<double>("--spacing") { Description = "沿路候选点间距（米）/ spacing of generated candidates (m)", DefaultValueFactory = _ => CandidateGenerator.DefaultSpacingMetres };
        var timeLimit = new Option<double>("--time-limit") { Description = "求解时限（秒）/ solver time limit (s)", DefaultValueFactory = _ => 30 };
        var capacitated = new Option<int?>("--capacitated") { Description = "按容量选址：每处新设施的容量（床位/座位数）/ capacitated siting: each new site's capacity (places); with --new" };
        var outFiles = new Option<string[]>("--out") { Description = "写出选址表（可多次）：.csv、.geojson 或 .xlsx / write the sites table (repeatable): .csv, .geojson or .xlsx" };
        var regionDir = CliStore.RegionOption();
        var store = CliStore.StoreOption();
        var cmd = new Command("site", "选址：新建哪几处覆盖最多，或最少建几处达标 / Siting: the best k new sites, or the fewest that reach a target")
            { circle, k, target, candidates, spacing, timeLimit, capacitated, outFiles, regionDir, store };
        cmd.SetAction(async (parse, ct) =>
        {
            int? n = parse.GetValue(k);
            double? pct = parse.GetValue(target);
            if (n is null == pct is null)
                throw new InputException("请给出 --new（新建数量）或 --target（目标覆盖率 %）之一", "Give exactly one of --new (number of sites) or --target (target %)");
            double limit = parse.GetValue(timeLimit);
            if (!(limit > 0)) throw new InputException($"求解时限须大于 0 秒（收到 {limit}）", $"--time-limit must be > 0 s (got {limit})");
            int? places = parse.GetValue(capacitated);
            if (places is { } c)
            {
                if (n is null) throw new InputException("--capacitated（按容量选址）须与 --new（新建数量）同用", "--capacitated (capacitated siting) goes with --new (number of sites)");
                if ((parse.GetValue(outFiles) ?? []).Length > 0) throw new InputException("按容量选址不写出选址表（--out）", "Capacitated siting writes no sites table (--out)");
                CapacitatedSiting.CheckCapacity(c);
            }
            // A bad file name fails before the solve, not after it.
            var outputs = (parse.GetValue(outFiles) ?? []).Select(path => (Path: path, Format: SitingTable.FormatOfPath(path))).ToList();
            // The plan the server serves (the store's facilities and settlements, with every planner's edit), not the raw tables.
            var engine = await ServedPlan.LoadAsync(parse.GetValue(regionDir), parse.GetValue(store), ct);
            var region = engine.Region;
            var file = parse.GetValue(candidates);
            var set = file is null ? CandidateGenerator.Along(region, parse.GetValue(spacing)) : CandidateGenerator.Given(region, ReadCandidates(file));
            foreach (var r in set.Rejected) Console.Error.WriteLine($"注意 Note: {r}");
            var limits = new SolverLimits(limit);
            if (places is { } capacity)
            {
                PrintCapacitated(CapacitatedSiting.Solve(engine, parse.GetValue(circle)!, set, n!.Value, capacity, limits));
                return 0;
            }
            var planner = new SitingPlanner(engine);
            var result = n is { } count ? planner.MaximalCovering(parse.GetValue(circle)!, count, set, limits) : planner.SetCovering(parse.GetValue(circle)!, pct!.Value, set, limits);
            Print(result);
            foreach (var (path, format) in outputs) WriteTable(result, path, format);
            return 0;
        });
        return cmd;
    }

    /// <summary>Candidate sites from GeoJSON (Point or Polygon features; id/name properties optional) or CSV (lon,lat[,name]).</summary>
    static List<GivenSite> ReadCandidates(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"找不到候选点文件 {path} / Candidate file not found: {path}");
        var sites = new List<GivenSite>();
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            var lines = File.ReadAllLines(path);
            for (int i = 1; i < lines.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(lines[i])) continue;
                var cells = lines[i].Split(',');
                if (cells.Length < 2 || !double.TryParse(cells[0], NumberStyles.Float, Ci, out var lon) || !double.TryParse(cells[1], NumberStyles.Float, Ci, out var lat))
                    throw new InputException($"候选点文件 {Path.GetFileName(path)} 第 {i + 1} 行不是“经度,纬度[,名称]”", $"{Path.GetFileName(path)} line {i + 1} is not 'lon,lat[,name]'");
                string name = cells.Length > 2 && cells[2].Trim().Length > 0 ? cells[2].Trim() : $"site-{i}";
                sites.Add(new GivenSite($"site-{i}", name, factory.CreatePoint(new Coordinate(lon, lat))));
            }
            return sites;
        }
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory());
        FeatureCollection features;
        try { features = JsonSerializer.Deserialize<FeatureCollection>(File.ReadAllText(path), options) ?? []; }
        catch (JsonException e) { throw new InputException($"候选点文件 {Path.GetFileName(path)} 不是 GeoJSON", $"Candidate file {Path.GetFileName(path)} is not GeoJSON: {e.Message}"); }
        int n = 0;
        foreach (var f in features)
        {
            n++;
            string? Attr(string key) => f.Attributes?.Exists(key) == true ? f.Attributes[key]?.ToString() : null;
            string id = Attr("id") ?? $"site-{n}";
            sites.Add(new GivenSite(id, Attr("name") ?? id, f.Geometry));
        }
        return sites;
    }

    static void WriteTable(SitingResult result, string path, string format)
    {
        AtomicFile.Write(path, temp =>
        {
            using var file = File.Create(temp);
            SitingTable.Write(result, format, file);
        });
        Console.WriteLine($"已写出 Wrote {path}（{result.Optimal.Sites.Count} 处 sites）");
    }

    /// <summary>A capacitated answer: served within capacities before and after, the quality (bound and gap), and what each site adds.</summary>
    static void PrintCapacitated(CapacitatedSitingResult r)
    {
        string People(double d) => d.ToString("N0", Ci);
        var d = r.Circle.Demand;
        string unit = $"{d.UnitZh()} {d.UnitEn()}";
        var a = r.Answer;
        Console.WriteLine($"服务圈 Circle: {r.Circle.Id} {r.Circle.NameZh} — {r.Circle.Minutes.ToString(Ci)} min, {r.Circle.Profile}, {d.NameZh()} {d.NameEn()}");
        Console.WriteLine(string.Create(Ci, $"按容量选址 Capacitated siting: {r.K} 处新设施，每处容量 {r.SiteCapacity} / {r.K} new sites of {r.SiteCapacity} places each"));
        Console.WriteLine(string.Create(Ci, $"现状容量内服务 Served within capacity now: {People(r.ServedBefore)} / {People(r.TotalDemand)} {unit} ({r.PercentBefore:0.0}%)"));
        Console.WriteLine(string.Create(Ci, $"候选点 Candidates: {r.Candidates}"));
        foreach (var note in r.Notes) Console.WriteLine($"注意 Note: {note}");
        Console.WriteLine();
        Console.WriteLine(string.Create(Ci, $"建议新建 {a.Sites.Count} 处 Suggested {a.Sites.Count} sites: 容量内新增服务 +{People(a.NewlyCoveredDemand)} {unit} → {People(r.ServedAfter)} ({a.PercentAfter:0.0}%)"));
        string bound = a.Bound is { } b && double.IsFinite(b) ? People(b) : "—";
        string gap = a.Gap is { } g && double.IsFinite(g) ? string.Create(Ci, $"{g * 100:0.##}%") : "—";
        Console.WriteLine($"方案质量 Quality: {a.Quality.Zh} / {a.Quality.En}（上界 bound {bound}，差距 gap {gap}）");
        int i = 0;
        foreach (var p in a.Sites)
        {
            var l = p.Label;
            Console.WriteLine(string.Create(Ci, $"{++i,3}. {l.NameZh} / {l.NameEn}  {l.Town}  {p.Site.Lon:0.000000},{p.Site.Lat:0.000000}  容量内服务 served +{People(p.NewlyCoveredDemand)} {unit}"));
        }
    }

    static void Print(SitingResult r)
    {
        string People(double d) => d.ToString("N0", Ci);
        var d = r.Circle.Demand;
        var (statusesZh, statusesEn) = Core.Domain.StatusNames.Describe(r.CountedStatuses);
        Console.WriteLine($"服务圈 Circle: {r.Circle.Id} {r.Circle.NameZh} — {r.Circle.Minutes.ToString(Ci)} min, {r.Circle.Profile}, {d.NameZh()} {d.NameEn()}");
        Console.WriteLine(string.Create(Ci, $"现状 Base: {r.BasePercent:0.0}% of {People(r.TotalDemand)} {d.UnitZh()} {d.UnitEn()} covered by {r.BaseFacilities} facilities (计入 counted: {statusesZh} / {statusesEn})"));
        Console.WriteLine(string.Create(Ci, $"候选点 Candidates: {r.Candidates}（可达范围计算 {r.ReachTime.TotalSeconds:0.0} 秒 / reach computed in {r.ReachTime.TotalSeconds:0.0} s)"));
        Console.WriteLine(string.Create(Ci, $"全部候选点可达 Reachable with all candidates: {r.ReachablePercent:0.0}%"));
        foreach (var note in r.Notes) Console.WriteLine($"注意 Note: {note}");
        var o = r.Optimal;
        var q = o.Quality;
        string unit = $"{d.UnitZh()} {d.UnitEn()}";
        Console.WriteLine();
        Console.WriteLine(r.Mode == SitingMode.MaximalCovering
            ? string.Create(Ci, $"建议新建 {o.Sites.Count} 处 Suggested {o.Sites.Count} sites: 新增覆盖 +{People(o.NewlyCoveredDemand)} {unit} → {o.PercentAfter:0.0}%")
            : string.Create(Ci, $"建议新建 {o.Sites.Count} 处 Suggested {o.Sites.Count} sites reach {o.PercentAfter:0.0}% (目标 target {r.TargetPercent:0.#}%)"));
        Console.WriteLine($"方案质量 Quality: {q.Zh} / {q.En}");
        int i = 0;
        foreach (var p in o.Sites)
        {
            var l = p.Label;
            Console.WriteLine(string.Create(Ci, $"{++i,3}. {l.NameZh} / {l.NameEn}  {l.Town}  {p.Site.Lon:0.000000},{p.Site.Lat:0.000000}  +{People(p.NewlyCoveredDemand)} {unit}"));
            foreach (var v in p.Settlements.Take(8))
                Console.WriteLine(string.Create(Ci, $"       {v.Name} ({v.Town}) +{People(v.Demand)} ({v.ShareOfSettlement:P0})"));
            if (p.Settlements.Count > 8) Console.WriteLine($"       … +{p.Settlements.Count - 8} more / 另有 {p.Settlements.Count - 8} 个");
        }
        var g = r.Greedy;
        Console.WriteLine();
        Console.WriteLine(r.Mode == SitingMode.MaximalCovering
            ? string.Create(Ci, $"对照：逐个挑选（贪心法）For comparison, one at a time (greedy): +{People(g.NewlyCoveredDemand)} → {g.PercentAfter:0.0}% ({(o.NewlyCoveredDemand - g.NewlyCoveredDemand):+#,0;-#,0;0} {unit} in the suggestion's favour)")
            : string.Create(Ci, $"对照：逐个挑选（贪心法）For comparison, one at a time (greedy): {g.Sites.Count} sites → {g.PercentAfter:0.0}% ({g.Sites.Count - o.Sites.Count} more than suggested)"));
    }
}
