#!/bin/bash
# origin.inconsistent: one name, two addresses, one good server and one bad
# one on the same port.  With --resolve NAME:PORT:A,B and with two A records
# from a real dnsmasq.  The per-address findings carry the bad address; the
# good address carries none of them.
. "${0%/*}/lib.sh"
od_init 39
need_openssl; need_dnsmasq; need_fakeserver

pki_init
pki_cat chain int2 int1
pki_leaf_y good ec multi.example.com
pki_dated expired ec /CN=multi.example.com leaf_ext int2 "$(od_date -400)" "$(od_date -35)"
pki_leaf_y wrong ec other.example.com

GOOD=$(addr 2)
start_tls_server good "$GOOD" good good chain
P=$SRV_PORT
start_tls_server_at expired "$(addr 3)" "$P" expired expired chain || skip "port $P taken on $(addr 3)"
start_tls_server_at wrong "$(addr 4)" "$P" wrong wrong chain || skip "port $P taken on $(addr 4)"
start_fake hang hang "$(addr 5)" "$P" || skip "port $P taken on $(addr 5)"

start_dnsmasq dns "$(addr 53)" --local=/#/ \
    --host-record="multi.example.com,$GOOD" --host-record="multi.example.com,$(addr 4)"

private_both()
{
    assert_jq "[$(finding_sel net.private_address) | .address] | sort | join(\" \")" "$*" \
        "net.private_address for each address"
}

# A good address and one with an expired certificate (--resolve A,B).
BAD=$(addr 3)
run_od expired --ca-file "$PKI/root.pem" --resolve "multi.example.com:$P:$GOOD,$BAD" "multi.example.com:$P"
assert_finding origin.inconsistent error null
assert_message_match origin.inconsistent '^2 of 2 addresses complete CloudFront.s handshake; the addresses serve different certificates$'
assert_finding cert.expired error "$BAD"
assert_finding_ids "origin.inconsistent cert.expired net.private_address"
private_both "$GOOD $BAD"
assert_verdict fail 502 1

# A good address and one with a certificate for another name (two A records).
BAD=$(addr 4)
run_od wrong --dns-server "$DNS_SERVER" --ca-file "$PKI/root.pem" "multi.example.com:$P"
assert_jq "[.origins[0].addresses[].address] | sort | join(\" \")" "$GOOD $BAD" "both A records probed"
assert_finding origin.inconsistent error null
assert_finding cert.name_mismatch error "$BAD"
assert_message_match cert.name_mismatch 'it covers other\.example\.com$'
assert_finding_ids "origin.inconsistent cert.name_mismatch net.private_address"
private_both "$GOOD $BAD"
assert_verdict fail 502 1

# A good address and one that never completes a handshake: 1 of 2.  The
# timeout alone would be a 504; the inconsistency is a 502 cause.
BAD=$(addr 5)
run_od hang --handshake-timeout 1 --ca-file "$PKI/root.pem" --resolve "multi.example.com:$P:$GOOD,$BAD" "multi.example.com:$P"
assert_finding origin.inconsistent error null
assert_message_match origin.inconsistent '^1 of 2 addresses complete CloudFront.s handshake$'
assert_finding tls.timeout error "$BAD"
assert_finding_ids "origin.inconsistent tls.timeout net.private_address"
assert_verdict fail 502 1

# Control: the same name on two addresses serving the same certificate.
start_tls_server_at good2 "$(addr 6)" "$P" good good chain || skip "port $P taken on $(addr 6)"
run_od same --ca-file "$PKI/root.pem" --resolve "multi.example.com:$P:$GOOD,$(addr 6)" "multi.example.com:$P"
assert_no_finding origin.inconsistent
assert_finding_ids "net.private_address"
assert_verdict ok null 0
