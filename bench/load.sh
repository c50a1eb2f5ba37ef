#!/usr/bin/env bash
# Loopback load test of the server on the demo county: the coverage and the isochrone endpoints, each hit by
# CONNECTIONS concurrent clients for DURATION (wrk from apt). Prints requests/s, errors and p50/p99 latency per endpoint.
#
#   bash bench/load.sh                          50 clients, 60 s per endpoint
#   DURATION=10s CONNECTIONS=20 bash bench/load.sh
#   MODE=mixed bash bench/load.sh              50 readers + 3 planners writing for 60 s on a throwaway PostGIS,
#                                              restarted in the middle (down DOWN=5 s); every write checked afterwards
#   MODE=mixed DURATION=20s PLANNERS=2 bash bench/load.sh   (NO_BUILD=1 skips the two builds)
#   MODE=mixed SERVER_DLL=/elsewhere/coverage.dll OUT=/tmp/x.txt LABEL="branch y" bash bench/load.sh   (another build)
#   FAULT='psql "$COVERAGE_TEST_PG_URL" -c "..."' replaces the restart by another mid-run fault (e.g. rows lost behind
#   the server's back, which the check must report)
#
# The mixed run (bench/Coverage.Bench verb load-mixed) prints requests per endpoint, writes acknowledged and found in
# the store afterwards, errors by kind and p50/p99, writes them to bench/results/load-mixed-DATE.txt, and exits non-zero
# when an acknowledged write is missing or an answer was neither 2xx nor a declared problem+json (503, 412/428).
#
# The per-IP rate limit of the expensive endpoints (isochrones) is bypassed for loopback clients in this run only,
# with --Coverage:RateLimit:ExemptLoopback true; a public server keeps it. Traffic goes to 127.0.0.1 only, and every
# run is bounded by DURATION; the server is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
# The JIT tiering delay and young generation the server runs with (scripts/run.sh, the Docker image).
export DOTNET_TC_CallCountingDelayMs="${DOTNET_TC_CallCountingDelayMs:-0}"
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}"
DURATION="${DURATION:-60s}"
CONNECTIONS="${CONNECTIONS:-50}"
THREADS="${THREADS:-2}"
PORT="${PORT:-5099}"
BASE="http://127.0.0.1:$PORT"

wait_healthy() {
  for _ in $(seq 1 240); do
    curl -sf "$BASE/api/health" >/dev/null 2>&1 && return
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.5
  done
}

if [ "${MODE:-}" = mixed ]; then
  bash scripts/ensure-apt.sh curl
  if [ -z "${NO_BUILD:-}" ]; then
    dotnet build bench/Coverage.Bench -c Release -nologo -v q -clp:ErrorsOnly
    dotnet build src/Coverage.Server -c Release -nologo -v q -clp:ErrorsOnly
  fi
  # Our own cluster on a port outside the range other clusters take, so nobody else's start grabs it while it is down.
  export COVERAGE_PG_DIR="${COVERAGE_PG_DIR:-/tmp/coverage-pg-load-$$}"
  export COVERAGE_PG_PORT="${COVERAGE_PG_PORT:-$(shuf -i 55400-55499 -n 1)}"
  work=$(mktemp -d)
  server=""
  trap '[ -n "$server" ] && { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; }; bash scripts/postgis.sh stop 2>/dev/null; rm -rf "$work"' EXIT
  eval "$(bash scripts/postgis.sh start)"
  coverage=(dotnet "${SERVER_DLL:-src/Coverage.Server/bin/Release/net10.0/coverage.dll}")   # another build's server, to compare
  token=$("${coverage[@]}" token issue --name load-planner --store "postgis:$COVERAGE_TEST_PG" 2>/dev/null)
  "${coverage[@]}" serve --urls "$BASE" --store "postgis:$COVERAGE_TEST_PG" --Coverage:RateLimit:ExemptLoopback true >"$work/server.log" 2>&1 &
  server=$!
  wait_healthy
  curl -sf "$BASE/api/coverage/culture-10" >/dev/null   # warm: the analysis region is built once per plan version
  mkdir -p bench/results
  status=0
  dotnet bench/Coverage.Bench/bin/Release/net10.0/Coverage.Bench.dll load-mixed --base "$BASE" --token "$token" \
    --store "$COVERAGE_TEST_PG" --clients "$CONNECTIONS" --planners "${PLANNERS:-3}" --seconds "${DURATION%s}" \
    --restart-command "${FAULT:-bash scripts/postgis.sh restart ${DOWN:-5}}" --timeout "${TIMEOUT:-30}" \
    --out "${OUT:-bench/results/load-mixed-$(date -u +%F).txt}" \
    --label "${LABEL:-server $(git rev-parse --short HEAD)}, demo county, ${FAULT:+fault: $FAULT}${FAULT:-PostGIS 15 stopped (-m fast) for ${DOWN:-5} s}, machine load average $(cut -d' ' -f1 /proc/loadavg) at start" || status=$?
  exit "$status"
