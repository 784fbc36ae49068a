#!/usr/bin/env bash
# A throwaway OCI registry on loopback (Debian's docker-registry, distribution 2.8), for Jib push tests.
#
# Usage:
#   registry.sh run DIR PORT          run a registry on 127.0.0.1:PORT in the foreground, storage under DIR; it
#                                     answers GET /v2/ with 200 once ready. The registry replaces this script's
#                                     process, so whoever started the script stops the registry with SIGTERM
#                                     (in a shell: 'registry.sh run DIR PORT &', later 'kill %1').
#   registry.sh push-base OCI_DIR PORT [REPO:TAG]
#                                     copy oci:OCI_DIR:latest to 127.0.0.1:PORT/REPO:TAG
#                                     (default order-service-base:latest); prints the pushed manifest digest.
# Files in DIR: config.yml, storage/.
set -euo pipefail

log() { echo "registry.sh: $*" >&2; }
usage() { sed -n '3,12p' "$0" >&2; exit 2; }

run() {
  local dir=$1 port=$2
  mkdir -p "$dir/storage"
  dir=$(cd "$dir" && pwd)
  # Other processes on this machine come and go on arbitrary ports: refuse a taken one.
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then log "port $port is already in use"; exit 1; fi
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
  log "serving 127.0.0.1:$port, storage $dir/storage"
  exec docker-registry serve "$dir/config.yml"
}

push_base() {
  local oci=$1 port=$2 ref=${3:-order-service-base:latest}
  [[ -f $oci/oci-layout ]] || { log "$oci is not an OCI layout (run build-base-image.sh)"; return 1; }
  digestfile=$(mktemp)
  trap 'rm -f "$digestfile"' EXIT
  # Keep the OCI manifest format: Jib reads OCI base images, and Jib/podman/skopeo all accept it.
  skopeo copy --quiet --dest-tls-verify=false --digestfile "$digestfile" \
    "oci:$oci:latest" "docker://127.0.0.1:$port/$ref" >&2
  cat "$digestfile"; echo
}

case ${1:-} in
  run) (($# == 3)) || usage; run "$2" "$3" ;;
  push-base) (($# >= 3)) || usage; push_base "$2" "$3" "${4:-}" ;;
  *) usage ;;
esac
