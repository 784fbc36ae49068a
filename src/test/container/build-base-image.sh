#!/usr/bin/env bash
# Assemble an OCI image layout for a Java runtime base image, fully offline.
#
# Usage: build-base-image.sh OUT_DIR
#   OUT_DIR   created, or replaced if it already holds an OCI layout (refuses any other non-empty dir).
# Stdout:   exactly one line, the manifest digest (sha256:...); progress goes to stderr.
# Env:      JDK_HOME: the JDK whose runtime the image carries; default JAVA_HOME, else the JDK of `java` on PATH.
# Tag:      the layout's only image is tagged "latest", i.e. oci:OUT_DIR:latest.
#
# Why offline: no public image registry is reachable here, so the base image for Jib is made from a local JDK plus
# the host's glibc. Rebuilding on the same host gives the same digest (fixed mtimes/owners, sorted tar, gzip without
# timestamp), so callers can compare digests.
# Why a copy of the JDK's runtime and not a jlink'd subset: the service's AOT cache is only used by the very runtime
# image it was trained with (a jlink'd runtime has another lib/modules, and the JVM refuses the cache for it), and the
# build trains it with this JDK. What a runtime never needs is left out: headers, man pages, sources, ct.sym.
set -euo pipefail

OUT_DIR=${1:?usage: build-base-image.sh OUT_DIR}
if [[ -z ${JDK_HOME:-} ]]; then
  if [[ -n ${JAVA_HOME:-} ]]; then
    JDK_HOME=$JAVA_HOME
  else
    java=$(command -v java) || { echo "build-base-image: no JDK_HOME, no JAVA_HOME and no java on PATH" >&2; exit 2; }
    JDK_HOME=$(dirname "$(dirname "$(readlink -f "$java")")")
  fi
fi
JAVA_DIR=opt/java/openjdk   # path of the runtime inside the image

log() { echo "build-base-image: $*" >&2; }

if [[ -e $OUT_DIR && ! -f $OUT_DIR/oci-layout && -n $(ls -A "$OUT_DIR" 2>/dev/null) ]]; then
  log "refusing to replace $OUT_DIR: not empty and not an OCI layout"; exit 2
