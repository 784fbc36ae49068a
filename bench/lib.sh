# bench/lib.sh: shell functions bench/run and bench/soak use, sourced by them (not run on its own).
# Process control (everything started is stopped on every exit path), /proc accounting (CPU ticks per process, per
# thread and per core; RSS), the list of exact commands for the report, the service's JVM as the image runs it and its
# build, and small text helpers.
# No ps/pgrep on the machines this runs on: everything is read from /proc.

log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- processes: everything we start is in PIDS
PIDS=()
stat_field() { # pid field-number (as in proc(5), counting from 3 = state): one field of /proc/PID/stat
  awk -v f="$2" '{ s = $0; sub(/.*\) /, "", s); split(s, a, " "); print a[f - 2] }' "/proc/$1/stat" 2>/dev/null || true
}
descendants() { # pid -> all descendant pids
  local kids k
  kids=$(awk -v p="$1" '{ s = $0; sub(/.*\) /, "", s); split(s, a, " ");
           if (a[2] == p) { f = FILENAME; gsub(/[^0-9]/, "", f); print f } }' /proc/[0-9]*/stat 2>/dev/null || true)
  for k in $kids; do echo "$k"; descendants "$k"; done
}
stop_pid() { # pid: TERM it; after 15 s, KILL it and whatever of its descendants is still the same process
  local pid=$1 snap=() d i
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  for d in $pid $(descendants "$pid"); do snap+=("$d:$(stat_field "$d" 22)"); done
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  for d in "${snap[@]}"; do # killed only if its start time is unchanged (not a reused pid)
    [[ -n ${d#*:} && $(stat_field "${d%%:*}" 22) == "${d#*:}" ]] && kill -KILL "${d%%:*}" 2>/dev/null || true
  done
  wait "$pid" 2>/dev/null || true
}
untrack() { local p keep=(); for p in "${PIDS[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done; PIDS=("${keep[@]}"); }
stop_tracked() { stop_pid "$1"; untrack "$1"; }
cleanup() {
  local rc=$? p
  trap - EXIT
  for p in "${PIDS[@]}"; do stop_pid "$p"; done
  [[ $rc -eq 0 ]] || log "failed (exit $rc); logs in ${LOGS:-?}"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bg_wait() { # logfile dir cmd...: run cmd in dir in the background and wait, so a TERM/INT reaches our trap at once
  local logf=$1 dir=$2 pid rc=0
  shift 2
  (cd "$dir" && exec "$@") >"$logf" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  wait "$pid" || rc=$?
  untrack "$pid"
  return "$rc"
}
port_busy() { (exec 9<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------- the exact commands, printed with the report
CMDS=()
record() { local s; s=$(printf '%q ' "$@"); CMDS+=("${s% }"); }
record_raw() { CMDS+=("$1"); }
print_commands() { # CMDS with paths anyone can read: the checkout's relative to it, the peers' and the JDK's by name
  local c
  for c in "${CMDS[@]}"; do
    [[ -z ${PEERS:-} ]] || c=${c//$PEERS/\$PEERS}
    [[ -z ${SERVICE_JAVA_HOME:-} ]] || c=${c//$SERVICE_JAVA_HOME/\$SERVICE_JAVA_HOME}
    c=${c//$REPO\//}
    printf '%s\n' "${c//$REPO/.}"
  done
}

# ---------------------------------------------------------------- /proc accounting (clock ticks, USER_HZ)
HZ=$(getconf CLK_TCK)
now_ns() { date +%s%N; }
tree_ticks() { # pid: utime+stime of the process (all its threads) and its descendants
  local p total=0 v
  for p in $1 $(descendants "$1"); do
    v=$(awk '{ s = $0; sub(/.*\) /, "", s); split(s, a, " "); print a[12] + a[13] }' "/proc/$p/stat" 2>/dev/null || true)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}
thread_ticks() { # pid name-prefix: utime+stime of the process' threads whose name starts with the prefix
  awk -v pre="$2" '{ n = $0; sub(/^[^(]*\(/, "", n); sub(/\) .*/, "", n)
      if (index(n, pre) == 1) { s = $0; sub(/.*\) /, "", s); split(s, a, " "); t += a[12] + a[13] } }
    END { print t + 0 }' /proc/"$1"/task/*/stat 2>/dev/null || echo 0
}
own_children_ticks() { # this script's waited-for children (wrk, curl): utime+stime
  awk '{ s = $0; sub(/.*\) /, "", s); split(s, a, " "); print a[14] + a[15] }' "/proc/$$/stat"
}
core_busy_ticks() { # core: user+nice+system+steal of that core (irq/softirq time belongs to no process: left out)
  awk -v c="cpu$1" '$1 == c { print $2 + $3 + $4 + $9; exit }' /proc/stat
}
cpu_busy_pct() { # share of all CPUs busy over the next second
  local a b
  a=$(head -1 /proc/stat)
  sleep 1
  b=$(head -1 /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN { n = split(a, x, " "); split(b, y, " "); t = 0
    for (i = 2; i <= 9 && i <= n; i++) t += y[i] - x[i]
    idle = (y[5] - x[5]) + (y[6] - x[6]); printf "%.0f", (t > 0 ? (t - idle) / t * 100 : 0) }'
}
rss_kib() { # pid [field]: VmRSS (or the given /proc/PID/status field) summed over the process and its descendants
  local f=${2:-VmRSS} total=0 p v
  for p in $1 $(descendants "$1"); do
    v=$(awk -v f="$f:" '$1 == f { print $2 }' "/proc/$p/status" 2>/dev/null || true)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

# ---------------------------------------------------------------- the service's JVM: the image's, from one place each
# JDK: the one the image runs and the build trains the AOT cache with (pom.xml image.java.version; found as
# src/build/AotTraining.java find-jdk finds it). Flags: quarkus.jib.jvm-arguments and quarkus.jib.jvm-additional-arguments
# (comma-separated), which Jib bakes into the image's entrypoint (the first names the AOT cache). In the pod the JVM sizes its heap from the container's memory limit; here it would
# see the whole machine, so -XX:MaxRAM=<quarkus.kubernetes.resources.limits.memory> stands in for the limit.
PROPS=$REPO/src/main/resources/application.properties
prop() { # key -> value from application.properties (plain or %prod. form; "\" continuations joined), or nothing
  [[ -f $PROPS ]] || return 0
  awk -v key="$1" '
    cont { line = $0; sub(/^[ \t]+/, "", line); if (sub(/\\$/, "", line)) { v = v line } else { v = v line; print v; exit } next }
    { l = $0; sub(/^[ \t]+/, "", l); sub(/^%prod\./, "", l) }
    index(l, key) == 1 && substr(l, length(key) + 1) ~ /^[ \t]*[=:]/ {
      v = substr(l, length(key) + 1); sub(/^[ \t]*[=:][ \t]*/, "", v)
      if (sub(/\\$/, "", v)) { cont = 1; next }
      print v; exit
    }' "$PROPS"
}
to_bytes() { # Kubernetes quantity (512Mi, 1Gi, 300M, 1000000) -> bytes
  awk -v q="$1" 'BEGIN { n = q + 0; u = q; sub(/^[0-9.]+/, "", u)
    m["Ki"] = 1024; m["Mi"] = 1048576; m["Gi"] = 1073741824; m["K"] = 1e3; m["k"] = 1e3; m["M"] = 1e6; m["G"] = 1e9; m[""] = 1
    if (!(u in m)) exit 1; printf "%.0f", n * m[u] }'
}
JVM_LAUNCH_KEY=quarkus.jib.jvm-arguments
JVM_FLAGS_KEY=quarkus.jib.jvm-additional-arguments
MEMORY_LIMIT_KEY=quarkus.kubernetes.resources.limits.memory
image_java_version() { sed -n 's:.*<image.java.version>\(.*\)</image.java.version>.*:\1:p' "$REPO/pom.xml" | head -1; }
service_jvm() { # [optional] -> MEMORY_LIMIT, LIMIT_BYTES, SERVICE_JAVA_HOME, SERVICE_JDK_SOURCE, JAVA_OPTS_ARR, JAVA_OPTS,
  # JAVA_OPTS_SOURCE (JAVA_OPTS and SERVICE_JAVA_HOME override). "optional": no service runs, nothing missing is an error.
  local flags
  MEMORY_LIMIT=$(prop "$MEMORY_LIMIT_KEY")
  LIMIT_BYTES=
  [[ -z $MEMORY_LIMIT ]] || LIMIT_BYTES=$(to_bytes "$MEMORY_LIMIT") || die "cannot read $MEMORY_LIMIT_KEY=$MEMORY_LIMIT as a Kubernetes quantity"
  if [[ -n ${SERVICE_JAVA_HOME:-} ]]; then
    SERVICE_JDK_SOURCE="environment variable SERVICE_JAVA_HOME (override)"
  elif [[ ${1:-} != optional ]]; then
    SERVICE_JAVA_HOME=$(java "$REPO/src/build/AotTraining.java" find-jdk "$(image_java_version)") \
      || die "no JDK $(image_java_version) for the service (the image's); set SERVICE_JAVA_HOME"
    SERVICE_JDK_SOURCE="the image's JDK $(image_java_version) (pom.xml image.java.version), as the build finds it"
  fi
  if [[ -n ${JAVA_OPTS:-} ]]; then
    JAVA_OPTS_SOURCE="environment variable JAVA_OPTS (override)"
    read -r -a JAVA_OPTS_ARR <<<"$JAVA_OPTS"
  elif [[ ${1:-} != optional ]]; then
    flags=$(prop "$JVM_FLAGS_KEY")
    [[ -n $flags ]] || die "no $JVM_FLAGS_KEY in $PROPS: the benchmark runs the JVM with the container's flags (or set JAVA_OPTS)"
    [[ -n $LIMIT_BYTES ]] || die "no $MEMORY_LIMIT_KEY in $PROPS: the container's heap is sized from it (or set JAVA_OPTS)"
    flags="$(prop "$JVM_LAUNCH_KEY"),$flags"
    IFS=, read -r -a JAVA_OPTS_ARR <<<"$flags"
    JAVA_OPTS_ARR=("-XX:MaxRAM=$LIMIT_BYTES" "${JAVA_OPTS_ARR[@]}")
    JAVA_OPTS="${JAVA_OPTS_ARR[*]}"
    JAVA_OPTS_SOURCE="src/main/resources/application.properties: $JVM_LAUNCH_KEY and $JVM_FLAGS_KEY, as the image's entrypoint has them, after -XX:MaxRAM=$MEMORY_LIMIT_KEY ($MEMORY_LIMIT) standing in for the container's memory limit"
  fi
  if [[ ${1:-} != optional ]]; then
    [[ -x ${SERVICE_JAVA_HOME:-}/bin/java ]] || die "no java in '${SERVICE_JAVA_HOME:-}' ($SERVICE_JDK_SOURCE); set SERVICE_JAVA_HOME"
  fi
}

build_quarkus() { # variant extra-maven-args...: ./mvnw package -Paot, then the application as the image holds it -> bench/out/<variant>
  # The image's files: the copy the AOT cache was trained on (target/aot-training/quarkus-app: the same bytes as
  # target/quarkus-app, with Jib's modification times, which the JVM checks) and the cache beside quarkus-run.jar.
  local variant=$1 dest=$OUT/$1 cache; shift
  [[ -f $REPO/pom.xml && -x $REPO/mvnw && -d $REPO/src/main/java ]] \
    || die "no service to build in $REPO; to run the peers only: IMPLS=\"go-equal-work spring-boot\" bench/run"
  log "building $variant (./mvnw -q -B package -DskipTests -Paot $*)"
  record_raw "(cd $REPO && ./mvnw -q -B package -DskipTests -Paot $*) && cp -a target/aot-training/quarkus-app $dest && cp target/src/main/jib/*/*/*.aot $dest/"
  if ! bg_wait "$LOGS/build-$variant.log" "$REPO" ./mvnw -q -B package -DskipTests -Paot "$@"; then
    tail -40 "$LOGS/build-$variant.log" >&2
    die "the $variant build failed; full log: $LOGS/build-$variant.log"
  fi
  [[ -f $REPO/target/aot-training/quarkus-app/quarkus-run.jar ]] || die "$variant: build produced no target/aot-training/quarkus-app"
  cache=$(find "$REPO/target/src/main/jib" -name '*.aot' | head -1)
  [[ -n $cache ]] || die "$variant: the build trained no AOT cache (target/src/main/jib)"
  rm -rf "$dest" && cp -a "$REPO/target/aot-training/quarkus-app" "$dest" && cp "$cache" "$dest/"
}

# ---------------------------------------------------------------- text helpers
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) { print "" } else if (NR % 2) { print a[(NR + 1) / 2] } else { print (a[NR / 2] + a[NR / 2 + 1]) / 2 } }'; }
kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" "$2" | tail -1; } # key file: value of key=value in the file's last BENCH line
secs() { # duration (60, 60s, 2m) -> seconds
  case $1 in *m) echo $((${1%m} * 60)) ;; *s) echo "${1%s}" ;; *) echo "$1" ;; esac
}
num() { [[ -n ${1:-} && $1 != n/a ]]; }
fmt() { num "$1" && awk -v v="$1" -v d="$2" 'BEGIN { printf "%.*f", d, v }' || printf 'n/a'; } # value decimals
ratio() { # value reference -> "1.23×", or nothing
  num "$1" && num "$2" && awk -v v="$1" -v g="$2" 'BEGIN { if (g > 0) printf "%.2f×", v / g }' || true
}
calc() { awk "BEGIN { printf \"%s\", $1 }"; } # awk expression -> value, e.g. calc "3 / 4"
