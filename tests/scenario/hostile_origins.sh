#!/bin/bash
# The hostile-origin suite (issue 12): origins written for the purpose to
# misbehave, each run under /usr/bin/time -v and held to its verdict, its
# exit status, a wall-time bound (from the configured timeout, with a
# margin) and a peak-RSS bound (run_od_bounded in lib.sh; both scaled for
# the sanitizer build).  This script has the misbehaving TLS servers:
#   - slow drip: a handshake record announced, then one byte every 500 ms;
#   - garbage: 4 KiB of pseudo-random bytes with terminal escapes;
#   - RST mid-handshake: a ServerHello, half a record, then a reset.
# The other cases of the suite live beside the tests of their defect:
#   - big leaf, 40- and 200-certificate chains, 16 MiB Certificate message
#     (1 and 64 addresses): find_unchecked.sh;
#   - DNS pointer loop (and the other broken answers), 1,000 records with
#     the truncation bit: dns_hostile.sh;
#   - fd exhaustion under ulimit -n: fd_exhaustion.sh.
. "${0%/*}/lib.sh"
od_init 94
need_fakeserver

HS=2 # the handshake timeout of these runs (s): every case ends by then
WALL=$((HS + 5))
RSS=32 # MiB: one origin, one address (about 13 MiB measured)
A=.origins[0].addresses[0]

# --- slow drip ------------------------------------------------------------------
start_fake drip trickle "$(addr 2)"
run_od_bounded drip "$WALL" "$RSS" --handshake-timeout "$HS" --resolve "drip.test:$FAKE_PORT:$(addr 2)" \
    "drip.test:$FAKE_PORT"
assert_exit 1
assert_jq "$A.tls.status" timeout "the drip ends at the handshake timeout"
assert_cmp -ge "$WALL_MS" $((HS * 1000)) "drip: not ended before the timeout"
assert_finding tls.timeout error "$(addr 2)"
assert_verdict fail 504 1
stop "$FAKE_PID"

# --- garbage --------------------------------------------------------------------
start_fake garbage garbage "$(addr 3)"
run_od_bounded garbage "$WALL" "$RSS" --handshake-timeout "$HS" \
    --resolve "garbage.test:$FAKE_PORT:$(addr 3)" "garbage.test:$FAKE_PORT"
assert_exit 1
assert_jq "$A.tls.status" not_tls "garbage is not TLS"
assert_finding tls.not_tls error "$(addr 3)"
assert_verdict fail 502 1
assert_jq '[.. | (strings, (objects | keys[])) | select(test("[\u0000-\u001f\u007f-\u009f\u202a-\u202e]"))] | length' \
    0 "garbage: no control character in any JSON string"
stop "$FAKE_PID"

# --- RST mid-handshake --------------------------------------------------------------
start_fake rst rst "$(addr 4)"
run_od_bounded rst "$WALL" "$RSS" --handshake-timeout "$HS" --resolve "rst.test:$FAKE_PORT:$(addr 4)" \
    "rst.test:$FAKE_PORT"
assert_exit 1
assert_jq "$A.tls.status" closed "a reset mid-handshake: the server closed the connection"
assert_cmp -lt "$WALL_MS" $((HS * 1000)) "rst: ends at the reset, not at the timeout"
assert_finding tls.handshake error "$(addr 4)"
assert_verdict fail 502 1
stop "$FAKE_PID"
