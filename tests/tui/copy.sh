#!/bin/bash
# Commands to copy: c sends the selected step's commands to the terminal's
# clipboard with OSC 52 (tmux keeps them as a paste buffer when
# set-clipboard is on); p shows them plainly outside the wizard, for
# terminals without OSC 52, and Enter comes back.
. "${0%/*}/lib.sh"
tui_init 67

tui_start copy 80 24 LC_ALL=C.UTF-8 -- --demo
"$TMUX_BIN" -S "$TUI_SOCK" set-option -s set-clipboard on
tui_wait "502 cert.self_signed" 10 "the diagnosis is there"
tui_keys 6
tui_wait "Steps (" 5 "Fix: the checklist"
# The first step of the guide: below the three domain choices.
tui_keys j j j
tui_wait "›  [ ] 1. Use a custom domain as Origin Domain Name: origin.example.com" 3 "the first step selected"
tui_keys c
tui_wait "Copy requested: paste to check" 3 "c: a copy requested (OSC 52 cannot be confirmed), says the bottom line"
buf=$("$TMUX_BIN" -S "$TUI_SOCK" show-buffer 2>/dev/null)
assert_match 'dig \+short origin\.example\.com' "$buf" "the clipboard holds the step's commands"
# The guide starts with CloudFront's side (the viewer request), then the step's own.
assert_eq "$(printf '%s\n' "# CloudFront's side: its answer's status, X-Cache and X-Amz-Cf-Id" \
    "DISTRIBUTION_DOMAIN=\$(aws cloudfront list-distributions --query \"DistributionList.Items[?Origins.Items[?DomainName=='my-alb-123.ap-northeast-1.elb.amazonaws.com']] | [0].DomainName\" --output text)" \
    'curl -sI https://"${DISTRIBUTION_DOMAIN:?}"/' 'dig +short origin.example.com' \
    'dig +short my-alb-123.ap-northeast-1.elb.amazonaws.com')" "$buf" \
    "exactly the commands, one a line"

tui_keys Space
tui_wait "[x] 1. Use a custom domain" 3 "Space ticks the step off"
tui_keys j p
# Every step at once: on 24 lines the start scrolls into the terminal's
# history.
tui_wait "-- press Enter to return to origin-doctor --" 3 "p: the commands shown plainly"
tui_has "aws cloudfront get-distribution-config" "the second step's commands"
tui_lacks "Steps (" "outside the wizard's screen"
tui_keys Enter
tui_wait "Steps (" 3 "Enter: back in the wizard"
tui_has "[x] 1. Use a custom domain" "the tick is kept"

tui_keys q
tui_wait_exit 10
assert_eq 1 "$TUI_STATUS" "exit status 1"
