#!/bin/bash
# A server that sends a good leaf and a malformed intermediate (its outer
# signature algorithm differs from the inner one; OpenSSL sends it, GnuTLS
# cannot parse it).  CloudFront's TLS 1.2 handshake fails with
# GNUTLS_E_CERTIFICATE_ERROR.  The explaining TLS 1.3 handshake succeeds
# (GnuTLS parses less there), but that is no protocol problem: the report
# must not say tls.protocol.  The three certificates are read from the raw
# records, and the broken one is named by its position.
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
assert_jq '.origins[0].chain.as_received[1].problems | index("unparsable") != null' true "the broken one is marked"
assert_message_match chain.incomplete "position 1 cannot be parsed"
