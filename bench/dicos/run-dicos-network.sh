#!/usr/bin/env bash
# DICOS over the network against DCMTK, on loopback: storescu sends the same 512 x 512 x FRAMES CT (native, then JPEG
# Lossless) to DCMTK's storescp and to a `conduit run` of a dicos.receive job (the published host, ReadyToRun), one
# after the other, best of 3. The figure is storescu's wall time as a whole process (GNU time), from its start to its
# release: the receiver is already listening. storescp keeps the object (-od); the Conduit job keeps it too (directory)
# and also passes its frames on, decoded, to dicos.write-ct, which writes them again as a native CT: more work than
# storescp does, though after the answer (both answer once the object is on disk), so not in storescu's time. Both receivers announce the same maximum PDU (131072 bytes, DCMTK's largest). The Conduit job's peak RSS
# comes from GNU time over the whole job (one object), storescp's over its whole run; the baseline is the same job
# receiving nothing (it stops after 1 s idle): the runtime, the plugins and the pools. Checksums: every stored sample
# of both kept files (they must agree with the source).
# Usage: bench/dicos/run-dicos-network.sh [WORK_DIR] [FRAMES]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-$(mktemp -d)}"
frames="${2:-400}"
port_scp=11201
port_conduit=11202
mkdir -p "$work"
cd "$root"
# Receivers left behind by a failed step would hold the ports (and a caller's pipe): stop them on any exit.
trap 'pkill -TERM -P $$ 2>/dev/null; pkill -TERM -f "storescp -od $work/scp" 2>/dev/null; pkill -TERM -f "conduit run $work/receive.json" 2>/dev/null || true' EXIT
dotnet build -c Release bench/Conduit.Benchmarks -v q -nologo >/dev/null
dotnet publish host -c Release -o "$work/publish" -v q -nologo >/dev/null
bench=bench/Conduit.Benchmarks/bin/Release/net10.0/Conduit.Benchmarks
conduit="$work/publish/conduit"
export CONDUIT_PLUGIN_INDEX="$work/plugin-index.txt"
data="$work/ct$frames"
[[ -f "$data/conduit-native.dcs" ]] || "$bench" dicos-make "$data" "$frames"
cat > "$work/idle.json" <<JSON
{ "name": "receive", "memory": { "budget": "256 MiB" }, "stages": [
  { "id": "receive", "use": "dicos.receive", "with": { "port": $port_conduit, "idleSeconds": 1, "directory": "kept", "rescale": false, "maxPduLength": 131072 } },
  { "id": "write", "use": "dicos.write-ct", "from": "receive", "with": { "path": "out/idle.dcs" } } ] }
JSON
/usr/bin/time -f "%M" -o "$work/baseline-rss" "$conduit" run "$work/idle.json" >/dev/null 2>&1 || true
echo "baseline (the same job receiving nothing): $(( $(tail -1 "$work/baseline-rss") / 1024 )) MiB peak RSS"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(storescp --version | head -1); frames: $frames"
printf "%-16s %12s %12s %9s %14s %14s %s\n" source storescp_s conduit_s speedup "storescp_MiB" "conduit_MiB" "checksums (source, storescp, conduit)"
for source in conduit-native.dcs conduit-jpeglossless.dcs; do
  syntax=$([[ $source == *jpeg* ]] && echo "-xs" || echo "-xe")
  scp_times=() conduit_times=() scp_rss=0 conduit_rss=0
  for run in 1 2 3 4; do
    rm -rf "$work/scp" "$work/kept" "$work/out"; mkdir -p "$work/scp"
    /usr/bin/time -f "%M" -o "$work/scp-rss" storescp -od "$work/scp" +xa -pdu 131072 -aet STORESCP "$port_scp" & scp=$!
    cat > "$work/receive.json" <<JSON
{ "name": "receive", "memory": { "budget": "256 MiB" }, "stages": [
  { "id": "receive", "use": "dicos.receive", "with": { "port": $port_conduit, "count": 1, "directory": "kept", "rescale": false, "maxPduLength": 131072 } },
  { "id": "write", "use": "dicos.write-ct", "from": "receive", "with": { "path": "out/ct.dcs" } } ] }
JSON
    /usr/bin/time -f "%M" -o "$work/conduit-rss" "$conduit" run "$work/receive.json" >"$work/conduit.log" 2>&1 & job=$!
    sleep 1.5
    /usr/bin/time -f "%e" -o "$work/t-scp" storescu -R "$syntax" -aec STORESCP 127.0.0.1 "$port_scp" "$data/$source"
    /usr/bin/time -f "%e" -o "$work/t-conduit" storescu -R "$syntax" -aec CONDUIT 127.0.0.1 "$port_conduit" "$data/$source"
    wait "$job"
    pkill -TERM -P "$scp" storescp; wait "$scp" || true # GNU time ignores the signals its child should get
    (( run == 1 )) && continue # warm-up
    scp_times+=("$(cat "$work/t-scp")"); conduit_times+=("$(cat "$work/t-conduit")")
    scp_rss=$(( $(tail -1 "$work/scp-rss") > scp_rss ? $(tail -1 "$work/scp-rss") : scp_rss ))
    conduit_rss=$(( $(tail -1 "$work/conduit-rss") > conduit_rss ? $(tail -1 "$work/conduit-rss") : conduit_rss ))
  done
  s=$(printf "%s\n" "${scp_times[@]}" | sort -n | head -1)
  c=$(printf "%s\n" "${conduit_times[@]}" | sort -n | head -1)
  printf "%-16s %12s %12s %8.2fx %14.1f %14.1f %s %s %s\n" "${source%.dcs}" "$s" "$c" "$(echo "$s / $c" | bc -l)" \
    "$(echo "$scp_rss / 1024" | bc -l)" "$(echo "$conduit_rss / 1024" | bc -l)" \
    "$("$bench" dicos-sum "$data/$source")" "$("$bench" dicos-sum "$(ls "$work"/scp/* | head -1)")" "$("$bench" dicos-sum "$(ls "$work"/kept/*.dcs | head -1)")"
done
echo "size: $(( $(stat -c %s "$data/conduit-native.dcs") / 1000000 )) MB native, $(( $(stat -c %s "$data/conduit-jpeglossless.dcs") / 1000000 )) MB JPEG Lossless"
