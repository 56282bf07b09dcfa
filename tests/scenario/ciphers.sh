#!/bin/bash
# Cipher suites: a server that offers only suites CloudFront lacks
# (ChaCha20-Poly1305, DHE) fails CloudFront's handshake; the explaining
# handshake with any suite succeeds and names the suite the server chose.
. "${0%/*}/lib.sh"
od_init 15
need_openssl

pki_leaf leaf rsa c.test
pki_cat chain int2 int1
A=.origins[0].addresses[0]

check_no_common_cipher()
{
    local re=$1
    assert_exit 1
    assert_jq "$A.tcp.status" connected
    assert_jq "$A.tls.status | IN(\"failed\", \"alert\", \"closed\")" true "CloudFront's handshake failed (tls.status $(jqr "$A.tls.status"))"
    assert_jq "$A.explain.any_cipher.ok" true
    assert_jq "$A.explain.any_cipher.version" TLS1.2
    assert_jq "$A.explain.any_cipher.cipher_suite | test(\"$re\")" true "any_cipher suite matches $re ($(jqr "$A.explain.any_cipher.cipher_suite"))"
    assert_jq "$A.explain.versions[\"TLS1.2\"]" true
    assert_jq "$A.explain.versions[\"TLS1.3\"]" false
    assert_jq "$A.explain.summary" no_common_cipher
}

start_tls_server chacha "$(addr 2)" leaf leaf chain -tls1_2 -cipher ECDHE-RSA-CHACHA20-POLY1305
run_od chacha --ca-file "$PKI/root.pem" --resolve "c.test:$SRV_PORT:$(addr 2)" "c.test:$SRV_PORT"
check_no_common_cipher CHACHA20

start_tls_server dhe "$(addr 3)" leaf leaf chain -tls1_2 -cipher DHE-RSA-AES128-GCM-SHA256
run_od dhe --ca-file "$PKI/root.pem" --resolve "c.test:$SRV_PORT:$(addr 3)" "c.test:$SRV_PORT"
check_no_common_cipher DHE

# Control: the same server with a suite CloudFront has.
start_tls_server gcm "$(addr 4)" leaf leaf chain -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256
run_od gcm --ca-file "$PKI/root.pem" --resolve "c.test:$SRV_PORT:$(addr 4)" "c.test:$SRV_PORT"
assert_exit 0
assert_jq "$A.tls.cipher_suite" TLS_ECDHE_RSA_AES_128_GCM_SHA256
assert_jq "$A.tls.cipher_suite_id" "0xC0,0x2F"
assert_jq "$A.tls.cipher_suite_openssl" ECDHE-RSA-AES128-GCM-SHA256
assert_jq "$A.tls.suite_in_profile" true
