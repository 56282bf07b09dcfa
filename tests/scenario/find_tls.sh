#!/bin/bash
# TLS findings, each from a real openssl s_server: tls.protocol (a TLS 1.0-only
# server, a TLS 1.3-only server), tls.cipher (ChaCha20 only), tls.client_cert
# (-Verify 1), tls.handshake (servers that refuse every handshake for a reason
# the explaining handshakes cannot narrow down: a strict SNI check, no key
# exchange group in common).  Each carries the address.
. "${0%/*}/lib.sh"
od_init 33
need_openssl

pki_leaf_y leaf rsa tls.test
pki_leaf_y other rsa other.test
pki_cat chain int2 int1

# tls_run NAME [origin-doctor option...]: against the last server started.
tls_run()
{
    local name=$1
    shift
    run_od "$name" "$@" --ca-file "$PKI/root.pem" --resolve "tls.test:$SRV_PORT:$ADDR" "tls.test:$SRV_PORT"
}

# TLS 1.0 only: no version in common with CloudFront's default TLSv1.2 floor;
# the fix (--min-protocol TLSv1) makes it go.
ADDR=$(addr 2)
start_tls_server tls10 "$ADDR" leaf leaf chain -tls1 -cipher 'DEFAULT:@SECLEVEL=0'
tls_run tls10
assert_jq '.origins[0].addresses[0].explain.summary' no_common_version
assert_finding tls.protocol error "$ADDR"
assert_message_match tls.protocol "$ADDR speaks only TLS1\\.0; CloudFront offers TLSv1\\.2 up to TLS1\\.2"
assert_finding_ids "tls.protocol net.private_address"
assert_verdict fail 502 1
tls_run tls10-min --min-protocol TLSv1
assert_no_finding tls.protocol
assert_finding_ids "net.private_address"
assert_verdict ok null 0

# TLS 1.3 only: CloudFront never speaks 1.3 to an origin, whatever the floor.
ADDR=$(addr 3)
start_tls_server tls13 "$ADDR" leaf leaf chain -tls1_3
tls_run tls13
assert_jq '.origins[0].addresses[0].explain.summary' only_tls13
assert_finding tls.protocol error "$ADDR"
assert_message_match tls.protocol "$ADDR speaks only TLS 1\\.3"
assert_finding_ids "tls.protocol net.private_address"
assert_verdict fail 502 1
tls_run tls13-min --min-protocol TLSv1
assert_finding tls.protocol error "$ADDR"
assert_verdict fail 502 1

# ChaCha20-Poly1305 only: TLS 1.2 works with some suite, not with CloudFront's.
ADDR=$(addr 4)
start_tls_server chacha "$ADDR" leaf leaf chain -tls1_2 -cipher ECDHE-RSA-CHACHA20-POLY1305
tls_run chacha
assert_finding tls.cipher error "$ADDR"
assert_message_match tls.cipher 'CHACHA20'
assert_finding_ids "tls.cipher net.private_address"
assert_verdict fail 502 1

# A client certificate demanded.
ADDR=$(addr 5)
start_tls_server mtls "$ADDR" leaf leaf chain -Verify 1 -verifyCAfile "$PKI/root.pem"
tls_run mtls
assert_finding tls.client_cert error "$ADDR"
assert_finding_ids "tls.client_cert net.private_address"
assert_verdict fail 502 1

# A server that knows only other.test and rejects any other SNI with a fatal
# unrecognized_name alert (nginx's ssl_reject_handshake does the same): every
# explaining handshake sends the same SNI and fails the same way.
ADDR=$(addr 6)
start_tls_server strictsni "$ADDR" other other chain -servername other.test \
    -cert2 "$PKI/other.pem" -key2 "$PKI/other.key" -servername_fatal
tls_run strictsni
assert_jq '.origins[0].addresses[0].tls.alert.number' 112 "unrecognized_name alert"
assert_jq '.origins[0].addresses[0].explain.any_cipher.ok' false
assert_finding tls.handshake error "$ADDR"
assert_finding_ids "tls.handshake net.private_address"
assert_verdict fail 502 1

# ECDHE with only a curve no client here offers (brainpoolP256r1): every
# version and suite fails with handshake_failure.
ADDR=$(addr 7)
start_tls_server brainpool "$ADDR" leaf leaf chain -curves brainpoolP256r1 -cipher ECDHE -ciphersuites ''
tls_run brainpool
assert_jq '.origins[0].addresses[0].tls.alert.number' 40 "handshake_failure alert"
assert_jq '[.origins[0].addresses[0].explain.versions[]] | any' false "no version works"
assert_finding tls.handshake error "$ADDR"
assert_finding_ids "tls.handshake net.private_address"
assert_verdict fail 502 1
