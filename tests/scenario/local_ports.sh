#!/bin/bash
# Running out of local ports is this machine's error, never a finding about
# the origin (issue 13): connect() failing with EADDRNOTAVAIL (no free
# ephemeral port) ends the run with exit 3 and the reason, and no report;
# it is never tcp.unreachable.
#
# The ports are used up for real, deterministically and without touching
# the machine: the test runs in a network namespace of its own (unshare -rn,
# a user namespace gives the rights inside it), where
# net.ipv4.ip_local_port_range is this namespace's alone.  A fakeserver
# accepts and never answers (hang), so every connection to it stays open
# until the handshake timeout.  With 100 ports, three origins on it are each
# judged (tls.timeout: the setup works); with 2 ports, the third connect()
# has no port left.
if [ -z "${OD_IN_NETNS:-}" ]; then
    command -v unshare >/dev/null 2>&1 || { echo "SKIP: unshare (util-linux) not found" >&2; exit 77; }
    OD_IN_NETNS=1 unshare -rn true 2>/dev/null ||
        { echo "SKIP: no network namespace (unshare -rn refused: user namespaces off)" >&2; exit 77; }
    OD_IN_NETNS=1 exec unshare -rn "$BASH" "$0" "$@"
fi
. "${0%/*}/lib.sh"
od_init 84
need_fakeserver
command -v ip >/dev/null 2>&1 || skip "ip (iproute2) not found"
ip link set lo up || hard_error "cannot bring lo up in the test's namespace"
RANGE=/proc/sys/net/ipv4/ip_local_port_range
ports() { echo "$1 $2" >"$RANGE" || hard_error "cannot set $RANGE in the test's namespace"; }

start_fake hang hang "$(addr 2)"
P=$FAKE_PORT
args=(--handshake-timeout 2 --no-http)
for i in 1 2 3; do
    args+=(--resolve "h$i.test:$P:$(addr 2)" "h$i.test:$P")
done

# Enough ports: three connections open, three handshakes time out.
ports 40000 40099
run_od enough "${args[@]}"
assert_exit 1
assert_jq '[.origins[].addresses[] | select(.tcp.status == "connected")] | length' 3 \
    "enough ports: all three connected"
assert_jq '[.origins[].findings[] | select(.id == "tls.timeout")] | length' 3 \
    "enough ports: each origin judged (tls.timeout)"

# Two ports: two connections hold them, the third cannot have one.
ports 40000 40001
OD_RUN=two-ports
echo "+ [$OD_RUN] (ports 40000-40001) origin-doctor --json ${args[*]}" >&2
timeout -k 5 30 "$ORIGIN_DOCTOR" --json "${args[@]}" >"$T/$OD_RUN.json" 2>"$T/$OD_RUN.err"
OD_RC=$?
OD_JSON=$T/$OD_RUN.json
assert_eq 3 "$OD_RC" "$OD_RUN: exit 3, this machine's error"
assert_match '^origin-doctor: cannot open a connection: no local port is free \(Cannot assign requested address\)$' \
    "$(head -n 1 "$T/$OD_RUN.err")" "$OD_RUN: stderr gives the reason"
assert_eq 0 "$(wc -c <"$T/$OD_RUN.json")" "$OD_RUN: no report (no tcp.unreachable or other finding)"
