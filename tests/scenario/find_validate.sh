#!/bin/bash
# Path validation, live: chains that strict validators reject, each made
# here with openssl and served by openssl s_server in the order leaf,
# intermediates.  GnuTLS's verdict as findings with their place (a signer
# that is not a CA, name constraints, path length, EKU without serverAuth,
# a SHA-1 signature, an unknown critical extension, an intermediate whose
# key usage lacks keyCertSign) and the strict checks GnuTLS does not make
# (v1 CA, leaf CA:TRUE, serial zero, SAN syntax, wildcard on a public
# suffix, malformed AIA, RSA 2047, P-192, empty CA subject, RSA 1024).
# Each chain is also judged through --chain-file (the file holding what
# the server sends) and must give the same findings, verdict and exit.
. "${0%/*}/lib.sh"
od_init 47
need_openssl

# The chains (made with openssl; shared with bench/validation-table.sh).
. "$OD_SCENARIO_DIR/validate_fixtures.sh"
vf_make

N=2
# serve NAME HOST CHAIN...: serves $PKI/NAME.pem with the chain CHAIN...
# (names in $PKI) and judges HOST against the test root.
serve()
{
    local name=$1 host=$2
    shift 2
    pki_cat "$name.chain" "$@"
    ADDR=$(addr $N)
    N=$((N + 1))
    start_tls_server "$name" "$ADDR" "$name" "$name" "$name.chain" -cipher 'DEFAULT:@SECLEVEL=0'
    cat "$PKI/$name.pem" "$PKI/$name.chain.pem" >"$PKI/$name.sent.pem"
    # The same chain through --chain-file first: the same findings (but
    # the connection's), the same verdict and exit status, no network.
    run_od "$name.offline" --ca-file "$PKI/root.pem" --chain-file "$PKI/$name.sent.pem" "$host:$SRV_PORT"
    local off=$OD_JSON off_rc=$OD_RC
    run_od "$name" --ca-file "$PKI/root.pem" --resolve "$host:$SRV_PORT:$ADDR" "$host:$SRV_PORT"
    assert_eq "$(jq -c '[.origins[0].findings[] | select(.id != "net.private_address") | [.id, .message]] | sort' "$OD_JSON")" \
        "$(jq -c '[.origins[0].findings[] | select(.id != "origin.not_connected") | [.id, .message]] | sort' "$off")" \
        "$name: --chain-file gives the live run's findings and messages"
    assert_eq "$(jqr '.origins[0] | [.verdict, .cloudfront_status] | tostring')" \
        "$(jqr '.origins[0] | [.verdict, .cloudfront_status] | tostring' "$off")" "$name: and its verdict"
    assert_eq "$OD_RC" "$off_rc" "$name: and its exit status"
    assert_eq "$(jqr '[.origins[0].chain.as_received[].sha256] | join(",")')" \
        "$(jqr '[.origins[0].chain.as_received[].sha256] | join(",")' "$off")" "$name: the same certificates"
    assert_eq "origin.not_connected" "$(jqr '[.origins[0].findings[] | select(.id == "origin.not_connected") | .id] | join(",")' "$off")" \
        "$name: --chain-file says the connection was not checked"
}

# Control: a good chain made the same way gives no validation finding.
serve good good.test int2 int1
assert_finding_ids "net.private_address"
assert_verdict ok null 0

# GnuTLS's floor.
serve nca nca.test int_nca int1
assert_finding chain.signer_not_ca error null
assert_message_match chain.signer_not_ca 'CN=nca.test \(position 0\) is signed by CN=Not A CA \(position 1\)'
assert_verdict fail 502 1

serve nc nc.test int_nc int1
assert_finding chain.name_constraints error null
assert_message_match chain.name_constraints 'Constrained CA \(position 1\) exclude the names of CN=nc.test'
assert_verdict fail 502 1

serve pl pl.test int_below int_pl0 int1
assert_finding chain.path_length error null
assert_message_match chain.path_length 'Pathlen0 CA \(position 2\) allows 0 intermediate'
assert_verdict fail 502 1

serve eku eku.test int2 int1
assert_finding cert.purpose error null
assert_message_match cert.purpose 'does not include serverAuth'
assert_verdict fail 502 1

serve sha1 sha1.test int2 int1
assert_finding cert.insecure_algorithm error null
assert_message_match cert.insecure_algorithm 'CN=sha1.test \(position 0\) is signed with ECDSA-SHA1'
assert_verdict fail 502 1

serve crit crit.test int2 int1
assert_finding cert.critical_extension error null
assert_message_match cert.critical_extension '1\.3\.6\.1\.4\.1\.55555\.1'
assert_verdict fail 502 1

serve noks noks.test int_noks int1
assert_finding cert.rejected error null
assert_message_match cert.rejected 'No KeyCertSign \(position 1\) signs certificates'
assert_verdict fail 502 1

# The strict checks.
serve v1 v1.test int_v1 int1
assert_finding cert.v1_ca error null
assert_finding chain.signer_not_ca error null
assert_verdict fail 502 1

serve leafca leafca.test int2 int1
assert_finding cert.leaf_ca warning null
assert_finding_ids "cert.leaf_ca net.private_address"
assert_verdict ok null 0

serve serial0 serial0.test int2 int1
assert_finding cert.serial warning null
assert_message_match cert.serial 'serial number zero'
assert_verdict ok null 0

serve san san.test int2 int1
assert_finding cert.san_syntax warning null
assert_message_match cert.san_syntax 'a_b\.san\.test contains an underscore'

serve wild wild.test int2 int1
assert_finding cert.wildcard_public_suffix warning null
assert_message_match cert.wildcard_public_suffix '\*\.co\.uk'

serve aia aia.test int2 int1
assert_finding cert.aia_malformed warning null

serve r2047 r2047.test int_2047 int1
assert_finding cert.rsa_modulus warning null
assert_message_match cert.rsa_modulus '2047 bits'

serve p192 p192.test int_192 int1
assert_finding cert.weak_key error null
assert_message_match cert.weak_key 'P-192 CA \(position 1\) has an ECDSA P-192 key'
assert_verdict fail 502 1

serve empty empty.test int_empty int1
assert_finding cert.ca_empty_subject warning null
assert_message_match cert.ca_empty_subject 'position 1 has an empty subject'

serve r1024 r1024.test int_1024 int1
assert_finding cert.rsa_1024 warning null
assert_finding_ids "cert.rsa_1024 net.private_address"
assert_verdict ok null 0
