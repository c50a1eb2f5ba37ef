#!/usr/bin/env bash
# Same question, three engines, one run: bounded multi-source walk times over the SAME edges with Coverage's
# Dijkstra, with pgRouting's pgr_drivingDistance (equicost = nearest source) and with SciPy's compiled Dijkstra
# (scipy.sparse.csgraph.dijkstra, min_only=True, limit: Cython/C, python3-scipy from apt). Prints medians and
# ratios, and checks that every engine agrees with ours node by node.
#   bash bench/pgrouting.sh [EXTRACT|grid:N|stress:SCALE ...]
#     default: every extract in ../shared/geodata/osm, the demo county, the SYNTHETIC 100k-node grid and the
#     SYNTHETIC ~1M-node stress graph (stress:200, generated once into ~/.cache/coverage/stress as bench/stress.sh does)
#   env: RUNS (7), SOURCES (20), LIMIT_SECONDS (900), COVERAGE_PG_DIR (/tmp/coverage-pg-bench: its own cluster,
#        so stopping it at the end never touches a cluster someone else started)
#
# What is timed:
#   coverage_ms  our search only (graph in memory, scratch reused), median of RUNS, after one warm-up
#   pgr_ms       nearest-source times from pgRouting, measured inside the server (plpgsql clock), median of RUNS after
#                one warm-up: pgr_drivingDistance(equicost => false) then min(agg_cost) per node. It INCLUDES running
#                its edge SQL and building its graph, as every real call does
#   eq_ms        the same with equicost => true, pgRouting's own nearest-source mode. pgRouting 3.4.2 gets it wrong:
#                on several extracts some nodes get a farther source's time (the "eq agree" column), so the ratio
#                is taken against the correct query; eq_ms is shown because it is what users would try first
#   scan_ms      the edge SQL alone (SELECT count(*) over the same columns): a lower bound on what pgr_ms spends
#                reading edges, so ratio_alg = (pgr_ms - scan_ms) / coverage_ms approximates pgRouting's own work
#   scipy_ms     SciPy's dijkstra(csgraph, directed=True, indices=sources, min_only=True, limit=L) on the same arcs
#                (CSR arrays exported as .npy, the csr_matrix built once), distances only, median of RUNS after one
#                warm-up (bench/scipy_peer.py). x_scipy = scipy_ms / coverage_ms (> 1: ours is faster)
#   *_cpu        the same medians in this thread's CPU time, ours and SciPy's (pgRouting's runs in the server, so it has
#                none here): on this shared 2-core VM the wall figures swing with the load, CPU time far less
#   scipy_tree   SciPy also returning predecessors and sources, which our search fills in too (CPU ms)
set -euo pipefail
cd "$(dirname "$0")/.."
export COVERAGE_PG_DIR="${COVERAGE_PG_DIR:-/tmp/coverage-pg-bench}"
extracts=("$@")
if [ ${#extracts[@]} -eq 0 ]; then
  for f in ../shared/geodata/osm/*.osm.pbf ../shared/geodata/osm/*.osm ../shared/geodata/osm/*.osm.gz; do
    [ -f "$f" ] && extracts+=("$f")
  done
  [ -f geodata/demo/demo-county.synthetic.osm.pbf ] && extracts+=(geodata/demo/demo-county.synthetic.osm.pbf)
  extracts+=(grid:100000 stress:200)
fi
runs=${RUNS:-7}
sources=${SOURCES:-20}
limit=${LIMIT_SECONDS:-900}

work=$(mktemp -d)
cleanup() { rm -rf "$work"; bash scripts/postgis.sh stop >/dev/null 2>&1 || true; }
trap cleanup EXIT
eval "$(bash scripts/postgis.sh start --pgrouting)"
psql_() { psql "$COVERAGE_TEST_PG_URL" -X -v ON_ERROR_STOP=1 -qAt "$@"; }
# Prints the server-side milliseconds of one statement (run inside a DO block, so no client round trip).
server_ms() {
  psql_ -c "DO \$\$ DECLARE t0 timestamptz := clock_timestamp(); n bigint; BEGIN
            SELECT count(*) INTO n FROM ($1) q;
            RAISE NOTICE 'ms=%', extract(epoch FROM clock_timestamp() - t0) * 1000; END \$\$;" 2>&1 | sed -n 's/.*NOTICE: *ms=//p'
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# SciPy from Debian, for Debian's python (a pyenv or venv python3 earlier on PATH would not see it).
bash scripts/ensure-apt.sh python3-scipy python3-numpy
python=/usr/bin/python3
dotnet build bench/Coverage.Bench -c Release -nologo -v q >/dev/null
echo "pgRouting $(psql_ -c 'SELECT pgr_version()'), PostGIS $(psql_ -c 'SELECT postgis_lib_version()'), $(psql_ -c 'SHOW server_version'), SciPy $($python -c 'import scipy; print(scipy.__version__)')"
echo "sources=$sources limit=${limit}s runs=$runs (medians); load: $(uptime | sed 's/.*load average: //')"
printf '%-30s %7s %7s %11s %9s %8s %9s %8s %8s %-62s %-62s %9s %8s %8s %9s %8s %10s %-62s\n' extract nodes edges coverage_ms pgr_ms ratio ratio_alg eq_ms scan_ms agree "eq agree" \
  scipy_ms x_scipy cov_cpu scipy_cpu x_cpu scipy_tree "scipy agree"
for x in "${extracts[@]}"; do
  name=$(basename "$x")
  out="$work/${name//:/_}"; mkdir -p "$out"
  # Exports edges.csv / sources.csv and times our own search over the same sources (median of $runs).
  dotnet run -c Release --no-build --project bench/Coverage.Bench -- pgr-export "$x" "$out" --sources "$sources" --limit "$limit" --runs "$runs" > "$out/ours.txt"
  ours_ms=$(grep '^median_ms=' "$out/ours.txt" | cut -d= -f2)
  nodes=$(grep '^nodes=' "$out/ours.txt" | cut -d= -f2)
  edges=$(grep '^edges=' "$out/ours.txt" | cut -d= -f2)
  psql_ <<SQL
SET client_min_messages = warning;
DROP TABLE IF EXISTS edges; CREATE TABLE edges (id bigint, source bigint, target bigint, cost float8, reverse_cost float8);
\copy edges FROM '$out/edges.csv' WITH (FORMAT csv, HEADER true)
CREATE INDEX ON edges (id); VACUUM ANALYZE edges;
SQL
  src=$(tail -n +2 "$out/sources.csv" | paste -sd,)
  edge_sql='SELECT id, source, target, cost, reverse_cost FROM edges'
  dd="pgr_drivingDistance('$edge_sql', ARRAY[$src]::bigint[], $limit, directed => true"
  pgr="SELECT node, min(agg_cost) AS agg_cost FROM $dd, equicost => false) GROUP BY node"
  eq="SELECT node, agg_cost FROM $dd, equicost => true)"
  server_ms "$pgr" >/dev/null # warm-up: loads the library and the table into memory
  pgr_ms=$(for ((i = 0; i < runs; i++)); do server_ms "$pgr"; done | median)
  eq_ms=$(for ((i = 0; i < runs; i++)); do server_ms "$eq"; done | median)
  scan_ms=$(for ((i = 0; i < runs; i++)); do server_ms "$edge_sql"; done | median)
  # Node-by-node agreement: pgRouting's agg_cost against ours (seconds, 0.05 s tolerance for float rounding).
  psql_ -c "\copy ($pgr ORDER BY node) TO '$out/pgr.csv' WITH (FORMAT csv)"
  agree=$(dotnet run -c Release --no-build --project bench/Coverage.Bench -- pgr-compare "$out")
  psql_ -c "\copy ($eq ORDER BY node) TO '$out/pgr.csv' WITH (FORMAT csv)"
  eq_agree=$(dotnet run -c Release --no-build --project bench/Coverage.Bench -- pgr-compare "$out")
  ratio=$(awk -v a="$pgr_ms" -v b="$ours_ms" 'BEGIN { printf "%.1fx", a / b }')
  ratio_alg=$(awk -v a="$pgr_ms" -v s="$scan_ms" -v b="$ours_ms" 'BEGIN { printf "%.1fx", (a - s) / b }')
  # The compiled peer on the same arcs and sources; it checks its own agreement with ours.npy.
  $python bench/scipy_peer.py "$out" "$runs" > "$out/scipy.txt"
  val() { grep "^$1=" "$2" | cut -d= -f2-; }
  ours_cpu=$(val median_cpu_ms "$out/ours.txt")
  scipy_ms=$(val scipy_ms "$out/scipy.txt"); scipy_cpu=$(val scipy_cpu_ms "$out/scipy.txt")
  x_scipy=$(awk -v a="$scipy_ms" -v b="$ours_ms" 'BEGIN { printf "%.1fx", a / b }')
  x_cpu=$(awk -v a="$scipy_cpu" -v b="$ours_cpu" 'BEGIN { printf "%.1fx", a / b }')
  printf '%-30s %7s %7s %11.3f %9.2f %8s %9s %8.2f %8.2f %-62s %-62s %9.3f %8s %8.3f %9.3f %8s %10.3f %s\n' "$name" "$nodes" "$edges" "$ours_ms" "$pgr_ms" "$ratio" "$ratio_alg" \
    "$eq_ms" "$scan_ms" "$agree" "$eq_agree" "$scipy_ms" "$x_scipy" "$ours_cpu" "$scipy_cpu" "$x_cpu" "$(val scipy_tree_cpu_ms "$out/scipy.txt")" "$(val agree "$out/scipy.txt")"
done
