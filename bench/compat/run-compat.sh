#!/usr/bin/env bash
# Compatibility sweep: every file of a corpus of real third-party files through `conduit inspect --json` and through
# the field's reference readers (bench/compat/peers.py), side by side.
#
# Where the files come from: COMPAT_DIR/manifest.tsv, one row per file, tab-separated, with a header:
#   format  repo  commit  path  local  bytes  sha256  licence
# i.e. the file PATH of the public GitHub repository REPO at COMMIT (format: pulseq | fcs | dicom | nifti), under the
# licence named, stored as COMPAT_DIR/files/LOCAL with that size and SHA-256 (checked here; a mismatch is reported).
# Nothing else in COMPAT_DIR is read. Results are written to COMPAT_DIR/results.tsv, raw outputs to COMPAT_DIR/compat-run/.
#
# Usage: bench/compat/run-compat.sh [COMPAT_DIR]             (default /work/compat)
# Environment:
#   CONDUIT        the published CLI's conduit.dll (default: host/bin/Release/net10.0/publish/conduit.dll of this repo);
#                  run as `dotnet CONDUIT inspect FILE --json` (exit 0 read, 1 refused as bad data, 2 not recognised)
#   FLOWIO_GIT     git directory of whitews/FlowIO        } source exported to a temporary folder and run from there
#   FCSPARSER_GIT  git directory of eyurtsev/fcsparser    } under Debian's /usr/bin/python3; a peer not given is
#   PYPULSEQ_GIT   git directory of imr-framework/pypulseq} recorded as "no peer" for its format
#   (DICOM: pydicom + DCMTK, NIfTI: nibabel, from Debian packages: python3-pydicom python3-nibabel dcmtk)
#   JOBS=2         files processed in parallel
#   TIMEOUT=300    seconds per reader per file (PULSEQ_TIMEOUT, default 600, for pypulseq)
#   FORMATS        formats to run (default: all in the manifest)
#   PEER_MEM_MB=6144  address-space limit of one peer process (pypulseq holds whole RF waveforms; a peer that runs
#                  out is recorded as refusing with MemoryError)
#   RESUME=1       keep raw outputs of rows already done
#   CONDUIT_ONLY=1 run Conduit again on every row and keep the peers' outputs (after a fix, peers need not rerun)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
compat="$(cd "${1:-/work/compat}" && pwd)"
manifest="$compat/manifest.tsv"
[[ -f "$manifest" ]] || { echo "no manifest at $manifest" >&2; exit 2; }
conduit="${CONDUIT:-$root/host/bin/Release/net10.0/publish/conduit.dll}"
[[ -f "$conduit" ]] || { echo "no Conduit CLI at $conduit (set CONDUIT=.../conduit.dll)" >&2; exit 2; }
jobs="${JOBS:-2}"
raw="$compat/compat-run"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

missing=()
/usr/bin/python3 -c "import numpy" 2>/dev/null || missing+=(python3-numpy)
/usr/bin/python3 -c "import pydicom" 2>/dev/null || missing+=(python3-pydicom)
/usr/bin/python3 -c "import nibabel" 2>/dev/null || missing+=(python3-nibabel)
/usr/bin/python3 -c "import PIL" 2>/dev/null || missing+=(python3-pil)
command -v dcmdjpeg >/dev/null || missing+=(dcmtk)
if [[ -n "${FCSPARSER_GIT:-}" ]]; then /usr/bin/python3 -c "import pandas" 2>/dev/null || missing+=(python3-pandas); fi
if [[ -n "${PYPULSEQ_GIT:-}" ]]; then
  /usr/bin/python3 -c "import scipy" 2>/dev/null || missing+=(python3-scipy)
  /usr/bin/python3 -c "import matplotlib" 2>/dev/null || missing+=(python3-matplotlib)
