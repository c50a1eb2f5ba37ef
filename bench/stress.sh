#!/usr/bin/env bash
# The province-sized stress case of issue 6: a SYNTHETIC region of ~1 million graph nodes (scale 200, ~424 km square,
# 14.4 M OSM nodes) generated, built, cached, joined to its places and covered for every standard circle, plus one
# 15-minute isochrone; time and peak memory (VmHWM, GC heap) per stage. Needs ~4 GB of RAM and ~5 minutes on 2 cores.
#
#   bash bench/stress.sh                      scale 200 into ~/.cache/coverage/stress (reused on the next run)
#   bash bench/stress.sh --scale 25           a quicker 1/8 case
#   bash bench/stress.sh --dir /tmp/stress    elsewhere; delete the region's folder to time generation again
#   bash bench/stress.sh --places             stop after joining the places (prints their digest: equal digests, same samples and snaps)
#   bash bench/stress.sh --places --cached    the same, loading the graph cache already in the folder (no build, no write)
#
# Generated regions (~330 MB at scale 200, graph cache included) stay outside the repository. Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Coverage.Bench -c Release -nologo -v q -clp:ErrorsOnly
# The JIT tiering delay and young generation the server runs with (scripts/run.sh, the Docker image); the header prints them.
export DOTNET_TC_CallCountingDelayMs="${DOTNET_TC_CallCountingDelayMs:-0}"
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}"
exec dotnet bench/Coverage.Bench/bin/Release/net10.0/Coverage.Bench.dll stress "$@"
