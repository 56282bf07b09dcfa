#!/bin/bash
# IPv6 on ::1: bracketed and bare literals, --resolve to ::1, -6, and a
# resolver reached over IPv6 (--dns-server [::1]:PORT).  Skips when ::1 is
# not usable here.
. "${0%/*}/lib.sh"
od_init 22
need_openssl; need_dnsmasq

pki_leaf leaf ec six.test
pki_cat chain int2 int1
A=.origins[0].addresses

start_tls_server six ::1 leaf leaf chain
P=$SRV_PORT

run_od bracketed --ca-file "$PKI/root.pem" "[::1]:$P"
assert_jq '.origins[0].completed' true
assert_jq '.origins[0].dns.status' literal
assert_jq '.origins[0].sni' null
assert_jq '.origins[0].port' "$P"
assert_jq "$A[0].address" ::1
assert_jq "$A[0].family" ipv6
assert_jq "$A[0].tls.status" ok
assert_certs "$A[0].tls" leaf int2 int1

run_od bare -p "$P" --ca-file "$PKI/root.pem" ::1
assert_jq '.origins[0].completed' true
assert_jq '.origins[0].port' "$P"
assert_jq "$A[0].address" ::1
assert_jq "$A[0].tls.status" ok

# -6 with an IPv4 and an IPv6 address for the name: only ::1 is probed.
run_od ipv6only -6 --ca-file "$PKI/root.pem" --resolve "six.test:$P:$(addr 9),::1" "six.test:$P"
assert_exit 0
assert_jq '.settings.family' ipv6
assert_jq '.origins[0].sni' six.test
assert_jq "[$A[] | \"\(.address)/\(.probed)\"] | join(\" \")" "$(addr 9)/false ::1/true"
assert_jq "$A[] | select(.address == \"::1\") | .tls.status" ok

# A resolver on ::1 giving an AAAA record.
start_dnsmasq dns6 ::1 --host-record=six.test,::1,45
run_od dns6 --dns-server "$DNS_SERVER" --ca-file "$PKI/root.pem" "six.test:$P"
assert_jq '.settings.dns_servers' "[::1]:$DNS_PORT"
assert_exit 0
assert_jq '.origins[0].dns.status' ok
assert_jq "[$A[] | \"\(.address)/\(.family)/\(.ttl)\"] | join(\" \")" "::1/ipv6/45"
assert_jq "$A[0].tls.status" ok
