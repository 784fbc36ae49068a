#!/usr/bin/env bash
# A throwaway OCI registry on loopback (Debian's docker-registry, distribution 2.8), for Jib push tests.
#
# Usage:
#   registry.sh start DIR PORT        start (or keep) a registry on 127.0.0.1:PORT, storage and pid under DIR;
#                                     returns once GET /v2/ answers 200. Idempotent if it already runs.
#   registry.sh stop DIR [PORT]       stop the registry whose pid file is in DIR; no-op if none runs.
#   registry.sh push-base OCI_DIR PORT [REPO:TAG]
#                                     copy oci:OCI_DIR:latest to 127.0.0.1:PORT/REPO:TAG
#                                     (default order-service-base:17); prints the pushed manifest digest.
# Files in DIR: config.yml, storage/, registry.log, registry.pid.
# Env: REGISTRY_START_TIMEOUT seconds to wait for /v2/ (default 30).
set -euo pipefail

log() { echo "registry.sh: $*" >&2; }
usage() { sed -n '3,12p' "$0" >&2; exit 2; }

# True if the pid file names a live docker-registry process (guards against a recycled pid).
running_pid() {
  local pidfile=$1/registry.pid pid
  [[ -f $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'docker-registry' || return 1
  echo "$pid"
}

v2_ok() { [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1/v2/") == 200 ]]; }

start() {
  local dir=$1 port=$2 pid deadline
  mkdir -p "$dir/storage"
  dir=$(cd "$dir" && pwd)
  if pid=$(running_pid "$dir"); then
    if v2_ok "$port"; then log "already running (pid $pid) on 127.0.0.1:$port"; return 0; fi
    log "pid $pid in $dir does not answer on port $port; stop it first"; return 1
  fi
  # Other processes on this machine come and go on arbitrary ports: refuse a taken one.
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then log "port $port is already in use"; return 1; fi
  cat >"$dir/config.yml" <<EOF
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
EOF
  # setsid: the registry must outlive this script (and the test's shell) until 'stop'.
  setsid docker-registry serve "$dir/config.yml" >>"$dir/registry.log" 2>&1 </dev/null &
  echo $! >"$dir/registry.pid"
  deadline=$((SECONDS + ${REGISTRY_START_TIMEOUT:-30}))
  until v2_ok "$port"; do
    if ! running_pid "$dir" >/dev/null; then
      log "registry exited; last log lines:"; tail -n 20 "$dir/registry.log" >&2; rm -f "$dir/registry.pid"; return 1
    fi
    if ((SECONDS >= deadline)); then log "no 200 from /v2/ in time"; stop "$dir"; return 1; fi
    sleep 0.2
  done
  log "running (pid $(<"$dir/registry.pid")) on 127.0.0.1:$port, storage $dir/storage"
}

stop() {
  local dir=$1 pid _
  if ! pid=$(running_pid "$dir"); then rm -f "$dir/registry.pid"; log "not running"; return 0; fi
  kill "$pid"
  # It was reparented to init, which reaps it a moment later: a zombie counts as stopped.
  alive() { [[ -r /proc/$pid/stat && $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) != Z ]]; }
  for _ in $(seq 50); do alive || break; sleep 0.2; done
  if alive; then kill -9 "$pid"; fi
  rm -f "$dir/registry.pid"
  log "stopped pid $pid"
}

push_base() {
  local oci=$1 port=$2 ref=${3:-order-service-base:17} digestfile
  [[ -f $oci/oci-layout ]] || { log "$oci is not an OCI layout (run build-base-image.sh)"; return 1; }
  digestfile=$(mktemp)
  # Keep the OCI manifest format: Jib reads OCI base images, and Jib/podman/skopeo all accept it.
  skopeo copy --quiet --dest-tls-verify=false --digestfile "$digestfile" \
    "oci:$oci:latest" "docker://127.0.0.1:$port/$ref" >&2
  cat "$digestfile"; echo
  rm -f "$digestfile"
}

case ${1:-} in
  start) (($# == 3)) || usage; start "$2" "$3" ;;
  stop) (($# >= 2)) || usage; stop "$2" ;;
  push-base) (($# >= 3)) || usage; push_base "$2" "$3" "${4:-}" ;;
  *) usage ;;
esac
