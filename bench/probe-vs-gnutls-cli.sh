#!/bin/bash
# bench/probe-vs-gnutls-cli.sh: one origin, one address, one handshake.
#
# Compares the cost of one `origin-doctor --batch` probe with one gnutls-cli
# handshake against the same local openssl s_server, for an RSA-2048 chain and
# an ECDSA P-256 chain (leaf + intermediate each): wall time with hyperfine,
# peak RSS with /usr/bin/time -v.  Also times the bare start-up of both
# programs (--version) so the handshake part can be told from exec + dynamic
# linking + library initialisation.
#
# Run from the top of the tree after `make`:   bench/probe-vs-gnutls-cli.sh
# Environment: see bench/common.sh (ORIGIN_DOCTOR, BENCH_RUNS, BENCH_OUT...).
# Exits non-zero if a tool is missing, a server cannot start, or a probe does
# not complete.

. "${0%/*}/common.sh"
bench_init probe-vs-gnutls-cli
bench_versions | tee "$OUT/versions.txt" >&2
bench_pki

declare -A PORT
for kind in rsa ecdsa; do
    bench_server "$kind" "$kind"
    PORT[$kind]=$SRV_PORT
done

od_cmd()  { echo "$OD --batch --ca-file $PKI/$2-root.pem --resolve bench.test:$1:127.0.0.1 bench.test:$1"; }
# hyperfine runs with -N (no intermediate shell: the commands take ~2-5 ms,
# below what hyperfine can calibrate a shell out of) and gives every command
# /dev/null as stdin, so gnutls-cli sees EOF at once, as with "</dev/null".
gc_cmd()  { echo "gnutls-cli --insecure --port $1 127.0.0.1"; }
gc12_cmd() { echo "gnutls-cli --insecure --priority NORMAL:-VERS-TLS1.3 --port $1 127.0.0.1"; }
# The like-for-like pair: origin-doctor verifies the chain to a trusted root
# and the name, and after the handshake sends CloudFront's GET; gnutls-cli
# with --x509cafile and --verify-hostname does the same handshake and
# verification and sends nothing (stdin is /dev/null), as origin-doctor
# --no-http does.  --insecure skips the two signature verifications of the
# chain, so it is the lower bound, not the same work.
odnh_cmd() { echo "$OD --batch --no-http --ca-file $PKI/$2-root.pem --resolve bench.test:$1:127.0.0.1 bench.test:$1"; }
gc12v_cmd() { echo "gnutls-cli --x509cafile $PKI/$2-root.pem --verify-hostname bench.test --sni-hostname bench.test --priority NORMAL:-VERS-TLS1.3 --port $1 127.0.0.1"; }
# BENCH_BEFORE=BINARY adds that binary's --batch probe to the same hyperfine
# runs (a paired before/after).
BEFORE=${BENCH_BEFORE:-}
if [ -n "$BEFORE" ]; then
    cp "$BEFORE" "$W/origin-doctor-before" || die "cannot copy BENCH_BEFORE=$BEFORE"
    BEFORE=$W/origin-doctor-before
fi

# --- sanity: both tools complete a handshake with each server -------------
for kind in rsa ecdsa; do
    p=${PORT[$kind]}
    "$OD" --json --ca-file "$PKI/$kind-root.pem" --resolve "bench.test:$p:127.0.0.1" "bench.test:$p" >"$OUT/od-$kind.json" \
        || die "origin-doctor did not complete the $kind handshake (exit $?): $(cat "$OUT/od-$kind.json")"
    jq -e '.origins[0].completed and .origins[0].addresses[0].tls.certificates_received == 2' \
        "$OUT/od-$kind.json" >/dev/null || die "unexpected origin-doctor JSON for $kind (see $OUT/od-$kind.json)"
    gnutls-cli --insecure --port "$p" 127.0.0.1 </dev/null >"$OUT/gnutls-cli-$kind.txt" 2>&1 \
        || die "gnutls-cli did not complete the $kind handshake (see $OUT/gnutls-cli-$kind.txt)"
    $(gc12v_cmd "$p" "$kind") </dev/null >"$OUT/gnutls-cli-verify-$kind.txt" 2>&1 \
        && grep -q "The certificate is trusted" "$OUT/gnutls-cli-verify-$kind.txt" \
        || die "gnutls-cli did not verify the $kind chain (see $OUT/gnutls-cli-verify-$kind.txt)"
    $(odnh_cmd "$p" "$kind") >/dev/null || die "origin-doctor --no-http failed on $kind (exit $?)"
    note "$kind: origin-doctor $(jq -r '.origins[0].addresses[0].tls | "\(.version) \(.cipher_suite)"' "$OUT/od-$kind.json");" \
         "gnutls-cli $(sed -n 's/^- Description: //p' "$OUT/gnutls-cli-$kind.txt")"
done

