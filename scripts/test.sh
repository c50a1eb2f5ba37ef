#!/usr/bin/env bash
# The README's test command: installs what the tests need (apt, npm, NuGet), starts a throwaway PostGIS on
# loopback, runs every test project, and prints one closing line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

[ -d ../shared/geodata/osm ] || { echo "../shared/geodata/osm is missing: the tests read real OSM extracts from there (see README)." >&2; exit 2; }

bash scripts/ensure-apt.sh gdal-bin chromium fonts-wqy-microhei osmium-tool libreoffice-writer poppler-utils   # PostGIS is installed by scripts/postgis.sh; LibreOffice renders the Word report in its test
[ -f web/package.json ] && (cd web && npm ci --no-audit --no-fund --loglevel=error)
# The page's house style (web/eslint.config.js): a lint error fails the run before any test.
(cd web && npx --no-install eslint .)

# A throwaway PostGIS on 127.0.0.1 for the store tests; stopped on exit.
if [ -z "${COVERAGE_TEST_PG:-}" ]; then
  eval "$(bash scripts/postgis.sh start)"
  trap 'bash scripts/postgis.sh stop >/dev/null 2>&1 || true' EXIT
fi
export COVERAGE_TEST_PG

dotnet build Coverage.sln -c Release -nologo -v q
log=$(mktemp)
set +e
dotnet test Coverage.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# Sum the per-project summaries ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12") into one line.
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     } END { gsub(",", "", p); printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
