#!/bin/bash
# A hostile certificate list: the leaf followed by 70 certificates.  The probe
# counts them all, records at most 32, and neither crashes nor hangs.
. "${0%/*}/lib.sh"
od_init 13

pki_leaf leaf ec huge.test
fillers=()
for i in $(seq 70); do
    OD_SAN=DNS:filler.test "$OPENSSL" req -config "$PKI/openssl.cnf" -x509 -key "$PKI/int2.key" -subj "/CN=filler $i" \
        -days 30 -extensions ca_ext -out "$PKI/filler$i.pem" 2>/dev/null ||
        hard_error "cannot make filler certificate $i"
    fillers+=("filler$i")
done
pki_cat huge int2 int1 "${fillers[@]}"
assert_eq 72 "$(grep -c 'BEGIN CERTIFICATE' "$PKI/huge.pem")" "chain file holds 72 certificates"

A=.origins[0].addresses[0]
start_tls_server huge "$(addr 2)" leaf leaf huge
run_od huge --ca-file "$PKI/root.pem" --resolve "huge.test:$SRV_PORT:$(addr 2)" "huge.test:$SRV_PORT"
assert_match '^[01]$' "$OD_RC" "huge: exit 0 or 1"
assert_cmp -ge "$(jqr "$A.tls.certificates_received")" 60 "huge: certificates_received counts them all"
assert_jq "$A.tls.certificates | length" 32 "at most 32 certificates recorded"
assert_jq "$A.tls.certificates[0].sha256 | ascii_downcase" "$(cert_sha256 leaf)" "the leaf recorded first"
assert_jq "$A.tls.certificates[31].subject" "$(cert_subject filler29)" "the 32nd recorded is the 32nd sent"
