#!/bin/bash
# Hostile input (issue 12, defects 5, 7, 8, 9):
# - --at: "@0" and "1970-01-01" were silently "now", the most negative epoch
#   overflowed, out-of-range and impossible dates were accepted: exit 2;
# - an alert no TLS version defines was printed "(alert: (null))";
# - usage errors echoed escape sequences, U+202E and invalid UTF-8 raw;
# - --ca-file read without a limit (a FIFO hung, /dev/zero grew without
#   end): regular files only, at most 4 MiB, one clear line, at once.
. "${0%/*}/lib.sh"
od_init 62
need_fakeserver

# Should anything slip through, the run stays on loopback and ends fast.
G=(--dns-server "$(addr 53):1" --dns-timeout 1 --connect-timeout 1 --resolve "x.test:443:$(addr 9)")

# --- --at ---------------------------------------------------------------------
for at in @0 1970-01-01 @-9223372036854775808 @9223372036854775807 @99999999999999999999 \
    1999-12-31 10000-01-01 2026-02-31 2026-13-01 2027-03-01T24:00:00 @ @+1800000000 @1e9 ''; do
    run_usage "at-${at:-empty}" "${G[@]}" --json --at "$at" x.test
    assert_match "--at wants" "$(cat "$T/at-${at:-empty}.err")" "at-${at:-empty}: the message names --at"
done
# ... and the edges of the range are taken (no usage error; nothing listens).
for at in 2000-01-01 9999-12-31T23:59:59 @946684800 @253402300799; do
    run_od "at-ok-$at" "${G[@]}" --at "$at" x.test
    assert_exit 1
done
assert_jq .judged_at 9999-12-31T23:59:59Z "the last second of 9999 is judged as given"

# --- usage errors are sanitized -------------------------------------------------
E=$'\e' RLO=$'\xe2\x80\xae' FF=$'\xff' CSI=$'\xc2\x9b' BEL=$'\a'
evil="a${E}[2J${E}]0;owned${BEL}${RLO}${CSI}31m${FF}z"
run_usage evil-port "${G[@]}" --json --port="$evil" x.test
run_usage evil-origin "${G[@]}" --json "$evil.test"
run_usage evil-resolve "${G[@]}" --json --resolve "$evil" x.test
run_usage evil-option "${G[@]}" --json "--$evil" x.test
run_usage evil-min-protocol "${G[@]}" --json --min-protocol "$evil" x.test
run_usage evil-at "${G[@]}" --json --at "$evil" x.test
for n in evil-port evil-origin evil-resolve evil-option evil-min-protocol evil-at; do
    assert_eq 0 "$(LC_ALL=C grep -cP '[\x00-\x08\x0b-\x1f\x7f]' "$T/$n.err")" "$n: no raw C0 control or DEL on stderr"
    assert_eq 0 "$(LC_ALL=C grep -caP '\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xff' "$T/$n.err")" \
        "$n: no raw C1 control, bidi override or invalid byte on stderr"
done
assert_match 'a\\x1B\[2J\\x1B\]0;owned\\x07\\u\{202E\}\\u\{9B\}31m\\xFFz' "$(cat "$T/evil-port.err")" \
    "evil-port: the argument shown escaped"

# --- --ca-file ------------------------------------------------------------------
mkfifo "$T/fifo.pem"
start=$(date +%s)
run_usage ca-fifo "${G[@]}" --json --ca-file "$T/fifo.pem" x.test
assert_cmp -le $(($(date +%s) - start)) 5 "ca-fifo: refused at once, not read"
assert_match 'not a regular file' "$(cat "$T/ca-fifo.err")" "ca-fifo: says why"
run_usage ca-zero "${G[@]}" --json --ca-file /dev/zero x.test
assert_match 'not a regular file' "$(cat "$T/ca-zero.err")" "ca-zero: says why"
run_usage ca-dir "${G[@]}" --json --ca-file "$T" x.test
truncate -s 5M "$T/big.pem"
run_usage ca-big "${G[@]}" --json --ca-file "$T/big.pem" x.test
assert_match 'larger than 4 MiB' "$(cat "$T/ca-big.err")" "ca-big: says why"

# --- an alert no TLS version defines -------------------------------------------
start_fake alert alert "$(addr 2)"
run_od alert --no-explain --resolve "alert.test:$FAKE_PORT:$(addr 2)" "alert.test:$FAKE_PORT"
assert_exit 1
A=.origins[0].addresses[0]
assert_jq "$A.tls.status" alert
assert_jq "$A.tls.alert.number" 254 "the alert number as received"
assert_jq "$A.tls.alert.name" null "no name for it"
assert_message_match tls.handshake 'alert: unknown alert 254'
assert_jq '[.. | strings | select(contains("(null)"))] | length' 0 "no (null) anywhere in the JSON"
run_batch alert-text --no-explain --resolve "alert.test:$FAKE_PORT:$(addr 2)" "alert.test:$FAKE_PORT"
assert_eq 0 "$(grep -c '(null)' "$T/alert-text.txt")" "alert-text: no (null) in the text report"
assert_match 'unknown alert 254' "$(cat "$T/alert-text.txt")" "alert-text: the alert named by number"
