#!/usr/bin/env bash
# Fuzzes one target with AFL++ for MINUTES and prints executions, speed, paths, crashes and hangs.
#
#   bash tests/Fuzz/run.sh TARGET MINUTES [WORK]      (targets: dotnet run --project tests/Fuzz/Conduit.Fuzz -- --list)
#
# Builds the harness in Release into WORK/bin, instruments our assemblies (and PureHDF) with SharpFuzz, seeds AFL++
# with the target's corpus (tests/data/fuzz/seeds.txt and tests/data/fuzz/TARGET/), and runs it with a 1 GiB managed
# heap and a 10 s timeout per input, so that unbounded allocations and hangs count as findings. Findings land in
# WORK/out/default/{crashes,hangs}; replay one with
#   dotnet WORK/bin/Conduit.Fuzz.dll TARGET --replay FILE
# Needs Debian's afl++. Two targets may run at once (one per core), each with its own WORK.
set -euo pipefail

target=${1:?usage: run.sh TARGET MINUTES [WORK]}
minutes=${2:?usage: run.sh TARGET MINUTES [WORK]}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mkdir -p "${3:-${TMPDIR:-/tmp}/conduit-fuzz-work/$target}" && cd "${3:-${TMPDIR:-/tmp}/conduit-fuzz-work/$target}" && pwd)

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: sudo apt-get install afl++" >&2; exit 2; }

cd "$root"
dotnet tool restore >/dev/null
rm -rf "$work/bin" "$work/seeds"
# One build at a time (two targets started together share the project's obj folder).
(
    flock 9
    dotnet publish tests/Fuzz/Conduit.Fuzz -c Release -o "$work/bin" -v quiet -nologo >/dev/null
) 9>"${TMPDIR:-/tmp}/conduit-fuzz-build.lock"
for dll in "$work"/bin/Conduit.Abstractions.dll "$work"/bin/Conduit.Engine.dll "$work"/bin/Conduit.Plugins.*.dll "$work"/bin/PureHDF.dll; do
    dotnet sharpfuzz "$dll" >/dev/null
done

mkdir -p "$work/seeds"
{ grep "^$target " tests/data/fuzz/seeds.txt || true; } | cut -d" " -f2- | while read -r seed; do cp "$seed" "$work/seeds/"; done
if [ -d "tests/data/fuzz/$target" ]; then cp "tests/data/fuzz/$target"/* "$work/seeds/"; fi
[ -n "$(ls -A "$work/seeds")" ] || { echo "no seeds for target '$target'" >&2; exit 2; }

# A second run resumes from the first one's queue instead of starting over.
input="$work/seeds"
if [ -d "$work/out/default/queue" ]; then input=-; fi

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
export DOTNET_GCHeapHardLimit=0x40000000
afl-fuzz -i "$input" -o "$work/out" -t 10000 -m none -V $((minutes * 60)) -- dotnet "$work/bin/Conduit.Fuzz.dll" "$target" >"$work/afl.log" 2>&1 || {
    tail -30 "$work/afl.log" >&2
    exit 1
}

stats="$work/out/default/fuzzer_stats"
value() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
echo "target $target: $(value execs_done) executions in $(( $(value last_update) - $(value start_time) )) s ($(value execs_per_sec) execs/s)," \
     "$(value corpus_count) paths, $(value saved_crashes) crashes, $(value saved_hangs) hangs; findings in $work/out/default"
