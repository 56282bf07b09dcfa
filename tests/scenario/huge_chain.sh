#!/bin/bash
# A hostile certificate list: the leaf followed by 72 certificates.  The probe
# counts them all, records at most 32, and neither crashes nor hangs.  A
# certificate over 64 KiB is kept (up to 128 KiB, GnuTLS's limit) and judged.
. "${0%/*}/lib.sh"
od_init 13
need_openssl

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

# A 70 KB leaf (a long nsComment), sent with the usual chain.
comment=$(head -c 70000 /dev/zero | tr '\0' x)
OD_SAN=DNS:big.test "$OPENSSL" req -config "$PKI/openssl.cnf" -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
    -nodes -keyout "$PKI/bigleaf.key" -out "$PKI/bigleaf.pem" -subj /CN=big.test -days 30 \
    -extensions leaf_ext -addext "nsComment=$comment" -CA "$PKI/int2.pem" -CAkey "$PKI/int2.key" 2>/dev/null ||
    hard_error "cannot make the 70 KB certificate"
size=$("$OPENSSL" x509 -in "$PKI/bigleaf.pem" -outform DER | wc -c)
assert_cmp -gt "$size" 65536 "the big leaf is over 64 KiB"
pki_cat chain int2 int1
start_tls_server big "$(addr 3)" bigleaf bigleaf chain
run_od big --ca-file "$PKI/root.pem" --resolve "big.test:$SRV_PORT:$(addr 3)" "big.test:$SRV_PORT"
assert_match '^[01]$' "$OD_RC" "big: exit 0 or 1"
assert_jq "$A.tls.certificates_received" 3
assert_jq "$A.tls.certificates[0].size" "$size" "size as received"
assert_jq "$A.tls.certificates[0].der != null" true "DER over 64 KiB kept"
assert_jq "$A.tls.certificates[1].sha256 | ascii_downcase" "$(cert_sha256 int2)" "the next certificate recorded normally"
