#!/bin/bash
# bench/many-origins.sh: 100 origins in one run.
#
# Starts BENCH_SERVERS (default 4) openssl s_server instances on 127.0.0.1,
# each on a port the kernel picks, and probes 100 origins o1.bench.test ...
# o100.bench.test in one origin-doctor run, mapped round-robin onto the
# servers with --resolve (no DNS).  Two workloads:
#
#   all-good     100 origins, every one a TLS server                (exit 0)
#   half-refused 50 as above + 50 whose address is 127.0.0.2:PORT,
#                where nothing listens, so connect() is refused       (exit 1)
#
# For each: the tool's JSON is checked with jq (100 origins, the expected
# number completed / refused), per-phase timings are taken from the JSON,
# wall time and peak RSS come from /usr/bin/time -v, and hyperfine times the
# runs (with a 1-origin run alongside, for the cost per extra origin).
# Done for the RSA-2048 chain and the ECDSA P-256 chain (BENCH_KINDS).
#
# Run from the top of the tree after `make`:   bench/many-origins.sh
# Environment: see bench/common.sh, plus BENCH_SERVERS (s_server count),
# BENCH_ORIGINS (default 100, even), BENCH_KINDS (default "rsa ecdsa").
# Exits non-zero if a tool is missing, a server cannot start, or the JSON
# is not what the workload must give.

. "${0%/*}/common.sh"
bench_init many-origins
bench_versions | tee "$OUT/versions.txt" >&2
bench_pki

NSRV=${BENCH_SERVERS:-4}
N=${BENCH_ORIGINS:-100}
KINDS=${BENCH_KINDS:-rsa ecdsa}
[ "$NSRV" -ge 1 ] 2>/dev/null || die "BENCH_SERVERS must be a positive number"
[ "$N" -ge 2 ] 2>/dev/null && [ $((N % 2)) -eq 0 ] || die "BENCH_ORIGINS must be an even number >= 2"
HALF=$((N / 2))

declare -A PORTS
for kind in $KINDS; do
    PORTS[$kind]=""
    for s in $(seq "$NSRV"); do
        bench_server "$kind-$s" "$kind"
        PORTS[$kind]="${PORTS[$kind]} $SRV_PORT"
    done
done

# args KIND REFUSED: prints the arguments, one per line, for N origins, the
# last REFUSED of which point at 127.0.0.2 (refused).
args()
{
    local kind=$1 refused=$2 i port addr
    local -a ports
    read -r -a ports <<<"${PORTS[$kind]}"
    printf '%s\n' --ca-file "$PKI/$kind-root.pem"
    for i in $(seq "$N"); do
        port=${ports[$(((i - 1) % NSRV))]}
        addr=127.0.0.1
        [ "$i" -gt $((N - refused)) ] && addr=127.0.0.2
        printf '%s\n' --resolve "o$i.bench.test:$port:$addr"
    done
    for i in $(seq "$N"); do
        port=${ports[$(((i - 1) % NSRV))]}
        printf '%s\n' "o$i.bench.test:$port"
    done
}

# stats JQ-PATH: "min median p90 max" of the numbers at JQ-PATH (one per
# address) in the JSON on stdin.
stats()
{
    jq -r "[.origins[].addresses[] | $1] | sort |
           def at(q): .[((length - 1) * q) | round];
           \"\(at(0)) \(at(0.5)) \(at(0.9)) \(at(1))\""
}

