using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Coverage.Bench.Stress;
using Coverage.Demo;

namespace Coverage.Bench.National;

/// <summary>
/// `counties`: the national run in miniature. Distinct SYNTHETIC demo-like counties (one seed each) are prepared,
/// then the whole per-county job (<see cref="CountyJob"/>) runs for N of them at once, each in its own process,
/// never more at a time than <c>--jobs</c> (default: the cores). A size sweep runs one county per scale alone, so
/// CPU seconds and peak memory can be fitted against graph nodes; with an assumed county size distribution that
/// gives the projection for all ~2,800 Chinese counties on M machines like this one.
/// </summary>
public static class CountiesBench
{
    static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary>
    /// The ASSUMED size distribution, in multiples of the measured demo county's graph (a ~30×30 km eastern county):
    /// most counties like it, a third up to four times its size, one in ten sixteen times (a big county-level
    /// city or an urban district with a dense street grid). Not measured: see docs/national-deployment.md.
    /// </summary>
    static readonly (string Name, double Share, double Times)[] Tiers =
    [
        ("county like the demo", 0.60, 1), ("large county / county-level city", 0.30, 4), ("big city district", 0.10, 16),
    ];

    public static async Task<int> Run(string[] args)
    {
        int[] counts = [1, 2, 4];
        double[] sizes = [1, 4];
        int[] machines = [1, 10, 50];
        double scale = 1;
        int jobs = Environment.ProcessorCount;
        string root = Path.Combine(Path.GetDirectoryName(StressCase.DefaultDirectory())!, "counties");
        for (int i = 0; i < args.Length; i++)
            switch (args[i])
            {
                case "--n": counts = Ints(args[++i]); break;
                case "--sizes": sizes = args[++i] == "none" ? [] : args[i].Split(',').Select(s => double.Parse(s, Ci)).ToArray(); break;
                case "--scale": scale = double.Parse(args[++i], Ci); break;
                case "--jobs": jobs = int.Parse(args[++i], Ci); break;
                case "--machines": machines = Ints(args[++i]); break;
                case "--dir": root = Path.GetFullPath(args[++i]); break;
                default:
                    Console.Error.WriteLine($"Unknown option '{args[i]}'. Usage: counties [--n 1,2,4,8] [--sizes 1,4|none] [--scale 1] [--jobs CORES] [--machines 1,10,50] [--dir DIR]");
                    return 2;
            }
        var machine = new MachineShape(Environment.ProcessorCount, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        Console.WriteLine($"# Counties in parallel: SYNTHETIC demo-like counties (scale {scale.ToString(Ci)}), one process per county job, at most {jobs} at a time");
        Console.WriteLine($"# machine: {machine.Cores} cores, {Gb(machine.MemoryBytes)} memory; load average at start {StressCase.LoadAverage()}; folder {root}");
        Console.WriteLine("# job = network from OSM + graph cache write, sample + snap, all circles, candidates + siting (elderly-15, k=5, 1 CP-SAT worker, 10 s limit), HTML report");
        Console.WriteLine("# cpu = the job process's CPU seconds (runtime start-up and JIT included); peak RSS = its VmHWM");

        var all = new List<CountyJobResult>();
        var prepare = Stopwatch.StartNew();
        var sweep = counts.Length == 0 ? [] : Enumerable.Range(0, counts.Max()).Select(i => Prepare(root, DemoOptions.DefaultSeed + (ulong)i, scale)).ToList();
        var sized = sizes.Select(s => Prepare(root, DemoOptions.DefaultSeed, s)).ToList();
        Console.WriteLine(string.Create(Ci, $"# inputs prepared (generated or reused) in {prepare.Elapsed.TotalSeconds:N0} s — stands for the osmium county extract, not timed in the job"));

        if (sized.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("## Size sweep: one county per scale, alone");
            Header();
            foreach (var county in sized)
            {
                var r = (await RunBatch([county], 1, root, "size")).Results[0];
                all.Add(r);
                Row(r);
            }
            Console.WriteLine("# stage cpu s (wall s): " + string.Join(" | ", all.Select(r =>
                string.Create(Ci, $"scale {r.Scale}: ") + string.Join(", ", r.Stages.Select(s => string.Create(Ci, $"{s.Stage} {s.CpuSeconds:N1} ({s.WallSeconds:N1})"))))));
        }

        Console.WriteLine();
        Console.WriteLine("## N counties in parallel");
        Console.WriteLine($"{"N",3} {"at once",7} {"batch wall s",12} {"cpu s/county",12} {"wall s/county",13} {"max peak RSS",12} {"measured c/h/core",17} {"cpu-based c/h/core",18}  load avg");
        foreach (int n in counts)
        {
            int atOnce = Math.Min(n, jobs);
            var batch = await RunBatch(sweep.Take(n).ToList(), atOnce, root, $"n{n}");
            all.AddRange(batch.Results);
            var rs = batch.Results;
            double measured = n * 3600 / batch.WallSeconds / Math.Min(atOnce, machine.Cores);
            double cpuBased = 3600 / rs.Average(r => r.ProcessCpuSeconds);
            Console.WriteLine(string.Create(Ci,
                $"{n,3} {atOnce,7} {batch.WallSeconds,12:N1} {rs.Average(r => r.ProcessCpuSeconds),12:N1} {rs.Average(r => r.WallSeconds),13:N1} {Gb(rs.Max(r => r.PeakRssBytes)),12} {measured,17:N0} {cpuBased,18:N0}  {batch.Load}"));
        }

        Console.WriteLine();
        Project(all, machine, machines);
        return 0;
    }

    static void Project(List<CountyJobResult> all, MachineShape machine, int[] machineCounts)
    {
        var cpu = LinearFit.Through(all.Select(r => ((double)r.GraphNodes, r.ProcessCpuSeconds)).ToList());
        var rss = LinearFit.Through(all.Select(r => ((double)r.GraphNodes, (double)r.PeakRssBytes)).ToList());
        double demoNodes = all.Where(r => r.Scale == all.Min(x => x.Scale)).Average(r => r.GraphNodes);
        var tiers = Tiers.Select(t => new SizeTier(t.Name, t.Share, demoNodes * t.Times)).ToList();
        Console.WriteLine(string.Create(Ci, $"## Projection for {NationalProjection.ChineseCounties:N0} counties ({all.Count} measured jobs, {all.Select(r => r.GraphNodes).Distinct().Count()} sizes)"));
        Console.WriteLine(string.Create(Ci, $"# fit: cpu s = {cpu.Intercept:N2} + {cpu.Slope * 1000:N3} per 1,000 graph nodes; peak RSS = {rss.Intercept / 1e6:N0} MB + {rss.Slope * 1000 / 1e6:N2} MB per 1,000 graph nodes"));
        Console.WriteLine("# ASSUMED size mix (the mix is not measured; each tier's cost is read off the fit): " + string.Join("; ", tiers.Select(t =>
            string.Create(Ci, $"{t.Share:P0} {t.Name} ~{t.GraphNodes:N0} nodes → {cpu.At(t.GraphNodes):N1} cpu s, {Gb((long)rss.At(t.GraphNodes))}"))));
        Console.WriteLine($"{"mix",-26} {"machines",8} {"core-hours",10} {"workers/machine",15} {"wall hours",10} {"memory/machine",14} {"largest job",11}");
        var biggest = tiers.MaxBy(t => t.GraphNodes)!;
        foreach (var (name, mix) in new[] { ("assumed mix", tiers), ("every county the biggest", new List<SizeTier> { biggest with { Share = 1 } }) })
            foreach (int m in machineCounts)
            {
                var p = NationalProjection.Project(cpu, rss, mix, NationalProjection.ChineseCounties, m, machine);
                Console.WriteLine(string.Create(Ci,
                    $"{name,-26} {m,8} {p.CoreHours,10:N1} {p.WorkersPerMachine,15} {p.WallHours,10:N2} {Gb((long)p.PeakMemoryPerMachineBytes),14} {p.LargestJobSeconds,9:N0} s"));
            }
    }

    sealed record County(ulong Seed, double Scale, string Dir);

    sealed record Batch(IReadOnlyList<CountyJobResult> Results, double WallSeconds, string Load);

    static County Prepare(string root, ulong seed, double scale)
    {
        var options = new DemoOptions { Seed = seed, Scale = scale };
        string dir = Path.Combine(root, string.Create(Ci, $"seed-{seed}-scale-{scale}.synthetic"));
        StressCase.Generate(options, dir);
        return new County(seed, scale, dir);
    }

    /// <summary>Runs every county's job in its own process, at most <paramref name="atOnce"/> at a time.</summary>
    static async Task<Batch> RunBatch(IReadOnlyList<County> counties, int atOnce, string root, string label)
    {
        string loadBefore = StressCase.LoadAverage();
        using var gate = new SemaphoreSlim(atOnce);
        var sw = Stopwatch.StartNew();
        var results = await Task.WhenAll(counties.Select(async c =>
        {
            await gate.WaitAsync();
            try { return await RunJob(c, Path.Combine(root, "out", string.Create(Ci, $"{label}-seed-{c.Seed}-scale-{c.Scale}"))); }
            finally { gate.Release(); }
        }));
        return new Batch(results, sw.Elapsed.TotalSeconds, $"{loadBefore} → {StressCase.LoadAverage()}");
    }

    static async Task<CountyJobResult> RunJob(County county, string output)
    {
        Directory.CreateDirectory(output);
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(typeof(CountyJob).Assembly.Location);
        foreach (var a in new[] { CountyJob.Verb, "--dir", county.Dir, "--out", output, "--seed", county.Seed.ToString(Ci), "--scale", county.Scale.ToString(Ci) })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = (await stdout).Split('\n').FirstOrDefault(l => l.StartsWith(CountyJob.ResultPrefix, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"County job {county.Dir} failed (exit {process.ExitCode}): {(await stderr).Trim()}");
        return JsonSerializer.Deserialize<CountyJobResult>(line[CountyJob.ResultPrefix.Length..])!;
    }

    static void Header() =>
        Console.WriteLine($"{"seed",9} {"scale",5} {"graph nodes",11} {"settlements",11} {"samples",8} {"candidates",10} {"cpu s",6} {"wall s",7} {"peak RSS",9}  siting (wall s)");

    static void Row(CountyJobResult r) => Console.WriteLine(string.Create(Ci,
        $"{r.Seed,9} {r.Scale,5} {r.GraphNodes,11:N0} {r.Settlements,11:N0} {r.Samples,8:N0} {r.Candidates,10:N0} {r.ProcessCpuSeconds,6:N1} {r.WallSeconds,7:N1} {Gb(r.PeakRssBytes),9}  {r.SitingStatus}"));

    static int[] Ints(string list) => list.Split(',').Select(s => int.Parse(s, Ci)).ToArray();

    static string Gb(long bytes) => string.Create(Ci, $"{bytes / 1e9:N2} GB");
}
