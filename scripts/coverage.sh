#!/usr/bin/env bash
# Runs the `coverage` executable (CLI verbs and `serve`), building it first when any source is newer than the build.
#   bash scripts/coverage.sh token issue --name alice
#   bash scripts/coverage.sh network build ../shared/geodata/osm/andorra.osm.pbf
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
exe="$root/src/Coverage.Server/bin/Release/net10.0/coverage.dll"
if [ ! -f "$exe" ] || [ -n "$(find "$root/src" "$root/Directory.Packages.props" -newer "$exe" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.sql' -o -name '*.html' \) -print -quit)" ]; then
  dotnet build "$root/src/Coverage.Server" -c Release -nologo -v q -clp:ErrorsOnly >&2
fi
# The server runs with the JIT tiering delay at 0; the other verbs, short jobs, with the runtime's default (scripts/run.sh says why).
# It also runs with a 64 MB young generation (scripts/run.sh says why).
if [ "${1:-}" = serve ]; then
  export DOTNET_TC_CallCountingDelayMs="${DOTNET_TC_CallCountingDelayMs:-0}"
  export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}"
fi
exec dotnet "$exe" "$@"
