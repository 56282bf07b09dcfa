#!/bin/bash
# Address classes (issue 12, defect 10): an IPv4-mapped private address is
# private; 0.0.0.0 (this host), the broadcast address, multicast and
# reserved addresses are named as such and never connected to (CloudFront
# cannot connect to them either): tcp.unreachable with the class, TCP
# status "skipped".
. "${0%/*}/lib.sh"
od_init 65

# a_case NAME ADDRESS ERE: the origin resolves (--resolve) to ADDRESS only.
a_case()
{
    run_od "$1" --connect-timeout 2 --resolve "x.test:443:$2" x.test:443
    assert_exit 1
    assert_jq .origins[0].addresses[0].tcp.status skipped "$1: not connected to"
    assert_finding tcp.unreachable error "$2"
    assert_message_match tcp.unreachable "$3"
    assert_no_finding net.private_address
}
a_case zero 0.0.0.0 'this network'
a_case zero-mapped ::ffff:0.0.0.0 'this network'
a_case unspecified :: 'this network'
a_case broadcast 255.255.255.255 'broadcast address'
a_case multicast 224.0.0.1 'multicast address'
a_case multicast6 ff02::1 'multicast address'
a_case reserved 240.0.0.1 'reserved address'

# ::ffff:127.0.N.9: loopback written as IPv6, private like 127.0.N.9.
run_od mapped --connect-timeout 2 --resolve "x.test:443:::ffff:$(addr 9)" x.test:443
assert_finding net.private_address warning "::ffff:$(addr 9)"
assert_no_finding tcp.unreachable
