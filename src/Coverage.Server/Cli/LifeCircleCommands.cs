using System.CommandLine;
using System.Globalization;
using Coverage.Analysis.LifeCircles;
using Coverage.Analysis.Reports;
using Coverage.Analysis.Siting;
using Coverage.Core;

namespace Coverage.Server.Cli;

/// <summary>`coverage life-circles`: the plan's 15-minute life-circle units (划定15分钟生活圈), as a summary or as a CSV/GeoJSON table.</summary>
public static class LifeCircleCommands
{
    static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var format = new Option<string?>("--format") { Description = "输出表格格式：csv 或 geojson（不给则打印摘要）/ table format: csv or geojson (none: a summary)" };
        var timeLimit = new Option<double>("--time-limit") { Description = "求解时限（秒）/ solver time limit (s)", DefaultValueFactory = _ => 30 };
        var regionDir = CliStore.RegionOption();
        var store = CliStore.StoreOption();
        var cmd = new Command("life-circles", "划定15分钟生活圈：把村（社区）分成步行 15 分钟可达中心的单元 / 15-minute life-circle units")
            { format, timeLimit, regionDir, store };
        cmd.SetAction(async (parse, ct) =>
        {
            var kind = parse.GetValue(format)?.Trim().ToLowerInvariant();
            if (kind is not (null or "csv" or "geojson"))
                throw new InputException($"--format 应为 csv 或 geojson，而不是“{kind}”", $"--format must be csv or geojson, not '{kind}'");
            double limit = parse.GetValue(timeLimit);
            if (!(limit > 0)) throw new InputException($"求解时限须大于 0 秒（收到 {limit}）", $"--time-limit must be > 0 s (got {limit})");
            var engine = await ServedPlan.LoadAsync(parse.GetValue(regionDir), parse.GetValue(store), ct);
            var result = LifeCircleResult.Compute(engine.Region, new SolverLimits(limit));
            var table = LifeCircleTable.Of(result);
            using var stdout = Console.OpenStandardOutput();
            if (kind == "csv") TableWriters.WriteCsv(table, stdout, chineseHeadings: true);
            else if (kind == "geojson") TableWriters.WriteGeoJson(table, stdout);
            else Print(result);
            return 0;
        });
        return cmd;
    }

    static void Print(LifeCircleResult r)
    {
        var s = r.Solution;
        Console.WriteLine($"规则 Rule: {r.Rule.SourceZh}");
        Console.WriteLine(string.Create(Ci, $"单元 Units: {r.Units.Count}（达标 meeting {r.Units.Count(u => u.Meets)}；求解器 solver {s.Units}，下界 bound {s.UnitsBound}，差距 gap {s.UnitsGap:P1}）"));
        Console.WriteLine(string.Create(Ci, $"步行合计 Total walk: {s.Seconds / 60.0:0.0} min（下界 bound {s.SecondsBound / 60:0.0}，差距 gap {s.SecondsGap:P1}；{s.Status}，{s.Wall.TotalSeconds:0.0} s）"));
        foreach (var u in r.Units)
        {
            var centre = r.Instance.Members[u.Centre];
            string time = u.MaxMinutes is double t ? string.Create(Ci, $"{t:0.0} min") : "—";
            string why = LifeCircleTable.Why(r.Instance, u);
            Console.WriteLine(string.Create(Ci, $"  {u.Id}  {centre.Town} {centre.Name}  {u.Members.Count} 村/members  {u.Population:N0} 人  {time}{(why.Length > 0 ? "  ✗ " + why : "")}"));
        }
        foreach (var n in r.Notes) Console.WriteLine($"注意 Note: {n.Zh} / {n.En}");
    }
}
