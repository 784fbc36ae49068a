#!/usr/bin/env bash
# Install the Debian tools the container scripts use, only those missing (a fresh machine or CI has
# none of what a session installed by hand). Needs root. Safe to run any number of times.
set -euo pipefail

# command -> Debian package
declare -A TOOLS=(
  [docker-registry]=docker-registry
  [skopeo]=skopeo
  [podman]=podman
  [runc]=runc      # crun (podman's default) fails here: "cgroups in hybrid mode not supported"
  [curl]=curl
  [python3]=python3
  [ldd]=libc-bin
  [jlink]=openjdk-17-jdk-headless
)
missing=()
for cmd in "${!TOOLS[@]}"; do
  # runc lives in /usr/sbin, which a non-login PATH may lack
  command -v "$cmd" >/dev/null 2>&1 || [[ -x /usr/sbin/$cmd ]] || missing+=("${TOOLS[$cmd]}")
done
# jlink must be the JDK 17 one, not merely some jlink on PATH
[[ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/jlink ]] || missing+=(openjdk-17-jdk-headless)
# Debian's CA bundles; build-base-image.sh copies them into the image when present
[[ -f /etc/ssl/certs/java/cacerts ]] || missing+=(ca-certificates-java)

if ((${#missing[@]} == 0)); then
  echo "install-tools: all present" >&2
  exit 0
fi
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
echo "install-tools: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# With recommends (netavark, catatonit, ...): the podman setup verified here had them.
apt-get install -y -qq "${missing[@]}" >&2
