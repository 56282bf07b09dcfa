#!/bin/bash
# Lower items of issue 14: a timeout is said in seconds ("after 1.0 s",
# not "after 1000 ms"), with the stage's limit while it runs; TERM=dumb
# says why there is no wizard before the text report.
. "${0%/*}/lib.sh"
tui_init 72
need_fakeserver

start_fake hole blackhole "$(addr 2)"
tui_start units 80 24 LC_ALL=C.UTF-8 -- --connect-timeout 1 "$(addr 2):$FAKE_PORT"
tui_wait "connecting" 10 "the run waits for the connection"
assert_match 'connecting [0-9]\.[0-9] s of 1 s' "$(tui_line 1)" "the limit as set, in seconds"
tui_wait "tcp.timeout" 10 "the probe is done"
tui_keys 3
tui_wait "connection timed out after 1." 5 "Connection: the time in seconds"
tui_lacks "after 1000 ms" "not in milliseconds"
tui_keys q
tui_wait_exit 10

tui_start dumb 80 24 LC_ALL=C.UTF-8 TERM=dumb -- --demo
tui_wait_exit 20
assert_match 'TERM=dumb\) cannot show the wizard; the text report follows' "$(cat "$T/dumb.stderr")" \
    "TERM=dumb: said on stderr"
assert_eq 1 "$TUI_STATUS" "TERM=dumb: the text report's exit status (the demo fails)"
tui_has "fullchain.pem" "TERM=dumb: the text report on the terminal"

# A demo that cannot have port 443 (held here when this machine lets us,
# or by another demo) says which port it took.
start_fake hold443 hang 127.77.0.1 443 || true
tui_start port 80 24 LC_ALL=C.UTF-8 -- --demo
tui_wait "502 cert.self_signed" 10 "the demo is done"
port=$(tui_screen | sed -n 's/.*nginx\.example\.com:\([0-9]*\).*/\1/p' | head -n 1)
# One port for all four origins, the one the message names.
ports=$(tui_screen | sed -n 's/^.[✓✗·?!] [a-z0-9.-]*:\([0-9]*\) .*/\1/p' | sort -u | tr '\n' ' ')
assert_eq "$port " "$ports" "the demo's origins share one port"
if [ "$port" = 443 ]; then
    tui_lacks "Port 443 is taken" "the demo on 443: nothing to say"
else
    tui_has "Port 443 is taken (another demo?): this demo's origins listen on port $port." \
        "the demo on $port: said"
fi
tui_keys q
tui_wait_exit 10
