using System.CommandLine;
using System.Globalization;
using Coverage.Demo;
using Spectre.Console;

namespace Coverage.Server.Cli;

/// <summary>`coverage demo generate`: the deterministic SYNTHETIC demo county (same seed → byte-identical files).</summary>
public static class DemoCommands
{
    public static Command Create()
    {
        var demo = new Command("demo", "合成示范县 / The synthetic demo county");
        var seed = new Option<ulong>("--seed") { Description = "随机种子 / seed", DefaultValueFactory = _ => DemoOptions.DefaultSeed };
        var scale = new Option<double>("--scale") { Description = "面积倍数（1 = 30×30 km）/ area multiplier (1 = one 30×30 km county)", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "输出目录 / output folder", Required = true };
        var generate = new Command("generate", "生成合成示范县 / Generate the synthetic demo county") { seed, scale, output };
        generate.SetAction(parse =>
        {
            var options = new DemoOptions { Seed = parse.GetValue(seed), Scale = parse.GetValue(scale) };
            if (options.Problem() is { } problem) throw new Coverage.Core.InputException(problem);
            DemoSummary summary = null!;
            AnsiConsole.Status().Start("生成中 Generating…", _ => summary = DemoRegion.Generate(options, parse.GetValue(output)!));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"合成数据 SYNTHETIC demo county written to {Path.GetFullPath(parse.GetValue(output)!)} (seed {options.Seed}, scale {options.Scale})"));
            var ci = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(ci, $"镇 towns {summary.Towns}, 社区 communities {summary.Communities}, 行政村 administrative villages {summary.AdministrativeVillages}, 自然村 natural villages {summary.NaturalVillages}"));
            Console.WriteLine(string.Create(ci, $"人口 population {summary.Population:N0}, 老年人口 elderly {summary.Elderly:N0}"));
            Console.WriteLine("设施 facilities: " + string.Join(", ", summary.FacilitiesByCategory.Select(f => $"{f.Category} {f.Count}")));
            foreach (var (file, bytes, sha) in summary.Files)
                Console.WriteLine(string.Create(ci, $"  {file,-36} {bytes,10:N0} B  sha256 {sha[..12]}…"));
            return 0;
        });
        demo.Subcommands.Add(generate);
        return demo;
    }
}
