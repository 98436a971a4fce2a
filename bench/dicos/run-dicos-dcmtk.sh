#!/usr/bin/env bash
# DICOS against DCMTK, file to file, whole process against whole process: `conduit run` of a dicos.read ->
# dicos.write-ct job (the published host, ReadyToRun) beside dcmconv, dcmcjpeg, dcmdjpeg, dcmcrle and dcmdrle on the same
# 512 x 512 x FRAMES 16-bit CT, warm page cache, best of 3 wall times (GNU time), with the sum of every stored sample
# of both outputs (they must agree) and the limits of the machine: reading the source with cat and writing the native
# file's bytes with dd (page cache, no fsync). Conduit uses every core (and is also run on one with taskset); DCMTK's
# tools use one. A Conduit job also flushes its output to disk before it renames it into place (a crash leaves the old
# file or the new one); DCMTK's tools do not, so each DCMTK tool is also timed followed by `sync FILE`, the same work.
# Usage: bench/dicos/run-dicos-dcmtk.sh [WORK_DIR] [FRAMES]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-$(mktemp -d)}"
frames="${2:-400}"
mkdir -p "$work"
cd "$root"
dotnet build -c Release bench/Conduit.Benchmarks -v q -nologo | grep -E "error|warn" || true
dotnet publish host -c Release -o "$work/publish" -v q -nologo | grep -E "error|warn" || true
bench=bench/Conduit.Benchmarks/bin/Release/net10.0/Conduit.Benchmarks
conduit="$work/publish/conduit"
export CONDUIT_PLUGIN_INDEX="$work/plugin-index.txt"
data="$work/ct$frames"
[[ -f "$data/conduit-native.dcs" ]] || "$bench" dicos-make "$data" "$frames"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(dcmconv --version | head -1); frames: $frames"
best() { # best wall time of 3 runs of a command, after one warm-up run
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  for _ in 1 2 3; do /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>&1; cat "$work/t"; done | sort -n | head -1
}
job() { # job FILE SOURCE TARGET ENCODING
  cat > "$1" <<JSON
{ "name": "transcode", "memory": { "budget": "256 MiB" }, "stages": [
  { "id": "read", "use": "dicos.read", "with": { "path": "$2", "rescale": false } },
  { "id": "write", "use": "dicos.write-ct", "from": "read", "with": { "path": "$3", "encoding": "$4" } } ] }
JSON
}
printf "%-34s %8s %11s %10s %8s %9s %8s %s\n" operation dcmtk_s dcmtk+sync conduit_s 1core_s speedup size_MB "checksums (dcmtk, conduit)"
compare() { # compare LABEL SOURCE ENCODING DCMTK-TOOL
  local label="$1" source="$data/$2" encoding="$3" tool="$4"
  local ours="$work/out-$label.dcs" theirs="$work/dcmtk-$label.dcs"
  job "$work/$label.json" "$source" "$ours" "$encoding"
  read -r d _ < <(best "$tool" "$source" "$theirs")
  read -r ds _ < <(best sh -c '"$1" "$2" "$3" && sync "$3"' sh "$tool" "$source" "$theirs")
  read -r c _ < <(best "$conduit" run "$work/$label.json")
  read -r one _ < <(best taskset -c 0 "$conduit" run "$work/$label.json")
  printf "%-34s %8s %11s %10s %8s %8.2fx %8.1f %s %s\n" "$label ($tool)" "$d" "$ds" "$c" "$one" "$(echo "$d / $c" | bc -l)" \
    "$(echo "$(stat -c %s "$ours") / 1000000" | bc -l)" "$("$bench" dicos-sum "$theirs")" "$("$bench" dicos-sum "$ours")"
}
compare native-to-native conduit-native.dcs Native dcmconv
compare native-to-rle conduit-native.dcs RleLossless dcmcrle
compare rle-to-native conduit-rlelossless.dcs Native dcmdrle
compare native-to-jpeg conduit-native.dcs JpegLossless dcmcjpeg
compare jpeg-to-native conduit-jpeglossless.dcs Native dcmdjpeg
read -r cat_s _ < <(best cat "$data/conduit-native.dcs")
read -r dd_s _ < <(best dd if="$data/conduit-native.dcs" of="$work/dd-native.dcs" bs=1M)
echo "limits: cat of the native source (page cache) ${cat_s} s; dd of its bytes to a new file ${dd_s} s"
