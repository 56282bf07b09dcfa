#!/bin/bash
# Name findings: cert.name_mismatch and cert.cn_only, wildcards one and two
# labels deep, and a forwarded Host header (-H): SNI and the name check use
# the Host, so a certificate for the origin name alone fails and one for the
# Host passes.  The names a certificate covers are looked up (for a custom
# domain to suggest) in a local dnsmasq that knows nothing: no query leaves.
. "${0%/*}/lib.sh"
od_init 34
need_openssl; need_dnsmasq

start_dnsmasq dns "$(addr 53)" --local=/#/
DNS=$DNS_SERVER
pki_init
pki_cat chain int2 int1
N=.origins[0].names

# name_run NAME ORIGIN [option...]: ORIGIN (a name) at the last server.
name_run()
{
    local name=$1 origin=$2
    shift 2
    run_od "$name" "$@" --dns-server "$DNS" --ca-file "$PKI/root.pem" \
        --resolve "$origin:$SRV_PORT:$ADDR" "$origin:$SRV_PORT"
}

# Control: the certificate names the origin.
ADDR=$(addr 2)
pki_leaf_y exact ec origin.example.com
start_tls_server exact "$ADDR" exact exact chain
name_run exact origin.example.com
assert_jq "$N.checked" origin.example.com
assert_jq "$N.match" true
assert_jq "$N.rows[0] | \"\(.kind) \(.name) \(.match) \(.reason)\"" "san_dns origin.example.com true exact match"
assert_finding_ids "net.private_address"
assert_verdict ok null 0

# cert.name_mismatch: a certificate for another name.
ADDR=$(addr 3)
pki_leaf_y other ec other.example.com
start_tls_server other "$ADDR" other other chain
name_run mismatch origin.example.com
assert_finding cert.name_mismatch error null
assert_message_match cert.name_mismatch 'does not cover origin\.example\.com; it covers other\.example\.com$'
assert_finding_ids "cert.name_mismatch net.private_address"
assert_verdict fail 502 1
assert_jq "$N.match" false
assert_jq "$N.gnutls_match" false "GnuTLS agrees"
assert_jq "$N.rows[0] | \"\(.kind) \(.name) \(.match) \(.reason)\"" "san_dns other.example.com false different name"
assert_jq "[.origins[0].name_lookups[] | \"\(.name)/\(.status)\"] | join(\" \")" "other.example.com/nxdomain" \
    "the certificate's name looked up, locally"
assert_jq '.origins[0].suggested_origins | length' 0

# cert.cn_only: no SAN at all; the name is in the CN.  A warning only.
ADDR=$(addr 4)
pki_dated cnonly ec /CN=origin.example.com leaf_nosan_ext int2 "$(od_date -1)" "$(od_date 365)"
start_tls_server cnonly "$ADDR" cnonly cnonly chain
name_run cnonly origin.example.com
assert_finding cert.cn_only warning null
assert_message_match cert.cn_only '^origin\.example\.com matches only the Common Name'
assert_finding_ids "cert.cn_only net.private_address"
assert_verdict ok null 0
assert_jq "$N.has_san" false
assert_jq "$N.cn_only_match" true
assert_jq "$N.rows | map(\"\(.kind) \(.name) \(.match)\") | join(\",\")" "cn origin.example.com true"

# The same CN-only certificate for another name: a mismatch, not cn_only.
name_run cnonly-other www.example.com
assert_finding cert.name_mismatch error null
assert_no_finding cert.cn_only
assert_verdict fail 502 1

# A CN naming the origin is ignored when there are SANs.
ADDR=$(addr 5)
OD_SAN=DNS:other.example.com pki_dated cnsan ec /CN=origin.example.com leaf_ext int2 "$(od_date -1)" "$(od_date 365)"
start_tls_server cnsan "$ADDR" cnsan cnsan chain
name_run cnsan origin.example.com
assert_finding cert.name_mismatch error null
assert_no_finding cert.cn_only
assert_jq "$N.rows[] | select(.kind == \"cn\") | .reason" "CN is ignored when the certificate has SANs"
assert_verdict fail 502 1

# Wildcards: *.example.com covers one label (a.example.com), not two.
ADDR=$(addr 6)
pki_leaf_y wild ec '*.example.com'
start_tls_server wild "$ADDR" wild wild chain
name_run wild1 a.example.com
assert_jq "$N.match" true
assert_jq "$N.rows[0].reason" "wildcard match (one label)"
assert_no_finding cert.name_mismatch
assert_finding_ids "net.private_address"
assert_verdict ok null 0
name_run wild2 a.b.example.com
assert_finding cert.name_mismatch error null
assert_finding_ids "cert.name_mismatch net.private_address"
assert_verdict fail 502 1
assert_jq "$N.rows[0].match" false
assert_match 'one label' "$(jqr "$N.rows[0].reason")" "wild2: the reason says a wildcard covers one label"
assert_jq "$N.gnutls_match" false "GnuTLS agrees"
# Nor the bare parent.
name_run wild0 example.com
assert_finding cert.name_mismatch error null

# Host header forwarded: the certificate covers only the origin's name.
ADDR=$(addr 7)
pki_leaf_y originonly ec origin.example.com
start_tls_server hostonly "$ADDR" originonly originonly chain
name_run host-fail origin.example.com -H www.example.com
assert_jq '.origins[0].host_header' www.example.com
assert_jq '.origins[0].sni' www.example.com "SNI is the Host header"
assert_jq "$N.checked" www.example.com "the name checked is the Host header"
assert_finding cert.name_mismatch error null
assert_message_match cert.name_mismatch 'does not cover www\.example\.com; it covers origin\.example\.com$'
assert_finding_ids "cert.name_mismatch net.private_address"
assert_verdict fail 502 1

# A server that serves www.example.com's certificate only to SNI
# www.example.com and ends any other handshake (fatal unrecognized_name): it
# passes with -H, which proves the SNI sent; without -H it fails.  (s_server
# sends no chain with -cert2: that leaf is signed by the root itself.)
ADDR=$(addr 8)
OD_ISSUER=root pki_leaf_y wwwonly ec www.example.com
start_tls_server hostsni "$ADDR" originonly originonly chain -servername www.example.com \
    -cert2 "$PKI/wwwonly.pem" -key2 "$PKI/wwwonly.key" -servername_fatal
name_run host-pass origin.example.com -H www.example.com
assert_jq "$N.checked" www.example.com
assert_jq "$N.match" true
assert_jq '.origins[0].addresses[0].tls.certificates[0].subject' CN=www.example.com "the Host's certificate was served"
assert_finding_ids "net.private_address"
assert_verdict ok null 0
name_run host-none origin.example.com
assert_jq '.origins[0].sni' origin.example.com
assert_jq '.origins[0].addresses[0].tls.alert.number' 112 "without -H the server saw SNI origin.example.com"
assert_verdict fail 502 1
