#!/bin/bash
# A leaf whose key CloudFront does not take (Ed25519, ECDSA P-521, an RSA-PSS
# key): GnuTLS with CloudFront's profile cannot complete the handshake (no
# signature algorithm or curve for that key in the profile); the explaining
# handshake "any cipher" completes with a suite that IS in CloudFront's list,
# so the cause is the key, not the suites: cert.key, never tls.cipher.
. "${0%/*}/lib.sh"
od_init 41
need_openssl

pki_init
pki_cat chain int2 int1
n=2
for type in ed25519 ec521 rsapss; do
    ADDR=$(addr $n)
    n=$((n + 1))
    pki_dated "$type" "$type" "/CN=$type.test" leaf_ext int2 "$(od_date -1)" "$(od_date 365)"
    start_tls_server "$type" "$ADDR" "$type" "$type" chain
    run_od "$type" --ca-file "$PKI/root.pem" --resolve "$type.test:$SRV_PORT:$ADDR" "$type.test:$SRV_PORT"
    assert_verdict fail 502 1
    # The suite the explaining handshake got, when it got one, is CloudFront's:
    # then "no suite in common" cannot be the cause.
    suite=$(jqr '.origins[0].addresses[0].explain.any_cipher.cipher_suite')
    assert_jq "[$(finding_sel tls.cipher)] | length" 0 "$type: not tls.cipher (any_cipher picked $suite)"
    assert_jq "[.origins[0].findings[] | select(.id == \"cert.key\")] | length > 0" true "$type: cert.key"
done
