#!/usr/bin/env bash
# A 2 GiB int16 4D NIfTI (256 × 256 × 128 × 128, 16 MiB volumes), read one volume then every volume, by Conduit and by
# nibabel (Debian's python3-nibabel, memory-mapped) in the same run, each once cold-ish (just written) and once warm.
# Both sum every value as int64 on one thread (numpy widening while it adds; Conduit's vectorised sum); the limit
# printed beside them is cat of the same file from the page cache.
# Usage: bench/datasets/run-nifti-bench.sh [WORK_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
/usr/bin/python3 -c "import nibabel" 2>/dev/null || sudo apt-get install -y -qq python3-nibabel >/dev/null
dotnet build -c Release "$root/bench/Conduit.Benchmarks" -v q -nologo >/dev/null
bench="$root/bench/Conduit.Benchmarks/bin/Release/net10.0/Conduit.Benchmarks"
image="$work/bench-2gib.nii"
[[ -f "$image" ]] || "$bench" nifti-make "$image" 256 256 128 128
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); nibabel $(/usr/bin/python3 -c 'import nibabel; print(nibabel.__version__)')"
cat "$image" > /dev/null
for _ in 1 2 3; do /usr/bin/time -f "%e" -o "$work/t" cat "$image" > /dev/null; cat "$work/t"; done | sort -n | head -1 | xargs printf "limit: cat of the file from the page cache %s s\n"
for round in 1 2; do
  /usr/bin/time -f "conduit wall_s=%e max_rss_KiB=%M" "$bench" nifti-volumes "$image"
  /usr/bin/time -f "nibabel wall_s=%e max_rss_KiB=%M" /usr/bin/python3 "$here/nibabel_volumes.py" "$image"
done
