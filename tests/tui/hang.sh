#!/bin/bash
# Live and never blocked: one origin accepts and never answers the
# handshake, another drops the SYNs (a black hole).  While both wait for
# their timeouts the spinner turns, the elapsed time grows, the help opens
# and closes, the steps change; Esc cancels the run, r starts it again, q
# quits.  Ctrl-C and SIGTERM restore the terminal.
. "${0%/*}/lib.sh"
tui_init 62
need_fakeserver

start_fake hang hang "$(addr 2)"
HANG=$(addr 2):$FAKE_PORT
start_fake hole blackhole "$(addr 3)"
HOLE=$(addr 3):$FAKE_PORT

# elapsed: the seconds the context line shows for the stage waited on,
# with its limit ("checking: handshake 2.6 s of 60 s").
elapsed()
{
    tui_line 1 | sed -n 's/.*checking: handshake \([0-9][0-9]*\.[0-9]\) s of 60 s.*/\1/p'
}

tui_start hang 80 24 LC_ALL=C.UTF-8 -- --connect-timeout 60 --handshake-timeout 60 "$HANG" "$HOLE"
tui_wait "checking" 10 "the run is in progress"
tui_keys 3
tui_wait "handshake" 5 "Connection: the hanging address waits for its handshake"
tui_has "checking" "the spinner still runs"
t1=$(elapsed)
tui_poll "handshake 2." yes 10 || tui_poll "handshake 3." yes 5
t2=$(elapsed)
assert_match '^[0-9]+\.[0-9]$' "$t1" "the stage, its elapsed time and its limit are shown ($t1 s of 60 s)"
assert_cmp -gt "${t2/./}" "${t1/./}" "the elapsed time grows ($t1 s, then $t2 s)"

tui_keys '?'
tui_wait "Esc, ? or q closes this help" 3 "? opens the help while the probe hangs"
tui_has "export the report" "the help lists the actions"
tui_has "checking" "still checking under the help"
tui_keys Escape
tui_gone "closes this help" 3 "Esc closes the help"
tui_has "checking" "closing the help does not cancel"

# Other origin, other step: keys answer.
tui_keys 1 j
tui_wait "Origin 2 of 2: $(addr 3)" 3 "the second origin chosen while the run hangs"
tui_keys 3
tui_wait "connecting" 3 "Connection: the black hole is still connecting"
tui_wait "checking: connecting" 3 "the context line: the black hole's stage and limit"
assert_match 'connecting [0-9]+\.[0-9] s of 60 s' "$(tui_line 1)" "the connect timeout as the limit, in seconds"

tui_keys Escape
tui_wait "Cancelled. Press r to run again." 3 "Esc cancels the run"
tui_wait "cancelled" 3 "the context line says cancelled"
tui_lacks "checking" "no spinner after the cancel"

tui_keys r
tui_wait "checking" 3 "r runs it again"
tui_keys Escape
tui_wait "Cancelled" 3 "and Esc cancels again"

tui_keys q
tui_wait_exit 10
assert_eq 1 "$TUI_STATUS" "q after a cancelled run: exit status 1 (no verdict that CloudFront would connect)"

# Ctrl-C while the probe hangs: the terminal restored, the program dies of
# SIGINT.
tui_start int 80 24 LC_ALL=C.UTF-8 -- --connect-timeout 60 --handshake-timeout 60 "$HANG"
tui_wait "checking" 10 "int: the run is in progress"
tui_keys C-c
tui_wait_exit 10
assert_eq 130 "$TUI_STATUS" "int: Ctrl-C: died of SIGINT (130)"
assert_eq 0 "$("$TMUX_BIN" -S "$TUI_SOCK" display-message -p -t od '#{alternate_on}')" \
    "int: the terminal left the alternate screen"

# SIGTERM while the probe hangs: the terminal is restored (the alternate
# screen left) and the program dies of the signal.
command -v pgrep >/dev/null 2>&1 || { echo "no pgrep: the SIGTERM part is left out" >&2; exit 0; }
tui_start term 80 24 LC_ALL=C.UTF-8 -- --connect-timeout 60 --handshake-timeout 60 "$HANG"
tui_wait "checking" 10 "term: the run is in progress"
pane=$("$TMUX_BIN" -S "$TUI_SOCK" display-message -p -t od '#{pane_pid}')
pid=$(pgrep -P "$pane" | head -n 1)
assert_match '^[0-9]+$' "$pid" "term: the program's PID ($pid)"
kill -TERM "$pid"
tui_wait_exit 10
assert_eq 143 "$TUI_STATUS" "term: died of SIGTERM (143)"
assert_eq 0 "$("$TMUX_BIN" -S "$TUI_SOCK" display-message -p -t od '#{alternate_on}')" \
    "term: the terminal left the alternate screen"
