#!/usr/bin/env bash
# Same question, two engines, one run: bounded multi-source walk times over the SAME edges with Coverage's
# Dijkstra and with pgRouting's pgr_drivingDistance (equicost = nearest source). Prints medians and ratios,
# and checks that both engines agree node by node.
#   bash bench/pgrouting.sh [EXTRACT ...]     (default: every extract in ../shared/geodata/osm plus the demo county)
set -euo pipefail
cd "$(dirname "$0")/.."
extracts=("$@")
if [ ${#extracts[@]} -eq 0 ]; then
  extracts=(../shared/geodata/osm/andorra.osm.pbf ../shared/geodata/osm/north-bayreuth.osm.gz ../shared/geodata/osm/krems.osm.gz ../shared/geodata/osm/monaco.osm.gz)
  [ -f geodata/demo/demo-county.synthetic.osm.pbf ] && extracts+=(geodata/demo/demo-county.synthetic.osm.pbf)
fi
runs=${RUNS:-7}
sources=${SOURCES:-20}
limit=${LIMIT_SECONDS:-900}

eval "$(bash scripts/postgis.sh start --pgrouting)"
trap 'bash scripts/postgis.sh stop >/dev/null 2>&1 || true' EXIT
psql_() { psql "$COVERAGE_TEST_PG_URL" -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_ -c "CREATE EXTENSION IF NOT EXISTS pgrouting;"

dotnet build bench/Coverage.Bench -c Release -nologo -v q >/dev/null
work=$(mktemp -d); trap 'rm -rf "$work"; bash scripts/postgis.sh stop >/dev/null 2>&1 || true' EXIT
printf '%-34s %9s %9s %8s %12s %12s %9s %s\n' extract nodes edges sources coverage_ms pgr_ms ratio agree
for x in "${extracts[@]}"; do
  name=$(basename "$x")
  out="$work/$name"; mkdir -p "$out"
  # Exports edges.csv / sources.csv and times our own search over the same sources (median of $runs).
  dotnet run -c Release --no-build --project bench/Coverage.Bench -- pgr-export "$x" "$out" --sources "$sources" --limit "$limit" --runs "$runs" > "$out/ours.txt"
  ours_ms=$(grep '^median_ms=' "$out/ours.txt" | cut -d= -f2)
  nodes=$(grep '^nodes=' "$out/ours.txt" | cut -d= -f2)
  edges=$(grep '^edges=' "$out/ours.txt" | cut -d= -f2)
  psql_ <<SQL
DROP TABLE IF EXISTS edges; CREATE TABLE edges (id bigint, source bigint, target bigint, cost float8, reverse_cost float8);
\copy edges FROM '$out/edges.csv' WITH (FORMAT csv, HEADER true)
CREATE INDEX ON edges (id); ANALYZE edges;
SQL
  src=$(paste -sd, "$out/sources.csv" | sed 's/^source,//')
  times=()
  for ((i = 0; i < runs; i++)); do
    ms=$(psql_ -c "DO \$\$ DECLARE t0 timestamptz := clock_timestamp(); n bigint; BEGIN
            SELECT count(*) INTO n FROM pgr_drivingDistance('SELECT id, source, target, cost, reverse_cost FROM edges', ARRAY[$src]::bigint[], $limit, directed => true, equicost => true);
            RAISE NOTICE '%', extract(epoch FROM clock_timestamp() - t0) * 1000; END \$\$;" 2>&1 | sed -n 's/.*NOTICE: *//p')
    times+=("$ms")
  done
  pgr_ms=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  # Node-by-node agreement: pgRouting's agg_cost against ours (seconds, 0.05 s tolerance for float rounding).
  psql_ -c "\copy (SELECT node, agg_cost FROM pgr_drivingDistance('SELECT id, source, target, cost, reverse_cost FROM edges', ARRAY[$src]::bigint[], $limit, directed => true, equicost => true) ORDER BY node) TO '$out/pgr.csv' WITH (FORMAT csv)"
  agree=$(dotnet run -c Release --no-build --project bench/Coverage.Bench -- pgr-compare "$out" )
  ratio=$(awk -v a="$pgr_ms" -v b="$ours_ms" 'BEGIN { printf "%.1fx", a / b }')
  printf '%-34s %9s %9s %8s %12.3f %12.3f %9s %s\n' "$name" "$nodes" "$edges" "$sources" "$ours_ms" "$pgr_ms" "$ratio" "$agree"
done
