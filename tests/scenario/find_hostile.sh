#!/bin/bash
# Hostile certificates: a subject and SANs full of terminal escapes and other
# controls (nothing raw may reach a JSON string or the --batch text), a
# 2,000-name SAN list (kept rows capped, the rest counted, the match still
# found), and a malformed leaf (its outer signature algorithm differs from
# the inner one: OpenSSL sends it, GnuTLS cannot parse it): no crash, the
# handshake failure is reported.
. "${0%/*}/lib.sh"
od_init 40
need_openssl; need_dnsmasq

start_dnsmasq dns "$(addr 53)" --local=/#/
DNS=$DNS_SERVER
pki_init
pki_cat chain int2 int1

# h_run NAME ORIGIN
h_run()
{
    run_od "$1" --dns-server "$DNS" --ca-file "$PKI/root.pem" --resolve "$2:$SRV_PORT:$ADDR" "$2:$SRV_PORT"
}
# A jq filter: every string, keys included, with a C0 or C1 control, DEL or
# a bidirectional override in it.
RAW='[.. | (strings, (objects | keys[])) | select(test("[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]"))]'

# Escapes: ESC sequences (clear screen, OSC title), CR, BEL, DEL, the C1 CSI
# (U+009B), a right-to-left override (U+202E), and an invalid UTF-8 byte.
ADDR=$(addr 2)
E=$'\e' BEL=$'\a' DEL=$'\x7f' CSI=$'\xc2\x9b' CR=$'\r' RLO=$'\xe2\x80\xae' FF=$'\xff'
OD_SAN="DNS:evil${E}]0;pwned${BEL}.example.com,DNS:x${DEL}${CSI}31m${RLO}moc.example.com,DNS:bad${FF}.example.com,DNS:ok.example.com" \
    pki_dated evil ec "/CN=evil${E}[2J${CR}${CSI}1m.example.com/O=Org${E}[31mRed${RLO}" leaf_ext int2 \
    "$(od_date -1)" "$(od_date 365)"
"$OPENSSL" x509 -in "$PKI/evil.pem" -noout -ext subjectAltName | grep -q "evil${E}]0;pwned${BEL}" ||
    hard_error "the hostile SAN did not make it into the certificate"
# The byte checks below find these bytes where they are raw: in openssl's text.
"$OPENSSL" x509 -in "$PKI/evil.pem" -noout -ext subjectAltName >"$T/evil-openssl.txt"
assert_cmp -gt "$(LC_ALL=C grep -cP '[\x00-\x08\x0b-\x1f\x7f]' "$T/evil-openssl.txt")" 0 "the C0 check finds openssl's raw SANs"
assert_cmp -gt "$(LC_ALL=C grep -caP '\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xff' "$T/evil-openssl.txt")" 0 \
    "the C1/bidi/invalid-byte check finds openssl's raw SANs"
start_tls_server evil "$ADDR" evil evil chain
h_run evil hostile.test
assert_finding cert.name_mismatch error null
assert_finding_ids "cert.name_mismatch net.private_address"
assert_verdict fail 502 1
assert_jq "$RAW | length" 0 "no raw control character in any JSON string"
assert_jq '[.. | strings | select(contains("\u001b"))] | length' 0 "no ESC anywhere"
assert_jq '.origins[0].names.rows[0].name' 'evil\x1B]0;pwned\x07.example.com' "the SAN shown escaped"
assert_jq '.origins[0].names.rows[1].name' 'x\x7F\u{9B}31m\u{202E}moc.example.com' "DEL, CSI and RLO shown escaped"
assert_jq '.origins[0].names.rows[2].name' 'bad\xFF.example.com' "an invalid UTF-8 byte shown escaped"
assert_jq '.origins[0].chain.as_received[0].subject | test("^O=Org\\\\x1B\\[31mRed\\\\u\\{202E\\},CN=evil\\\\x1B\\[2J\\\\x0D\\\\u\\{9B\\}1m\\.example\\.com$")' \
    true "the subject shown escaped ($(jqr '.origins[0].chain.as_received[0].subject'))"
assert_jq '[.origins[0].name_lookups[].name] | join(" ")' ok.example.com "only the clean name is looked up"
run_batch evil-text --dns-server "$DNS" --ca-file "$PKI/root.pem" --resolve "hostile.test:$SRV_PORT:$ADDR" "hostile.test:$SRV_PORT"
assert_eq 1 "$OD_RC" "evil-text: exit status"
assert_cmp -gt "$(wc -l <"$T/evil-text.txt")" 10 "evil-text: a report was printed"
assert_eq 0 "$(LC_ALL=C grep -cP '[\x00-\x08\x0b-\x1f\x7f]' "$T/evil-text.txt")" "evil-text: no raw C0 control or DEL"
assert_eq 0 "$(LC_ALL=C grep -caP '\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xff' "$T/evil-text.txt")" \
    "evil-text: no raw C1 control, bidi override or invalid byte"
assert_match 'evil\\x1B\]0;pwned\\x07\.example\.com' "$(cat "$T/evil-text.txt")" "evil-text: the SAN shown escaped"

# 2,000 SANs, the origin's name the last of them.
ADDR=$(addr 3)
san=$(for i in $(seq 2000); do printf 'DNS:n%d.example.com,' "$i"; done)
OD_SAN="${san}DNS:many.test" pki_dated many ec /CN=many.test leaf_ext int2 "$(od_date -1)" "$(od_date 365)"
start_tls_server many "$ADDR" many many chain
h_run many many.test
assert_jq '.origins[0].names.match' true "the 2,001st name matches"
assert_jq '.origins[0].names.gnutls_match' true
assert_jq '.origins[0].names.rows | length' 256
assert_jq '.origins[0].names.rows_dropped' 1746 "2,001 SANs and a CN: 1,746 rows dropped"
assert_finding_ids "net.private_address"
assert_verdict ok null 0
# ... and for another name: a mismatch, the lookups capped.
h_run many-other other.test
assert_finding cert.name_mismatch error null
assert_jq '.origins[0].names.rows_dropped > 0' true
assert_cmp -le "$(jqr '.origins[0].name_lookups | length')" 16 "name lookups capped"
assert_verdict fail 502 1

# A malformed leaf.
ADDR=$(addr 4)
pki_leaf_y okleaf ec malformed.test
pki_mangle_sigalg okleaf badleaf
start_tls_server badleaf "$ADDR" badleaf badleaf chain
h_run malformed malformed.test
assert_jq '.origins[0].addresses[0].tcp.status' connected
assert_jq '.origins[0].addresses[0].tls.error.name' GNUTLS_E_CERTIFICATE_ERROR
assert_finding tls.handshake error "$ADDR"
assert_finding_ids "tls.handshake net.private_address"
assert_verdict fail 502 1
