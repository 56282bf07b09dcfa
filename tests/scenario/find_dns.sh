#!/bin/bash
# Findings from DNS, through real resolvers on loopback: dns.nxdomain,
# dns.no_address (NODATA), dns.failure three ways (REFUSED, SERVFAIL from a
# validating dnsmasq whose upstream cannot prove anything, and a resolver
# that never answers), and net.private_address on a good origin: a warning
# that does not fail the verdict.
. "${0%/*}/lib.sh"
od_init 30
need_openssl; need_dnsmasq; need_fakeserver

pki_leaf_y leaf ec ok.example.com
pki_cat chain int2 int1
start_tls_server good "$(addr 2)" leaf leaf chain
P=$SRV_PORT

# The zone example.com is local (unknown names: NXDOMAIN); nothing is
# forwarded anywhere, so example.org is REFUSED.
start_dnsmasq dns "$(addr 53)" --local=/example.com/ \
    --host-record=ok.example.com,"$(addr 2)" \
    --txt-record=nodata.example.com,"a name without an address"
DNS=$DNS_SERVER

# A good origin on loopback: net.private_address is a warning (CloudFront
# could not reach it, 504), the verdict stays ok and the exit status 0.
run_od good --dns-server "$DNS" --ca-file "$PKI/root.pem" "ok.example.com:$P"
assert_jq '.origins[0].dns.status' ok
assert_finding net.private_address warning "$(addr 2)"
assert_message_match net.private_address "$(addr 2)"
assert_finding_ids "net.private_address"
assert_verdict ok null 0
assert_jq '.verdict' ok "report verdict"

# NXDOMAIN.
run_od nxdomain --dns-server "$DNS" "nx.example.com:$P"
assert_jq '.origins[0].dns.status' nxdomain
assert_finding dns.nxdomain error null
assert_message_match dns.nxdomain 'nx\.example\.com'
assert_finding_ids "dns.nxdomain"
assert_verdict fail 502 1
assert_jq '.origins[0].addresses | length' 0

# NODATA: the name exists (a TXT record) but has no A or AAAA.
run_od nodata --dns-server "$DNS" "nodata.example.com:$P"
assert_jq '.origins[0].dns.status' nodata
assert_finding dns.no_address error null
assert_finding_ids "dns.no_address"
assert_verdict fail 502 1

# REFUSED: the resolver serves no such zone and forwards nowhere.
run_od refused --dns-server "$DNS" "www.example.org:$P"
assert_jq '.origins[0].dns.status' refused
assert_finding dns.failure error null
assert_message_match dns.failure REFUSED
assert_finding_ids "dns.failure"
assert_verdict fail 502 1

# SERVFAIL: a DNSSEC-validating dnsmasq whose only upstream (another dnsmasq)
# refuses the DS queries the validation needs: broken DNSSEC, as CloudFront's
# resolvers would see it.
if "$DNSMASQ" --version | grep -qw DNSSEC; then
    start_dnsmasq upstream "$(addr 54)" --local=/example.net/ \
        --host-record=www.signed.example.net,"$(addr 2)"
    UP=$DNS_PORT
    start_dnsmasq validating "$(addr 55)" --dnssec --dnssec-no-timecheck \
        --trust-anchor=.,20326,8,2,E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D \
        --server="$(addr 54)#$UP"
    run_od servfail --dns-server "$DNS_SERVER" "www.signed.example.net:$P"
    assert_jq '.origins[0].dns.status' servfail
    assert_finding dns.failure error null
    assert_message_match dns.failure SERVFAIL
    assert_finding_ids "dns.failure"
    assert_verdict fail 502 1
else
    echo "note: $DNSMASQ was built without DNSSEC: no SERVFAIL case" >&2
fi

# A resolver that never answers: dns.failure when --dns-timeout runs out.
start_fake silent udp-silent "$(addr 56)"
run_od silent --dns-timeout 1 --dns-server "$(addr 56):$FAKE_PORT" "ok.example.com:$P"
assert_jq '.origins[0].dns.status' timeout
assert_finding dns.failure error null
assert_message_match dns.failure timeout
assert_finding_ids "dns.failure"
assert_verdict fail 502 1