# --- the tool's own per-phase timings (20 JSON runs per chain) ------------
# Median of each phase as origin-doctor reports it, to see where the time goes.
phases()
{
    local kind=$1 p=${PORT[$1]} i
    for i in $(seq 20); do
        "$OD" --json --ca-file "$PKI/$kind-root.pem" --resolve "bench.test:$p:127.0.0.1" "bench.test:$p"
    done | jq -s -r '
        def med: sort | .[(length - 1) / 2 | floor];
        [ (map(.elapsed_ms) | med),
          (map(.origins[0].dns.elapsed_ms) | med),
          (map(.origins[0].addresses[0].tcp.elapsed_ms) | med),
          (map(.origins[0].addresses[0].tls.elapsed_ms) | med) ] | @tsv'
}
declare -A PH_TOTAL PH_DNS PH_TCP PH_TLS
for kind in rsa ecdsa; do
    read -r PH_TOTAL[$kind] PH_DNS[$kind] PH_TCP[$kind] PH_TLS[$kind] < <(phases "$kind")
    note "$kind phases (median of 20, ms): elapsed ${PH_TOTAL[$kind]}, dns ${PH_DNS[$kind]}," \
         "tcp ${PH_TCP[$kind]}, tls ${PH_TLS[$kind]}"
done

# --- hyperfine: wall time -------------------------------------------------
hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --style basic \
    --export-markdown "$OUT/hyperfine-startup.md" --export-json "$OUT/hyperfine-startup.json" \
    -n "origin-doctor --version" "$OD --version" \
    -n "gnutls-cli --version" "gnutls-cli --version" \
    || die "hyperfine failed (start-up)"

for kind in rsa ecdsa; do
    p=${PORT[$kind]}
    before_args=()
    [ -z "$BEFORE" ] || before_args=(-n "before: origin-doctor --batch ($kind)" "$(OD=$BEFORE od_cmd "$p" "$kind")")
    hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --style basic \
        --export-markdown "$OUT/hyperfine-$kind.md" --export-json "$OUT/hyperfine-$kind.json" \
        -n "origin-doctor --batch ($kind)" "$(od_cmd "$p" "$kind")" \
        -n "gnutls-cli ($kind)" "$(gc_cmd "$p")" \
        -n "gnutls-cli TLS1.2 only ($kind)" "$(gc12_cmd "$p")" \
        -n "origin-doctor --batch --no-http ($kind)" "$(odnh_cmd "$p" "$kind")" \
        -n "gnutls-cli TLS1.2 only, verifying ($kind)" "$(gc12v_cmd "$p" "$kind")" \
        "${before_args[@]}" \
        || die "hyperfine failed ($kind)"
done

# --- paired CPU: the commands interleaved ------------------------------------
# hyperfine runs each command's runs in a block, so a burst of other work
# on the machine falls on one of them; bench/paired-cpu.py runs them in a
# new random order in each round and reads each run's CPU from wait4.
PAIRED=${BENCH_PAIRED_RUNS:-300}
for kind in rsa ecdsa; do
    p=${PORT[$kind]}
    before_args=()
    [ -z "$BEFORE" ] || before_args=("before --batch=$(OD=$BEFORE od_cmd "$p" "$kind")")
    "$BENCH_DIR/paired-cpu.py" "$PAIRED" \
        "origin-doctor --batch=$(od_cmd "$p" "$kind")" \
        "origin-doctor --batch --no-http=$(odnh_cmd "$p" "$kind")" \
        "${before_args[@]}" \
        "gnutls-cli --insecure, TLS 1.2=$(gc12_cmd "$p")" \
        "gnutls-cli verifying, TLS 1.2=$(gc12v_cmd "$p" "$kind")" >"$OUT/paired-$kind.md" ||
        die "paired CPU runs failed ($kind)"
done

# --- /usr/bin/time -v: peak RSS -------------------------------------------
declare -A RSS RSSMAX
bench_rss od-version "$OD" --version
RSS[od-version]=$RSS_MEDIAN RSSMAX[od-version]=$RSS_MAX
bench_rss gnutls-cli-version gnutls-cli --version
RSS[gnutls-cli-version]=$RSS_MEDIAN RSSMAX[gnutls-cli-version]=$RSS_MAX
for kind in rsa ecdsa; do
    p=${PORT[$kind]}
    bench_rss "od-$kind" "$OD" --batch --ca-file "$PKI/$kind-root.pem" --resolve "bench.test:$p:127.0.0.1" "bench.test:$p"
    [ "$RC_LAST" -eq 0 ] || die "origin-doctor exited $RC_LAST under /usr/bin/time"
    RSS[od-$kind]=$RSS_MEDIAN RSSMAX[od-$kind]=$RSS_MAX
    bench_rss "gnutls-cli-$kind" gnutls-cli --insecure --port "$p" 127.0.0.1
    [ "$RC_LAST" -eq 0 ] || die "gnutls-cli exited $RC_LAST under /usr/bin/time"
    RSS[gnutls-cli-$kind]=$RSS_MEDIAN RSSMAX[gnutls-cli-$kind]=$RSS_MAX
    bench_rss "gnutls-cli-tls12-$kind" gnutls-cli --insecure --priority NORMAL:-VERS-TLS1.3 --port "$p" 127.0.0.1
    [ "$RC_LAST" -eq 0 ] || die "gnutls-cli (TLS 1.2) exited $RC_LAST under /usr/bin/time"
    RSS[gnutls-cli-tls12-$kind]=$RSS_MEDIAN RSSMAX[gnutls-cli-tls12-$kind]=$RSS_MAX