declare -A ELAPSED TCP TLS RSS RSSMAX WALL RC
for kind in $KINDS; do
    first_port=${PORTS[$kind]# }
    first_port=${first_port%% *}
    for load in all-good half-refused; do
        case $load in
            all-good)     refused=0;     want_rc=0 ;;
            half-refused) refused=$HALF; want_rc=1 ;;
        esac
        key=$kind-$load
        mapfile -t A < <(args "$kind" "$refused")

        # --- correctness: the JSON says what the workload must give ----------
        "$OD" --json "${A[@]}" >"$OUT/$key.json"
        rc=$?
        [ "$rc" -eq "$want_rc" ] || die "$key: origin-doctor exited $rc, want $want_rc"
        jq -e --argjson n "$N" --argjson r "$refused" '
            (.origins | length) == $n
            and ([.origins[] | select(.completed)] | length) == $n - $r
            and ([.origins[].addresses[] | select(.tcp.status == "refused")] | length) == $r
            and ([.origins[].addresses[] | select(.tls.status == "ok")] | length) == $n - $r' \
            "$OUT/$key.json" >/dev/null \
            || die "$key: the JSON does not show $((N - refused)) completed and $refused refused (see $OUT/$key.json)"
        note "$key: JSON ok: $N origins, $((N - refused)) completed, $refused refused"
        # Per-phase timings: 4 more --json runs; keep the run with the
        # median elapsed_ms of the 5, so one noisy run does not set them.
        for i in 2 3 4 5; do
            "$OD" --json "${A[@]}" >"$W/$key-$i.json"
        done
        cp "$OUT/$key.json" "$W/$key-1.json"
        med=$(for i in 1 2 3 4 5; do echo "$(jq -r .elapsed_ms "$W/$key-$i.json") $i"; done |
              sort -n | sed -n 3p | cut -d' ' -f2)
        cp "$W/$key-$med.json" "$OUT/$key-median-run.json"
        ELAPSED[$key]=$(jq -r .elapsed_ms "$OUT/$key-median-run.json")
        TCP[$key]=$(stats .tcp.elapsed_ms <"$OUT/$key-median-run.json")
        TLS[$key]=$(jq '.origins |= map(select(.completed))' "$OUT/$key-median-run.json" | stats .tls.elapsed_ms)

        # --- /usr/bin/time -v: wall time and peak RSS -------------------------
        bench_rss "$key" "$OD" --batch "${A[@]}"
        [ "$RC_LAST" -eq "$want_rc" ] || die "$key: origin-doctor exited $RC_LAST under /usr/bin/time, want $want_rc"
        RSS[$key]=$RSS_MEDIAN RSSMAX[$key]=$RSS_MAX WALL[$key]=$WALL_MEDIAN RC[$key]=$RC_LAST
    done

    # --- hyperfine ------------------------------------------------------------
    # -N: no shell between hyperfine and the tool (its stdin is /dev/null).
    mapfile -t G < <(args "$kind" 0)
    mapfile -t R < <(args "$kind" "$HALF")
    hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --style basic \
        --export-markdown "$OUT/hyperfine-$kind-all-good.md" --export-json "$OUT/hyperfine-$kind-all-good.json" \
        -n "1 origin ($kind)" \
        "$OD --batch --ca-file $PKI/$kind-root.pem --resolve o1.bench.test:$first_port:127.0.0.1 o1.bench.test:$first_port" \
        -n "$N origins ($kind, all good)" "$OD --batch ${G[*]}" \
        || die "hyperfine failed ($kind, all good)"
    # -i: this run exits 1 by design (refused origins).
    hyperfine -N -i --warmup "$WARMUP" --runs "$RUNS" --style basic \
        --export-markdown "$OUT/hyperfine-$kind-half-refused.md" --export-json "$OUT/hyperfine-$kind-half-refused.json" \
        -n "$N origins ($kind, $HALF refused)" "$OD --batch ${R[*]}" \
        || die "hyperfine failed ($kind, half refused)"
done

# --- summary --------------------------------------------------------------
{
    echo "## many-origins"
    echo
    bench_versions | sed 's/^/    /'
    echo
    echo "$N origins in one run, $NSRV openssl s_server instances on 127.0.0.1 (round-robin)."
    echo "hyperfine -N --warmup $WARMUP --runs $RUNS; /usr/bin/time -v: median of $RSS_RUNS runs."
    echo
    echo "| workload | chain | hyperfine median (ms) | mean ± σ (ms) | user+sys (ms) | time -v wall (ms) | peak RSS (KiB) | exit |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|"
    for kind in $KINDS; do
        j=$OUT/hyperfine-$kind-all-good.json
        echo "| 1 origin | $kind | $(hf_median "$j" 0) | $(hf_mean_sd "$j" 0) | $(hf_cpu "$j" 0) | | | 0 |"
        echo "| $N origins, all good | $kind | $(hf_median "$j" 1) | $(hf_mean_sd "$j" 1) | $(hf_cpu "$j" 1) |" \
             "${WALL[$kind-all-good]} | ${RSS[$kind-all-good]} | ${RC[$kind-all-good]} |"
        j=$OUT/hyperfine-$kind-half-refused.json
        echo "| $N origins, $HALF refused | $kind | $(hf_median "$j" 0) | $(hf_mean_sd "$j" 0) | $(hf_cpu "$j" 0) |" \
             "${WALL[$kind-half-refused]} | ${RSS[$kind-half-refused]} | ${RC[$kind-half-refused]} |"
    done
    echo
    echo "origin-doctor's own timings: the --json run with the median elapsed_ms of 5"
    echo "(ms; per address: min / median / p90 / max):"
    echo
    echo "| workload | chain | elapsed_ms | tcp.elapsed_ms | tls.elapsed_ms (completed only) |"
    echo "|---|---|---:|---|---|"
    for kind in $KINDS; do
        for load in all-good half-refused; do
            key=$kind-$load
            echo "| $load | $kind | ${ELAPSED[$key]} | ${TCP[$key]// / \/ } | ${TLS[$key]// / \/ } |"
        done
    done
} >"$OUT/summary.md"
cat "$OUT/summary.md"
