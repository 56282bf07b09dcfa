# bench/common.sh: shared by the benchmark scripts in bench/.  Source it:
#
#   . "${0%/*}/common.sh"
#   bench_init probe-vs-gnutls-cli
#
# It gives a script a scratch directory ($W), a results directory ($OUT), an
# EXIT trap that stops every server the script started (by PID), a throwaway
# PKI (bench_pki), an openssl s_server starter that synchronises on the
# server's "ACCEPT" line (bench_server), and a peak-RSS probe built on
# /usr/bin/time -v (bench_rss).  Nothing here sleeps and hopes.
#
# Environment:
#   ORIGIN_DOCTOR   the binary under test (default ./origin-doctor)
#   OPENSSL         openssl binary (default: from PATH)
#   BENCH_OUT       where results go (default bench/results/NAME-YYYYmmddTHHMMSS)
#   BENCH_RUNS      hyperfine --runs (default 30)
#   BENCH_WARMUP    hyperfine --warmup (default 3)
#   BENCH_RSS_RUNS  /usr/bin/time -v runs per command for peak RSS (default 5)
#   BENCH_KEEP=1    keep the scratch directory (PKI, server logs)

set -u

BENCH_DIR=$(cd "${BASH_SOURCE[0]%/*}" && pwd)
export LC_ALL=C

