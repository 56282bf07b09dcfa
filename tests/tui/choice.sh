#!/bin/bash
# Choice fields on the Origin form take the first letter of a choice (issue
# 14, as dialog and nmtui do): the same letter again goes on to the next
# choice with it, a letter no choice has is said, and no letter there runs
# a command (defect 1: e wrote an export file, q quit).
. "${0%/*}/lib.sh"
tui_init 152
tui_need_ja

stray()
{
    find "$T" -maxdepth 1 \( -name '*.md' -o -name '*.txt' -o -name '*.json' \) -newer "$T/$TUI_NAME.run"
}

running()
{
    [ ! -s "$T/$TUI_NAME.status" ]
    tui_report $? "$1: still running"
}

tui_start choice 80 24 LC_ALL=C.UTF-8 --
tui_wait "No origin yet: fill in the form." 5 "an empty form"
# Name, port, then the first choice: Forward the Host header.
tui_keys Down Down
tui_wait "a-z pick by first letter" 3 "the footer of a choice field offers the letters"
tui_has "←→ change" "... and Left/Right"
tui_keys y
tui_wait "< Yes >" 3 "y: Yes"
tui_keys n
tui_wait "< No >" 3 "n: No"
tui_keys q
tui_wait "No choice starts with q here" 3 "q: no choice has it, said"
running "q on a choice field"
tui_keys e
tui_wait "No choice starts with e here" 3 "e: no choice has it, said"
tui_keys r
tui_wait "No choice starts with r here" 3 "r: no choice has it, said"
assert_eq "" "$(stray)" "no export file was written"
tui_has "< No >" "the choice stayed"

# Minimum origin SSL protocol: t goes through the TLS versions in turn.
tui_keys Down Down
tui_wait "< TLSv1.2 >" 3 "Minimum protocol: TLSv1.2 at first"
tui_keys t
tui_wait "< TLSv1 >" 3 "t: the next choice that starts with t, from the top"
tui_keys t
tui_wait "< TLSv1.1 >" 3 "t again: the next one"
tui_keys t
tui_wait "< TLSv1.2 >" 3 "t again: the next one"
tui_keys s
tui_wait "< SSLv3 >" 3 "s: SSLv3"
tui_keys T
tui_wait "< TLSv1 >" 3 "T (upper case) as t"

# Origin protocol policy.
tui_keys Down
tui_wait "< HTTPS only >" 3 "Policy: HTTPS only at first"
tui_keys m
tui_wait "< Match viewer >" 3 "m: Match viewer"
tui_keys h
tui_wait "< HTTP only >" 3 "h: the next that starts with h"
tui_keys h
tui_wait "< HTTPS only >" 3 "h again: the other one"

# Start from: every choice starts with "A"; a word of one picks it too.
tui_keys Down Down
tui_wait "< A host name >" 3 "Start from: a host name at first"
tui_keys f
tui_wait "< A certificate file >" 3 "f: the certificate file"
tui_keys d
tui_wait "< A distribution >" 3 "d: the distribution"
tui_keys h
tui_wait "< A host name >" 3 "h: the host name"
tui_keys a
tui_wait "< A certificate file >" 3 "a: the next that starts with A"
tui_keys a
tui_wait "< A distribution >" 3 "a again: the next"
tui_keys a
tui_wait "< A host name >" 3 "a again: round to the first"
running "after every letter"
assert_eq "" "$(stray)" "no export file was written"
# Off the choices q is q again (nothing typed to lose: it quits).
tui_keys End q
tui_wait_exit 5

# Japanese: the choices are translated; the English letter picks too.
tui_start choice-ja 80 24 LANG=ja_JP.UTF-8 --
tui_wait "< いいえ >" 5 "Japanese: Forward is No"
tui_keys Down Down
tui_keys y
tui_wait "< はい >" 3 "Japanese: y picks はい (Yes)"
tui_keys Down Down Down
tui_wait "< HTTPS のみ >" 3 "Japanese: the policy"
tui_keys m
tui_wait "< ビューワーに合わせる >" 3 "Japanese: m picks Match viewer"
tui_keys q
tui_wait "q で始まる選択肢はありません" 3 "Japanese: q said in Japanese"
running "Japanese: q on a choice field"
tui_keys End q
tui_wait "(y/n)" 3 "off the choices, q asks (Forward is set: input to lose)"
tui_keys y
tui_wait_exit 5
