#!/usr/bin/env bash
# Start-up of the conduit command, whole process: `--help`, `validate` and `run` of a trivial job (config/example.json
# at its smallest: 4 frames of 64 × 64 generated, scaled and written) and of config/example.json itself (64 MiB of
# frames), for the debug build, a publish without
# ReadyToRun (what the tool package carries) and the default publish (ReadyToRun), each with the plugin index (only the
# job's plugins load) and without it (CONDUIT_PLUGIN_INDEX=none: every plugin loads). Median of 7 runs after one warm-up.
# Usage: bash bench/startup/run-startup-bench.sh [WORK_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
cd "$root"
dotnet build host -v q -nologo >/dev/null
dotnet publish host -c Release -o "$work/publish-r2r" -v q -nologo >/dev/null
dotnet publish host -c Release -p:PublishReadyToRun=false -o "$work/publish-il" -v q -nologo >/dev/null
sed "s#\"../out/example/frames.cfr\"#\"$work/out/example.cfr\"#" config/example.json > "$work/example.json"
sed -e 's#"width": 512, "height": 512, "count": 64#"width": 64, "height": 64, "count": 4#' -e "s#$work/out/example.cfr#$work/out/trivial.cfr#" "$work/example.json" > "$work/trivial.json"
grep -q '"count": 4' "$work/trivial.json" || { echo "config/example.json changed: update the trivial job" >&2; exit 1; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
measure() {
  local label="$1"; shift
  "$@" >/dev/null 2>&1 || { echo "$label: failed: $*" >&2; exit 1; }
  for _ in 1 2 3 4 5 6 7; do
    /usr/bin/time -f "%e" -o "$work/t" "$@" >/dev/null 2>&1
    cat "$work/t"
  done | median | xargs printf "%-62s %s s\n" "$label"
}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(dotnet --version) SDK"
for build in debug publish-il publish-r2r; do
  case "$build" in
    debug) conduit=(dotnet "$root/host/bin/Debug/net10.0/conduit.dll") ;;
    *) conduit=("$work/$build/conduit") ;;
  esac
  measure "$build --help" "${conduit[@]}" --help
  for index in on none; do
    if [[ "$index" == none ]]; then export CONDUIT_PLUGIN_INDEX=none; else export CONDUIT_PLUGIN_INDEX="$work/index-$build.txt"; fi
    measure "$build index=$index validate trivial" "${conduit[@]}" validate "$work/trivial.json"
    measure "$build index=$index run trivial" "${conduit[@]}" run "$work/trivial.json"
    measure "$build index=$index run config/example.json" "${conduit[@]}" run "$work/example.json"
  done
  unset CONDUIT_PLUGIN_INDEX
  measure "$build plugins" "${conduit[@]}" plugins
done
