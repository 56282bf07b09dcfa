#!/bin/bash
# Search (issue 14): / opens a prompt on the footer line, matches
# case-insensitively in the focused view's text and moves the view to the
# first match (down, and sideways in a command wider than the pane), with
# the matches highlighted and the current one apart; n and N go to the
# next and previous match and say when they wrap; "not found: TEXT" when
# nothing matches.  In the Fix text (every step's, in order: the step
# with the match is selected), the Diagnosis (a finding that holds a
# match opens) and the Certificate detail, at 80x24 and 132x43, in English
# and Japanese.
. "${0%/*}/lib.sh"
tui_init 151
tui_need_ja

# styled: the screen with its attributes (SGR sequences).
styled()
{
    "$TMUX_BIN" -S "$TUI_SOCK" capture-pane -e -p -t od 2>/dev/null
}

# lit TEXT: TEXT is on the screen drawn reversed (SGR 7) or as the current
# match (yellow background, SGR 43), the attribute starting with it.
lit()
{
    styled | grep -qP -- "\e\[[0-9;]*(7|43)m(\e\[[0-9;]*m)*\Q$1\E"
}

# cur_line: the text of the screen line with the current match of the
# last search, $PAT (on a yellow background, any case), without its
# attributes.
cur_line()
{
    styled | grep -iP -- "\e\[[0-9;]*43m(\e\[[0-9;]*m)*\Q$PAT\E" | head -n 1 |
        sed 's/\x1b\[[0-9;]*m//g'
}

# wait_cur TEXT WHAT: the current match's line comes to hold TEXT.
wait_cur()
{
    local n=30
    while [ "$n" -gt 0 ]; do
        case $(cur_line) in *"$1"*) break ;; esac
        sleep 0.1
        n=$((n - 1))
    done
    [ "$n" -gt 0 ]
    tui_report $? "$2 (the current match is on the line with '$1')"
}

# search TEXT: / TEXT Enter, the prompt seen first.
search()
{
    tui_keys /
    tui_wait "$PROMPT" 3 "/ opens the prompt on the footer line"
    PAT=$1
    tui_keys -l -- "$1"
    tui_keys Enter
    tui_gone "$PROMPT" 3 "Enter accepts the search"
}

# wait_sel TEXT WHAT: the selected row (marked with ›) comes to hold TEXT.
wait_sel()
{
    local n=30
    while [ "$n" -gt 0 ]; do
        tui_screen | grep '^›' | grep -qF -- "$1" && break
        sleep 0.1
        n=$((n - 1))
    done
    [ "$n" -gt 0 ]
    tui_report $? "$2 (the selected row holds '$1')"
}

# width: no line wider than the terminal.
width_ok()
{
    local widest
    widest=$(tui_screen | LC_ALL=C.UTF-8 wc -L)
    [ "$widest" -le "$1" ]
    tui_report $? "no line wider than the terminal ($widest <= $1)"
}