fi

bash scripts/ensure-apt.sh wrk curl
dotnet build src/Coverage.Server -c Release -nologo -v q -clp:ErrorsOnly
work=$(mktemp -d)
dotnet src/Coverage.Server/bin/Release/net10.0/coverage.dll serve --urls "$BASE" --store "gpkg:$work/bench.gpkg" \
  --Coverage:RateLimit:ExemptLoopback true >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
wait_healthy

# Twenty schools as isochrone origins, taken in turn; the coverage run cycles through every circle.
facilities=$(curl -sf "$BASE/api/facilities?category=school" | grep -o '"id":"[^"]*"' | awk "NR <= 20" | sed 's/"id":"\([^"]*\)"/"\1"/' | paste -sd, -)
circles=$(curl -sf "$BASE/api/circles" | grep -o '"id":"[^"]*","nameZh"' | sed 's/"id":"\([^"]*\)".*/"\1"/' | paste -sd, -)
curl -sf "$BASE/api/coverage/culture-10" >/dev/null   # warm: the analysis region is built once per plan version

cat >"$work/coverage.lua" <<LUA
local circles = { $circles }
local i = 0
request = function() i = i + 1; return wrk.format("GET", "/api/coverage/" .. circles[(i % #circles) + 1]) end
LUA
# Random origins: bus shelters (they stand on roads), each nudged by up to ~50 m so no two requests are alike.
places=$(curl -sf "$BASE/api/facilities?category=bus-shelter" | grep -o '"coordinates":\[[0-9.]*,[0-9.]*\]' \
  | sed 's/"coordinates":\[\(.*\)\]/{\1}/' | paste -sd, -)
cat >"$work/points.lua" <<LUA
local places = { $places }
math.randomseed(20261125)
request = function()
  local p = places[math.random(#places)]
  local lon, lat = p[1] + (math.random() - 0.5) * 0.001, p[2] + (math.random() - 0.5) * 0.001
  return wrk.format("GET", string.format("/api/isochrones?lon=%.6f&lat=%.6f&minutes=5,10,15", lon, lat))
end
LUA
cat >"$work/isochrones.lua" <<LUA
local ids = { $facilities }
local i = 0
request = function() i = i + 1; return wrk.format("GET", "/api/isochrones?facility=" .. ids[(i % #ids) + 1] .. "&minutes=5,10,15") end
LUA

# Each school's bands once, two at a time: the timed run then measures serving them, as visitors clicking facilities do.
echo "$facilities" | tr -d '"' | tr ',' '\n' | xargs -P2 -I{} curl -sf -o /dev/null "$BASE/api/isochrones?facility={}&minutes=5,10,15"

printf '%-11s %8s %10s %8s %9s %9s\n' endpoint requests "req/s" errors "p50 ms" "p99 ms"
for name in coverage isochrones points; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 30s --latency -s "$work/$name.lua" "$BASE" >"$work/$name.out" 2>&1 || true
  awk -v name="$name" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    / 50%/ { p50 = ms($2) } / 99%/ { p99 = ms($2) }
    /requests in/ { requests = $1 } /Requests\/sec/ { rps = $2 }
    /Non-2xx/ { errors += $NF } /Socket errors/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
    END { printf "%-11s %8d %10.1f %8d %9.1f %9.1f\n", name, requests, rps, errors, p50, p99 }' "$work/$name.out"
done
echo "coverage: all circles in turn; isochrones: 20 schools in turn (computed once per plan version before the run, then"
echo "served from the answer cache); points: random origins by bus shelters, every request a fresh search and polygon union."
echo "($CONNECTIONS clients, $DURATION per endpoint, $THREADS wrk threads, loopback; rate limit bypassed for loopback in this run)"
