#!/bin/bash
# 2,000 origins in one run under `ulimit -n 128` (issue 13): the probe keeps
# its connections within the descriptor limit and queues the rest, and each
# connection's timers start when that connection starts.  So every origin
# that answers is judged as if it were alone: no tcp.* or tls.timeout finding,
# although the whole run takes longer than the handshake timeout and there
# are far more origins than descriptors.  Without the cap, socket() fails
# with EMFILE after about 120 connections; with timers started at queue time,
# the later origins would time out.
. "${0%/*}/lib.sh"
od_init 71
need_openssl

N=${OD_SCALE_ORIGINS:-2000}
NSRV=4
pki_leaf leaf ec scale.test '*.scale.test'
pki_cat chain int2 int1

ports=()
for k in $(seq 1 $NSRV); do
    start_tls_server "srv$k" "$(addr $((k + 1)))" leaf leaf chain
    ports[k]=$SRV_PORT
done

# --resolve is a hash table now: the first entry for a name and port still
# wins, names match whatever their case, and a name may map each port to
# its own addresses.
run_od resolve --ca-file "$PKI/root.pem" \
    --resolve "Dup.Scale.Test:${ports[1]}:$(addr 2)" \
    --resolve "dup.scale.test:${ports[2]}:$(addr 3)" \
    --resolve "dup.scale.test:${ports[1]}:$(addr 9)" \
    "dup.scale.test:${ports[1]}" "dup.scale.test:${ports[2]}"
assert_exit 0
assert_jq '[.origins[].addresses[].address] | join(" ")' "$(addr 2) $(addr 3)" \
    "each port its own entry, the first one for a repeated name and port"

args=()
for i in $(seq 1 "$N"); do
    k=$((i % NSRV + 1))
    args+=(--resolve "o$i.scale.test:${ports[k]}:$(addr $((k + 1)))" "o$i.scale.test:${ports[k]}")
done

# The handshake and connect timeouts (3 s) are shorter than the run: an
# origin whose timer started before its connection would time out.
# --no-http: s_server serves one connection at a time, so CloudFront's
# request after each handshake (a round trip and s_server's status page)
# would make the servers, not the probe, the bottleneck, and a loaded
# machine would see real handshake timeouts in their accept queues.  The
# HTTP exchange in parallel is find_http.sh's.
OD_RUN=scale
OD_ARGS="--no-http --connect-timeout 3 --handshake-timeout 3 ($N origins under ulimit -n 128)"
OD_JSON=$T/scale.json
echo "+ [scale] ulimit -n 128; origin-doctor --json --no-http --connect-timeout 3 --handshake-timeout 3 ($N origins)" >&2
start=$(date +%s)
(
    ulimit -n 128 || exit 98
    exec timeout -k 5 240 "$ORIGIN_DOCTOR" --json --no-http --ca-file "$PKI/root.pem" \
        --connect-timeout 3 --handshake-timeout 3 "${args[@]}"
) >"$OD_JSON" 2>"$OD_JSON.err"
OD_RC=$?
secs=$(($(date +%s) - start))
echo "scale: exit $OD_RC after $secs s" >&2
[ "$OD_RC" = 98 ] && hard_error "cannot set ulimit -n 128"
head -c 2000 "$OD_JSON.err" >&2

assert_exit 0
assert_jq '.origins | length' "$N" "every origin is in the report"
assert_jq '[.origins[].findings[] | select(.id | test("^tcp\\."))] | length' 0 \
    "no tcp.* finding (a local descriptor shortage is never the origin's)"
assert_jq '[.origins[].findings[] | select(.id == "tls.timeout")] | length' 0 \
    "no tls.timeout finding (no timer ran while its connection waited in the queue)"
assert_jq '[.origins[].addresses[] | select(.tcp.status != "connected")] | length' 0 \
    "every address connected"
assert_jq '[.origins[].addresses[] | select(.tls.status != "ok")] | length' 0 \
    "every handshake completed"
assert_jq '[.origins[] | select(.verdict != "ok")] | length' 0 "every origin passes"
