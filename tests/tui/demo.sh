#!/bin/bash
# The demo in the wizard at 80x24 and at 132x43: Origin -> DNS ->
# Connection -> Certificate -> Diagnosis -> Fix -> Verify with Tab, the
# verdict, the name that does not match and the one suggested, a green
# Verify; the chain order mark on chain.example.com; q quits with the
# verdict's exit status.
. "${0%/*}/lib.sh"
tui_init 60

ELB=my-alb-123.ap-northeast-1.elb.amazonaws.com

walk()
{
    local size=$1 cols=$2 rows=$3
    tui_start "demo-$size" "$cols" "$rows" LC_ALL=C.UTF-8 -- --demo
    tui_wait "Origins (4)" 10 "Origin: the demo's four origins listed"
    tui_wait "502 cert.self_signed" 10 "Origin: each origin's primary finding beside it"
    tui_has "502 chain.order" "Origin: the chain origin's primary finding"
    tui_has "✗ 502 cert.name_mismatch → use origin.example.com" "the answer on the second row"
    assert_match '^\[✓ ?Origin\]' "$(tui_line 0)" "several origins: the wizard stays on Origin"
    tui_has "[$ELB" "Origin: the form holds the ELB name"
    tui_has "Minimum origin SSL protocol" "Origin: the form"

    tui_keys Tab
    tui_wait " ELB " 5 "DNS: the ELB badge"
    tui_has "$ELB" "DNS: the name resolved"
    tui_has "127.77.0.1" "DNS: its address"

    tui_keys Tab
    tui_wait "CloudFront's handshake to each address" 5 "Connection: the table"
    tui_has "TLS1.2" "Connection: the handshake completed with TLS 1.2"

    tui_keys Tab
    tui_wait "no name in the certificate matches it" 5 "Certificate: the name check fails"
    tui_has "$ELB" "Certificate: the name CloudFront checks, in full"
    tui_has "origin.example.com" "Certificate: the names the certificate has"
    tui_has "Subject" "Certificate: the detail pane"
    tui_has "SHA-256" "Certificate: the fingerprint"

    tui_keys Tab
    tui_wait "CloudFront would answer 502" 5 "Diagnosis: the verdict"
    tui_has "The certificate does not cover the name CloudFront checks" "Diagnosis: the finding"

    tui_keys Tab
    tui_wait "origin.example.com  resolves to the same addresses" 5 "Fix: origin.example.com suggested"
    tui_has "Steps (" "Fix: the checklist"

    tui_keys Tab
    tui_wait "CloudFront would connect" 10 "Verify: green"
    tui_has "✓  CloudFront would connect" "Verify: the verdict with its mark"
    tui_has "Origin Domain Name  origin.example.com:" "Verify: probed with the custom domain"
    tui_has "[✓" "Verify: the step bar marks Verify done"

    # The chain in the wrong order: the fourth origin.
    tui_keys 1 j j j
    tui_wait "Origin 4 of 4: chain.example.com" 5 "Origin: chain.example.com chosen"
    tui_keys 4
    tui_wait "out of order" 5 "Certificate: the order mark on chain.example.com"
    tui_keys o
    tui_wait "Send the leaf first, then each issuer" 5 "Certificate: the chain as it should be (o)"

    tui_keys q
    tui_wait_exit 10
    assert_eq 1 "$TUI_STATUS" "demo-$size: q: exit status 1 (CloudFront would answer 502)"
}

walk 80x24 80 24
walk 132x43 132 43
