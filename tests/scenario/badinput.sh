#!/bin/bash
# Usage and input errors: exit 2 and exactly one line on stderr starting
# "origin-doctor: ", before anything touches the network.
. "${0%/*}/lib.sh"
od_init 21

long=$(printf 'a%.0s' $(seq 59))
name300="$long.$long.$long.$long.$long.test" # 5*60 + 4 = 304 characters
assert_eq 304 "${#name300}" "the long name is over 253 characters"
label64=$(printf 'b%.0s' $(seq 64)).test

# Should an error slip through, the run must still stay on loopback: G points
# DNS at a loopback port where nothing answers; R maps x.test to a loopback
# address where nothing listens.
G=(--dns-server "$(addr 53):1" --dns-timeout 1 --connect-timeout 1)
R=(--resolve "x.test:443:$(addr 9)" --connect-timeout 1)

run_usage unknown-option "${G[@]}" --no-such-option x.test
run_usage port-0 "${G[@]}" -p 0 x.test
run_usage port-70000 "${G[@]}" -p 70000 x.test
run_usage port-abc "${G[@]}" -p abc x.test
run_usage origin-port-0 "${G[@]}" --json x.test:0
run_usage origin-port-70000 "${G[@]}" --json x.test:70000
run_usage origin-port-abc "${G[@]}" --json x.test:abc
run_usage resolve-garbage "${G[@]}" --json --resolve garbage x.test
run_usage resolve-no-addr "${G[@]}" --json --resolve x.test:443 x.test
run_usage resolve-bad-addr "${G[@]}" --json --resolve x.test:443:not-an-address x.test
run_usage resolve-bad-port "${G[@]}" --json --resolve x.test:99999:127.0.0.1 x.test
run_usage ca-file-missing "${G[@]}" --json --ca-file "$T/no-such-file.pem" x.test
run_usage ca-file-directory "${G[@]}" --json --ca-file "$T" x.test
if [ "$(id -u)" != 0 ]; then
    : >"$T/unreadable.pem"
    chmod 000 "$T/unreadable.pem"
    run_usage ca-file-unreadable "${G[@]}" --json --ca-file "$T/unreadable.pem" x.test
fi
run_usage name-300 "${G[@]}" --json "$name300"
run_usage name-300-port "${G[@]}" --json "$name300:443"
run_usage label-64 "${G[@]}" --json "$label64"
run_usage name-space "${G[@]}" --json "bad name.test"
run_usage dns-server-name "${R[@]}" --json --dns-server not-an-ip x.test
run_usage dns-server-port "${R[@]}" --json --dns-server 127.0.0.1:99999 x.test
run_usage dns-server-empty-item "${R[@]}" --json --dns-server 127.0.0.1,,127.0.0.2 x.test
run_usage min-protocol-13 "${G[@]}" --json --min-protocol TLSv1.3 x.test
run_usage min-protocol-bogus "${G[@]}" --json --min-protocol bogus x.test
run_usage connect-timeout-abc "${G[@]}" --json --connect-timeout abc x.test
run_usage handshake-timeout-negative "${G[@]}" --json --handshake-timeout -1 x.test
run_usage no-origin --json

# A 253-character name is still a name: not a usage error (the lookup fails,
# offline, but that is exit 1 with a report).
l63=$(printf 'c%.0s' $(seq 63))
name253="$l63.$l63.$l63.$(printf 'd%.0s' $(seq 56)).test"
assert_eq 253 "${#name253}" "the 253-character name"
run_od name-253 "${G[@]}" --resolve "$name253:443:$(addr 9)" "$name253:443"
assert_jq '.origins[0].name | length' 253
assert_jq '.origins[0].dns.status' override

# Operands among the options, and after "--": the origins in the order
# given, each option applied wherever it stands (none taken for an origin).
run_od interleaved "${G[@]}" b.test:1 --resolve "b.test:1:$(addr 9)" a.test:2 \
    --resolve "a.test:2:$(addr 9)" --resolve "c.test:3:$(addr 9)" -- c.test:3
assert_jq '[.origins[] | "\(.name):\(.port)"] | join(" ")' "b.test:1 a.test:2 c.test:3" \
    "the origins in the order given"
assert_jq '[.origins[].dns.status] | unique | join(" ")' override "every --resolve applied"
run_usage operand-after-dashdash "${G[@]}" --json -- x.test --no-such-option
