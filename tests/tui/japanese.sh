#!/bin/bash
# Japanese: under LANG=ja_JP.UTF-8 (LC_ALL and LANGUAGE unset) the wizard's
# steps, labels, verdicts and help are in Japanese, and what is laid out in
# columns still lines up although Japanese characters take two columns.
. "${0%/*}/lib.sh"
tui_init 64
tui_need_ja

ELB=my-alb-123.ap-northeast-1.elb.amazonaws.com

# same_col TEXT1 TEXT2 WHAT: TEXT1 and TEXT2 start in the same screen
# column (each on the first line that has it).
same_col()
{
    local s l1 l2
    s=$(tui_screen)
    l1=$(printf '%s\n' "$s" | grep -F -- "$1" | head -n 1)
    l2=$(printf '%s\n' "$s" | grep -F -- "$2" | head -n 1)
    assert_eq "$(tui_col "$1" "$l1")" "$(tui_col "$2" "$l2")" "$3 ('$1' and '$2' in one column)"
}

# narrow WHAT: no line of the screen is wider than the terminal's 80
# columns (Japanese characters take two).
narrow()
{
    local widest
    widest=$(tui_screen | LC_ALL=C.UTF-8 wc -L)
    [ "$widest" -le 80 ]
    tui_report $? "$1: no line wider than 80 columns ($widest)"
}

# footer_ja TEXT...: the footer (the last line) shows each TEXT.
footer_ja()
{
    local last t r
    last=$(tui_screen | tail -n 1)
    for t in "$@"; do
        case $last in *"$t"*) r=0 ;; *) r=1 ;; esac
        tui_report $r "the footer shows '$t'"
    done
}

# at_col N TEXT: the column of TEXT on screen line N.
at_col()
{
    tui_col "$2" "$(tui_line "$1")"
}

tui_start ja 80 24 LANG=ja_JP.UTF-8 -- --demo
tui_wait "[✓ オリジン]" 10 "the step bar in Japanese, Origin current"
tui_wait "502 cert.self_signed" 5 "the verdicts in the origin list"
tui_has "→ origin.example.com を使う" "the answer on the second row, in Japanese"
assert_match "502 cert.name_mismatch → origin.example.com を使う" "$(tui_line 1)" \
    "the answer row (line 1) in Japanese"
narrow "Origin"
tui_has "✗ 証明書 › ✗ 診断 › · 修正 › · 検証" "the step bar: Certificate, Diagnosis, Fix, Verify"
tui_has "オリジンドメイン名" "the form's labels"
tui_has "オリジンの最小 SSL プロトコル" "the form's labels (minimum protocol)"
# The fields' brackets, after labels of different widths (the port is
# the demo's: 443, or another when 443 is taken).
name_line=$(tui_screen | grep -F "オリジンドメイン名" | grep -F "[" | head -n 1)
port_line=$(tui_screen | grep -F "HTTPS ポート" | head -n 1)
assert_eq "$(tui_col "[" "$name_line")" "$(tui_col "[" "$port_line")" \
    "the form's fields line up after labels of different widths"
same_col "< いいえ >" "< TLSv1.2 >" "the form's choices line up"
# A key clears the start-up note (the demo's port when 443 is taken).
tui_keys C-l
tui_wait "Tab 次へ" 3 "the hint line"

tui_keys Tab
tui_wait "CloudFront が名前解決する名前" 5 "DNS in Japanese"
footer_ja "↑↓ スクロール"
narrow "DNS"
tui_keys Tab
tui_wait "暗号スイート" 5 "Connection: the table's headings"
same_col "暗号スイート" "TLS_ECDHE" "Connection: the cipher suite under its Japanese heading"
# Line 3 has the headings, line 4 the first address.
assert_eq "$(at_col 3 "TLS ")" "$(at_col 4 TLS1.2)" "Connection: the version under its heading"
# The handshake time: after the version and its blanks.
hs_col=$(tui_line 4 | sed 's/\(.*TLS1\.2 *\).*/\1/' | tr -d '\n' | wc -L)
assert_eq "$(at_col 3 ハンドシェイク)" "$hs_col" "Connection: the handshake time under its Japanese heading"
tui_keys Tab
tui_wait "CloudFront が検証する名前: $ELB" 5 "Certificate: the name checked"
tui_has "証明書のどの名前とも一致しません" "Certificate: no name matches, in Japanese"
tui_has "不一致" "Certificate: each name marked"
footer_ja "/ 検索"
narrow "Certificate"
same_col "CN=origin.example.com" "CN=origin-doctor Demo Intermediate" "Certificate: the detail's values line up"
same_col "SAN    origin" "SAN    www" "Certificate: the names table"
tui_keys Tab
tui_wait "✗  CloudFront は 502 を返します" 5 "Diagnosis: the verdict, large, with its mark"
tui_has "検出事項 (2 件)" "Diagnosis: the findings"
footer_ja "/ 検索"
narrow "Diagnosis"
tui_keys Tab
tui_wait "オリジンドメイン名に使うカスタムドメイン" 5 "Fix in Japanese"
tui_has "origin.example.com" "Fix: the suggested name"
# The answer row and the Fix pane's keys in Japanese (issue 14).
assert_match "→ origin.example.com を使う" "$(tui_line 1)" "Fix: the answer row in Japanese"
tui_wait "Enter 選択" 3 "Fix: the footer on a domain choice"
footer_ja "↑↓ 手順" "Enter 選択" "/ 検索" "←→ スクロール" "c コピー" "p 全部表示" "w スクリプト"
last=$(tui_screen | tail -n 1)
assert_eq "" "$(printf '%s' "$last" | grep -oE 'step|choose|scroll|copy|show all|script|tick')" \
    "Fix: no English word in the footer"
narrow "Fix, a domain choice"
tui_keys End
tui_wait "Space 完了" 3 "Fix: the footer on a fix step"
footer_ja "↑↓ 手順" "/ 検索" "←→ スクロール" "c コピー" "p 全部表示" "w スクリプト"
tui_has "コマンド:" "Fix: the commands' heading"
narrow "Fix, step 2"
tui_keys Tab
tui_wait "✓  CloudFront は接続できます" 10 "Verify: green, in Japanese"
narrow "Verify"

tui_keys '?'
tui_wait "キー操作" 3 "the help in Japanese"
tui_has "レポートを保存" "the help's actions"
tui_keys Escape
tui_resize 60 20
tui_wait "端末が小さすぎます" 5 "the too-small screen in Japanese"
tui_resize 80 24
tui_wait "[✓ 検証]" 5 "back to Verify"

tui_keys q
tui_wait_exit 10
assert_eq 1 "$TUI_STATUS" "exit status 1"
