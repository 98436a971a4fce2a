#!/usr/bin/env bash
# An accelerated acquisition on the Spectrum driver simulator: pulseq.load -> unroll -> spectrum.tx with
# pulseq.adc-windows -> spectrum.rx -> spectrum.write-raw, for a short and for the longest shared sequence, at SPEED
# times real time. Prints each job's wall time, the job's peak pool/budget memory and the process's peak RSS (both as
# the host reports them), and whether the ring underran (the job fails if it does).
# Usage: bench/spectrum/run-acquisition-bench.sh [SPEED] [WORK_DIR] [SEQUENCES]   (ring=SIZE in the environment: the TX ring)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
speed="${1:-4}"
work="${2:-$(mktemp -d)}"
sequences="${3:-pulseq_gre_v151.seq pypulseq_write_mprage.seq}"
data="$(cd "$root/tests/data/pulseq" && pwd)"
mkdir -p "$work"
dotnet build -c Release "$root/host" -v q -nologo >/dev/null
host="$root/host/bin/Release/net10.0/conduit"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); speed ${speed}x real time"
for sequence in $sequences; do
  job="$work/${sequence%.seq}.json"
  cat > "$job" <<JSON
{ "name": "acquisition-bench", "memory": { "budget": "512 MiB" }, "stages": [
  { "id": "load", "use": "pulseq.load", "with": { "path": "$data/$sequence" } },
  { "id": "unroll", "use": "pulseq.unroll", "from": "load", "with": { "larmorFrequency": 2e6 } },
  { "id": "windows", "use": "pulseq.adc-windows", "from": "load" },
  { "id": "tx", "use": "spectrum.tx", "from": "unroll", "with": { "driver": "simulator", "device": "/dev/spcm0?world=bench&speed=$speed&gain=0.01&noise=2", "ringSize": "${ring:-128 MiB}" } },
  { "id": "rx", "use": "spectrum.rx", "from": "windows", "with": { "driver": "simulator", "device": "/dev/spcm1?world=bench", "ringSize": "16 MiB" } },
  { "id": "write", "use": "spectrum.write-raw", "from": "rx", "with": { "path": "$work/${sequence%.seq}.h5", "average": false } } ] }
JSON
  echo "== $sequence"
  /usr/bin/time -f "process: wall_s=%e max_rss_KiB=%M" "$host" run "$job" 2>&1 | grep -E "Job |succeeded|failed|underrun|process:" | grep -vE "stage (load|windows)" || true
done
