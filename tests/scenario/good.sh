#!/bin/bash
# A server that does everything right: CloudFront's handshake completes, TLS
# 1.2 (never 1.3) with a suite from CloudFront's list, and the chain is
# recorded exactly as sent.  RSA and ECDSA leaves; a self-signed leaf.
. "${0%/*}/lib.sh"
od_init 11
need_openssl

pki_leaf rsaleaf rsa good.test
pki_leaf ecleaf ec ecgood.test
pki_selfsigned self ec self.test
pki_cat chain int2 int1

A=.origins[0].addresses[0]

# RSA leaf, chain leaf,int2,int1 in order.
start_tls_server rsa "$(addr 2)" rsaleaf rsaleaf chain
run_od rsa --ca-file "$PKI/root.pem" --resolve "good.test:$SRV_PORT:$(addr 2)" "good.test:$SRV_PORT"
assert_exit 0
assert_jq '.settings.offered_versions | join(",")' "TLS1.2"
assert_jq '.origins | length' 1
assert_jq '.origins[0].completed' true
assert_jq '.origins[0].name' good.test
assert_jq '.origins[0].port' "$SRV_PORT"
assert_jq '.origins[0].sni' good.test
assert_jq '.origins[0].addresses | length' 1
assert_jq "$A.address" "$(addr 2)"
assert_jq "$A.family" ipv4
assert_jq "$A.probed" true
assert_jq "$A.tcp.status" connected
assert_jq "$A.tls.status" ok
assert_jq "$A.tls.error" null
assert_jq "$A.tls.version" TLS1.2 "TLS 1.2 although the server also speaks 1.3"
assert_jq "$A.tls.suite_in_profile" true
assert_jq "$A.tls.cipher_suite | test(\"^TLS_ECDHE_RSA_\")" true "an ECDHE_RSA suite"
assert_jq "$A.tls.client_cert_requested" false
assert_jq "$A.tls.first_bytes" null
assert_jq "$A.explain" null "no explaining handshakes after success"
assert_certs "$A.tls" rsaleaf int2 int1

# ECDSA P-256 leaf.
start_tls_server ec "$(addr 3)" ecleaf ecleaf chain
run_od ec --ca-file "$PKI/root.pem" --resolve "ecgood.test:$SRV_PORT:$(addr 3)" "ecgood.test:$SRV_PORT"
assert_exit 0
assert_jq "$A.tls.status" ok
assert_jq "$A.tls.version" TLS1.2
assert_jq "$A.tls.suite_in_profile" true
assert_jq "$A.tls.cipher_suite | test(\"^TLS_ECDHE_ECDSA_\")" true "an ECDHE_ECDSA suite"
assert_certs "$A.tls" ecleaf int2 int1

# Self-signed leaf, sent alone: the probe records it (judging it is analysis).
start_tls_server self "$(addr 4)" self self ""
run_od self --resolve "self.test:$SRV_PORT:$(addr 4)" "self.test:$SRV_PORT"
assert_jq "$A.tls.status" ok
assert_certs "$A.tls" self
assert_jq "$A.tls.certificates[0].issuer" "CN=self.test"
