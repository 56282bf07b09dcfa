#!/bin/bash
# Servers that do not speak TLS: plain HTTP on the TLS port, binary garbage
# with terminal escape sequences, and a handshake that trickles forever.  Each
# is a recorded failure, never a crash or a hang, and nothing from the network
# reaches the report raw.
. "${0%/*}/lib.sh"
od_init 17
need_fakeserver

A=.origins[0].addresses[0]

# No control character (C0, DEL, C1) raw in any string of the report.
assert_no_controls()
{
    assert_jq '[.. | strings | select(test("[\u0000-\u001f\u007f-\u009f]"))] | length' 0 \
        "no raw control characters in any string"
    assert_eq 0 "$(tr -d '\n' <"$OD_JSON" | LC_ALL=C grep -c '[[:cntrl:]]')" \
        "$OD_RUN: no control bytes on stdout"
}

start_fake http http "$(addr 2)"
run_od http "$(addr 2):$FAKE_PORT"
assert_exit 1
assert_jq "$A.tcp.status" connected
assert_jq "$A.tls.status" not_tls
assert_jq "$A.tls.first_bytes | startswith(\"HTTP/\")" true "first_bytes starts with HTTP/ ($(jqr "$A.tls.first_bytes"))"
assert_jq "$A.explain.summary" not_tls
assert_no_controls

start_fake garbage garbage "$(addr 3)"
run_od garbage "$(addr 3):$FAKE_PORT"
assert_exit 1
assert_jq "$A.tls.status | IN(\"not_tls\", \"failed\")" true "garbage: not_tls or failed ($(jqr "$A.tls.status"))"
assert_jq "$A.tls.first_bytes | startswith(\"\\\\x1B[2J\") or startswith(\"\\\\x1b[2J\")" true \
    "ESC recorded as \\x1B text ($(jqr "$A.tls.first_bytes" | head -c 40))"
assert_no_controls

# The text report is for terminals: no escape sequence, no C1 control, raw
# or UTF-8 encoded, may reach it either.
GARBAGE=$(addr 3):$FAKE_PORT
timeout -k 5 30 "$ORIGIN_DOCTOR" --batch "$GARBAGE" >"$T/garbage.txt" 2>"$T/garbage.txt.err"
assert_eq 1 "$?" "garbage --batch: exit status"
assert_cmp -gt "$(wc -c <"$T/garbage.txt")" 0 "garbage --batch: a text report"
assert_eq 0 "$(LC_ALL=C tr -d '\n\t' <"$T/garbage.txt" | LC_ALL=C grep -c '[[:cntrl:]]')" \
    "garbage --batch: no control bytes in the text report"
assert_eq 0 "$(LC_ALL=C grep -c $'\xc2[\x80-\x9f]' "$T/garbage.txt")" "garbage --batch: no UTF-8 C1 controls"
assert_eq 0 "$(LC_ALL=C grep -c '[[:cntrl:]]' "$T/garbage.txt.err")" "garbage --batch: none on stderr either"

# The trickle never finishes a record: the handshake deadline must hold even
# though a byte arrives every 500 ms.
start_fake trickle trickle "$(addr 4)"
run_od trickle --handshake-timeout 1 "$(addr 4):$FAKE_PORT"
assert_exit 1
assert_jq '.settings.handshake_timeout_ms' 1000
assert_jq "$A.tls.status | IN(\"timeout\", \"failed\", \"not_tls\")" true "trickle: timeout or failed ($(jqr "$A.tls.status"))"
ms=$(jqr "$A.tls.elapsed_ms | floor")
assert_cmp -ge "$ms" 900 "trickle: the handshake ran until its 1 s deadline"
assert_cmp -lt "$ms" 5000 "trickle: and not much longer"
assert_no_controls
