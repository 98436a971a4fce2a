#!/usr/bin/env bash
# Runs a job through the real executable under GNU time and prints the peak RSS the kernel measured,
# next to the peak the host itself reports. Default: 2 GiB of frames through a 64 MiB budget.
# Usage: bash bench/measure-job-rss.sh [job.json]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
job="${1:-}"
if [[ -z "$job" ]]; then
  job="$work/two-gib.json"
  cat > "$job" <<'JSON'
{ "name": "two-gib", "memory": { "budget": "64 MiB" }, "stages": [
  { "id": "generate", "use": "example.generate", "with": { "width": 1024, "height": 1024, "count": 512 } },
  { "id": "scale", "use": "example.scale", "from": "generate", "with": { "factor": 0.5 } },
  { "id": "write", "use": "example.write", "from": "scale", "with": { "path": "out/two-gib.cfr" } } ] }
JSON
fi
dotnet build -c Release "$root/host" -v quiet -nologo >/dev/null
/usr/bin/time -v dotnet "$root/host/bin/Release/net10.0/conduit.dll" run "$job" 2> "$work/time.txt" | tail -3
grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$work/time.txt"
