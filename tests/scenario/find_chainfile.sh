#!/bin/bash
# --chain-file: the evidence a customer sends, judged with no network (the
# origin name does not resolve and nothing listens for it).  A PEM bundle
# (from a file and from standard input), a real `openssl s_client
# -showcerts` and `gnutls-cli --print-cert` transcript of a live server,
# DER, `aws acm get-certificate` JSON; the connection is "not checked"
# (origin.not_connected), never a pass.  Bad input: not a certificate, an
# empty file, a truncated PEM (a truthful partial judgement), 10,000 PEM
# blocks, escape sequences, a missing file; exit 2 when nothing usable.
. "${0%/*}/lib.sh"
od_init 48
need_openssl

pki_init
pki_leaf_y leaf ec offline.test
pki_cat sent leaf int2 int1
H=offline.invalid-origin.test
O=.origins[0]

# A PEM bundle for a name the leaf covers: the chain passes, the connection
# was not checked.
run_od pem --ca-file "$PKI/root.pem" --chain-file "$PKI/sent.pem" offline.test
assert_finding origin.not_connected info null
assert_message_match origin.not_connected "read from .*sent\.pem \(pem\); DNS, the connection"
assert_finding_ids "origin.not_connected"
assert_verdict ok null 0
assert_jq "$O.summary | test(\"connection was not checked\")" true "the summary says the connection was not checked"
assert_jq "$O.summary | test(\"would connect\")" false "never 'would connect'"
assert_jq "$O.chain_file.format" pem
assert_jq "$O.chain_file.source" "$PKI/sent.pem"
assert_jq "$O.chain_file.certificates" 3
assert_jq "$O.dns.status" not_checked
assert_jq "$O.addresses | length" 0 "no address was connected to"
assert_jq "$O.chain.as_received | length" 3
assert_jq "$O.chain.in_order" true

# The text report says so too.
timeout 30 "$ORIGIN_DOCTOR" --batch --ca-file "$PKI/root.pem" --chain-file "$PKI/sent.pem" offline.test >"$T/pem.txt" 2>&1
assert_eq 0 "$?" "text report: exit 0"
assert_match 'connection was not checked' "$(cat "$T/pem.txt")" "text report: the connection was not checked"

# The name checked is ORIGIN (or -H): a name the leaf does not cover fails.
run_od mismatch --ca-file "$PKI/root.pem" --chain-file "$PKI/sent.pem" "$H"
assert_finding cert.name_mismatch error null
assert_verdict fail 502 1
run_od host --ca-file "$PKI/root.pem" --chain-file "$PKI/sent.pem" -H offline.test "$H"
assert_no_finding cert.name_mismatch
assert_verdict ok null 0

# Standard input.
OD_RUN=stdin
OD_JSON=$T/stdin.json
timeout 30 "$ORIGIN_DOCTOR" --json --ca-file "$PKI/root.pem" --chain-file - offline.test <"$PKI/sent.pem" >"$OD_JSON" 2>"$T/stdin.err"
OD_RC=$?
OD_REPORTS+=("$OD_JSON")
assert_exit 0
assert_jq "$O.chain_file.source" -
assert_message_match origin.not_connected 'standard input'

# --at applies; so does --ca-file (without it nothing here is trusted).
run_od at --ca-file "$PKI/root.pem" --at "$(date -u -d '+2 years' +%Y-%m-%d)" --chain-file "$PKI/sent.pem" offline.test
assert_finding cert.expired error null
run_od notrust --ca-file "$PKI/int1.pem" --chain-file "$PKI/leaf.pem" offline.test
assert_finding chain.incomplete error null

