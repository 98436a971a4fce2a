#!/usr/bin/env bash
# Parse and streaming unroll of a Pulseq file (default: the longest shared one, 600 s) at 20 MHz × 4 channels, with
# time and peak RSS, and pypulseq reading the same file in the same run.
# Usage: bench/pulseq/run-pulseq-bench.sh PYPULSEQ_GIT_DIR [FILE.seq]
#   PYPULSEQ_GIT_DIR: a git directory of imr-framework/pypulseq (its source is exported to a temporary folder and run
#   under Debian's /usr/bin/python3 with python3-numpy, python3-scipy and python3-matplotlib).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pypulseq_git="${1:?usage: $0 PYPULSEQ_GIT_DIR [FILE.seq]}"
file="${2:-$root/tests/data/pulseq/pypulseq_write_mprage.seq}"

if ! /usr/bin/python3 -c "import numpy, scipy, matplotlib" 2>/dev/null; then
  sudo apt-get install -y -qq python3-numpy python3-scipy python3-matplotlib >/dev/null
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git --git-dir="$pypulseq_git" archive HEAD | tar -x -C "$work"
commit="$(git --git-dir="$pypulseq_git" rev-parse HEAD)"
# pypulseq asks importlib.metadata for its own version; a source export has no installed metadata, so give it some.
version="$(grep -m1 -E '^version = "' "$work/pyproject.toml" | cut -d'"' -f2)"
mkdir -p "$work/pypulseq-$version.dist-info"
printf 'Metadata-Version: 2.1\nName: pypulseq\nVersion: %s\n' "$version" > "$work/pypulseq-$version.dist-info/METADATA"

dotnet build -c Release "$root/bench/Conduit.Benchmarks" -v q -nologo >/dev/null
bench="$root/bench/Conduit.Benchmarks/bin/Release/net10.0/Conduit.Benchmarks"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "pypulseq commit: $commit (version $version)"
/usr/bin/time -f "conduit wall_s=%e max_rss_KiB=%M" "$bench" pulseq-unroll "$file" 1 65536 2
/usr/bin/time -f "conduit wall_s=%e max_rss_KiB=%M (2 repetitions)" "$bench" pulseq-unroll "$file" 2 65536 2
PYTHONPATH="$work/src:$work" /usr/bin/time -f "pypulseq wall_s=%e max_rss_KiB=%M" /usr/bin/python3 "$here/pypulseq_read.py" "$file"
