#!/usr/bin/env bash
# A 512 × 512 × 400 16-bit DICOS CT written and read by Conduit, by pydicom (Debian's python3-pydicom) and by DCMTK's
# command-line tools (Debian's dcmtk) in the same run, on the same volume: seconds (best of 3 in-process for Conduit
# and pydicom; DCMTK tools timed as whole processes) and the checksum of every stored sample.
# Usage: bench/dicos/run-dicos-bench.sh [WORK_DIR] [FRAMES]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:-$(mktemp -d)}"
frames="${2:-400}"
mkdir -p "$work"
dotnet build -c Release "$root/bench/Conduit.Benchmarks" -v q -nologo >/dev/null
bench="$root/bench/Conduit.Benchmarks/bin/Release/net10.0/Conduit.Benchmarks"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(dcmconv --version | head -1); pydicom $(/usr/bin/python3 -c 'import pydicom; print(pydicom.__version__)')"
/usr/bin/time -f "conduit process: wall_s=%e max_rss_KiB=%M" "$bench" dicos-ct "$work" "$frames" 3
/usr/bin/time -f "pydicom process: wall_s=%e max_rss_KiB=%M" /usr/bin/python3 "$here/pydicom_peer.py" "$work" 3
dcmtk() {
  local label="$1"; shift
  /usr/bin/time -f "dcmtk $label: wall_s=%e max_rss_KiB=%M" "$@"
}
for i in 1 2 3; do
  dcmtk "dcmconv native to native" dcmconv "$work/conduit-native.dcs" "$work/dcmtk-native.dcs"
  dcmtk "dcmcjpeg native to JpegLossless" dcmcjpeg "$work/conduit-native.dcs" "$work/dcmtk-jpeg.dcs"
  dcmtk "dcmdjpeg JpegLossless to native" dcmdjpeg "$work/conduit-jpeglossless.dcs" "$work/dcmtk-djpeg.dcs"
  dcmtk "dcmcrle native to RleLossless" dcmcrle "$work/conduit-native.dcs" "$work/dcmtk-rle.dcs"
  dcmtk "dcmdrle RleLossless to native" dcmdrle "$work/conduit-rlelossless.dcs" "$work/dcmtk-drle.dcs"
done 2>&1
