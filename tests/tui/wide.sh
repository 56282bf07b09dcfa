#!/bin/bash
# Wider shows more (issue 14, defect 3).  From 132 columns on, the
# Certificate step shows the chain as received and as it should be side by
# side, and the names table with every reason in full; the Diagnosis step
# shows the selected finding's evidence beside the list (the names table
# for a name problem, the chain for an order problem).  At 80x24 the
# selected name row is shown in full (the man page's promise) and the
# Diagnosis step stays one column.  No screen has a line wider than the
# terminal.  On the demo's origins (chain.example.com sends its chain out
# of order).
. "${0%/*}/lib.sh"
tui_init 101

# fits COLS WHAT: no line of the screen is wider than the terminal.
fits()
{
    local wide
    wide=$(tui_screen | LC_ALL=C.UTF-8 wc -L)
    assert_cmp -le "$wide" "$1" "$TUI_NAME: $2: no line wider than $1 columns ($wide)"
}

# together A B WHAT: one line of the screen holds A and B (side by side).
together()
{
    tui_screen | grep -F -- "$1" | grep -qF -- "$2"
    tui_report $? "$3"
}

# no_cut WHAT: no line ends in the ellipsis (nothing cut).
no_cut()
{
    ! tui_screen | grep -q '…$'
    tui_report $? "$1: nothing cut with '…'"
}

# click X Y: the first button pressed and released at column X, line Y
# (0-based), as an xterm sends it (X10 encoding, as in mouse.sh).
click()
{
    local b x y
    b=$(printf "\\$(printf %o 32)")
    x=$(printf "\\$(printf %o $((33 + $1)))")
    y=$(printf "\\$(printf %o $((33 + $2)))")
    tui_keys -l $'\e[M'"$b$x$y"
    tui_keys -l $'\e[M#'"$x$y" # the release
}

# origin N: the demo's origin N (1-4) chosen on the Origin step.
origin()
{
    tui_keys 1 Home
    for _ in $(seq $(($1 - 1))); do tui_keys Down; done
}

# ---- 132x43
tui_start w132 132 43 LC_ALL=C.UTF-8 -- --demo
tui_wait "502 cert.self_signed" 10 "the demo is done"
tui_keys 4
tui_wait "Name CloudFront checks" 5 "Certificate step"
tui_has "no match: different name" "the names table: the reason in full"
tui_has "not used: CN is ignored when the" "the CN's reason in full (wrapped in its column)"
no_cut "Certificate, my-alb"
fits 132 "Certificate, my-alb"
together "as received (o: as it should be)" "Chain as it should be sent" \
    "the chain as received and as it should be: side by side"

origin 4
tui_wait "›✗ chain.example.com:" 5 "chain.example.com chosen"
tui_keys 4
tui_wait "Chain from 127.77.0.4" 5 "its chain"
tui_has "✗ out of order" "as received: the order problems marked"
tui_has "Send the leaf first, then each issuer: #0 #2 #1" "as it should be, on the same screen"
together "├─ #1  ✗ out of order" "root, in the trust store)" \
    "received #1 beside the tree as it should be"
no_cut "Certificate, chain"
fits 132 "Certificate, chain"
tui_keys o
tui_wait "›Chain as it should be sent" 3 "o selects the order as it should be (on the right)"
together "Chain from 127.77.0.4, as received" "›Chain as it should be sent" "... both still shown"
# A click on received #1 (line 4, on the left) selects it there.
click 10 4
tui_wait "›Chain from 127.77.0.4" 3 "a click on the left: the order as received selected"
tui_wait "Certificate #1 " 3 "... the certificate clicked, in detail"

tui_keys 5
tui_wait "Evidence: chain.order" 5 "Diagnosis: the finding's evidence beside it"
together "The certificate chain is out of order" "Chain as received from 127.77.0.4" \
    "the evidence beside the finding"
tui_has "Send the leaf first, then each issuer: #0 #2 #1" "the evidence: the order it should be sent in"
tui_has "✗ out of order" "the evidence: the certificates out of order"
fits 132 "Diagnosis, chain"
OD_CHECKS=$((OD_CHECKS + 1))
tui_screen | grep -q '^›.*…$' && fail "Diagnosis: the selected row is cut"

origin 1
tui_wait "›✗ my-alb-123" 5 "the load balancer's origin chosen"
tui_keys 5
tui_wait "Evidence: cert.name_mismatch" 5 "Diagnosis: the name mismatch's evidence"
together "The certificate does not cover the name CloudFront checks" "Name CloudFront checks:" \
    "the names table beside the finding"
tui_has "origin.example.com  no match: different name" "the evidence: each name with its reason"
tui_keys Down
tui_wait "Evidence: origin.elb_name" 3 "the evidence follows the selection"
fits 132 "Diagnosis, my-alb"
tui_keys q
tui_wait_exit 10

# ---- 80x24: the selected row in full, nothing else changed
tui_start w80 80 24 LC_ALL=C.UTF-8 -- --demo
tui_wait "502 cert.self_signed" 10 "the demo is done"
tui_keys 4
tui_wait "Name CloudFront checks" 5 "Certificate step"
tui_lacks "Chain as it should be sent" "one order at a time at 80 columns"
tui_keys Left Down Down
tui_wait "›· CN     origin.example.com  not used: CN is ignored when the certificate has" 3 \
    "the CN row selected"
tui_has "                              SANs" "the selected row in full: its reason goes on below"
tui_lacks "certificate has…" "not cut"
fits 80 "Certificate"
tui_keys 5
tui_wait "Findings (2)" 5 "Diagnosis"
tui_lacks "Evidence:" "no evidence pane at 80 columns"
fits 80 "Diagnosis"
tui_keys q
tui_wait_exit 10

# ---- 200x50: every reason on one line
tui_start w200 200 50 LC_ALL=C.UTF-8 -- --demo
tui_wait "502 cert.self_signed" 10 "the demo is done"
tui_keys 4
tui_wait "Name CloudFront checks" 5 "Certificate step"
tui_has "origin.example.com  not used: CN is ignored when the certificate has SANs" \
    "the CN's reason on one line"
together "as received (o: as it should be)" "Chain as it should be sent" "side by side"
together "Signature" "not used: CN is ignored when the certificate has SANs" \
    "the detail beside the names"
no_cut "Certificate"
fits 200 "Certificate"
tui_keys 5
tui_wait "Evidence: cert.name_mismatch" 5 "Diagnosis: the evidence"
tui_has "origin.example.com  not used: CN is ignored when the certificate has SANs" \
    "the evidence: the CN's reason in full"
fits 200 "Diagnosis"
tui_keys q
tui_wait_exit 10
