#!/bin/bash
# TCP refused; a server that accepts and never answers, probed in the same
# run as a good server: the hang times out at --handshake-timeout while the
# good origin completes at once (the probes run in parallel), and the run
# ends; a listener whose SYNs are dropped: --connect-timeout (with decimals).
. "${0%/*}/lib.sh"
od_init 18
need_openssl; need_fakeserver

# Nothing listens: refused, and no TLS attempted.
refusing_port "$(addr 2)"
run_od refused "$(addr 2):$REFUSED_PORT"
assert_exit 1
assert_jq '.origins[0].completed' false
assert_jq '.origins[0].addresses[0].tcp.status' refused
assert_jq '.origins[0].addresses[0].tcp.errno' ECONNREFUSED
assert_jq '.origins[0].addresses[0].tls.status != "ok"' true "no TLS after a refused connection"
assert_jq '.origins[0].addresses[0].explain' null "no explaining handshakes without a connection"

# hang + good in one run.
pki_leaf leaf ec fast.test
pki_cat chain int2 int1
start_fake hang hang "$(addr 3)"
HANG=$(addr 3):$FAKE_PORT
start_tls_server good "$(addr 4)" leaf leaf chain
GOOD=$(addr 4):$SRV_PORT

start=$(date +%s%N)
run_od hang --handshake-timeout 2 --ca-file "$PKI/root.pem" "$HANG" "$GOOD"
wall_ms=$((($(date +%s%N) - start) / 1000000))
assert_exit 1
assert_jq '.settings.handshake_timeout_ms' 2000
assert_jq '[.origins[].input] | join(" ")' "$HANG $GOOD" "origins reported in the order given"
H='.origins[] | select(.input == "'$HANG'") | .addresses[0]'
G='.origins[] | select(.input == "'$GOOD'") | .addresses[0]'
assert_jq "$H | .tcp.status" connected
assert_jq "$H | .tls.status" timeout
assert_jq "$H | .tls.elapsed_ms >= 1900" true "hang: waited for its 2 s deadline ($(jqr "$H | .tls.elapsed_ms") ms)"
assert_jq "$G | .tls.status" ok
assert_jq "$G | .tls.elapsed_ms < 1000" true "good origin not held up by the hang ($(jqr "$G | .tls.elapsed_ms") ms)"
assert_jq '.origins[] | select(.input == "'$GOOD'") | .completed' true
assert_cmp -lt "$wall_ms" 15000 "the whole run ended soon after the deadline"

# Black hole: the SYN is dropped, the connect times out at 1.5 s.
start_fake blackhole blackhole "$(addr 5)"
HOLE=$(addr 5):$FAKE_PORT
run_od blackhole --connect-timeout 1.5 --ca-file "$PKI/root.pem" "$HOLE" "$GOOD"
assert_exit 1
assert_jq '.settings.connect_timeout_ms' 1500
B='.origins[] | select(.input == "'$HOLE'") | .addresses[0]'
assert_jq "$B | .tcp.status" timeout
assert_jq "$B | .tcp.elapsed_ms >= 1400 and .tcp.elapsed_ms < 5000" true \
    "blackhole: connect gave up at its 1.5 s deadline ($(jqr "$B | .tcp.elapsed_ms") ms)"
assert_jq "$B | .tls.status != \"ok\"" true "no TLS without a connection"
assert_jq "$B | .explain" null
assert_jq "$G | .tls.status" ok
assert_jq "$G | .tls.elapsed_ms < 1000" true "good origin not held up by the black hole"
