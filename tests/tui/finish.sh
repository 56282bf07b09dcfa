#!/bin/bash
# The finished run is drawn at once, without further input (issue 13): the
# wizard redraws at most every OD_REDRAW_MS (100 ms by default) while a run
# goes on, and the frame that shows the result must not wait behind that
# throttle.
#
# How this is proven without timing a 100 ms frame: the throttle is set to
# an hour (OD_REDRAW_MS=3600000).  Every frame of the run after the first
# is then held for an hour, so
#   - the screen must not change at all while the run goes on (the spinner
#     stands still, and the step key pressed meanwhile is not drawn): this
#     shows the throttle is in force in this very run;
#   - the frame that shows the finished run must still appear within the
#     handshake timeout and a margin: only a draw that bypasses the throttle
#     can do that.  Were the last frame held by the throttle, it would come
#     an hour later and the test would fail.
# One origin accepts and never answers the handshake; with a 3 s handshake
# timeout the run ends on its own.  No key is pressed after the run starts
# (but the step key), the screen is polled with deadlines, nothing sleeps
# to synchronise.
. "${0%/*}/lib.sh"
tui_init 69
need_fakeserver

start_fake hang hang "$(addr 2)"
HANG=$(addr 2):$FAKE_PORT

for step in 1 3; do
    tui_start "finish-$step" 80 24 LC_ALL=C.UTF-8 OD_REDRAW_MS=3600000 \
        -- --connect-timeout 5 --handshake-timeout 3 "$HANG"
    tui_wait "checking" 10 "step $step: the run is in progress"
    [ "$step" = 1 ] || tui_keys "$step"

    # The first frame of the run, once two captures agree (tmux may show a
    # frame half written); a screen that keeps changing never settles, and
    # the run's end comes first.
    ref="" settled=no
    for _ in $(seq 130); do
        scr=$(tui_screen)
        case $scr in *"done in"*) break ;; esac
        if [ -n "$ref" ] && [ "$scr" = "$ref" ]; then
            settled=yes
            break
        fi
        ref=$scr
        sleep 0.1
    done
    [ "$settled" = yes ]
    tui_report $? "step $step: with an hour's throttle the running screen stands still"

    # Until the finished run is drawn: the screen stays that frame, and
    # the finished frame comes (3 s of handshake timeout, 10 s of margin).
    changed=no done=no
    for _ in $(seq 130); do
        scr=$(tui_screen)
        case $scr in *"done in"*) done=yes; break ;; esac
        [ "$scr" = "$ref" ] || changed=yes
        sleep 0.1
    done
    [ "$changed" = no ]
    tui_report $? "step $step: no frame was drawn during the run (the throttle held them)"
    [ "$done" = yes ]
    tui_report $? "step $step: the finished run is drawn at once, not behind the throttle"
    tui_lacks "checking" "step $step: the spinner is gone"
    # The diagnosis is made when the run ends: the step bar marks it.
    tui_has "✗Connection" "step $step: the step bar shows the failed connection"
    tui_has "✗Diagnosis" "step $step: and the diagnosis"
    if [ "$step" = 3 ]; then
        # The step key pressed during the run is in that same frame.
        tui_has "✗ handshake timed out after" "step 3: the Connection step shows the timeout"
    fi
    tui_keys q
    tui_wait_exit 10
    assert_eq 1 "$TUI_STATUS" "step $step: q after a failing run: exit status 1"
done
