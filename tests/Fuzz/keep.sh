#!/usr/bin/env bash
# Keeps what a fuzzing run found worth keeping: afl-cmin's smallest set of the run's queue that covers the same
# branches, without inputs over 4 KiB (near-copies of the large seeds, which the replay reads anyway), written to
# tests/data/fuzz/TARGET/ as kept-<sha1>, where CorpusReplayTests replays them and the next run.sh starts from them.
#
#   bash tests/Fuzz/keep.sh TARGET [WORK]       (WORK as given to run.sh)
set -euo pipefail

target=${1:?usage: keep.sh TARGET [WORK]}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${2:-${TMPDIR:-/tmp}/conduit-fuzz-work/$target}
[ -d "$work/out/default/queue" ] || { echo "no fuzzing run of '$target' in $work" >&2; exit 2; }

minimised=$(mktemp -d)
trap 'rm -rf "$minimised"' EXIT
AFL_ALLOW_TMP=1 AFL_SKIP_BIN_CHECK=1 DOTNET_GCHeapHardLimit=0x40000000 \
    afl-cmin -i "$work/out/default/queue" -o "$minimised/set" -t 10000 -m none -- "$(command -v dotnet)" "$work/bin/Conduit.Fuzz.dll" "$target" >/dev/null
mkdir -p "$root/tests/data/fuzz/$target"
kept=0
for input in "$minimised"/set/*; do
    if [ "$(stat -c %s "$input")" -le 4096 ]; then
        cp "$input" "$root/tests/data/fuzz/$target/kept-$(sha1sum "$input" | cut -c1-12)"
        kept=$((kept + 1))
    fi
done
echo "target $target: kept $kept of $(ls "$minimised/set" | wc -l) inputs in tests/data/fuzz/$target"
