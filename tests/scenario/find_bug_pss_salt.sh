#!/bin/bash
# Expected to fail (XFAIL_TESTS) until origin-doctor is fixed.
# A leaf signed with RSA-PSS by an RSA CA, with OpenSSL's default (maximal)
# salt length; the server sends the leaf and that CA.  `openssl verify`
# accepts the signature; GnuTLS does not, and the chain analysis takes "the
# signature does not verify" for "not its issuer": besides cert.key it
# reports chain.incomplete ("the issuer of CN=psssig.test (CN=OD RSA CA) was
# not sent") and chain.extra ("CN=OD RSA CA (position 1) is not on the path
# from the leaf"), both untrue: the issuer was sent, right after the leaf.
. "${0%/*}/lib.sh"
od_init 44
need_openssl

pki_init
pki_dated rsaca rsa "/CN=OD RSA CA" ca_ext root "$(od_date -1)" "$(od_date 365)"
OD_ISSUER=rsaca OD_SIGOPT=rsa_padding_mode:pss pki_leaf_y psssigned rsa psssig.test
"$OPENSSL" verify -CAfile "$PKI/root.pem" -untrusted "$PKI/rsaca.pem" "$PKI/psssigned.pem" >/dev/null 2>&1
assert_eq 0 $? "openssl verify accepts the leaf"
start_tls_server pss "$(addr 2)" psssigned psssigned rsaca
run_od pss --ca-file "$PKI/root.pem" --resolve "psssig.test:$SRV_PORT:$(addr 2)" "psssig.test:$SRV_PORT"
assert_finding cert.key error null
assert_verdict fail 502 1
assert_no_finding chain.incomplete
assert_no_finding chain.extra
