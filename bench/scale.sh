#!/bin/bash
# bench/scale.sh: how origin-doctor's cost grows from 1,000 to 10,000 origins
# in one run (issue 13), for three kinds of origin:
#
#   good        BENCH_SERVERS (default 4) openssl s_server instances on
#               127.0.0.1, mapped round-robin with --resolve      (exit 0)
#   refused     127.0.0.2:PORT, where nothing listens: connect() is refused
#                                                                   (exit 1)
#   blackholed  tests/helpers/fakeserver in blackhole mode on 127.0.0.1: a
#               listener that never accepts, its accept queue full, so the
#               kernel drops further SYNs and connect() times out    (exit 1)
#
# For each kind and each size (BENCH_SIZES, default "1000 10000"):
#   - correctness: the --json report has every origin, and for good origins
#     no timeout of any kind (tcp.timeout or tls.timeout): a server that
#     answers is never reported as one that does not;
#   - /usr/bin/time -v for --batch and for --json: wall, user+sys CPU and
#     peak RSS (median of BENCH_RSS_RUNS runs, default 3);
#   - hyperfine (--batch, BENCH_RUNS runs, default 3; 1 warm-up).
# Then the ratio of ratios: (CPU at 10,000 / CPU at 1,000) / 10, which is
# 1.0 for linear cost, and for blackholed origins the wall time against the
# connect timeout.
#
# Run from the top of the tree after `make -j2 && make tests/helpers/fakeserver`:
#   bench/scale.sh                      # about 3 minutes when the machine is idle
#   BENCH_SIZES=1000 bench/scale.sh     # the small half only
# Environment: see bench/common.sh, plus BENCH_SERVERS, BENCH_SIZES,
# BENCH_KIND (rsa or ecdsa, default ecdsa), BENCH_CONNECT_TIMEOUT (seconds
# for the blackholed runs, default 10: CloudFront's).

. "${0%/*}/common.sh"
RUNS=${BENCH_RUNS:-3}
BENCH_RUNS=$RUNS
BENCH_WARMUP=${BENCH_WARMUP:-1}
BENCH_RSS_RUNS=${BENCH_RSS_RUNS:-3}
bench_init scale
bench_versions | tee "$OUT/versions.txt" >&2
bench_pki

NSRV=${BENCH_SERVERS:-4}
SIZES=${BENCH_SIZES:-1000 10000}
KIND=${BENCH_KIND:-ecdsa}
CTO=${BENCH_CONNECT_TIMEOUT:-10}
FAKESERVER=${FAKESERVER:-$BENCH_DIR/../tests/helpers/fakeserver}
[ -x "$FAKESERVER" ] || die "no $FAKESERVER (make tests/helpers/fakeserver)"

# 10,000 connections at once need the descriptors.
[ "$(ulimit -n)" -ge 11000 ] || ulimit -n 20000 2>/dev/null ||
    note "ulimit -n is $(ulimit -n): origin-doctor will queue more (slower, still correct)"

PORTS=()
for s in $(seq "$NSRV"); do
    bench_server "good-$s" "$KIND"
    PORTS+=("$SRV_PORT")
done
# The blackhole: fakeserver prints "LISTEN PORT" once its queue is full;
# wait (at most 5 s) for that line.
"$FAKESERVER" blackhole 127.0.0.1 0 >"$W/blackhole.log" 2>&1 &
BENCH_PIDS="$BENCH_PIDS $!"
for i in $(seq 100); do
    grep -q '^LISTEN ' "$W/blackhole.log" && break
    kill -0 $! 2>/dev/null || break
    sleep 0.05
done
HOLE_PORT=$(sed -n 's/^LISTEN \([0-9]*\)$/\1/p' "$W/blackhole.log")
[ -n "$HOLE_PORT" ] || die "the blackhole did not start: $(cat "$W/blackhole.log")"
note "blackhole on 127.0.0.1:$HOLE_PORT"

