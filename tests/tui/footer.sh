#!/bin/bash
# The footer is the focused view's keys, per step and pane (the global keys
# are in ?): the origin list, a text field, a choice and the button; DNS
# scrolls; Connection moves between addresses; each Certificate pane; an
# open and a closed finding.  No step offers "Enter open" where Enter does
# nothing.  While a run is in flight the footer offers Esc to cancel it.
. "${0%/*}/lib.sh"
tui_init 70
need_fakeserver

# footer TEXT WHAT: the last line shows TEXT (bounded wait).
footer()
{
    local n=50
    while [ "$n" -gt 0 ]; do
        tui_screen | tail -n 1 | grep -qF -- "$1" && break
        sleep 0.1
        n=$((n - 1))
    done
    [ "$n" -gt 0 ]
    tui_report $? "$2: the footer shows '$1'"
}

no_footer()
{
    ! tui_screen | tail -n 1 | grep -qF -- "$1"
    tui_report $? "$2: the footer does not show '$1'"
}

for size in 80x24 132x43; do
    tui_start "footer-$size" "${size%x*}" "${size#*x}" LC_ALL=C.UTF-8 -- --demo
    tui_wait "502 cert.self_signed" 10 "the probe is done"
    # A key clears the start-up note (the demo's port when 443 is taken).
    tui_keys C-l
    footer "↑↓ origin" "Origin, the list"
    footer "Enter walk through it" "Origin, the list"
    footer "? help" "Origin"
    tui_keys End
    footer "Enter check this origin" "Origin, the button"
    tui_keys Up
    footer "←→ change" "Origin, a choice field"
    tui_keys Up Up Up Up
    footer "type edit" "Origin, a text field"
    # A digit on a text field is text: leave it for the button first.
    tui_keys End
    footer "Enter check this origin" "Origin, the button again"
    tui_keys 2
    footer "↑↓ scroll" "DNS"
    no_footer "Enter" "DNS (Enter does nothing there)"
    tui_keys 3
    footer "↑↓ address" "Connection"
    no_footer "Enter" "Connection"
    tui_keys 4
    footer "↑↓ certificate" "Certificate, the chain"
    footer "o as it should be" "Certificate, the chain"
    tui_keys o
    footer "o as received" "Certificate, the chain as it should be"
    tui_keys Right
    footer "↑↓ scroll" "Certificate, the detail"
    tui_keys Right
    footer "↑↓ name" "Certificate, the names"
    no_footer "Enter" "Certificate"
    tui_keys 5
    footer "Enter close" "Diagnosis, an open finding"
    tui_keys Enter
    footer "Enter open" "Diagnosis, a closed finding"
    # The global keys are in the help.
    tui_keys '?'
    tui_wait "Esc, ? or q closes this help" 3 "? opens the help"
    tui_has "quit" "the help lists q"
    tui_has "next step" "the help lists Tab"
    tui_keys Escape
    tui_keys q
    tui_wait_exit 10
done

# A run in flight: Esc cancels it, and the footer says so.
start_fake hang hang "$(addr 2)"
tui_start hang 80 24 LC_ALL=C.UTF-8 -- --connect-timeout 60 --handshake-timeout 60 "$(addr 2):$FAKE_PORT"
tui_wait "checking" 10 "the run is in flight"
footer "Esc cancel the run" "while checking"
tui_keys Escape
tui_wait "cancelled" 5 "Esc cancelled it"
tui_keys q
tui_wait_exit 10
