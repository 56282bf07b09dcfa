#!/bin/bash
# tcp.unreachable, with nothing sent on any network:
#  - the limited broadcast address 255.255.255.255: nobody can connect to
#    it, so the probe does not try (issue 12; Linux would refuse the connect
#    at once with ENETUNREACH) and the finding names the class;
#  - in a private network namespace (unshare -rn: only a loopback interface,
#    so nothing can leave) with an "unreachable" route (EHOSTUNREACH, what a
#    router's ICMP host-unreachable gives too), a "prohibit" route (EACCES)
#    and no route at all (ENETUNREACH).
# An ICMP unreachable from a real router cannot be produced on loopback; the
# errno the probe sees is the same.
. "${0%/*}/lib.sh"
od_init 32

run_od broadcast --connect-timeout 2 --resolve "bcast.test:443:255.255.255.255" "bcast.test:443"
assert_jq '.origins[0].addresses[0].tcp.status' skipped "not connected to"
assert_jq '.origins[0].addresses[0].tcp.errno' null
assert_finding tcp.unreachable error 255.255.255.255
assert_message_match tcp.unreachable '^255\.255\.255\.255 is the broadcast address: '

assert_finding_ids "tcp.unreachable"
assert_verdict fail 502 1

# The namespace variant needs unprivileged user namespaces (or root) and ip.
if ! command -v unshare >/dev/null 2>&1 || ! command -v ip >/dev/null 2>&1 ||
    ! unshare -rn ip route add unreachable 192.0.2.0/24 2>/dev/null; then
    echo "note: no private network namespace here (unshare -rn, ip): only the broadcast case ran" >&2
    exit 0
fi
cat >"$T/od-netns" <<EOF2
#!/bin/sh
# origin-doctor in a network namespace of its own: loopback only.
exec unshare -rn sh -c 'ip link set lo up && ip route add unreachable 192.0.2.0/24 &&
    ip route add prohibit 198.51.100.0/24 && exec "\$0" "\$@"' "$ORIGIN_DOCTOR" "\$@"
EOF2
chmod +x "$T/od-netns"
ORIGIN_DOCTOR=$T/od-netns

run_od netns --connect-timeout 2 --resolve "unreach.test:443:192.0.2.7,198.51.100.7,203.0.113.7" "unreach.test:443"
A=.origins[0].addresses
assert_jq "[$A[] | \"\(.address)/\(.tcp.status)/\(.tcp.errno)\"] | join(\" \")" \
    "192.0.2.7/unreachable/EHOSTUNREACH 198.51.100.7/error/EACCES 203.0.113.7/unreachable/ENETUNREACH" \
    "unreachable route, prohibit route, no route"
assert_jq "[$(finding_sel tcp.unreachable) | .address] | join(\" \")" "192.0.2.7 198.51.100.7 203.0.113.7" \
    "one tcp.unreachable per address"
assert_jq "[$(finding_sel tcp.unreachable) | .severity] | unique | join(\" \")" error
assert_jq "[$(finding_sel tcp.unreachable) | .cloudfront_status] | unique | join(\" \")" 502
assert_finding_ids "tcp.unreachable"
assert_verdict fail 502 1
