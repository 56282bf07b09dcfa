#!/bin/bash
# The closing-note table of issue 11: for each path-validation fixture (the
# chains of tests/scenario/find_validate.sh, plus a leaf revoked by a CRL),
# what origin-doctor reports (--chain-file, offline) beside what GnuTLS's
# `certtool --verify` says for the same chain, the same trust anchor, the
# name checked and the serverAuth purpose.  Prints a Markdown table; run
# from the top of the tree after `make`:
#
#   bench/validation-table.sh > /tmp/table.md
#
# Needs openssl, certtool (gnutls-bin) and jq.  No network, no server.
. "$(cd "${0%/*}/.." && pwd)/tests/scenario/lib.sh"
. "$OD_SCENARIO_DIR/validate_fixtures.sh"
od_init 99
need_openssl
command -v certtool >/dev/null 2>&1 || hard_error "certtool (gnutls-bin) is not installed"

vf_make
# A leaf revoked by its issuer's CRL (openssl ca keeps the database).
pki_leaf_y revoked ec revoked.test
OD_SAN=DNS:unused "$OPENSSL" ca -batch -config "$PKI/ca.cnf" -cert "$PKI/int2.pem" -keyfile "$PKI/int2.key" \
    -revoke "$PKI/revoked.pem" >"$T/revoke.log" 2>&1 &&
    OD_SAN=DNS:unused "$OPENSSL" ca -batch -config "$PKI/ca.cnf" -cert "$PKI/int2.pem" \
        -keyfile "$PKI/int2.key" -gencrl -crldays 30 -out "$PKI/revoked.crl" >>"$T/revoke.log" 2>&1 ||
    hard_error "cannot make the CRL: $(cat "$T/revoke.log")"
VF_CASES+=("revoked revoked.test revoked_CRL int2 int1")

echo "| rule family | chain | origin-doctor (offline, --chain-file) | certtool --verify |"
echo "|---|---|---|---|"
for c in "${VF_CASES[@]}"; do
    read -r name host family chain <<<"$c"
    pki_cat "$name.chain" $chain
    cat "$PKI/$name.pem" "$PKI/$name.chain.pem" >"$PKI/$name.sent.pem"
    crl=()
    ctcrl=()
    if [ "$name" = revoked ]; then
        crl=(--crl-file "$PKI/revoked.crl")
        ctcrl=(--load-crl "$PKI/revoked.crl")
    fi
    timeout 30 "$ORIGIN_DOCTOR" --json --ca-file "$PKI/root.pem" "${crl[@]}" \
        --chain-file "$PKI/$name.sent.pem" "$host" >"$T/$name.json" 2>"$T/$name.err"
    rc=$?
    [ "$rc" -le 1 ] || hard_error "$name: origin-doctor exited $rc: $(cat "$T/$name.err")"
    od=$(jq -r '.origins[0] | "\(.verdict)\(if .cloudfront_status then " \(.cloudfront_status)" else "" end): " +
        ([.findings[] | select(.id != "origin.not_connected") | "`\(.id)` (\(.severity))"] | unique |
         if length == 0 then "no finding" else join(", ") end)' "$T/$name.json")
    certtool --verify --load-ca-certificate "$PKI/root.pem" "${ctcrl[@]}" --infile "$PKI/$name.sent.pem" \
        --verify-hostname "$host" --verify-purpose 1.3.6.1.5.5.7.3.1 >"$T/$name.ct" 2>&1
    ctrc=$?
    ct=$(sed -n 's/^Chain verification output: //p' "$T/$name.ct" | tail -n 1 | sed 's/[. ]*$//')
    # certtool may stop on a certificate it cannot print: its own error.
    [ -n "$ct" ] || ct="no chain verdict: certtool exits $ctrc with \"$(grep -E '^[a-z_0-9]+: ' "$T/$name.ct" | tail -n 1)\""
    OD_CHECKS=$((OD_CHECKS + 1))
    echo "| ${family//_/ } | $name (leaf ${chain// /, }) | $od | $ct |"
done
