#!/bin/bash
# Chain findings from servers that send their chain in a given order
# (openssl s_server keeps the order of its -cert_chain file): chain.order
# (leaf, int1, int2), chain.incomplete (the leaf alone; the leaf and int2
# without int1), chain.root_included (leaf, int2, int1, root: a note),
# chain.extra (an unrelated certificate appended: a warning), and a chain of
# 50 certificates (neither a crash nor a hang).
. "${0%/*}/lib.sh"
od_init 38
need_openssl

pki_init
pki_leaf_y leaf ec chain.test
C=.origins[0].chain
c_run()
{
    run_od "$1" --ca-file "$PKI/root.pem" --resolve "chain.test:$SRV_PORT:$ADDR" "chain.test:$SRV_PORT"
}

# Control: leaf, int2, int1.
ADDR=$(addr 2)
pki_cat good int2 int1
start_tls_server good "$ADDR" leaf leaf good
c_run good
assert_jq "$C.in_order" true
assert_jq "$C.complete" true
assert_jq "$C.expected_order | join(\",\")" 0,1,2
assert_finding_ids "net.private_address"
assert_verdict ok null 0

# chain.order: leaf, int1, int2.
ADDR=$(addr 3)
pki_cat wrong int1 int2
start_tls_server wrong "$ADDR" leaf leaf wrong
c_run order
assert_finding chain.order error null
assert_message_match chain.order 'should be sent in the order 0, 2, 1 '
assert_finding_ids "chain.order net.private_address"
assert_verdict fail 502 1
assert_jq "$C.in_order" false
assert_jq "$C.expected_order | join(\",\")" 0,2,1
assert_jq "[$C.as_received[] | .problems | index(\"out_of_order\") != null] | map(tostring) | join(\",\")" \
    false,true,true "positions 1 and 2 are out of order"

# chain.incomplete: the leaf alone.
ADDR=$(addr 4)
start_tls_server alone "$ADDR" leaf leaf ""
c_run leaf-alone
assert_finding chain.incomplete error null
assert_message_match chain.incomplete '^the issuer of CN=chain\.test \(CN=OD Test Int2\) was not sent and is not a trusted root$'
assert_finding_ids "chain.incomplete net.private_address"
assert_verdict fail 502 1
assert_jq "$C.complete" false

# chain.incomplete: int1 missing between int2 and the root.
ADDR=$(addr 5)
pki_cat noint1 int2
start_tls_server noint1 "$ADDR" leaf leaf noint1
c_run no-int1
assert_finding chain.incomplete error null
assert_message_match chain.incomplete '^the issuer of CN=OD Test Int2 \(CN=OD Test Int1\) was not sent'
assert_finding_ids "chain.incomplete net.private_address"
assert_verdict fail 502 1

# chain.root_included: a note; CloudFront still connects.
ADDR=$(addr 6)
pki_cat withroot int2 int1 root
start_tls_server withroot "$ADDR" leaf leaf withroot
c_run root
assert_finding chain.root_included info null
assert_message_match chain.root_included '^the server sends the root CN=OD Test Root$'
assert_finding_ids "chain.root_included net.private_address"
assert_verdict ok null 0
assert_jq "$C.as_received[3].problems | index(\"root\") != null" true "position 3 is the root"

# chain.extra: an unrelated CA certificate after the chain: a warning.
ADDR=$(addr 7)
pki_dated stray ec "/CN=OD Stray CA" ca_ext "" "$(od_date -1)" "$(od_date 365)"
pki_cat extra int2 int1 stray
start_tls_server extra "$ADDR" leaf leaf extra
c_run extra
assert_finding chain.extra warning null
assert_message_match chain.extra '^CN=OD Stray CA \(position 3\) is not on the path from the leaf$'
assert_finding_ids "chain.extra net.private_address"
assert_verdict ok null 0
assert_jq "$C.as_received[3].problems | join(\",\")" unrelated "position 3 is unrelated"

# 50 certificates: leaf, 48 intermediates in order, the root.  Counted, at
# most 32 recorded; neither a crash nor a hang.  (What the diagnosis says of
# the certificates not recorded: find_bug_longchain.sh.)
ADDR=$(addr 8)
prev=root
deep=()
for i in $(seq 48); do
    pki_dated "deep$i" ec "/CN=OD Deep $i" ca_ext "$prev" "$(od_date -1)" "$(od_date 365)"
    prev=deep$i
    deep=("deep$i" "${deep[@]}")
done
OD_ISSUER=deep48 pki_leaf_y deepleaf ec chain.test
pki_cat deepchain "${deep[@]}" root
assert_eq 49 "$(grep -c 'BEGIN CERTIFICATE' "$PKI/deepchain.pem")" "the chain file holds 49 certificates"
start_tls_server deep "$ADDR" deepleaf deepleaf deepchain
c_run deep50
assert_jq '.origins[0].addresses[0].tls.status' ok
assert_jq '.origins[0].addresses[0].tls.certificates_received' 50
assert_jq '.origins[0].addresses[0].tls.certificates | length' 32
assert_jq "$C.as_received | length" 32
assert_jq "$C.as_received[0].subject" CN=chain.test
assert_jq "$C.as_received[31].subject" "CN=OD Deep 18" "the 32nd recorded is the 32nd sent"
assert_no_finding chain.order
assert_match '^[01]$' "$OD_RC" "deep50: exit 0 or 1"