# Live transcripts of a real server.
ADDR=$(addr 2)
pki_cat chain int2 int1
start_tls_server live "$ADDR" leaf leaf chain
timeout 10 "$OPENSSL" s_client -connect "$ADDR:$SRV_PORT" -servername offline.test -showcerts </dev/null >"$T/s_client.txt" 2>&1
run_od s_client --ca-file "$PKI/root.pem" --chain-file "$T/s_client.txt" offline.test
assert_jq "$O.chain_file.format" s_client
assert_jq "$O.chain.as_received | length" 3
assert_verdict ok null 0
timeout 10 gnutls-cli --print-cert --no-ca-verification --sni-hostname offline.test -p "$SRV_PORT" "$ADDR" </dev/null >"$T/gnutls-cli.txt" 2>&1
# as a terminal capture would have it: colour escapes around the blocks
printf '\033[1;32m' | cat - "$T/gnutls-cli.txt" | sed 's/^-----END CERTIFICATE-----$/-----END CERTIFICATE-----\x1b[0m/' >"$T/gnutls-esc.txt"
run_od gnutls_cli --ca-file "$PKI/root.pem" --chain-file "$T/gnutls-esc.txt" offline.test
assert_jq "$O.chain_file.format" gnutls_cli
assert_jq "$O.chain.as_received | length" 3
assert_verdict ok null 0

# DER: the leaf alone, so the chain is incomplete.
"$OPENSSL" x509 -in "$PKI/leaf.pem" -outform DER -out "$T/leaf.der"
run_od der --ca-file "$PKI/root.pem" --chain-file "$T/leaf.der" offline.test
assert_jq "$O.chain_file.format" der
assert_finding chain.incomplete error null
assert_verdict fail 502 1

# aws acm get-certificate: Certificate, then CertificateChain.
jq -n --rawfile c "$PKI/leaf.pem" --rawfile ch "$PKI/chain.pem" '{Certificate: $c, CertificateChain: $ch}' >"$T/acm-get-certificate.json"
run_od acm --ca-file "$PKI/root.pem" --chain-file "$T/acm-get-certificate.json" offline.test
assert_jq "$O.chain_file.format" acm_json
assert_jq "$O.chain.as_received | length" 3
assert_verdict ok null 0

# Bad input: nothing usable -> exit 2 and a clear line, no report.
bad()
{
    local name=$1 file=$2 want=$3 out rc
    out=$(timeout 30 "$ORIGIN_DOCTOR" --json --ca-file "$PKI/root.pem" --chain-file "$file" offline.test 2>&1 >"$T/$name.out")
    rc=$?
    assert_eq 2 "$rc" "$name: exit 2"
    assert_match "$want" "$out" "$name: says why"
    assert_eq "" "$(cat "$T/$name.out")" "$name: no report"
}
echo 'just some text' >"$T/text.txt"
bad text "$T/text.txt" 'no certificate in it'
: >"$T/empty.txt"
bad empty "$T/empty.txt" 'empty'
head -c 300 "$PKI/leaf.pem" >"$T/cut-leaf.pem"
bad cut_leaf "$T/cut-leaf.pem" 'first certificate'
bad missing "$T/no-such-file.pem" 'cannot read chain file'
printf '{"Certificate": 42}' >"$T/acm-bad.json"
bad acm_bad "$T/acm-bad.json" 'Certificate'

# A truncated last block: a truthful partial judgement (the chain breaks
# there) and a warning.
{ cat "$PKI/leaf.pem" "$PKI/int2.pem"; head -c 200 "$PKI/int1.pem"; } >"$T/cut-chain.pem"
run_od cut_chain --ca-file "$PKI/root.pem" --chain-file "$T/cut-chain.pem" offline.test
assert_jq "$O.chain_file.truncated" true
assert_jq "$O.chain_file.unreadable" 1
assert_finding chain.incomplete error null
assert_match 'cut short' "$(cat "$OD_JSON.err")" "a warning on stderr"
assert_verdict fail 502 1

# 10,000 PEM blocks (the leaf over and over): bounded, and not a pass.
for i in $(seq 10000); do cat "$PKI/leaf.pem"; done >"$T/many.pem"
run_od many --ca-file "$PKI/root.pem" --chain-file "$T/many.pem" offline.test
assert_jq "$O.chain_file.certificates" 10000
assert_jq "$O.verdict != \"ok\"" true "10,000 copies of the leaf are not a pass"

# Usage: one ORIGIN, no URL, no --demo.
run_usage "two origins" --chain-file "$PKI/sent.pem" a.test b.test
run_usage "with --demo" --chain-file "$PKI/sent.pem" --demo
