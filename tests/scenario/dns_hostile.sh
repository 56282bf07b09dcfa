#!/bin/bash
# Malformed DNS answers and hostile CNAME chains (issue 12, defects 6 and
# 11), from a DNS responder written for the purpose (fakeserver dns-KIND on
# a loopback UDP port): a compression pointer loop, a NUL byte in a label, a
# record cut short, a header that counts more answers than follow, a chain
# of 20 CNAMEs, a CNAME loop.  Each was reported as "DNS lookup failed:
# Successful completion" or "no A or AAAA record"; each must say what was
# wrong, as dns.failure (exit 1), in bounded time.
. "${0%/*}/lib.sh"
od_init 64
need_fakeserver

# dns_case KIND ERE: the resolver answers every query the KIND way; the
# DNS message and the finding's message match ERE.
dns_case()
{
    local kind=$1 re=$2 start
    start_fake "dns-$kind" "dns-$kind" "$(addr 53)"
    start=$(date +%s)
    run_od "$kind" --dns-server "$(addr 53):$FAKE_PORT" --dns-timeout 2 "x.test:443"
    assert_cmp -le $(($(date +%s) - start)) 10 "$kind: done within 10 s"
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
