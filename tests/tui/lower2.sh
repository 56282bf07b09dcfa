#!/bin/bash
# More of issue 14's lower items (defect 6), at 80x24 on the demo:
#   g, Home, PgUp and Up to the first finding bring back the heading and
#   the verdict sentence above the list (no "more above" mark left);
#   the origin list's cursor never rests on an origin the form does not
#   show (an invalid form keeps the origin; the cursor goes to the field);
#   an invalid host name says which character is wrong and where;
#   an error shown is gone once the input is fixed;
#   PgUp/PgDn move on the Origin step;
#   the footer offers Enter only where it does what it says (Verify: to
#   verify again; no "Enter open" on a step where Enter opens nothing);
#   the export's message wraps (a long path's end and the reason after it
#   are shown), and ~ in the path is the home directory;
#   the "too small" screen wraps (the sizes are not cut);
#   TERM=vt100 (no alternate screen) leaves no wizard screen behind.
. "${0%/*}/lib.sh"
tui_init 102
mkdir -p "$T/home"

# selected: the line of the screen with the cursor's mark (›) at its start.
selected()
{
    tui_screen | grep '^›' | head -n 1
}

# wait_selected TEXT WHAT: waits (bounded) until the selected line holds TEXT.
wait_selected()
{
    local n=30
    while [ "$n" -gt 0 ] && ! selected | grep -qF -- "$1"; do
        sleep 0.1
        n=$((n - 1))
    done
    selected | grep -qF -- "$1"
    tui_report $? "$2"
}

# on_step N TITLE: waits (bounded) until step N (TITLE) is the current one.
on_step()
{
    local n=50
    while [ "$n" -gt 0 ] && ! tui_line 0 | LC_ALL=C.UTF-8 grep -qE "\[.$2\]"; do
        sleep 0.1
        n=$((n - 1))
    done
    tui_line 0 | LC_ALL=C.UTF-8 grep -qE "\[.$2\]"
    tui_report $? "step $1 ($2) shown"
}

VERDICT="CloudFront would answer 502: the certificate does not cover"

tui_start lower 80 24 LC_ALL=C.UTF-8 HOME="$T/home" -- --demo
tui_wait "502 cert.self_signed" 10 "the demo is done"

# ---- back to the top on the Diagnosis step
tui_keys 5
tui_wait "Findings (2): Enter opens one" 5 "Diagnosis"
tui_keys Down Enter
tui_wait "origin.elb_name  (CloudFront answers 502)" 3 "both findings open: the list is longer than the screen"
for key in g Home PgUp Up; do
    tui_keys End
    [ "$key" = Up ] && tui_keys Down
    tui_gone "$VERDICT" 3 "End: the verdict sentence scrolled away"
    tui_keys "$key"
    tui_wait "$VERDICT" 3 "$key: the verdict sentence is back"
    OD_CHECKS=$((OD_CHECKS + 1))
    if tui_screen | grep -q '↑$'; then
        fail "$key: a 'more above' mark is left"
    fi
done

# ---- the footer's Enter
titles=("" Origin DNS Connection Certificate Diagnosis Fix Verify)
for step in 2 3 4 6 7; do
    tui_keys "$step"
    on_step "$step" "${titles[$step]}"
    [ "$step" = 7 ] && tui_wait "CloudFront would connect" 10 "Verify ran"
    tui_lacks "Enter open" "step $step: no 'Enter open' where Enter opens nothing"
done
tui_has "Enter verify again" "Verify: Enter says what it does"

# ---- PgUp and PgDn on the Origin step
tui_keys 1 Home
wait_selected "my-alb-123" "Origin: the first origin selected"
tui_keys PgDn
wait_selected "Start from" "PgDn: the cursor a page down (the last row)"
tui_keys PgUp
wait_selected "my-alb-123" "PgUp: back to the first row"

# ---- an invalid form: the error, the cursor, the fix
tui_keys Down Down Down Down
wait_selected "Origin Domain Name" "on the name field"
tui_has "Origin 4 of 4: chain.example.com" "the form shows origin 4"
tui_keys Enter C-u
tui_keys -l 'bad!name.example'
tui_keys Enter Up Up
tui_wait "host name: bad character '!' at position 4" 3 "the name's error says which character and where"
assert_match ' chain\.example\.com:[0-9]+' "$(tui_line 1)" "the form's origin is kept"
wait_selected "Origin Domain Name" "the cursor on the field to fix, not on another origin's row"
OD_CHECKS=$((OD_CHECKS + 1))
selected | grep -qE 'expired|nginx|my-alb' && fail "the cursor rests on an origin not shown"
tui_keys Enter C-u
tui_keys -l 'chain.example.com'
tui_keys Enter
tui_gone "bad character" 3 "fixed: the error is gone"
port=$(tui_screen | sed -n 's/.*chain\.example\.com:\([0-9]*\) .*/\1/p' | head -n 1)
tui_keys Down Enter C-u
tui_keys -l '0'
tui_keys Enter Tab
tui_wait "The HTTPS port is a number from 1 to 65535." 3 "port 0: Tab checks the form, the error"
tui_keys Enter C-u
tui_keys -l "$port"
tui_keys Enter
tui_gone "The HTTPS port is a number" 3 "port fixed: the error is gone before any run"
# Tab: the form as it was, so on to DNS without a run.
tui_keys Tab
on_step 2 DNS

# ---- export: ~ and a long path, wrapped
tui_keys 5
on_step 5 Diagnosis
tui_keys e C-u
tui_keys -l '~/r.md'
tui_keys Enter
tui_wait "Report written to $T/home/r.md" 5 "~/ is the home directory"
assert_match 'CloudFront would answer 502' "$(cat "$T/home/r.md" 2>/dev/null)" "the report is in the home directory"
long=$T/a-directory-whose-name-is-long-enough-to-need-a-second-line-of-the-screen/r.md
tui_keys e C-u
tui_keys -l "$long"
tui_keys Enter
tui_wait "No such file or directory" 5 "a long path that cannot be written: the reason, not cut"
# The bottom lines joined (the path breaks where the line ends), blanks aside.
bottom=$(tui_screen | tail -n 4 | tr -d ' \n')
needle=$(printf '%s' "Cannot write $long: No such file or directory" | tr -d ' ')
OD_CHECKS=$((OD_CHECKS + 1))
[[ $bottom == *"$needle"* ]] || fail "the whole path and the reason, wrapped: $bottom"

# ---- too small: the sizes in full
tui_resize 40 10
tui_wait "The terminal is too small" 5 "too small"
tui_has "40x10 now;" "the size now"
tui_has "80x24." "the size needed, not cut"
tui_resize 80 24
tui_gone "The terminal is too small" 5 "large again"
tui_keys q
tui_wait_exit 10

# ---- TERM=vt100 has no alternate screen: nothing left behind after q
tui_start vt100 80 24 LC_ALL=C.UTF-8 TERM=vt100 -- --demo
tui_wait "502 cert.self_signed" 10 "the demo is done on a vt100"
tui_keys q
tui_wait_exit 10
tui_lacks "Origins (4)" "after q: the wizard's screen is not left behind"
tui_lacks "cert.self_signed" "... none of it"
