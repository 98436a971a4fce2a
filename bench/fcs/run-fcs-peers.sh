#!/usr/bin/env bash
# FCS read throughput and concatenation memory, Conduit against the peer readers, on the same files in one run. Every
# reader reads every event of DATA and the script sums every value as float64 (the sums are printed and must agree to
# about 1e-9, the summation order differing); all three run in process on one thread. The limit printed beside them is
# cat of the same file from the page cache.
#   bash bench/fcs/run-fcs-peers.sh FLOWIO_GIT FCSPARSER_GIT [MiB]
# FLOWIO_GIT and FCSPARSER_GIT are git directories (or checkouts) of whitews/FlowIO and eyurtsev/fcsparser; their
# source is exported to a temporary folder and run from there under Debian's python3 (numpy, pandas), never installed
# into the project. Files are written to a temporary folder and read once before timing, so every reader reads from
# the page cache.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
flowio_git="$1"; fcsparser_git="$2"; mib="${3:-1024}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

missing=()
/usr/bin/python3 -c "import numpy" 2>/dev/null || missing+=(python3-numpy)
/usr/bin/python3 -c "import pandas" 2>/dev/null || missing+=(python3-pandas)
if ((${#missing[@]})); then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; fi

export_source() { # git dir (or checkout), path -> folder; file by file, since snapshots may lack large data blobs
  local git=(git --git-dir="$1")
  if [[ -d "$1/.git" ]]; then git=(git -C "$1"); fi
  "${git[@]}" ls-tree -r --name-only HEAD -- "$2" | while IFS= read -r f; do
    mkdir -p "$3/$(dirname "$f")"; "${git[@]}" show "HEAD:$f" > "$3/$f"
  done
}
export_source "$flowio_git" src "$work/flowio"
for f in __init__.py api.py version.py; do export_source "$fcsparser_git" "fcsparser/$f" "$work/fcsparser"; done

echo "FlowIO $(git --git-dir="$flowio_git" rev-parse --short HEAD 2>/dev/null || git -C "$flowio_git" rev-parse --short HEAD), fcsparser $(git --git-dir="$fcsparser_git" rev-parse --short HEAD 2>/dev/null || git -C "$fcsparser_git" rev-parse --short HEAD)"

dotnet build -c Release "$root/bench/Conduit.Benchmarks" -v quiet -nologo >/dev/null
dotnet build -c Release "$root/host" -v quiet -nologo >/dev/null

for order in "1,2,3,4" "4,3,2,1"; do
  file="$work/events-$order.fcs"
  /usr/bin/python3 "$root/bench/fcs/make-fcs.py" "$file" "$mib" 16 "$order"
  cat "$file" > /dev/null
  echo "== read $mib MiB float32, \$BYTEORD $order (best of 3)"
  for _ in 1 2 3; do /usr/bin/time -f "%e" -o "$work/t" cat "$file" > /dev/null; cat "$work/t"; done | sort -n | head -1 | xargs printf "limit: cat of the file from the page cache %s s\n"
  dotnet "$root/bench/Conduit.Benchmarks/bin/Release/net10.0/Conduit.Benchmarks.dll" fcs-read "$file" 3
  PYTHONPATH="$work/flowio/src" /usr/bin/python3 - "$file" <<'PY'
import sys, time, flowio
best = 1e9
for _ in range(3):
    t = time.perf_counter(); a = flowio.FlowData(sys.argv[1]).as_array(preprocess=False); s = a.sum(dtype='float64'); best = min(best, time.perf_counter() - t)
print(f"flowio {best:.3f} s {a.nbytes / 2 / best / 1e6:.0f} MB/s (values as float64: {a.shape}; sum of every value {s:.9E})")
PY
  PYTHONPATH="$work/fcsparser" /usr/bin/python3 - "$file" <<'PY'
import sys, time, fcsparser
best = 1e9
for _ in range(3):
    t = time.perf_counter(); meta, data = fcsparser.parse(sys.argv[1], reformat_meta=True); s = data.values.sum(dtype='float64'); best = min(best, time.perf_counter() - t)
print(f"fcsparser {best:.3f} s {data.values.nbytes / best / 1e6:.0f} MB/s ({data.shape}, {data.values.dtype}; sum of every value {s:.9E})")
PY
done

echo "== concatenate 4 x $mib MiB into one file (fcs.concat -> fcs.write), peak RSS by GNU time"
file="$work/events-1,2,3,4.fcs"
cat > "$work/concat.json" <<JSON
{ "name": "concat", "stages": [
  { "id": "read", "use": "fcs.concat", "with": { "inputs": ["$file", "$file", "$file", "$file"] } },
  { "id": "write", "use": "fcs.write", "from": "read", "with": { "path": "$work/all.fcs" } } ] }
JSON
/usr/bin/time -v dotnet "$root/host/bin/Release/net10.0/conduit.dll" run "$work/concat.json" 2> "$work/time.txt" | tail -2
grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$work/time.txt"
ls -l "$work/all.fcs" | awk '{print "output bytes", $5}'
