#!/bin/bash
# Any terminal: a "too small" screen below 80x24 (still answering q), the
# wizard back in full when the terminal grows again, a resize in the middle
# of a step keeping its layout; colours off with NO_COLOR, the status still
# marked; a terminal without cursor addressing gets the text report.
. "${0%/*}/lib.sh"
tui_init 61

tui_start small 60 20 LC_ALL=C.UTF-8 -- --demo
tui_wait "The terminal is too small" 10 "60x20: the too-small screen"
tui_has "60x20 now; origin-doctor needs at least 80x24." "60x20: the size, and the size needed"
tui_lacks "Origins (4)" "60x20: no wizard drawn into too little room"

tui_resize 80 24
tui_wait "Origins (4)" 5 "80x24: the wizard is back"
tui_gone "too small" 5 "80x24: the too-small screen is gone"
tui_keys 4
tui_wait "Name CloudFront checks" 5 "80x24: the Certificate step"

tui_resize 79 24
tui_wait "The terminal is too small" 5 "79x24: one column short is too small"
tui_resize 132 43
tui_wait "Name CloudFront checks" 5 "132x43: the Certificate step again"
# Wide: the detail and the names side by side on one line.
assert_match 'Certificate #0 .*Name CloudFront checks' "$(tui_screen)" "132x43: the panes side by side"
tui_resize 80 23
tui_wait "The terminal is too small" 5 "80x23: one line short is too small"
tui_keys q
tui_wait_exit 10
assert_eq 1 "$TUI_STATUS" "q on the too-small screen quits, with the verdict's status"

# Colours: on by default (the terminal has them), none with NO_COLOR; the
# marks carry the status either way.
fg_bg_colours()
{
    "$TMUX_BIN" -S "$TUI_SOCK" capture-pane -e -p -t od | grep -cE $'\e\\[(3[0-7]|4[0-7]|9[0-7]|38;|48;)'
}
tui_start colour 80 24 LC_ALL=C.UTF-8 -- --demo
tui_wait "502 cert.self_signed" 10 "colour: the verdicts"
assert_cmp -gt "$(fg_bg_colours)" 0 "colour: the screen has colours"
tui_keys q
tui_wait_exit 10
tui_start nocolour 80 24 LC_ALL=C.UTF-8 NO_COLOR=1 -- --demo
tui_wait "502 cert.self_signed" 10 "NO_COLOR: the verdicts"
assert_eq 0 "$(fg_bg_colours)" "NO_COLOR: no colour on the screen"
tui_has "✗ my-alb-123" "NO_COLOR: the failure still marked"
tui_has "[✓Origin]" "NO_COLOR: the current step still marked"
tui_keys q
tui_wait_exit 10

# A terminal without cursor addressing gets the text report.
tui_start dumb 80 24 LC_ALL=C.UTF-8 TERM=dumb -- --demo
tui_wait_exit 20
assert_eq 1 "$TUI_STATUS" "TERM=dumb: the verdict's exit status"
"$TMUX_BIN" -S "$TUI_SOCK" capture-pane -p -S - -t od >"$T/dumb.txt"
assert_match 'FAIL CloudFront would answer 502' "$(cat "$T/dumb.txt")" "TERM=dumb: the text report was printed"
