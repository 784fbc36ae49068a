#!/usr/bin/env bash
# Best effort: run the generated Kubernetes Deployment with 'podman kube play' (podman 4.3).
#
# Usage:
#   kube-play.sh MANIFEST PORT   play the Deployment(s) of MANIFEST (e.g. target/kubernetes/kubernetes.yml),
#                                publishing each containerPort named "http" on 127.0.0.1:PORT; returns once
#                                the pod has started, not necessarily answered yet (poll 127.0.0.1:PORT; conmon
#                                holds the port open from the start, so wait for an HTTP answer, not a connect).
#                                The rewritten manifest is kept in $PODMAN_ROOT/kube-play.yml.
#   kube-play.sh inspect         'podman inspect' JSON of the containers the last play started (not the infra ones).
#   kube-play.sh logs            their logs.
#   kube-play.sh down            tear down what the last play started (no-op if nothing).
# Env: PODMAN_ROOT, PODMAN_RUN (see podman-common.sh).
#
# Rewrites, each needed for podman 4.3 here (the file is Quarkus' generated YAML, hence text edits):
#  - keep only Deployment documents (Service, ServiceMonitor, ... are not pods);
#  - replicas 1: podman starts every replica, and all but the first fail to bind the same host port;
#  - drop env vars from fieldRef: "fieldPath metadata.namespace is either not valid or not supported";
#  - pin hostIP 127.0.0.1 + hostPort: otherwise the port is published on 0.0.0.0:<containerPort>, and
#    with --network=host kube play fails ("PortMappings can only be used with Bridge or slirp4netns").
set -euo pipefail

# shellcheck source=podman-common.sh
. "$(dirname "$0")/podman-common.sh"
PLAYED=$PODMAN_ROOT/kube-play.yml
log() { echo "kube-play.sh: $*" >&2; }

if [[ ${1:-} == inspect || ${1:-} == logs ]]; then
  [[ -f $PLAYED ]] || { log "nothing played"; exit 1; }
  mapfile -t ids < <(awk 'previous == "Container:" {print} {previous = $0}' "$PLAYED.out")
  if [[ $1 == inspect ]]; then exec "${PODMAN[@]}" inspect "${ids[@]}"; fi
  for id in "${ids[@]}"; do "${PODMAN[@]}" logs "$id"; done
  exit 0
fi
if [[ ${1:-} == down ]]; then
  if [[ -f $PLAYED ]]; then
    # Stopped at once first: 'kube down' would wait for each container's graceful stop (the service's 5 s shutdown
    # delay), which no caller looks at.
    mapfile -t pods < <(awk 'previous == "Pod:" {print} {previous = $0}' "$PLAYED.out" 2>/dev/null)
    if ((${#pods[@]})); then "${PODMAN[@]}" pod stop -t 0 "${pods[@]}" >/dev/null 2>&1 || true; fi
    "${PODMAN[@]}" kube down "$PLAYED" >/dev/null 2>&1 || true
  fi
  rm -f "$PLAYED" "$PLAYED.out"; log "down"; exit 0
fi
(($# == 2)) || { sed -n '3,13p' "$0" >&2; exit 2; }
MANIFEST=$1 PORT=$2
if port_open "$PORT"; then log "port $PORT is already in use"; exit 1; fi

python3 - "$MANIFEST" "$PORT" >"$PLAYED" <<'PY'
import re, sys
text, port = open(sys.argv[1]).read(), sys.argv[2]
docs = [d for d in re.split(r"(?m)^---\s*$", text) if re.search(r"(?m)^kind:\s*Deployment\s*$", d)]
if not docs:
    sys.exit("no Deployment in " + sys.argv[1])
out = []
for d in docs:
    d = re.sub(r"(?m)^(  replicas:) \d+$", r"\1 1", d)
    d = re.sub(r"(?m)^(\s*)- name: \S+\n\1  valueFrom:\n\1    fieldRef:\n(\1      .*\n)+", "", d)
    d = re.sub(r"(?m)^(\s*)- containerPort: (\d+)\n((?:\1  .*\n)*?)(\1  name: http\n)",
               lambda m: f"{m.group(1)}- containerPort: {m.group(2)}\n{m.group(1)}  hostIP: 127.0.0.1\n"
                         f"{m.group(1)}  hostPort: {port}\n{m.group(3)}{m.group(4)}", d)
    if "hostPort: " + port not in d:
        sys.exit("no containerPort named http to publish")
    out.append(d.strip("\n") + "\n")
print("---\n" + "---\n".join(out), end="")
PY

"${PODMAN[@]}" kube down "$PLAYED" >/dev/null 2>&1 || true  # a previous run's pod would clash by name
# A play that fails half way leaves its pod behind: take it down.
trap '"${PODMAN[@]}" kube down "$PLAYED" >/dev/null 2>&1' ERR
# Its stdout lists the pod and container ids ("Pod:", "Container:" lines), kept for 'inspect' and 'logs'.
if ! "${PODMAN[@]}" kube play --tls-verify=false "$PLAYED" >"$PLAYED.out"; then
  cat "$PLAYED.out" >&2; "${PODMAN[@]}" kube down "$PLAYED" >/dev/null 2>&1 || true; exit 1
fi
cat "$PLAYED.out" >&2
log "pod started for 127.0.0.1:$PORT"
