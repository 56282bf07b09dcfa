#!/bin/bash
# The chain is recorded in received order, never re-sorted: a server that
# sends leaf, int1, int2 (wrong order) and one that also sends the root.
. "${0%/*}/lib.sh"
od_init 12
need_openssl

pki_leaf leaf rsa order.test
pki_cat wrong int1 int2
pki_cat withroot int2 int1 root

A=.origins[0].addresses[0]

start_tls_server wrong "$(addr 2)" leaf leaf wrong
run_od wrong --ca-file "$PKI/root.pem" --resolve "order.test:$SRV_PORT:$(addr 2)" "order.test:$SRV_PORT"
assert_jq "$A.tls.status" ok
assert_certs "$A.tls" leaf int1 int2
assert_jq "[$A.tls.certificates[].issuer] | join(\"|\")" \
    "CN=OD Test Int2|CN=OD Test Root|CN=OD Test Int1" "issuers in received order"

start_tls_server withroot "$(addr 3)" leaf leaf withroot
run_od withroot --ca-file "$PKI/root.pem" --resolve "order.test:$SRV_PORT:$(addr 3)" "order.test:$SRV_PORT"
assert_jq "$A.tls.status" ok
assert_certs "$A.tls" leaf int2 int1 root
