#!/bin/bash
# Malformed DNS answers and hostile CNAME chains (issue 12, defects 6 and
# 11), from a DNS responder written for the purpose (fakeserver dns-KIND on
# a loopback UDP port): a compression pointer loop, a NUL byte in a label, a
# record cut short, a header that counts more answers than follow, a chain
# of 20 CNAMEs, a CNAME loop.  Each was reported as "DNS lookup failed:
# Successful completion" or "no A or AAAA record"; each must say what was
# wrong, as dns.failure (exit 1), in bounded time and memory
# (run_od_bounded: /usr/bin/time -v).  And an answer of 1,000 A records
# with the truncation bit set (over UDP, and over TCP when the resolver
# retries there): 64 addresses kept, the rest counted, no hang.
. "${0%/*}/lib.sh"
od_init 64
need_fakeserver

# dns_case KIND ERE: the resolver answers every query the KIND way; the
# DNS message and the finding's message match ERE.
dns_case()
{
    local kind=$1 re=$2
    start_fake "dns-$kind" "dns-$kind" "$(addr 53)"
    # The DNS timeout (2 s) with a margin; one lookup's memory.
    run_od_bounded "$kind" 10 32 --dns-server "$(addr 53):$FAKE_PORT" --dns-timeout 2 "x.test:443"
    assert_exit 1
    assert_jq .origins[0].dns.status error "$kind: DNS status"
    assert_match "$re" "$(jqr .origins[0].dns.message)" "$kind: the DNS message says what was wrong"
    assert_finding dns.failure error null
    assert_message_match dns.failure "$re"
    assert_jq '[.. | strings | select(test("Successful completion"))] | length' 0 "$kind: no 'Successful completion'"
    assert_jq '.origins[0].addresses | length' 0 "$kind: no address from a broken answer"
    stop "$FAKE_PID"
}

dns_case ptrloop 'compression pointer loops'
dns_case nul 'NUL byte'
dns_case truncated 'cut short'
dns_case count 'announces 3 answer records, it holds 1'
dns_case cname20 'CNAME chain is longer than 16 links'
assert_jq '.origins[0].dns.cnames | length' 16 "cname20: the first 16 links kept"
dns_case cnameloop 'CNAME chain loops: it comes back to 1\.c'

# --- 1,000 records with the truncation bit -------------------------------------------
# All in 127.64.0.0/16 (loopback, nothing listens there: each connect is
# refused at once).  64 are kept and probed, 936 counted as dropped.
start_fake dns-tc1000 dns-tc1000 "$(addr 53)"
run_od_bounded tc1000 10 48 --dns-server "$(addr 53):$FAKE_PORT" --dns-timeout 2 --connect-timeout 2 \
    "x.test:443"
assert_jq .origins[0].dns.status ok "tc1000: the answer is read"
assert_jq '.origins[0].addresses | length' 64 "tc1000: 64 addresses kept"
assert_jq .origins[0].dns.addresses_dropped 936 "tc1000: the other 936 counted"
assert_jq '[.origins[0].addresses[].address | test("^127\\.64\\.")] | all' true "tc1000: the answer's addresses"
assert_jq '[.origins[0].addresses[].tcp.status] | unique | join(" ")' refused "tc1000: every connect refused"
assert_jq '[.origins[0].findings[] | select(.id == "tcp.refused")] | length' 64 "tc1000: one tcp.refused per address"
assert_verdict fail 502 1
stop "$FAKE_PID"