fi
if ((${#missing[@]})); then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export_source() { # git dir (or checkout), path in it, destination; file by file, since snapshots may lack data blobs
  local git=(git --git-dir="$1")
  if [[ -d "$1/.git" ]]; then git=(git -C "$1"); fi
  "${git[@]}" ls-tree -r --name-only HEAD -- "$2" | while IFS= read -r f; do
    mkdir -p "$3/$(dirname "$f")"; "${git[@]}" show "HEAD:$f" > "$3/$f"
  done
  echo "  $(basename "$(dirname "$1")")/$(basename "$1") $2 @ $("${git[@]}" rev-parse HEAD)"
}
echo "peers:"
pp=""
if [[ -n "${FLOWIO_GIT:-}" ]]; then export_source "$FLOWIO_GIT" src/flowio "$work/flowio"; pp="$work/flowio/src"; fi
if [[ -n "${FCSPARSER_GIT:-}" ]]; then
  for f in __init__.py api.py version.py; do export_source "$FCSPARSER_GIT" "fcsparser/$f" "$work/fcsparser" >/dev/null; done
  echo "  fcsparser @ $(git --git-dir="$FCSPARSER_GIT" rev-parse HEAD 2>/dev/null || git -C "$FCSPARSER_GIT" rev-parse HEAD)"
  pp="${pp:+$pp:}$work/fcsparser"
fi
if [[ -n "${PYPULSEQ_GIT:-}" ]]; then
  export_source "$PYPULSEQ_GIT" src/pypulseq "$work/pypulseq"
  (git --git-dir="$PYPULSEQ_GIT" show HEAD:pyproject.toml 2>/dev/null || git -C "$PYPULSEQ_GIT" show HEAD:pyproject.toml) \
    > "$work/pypulseq.toml"
  export PYPULSEQ_VERSION="$(grep -m1 -E '^version = "' "$work/pypulseq.toml" | cut -d'"' -f2 | grep -oE '^[0-9]+\.[0-9]+\.[0-9]+')"
  pp="${pp:+$pp:}$work/pypulseq/src"
fi
echo "  pydicom $(/usr/bin/python3 -c 'import pydicom; print(pydicom.__version__)'), nibabel $(/usr/bin/python3 -c 'import nibabel; print(nibabel.__version__)'), numpy $(/usr/bin/python3 -c 'import numpy; print(numpy.__version__)'), $(dcmdump --version 2>/dev/null | head -1)"
echo "conduit: $conduit"
export PYTHONPATH="$pp" CONDUIT_DLL="$conduit" PEERS_PY="$here/peers.py" RAW="$raw" COMPAT="$compat"
export TIMEOUT="${TIMEOUT:-300}" PULSEQ_TIMEOUT="${PULSEQ_TIMEOUT:-600}" PEER_MEM_MB="${PEER_MEM_MB:-6144}"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
export HAVE_FCS_PEER="$([[ -n "${FLOWIO_GIT:-}${FCSPARSER_GIT:-}" ]] && echo 1 || echo 0)"
export HAVE_PULSEQ_PEER="$([[ -n "${PYPULSEQ_GIT:-}" ]] && echo 1 || echo 0)"

mkdir -p "$raw"
if [[ "${RESUME:-0}" != 1 && "${CONDUIT_ONLY:-0}" != 1 ]]; then find "$raw" -maxdepth 1 -type f -name '*.*' -delete; fi

one() { # N FORMAT LOCAL SHA256
  local n="$1" fmt="$2" file="$COMPAT/files/$3" sha="$4" b="$RAW/$1"
  [[ -f "$b.peer.rc" && "${CONDUIT_ONLY:-0}" != 1 ]] && return 0
  if [[ "$(sha256sum "$file" 2>/dev/null | cut -d' ' -f1)" != "$sha" ]]; then
    echo "sha256 mismatch or missing file" > "$b.conduit.err"; echo 3 > "$b.conduit.rc"
    echo '{"refused": "file missing or sha256 mismatch"}' > "$b.peer.json"; echo 3 > "$b.peer.rc"; return 0
  fi
  local rc=0
  timeout "$TIMEOUT" dotnet "$CONDUIT_DLL" inspect "$file" --json > "$b.conduit.json" 2> "$b.conduit.err" || rc=$?
  echo "$rc" > "$b.conduit.rc"
  [[ -f "$b.peer.rc" ]] && return 0
  local t="$TIMEOUT"
  [[ "$fmt" == pulseq ]] && t="$PULSEQ_TIMEOUT"
  if { [[ "$fmt" == fcs ]] && [[ "$HAVE_FCS_PEER" == 0 ]]; } || { [[ "$fmt" == pulseq ]] && [[ "$HAVE_PULSEQ_PEER" == 0 ]]; }; then
    echo '{"refused": "no peer: reader source not given"}' > "$b.peer.json"; echo 0 > "$b.peer.rc"; return 0
  fi
  rc=0
  ( ulimit -v $((PEER_MEM_MB * 1024)); exec timeout "$t" /usr/bin/python3 "$PEERS_PY" "$fmt" "$file" ) \
    > "$b.peer.json" 2> "$b.peer.err" || rc=$?
  echo "$rc" > "$b.peer.rc"
}
export -f one

start=$(date +%s)
awk -F'\t' -v fmts="${FORMATS:-}" 'NR>1 && $0!="" { n++; if (fmts=="" || index(" " fmts " ", " " $1 " ")) print n "\t" $1 "\t" $5 "\t" $7 }' "$manifest" \
  | xargs -d '\n' -P "$jobs" -I{} bash -c 'IFS=$'"'"'\t'"'"' read -r n fmt loc sha <<< "$1"; one "$n" "$fmt" "$loc" "$sha"' _ {}
echo "ran in $(( $(date +%s) - start )) s with $jobs jobs"
/usr/bin/python3 "$here/compare.py" "$manifest" "$raw" "$compat/results.tsv"
