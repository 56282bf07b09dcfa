#!/bin/bash
# DNS through a real resolver (dnsmasq on a loopback port): a CNAME chain with
# its TTLs, a name with several addresses (each probed in parallel, each with
# its own result), 70 addresses (an answer too big for UDP; 64 kept), NXDOMAIN,
# NODATA, and -4 leaving an IPv6 address unprobed.
. "${0%/*}/lib.sh"
od_init 19
need_openssl; need_fakeserver; need_dnsmasq

pki_leaf leaf ec www.test multi.test dual.test
pki_cat chain int2 int1

# real.test: a good server.
start_tls_server real "$(addr 5)" leaf leaf chain
P=$SRV_PORT

# multi.test: .21 good, .22 hangs, .23 refuses; all on one port.  The port
# comes from the kernel for .21; the others are the test's own addresses.
start_tls_server multi-good "$(addr 21)" leaf leaf chain
PM=$SRV_PORT
start_fake multi-hang hang "$(addr 22)" "$PM" || skip "port $PM taken on $(addr 22)"
if (exec 3<>"/dev/tcp/$(addr 23)/$PM") 2>/dev/null; then
    skip "something listens on $(addr 23):$PM"
fi

start_dnsmasq dns "$(addr 53)" \
    --host-record=real.test,"$(addr 5)",77 \
    --cname=www.test,lb.test,300 \
    --cname=lb.test,real.test,120 \
    --host-record=multi.test,"$(addr 21)",60 \
    --host-record=multi.test,"$(addr 22)",60 \
    --host-record=multi.test,"$(addr 23)",60 \
    --host-record=dual.test,"$(addr 5)",::1,30 \
    --txt-record=txtonly.test,"no address here" \
    $(for i in $(seq 100 169); do echo "--host-record=big.test,$(addr "$i"),60"; done)

A=.origins[0].addresses

# CNAME chain www.test -> lb.test -> real.test.
run_od cname --dns-server "$DNS_SERVER" --ca-file "$PKI/root.pem" "www.test:$P"
assert_exit 0
assert_jq '.settings.dns_servers' "$DNS_SERVER"
assert_jq '.origins[0].dns.status' ok
assert_jq '.origins[0].sni' www.test "SNI is the name asked, not the CNAME target"
assert_jq '.origins[0].dns.cnames | map("\(.name)>\(.target)/\(.ttl)") | join(" ")' \
    "www.test>lb.test/300 lb.test>real.test/120" "CNAME chain in order with TTLs"
assert_jq "$A | length" 1
assert_jq "$A[0].address" "$(addr 5)"
assert_jq "$A[0].ttl" 77
assert_jq "$A[0].tls.status" ok
assert_jq '.origins[0].completed' true

# Several addresses: each its own result, probed in parallel.
run_od multi --dns-server "$DNS_SERVER" --handshake-timeout 2 --ca-file "$PKI/root.pem" "multi.test:$PM"
assert_exit 1
assert_jq '.origins[0].dns.status' ok
assert_jq '.origins[0].dns.cnames | length' 0
assert_jq "[$A[].address] | sort | join(\" \")" "$(addr 21) $(addr 22) $(addr 23)" "all three addresses"
by_addr() { echo "$A[] | select(.address == \"$1\")"; }
assert_jq "[$A[].probed] | all" true "every address probed"
assert_jq "[$A[].ttl] | unique | join(\" \")" 60
assert_jq "$(by_addr "$(addr 21)") | .tls.status" ok
assert_jq "$(by_addr "$(addr 22)") | .tcp.status" connected
assert_jq "$(by_addr "$(addr 22)") | .tls.status" timeout
assert_jq "$(by_addr "$(addr 23)") | .tcp.status" refused
assert_jq "$(by_addr "$(addr 21)") | .tls.elapsed_ms < 1000" true \
    "good address not held up by the hanging one ($(jqr "$(by_addr "$(addr 21)") | .tls.elapsed_ms") ms)"
assert_jq '.origins[0].completed' false

# 70 addresses: at most 64 kept and probed, the rest counted.  Nothing
# listens there, so each is refused at once.
run_od big --dns-server "$DNS_SERVER" "big.test:$P"
assert_exit 1
assert_jq '.origins[0].dns.status' ok
assert_jq "$A | length" 64
assert_jq '.origins[0].dns.addresses_dropped' 6
assert_jq "[$A[].tcp.status] | unique | join(\" \")" refused
assert_jq "[$A[].address] | unique | length" 64 "64 different addresses"

# NXDOMAIN.
run_od nxdomain --dns-server "$DNS_SERVER" "nope.test:$P"
assert_exit 1
assert_jq '.origins[0].dns.status' nxdomain
assert_jq "$A | length" 0
assert_jq '.origins[0].completed' false

# NODATA: the name exists (TXT) but has no address.
run_od nodata --dns-server "$DNS_SERVER" "txtonly.test:$P"
assert_exit 1
assert_jq '.origins[0].dns.status' nodata
assert_jq "$A | length" 0
assert_jq '.origins[0].completed' false

# A name with an A and an AAAA record: both resolved and probed; with -4
# no IPv6 address is probed (here: not even asked for).
run_od dual --dns-server "$DNS_SERVER" --ca-file "$PKI/root.pem" "dual.test:$P"
assert_jq "[$A[] | \"\\(.address)/\\(.family)/\\(.probed)/\\(.ttl)\"] | sort | join(\" \")" \
    "$(addr 5)/ipv4/true/30 ::1/ipv6/true/30" "A and AAAA both probed"
run_od ipv4only -4 --dns-server "$DNS_SERVER" --ca-file "$PKI/root.pem" "dual.test:$P"
assert_exit 0
assert_jq '.settings.family' ipv4
assert_jq "[$A[] | select(.probed) | .family] | join(\" \")" ipv4 "only the IPv4 address probed"
assert_jq "$A[] | select(.family == \"ipv4\") | .tls.status" ok
