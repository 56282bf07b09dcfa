#!/bin/bash
# Grouped findings: one origin whose 18 addresses all refuse the
# connection.  The Diagnosis step shows one row for them with the count,
# and opened, the 18 addresses; not 18 rows.
. "${0%/*}/lib.sh"
tui_init 71

refusing_port "$(addr 10)"
addrs=$(for i in $(seq 10 27); do printf '%s,' "$(addr "$i")"; done)
addrs=${addrs%,}

for size in 80x24 132x43; do
    tui_start "grouped-$size" "${size%x*}" "${size#*x}" LC_ALL=C.UTF-8 -- \
        --resolve "refusing.test:$REFUSED_PORT:$addrs" "refusing.test:$REFUSED_PORT"
    tui_wait "tcp.refused" 20 "the probe is done: the answer names tcp.refused"
    tui_wait "The origin refused the connection  (18 addresses)" 5 "one row, with the count"
    assert_eq 1 "$(tui_screen | grep -c 'The origin refused the connection')" "one row, not 18"
    tui_keys Home
    tui_has "18 addresses: $(addr 10), $(addr 11)" "opened: the addresses listed"
    # The whole list is there (wrapped): the last address too.
    tui_wait "$(addr 27)" 5 "the last of the 18 addresses"
    tui_keys q
    tui_wait_exit 10
done
