using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Coverage.Analysis.Circles;
using Coverage.Core;
using Coverage.Core.Domain;
using Coverage.Server.Api;

namespace Coverage.Server.Cli;

/// <summary>`coverage report`: a circle's (or every circle's) coverage report, from the plan the server would serve.</summary>
public static class ReportCommands
{
    static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var circle = new Option<string>("--circle") { Description = "服务圈编号，或 all / circle id (e.g. elderly-15), or all", Required = true };
        var format = new Option<string?>("--format")
        { Description = "格式 html | docx | csv | geojson | gpkg | xlsx（默认取 --out 的扩展名，否则 html）/ format (default: --out's extension, else html)" };
        var output = new Option<string?>("--out") { Description = "输出文件（默认当前目录）/ output file (default: in the current folder)" };
        var table = new Option<string?>("--table")
        { Description = "表 uncovered | settlements | towns | county | problems | all（csv/geojson 默认 settlements；html/docx/gpkg/xlsx 默认全部）/ table (csv, geojson: one; default settlements; html, docx, gpkg, xlsx: all)" };
        var region = CliStore.RegionOption();
        var store = CliStore.StoreOption();
        var cmd = new Command("report", "覆盖评估报告 / Coverage report: who each circle leaves out, by town and county")
            { circle, format, output, table, region, store };
        cmd.SetAction(async (parse, ct) =>
        {
            var kind = parse.GetValue(format)?.Trim().ToLowerInvariant() ?? CoverageReport.FormatOf(parse.GetValue(output)) ?? "html";
            var tableName = parse.GetValue(table)?.Trim().ToLowerInvariant() ?? CoverageReport.DefaultTable(kind);
            // Everything the planner typed is checked before the region loads.
            CoverageReport.Check(kind, tableName);
            var circleId = parse.GetValue(circle)!.Trim();
            var path = OutputPath(parse.GetValue(output), circleId, kind, tableName);
            Writable(path, () => EnsureWritable(path));

            var clock = Stopwatch.StartNew();
            var engine = await ServedPlan.LoadAsync(parse.GetValue(region), parse.GetValue(store), ct);
            var loaded = clock.Elapsed;
            var coverages = circleId.Equals("all", StringComparison.OrdinalIgnoreCase)
                ? engine.EvaluateAll() : [engine.Evaluate(circleId)];
            Writable(path, () => CoverageReport.WriteFile(path, kind, engine.Region, coverages, tableName,
                kind is "html" or "docx" ? ReportSections.For(engine, coverages) : []));
            foreach (var c in coverages) Console.WriteLine(Summary(c));
            Console.WriteLine(string.Create(Ci,
                $"已写入 Written: {path} ({kind}, {new FileInfo(path).Length:N0} B; region loaded in {loaded.TotalSeconds:0.0} s, report in {(clock.Elapsed - loaded).TotalSeconds:0.0} s)"));
            return 0;
        });
        return cmd;
    }

    static void Writable(string path, Action write)
    {
        try { write(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"无法写入 {path}（{e.Message}），请换一个可写的 --out", $"Cannot write {path} ({e.Message}): choose a writable --out");
        }
    }

    /// <summary>Creates the folder and a scratch file in it, so an unwritable --out fails before minutes of work.</summary>
    static void EnsureWritable(string path)
    {
        var dir = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(dir);
        using var _ = new FileStream(Path.Combine(dir, $".coverage-write-check-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write,
            FileShare.None, 1, FileOptions.DeleteOnClose);
    }

    /// <summary>--out as given (a folder gets the default name inside it), else coverage-CIRCLE[-TABLE].EXT in the current folder.</summary>
    static string OutputPath(string? given, string circleId, string format, string table)
    {
        var safe = string.Concat(circleId.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_'));
        // The format's default table is unnamed, as in the API's downloads (coverage-elderly-15.csv).
        var name = $"coverage-{safe}{(table == CoverageReport.DefaultTable(format) ? "" : "-" + table)}.{format}";
        if (string.IsNullOrWhiteSpace(given)) return Path.GetFullPath(name);
        var full = Path.GetFullPath(given);
        return Directory.Exists(full) ? Path.Combine(full, name) : full;
    }

    static string Summary(CircleCoverage c)
    {
        if (!c.Computed) return $"{c.Circle.Id} {c.Circle.NameZh}: 未能计算 not computed — {string.Join("; ", c.Notes.Select(n => n.En))}";
        var k = c.County;
        var d = c.Circle.Demand;
        return string.Create(Ci, $"{c.Circle.Id} {c.Circle.NameZh}: {k.CoveredDemand:N0} / {k.Demand:N0} {d.UnitZh()} {d.UnitEn()} covered ({k.DemandShare * 100:0.0}%, target {k.TargetPercent:0.#}%{(k.TargetMet ? ", met" : $", gap {k.GapPeople:N0} {d.UnitZh()}")}); ") +
               string.Create(Ci, $"行政村/社区 villages fully covered {k.Villages.Covered}/{k.Villages.Total} (partly {k.Villages.Partly}); ") +
               string.Create(Ci, $"居民点 places fully covered {k.Covered}/{k.Settlements}, not fully covered {k.Settlements - k.Covered}");
    }
}
