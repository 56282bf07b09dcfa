#!/bin/bash
# Trust and key findings: cert.self_signed (a self-signed leaf, as an nginx
# behind a TLS-passthrough load balancer serves), cert.untrusted (a private CA
# whose root the server sends, not in the trust store), and cert.key (a leaf
# signed with EdDSA by an Ed25519 CA; a leaf signed with RSA-PSS).
. "${0%/*}/lib.sh"
od_init 37
need_openssl

pki_init
k_run()
{
    local name=$1 origin=$2
    shift 2
    run_od "$name" "$@" --ca-file "$PKI/root.pem" --resolve "$origin:$SRV_PORT:$ADDR" "$origin:$SRV_PORT"
}
L=.origins[0].chain.as_received[0]

# cert.self_signed: the leaf alone, signed by its own key.
ADDR=$(addr 2)
pki_dated self ec /CN=passthrough.test self_ext "" "$(od_date -1)" "$(od_date 365)"
start_tls_server self "$ADDR" self self ""
k_run self passthrough.test
assert_finding cert.self_signed error null
assert_message_match cert.self_signed '^CN=passthrough\.test is self-signed$'
assert_finding_ids "cert.self_signed net.private_address"
assert_verdict fail 502 1
assert_jq "$L.problems | index(\"self_signed\") != null" true "the leaf's problems say self-signed"

# cert.untrusted: a private hierarchy (root, intermediate, leaf); the server
# sends all three; the trust store holds only the test root.
ADDR=$(addr 3)
pki_dated proot ec "/CN=OD Private Root" ca_ext "" "$(od_date -1)" "$(od_date 3650)"
pki_dated pint ec "/CN=OD Private Int" ca_ext proot "$(od_date -1)" "$(od_date 3650)"
OD_ISSUER=pint pki_leaf_y private ec private.test
pki_cat pchain pint proot
start_tls_server private "$ADDR" private private pchain
k_run untrusted private.test
assert_finding cert.untrusted error null
assert_message_match cert.untrusted '^the chain ends at CN=OD Private Root, which is not in the trust store$'
assert_finding chain.root_included info null
assert_finding_ids "cert.untrusted chain.root_included net.private_address"
assert_verdict fail 502 1
assert_jq '.origins[0].chain.anchored' false
# The same chain with the private root trusted: only the root note remains.
run_od untrusted-trusted --ca-file "$PKI/proot.pem" --resolve "private.test:$SRV_PORT:$ADDR" "private.test:$SRV_PORT"
assert_finding_ids "chain.root_included net.private_address"
assert_verdict ok null 0
assert_jq '.origins[0].chain.anchor' "CN=OD Private Root"

# The usual private-CA server sends no root: nothing shows the chain ends at
# an unknown root rather than at a missing intermediate, and the report says
# chain.incomplete (the issuer was not sent and is not trusted).
ADDR=$(addr 4)
pki_cat pchain2 pint
start_tls_server private2 "$ADDR" private private pchain2
k_run private-noroot private.test
assert_finding chain.incomplete error null
assert_message_match chain.incomplete 'the issuer of CN=OD Private Int \(CN=OD Private Root\) was not sent'
assert_finding_ids "chain.incomplete net.private_address"
assert_verdict fail 502 1

# cert.key: an ECDSA P-256 leaf signed with Ed25519 by an Ed25519 CA (the
# handshake itself is ECDSA, so it completes; the signature is the problem).
ADDR=$(addr 5)
pki_dated edca ed25519 "/CN=OD Ed25519 CA" ca_ext root "$(od_date -1)" "$(od_date 365)"
OD_ISSUER=edca pki_leaf_y edsigned ec edsig.test
start_tls_server edsigned "$ADDR" edsigned edsigned edca
k_run eddsa edsig.test
assert_finding cert.key error null
assert_message_match cert.key '^CN=edsig\.test has a ECDSA P-256 key signed with EdDSA-Ed25519$'
assert_finding_ids "cert.key net.private_address"
assert_verdict fail 502 1
assert_jq "$L.problems | index(\"bad_signature\") != null" true "the leaf's problems name the signature"

# cert.key: an RSA leaf signed with RSA-PSS (salt = hash length) by an RSA CA.
ADDR=$(addr 6)
pki_dated rsaca rsa "/CN=OD RSA CA" ca_ext root "$(od_date -1)" "$(od_date 365)"
OD_ISSUER=rsaca OD_SIGOPT="rsa_padding_mode:pss rsa_pss_saltlen:32" pki_leaf_y psssigned rsa psssig.test
start_tls_server psssigned "$ADDR" psssigned psssigned rsaca
k_run pss psssig.test
assert_finding cert.key error null
assert_message_match cert.key '^CN=psssig\.test has a RSA 2048 key signed with RSA-PSS-SHA256$'
assert_finding_ids "cert.key net.private_address"
assert_verdict fail 502 1

# Control: the same RSA CA signing with PKCS#1 v1.5.
OD_ISSUER=rsaca pki_leaf_y pkcs1 rsa pkcs1.test
start_tls_server pkcs1 "$(addr 7)" pkcs1 pkcs1 rsaca
ADDR=$(addr 7)
k_run pkcs1 pkcs1.test
assert_finding_ids "net.private_address"
assert_verdict ok null 0
