using BenchmarkDotNet.Running;
using Coverage.Bench;

// `quick`: a few-second table of the headline figures against their targets (for notes and CI logs).
// `pgr-export` / `pgr-compare`: the halves of bench/pgrouting.sh that run inside .NET.
// Anything else: BenchmarkDotNet (e.g. `--filter '*Dijkstra*'`).
switch (args.FirstOrDefault())
{
    case "quick": return QuickFigures.Run(args[1..]);
    case "pgr-export": return PgRouting.Export(args[1..]);
    case "pgr-compare": return PgRouting.Compare(args[1..]);
    default:
        BenchmarkSwitcher.FromAssembly(typeof(BenchData).Assembly).Run(args);
        return 0;
}
