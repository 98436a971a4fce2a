#!/usr/bin/env bash
# Filtered back-projection of the analytic Shepp-Logan sinogram, by Conduit's CPU path and by scikit-image's iradon
# (Debian's python3-skimage) on the same sinogram in the same run: seconds, RMSE against the phantom, giga-updates/s.
# Usage: bench/recon/run-recon-bench.sh [WORK_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:-$(mktemp -d)}"
/usr/bin/python3 -c "import skimage" 2>/dev/null || apt-get install -y -qq python3-skimage >/dev/null
dotnet build -c Release "$root/bench/Conduit.Benchmarks" -v q -nologo >/dev/null
bench="$root/bench/Conduit.Benchmarks/bin/Release/net10.0/Conduit.Benchmarks"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); scikit-image $(/usr/bin/python3 -c 'import skimage; print(skimage.__version__)')"
for case in "512 720" "1024 1440"; do
  read -r size angles <<<"$case"
  dir="$work/recon-$size"
  /usr/bin/time -f "conduit process: wall_s=%e max_rss_KiB=%M" "$bench" recon-fbp "$size" "$angles" "$dir" 5
  /usr/bin/time -f "iradon process: wall_s=%e max_rss_KiB=%M" /usr/bin/python3 "$here/iradon_peer.py" "$dir" 3
done
