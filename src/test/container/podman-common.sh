# Sourced by run-image.sh and kube-play.sh: the podman invocation that works on this machine.
# PODMAN_ROOT (default /var/tmp/order-service-podman) holds a private vfs store, so no clash with another store's
# driver. PODMAN_RUN (default $PODMAN_ROOT/run) holds podman's run-time state (its runroot and tmpdir): podman refuses
# a runroot longer than 50 characters, because the sockets it makes below it must fit in 108 bytes, so a caller
# whose PODMAN_ROOT may be long (a checkout anywhere) passes a short directory of its own, e.g. $(mktemp -d).
# runc, not crun ("cgroups in hybrid mode not supported"); cgroupfs: no systemd.
# shellcheck shell=bash
PODMAN_ROOT=${PODMAN_ROOT:-/var/tmp/order-service-podman}
PODMAN_RUN=${PODMAN_RUN:-$PODMAN_ROOT/run}
if ((${#PODMAN_RUN} > 40)); then
  echo "PODMAN_RUN=$PODMAN_RUN is too long for podman's sockets; give a directory of at most 40 characters" >&2
  exit 2
fi
mkdir -p "$PODMAN_ROOT" "$PODMAN_RUN"

# Podman 4.3 asks runc for RLIMIT_NOFILE=1048576 and RLIMIT_NPROC>=32768 by default (also with
# --ulimit=host); without CAP_SYS_RESOURCE (this sandbox) runc fails with "error setting rlimit type 7
# (or 6): operation not permitted". A containers.conf with limits at or below ours fixes run and kube play.
_nofile=$(ulimit -Hn); [[ $_nofile == unlimited || $_nofile -gt 65536 ]] && _nofile=65536
_nproc=$(ulimit -Hu); [[ $_nproc == unlimited || $_nproc -gt 4096 ]] && _nproc=4096
printf '[containers]\ndefault_ulimits = ["nofile=%s:%s", "nproc=%s:%s"]\n' \
  "$_nofile" "$_nofile" "$_nproc" "$_nproc" >"$PODMAN_ROOT/containers.conf"
export CONTAINERS_CONF=$PODMAN_ROOT/containers.conf

# shellcheck disable=SC2034  # used by the scripts that source this file
PODMAN=(podman --root "$PODMAN_ROOT/storage" --runroot "$PODMAN_RUN/run" --tmpdir "$PODMAN_RUN/tmp"
        --runtime=/usr/sbin/runc --storage-driver=vfs --cgroup-manager=cgroupfs)

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
