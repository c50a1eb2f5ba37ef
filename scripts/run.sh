#!/usr/bin/env bash
# The README's first command: build, fetch the web page's Leaflet (npm ci, once), and serve the map on the embedded
# synthetic demo county with the embedded GeoPackage store (data/coverage-demo.gpkg, created on first start).
#   bash scripts/run.sh                                  http://127.0.0.1:5080
#   bash scripts/run.sh --urls http://0.0.0.0:8080       another address
#   bash scripts/run.sh --region county.osm.pbf --store postgis:"Host=...;Database=..."   your own county
set -euo pipefail
cd "$(dirname "$0")/.."
# The JIT's tiering delay at 0 (the runtime's default is 100 ms, restarted by every method it compiles): hot loops that run
# once, in the first seconds (a region's sampling and snapping, the first circles), then leave unoptimised code within a
# fraction of a second instead of seconds. Province case: places sampled and snapped in ~6 s instead of ~7-8 s. For the server
# only: a job of a few seconds (a small county's whole analysis) spends more CPU compiling than it saves, 1.6 -> 3.0 s
# (bench/results/issue14-2026-12-02-s32.txt), so scripts/coverage.sh sets it for `serve` alone.
export DOTNET_TC_CallCountingDelayMs="${DOTNET_TC_CallCountingDelayMs:-0}"
# The GC's young generation at 64 MB (the runtime caps it at 6 MB with background GC): a province's evaluation allocates a few
# hundred MB of small objects (village roll-ups, circle parts), which at 6 MB meant ~63 gen-0 and 15 gen-1 collections per
# all-circles round, 0.34-0.43 s with every thread stopped; at 64 MB 5 and 4, 0.06-0.08 s, all circles 3.0 -> 2.7-2.85 s
# (bench/results/issue14-2026-12-03-s36.txt). A runtime knob without a runtimeconfig name (only the environment sets it), and
# one the runtime calls unsupported: a runtime that ignores it costs those pauses, nothing else. Server only, as the delay.
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}"
dotnet build src/Coverage.Server -c Release -nologo -v q -clp:ErrorsOnly
if [ -f web/package.json ] && [ ! -d web/node_modules ]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
exec dotnet src/Coverage.Server/bin/Release/net10.0/coverage.dll serve "$@"