done

# --- summary --------------------------------------------------------------
{
    echo "## probe-vs-gnutls-cli"
    echo
    bench_versions | sed 's/^/    /'
    echo
    echo "hyperfine -N --warmup $WARMUP --runs $RUNS; peak RSS = median of $RSS_RUNS runs of /usr/bin/time -v."
    echo
    echo "| command | chain | median (ms) | mean ± σ (ms) | user+sys (ms) | peak RSS (KiB) |"
    echo "|---|---|---:|---:|---:|---:|"
    echo "| origin-doctor --version | - | $(hf_median "$OUT/hyperfine-startup.json" 0) | $(hf_mean_sd "$OUT/hyperfine-startup.json" 0) | $(hf_cpu "$OUT/hyperfine-startup.json" 0) | ${RSS[od-version]} |"
    echo "| gnutls-cli --version | - | $(hf_median "$OUT/hyperfine-startup.json" 1) | $(hf_mean_sd "$OUT/hyperfine-startup.json" 1) | $(hf_cpu "$OUT/hyperfine-startup.json" 1) | ${RSS[gnutls-cli-version]} |"
    for kind in rsa ecdsa; do
        j=$OUT/hyperfine-$kind.json
        echo "| origin-doctor --batch | $kind | $(hf_median "$j" 0) | $(hf_mean_sd "$j" 0) | $(hf_cpu "$j" 0) | ${RSS[od-$kind]} |"
        echo "| gnutls-cli --insecure | $kind | $(hf_median "$j" 1) | $(hf_mean_sd "$j" 1) | $(hf_cpu "$j" 1) | ${RSS[gnutls-cli-$kind]} |"
        echo "| gnutls-cli --insecure, TLS 1.2 only | $kind | $(hf_median "$j" 2) | $(hf_mean_sd "$j" 2) | $(hf_cpu "$j" 2) | ${RSS[gnutls-cli-tls12-$kind]} |"
        echo "| origin-doctor --batch --no-http | $kind | $(hf_median "$j" 3) | $(hf_mean_sd "$j" 3) | $(hf_cpu "$j" 3) | |"
        echo "| gnutls-cli verifying chain and name, TLS 1.2 only | $kind | $(hf_median "$j" 4) | $(hf_mean_sd "$j" 4) | $(hf_cpu "$j" 4) | |"
        [ -z "$BEFORE" ] || echo "| before: origin-doctor --batch | $kind | $(hf_median "$j" 5) | $(hf_mean_sd "$j" 5) | $(hf_cpu "$j" 5) | |"
    done
    echo
    echo "CPU (user+sys) ratios, same hyperfine run:"
    echo
    echo "| chain | --no-http / gnutls-cli verifying | --batch / gnutls-cli verifying | --batch / gnutls-cli --insecure |"
    echo "|---|---:|---:|---:|"
    for kind in rsa ecdsa; do
        j=$OUT/hyperfine-$kind.json
        echo "| $kind | $(jq -r '.results | ((.[3].user+.[3].system)/(.[4].user+.[4].system)) * 100 | round / 100' "$j")" \
             "| $(jq -r '.results | ((.[0].user+.[0].system)/(.[4].user+.[4].system)) * 100 | round / 100' "$j")" \
             "| $(jq -r '.results | ((.[0].user+.[0].system)/(.[2].user+.[2].system)) * 100 | round / 100' "$j") |"
    done
    echo
    for kind in rsa ecdsa; do
        echo "Paired CPU (user+sys, ms), $kind: $PAIRED rounds, the commands in a random order in each"
        echo "(bench/paired-cpu.py):"
        echo
        cat "$OUT/paired-$kind.md"
        echo
    done
    echo "origin-doctor's own phase timings (--json, median of 20 runs, ms):"
    echo
    echo "| chain | negotiated | elapsed_ms | dns.elapsed_ms | tcp.elapsed_ms | tls.elapsed_ms |"
    echo "|---|---|---:|---:|---:|---:|"
    for kind in rsa ecdsa; do
        echo "| $kind | $(jq -r '.origins[0].addresses[0].tls | "\(.version) \(.cipher_suite)"' "$OUT/od-$kind.json") |" \
             "${PH_TOTAL[$kind]} | ${PH_DNS[$kind]} | ${PH_TCP[$kind]} | ${PH_TLS[$kind]} |"
    done
    echo
    echo "gnutls-cli negotiated:"
    for kind in rsa ecdsa; do
        echo "- $kind: $(sed -n 's/^- Description: //p' "$OUT/gnutls-cli-$kind.txt")"
    done
} >"$OUT/summary.md"
cat "$OUT/summary.md"
