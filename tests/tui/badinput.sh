#!/bin/bash
# Hostile certificates on screen: a subject and SANs full of terminal
# escapes and other controls are shown escaped (the terminal never sees
# them: the screen is not cleared, no title is set, the layout holds); 2,000
# SANs scroll, with the rest counted; a name too long for its row is cut
# with a mark and shown in full when selected.
. "${0%/*}/lib.sh"
tui_init 66
need_openssl

pki_init
pki_cat chain int2 int1
E=$'\e' BEL=$'\a' CSI=$'\xc2\x9b' CR=$'\r' RLO=$'\xe2\x80\xae'
ADDR=$(addr 2)
OD_SAN="DNS:evil${E}]0;pwned${BEL}.example.com,DNS:x${CSI}31m${RLO}moc.example.com,DNS:ok.example.com" \
    pki_dated evil ec "/CN=evil${E}[2J${CR}.example.com/O=Org${E}[31mRed${RLO}" leaf_ext int2 \
    "$(od_date -1)" "$(od_date 365)"
start_tls_server evil "$ADDR" evil evil chain
tui_start evil 80 24 LC_ALL=C.UTF-8 -- --ca-file "$PKI/root.pem" --resolve "hostile.test:$SRV_PORT:$ADDR" \
    --resolve "ok.example.com:$SRV_PORT:$(addr 9)" "hostile.test:$SRV_PORT"
tui_wait "done in" 10 "the probe finished"
tui_keys 4
tui_wait 'evil\x1B[2J\x0D.example.com' 5 "the subject's escapes shown escaped"
assert_match '^.Origin' "$(tui_line 0)" "the step bar is still on line 0 (nothing cleared the screen)"
tui_wait 'evil\x1B]0;pwned\x07.example.com' 5 "the SAN's OSC sequence shown escaped"
tui_has 'x\u{9B}31m\u{202E}moc.example.com' "C1 CSI and the right-to-left override shown escaped"
assert_eq "" "$("$TMUX_BIN" -S "$TUI_SOCK" display-message -p -t od '#{pane_title}' | grep -F pwned)" \
    "the OSC in the SAN did not set the title"
assert_eq 24 "$(tui_screen | wc -l)" "24 lines, none wrapped"
tui_keys q
tui_wait_exit 10

# 2,000 SANs and one name of 250 characters.
ADDR=$(addr 3)
long=$(printf 'l%.0s' $(seq 60)).$(printf 'o%.0s' $(seq 60)).$(printf 'n%.0s' $(seq 60)).$(printf 'g%.0s' $(seq 60)).test
san=$(for i in $(seq 2000); do printf 'DNS:n%d.example.com,' "$i"; done)
OD_SAN="DNS:$long,${san}DNS:many.test" pki_dated many ec /CN=many.test leaf_ext int2 "$(od_date -1)" "$(od_date 365)"
start_tls_server many "$ADDR" many many chain
tui_start many 80 24 LC_ALL=C.UTF-8 -- --ca-file "$PKI/root.pem" --resolve "other.test:$SRV_PORT:$ADDR" "other.test:$SRV_PORT"
tui_wait "done in" 20 "the probe finished"
tui_keys 4
tui_wait "no name in the certificate matches it" 5 "the name check"
tui_has "SAN    llllllllll" "the long name's row"
tui_has "…" "the long name cut with a mark"
tui_has "↓" "more names below: a mark"
tui_keys l l
tui_wait "ggg.test" 3 "the long name selected: shown in full, its end too"
tui_has "lll.ooo" "... wrapped over lines where the row cut it"
tui_keys G
tui_wait "more names not shown" 5 "the end of the list: how many more there are"
assert_eq 24 "$(tui_screen | wc -l)" "24 lines"
assert_match '^.Origin' "$(tui_line 0)" "the step bar in place"
tui_keys q
tui_wait_exit 10
assert_eq 1 "$TUI_STATUS" "exit status 1"
