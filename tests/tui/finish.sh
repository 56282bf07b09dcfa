#!/bin/bash
# The finished run is drawn without further input (issue 13): the wizard
# redraws at most ten times a second while a run goes on, and the frame that
# shows the result must not wait for a key (or behind that throttle).  One
# origin accepts and never answers the handshake; with a 1 s handshake
# timeout the run ends on its own, and with no key pressed the screen must
# come to show it ended ("done in", the spinner gone, the step bar's marks
# from the diagnosis, the timeout on the Connection step), within
# the timeout and a margin for a loaded machine.  The screen is polled
# (tmux capture-pane) with a deadline; nothing sleeps to synchronise.
# What this cannot tell is the throttle's own delay (at most 100 ms, now
# none): load moves a frame by more than that.  The time from "checking" to
# "done in" is printed for the reader.
. "${0%/*}/lib.sh"
tui_init 69
need_fakeserver

start_fake hang hang "$(addr 2)"
HANG=$(addr 2):$FAKE_PORT

for step in 1 3; do
    tui_start "finish-$step" 80 24 LC_ALL=C.UTF-8 -- --connect-timeout 5 --handshake-timeout 1 "$HANG"
    tui_wait "checking" 10 "step $step: the run is in progress"
    [ "$step" = 1 ] || tui_keys "$step"
    start=$(now_ms)
    # 1 s of handshake timeout, 10 s of margin: no key is sent meanwhile.
    tui_wait "done in" 11 "step $step: the finished run is drawn with no key pressed"
    waited=$(($(now_ms) - start))
    echo "step $step: 'done in' seen ${waited} ms after the run was first seen in progress" >&2
    tui_lacks "checking" "step $step: the spinner is gone"
    # The diagnosis is made when the run ends: the step bar marks it.
    tui_has "✗Connection" "step $step: the step bar shows the failed connection"
    tui_has "✗Diagnosis" "step $step: and the diagnosis"
    if [ "$step" = 3 ]; then
        tui_wait "✗ handshake timed out after" 5 "step 3: the Connection step shows the timeout" || tui_screen >&2
    fi
    tui_keys q
    tui_wait_exit 10
    assert_eq 1 "$TUI_STATUS" "step $step: q after a failing run: exit status 1"
done