# args KIND N: one argument a line: --resolve NAME:PORT:ADDR for each origin,
# then the origins.
args()
{
    local what=$1 n=$2 i port addr
    for i in $(seq "$n"); do
        case $what in
            good)       port=${PORTS[$(((i - 1) % NSRV))]} addr=127.0.0.1 ;;
            refused)    port=${PORTS[$(((i - 1) % NSRV))]} addr=127.0.0.2 ;;
            blackholed) port=$HOLE_PORT addr=127.0.0.1 ;;
        esac
        printf '%s\n' --resolve "o$i.bench.test:$port:$addr" "o$i.bench.test:$port"
    done
}

# timev LABEL ARGS...: /usr/bin/time -v of origin-doctor ARGS, BENCH_RSS_RUNS
# times; sets CPU_MEDIAN (ms), WALL_MEDIAN (ms), RSS_MEDIAN (KiB), RC_LAST.
timev()
{
    local label=$1 i f cpu=()
    shift
    bench_rss "$label" "$OD" "$@"
    for i in $(seq "$RSS_RUNS"); do
        f=$W/time-$label-$i.txt
        cpu+=("$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.0f", s * 1000 }' "$f")")
    done
    CPU_MEDIAN=$(printf '%s\n' "${cpu[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
}

# One program run per xargs run: its whole command line, up to what the
# kernel takes (ARG_MAX less the environment, and a margin).
XARGS_MAX=$(($(getconf ARG_MAX) - $(env | wc -c) - 8192))
declare -A CPU WALL RSS RSSJ CPUJ HF RCS
for what in good refused blackholed; do
    for n in $SIZES; do
        key=$what-$n
        mapfile -t A < <(args "$what" "$n")
        extra=()
        [ "$what" = blackholed ] && extra=(--connect-timeout "$CTO")
        want=1
        [ "$what" = good ] && want=0

        # --- correctness ----------------------------------------------------
        "$OD" --json "${extra[@]}" --ca-file "$PKI/$KIND-root.pem" "${A[@]}" >"$W/$key.json"
        rc=$?
        [ "$rc" -eq "$want" ] || die "$key: exit $rc, want $want"
        jq -e --argjson n "$n" '.origins | length == $n' "$W/$key.json" >/dev/null ||
            die "$key: the report does not hold $n origins"
        timeouts=$(jq '[.origins[].findings[] | select(.id == "tcp.timeout" or .id == "tls.timeout")] | length' "$W/$key.json")
        case $what in
            good)
                [ "$timeouts" -eq 0 ] || die "$key: $timeouts timeouts reported against servers that answer"
                jq -e '[.origins[] | select(.verdict != "ok")] | length == 0' "$W/$key.json" >/dev/null ||
                    die "$key: an origin that answers did not pass" ;;
            refused)
                jq -e --argjson n "$n" '[.origins[].addresses[] | select(.tcp.status == "refused")] | length == $n' \
                    "$W/$key.json" >/dev/null || die "$key: not every address was refused" ;;
            blackholed)
                jq -e --argjson n "$n" '[.origins[].addresses[] | select(.tcp.status == "timeout")] | length == $n' \
                    "$W/$key.json" >/dev/null || die "$key: not every connect timed out" ;;
        esac
        note "$key: report checked (exit $rc, $timeouts timeouts)"

        # --- time -v: --batch and --json -------------------------------------
        timev "$key-batch" --batch "${extra[@]}" --ca-file "$PKI/$KIND-root.pem" "${A[@]}"
        WALL[$key]=$WALL_MEDIAN RSS[$key]=$RSS_MEDIAN RCS[$key]=$RC_LAST
        timev "$key-json" --json "${extra[@]}" --ca-file "$PKI/$KIND-root.pem" "${A[@]}"
        RSSJ[$key]=$RSS_MEDIAN

        # --- hyperfine --------------------------------------------------------
        # The arguments from a file through xargs: 10,000 origins as one
        # command string exceed the kernel's 128 KiB limit on a single
        # argument.  xargs must make ONE invocation of them: by default it
        # fills a 128 KiB buffer and runs the program once per buffer
        # (10,000 origins took five runs of 2,000, which is what the
        # hyperfine figures of 10,000 origins measured before), so -s
        # XARGS_MAX and -x (stop rather than split), and a check first.
        # The CPU figures come from here: hyperfine's mean user+system time
        # (getrusage, to the microsecond) of BENCH_RUNS runs; GNU time's
        # are in 10 ms steps, which is 5 to 10 % of a 1,000-origin run.
        printf '%s\n' --batch "${extra[@]}" --ca-file "$PKI/$KIND-root.pem" "${A[@]}" >"$W/$key.args"
        printf '%s\n' --json "${extra[@]}" --ca-file "$PKI/$KIND-root.pem" "${A[@]}" >"$W/$key.jargs"
        for f in "$W/$key.args" "$W/$key.jargs"; do
            runs=$(xargs -d '\n' -x -s "$XARGS_MAX" -a "$f" sh -c 'echo "$#"' sh | wc -l)
            [ "$runs" = 1 ] || die "$key: xargs would run the program $runs times for one run"
        done
        hyperfine -N -i --warmup "$BENCH_WARMUP" --runs "$RUNS" --style basic \
            --export-json "$OUT/hyperfine-$key.json" --export-markdown "$OUT/hyperfine-$key.md" \
            -n "$key --batch" "xargs -d \\\\n -x -s $XARGS_MAX -a $W/$key.args $OD" \
            -n "$key --json" "xargs -d \\\\n -x -s $XARGS_MAX -a $W/$key.jargs $OD" >&2 ||
            die "hyperfine failed ($key)"
        HF[$key]=$(hf_median "$OUT/hyperfine-$key.json" 0)
        CPU[$key]=$(hf_cpu "$OUT/hyperfine-$key.json" 0)
        CPUJ[$key]=$(hf_cpu "$OUT/hyperfine-$key.json" 1)
    done
