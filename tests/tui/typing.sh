#!/bin/bash
# Typing on the Origin form is text (issue 14, defect 1): on the empty form
# the cursor is on the name field, and every printable key, q, e, digits
# included, goes into it; the footer shows the keys of the editor; Ctrl-W
# deletes a word; q with input not checked yet asks before quitting.
. "${0%/*}/lib.sh"
tui_init 74

stray()
{
    find "$T" -maxdepth 1 \( -name '*.md' -o -name '*.txt' -o -name '*.json' \) -newer "$T/typing.run"
}

tui_start typing 80 24 LC_ALL=C.UTF-8 -- --resolve "queue-alb.example.com:443:$(addr 9)"
tui_wait "No origin yet: fill in the form." 5 "no ORIGIN: an empty form"
tui_keys -l "queue-alb.example.com"
tui_wait "[queue-alb.example.com " 3 "the field holds the whole name typed"
assert_eq "" "$(cat "$T/typing.status" 2>/dev/null)" "still running after q and e were typed"
tui_has "Enter accept" "the footer shows the editor's keys: Enter"
tui_has "Esc cancel" "... Esc"
tui_has "Ctrl-W" "... Ctrl-W"
tui_lacks "q quit" "the footer does not offer q while editing"
assert_eq "" "$(stray)" "no export file was written"

# Ctrl-W: the last label goes, then the next.
tui_keys C-w
tui_wait "[queue-alb.example. " 3 "Ctrl-W deleted the last word"
tui_keys C-w
tui_wait "[queue-alb. " 3 "Ctrl-W again: the word before"
tui_keys -l "example.com42"
tui_keys Enter
tui_wait "[queue-alb.example.com42 " 3 "digits typed too, accepted with Enter"
tui_wait "type edit" 3 "after Enter: the text field's keys again"

# Off the text fields (on the button) keys are commands: q, with the name
# not checked yet, asks first.  (On a choice field a letter picks a choice:
# tests/tui/choice.sh.)
tui_keys End
tui_keys q
tui_wait "not checked yet. Quit anyway? (y/n)" 3 "q asks: the typed origin is not checked"
tui_keys n
tui_gone "Quit anyway?" 3 "n: the question is gone"
assert_eq "" "$(cat "$T/typing.status" 2>/dev/null)" "n: still running"
tui_has "[queue-alb.example.com42 " "the name is still in the field"
tui_keys q
tui_wait "Quit anyway? (y/n)" 3 "q asks again"
tui_keys y
tui_wait_exit 5
assert_eq 1 "$TUI_STATUS" "y: quit, no diagnosis (exit status 1)"
assert_eq "" "$(stray)" "no export file was written"
