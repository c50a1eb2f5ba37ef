using BenchmarkDotNet.Running;
using Coverage.Bench;

// `quick`: a few-second table of the headline figures against their targets (for notes and CI logs).
// `isochrones`: only the isochrone rows of `quick` (demo county and the 1M-node grid against issue 14's targets).
// `siting`: only the siting rows of `quick` (API path, k = 3…20 on the demo county, cold and with cached reach sets).
// `capacity`: only the 2SFCA rows of `quick` (every nearest circle on the demo county, cold engine, target <= 200 ms).
// `indicators`: only the indicator row of `quick` (the plan's indicators on the demo county, warm and cold, against ≤ 50 ms).
// `life-circles`: only the life-circle rows of `quick` (demo county units, bound and gap, against ≤ 30 s).
// `snap`: microseconds per snap on the demo county (random places, 500 m limit).
// `lines [--scale N]`: one /api/network/lines edge selection on the stress graph (street, town, county box), old scan vs edge index.
// `snapping`: only the snapping rows of `quick` (snaps/s, settlements sampled + snapped on one thread and all cores).
// `stress`: the ~1M-node SYNTHETIC province generated, built and covered, with time and peak memory per stage.
// `circles`: only the stress case's "all circles" stage, repeated on a new engine (warm JIT), for a region `stress` generated.
// `circle-targets`: only the all-circle rows of `quick` (every circle on the 1M-node grid, ≤ 2 s; RSS after, ≤ 1 GB).
// `pgr-export` / `pgr-compare`: the halves of bench/pgrouting.sh that run inside .NET.
// `node-order GRAPH` (e.g. stress:200, grid:1000000): the graph as built against its nodes renumbered along a Hilbert curve, same search, same times.
// `counties`: N SYNTHETIC counties' whole jobs in parallel processes, and the projection for all ~2,800 Chinese counties.
// `load-mixed`: readers and planners against a running server, the store restarted mid-run, writes checked (bench/load.sh MODE=mixed).
// Anything else: BenchmarkDotNet (e.g. `--filter '*Dijkstra*'`).
switch (args.FirstOrDefault())
{
    case "quick": return QuickFigures.Run(args[1..]);
    case "capacity": Coverage.Bench.QuickFigures.Capacity(System.Globalization.CultureInfo.InvariantCulture); return 0;
    case "indicators": Coverage.Bench.QuickFigures.Indicators(System.Globalization.CultureInfo.InvariantCulture); return 0;
    case "isochrones": Coverage.Bench.QuickFigures.Isochrones(System.Globalization.CultureInfo.InvariantCulture); return 0;
    case "snapping": Coverage.Bench.Network.SnapFigures.Quick(System.Globalization.CultureInfo.InvariantCulture); return 0;
    case "siting": Coverage.Bench.Siting.SitingFigures.Run(System.Globalization.CultureInfo.InvariantCulture, args.Length > 1 ? args[1] : "elderly-15"); return 0;
    case "life-circles": Coverage.Bench.Analysis.LifeCircleFigures.Run(System.Globalization.CultureInfo.InvariantCulture); return 0;
    case "snap": return Coverage.Bench.Network.SnapFigures.Run(args[1..]);
    case "lines": return Coverage.Bench.Network.LinesFigures.Run(args[1..]);
    case "stress": return Coverage.Bench.Stress.StressCase.Run(args[1..]);
    case "node-order": return Coverage.Bench.Network.NodeOrderFigures.Run(args[1..]);
    case "circles": return Coverage.Bench.Stress.CirclesCase.Run(args[1..]);
    case "circle-targets": Coverage.Bench.Analysis.CircleFigures.Run(System.Globalization.CultureInfo.InvariantCulture); return 0;
    case "pgr-export": return PgRouting.Export(args[1..]);
    case "pgr-compare": return PgRouting.Compare(args[1..]);
    case "counties": return await Coverage.Bench.National.CountiesBench.Run(args[1..]);
    case Coverage.Bench.National.CountyJob.Verb: return Coverage.Bench.National.CountyJob.Run(args[1..]);
    case "load-mixed": return await Coverage.Bench.Load.MixedLoad.Run(args[1..]);
    default:
        BenchmarkSwitcher.FromAssembly(typeof(BenchData).Assembly).Run(args);
        return 0;
}
