#!/usr/bin/env bash
# Starts (or stops) a single-node Slurm on this machine for tests and CI: munged, slurmctld and slurmd on localhost,
# one partition "debug" with all cores and most of the memory, no accounting database. Needs root and Debian's
# slurm-wlm and munge packages. Everything it writes lives under $CONDUIT_SLURM_DIR (default /tmp/conduit-slurm),
# except /etc/slurm/slurm.conf, which it writes only when the file is absent or was written by this script.
# Usage: .ci/local-slurm.sh start|stop|status
set -euo pipefail
dir="${CONDUIT_SLURM_DIR:-/tmp/conduit-slurm}"
conf=/etc/slurm/slurm.conf
marker="# written by conduit .ci/local-slurm.sh"

start() {
  if pgrep -x slurmctld >/dev/null && pgrep -x slurmd >/dev/null && sinfo -h -o %t 2>/dev/null | grep -Eq '^(idle|mix|alloc)'; then
    echo "local-slurm: already up ($(sinfo -h -o '%P %D nodes, %c CPUs, %m MB, %t')); leaving it as it is"
    return 0
  fi
  command -v slurmctld >/dev/null && command -v munged >/dev/null || { echo "local-slurm: slurm-wlm and munge are not installed" >&2; exit 1; }
  if [[ -f "$conf" ]] && ! grep -qF "$marker" "$conf"; then
    echo "local-slurm: $conf exists and is not ours; not touching it" >&2; exit 1
  fi
  mkdir -p "$dir"/{state,spool,munge} /etc/slurm /run/munge
  host="$(hostname -s)"
  memory_mb=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 * 3 / 4 ))
  cat > "$conf" <<CONF
$marker
ClusterName=conduit
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MpiDefault=none
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$memory_mb State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  [[ -f /etc/munge/munge.key ]] || { dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null; chmod 400 /etc/munge/munge.key; }
  chown munge:munge /etc/munge/munge.key /run/munge 2>/dev/null || true
  # Only daemons this script starts are recorded, and only those does `stop` end.
  touch "$dir/started"
  if ! pgrep -x munged >/dev/null; then runuser -u munge -- /usr/sbin/munged && echo munged >> "$dir/started"; fi
  if ! pgrep -x slurmctld >/dev/null; then slurmctld -i && echo slurmctld >> "$dir/started"; fi
  if ! pgrep -x slurmd >/dev/null; then slurmd -N "$host" && echo slurmd >> "$dir/started"; fi
  for _ in $(seq 1 60); do
    if sinfo -h -o %t 2>/dev/null | grep -Eq '^(idle|mix|alloc)'; then
      echo "local-slurm: up ($(sinfo -h -o '%P %D nodes, %c CPUs, %m MB, %t'))"
      return 0
    fi
    scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true
    sleep 1
  done
  echo "local-slurm: the node did not become idle; logs follow" >&2
  tail -n 20 "$dir"/slurmctld.log "$dir"/slurmd.log >&2 || true
  exit 1
}

stop() {
  [[ -s "$dir/started" ]] || { echo "local-slurm: nothing of ours is running"; return 0; }
  for daemon in slurmd slurmctld munged; do
    grep -qx "$daemon" "$dir/started" || continue
    case "$daemon" in
      munged) pidfile=/run/munge/munged.pid ;;
      *) pidfile="$dir/$daemon.pid" ;;
    esac
    [[ -f "$pidfile" ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  if [[ -f "$conf" ]] && grep -qF "$marker" "$conf"; then rm -f "$conf"; fi
  rm -rf "$dir"
  echo "local-slurm: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) sinfo ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
