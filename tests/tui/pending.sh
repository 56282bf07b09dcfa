#!/bin/bash
# Pending edits (issue 14): a field of the Origin form edited but not
# checked yet is marked (*), the answer row says "edited: press Tab to
# re-check" and the later steps in the step bar are dimmed (their results
# are from before the edit); a field set back to the origin's value is not
# marked; the marks go when the run with the new settings starts.
. "${0%/*}/lib.sh"
tui_init 153
tui_need_ja

styled()
{
    "$TMUX_BIN" -S "$TUI_SOCK" capture-pane -e -p -t od 2>/dev/null
}

# marked LABEL: the form's row with LABEL has the * before it.
marked()
{
    tui_screen | grep -F -- "$1" | grep -qE '^.\* '
}

# bar_dim: the step bar after the current step (Origin) has no green or
# red mark and is dimmed.
bar_dim()
{
    local rest
    rest=$(styled | head -n 1 | sed 's/.*Origin\]//; s/.*オリジン\]//')
    ! printf '%s' "$rest" | grep -qP '\e\[[0-9;]*3[12]m' && printf '%s' "$rest" | grep -qP '\e\[[0-9;]*2m'
}

for size in 80x24 132x43; do
    tui_start "pending-$size" "${size%x*}" "${size#*x}" LC_ALL=C.UTF-8 -- --demo
    tui_wait "502 cert.self_signed" 10 "the probe is done"
    tui_keys C-l
    # The button, then up to the minimum protocol.
    tui_keys End Up Up
    tui_wait "< TLSv1.2 >" 3 "the form shows the origin's minimum protocol"
    ! marked "Minimum origin SSL protocol"
    tui_report $? "nothing marked before an edit"
    tui_lacks "edited:" "no edit note before an edit"
    ! bar_dim
    tui_report $? "the step bar's later steps in their colours"

    tui_keys t
    tui_wait "< TLSv1 >" 3 "t: TLSv1"
    tui_wait "edited: press Tab to re-check" 3 "the answer row says the edit is not checked"
    tui_has "502 cert.name_mismatch" "... with the last answer beside it"
    marked "Minimum origin SSL protocol"
    tui_report $? "the edited field is marked"
    ! marked "Origin protocol policy"
    tui_report $? "another field is not"
    bar_dim
    tui_report $? "the later steps in the bar are dimmed: their results are from before"

    # Set back: nothing pending.
    tui_keys t t
    tui_wait "< TLSv1.2 >" 3 "t t: back to TLSv1.2"
    tui_gone "edited:" 3 "set back to the origin's value: no note"
    ! marked "Minimum origin SSL protocol"
    tui_report $? "set back: not marked"

    # A text field: the port.
    tui_keys Up Up Up
    tui_keys Enter C-u
    tui_keys -l 9
    tui_keys Enter
    tui_wait "[9 " 3 "the port typed"
    tui_wait "edited: press Tab to re-check" 3 "the port edit is noted"
    marked "HTTPS port"
    tui_report $? "the port is marked"

    # Tab: the run with the port 9 starts; nothing is pending any more.
    tui_keys Tab
    tui_gone "edited:" 5 "the run started: the note is gone"
    tui_keys 1
    tui_wait "[9 " 3 "back on the form: the port checked"
    ! marked "HTTPS port"
    tui_report $? "the port is no longer marked"
    tui_keys End q
    tui_wait_exit 10
done

tui_start pending-ja 80 24 LANG=ja_JP.UTF-8 -- --demo
tui_wait "502 cert.self_signed" 10 "the probe is done"
tui_keys C-l
tui_keys End Up Up t
tui_wait "< TLSv1 >" 3 "Japanese: t: TLSv1"
tui_wait "編集済み: Tab で再確認" 3 "Japanese: the edit note"
width=$(tui_screen | LC_ALL=C.UTF-8 wc -L)
[ "$width" -le 80 ]
tui_report $? "Japanese: no line wider than the terminal ($width)"
tui_keys End q
tui_wait "(y/n)" 3 "q on the button asks: the edit is not checked"
tui_keys y
tui_wait_exit 10