die() { echo "bench: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }

# bench_init NAME: checks the tools, makes $W and $OUT, installs the trap.
bench_init()
{
    local name=$1 t
    OD=${ORIGIN_DOCTOR:-./origin-doctor}
    case $OD in /*) ;; *) OD=$PWD/$OD ;; esac
    [ -x "$OD" ] || die "no executable at ORIGIN_DOCTOR=$OD (build it: make -j2)"
    OPENSSL=${OPENSSL:-$(command -v openssl || true)}
    [ -n "$OPENSSL" ] || die "openssl is not installed"
    for t in hyperfine jq gnutls-cli mktemp; do
        command -v "$t" >/dev/null 2>&1 || die "$t is not installed"
    done
    [ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is not installed"
    RUNS=${BENCH_RUNS:-30}
    WARMUP=${BENCH_WARMUP:-3}
    RSS_RUNS=${BENCH_RSS_RUNS:-5}
    LOADAVG_START=$(cut -d' ' -f1-3 /proc/loadavg)

    BENCH_PIDS=""
    W=$(mktemp -d "${TMPDIR:-/tmp}/od-bench-$name.XXXXXX") || die "cannot create a scratch directory"
    trap bench_exit EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM HUP
    OUT=${BENCH_OUT:-$BENCH_DIR/results/$name-$(date -u +%Y%m%dT%H%M%SZ)}
    mkdir -p "$OUT" || die "cannot create $OUT"
    # Benchmark a private copy: a `make` in the tree while we run would
    # otherwise swap (or half-write) the binary under us.
    OD_ORIG=$OD
    cp "$OD_ORIG" "$W/origin-doctor" && "$W/origin-doctor" --version >/dev/null 2>&1 \
        || die "cannot copy and run $OD_ORIG (being rebuilt?)"
    OD=$W/origin-doctor
    note "binary: $OD_ORIG (copied to $OD)"
    note "results: $OUT"
}

# Stops every process we started, by PID: TERM, a bounded wait, then KILL.
bench_stop_all()
{
    local pid i
    for pid in $BENCH_PIDS; do
        kill -TERM "$pid" 2>/dev/null
    done
    for pid in $BENCH_PIDS; do
        for i in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.02
        done
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    BENCH_PIDS=""
}

bench_exit()
{
    local rc=$?
    trap - EXIT
    bench_stop_all
    if [ "${BENCH_KEEP:-0}" = 1 ]; then
        note "kept scratch directory $W"
    else
        rm -rf "$W"
    fi
    exit "$rc"
}

# --- throwaway PKI --------------------------------------------------------

# bench_pki: makes two chains in $W/pki, each root -> intermediate -> leaf:
#   rsa-*    RSA-2048 keys, sha256 signatures
#   ecdsa-*  ECDSA P-256 keys, ecdsa-with-SHA256 signatures
# Files: KIND-root.pem, KIND-inter.pem, KIND-leaf.pem, KIND-leaf.key and
# KIND-chain.pem (the intermediate, what the server sends after the leaf).
# The leaf names bench.test and *.bench.test.
bench_pki()
{
    local kind d=$W/pki
    local -a newkey
    mkdir -p "$d"
    cat >"$d/ext.cnf" <<'EOF'
[inter]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:bench.test, DNS:*.bench.test
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
    for kind in rsa ecdsa; do
        case $kind in
            rsa)   newkey=(-newkey rsa:2048) ;;
            ecdsa) newkey=(-newkey ec -pkeyopt ec_paramgen_curve:P-256) ;;
        esac
        "$OPENSSL" req -x509 -new "${newkey[@]}" -nodes -sha256 -days 2 \
            -subj "/O=origin-doctor bench/CN=Bench $kind root" \
            -keyout "$d/$kind-root.key" -out "$d/$kind-root.pem" \
            -addext "basicConstraints = critical, CA:TRUE" \
            -addext "keyUsage = critical, keyCertSign, cRLSign" \
            >>"$d/log" 2>&1 || { cat "$d/log" >&2; die "cannot make the $kind root"; }
        "$OPENSSL" req -new "${newkey[@]}" -nodes -sha256 \
            -subj "/O=origin-doctor bench/CN=Bench $kind intermediate" \
            -keyout "$d/$kind-inter.key" -out "$d/$kind-inter.csr" \
            >>"$d/log" 2>&1 || { cat "$d/log" >&2; die "cannot make the $kind intermediate key"; }
        "$OPENSSL" x509 -req -sha256 -days 2 -set_serial 2 \
            -in "$d/$kind-inter.csr" -CA "$d/$kind-root.pem" -CAkey "$d/$kind-root.key" \
            -extfile "$d/ext.cnf" -extensions inter -out "$d/$kind-inter.pem" \
            >>"$d/log" 2>&1 || { cat "$d/log" >&2; die "cannot sign the $kind intermediate"; }
        "$OPENSSL" req -new "${newkey[@]}" -nodes -sha256 \
            -subj "/O=origin-doctor bench/CN=bench.test" \
            -keyout "$d/$kind-leaf.key" -out "$d/$kind-leaf.csr" \
            >>"$d/log" 2>&1 || { cat "$d/log" >&2; die "cannot make the $kind leaf key"; }
        "$OPENSSL" x509 -req -sha256 -days 2 -set_serial 3 \
            -in "$d/$kind-leaf.csr" -CA "$d/$kind-inter.pem" -CAkey "$d/$kind-inter.key" \
            -extfile "$d/ext.cnf" -extensions leaf -out "$d/$kind-leaf.pem" \
            >>"$d/log" 2>&1 || { cat "$d/log" >&2; die "cannot sign the $kind leaf"; }
        cp "$d/$kind-inter.pem" "$d/$kind-chain.pem"
        "$OPENSSL" verify -CAfile "$d/$kind-root.pem" -untrusted "$d/$kind-chain.pem" \
            "$d/$kind-leaf.pem" >>"$d/log" 2>&1 || { cat "$d/log" >&2; die "the $kind chain does not verify"; }
    done
    PKI=$d
    note "PKI made in $PKI (rsa-2048 and ecdsa-p256 chains)"
}

# --- servers --------------------------------------------------------------

# bench_server NAME KIND [ADDR]: starts openssl s_server on ADDR (default
# 127.0.0.1), on a port the kernel picks, serving the KIND (rsa|ecdsa) leaf
# and its intermediate, in -www mode (connection after connection, stdin not
# read).  Blocks until the server prints "ACCEPT ADDR:PORT", reading its
# output through a FIFO (at most 10 s); dies if the server exits first or
# the timeout passes.  Sets SRV_PORT and SRV_PID.  Log: $W/NAME.log.
bench_server()
{
    local name=$1 kind=$2 a=${3:-127.0.0.1} fifo=$W/$1.fifo log=$W/$1.log line rc
    SRV_PORT=""
    rm -f "$fifo"
    mkfifo "$fifo" || die "cannot make $fifo"
    "$OPENSSL" s_server -accept "$a:0" -www \
        -cert "$PKI/$kind-leaf.pem" -key "$PKI/$kind-leaf.key" \
        -cert_chain "$PKI/$kind-chain.pem" \
        </dev/null >"$fifo" 2>&1 &
    SRV_PID=$!
    BENCH_PIDS="$BENCH_PIDS $SRV_PID"
    # Opening the FIFO waits for the server's side; reading waits for its
    # output; EOF means the server is gone.
    exec 3<"$fifo"
    : >"$log"
    while :; do
        IFS= read -r -t 10 line <&3
        rc=$?
        [ "$rc" -eq 0 ] || break
        printf '%s\n' "$line" >>"$log"
        case $line in
            "ACCEPT "*)
                SRV_PORT=${line##*:}
                break ;;
        esac
    done
    if [ -z "$SRV_PORT" ]; then
        exec 3<&-
        cat "$log" >&2
        # read: > 128 is the timeout, 1 is EOF (the server closed its output).
        [ "$rc" -gt 128 ] && die "openssl s_server '$name' printed no ACCEPT line within 10 s"
        die "openssl s_server '$name' exited before accepting connections"
    fi
    case $SRV_PORT in
        '' | *[!0-9]*) exec 3<&-; die "cannot read the port from s_server '$name': $line" ;;
    esac
    # Keep draining the server's output to its log so it never blocks on
    # (or dies of) a full or closed pipe.
    cat <&3 >>"$log" &
    BENCH_PIDS="$BENCH_PIDS $!"
    exec 3<&-
    note "s_server $name ($kind) on $a:$SRV_PORT, pid $SRV_PID"
}

# --- measurements ---------------------------------------------------------

# bench_rss LABEL COMMAND [ARG...]: runs COMMAND $RSS_RUNS times under
# /usr/bin/time -v (stdin /dev/null, stdout to $W), and sets RSS_MEDIAN and
# RSS_MAX (KiB, from "Maximum resident set size"), WALL_MEDIAN (time -v's
# "Elapsed (wall clock)", in ms, 10 ms resolution) and RC_LAST.
# The raw reports go to $OUT/time-v-LABEL.txt.
bench_rss()
{
    local label=$1 i f rss=() wall=() w
    shift
    : >"$OUT/time-v-$label.txt"
    for i in $(seq "$RSS_RUNS"); do
        f=$W/time-$label-$i.txt
        /usr/bin/time -v -o "$f" "$@" </dev/null >"$W/out-$label-$i.txt" 2>&1
        RC_LAST=$?
        { echo "### run $i: $*"; cat "$f"; } >>"$OUT/time-v-$label.txt"
        rss+=("$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$f")")
        # "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:00.05"
        w=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time.*): //p' "$f")
        wall+=("$(awk -v t="$w" 'BEGIN { n = split(t, p, ":"); s = 0;
                  for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.0f", s * 1000 }')")
    done
    RSS_MEDIAN=$(printf '%s\n' "${rss[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    RSS_MAX=$(printf '%s\n' "${rss[@]}" | sort -n | tail -n 1)
    WALL_MEDIAN=$(printf '%s\n' "${wall[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    [ -n "$RSS_MEDIAN" ] || die "no RSS figure from /usr/bin/time -v for $label"
    note "$label: peak RSS median $RSS_MEDIAN KiB (max $RSS_MAX), wall median $WALL_MEDIAN ms, last exit $RC_LAST"
}

# hf_median JSON INDEX: hyperfine's median for command INDEX, in ms.
hf_median() { jq -r ".results[$2].median * 1000 | . * 100 | round / 100" "$1"; }
# hf_mean_sd JSON INDEX: "mean ± stddev" in ms.
hf_mean_sd()
{
    jq -r ".results[$2] | \"\(.mean * 1000 | . * 100 | round / 100) ± \(.stddev * 1000 | . * 100 | round / 100)\"" "$1"
}

# hf_cpu JSON INDEX: mean user + system CPU time, in ms.
hf_cpu() { jq -r ".results[$2] | (.user + .system) * 1000 | . * 100 | round / 100" "$1"; }

# bench_versions: the versions line for the record.
bench_versions()
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "host: $(uname -sr), $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1))"
    echo "origin-doctor: $("$OD" --version 2>/dev/null | head -n 1), $OD_ORIG," \
         "sha256 $(sha256sum "$OD" | cut -c1-12)"
    local src=${OD_ORIG%/*}
    if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
        echo "tree: $src at $(git -C "$src" log -1 --format='%h %cI')$(
             git -C "$src" diff --quiet HEAD -- src configure.ac Makefile.am 2>/dev/null \
             || echo ', with uncommitted changes in src/')"
    else
        echo "tree: $src (not a git checkout)"
    fi
    echo "gnutls-cli: $(gnutls-cli --version 2>/dev/null | head -n 1)"
    echo "openssl: $("$OPENSSL" version)"
    echo "hyperfine: $(hyperfine --version)"
    echo "load average: ${LOADAVG_START:-?} at start, $(cut -d' ' -f1-3 /proc/loadavg) now"
}
