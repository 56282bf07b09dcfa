#!/bin/bash
# Expected to fail (XFAIL_TESTS) until origin-doctor is fixed.
# A server that sends a good leaf and a malformed intermediate (its outer
# signature algorithm differs from the inner one; OpenSSL sends it, GnuTLS
# cannot parse it).  CloudFront's TLS 1.2 handshake fails with
# GNUTLS_E_CERTIFICATE_ERROR; the explaining TLS 1.3 handshake succeeds
# (GnuTLS parses less there), and the report says tls.protocol "speaks only
# TLS 1.3", which sends the reader to the protocol settings.  The server
# speaks TLS 1.2; its certificate is the problem.  No certificate is recorded
# either (certificates_received 0), so nothing shows which one.
. "${0%/*}/lib.sh"
od_init 42
need_openssl

pki_init
pki_leaf_y leaf ec malformed.test
pki_mangle_sigalg int2 badint2
pki_cat badchain badint2 int1
start_tls_server bad "$(addr 2)" leaf leaf badchain
run_od badint --ca-file "$PKI/root.pem" --resolve "malformed.test:$SRV_PORT:$(addr 2)" "malformed.test:$SRV_PORT"
assert_jq '.origins[0].addresses[0].tls.error.name' GNUTLS_E_CERTIFICATE_ERROR
assert_verdict fail 502 1
assert_no_finding tls.protocol
assert_jq '.origins[0].addresses[0].tls.certificates_received' 3 "the three certificates sent are counted"
