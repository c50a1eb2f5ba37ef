using System.CommandLine;
using System.Globalization;
using Coverage.Analysis.LifeCircles;
using Coverage.Analysis.Reports;
using Coverage.Analysis.Siting;
using Coverage.Core;
using Coverage.Storage;

namespace Coverage.Server.Cli;

/// <summary>`coverage life-circles`: the plan's 15-minute life-circle units (划定15分钟生活圈), as a summary or as a CSV/GeoJSON table.</summary>
public static class LifeCircleCommands
{
    static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var format = new Option<string?>("--format") { Description = "输出表格格式：csv 或 geojson（不给则打印摘要）/ table format: csv or geojson (none: a summary)" };
        var timeLimit = new Option<double>("--time-limit") { Description = "求解时限（秒）/ solver time limit (s)", DefaultValueFactory = _ => 30 };
        var grouping = new Option<string?>("--grouping")
            { Description = "打印已保存的生活圈划分（规划人员在地图上调整后保存的）/ print a saved grouping (as planners edited and saved it on the map)" };
        var regionDir = CliStore.RegionOption();
        var store = CliStore.StoreOption();
        var cmd = new Command("life-circles", "划定15分钟生活圈：把村（社区）分成步行 15 分钟可达中心的单元 / 15-minute life-circle units")
            { format, timeLimit, grouping, regionDir, store };
        cmd.SetAction(async (parse, ct) =>
        {
            var kind = parse.GetValue(format)?.Trim().ToLowerInvariant();
            if (kind is not (null or "csv" or "geojson"))
                throw new InputException($"--format 应为 csv 或 geojson，而不是“{kind}”", $"--format must be csv or geojson, not '{kind}'");
            double limit = parse.GetValue(timeLimit);
            if (!(limit > 0)) throw new InputException($"求解时限须大于 0 秒（收到 {limit}）", $"--time-limit must be > 0 s (got {limit})");
            var name = parse.GetValue(grouping)?.Trim();
            SavedGrouping? saved = null;
            var (engine, planVersion, boundary) = await ServedPlan.LoadVersionedAsync(parse.GetValue(regionDir), parse.GetValue(store), ct,
                name is null ? null : async s => saved = await s.GetGroupingAsync(name, ct) ?? throw NoSuchGrouping(name, await s.ListGroupingsAsync(ct)));
            // A saved grouping is judged as it was saved: no solve (minutes on a large plan) just to print it.
            var result = saved is null ? LifeCircleResult.Compute(engine.Region, new SolverLimits(limit), boundary) : null;
            var instance = result?.Instance ?? LifeCircleInstance.Build(engine.Region, LifeCircleRule.FromSeeds(engine.Region.Seeds));
            var units = saved is null ? result!.Units : SavedUnits(instance, saved, planVersion, engine, boundary);
            var table = LifeCircleTable.Of(instance, units);
            using var stdout = Console.OpenStandardOutput();
            if (kind == "csv") TableWriters.WriteCsv(table, stdout, chineseHeadings: true);
            else if (kind == "geojson") TableWriters.WriteGeoJson(table, stdout);
            else if (saved is null) Print(result!);
            else PrintSaved(instance, saved, planVersion, units);
            return 0;
        });
        return cmd;
    }

    static InputException NoSuchGrouping(string name, IReadOnlyList<SavedGrouping> all) => new(
        $"没有名为“{name}”的生活圈划分；已保存：{(all.Count == 0 ? "（无）" : string.Join("、", all.Select(g => g.Name)))}",
        $"No life-circle grouping named '{name}'; saved: {(all.Count == 0 ? "(none)" : string.Join(", ", all.Select(g => g.Name)))}");

    /// <summary>
    /// The saved units judged on the plan as it is now, drawn like the computed ones (clipped to the region's boundary, as the
    /// server draws them); refused when its villages are no longer the plan's.
    /// </summary>
    static IReadOnlyList<LifeCircleUnit> SavedUnits(LifeCircleInstance instance, SavedGrouping saved, long planVersion, Analysis.CoverageEngine engine,
        NetTopologySuite.Geometries.Geometry? boundary)
    {
        var proposed = saved.Units.Select(u => new ProposedUnit(u.Id, u.CentreId, u.Members)).ToList();
        var problems = LifeCircleProposal.Problems(instance, proposed);
        if (problems.Count > 0)
            throw new InputException(
                $"划分“{saved.Name}”依据规划版本 {saved.PlanVersion}，当前为 {planVersion}，与现在的村（社区）不符：{problems[0].Zh}；请在地图上重新调整并保存",
                $"Grouping '{saved.Name}' was drawn on plan version {saved.PlanVersion} (now {planVersion}) and no longer fits the plan's villages: {problems[0].En}; redo it on the map and save it again");
        return LifeCirclePolygons.WithPolygons(engine.Region.Projection, instance, LifeCircleProposal.Judge(instance, proposed), boundary);
    }

    static void PrintSaved(LifeCircleInstance inst, SavedGrouping g, long planVersion, IReadOnlyList<LifeCircleUnit> units)
    {
        Console.WriteLine($"生活圈划分 Grouping: {g.Name}{(g.Description is { } d ? $"（{d}）" : "")}  {g.Stamp?.UpdatedBy} {g.Stamp?.UpdatedAt:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine(string.Create(Ci, $"规划版本 Plan version: {g.PlanVersion}{(g.PlanVersion == planVersion ? "（当前 current）" : $"（当前为 now {planVersion}：规划已更新，下表按当前规划重新检查 / the plan changed: judged again below)")}"));
        Console.WriteLine(string.Create(Ci, $"保存时检查 Check when saved: {g.Check.UnitCount} 个单元 units，达标 meeting {g.Check.Meeting}"));
        Console.WriteLine($"规则 Rule: {inst.Rule.SourceZh}");
        PrintUnits(inst, units);
    }

    static void Print(LifeCircleResult r)
    {
        var s = r.Solution;
        Console.WriteLine($"规则 Rule: {r.Rule.SourceZh}");
        Console.WriteLine(string.Create(Ci, $"单元 Units: {r.Units.Count}（达标 meeting {r.Units.Count(u => u.Meets)}；求解器 solver {s.Units}，下界 bound {s.UnitsBound}，差距 gap {s.UnitsGap:P1}）"));
        Console.WriteLine(string.Create(Ci, $"步行合计 Total walk: {s.Seconds / 60.0:0.0} min（下界 bound {s.SecondsBound / 60:0.0}，差距 gap {s.SecondsGap:P1}；{s.Status}，{s.Wall.TotalSeconds:0.0} s）"));
        PrintUnits(r.Instance, r.Units);
        foreach (var n in r.Notes) Console.WriteLine($"注意 Note: {n.Zh} / {n.En}");
    }

    static void PrintUnits(LifeCircleInstance inst, IReadOnlyList<LifeCircleUnit> units)
    {
        foreach (var u in units)
        {
            var centre = inst.Members[u.Centre];
            string time = u.MaxMinutes is double t ? string.Create(Ci, $"{t:0.0} min") : "—";
            string why = LifeCircleTable.Why(inst, u);
            Console.WriteLine(string.Create(Ci, $"  {u.Id}  {centre.Town} {centre.Name}  {u.Members.Count} 村/members  {u.Population:N0} 人  {time}{(why.Length > 0 ? "  ✗ " + why : "")}"));
        }
    }
}
