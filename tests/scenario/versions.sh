#!/bin/bash
# Protocol versions: CloudFront offers TLS 1.2 (down to --min-protocol) and
# never 1.3.  A TLS 1.0-only server fails by default and works with
# --min-protocol TLSv1; a TLS 1.3-only server always fails.  The explaining
# handshakes say which versions the server does speak.
. "${0%/*}/lib.sh"
od_init 14
need_openssl

pki_leaf leaf rsa v.test
pki_cat chain int2 int1
A=.origins[0].addresses[0]

# TLS 1.0 only (openssl 3 needs security level 0 for TLS 1.0's SHA-1).
start_tls_server tls10 "$(addr 2)" leaf leaf chain -tls1 -cipher 'DEFAULT:@SECLEVEL=0'
P10=$SRV_PORT
run_od tls10 --ca-file "$PKI/root.pem" --resolve "v.test:$P10:$(addr 2)" "v.test:$P10"
assert_exit 1
assert_jq '.settings.min_protocol' TLSv1.2
assert_jq '.origins[0].completed' false
assert_jq "$A.tcp.status" connected
assert_jq "$A.tls.status | IN(\"failed\", \"alert\", \"closed\")" true "CloudFront's handshake failed (tls.status $(jqr "$A.tls.status"))"
assert_jq "$A.tls.version" null
assert_jq "$A.explain.versions[\"TLS1.0\"]" true
assert_jq "$A.explain.versions[\"TLS1.1\"]" false
assert_jq "$A.explain.versions[\"TLS1.2\"]" false
assert_jq "$A.explain.versions[\"TLS1.3\"]" false
assert_jq "$A.explain.summary" no_common_version

run_od tls10-min --min-protocol TLSv1 --ca-file "$PKI/root.pem" --resolve "v.test:$P10:$(addr 2)" "v.test:$P10"
assert_exit 0
assert_jq '.settings.min_protocol' TLSv1
assert_jq '.settings.offered_versions | sort | join(",")' "TLS1.0,TLS1.1,TLS1.2"
assert_jq "$A.tls.status" ok
assert_jq "$A.tls.version" TLS1.0
assert_jq "$A.explain" null
assert_certs "$A.tls" leaf int2 int1

# --no-explain: the failure alone, no explaining handshakes.
run_od tls10-noexplain --no-explain --ca-file "$PKI/root.pem" --resolve "v.test:$P10:$(addr 2)" "v.test:$P10"
assert_exit 1
assert_jq '.settings.explain' false
assert_jq "$A.explain" null

# TLS 1.3 only.
start_tls_server tls13 "$(addr 3)" leaf leaf chain -tls1_3
run_od tls13 --ca-file "$PKI/root.pem" --resolve "v.test:$SRV_PORT:$(addr 3)" "v.test:$SRV_PORT"
assert_exit 1
assert_jq "$A.tls.status | IN(\"failed\", \"alert\", \"closed\")" true "CloudFront's handshake failed (tls.status $(jqr "$A.tls.status"))"
assert_jq "$A.explain.versions[\"TLS1.0\"]" false
assert_jq "$A.explain.versions[\"TLS1.1\"]" false
assert_jq "$A.explain.versions[\"TLS1.2\"]" false
assert_jq "$A.explain.versions[\"TLS1.3\"]" true
assert_jq "$A.explain.summary" only_tls13

# Even with the lowest floor CloudFront still never offers TLS 1.3.
run_od tls13-min --min-protocol TLSv1 --ca-file "$PKI/root.pem" --resolve "v.test:$SRV_PORT:$(addr 3)" "v.test:$SRV_PORT"
assert_exit 1
assert_jq "$A.tls.version" null