done

# --- summary ----------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
{
    echo "## scale"
    echo
    bench_versions | sed 's/^/    /'
    echo
    echo "$NSRV openssl s_server ($KIND chain) for good origins; refused: 127.0.0.2; blackholed:"
    echo "fakeserver blackhole (full accept queue), --connect-timeout $CTO."
    echo "time -v: median of $RSS_RUNS runs (wall, RSS); hyperfine -N: median wall (--batch) and"
    echo "mean user+system CPU (--batch, --json) of $RUNS runs."
    echo
    echo "| origins | kind | hyperfine (ms) | wall (ms) | CPU --batch (ms) | CPU --json (ms) | RSS --batch (KiB) | RSS --json (KiB) | exit |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
    for what in good refused blackholed; do
        for n in $SIZES; do
            key=$what-$n
            echo "| $n | $what | ${HF[$key]} | ${WALL[$key]} | ${CPU[$key]} | ${CPUJ[$key]} | ${RSS[$key]} | ${RSSJ[$key]} | ${RCS[$key]} |"
        done
    done
    set -- $SIZES
    if [ $# -ge 2 ]; then
        lo=$1 hi=$2
        echo
        echo "CPU growth from $lo to $hi origins, as a ratio of ratios ((CPU_hi / CPU_lo) / ($hi / $lo)); 1.00 is linear:"
        echo
        echo "| kind | --batch | --json |"
        echo "|---|---:|---:|"
        for what in good refused blackholed; do
            rb=$(ratio "${CPU[$what-$hi]}" "${CPU[$what-$lo]}")
            rj=$(ratio "${CPUJ[$what-$hi]}" "${CPUJ[$what-$lo]}")
            echo "| $what | $(ratio "$rb" "$(ratio "$hi" "$lo")") | $(ratio "$rj" "$(ratio "$hi" "$lo")") |"
        done
        echo
        echo "Blackholed $hi: wall ${WALL[blackholed-$hi]} ms against a connect timeout of ${CTO} s:" \
             "$(ratio "${WALL[blackholed-$hi]}" "$((CTO * 1000))")x."
    fi
} >"$OUT/summary.md"
cat "$OUT/summary.md"
