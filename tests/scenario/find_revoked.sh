#!/bin/bash
# cert.revoked: --crl-file adds CRLs to GnuTLS's verification.  The CRLs are
# made here: openssl ca revokes the leaf (int2's CRL, PEM and DER), certtool
# revokes int2 (int1's CRL).  Served live by openssl s_server and read
# through --chain-file, the same finding with the certificate's place in
# the chain.  Without the CRL, or with a CRL that lists another
# certificate, the chain passes; a file that holds no CRL is refused.
. "${0%/*}/lib.sh"
od_init 91
need_openssl
command -v certtool >/dev/null 2>&1 || skip "certtool (gnutls-bin) is not installed"

pki_init
pki_leaf_y leaf ec revoked.test
pki_leaf_y other ec other.test
pki_cat chain int2 int1
pki_cat sent leaf int2 int1
ROOT=$PKI/root.pem

# int2's CRL listing the leaf: openssl ca's own database (pki_dated made
# the leaf with it).
OD_SAN=DNS:unused "$OPENSSL" ca -batch -config "$PKI/ca.cnf" -cert "$PKI/int2.pem" -keyfile "$PKI/int2.key" \
    -revoke "$PKI/leaf.pem" >"$T/revoke.log" 2>&1 || hard_error "openssl ca -revoke: $(cat "$T/revoke.log")"
OD_SAN=DNS:unused "$OPENSSL" ca -batch -config "$PKI/ca.cnf" -cert "$PKI/int2.pem" -keyfile "$PKI/int2.key" \
    -gencrl -crldays 30 -out "$T/leaf-crl.pem" >>"$T/revoke.log" 2>&1 || hard_error "openssl ca -gencrl: $(cat "$T/revoke.log")"
"$OPENSSL" crl -in "$T/leaf-crl.pem" -outform DER -out "$T/leaf-crl.der" || hard_error "openssl crl -outform DER"
# int1's CRL listing int2, made by GnuTLS's certtool.
printf 'crl_next_update = 30\ncrl_number = 7\n' >"$T/crl.tmpl"
certtool --generate-crl --load-ca-certificate "$PKI/int1.pem" --load-ca-privkey "$PKI/int1.key" \
    --load-certificate "$PKI/int2.pem" --template "$T/crl.tmpl" --outfile "$T/int2-crl.pem" \
    >"$T/certtool.log" 2>&1 || hard_error "certtool --generate-crl: $(cat "$T/certtool.log")"
# int2's CRL listing only another leaf: the database's leaf entry made
# valid again, the other leaf revoked.
sed -i 's/^R\t\([^\t]*\)\t[^\t]*\t/V\t\1\t\t/' "$PKI/ca/index.txt"
OD_SAN=DNS:unused "$OPENSSL" ca -batch -config "$PKI/ca.cnf" -cert "$PKI/int2.pem" -keyfile "$PKI/int2.key" \
    -revoke "$PKI/other.pem" >>"$T/revoke.log" 2>&1 &&
    OD_SAN=DNS:unused "$OPENSSL" ca -batch -config "$PKI/ca.cnf" -cert "$PKI/int2.pem" -keyfile "$PKI/int2.key" \
        -gencrl -crldays 30 -out "$T/other-crl.pem" >>"$T/revoke.log" 2>&1 || hard_error "the other CRL: $(cat "$T/revoke.log")"
"$OPENSSL" crl -in "$T/other-crl.pem" -noout -text | grep -q "$("$OPENSSL" x509 -in "$PKI/leaf.pem" -noout -serial | cut -d= -f2)" &&
    hard_error "the other CRL lists the leaf"

ADDR=$(addr 2)
start_tls_server live "$ADDR" leaf leaf chain
R=(--resolve "revoked.test:$SRV_PORT:$ADDR" --no-http --vpc-origin)

# Without a CRL the chain is good: the finding comes from the CRL.
run_od live_nocrl --ca-file "$ROOT" "${R[@]}" "revoked.test:$SRV_PORT"
assert_no_finding cert.revoked
assert_verdict ok null 0

# Live, the leaf revoked by int2's CRL (PEM).  CloudFront's revocation
# checking is not documented: the verdict is unknown, never "would connect".
run_od live_pem --ca-file "$ROOT" --crl-file "$T/leaf-crl.pem" "${R[@]}" "revoked.test:$SRV_PORT"
assert_finding cert.revoked error null
assert_message_match cert.revoked 'revoked\.test \(position 0\) is revoked by a CRL'
assert_finding_ids "cert.revoked"
assert_verdict unknown null 1
assert_jq '.origins[0].summary | test("would connect")' false "never 'would connect'"

# The same chain through --chain-file: the same findings (with the note
# that nothing was connected).
run_od file_pem --ca-file "$ROOT" --crl-file "$T/leaf-crl.pem" --chain-file "$PKI/sent.pem" revoked.test
assert_finding cert.revoked error null
assert_message_match cert.revoked '\(position 0\)'
assert_finding_ids "cert.revoked origin.not_connected"
assert_verdict unknown null 1

# A DER CRL, and two --crl-file options (the other CRL beside it).
run_od file_der --ca-file "$ROOT" --crl-file "$T/other-crl.pem" --crl-file "$T/leaf-crl.der" \
    --chain-file "$PKI/sent.pem" revoked.test
assert_finding cert.revoked error null
assert_verdict unknown null 1

# The intermediate revoked by int1's CRL (made by certtool): position 1.
run_od live_int --ca-file "$ROOT" --crl-file "$T/int2-crl.pem" "${R[@]}" "revoked.test:$SRV_PORT"
assert_finding cert.revoked error null
assert_message_match cert.revoked 'OD Test Int2 \(position 1\) is revoked'
assert_verdict unknown null 1

# A CRL of the same issuer that lists another certificate: nothing revoked.
run_od other --ca-file "$ROOT" --crl-file "$T/other-crl.pem" "${R[@]}" "revoked.test:$SRV_PORT"
assert_no_finding cert.revoked
assert_verdict ok null 0

# The text report names it too.
timeout 30 "$ORIGIN_DOCTOR" --batch --ca-file "$ROOT" --crl-file "$T/leaf-crl.pem" \
    --chain-file "$PKI/sent.pem" revoked.test >"$T/text.out" 2>&1
assert_eq 1 "$?" "text report: exit 1"
assert_match 'cert\.revoked|revoked' "$(cat "$T/text.out")" "text report: the revocation is named"

# Bad input: a certificate given as a CRL, garbage, a missing file, a
# directory: exit 2 naming the file.
run_usage crl_cert --ca-file "$ROOT" --crl-file "$PKI/leaf.pem" --chain-file "$PKI/sent.pem" revoked.test
assert_match "leaf\.pem" "$(cat "$T/crl_cert.err")" "a certificate as CRL: the file is named"
printf 'not a CRL at all\n' >"$T/junk.crl"
run_usage crl_junk --ca-file "$ROOT" --crl-file "$T/junk.crl" --chain-file "$PKI/sent.pem" revoked.test
assert_match "junk\.crl" "$(cat "$T/crl_junk.err")" "garbage: the file is named"
run_usage crl_missing --ca-file "$ROOT" --crl-file "$T/nothing.crl" --chain-file "$PKI/sent.pem" revoked.test
run_usage crl_dir --ca-file "$ROOT" --crl-file "$T" --chain-file "$PKI/sent.pem" revoked.test
run_usage crl_demo --demo --crl-file "$T/leaf-crl.pem"
