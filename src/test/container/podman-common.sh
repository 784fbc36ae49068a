# Sourced by run-image.sh and kube-play.sh: the podman invocation that works on this machine.
# PODMAN_ROOT (default /var/tmp/order-service-podman) holds a private vfs store, so no clash with
# another store's driver; runc, not crun ("cgroups in hybrid mode not supported"); cgroupfs: no systemd.
# shellcheck shell=bash
PODMAN_ROOT=${PODMAN_ROOT:-/var/tmp/order-service-podman}
mkdir -p "$PODMAN_ROOT"

# Podman 4.3 asks runc for RLIMIT_NOFILE=1048576 and RLIMIT_NPROC>=32768 by default (also with
# --ulimit=host); without CAP_SYS_RESOURCE (this sandbox) runc fails with "error setting rlimit type 7
# (or 6): operation not permitted". A containers.conf with limits at or below ours fixes run and kube play.
_nofile=$(ulimit -Hn); [[ $_nofile == unlimited || $_nofile -gt 65536 ]] && _nofile=65536
_nproc=$(ulimit -Hu); [[ $_nproc == unlimited || $_nproc -gt 4096 ]] && _nproc=4096
printf '[containers]\ndefault_ulimits = ["nofile=%s:%s", "nproc=%s:%s"]\n' \
  "$_nofile" "$_nofile" "$_nproc" "$_nproc" >"$PODMAN_ROOT/containers.conf"
export CONTAINERS_CONF=$PODMAN_ROOT/containers.conf

# shellcheck disable=SC2034  # used by the scripts that source this file
PODMAN=(podman --root "$PODMAN_ROOT/storage" --runroot "$PODMAN_ROOT/run" --runtime=/usr/sbin/runc
        --storage-driver=vfs --cgroup-manager=cgroupfs)

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
