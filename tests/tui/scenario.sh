#!/bin/bash
# The wizard against local servers (openssl s_server, names given with
# --resolve): a load balancer's name whose certificate is for the custom
# domain, as in the article; Fix suggests the custom domain, Verify goes
# green; the form then changes the Origin Domain Name, the probe runs again
# and q exits 0.  A chain sent in the wrong order is marked.
. "${0%/*}/lib.sh"
tui_init 65
need_openssl

pki_leaf leaf ec origin.example.com www.example.com
pki_cat chain int2 int1
start_tls_server good "$(addr 2)" leaf leaf chain
P=$SRV_PORT
ELB=my-alb-1234567890.us-east-1.elb.amazonaws.com
# Every name the probe may look up is given, so that no DNS is asked:
# www.example.com, the certificate's other name, points elsewhere.
COMMON=(--ca-file "$PKI/root.pem" --resolve "$ELB:$P:$(addr 2)" --resolve "origin.example.com:$P:$(addr 2)"
    --resolve "www.example.com:$P:$(addr 9)")

tui_start elb 80 24 LC_ALL=C.UTF-8 -- "${COMMON[@]}" "$ELB:$P"
# The answer first: one origin that fails opens on Diagnosis, and the
# second row holds the verdict, the primary finding and the origin to use.
tui_wait "✗ 502 cert.name_mismatch → use origin.example.com" 10 "the second row: the answer"
tui_wait "[✗Diagnosis]" 5 "one failing origin: the wizard opens on Diagnosis"
tui_has "CloudFront would answer 502" "Diagnosis: the verdict on the first screen"
assert_match "✗ 502 cert.name_mismatch" "$(tui_line 1)" "the answer is on the second row"
tui_keys 4
tui_wait "no name in the certificate matches it" 5 "Certificate: the ELB name is not in the certificate"
tui_has "Name CloudFront checks: $ELB" "Certificate: the name checked"
tui_has "SAN    origin.example.com" "Certificate: the custom domain is in it"
tui_keys 5
tui_wait "CloudFront would answer 502" 5 "Diagnosis: 502"
tui_keys 6
tui_wait "(●) origin.example.com" 5 "Fix: origin.example.com suggested and chosen"
tui_keys 7
tui_wait "✓  CloudFront would connect" 10 "Verify: green with the custom domain"
tui_has "origin.example.com:$P" "Verify: the custom domain, the port kept"

# The fix, made in the form: the probe runs again on the new name.
tui_keys 1
tui_wait "Origin Domain Name" 3 "back at the form"
tui_keys Home Enter C-u "origin.example.com" Enter
tui_wait "[origin.example.com" 3 "the field edited"
tui_keys Tab
tui_wait "origin.example.com:$P" 5 "the run is for the new name"
tui_keys 5
tui_wait "CloudFront would connect" 10 "Diagnosis: the origin as changed would connect"
tui_keys q
tui_wait_exit 10
assert_eq 0 "$TUI_STATUS" "q: exit status 0 (CloudFront would connect)"

# A bad value stays in the form with the reason.
tui_start form 80 24 LC_ALL=C.UTF-8 -- "${COMMON[@]}" "$ELB:$P"
tui_wait "[✗Diagnosis]" 10 "the probe finished"
tui_keys 1
tui_wait "[✓Origin]" 5 "back on the form"
tui_keys Home Down Enter C-u 99999 Enter Tab
tui_wait "The HTTPS port is a number from 1 to 65535." 3 "an invalid port is refused, with the reason"
tui_has "[✗Origin]" "the Origin step is marked failed and stays current"
tui_keys Enter C-u "$P" Enter Tab
tui_wait "DNS]" 3 "a valid port: on to DNS"
tui_keys q
tui_wait_exit 10

# The chain in the wrong order: leaf, int1, int2 (int2 issued the leaf).
pki_leaf leaf2 ec chain.test
pki_cat wrong int1 int2
start_tls_server wrong "$(addr 3)" leaf2 leaf2 wrong
tui_start order 80 24 LC_ALL=C.UTF-8 -- --ca-file "$PKI/root.pem" --resolve "chain.test:$SRV_PORT:$(addr 3)" "chain.test:$SRV_PORT"
tui_wait "✗ 502 chain.order" 10 "the probe finished: the answer on the second row"
tui_keys 4
tui_wait "out of order" 5 "Certificate: the order mark"
tui_keys o
tui_wait "Send the leaf first, then each issuer: #0 #2 #1" 5 "the order it should be sent in"
tui_keys 5
tui_wait "The certificate chain is out of order" 5 "Diagnosis: the finding"
tui_keys q
tui_wait_exit 10
assert_eq 1 "$TUI_STATUS" "exit status 1"

# No ORIGIN on a terminal: the wizard opens on an empty form, and the
# origin typed there is probed.
tui_start empty 80 24 LC_ALL=C.UTF-8 -- "${COMMON[@]}"
tui_wait "No origin yet: fill in the form." 5 "no ORIGIN: an empty form"
tui_keys Enter "origin.example.com" Enter
tui_keys Down Enter C-u "$P" Enter Tab
tui_wait "origin.example.com:$P" 5 "the typed origin is probed"
tui_wait "✓ would connect" 10 "the typed origin's answer on the second row"
tui_lacks "[✓Diagnosis]" "a passing origin does not jump to Diagnosis"
tui_keys 5
tui_wait "CloudFront would connect" 10 "Diagnosis of the typed origin"
tui_keys q
tui_wait_exit 10
assert_eq 0 "$TUI_STATUS" "q after the typed origin: exit status 0"
