#!/bin/bash
# A server that insists on a client certificate (-Verify 1): the probe sees
# the request, has no certificate to give (CloudFront has none), and fails.
. "${0%/*}/lib.sh"
od_init 16
need_openssl

pki_leaf leaf ec mtls.test
pki_cat chain int2 int1
A=.origins[0].addresses[0]

start_tls_server mtls "$(addr 2)" leaf leaf chain -Verify 1 -verifyCAfile "$PKI/root.pem"
run_od mtls --ca-file "$PKI/root.pem" --resolve "mtls.test:$SRV_PORT:$(addr 2)" "mtls.test:$SRV_PORT"
assert_exit 1
assert_jq '.origins[0].completed' false
assert_jq "$A.tcp.status" connected
assert_jq "$A.tls.status | IN(\"failed\", \"alert\", \"closed\")" true "CloudFront's handshake failed (tls.status $(jqr "$A.tls.status"))"
assert_jq "$A.tls.client_cert_requested" true
assert_jq "$A.explain.summary" client_cert

# Control: the same server without -Verify.
start_tls_server plain "$(addr 3)" leaf leaf chain
run_od plain --ca-file "$PKI/root.pem" --resolve "mtls.test:$SRV_PORT:$(addr 3)" "mtls.test:$SRV_PORT"
assert_exit 0
assert_jq "$A.tls.client_cert_requested" false
