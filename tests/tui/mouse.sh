#!/bin/bash
# Mouse clicks: on a step in the bar, on an origin in the list, on a row of
# the names.  The clicks are typed into the terminal as an xterm would send
# them (X10 encoding, ESC [ M button x y), as tmux's TERM announces.
. "${0%/*}/lib.sh"
tui_init 68

# click X Y: the first button pressed and released at column X, line Y
# (0-based).
click()
{
    local b x y
    b=$(printf "\\$(printf %o 32)")
    x=$(printf "\\$(printf %o $((33 + $1)))")
    y=$(printf "\\$(printf %o $((33 + $2)))")
    tui_keys -l $'\e[M'"$b$x$y"
    tui_keys -l $'\e[M#'"$x$y" # the release
}

# col_of TEXT LINE: the column where TEXT starts on screen line LINE.
col_of()
{
    tui_col "$1" "$(tui_line "$2")"
}

tui_start mouse 80 24 LC_ALL=C.UTF-8 -- --demo
tui_wait "502 cert.self_signed" 10 "the diagnosis is there"
click "$(col_of Fix 0)" 0
tui_wait "[·Fix]" 3 "a click on Fix in the bar goes to Fix"
click "$(col_of Origin 0)" 0
tui_wait "[✓Origin]" 3 "a click on Origin goes back"
# The origins are listed from line 3: the third is expired.example.com.
click 5 5
tui_wait "Origin 3 of 4: expired.example.com" 3 "a click on an origin chooses it"
click "$(col_of Certificate 0)" 0
tui_wait "Name CloudFront checks: expired.example.com" 3 "the Certificate step shows that origin"
tui_keys q
tui_wait_exit 10
