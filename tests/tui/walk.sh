#!/bin/bash
# Every step of every demo origin (--demo's four, and --demo-fixed), at
# 80x24 and 132x43, in C.UTF-8 and ja_JP.UTF-8: each screen is captured and
# checked.  On every screen: as many lines as the terminal has, none wider
# than it; the second row holds the answer (the verdict's mark, the status
# and the primary finding); no selected row (›) cut with the ellipsis on the
# steps that promise it in full (Certificate, Diagnosis); nothing that
# contradicts the verdict.  The first screen after the probe holds the
# verdict and the primary finding.
. "${0%/*}/lib.sh"
tui_init 75
tui_need_ja

LOC=""
# tr MSGID: the text as the wizard shows it in the current locale.
tr()
{
    if [ "$LOC" = ja_JP.UTF-8 ]; then
        TEXTDOMAINDIR=$T/locale LANGUAGE=ja LC_ALL=ja_JP.UTF-8 gettext -d origin-doctor "$1"
    else
        printf '%s' "$1"
    fi
}

# The step N (1-based) is current: its field of the bar holds the bracket.
on_step()
{
    tui_line 0 | awk -F'›' -v n="$1" '{ exit !(index($n, "[") > 0) }'
}

goto_step()
{
    local n=50
    tui_keys "$1"
    while [ "$n" -gt 0 ]; do
        on_step "$1" && ! tui_line 1 | grep -qF "$(tr verifying)" && return 0
        sleep 0.1
        n=$((n - 1))
    done
    tui_report 1 "step $1 reached"
}

# check_screen WHAT COLS ROWS ANSWER OK: the checks every screen passes.
check_screen()
{
    local what=$1 cols=$2 rows=$3 answer=$4 ok=$5 step=$6 s wide n
    s=$(tui_screen)
    n=$(printf '%s\n' "$s" | wc -l)
    assert_eq "$rows" "$n" "$what: $rows lines, none wrapped"
    wide=$(printf '%s\n' "$s" | LC_ALL=C.UTF-8 wc -L)
    assert_cmp -le "$wide" "$cols" "$what: no line wider than $cols columns ($wide)"
    assert_match "$answer" "$(printf '%s\n' "$s" | sed -n 2p)" "$what: the second row holds the answer"
    if [ "$step" = 4 ] || [ "$step" = 5 ]; then
        OD_CHECKS=$((OD_CHECKS + 1))
        if printf '%s\n' "$s" | grep -q '^›.*…$'; then
            fail "$TUI_NAME: $what: a selected row is cut:"
            printf '%s\n' "$s" | grep '^›.*…$' >&2
        fi
    fi
    if [ "$ok" = yes ]; then
        for bad in "CloudFront would answer 502" "so CloudFront's name check fails here" \
            "No such name was found"; do
            OD_CHECKS=$((OD_CHECKS + 1))
            if printf '%s\n' "$s" | grep -qF "$(tr "$bad")"; then
                fail "$TUI_NAME: $what: '$bad' under a ✓ verdict"
            fi
        done
        OD_CHECKS=$((OD_CHECKS + 1))
        if printf '%s\n' "$s" | sed -n 1p | grep -qF "✗"; then
            fail "$TUI_NAME: $what: a step marked ✗ under a ✓ verdict"
        fi
    else
        OD_CHECKS=$((OD_CHECKS + 1))
        if [ "$step" != 7 ] && printf '%s\n' "$s" | grep -qF "$(tr "CloudFront would connect")"; then
            fail "$TUI_NAME: $what: 'would connect' under a failing verdict"
        fi
        OD_CHECKS=$((OD_CHECKS + 1))
        if printf '%s\n' "$s" | grep -qF "$(tr "Nothing to fix.")"; then
            fail "$TUI_NAME: $what: 'Nothing to fix.' under a failing verdict"
        fi
        assert_match '✗' "$(printf '%s\n' "$s" | sed -n 1p)" "$what: the bar marks a failing step"
    fi
    if [ "$ok" = yes ] && [ "$step" = 7 ]; then
        OD_CHECKS=$((OD_CHECKS + 1))
        # The sentence wraps: its words that fit on one line, in either
        # language.
        if printf '%s\n' "$s" | grep -qE "make the change|502 は止まります"; then
            fail "$TUI_NAME: $what: Verify asks for a change where there is nothing to fix"
        fi
    fi
}

# walk_origin LABEL COLS ROWS ANSWER OK: steps 1 to 7 of the origin shown.
walk_origin()
{
    local label=$1 cols=$2 rows=$3 answer=$4 ok=$5 step
    for step in 1 2 3 4 5 6 7; do
        goto_step "$step"
        check_screen "$label step $step" "$cols" "$rows" "$answer" "$ok" "$step"
    done
}

walk()
{
    local cols=$1 rows=$2 i
    local -a names=(my-alb-123.ap-northeast-1.elb.amazonaws.com nginx.example.com
        expired.example.com chain.example.com)
    local -a answers=("^ ✗ 502 cert\.name_mismatch → " "^ ✗ 502 cert\.self_signed" "^ ✗ 502 cert\.expired"
        "^ ✗ 502 chain\.order")

    tui_start "walk-$LOC-${cols}x$rows" "$cols" "$rows" "LC_ALL=$LOC" -- --demo
    # The first screen after the probe: the verdict and the primary finding.
    tui_wait "✗ 502 cert.name_mismatch" 10 "first screen: the answer on the second row"
    assert_match "${answers[0]}" "$(tui_line 1)" "first screen: on the second row"
    tui_has "502 cert.self_signed" "first screen: the origin list gives each origin's primary finding"
    for i in 0 1 2 3; do
        goto_step 1
        tui_keys Home
        [ "$i" -gt 0 ] && for _ in $(seq "$i"); do tui_keys Down; done
        tui_wait "${names[$i]}:" 5 "origin $((i + 1)) chosen"
        tui_poll "$(printf '%s' "${answers[$i]}" | sed 's/^\^ //; s/\\//g; s/ → $//')" yes 5
        walk_origin "${names[$i]}" "$cols" "$rows" "${answers[$i]}" no
    done
    tui_keys q
    tui_wait_exit 10

    tui_start "fixed-$LOC-${cols}x$rows" "$cols" "$rows" "LC_ALL=$LOC" -- --demo-fixed
    tui_wait "✓ $(tr "would connect")" 10 "--demo-fixed: the answer on the second row"
    walk_origin "origin.example.com" "$cols" "$rows" "^ ✓ $(tr "would connect")" yes
    tui_keys q
    tui_wait_exit 10
    assert_eq 0 "$TUI_STATUS" "--demo-fixed: exit status 0"
}

for LOC in C.UTF-8 ja_JP.UTF-8; do
    walk 80 24
    walk 132 43
done
