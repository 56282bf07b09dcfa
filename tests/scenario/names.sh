#!/bin/bash
# How the origin is named: --resolve (no DNS at all), IP literals (no SNI),
# https:// and /path decoration, -p, and -H (the forwarded Host header is the
# SNI; s_server tells which name it received).
. "${0%/*}/lib.sh"
od_init 20
need_openssl; need_fakeserver

pki_leaf leaf ec origin.test over.test two.test
# s_server sends no chain with -cert2: hhleaf is signed by the root itself.
OD_ISSUER=root pki_leaf hhleaf ec hh.test
pki_cat chain int2 int1
A=.origins[0].addresses

start_tls_server good "$(addr 2)" leaf leaf chain
P=$SRV_PORT
refusing_port "$(addr 3)"
R=$REFUSED_PORT

# --resolve: no resolver needed (none is given; nothing must be asked).
run_od override --ca-file "$PKI/root.pem" --resolve "over.test:$P:$(addr 2)" "over.test:$P"
assert_exit 0
assert_jq '.origins[0].dns.status' override
assert_jq '.origins[0].name' over.test
assert_jq '.origins[0].sni' over.test
assert_jq "[$A[].address] | join(\" \")" "$(addr 2)"
assert_jq "$A[0].tls.status" ok

# --resolve with two addresses (and a second --resolve for another name).
run_od override2 --ca-file "$PKI/root.pem" --resolve "two.test:$P:$(addr 2),$(addr 3)" \
    --resolve "over.test:$P:$(addr 2)" "two.test:$P" "over.test:$P"
assert_exit 1
assert_jq '.origins | length' 2
assert_jq "[$A[].address] | join(\" \")" "$(addr 2) $(addr 3)" "both --resolve addresses, in order"
assert_jq "$A[0].tls.status" ok
assert_jq "$A[1].tcp.status" refused
assert_jq '.origins[0].completed' false
assert_jq '.origins[1].completed' true

# -4 with an IPv4 and an IPv6 address: the IPv6 one is listed, not probed.
run_od ipv4only -4 --ca-file "$PKI/root.pem" --resolve "over.test:$P:$(addr 2),::1" "over.test:$P"
assert_exit 0
assert_jq "[$A[] | \"\(.address)/\(.probed)/\(.tcp.status)\"] | join(\" \")" \
    "$(addr 2)/true/connected ::1/false/skipped"

# IP literal: no DNS, no SNI.  (The handshake completes; whether CloudFront
# could use such an origin is the diagnosis' business, not checked here.)
run_od literal --ca-file "$PKI/root.pem" "$(addr 2):$P"
assert_jq '.origins[0].completed' true
assert_jq '.origins[0].dns.status' literal
assert_jq '.origins[0].sni' null
assert_jq '.origins[0].name' "$(addr 2)"
assert_jq '.origins[0].port' "$P"
assert_jq "$A[0].tls.status" ok

# A /path after an origin is ignored (with https:// in front it is a viewer
# URL: viewer.sh); -p gives the default port.
run_od decorated --ca-file "$PKI/root.pem" "$(addr 2):$P/some/path?x=1"
assert_jq '.origins[0].completed' true
assert_jq '.origins[0].input' "$(addr 2):$P/some/path?x=1"
assert_jq '.origins[0].name' "$(addr 2)"
assert_jq '.origins[0].port' "$P"
run_od default-port -p "$P" --ca-file "$PKI/root.pem" "$(addr 2)"
assert_jq '.origins[0].completed' true
assert_jq '.origins[0].port' "$P"
assert_jq "$A[0].tls.status" ok

# -H: s_server answers SNI "hh.test" with hhleaf, and any other name with a
# fatal unrecognized_name alert; -debug makes it log the name it received.
start_tls_server sni "$(addr 4)" leaf leaf chain -servername hh.test \
    -cert2 "$PKI/hhleaf.pem" -key2 "$PKI/hhleaf.key" -servername_fatal -debug
run_od host-header -H hh.test --ca-file "$PKI/root.pem" --resolve "origin.test:$SRV_PORT:$(addr 4)" "origin.test:$SRV_PORT"
assert_exit 0
assert_jq '.origins[0].host_header' hh.test
assert_jq '.origins[0].sni' hh.test
assert_jq "$A[0].tls.status" ok
assert_jq "$A[0].tls.certificates[0].subject" CN=hh.test "the server chose the certificate for SNI hh.test"
assert_match 'Hostname in TLS extension: "hh\.test"' "$(grep -a 'Hostname in TLS extension' "$T/sni.log")" \
    "s_server received SNI hh.test"

seen=$(grep -ac 'Hostname in TLS extension' "$T/sni.log")
run_od no-host-header --ca-file "$PKI/root.pem" --resolve "origin.test:$SRV_PORT:$(addr 4)" "origin.test:$SRV_PORT"
assert_exit 1
assert_jq '.origins[0].host_header' null
assert_jq '.origins[0].sni' origin.test
assert_jq "$A[0].tls.status" alert
assert_jq "$A[0].tls.alert.number" 112 "unrecognized_name alert recorded"
assert_match 'Hostname in TLS extension: "origin\.test"' \
    "$(grep -a 'Hostname in TLS extension' "$T/sni.log" | tail -n +$((seen + 1)) | head -n 1)" \
    "s_server received SNI origin.test"
