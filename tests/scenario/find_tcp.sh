#!/bin/bash
# Findings before or instead of TLS, each from a real local peer: tcp.refused
# (nothing listens), tcp.timeout (a listener whose SYNs are dropped), tls.timeout
# (accepts, never answers), tls.not_tls (an HTTP server on the HTTPS port).
# Every one carries the address; every one fails the verdict.
. "${0%/*}/lib.sh"
od_init 31
need_fakeserver

# tcp.refused: 502.
refusing_port "$(addr 2)"
run_od refused --resolve "refused.test:$REFUSED_PORT:$(addr 2)" "refused.test:$REFUSED_PORT"
assert_jq '.origins[0].addresses[0].tcp.status' refused
assert_finding tcp.refused error "$(addr 2)"
assert_message_match tcp.refused "$(addr 2) refused the connection to port $REFUSED_PORT"
assert_finding net.private_address warning "$(addr 2)"
assert_finding_ids "tcp.refused net.private_address"
assert_verdict fail 502 1

# tcp.timeout: the only error is a timeout, so CloudFront answers 504.
start_fake blackhole blackhole "$(addr 3)"
run_od timeout --connect-timeout 1 --resolve "hole.test:$FAKE_PORT:$(addr 3)" "hole.test:$FAKE_PORT"
assert_jq '.origins[0].addresses[0].tcp.status' timeout
assert_finding tcp.timeout error "$(addr 3)"
assert_message_match tcp.timeout "$(addr 3) did not answer on port $FAKE_PORT within 1[0-9]{3} ms"
assert_finding_ids "tcp.timeout net.private_address"
assert_verdict fail 504 1

# tls.timeout: connected, no handshake within --handshake-timeout: 504.
start_fake hang hang "$(addr 4)"
run_od hang --handshake-timeout 1 --resolve "hang.test:$FAKE_PORT:$(addr 4)" "hang.test:$FAKE_PORT"
assert_jq '.origins[0].addresses[0].tcp.status' connected
assert_jq '.origins[0].addresses[0].tls.status' timeout
assert_finding tls.timeout error "$(addr 4)"
assert_finding_ids "tls.timeout net.private_address"
assert_verdict fail 504 1

# tls.not_tls: an HTTP server answers "HTTP/1.1 400" to the ClientHello: 502.
start_fake http http "$(addr 5)"
run_od http --resolve "http.test:$FAKE_PORT:$(addr 5)" "http.test:$FAKE_PORT"
assert_jq '.origins[0].addresses[0].tls.status' not_tls
assert_finding tls.not_tls error "$(addr 5)"
assert_message_match tls.not_tls "$(addr 5) answered \"HTTP/1\\.1 400"
assert_finding_ids "tls.not_tls net.private_address"
assert_verdict fail 502 1

# A timeout and a 502 cause in one origin (two addresses on one port): the
# 502 decides the status.
refusing_port "$(addr 6)"
start_fake hang2 hang "$(addr 7)" "$REFUSED_PORT" || skip "port $REFUSED_PORT taken on $(addr 7)"
run_od mixed --handshake-timeout 1 --resolve "mixed.test:$REFUSED_PORT:$(addr 6),$(addr 7)" "mixed.test:$REFUSED_PORT"
assert_finding tcp.refused error "$(addr 6)"
assert_finding tls.timeout error "$(addr 7)"
assert_finding_ids "tcp.refused tls.timeout net.private_address"
assert_verdict fail 502 1