fi
[[ -x $JDK_HOME/bin/java && -f $JDK_HOME/lib/modules ]] || { log "no JDK runtime in $JDK_HOME"; exit 2; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ROOT=$WORK/rootfs
mkdir -p "$ROOT/opt/java"

log "runtime of $JDK_HOME ($(sed -n 's/^JAVA_RUNTIME_VERSION=//p' "$JDK_HOME/release" | tr -d '"'))"
# -L: a distribution's JDK may link files to /etc (Debian's cacerts); the image gets their content.
cp -RL --preserve=mode "$JDK_HOME" "$ROOT/$JAVA_DIR"
rm -rf "$ROOT/$JAVA_DIR"/{include,man,jmods,demo,lib/src.zip,lib/ct.sym}
# Headless server image: drop the GUI/sound natives so X11, ALSA and font libraries need not be shipped.
rm -f "$ROOT/$JAVA_DIR"/lib/{libawt_xawt,libjawt,libjsound,libsplashscreen,libfontmanager}.so
# Debian's cacerts (ca-certificates-java) is more current than the JDK's own.
if [[ -f /etc/ssl/certs/java/cacerts ]]; then
  rm -f "$ROOT/$JAVA_DIR/lib/security/cacerts"
  cp -L /etc/ssl/certs/java/cacerts "$ROOT/$JAVA_DIR/lib/security/cacerts"
fi

# glibc & co: the closure of what the runtime's ELF files link against, copied to the same paths.
# libjvm.so is "not found" for the JDK's own libs (the launcher loads it by path), hence the filter.
mapfile -t LIBS < <(find "$ROOT/$JAVA_DIR" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
  | xargs -0 ldd 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/lib64\// {print $1}' | sort -u)
for lib in "${LIBS[@]}"; do
  case $lib in "$WORK"*) continue ;; esac
  mkdir -p "$ROOT$(dirname "$lib")"
  cp -L "$lib" "$ROOT$lib"
done
if missing=$(find "$ROOT/$JAVA_DIR" -type f -name '*.so' -print0 | xargs -0 ldd 2>/dev/null \
    | grep 'not found' | grep -v libjvm.so); then
  log "unresolved libraries: $missing"; exit 1
fi
[[ -f $ROOT/lib64/ld-linux-x86-64.so.2 ]] || { log "dynamic loader not copied"; exit 1; }

# Users as in the UBI OpenJDK images: uid 185 "default", so Quarkus' defaults (user 185) fit.
mkdir -p "$ROOT/etc" "$ROOT/tmp" "$ROOT/deployments" "$ROOT/home/default" "$ROOT/etc/ssl/certs"
cat >"$ROOT/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
default:x:185:0:Default user:/home/default:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
EOF
cat >"$ROOT/etc/group" <<'EOF'
root:x:0:
default:x:185:
nogroup:x:65534:
EOF
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$ROOT/etc/nsswitch.conf"
# LANG=C.UTF-8 only takes effect if the compiled locale is present (else Java falls back to ASCII).
if [[ -d /usr/lib/locale/C.utf8 ]]; then
  mkdir -p "$ROOT/usr/lib/locale" && cp -rL /usr/lib/locale/C.utf8 "$ROOT/usr/lib/locale/"
fi
# PEM bundle for non-Java clients and for tools that read SSL_CERT_FILE; cheap (~200 KB).
[[ -f /etc/ssl/certs/ca-certificates.crt ]] && cp -L /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/"

mkdir -p "$WORK/oci"
log "writing OCI layout"
DIGEST=$(python3 - "$ROOT" "$WORK/oci" "/$JAVA_DIR" <<'PY'
import gzip, hashlib, io, json, os, stat, sys, tarfile

root, out, java_home = sys.argv[1:4]
MTIME = 1  # like Jib: fixed, non-zero epoch second, so reruns produce identical bytes
OWNED_BY_185 = {"deployments", "home/default"}
MODES = {"tmp": 0o1777, "deployments": 0o775, "home/default": 0o750}

def add(tar, rel):
    path = os.path.join(root, rel)
    st = os.lstat(path)
    ti = tarfile.TarInfo(rel + ("/" if stat.S_ISDIR(st.st_mode) else ""))
    ti.mtime, ti.uname, ti.gname = MTIME, "", ""
    # group root (as in UBI images): OpenShift-style random uids run with gid 0
    ti.uid, ti.gid = (185 if rel in OWNED_BY_185 else 0), 0
    if stat.S_ISDIR(st.st_mode):
        ti.type, ti.mode = tarfile.DIRTYPE, MODES.get(rel, 0o755)
        tar.addfile(ti)
    elif stat.S_ISREG(st.st_mode):
        ti.size, ti.mode = st.st_size, (0o755 if st.st_mode & 0o111 else 0o644)
        with open(path, "rb") as f:
            tar.addfile(ti, f)
    else:
        raise SystemExit(f"unexpected file type: {rel}")

raw = io.BytesIO()
with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
    entries = []
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames + filenames:
            entries.append(os.path.relpath(os.path.join(dirpath, n), root))
    for rel in sorted(entries):
        add(tar, rel)
layer_tar = raw.getvalue()
gz = io.BytesIO()
# The fastest level: the layer is made on every test run and only crosses loopback; level 6 made it 10% smaller
# (81 against 90 MiB) in twice the time (9 s against 4).
with gzip.GzipFile(filename="", fileobj=gz, mode="wb", mtime=0, compresslevel=1) as g:
    g.write(layer_tar)
layer_gz = gz.getvalue()

blobs = os.path.join(out, "blobs", "sha256")
os.makedirs(blobs, exist_ok=True)
def blob(data):
    d = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, d), "wb") as f:
        f.write(data)
    return {"digest": "sha256:" + d, "size": len(data)}
def js(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()

created = "1970-01-01T00:00:01Z"
config = {
    "architecture": "amd64", "os": "linux", "created": created,
    "config": {
        "User": "185",
        "WorkingDir": "/deployments",
        "Env": [
            f"PATH={java_home}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            f"JAVA_HOME={java_home}",
            "LANG=C.UTF-8",
        ],
        # No Labels and no Cmd: Jib copies base labels into the app image, and sets its own entrypoint.
    },
    "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(layer_tar).hexdigest()]},
    "history": [{"created": created, "created_by": "src/test/container/build-base-image.sh"}],
}
cfg = blob(js(config))
layer = blob(layer_gz)
manifest = {
    "schemaVersion": 2,
    "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", **cfg},
    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", **layer}],
}
man = blob(js(manifest))
index = {
    "schemaVersion": 2,
    "mediaType": "application/vnd.oci.image.index.v1+json",
    "manifests": [{"mediaType": manifest["mediaType"], **man,
                   "platform": {"architecture": "amd64", "os": "linux"},
                   "annotations": {"org.opencontainers.image.ref.name": "latest"}}],
}
with open(os.path.join(out, "index.json"), "wb") as f:
    f.write(js(index))
with open(os.path.join(out, "oci-layout"), "wb") as f:
    f.write(js({"imageLayoutVersion": "1.0.0"}))
print(man["digest"])
print(f"layer {len(layer_gz)} bytes gzip, {len(layer_tar)} bytes tar", file=sys.stderr)
PY
)

# Swap in the new layout only once it is complete, so a failed run leaves the old one usable.
mkdir -p "$(dirname "$OUT_DIR")"
rm -rf "$OUT_DIR"
mv "$WORK/oci" "$OUT_DIR"
log "oci:$OUT_DIR:latest"
echo "$DIGEST"
