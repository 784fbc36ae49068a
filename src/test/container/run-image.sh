#!/usr/bin/env bash
# Run a container image in the background with podman on the host network, for HTTP tests.
#
# Usage:
#   run-image.sh IMAGE PORT [CMD ARGS...]   start a container (replacing one of the same name) with
#                                           QUARKUS_HTTP_PORT=PORT and print its id; it has started, not
#                                           necessarily opened the port yet (poll 127.0.0.1:PORT). CMD overrides
#                                           the image's command.
#   run-image.sh stop                       remove the container (no-op if absent).
#   run-image.sh inspect                    its 'podman inspect' JSON (.[0].State.Status is "running" while it runs).
#   run-image.sh logs                       print its logs.
# Env:
#   RUN_IMAGE_NAME   container name, default order-service-it
#   PODMAN_ROOT, PODMAN_RUN  podman's state (see podman-common.sh)
#   PODMAN_RUN_ARGS  extra 'podman run' flags, split on spaces (e.g. "-e JDK_JAVA_OPTIONS=-Xmx256m")
# IMAGE may be a registry reference (pulled with TLS off when newer, e.g. 127.0.0.1:5000/x:tag) or
# any podman transport such as oci:/path/to/layout:latest.
set -euo pipefail

NAME=${RUN_IMAGE_NAME:-order-service-it}
# shellcheck source=podman-common.sh
. "$(dirname "$0")/podman-common.sh"

log() { echo "run-image.sh: $*" >&2; }

case ${1:-} in
  # -t 0: no wait for a graceful stop, which no caller looks at (the service's own would take its 5 s shutdown delay).
  stop) "${PODMAN[@]}" rm -f --ignore -t 0 "$NAME" >/dev/null; log "removed $NAME"; exit 0 ;;
  inspect) exec "${PODMAN[@]}" inspect "$NAME" ;;
  logs) exec "${PODMAN[@]}" logs "$NAME" ;;
  ""|-h|--help) sed -n '3,17p' "$0" >&2; exit 2 ;;
esac
(($# >= 2)) || { sed -n '3,17p' "$0" >&2; exit 2; }
IMAGE=$1 PORT=$2; shift 2

"${PODMAN[@]}" rm -f --ignore "$NAME" >/dev/null
# Other processes on this machine come and go on arbitrary ports; never mistake one for our container.
if port_open "$PORT"; then log "port $PORT is already in use on 127.0.0.1; pick a free one"; exit 1; fi

# A registry image may have been re-pushed under the same tag: pull when the registry has a newer one.
pull=(--pull=newer --tls-verify=false)
case $IMAGE in oci:*|oci-archive:*|docker-archive:*|dir:*|containers-storage:*) pull=() ;; esac
# shellcheck disable=SC2206  # word splitting is the point: extra podman flags such as "-v a:b -e X=1"
extra=(${PODMAN_RUN_ARGS:-})
# A 'podman run' that fails after creating the container (e.g. runc refuses a flag) leaves it behind: remove it.
trap '"${PODMAN[@]}" rm -f --ignore "$NAME" >/dev/null 2>&1' ERR
"${PODMAN[@]}" run -d --name "$NAME" "${pull[@]}" --network=host \
  -e QUARKUS_HTTP_PORT="$PORT" "${extra[@]}" "$IMAGE" "$@"
log "$NAME started for 127.0.0.1:$PORT"
