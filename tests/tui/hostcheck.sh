#!/bin/bash
# The DNS step's note on a load balancer's name follows the diagnosis: with
# the Host header forwarded (a name the certificate covers) the verdict is
# ✓ and the note says CloudFront checks that Host, not that the name check
# fails; without it, the verdict is ✗ and the note says the check fails.
. "${0%/*}/lib.sh"
tui_init 73

tui_start host 80 24 LC_ALL=C.UTF-8 -- --demo
tui_wait "502 cert.self_signed" 10 "the demo is done"
tui_keys 2
tui_wait "so CloudFront's name check fails here" 5 "no Host forwarded: the note says the check fails"
# Forward the Host header origin.example.com on the load balancer's origin.
tui_keys 1 End Up Up Up Up Enter Down
tui_wait "< Yes >" 3 "Host forwarding on"
tui_keys -l "origin.example.com"
tui_keys Enter Tab
tui_wait "✓ would connect" 10 "with the Host forwarded: the answer is ✓"
tui_wait "[✓DNS]" 5 "on the DNS step"
tui_wait "checks the forwarded Host header, origin.example.com, which the" 5 "the note names the Host checked"
tui_lacks "name check fails" "no 'name check fails' under a ✓ verdict"
tui_keys q
tui_wait_exit 10
