using System.CommandLine;
using System.Globalization;
using Coverage.Analysis.Indicators;
using Coverage.Core;
using Coverage.Server.Api;

namespace Coverage.Server.Cli;

/// <summary>
/// `coverage indicators`: the plan's target sheet (seeds/indicators.json) checked on the plan the server would serve; one line
/// per indicator on the console, and with --format the tables as a file (the same as GET /api/indicators gives).
/// </summary>
public static class IndicatorCommands
{
    public static Command Create()
    {
        var format = new Option<string?>("--format") { Description = "写文件的格式 csv | xlsx | html | json（不给则只打印）/ write a file in this format (default: print only)" };
        var table = new Option<string>("--table") { Description = "csv 的表 indicators | towns | shortfalls | notes / table for csv", DefaultValueFactory = _ => "indicators" };
        var output = new Option<string?>("--out") { Description = "输出文件（默认当前目录 indicators.EXT）/ output file (default: indicators.EXT here)" };
        var region = CliStore.RegionOption();
        var store = CliStore.StoreOption();
        var cmd = new Command("indicators", "规划指标检查 / Plan indicators: built counts and km, presence per town and village, per-capita area, per 1,000")
            { format, table, output, region, store };
        cmd.SetAction(async (parse, ct) =>
        {
            var kind = parse.GetValue(format)?.Trim().ToLowerInvariant();
            var which = parse.GetValue(table)!.Trim().ToLowerInvariant();
            if (kind is not null) IndicatorReport.Check(kind, which);
            var engine = await ServedPlan.LoadAsync(parse.GetValue(region), parse.GetValue(store), ct);
            var results = engine.Indicators;
            foreach (var r in results) Console.WriteLine(Line(r));
            if (kind is null) return 0;
            var path = Path.GetFullPath(parse.GetValue(output) ?? (kind == "csv" && which != "indicators" ? $"indicators-{which}.csv" : $"indicators.{kind}"));
            try { IndicatorReport.WriteFile(path, kind, which, results); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"无法写入 {path}（{e.Message}），请换一个可写的 --out", $"Cannot write {path} ({e.Message}): choose a writable --out");
            }
            Console.WriteLine($"已写入 Written: {path}");
            return 0;
        });
        return cmd;
    }

    /// <summary>"[达标 met] 新增日间照料中心 New day-care centres: 23 / ≥20 家 (centres); towns meeting 3/8".</summary>
    public static string Line(IndicatorResult r)
    {
        var (zh, en) = IndicatorTables.LightName(r.Light);
        var d = r.Definition;
        var towns = r.Towns.All(t => t.Light == IndicatorLight.NoTownTarget) ? ""
            : $"；达标镇（街道）towns meeting {r.Towns.Count(t => t.Light == IndicatorLight.Met)}/{r.Towns.Count}";
        return string.Create(CultureInfo.InvariantCulture,
            $"[{zh} {en}] {d.NameZh} {d.NameEn}: {(r.Value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "—")} / {IndicatorTables.Target(d)} {d.UnitZh} ({d.UnitEn}){towns}");
    }
}