for loc in C.UTF-8 ja_JP.UTF-8; do
    for size in 80x24 132x43; do
        cols=${size%x*}
        if [ "$loc" = C.UTF-8 ]; then
            PROMPT="Search:" NOTFOUND="not found: zzqx" WRAP_TOP="search wrapped to the top"
            WRAP_BOTTOM="search wrapped to the bottom" SEARCH_HINT="/ search" HELP="search this view"
            FINDINGS="Findings (2)" DETAIL_HINT="↑↓ scroll  ←→ pane  / search" NOTHING="Nothing to search here"
            tui_start "search-$size-C" "$cols" "${size#*x}" LC_ALL=C.UTF-8 -- --demo
        else
            PROMPT="検索:" NOTFOUND="見つかりません: zzqx" WRAP_TOP="先頭に戻って検索しました"
            WRAP_BOTTOM="末尾に戻って検索しました" SEARCH_HINT="/ 検索" HELP="この画面の文字列を検索"
            FINDINGS="検出事項 (2 件)" DETAIL_HINT="↑↓ スクロール  ←→ ペイン  / 検索"
            NOTHING="ここには検索するものがありません"
            tui_start "search-$size-ja" "$cols" "${size#*x}" LANG=ja_JP.UTF-8 -- --demo
        fi
        tui_wait "502 cert.self_signed" 10 "the probe is done"
        # A key clears the start-up note (the demo's port when 443 is taken).
        tui_keys C-l

        # --- Fix: step 2, the long commands.
        tui_keys 6
        tui_keys End
        tui_wait "$SEARCH_HINT" 3 "Fix: the footer lists / search"
        if [ "$size" = 80x24 ]; then
            tui_lacks "distribution-deployed" "Fix 80x24: the last command is below the pane"
            search "DISTRIBUTION-deployed"
            tui_wait "distribution-deployed" 3 "Fix: the text scrolled down to the match (any case)"
            lit "distribution-deployed"
            tui_report $? "Fix: the match is highlighted"
            tui_keys PageUp PageUp
            tui_wait " 1-" 3 "Fix: back to the top of the text"
        fi
        # Sideways: the jq program is wider than the pane at both sizes.
        tui_lacks "OriginSslProtocols" "Fix: the jq program's end is beyond the pane's edge"
        search "originsslprotocols"
        tui_wait "OriginSslProtocols" 3 "Fix: the command scrolled sideways to the match"
        lit "OriginSslProtocols"
        tui_report $? "Fix: the match in the command is highlighted"
        wait_cur "OriginSslProtocols" "Fix: the match found is the current one"
        width_ok "$cols"

        # n and N: --id is in three commands, in this order; from the top
        # of the text (a search starts where the view is).
        tui_keys PageUp PageUp
        tui_wait " 1-" 3 "Fix: back to the top of the text"
        search "--id"
        wait_cur "get-distribution-config" "Fix: the first --id"
        tui_keys n
        wait_cur "update-distribution" "Fix: n, the second"
        tui_keys n
        wait_cur "distribution-deployed" "Fix: n, the third"
        tui_keys N
        wait_cur "update-distribution" "Fix: N, back to the second"
        tui_keys N
        wait_cur "get-distribution-config" "Fix: N, the first"
        tui_keys N
        tui_wait "$WRAP_BOTTOM" 3 "Fix: N past the first wraps, and says so"
        wait_cur "distribution-deployed" "Fix: N wrapped to the last"
        tui_keys n
        tui_wait "$WRAP_TOP" 3 "Fix: n past the last wraps, and says so"
        wait_cur "get-distribution-config" "Fix: n wrapped to the first"

        search "zzqx"
        tui_wait "$NOTFOUND" 3 "Fix: not found, said with the text"

        # The prompt edits as the fields do: Ctrl-W deletes a word, Esc
        # cancels and nothing is searched.
        tui_keys /
        tui_wait "$PROMPT" 3 "the prompt again"
        tui_keys -l "foo bar"
        tui_wait "$PROMPT foo bar" 3 "the prompt holds what is typed"
        tui_keys C-w
        tui_gone "bar" 3 "Ctrl-W deleted the last word of the search"
        tui_wait "$PROMPT foo" 3 "Ctrl-W: the word before it stays"
        tui_keys Escape
        tui_gone "$PROMPT" 3 "Esc closes the prompt"
        tui_lacks "foo" "Esc: nothing searched"

        # Every step's text, in order, as less reads files one after the
        # other: the step with the match is selected.  This fix: three
        # domain choices, then step 1 (dig and curl in its commands) and
        # step 2 (ETag in its text and commands, curl in its check).
        tui_keys Home
        wait_sel "(●)" "Fix: Home, the first domain choice"
        search "etag"
        wait_sel "[ ] 2." "Fix: a match in a later step: that step is selected"
        wait_cur "ETag" "Fix: the match in step 2 is the current one"
        tui_lacks "${NOTFOUND%zzqx}" "Fix: a match in another step is not 'not found'"
        search "dig"
        tui_wait "$WRAP_TOP" 3 "Fix: past the last step the search wraps, and says so"
        wait_sel "[ ] 1." "Fix: the wrapped search selected step 1"
        wait_cur "dig +short" "Fix: the match in step 1 is the current one"
        tui_keys PageUp PageUp
        tui_wait " 1-" 3 "Fix: back to the top of step 1's text"
        search "curl"
        wait_sel "[ ] 1." "Fix: curl, first in step 1"
        wait_cur "curl -sI" "Fix: step 1's curl is the current match"
        tui_keys n
        wait_sel "[ ] 2." "Fix: n, on to the next step's match"
        wait_cur "curl -sI" "Fix: n, step 2's curl is the current match"
        tui_lacks "$WRAP_TOP" "Fix: n from step 1 to step 2 does not wrap"
        tui_keys N
        wait_sel "[ ] 1." "Fix: N, back to the step before"
        wait_cur "curl -sI" "Fix: N, step 1's curl again"
        tui_lacks "$WRAP_BOTTOM" "Fix: N from step 2 to step 1 does not wrap"
        tui_keys N
        tui_wait "$WRAP_BOTTOM" 3 "Fix: N before the first match wraps, and says so"
        wait_sel "[ ] 2." "Fix: N wrapped to the last step"
        wait_cur "curl -sI" "Fix: N wrapped to step 2's curl"
        # Moved by hand: no line of the text now shown is the current match
        # (the line number belonged to step 2's text); n goes on from the
        # top of the step shown.
        tui_keys k
        wait_sel "[ ] 1." "Fix: k selects step 1"
        [ -z "$(cur_line)" ]
        tui_report $? "Fix: after moving by hand no line is marked as the current match"
        tui_keys n
        wait_cur "curl -sI" "Fix: n from the step moved to, its own match"
        wait_sel "[ ] 1." "Fix: n from the top of step 1 stays in step 1"
        # Absent from every step: not found, and the selection stays.
        tui_keys Home
        wait_sel "(●)" "Fix: Home, the first domain choice again"
        search "zzqx"
        tui_wait "$NOTFOUND" 3 "Fix: absent from every step: not found"
        wait_sel "(●)" "Fix: not found leaves the selection where it was"
        width_ok "$cols"

        # --- Diagnosis: the second finding is closed; its text has the match.
        tui_keys 5
        tui_wait "$FINDINGS" 3 "Diagnosis: the findings"
        tui_wait "$SEARCH_HINT" 3 "Diagnosis: the footer lists / search"
        tui_lacks "*.elb.amazonaws" "Diagnosis: the match is in a closed finding"
        search "*.ELB.amazonaws"
        tui_wait "*.elb.amazonaws" 3 "Diagnosis: the finding with the match opened, in view"
        wait_cur "*.elb.amazonaws" "Diagnosis: the match is the current one"
        if [ "$loc" = ja_JP.UTF-8 ]; then
            # Wide characters in the pattern and the text.
            search "ロードバランサー"
            wait_cur "ロードバランサー" "Diagnosis: a Japanese pattern found"
            lit "ロードバランサー"
            tui_report $? "Diagnosis: the Japanese match is highlighted"
        fi
        width_ok "$cols"

        # --- Certificate: the detail pane.
        tui_keys 4
        tui_keys Right
        tui_wait "$DETAIL_HINT" 3 "Certificate, the detail: the footer lists / search"
        search "O=origin-doctor DEMO"
        wait_cur "CN=origin.example.com" "Certificate: the subject, first"
        lit "O=origin-doctor demo"
        tui_report $? "Certificate: the match is highlighted"
        tui_keys n
        # (the issuer's match: at 132 columns its DN wraps before "1,O=")
        wait_cur "1,O=origin-doctor demo" "Certificate: n, the issuer"
        tui_keys n
        tui_wait "$WRAP_TOP" 3 "Certificate: n wraps to the top, and says so"
        wait_cur "CN=origin.example.com" "Certificate: back at the subject"

        # Not everywhere: DNS has no search.
        tui_keys 2
        tui_keys /
        tui_wait "$NOTHING" 3 "DNS: / says there is nothing to search here"
        tui_lacks "$PROMPT" "DNS: / opens no prompt where nothing is searched"

        tui_keys '?'
        tui_wait "$HELP" 3 "the help lists /"
        tui_keys Escape
        tui_keys q
        tui_wait_exit 10
    done
done
