#!/bin/bash
# --demo and --demo-fixed: the built-in origins that origin-doctor serves
# itself on 127.77.0.1-4 reproduce the article (an ELB name whose certificate
# is for the custom domain), a self-signed nginx behind a passthrough, an
# expired leaf and a chain sent in the wrong order; the custom domain passes.
# No network and no DNS: every name comes from the demo's own --resolve
# entries, and where network namespaces are available the demo also runs in
# one that has nothing but loopback.
. "${0%/*}/lib.sh"
od_init 24

ELB=my-alb-123.ap-northeast-1.elb.amazonaws.com
# Should the demo ever ask DNS, it would ask a loopback port where nothing
# answers, and the status checks below would show it.
G=(--dns-server "$(addr 53):1" --dns-timeout 1)

# o NAME: jq path of the origin called NAME.
o() { echo ".origins[] | select(.name == \"$1\")"; }
# CN order of the certificates an origin received, "|" separated.
cns() { echo "[$(o "$1") | .addresses[0].tls.certificates[].$2 | capture(\"CN=(?<cn>[^,]+)\").cn] | join(\"|\")"; }

check_demo()
{
    assert_exit 1
    assert_jq '[.origins[].name] | join(" ")' \
        "$ELB nginx.example.com expired.example.com chain.example.com" "the demo's origins, in order"
    assert_jq '[.origins[] | .addresses[0].address] | join(" ")' \
        "127.77.0.1 127.77.0.2 127.77.0.3 127.77.0.4" "one loopback address per origin"
    assert_jq '[.origins[] | .addresses[0].tls.status] | unique | join(" ")' ok "every handshake completed"

    # No DNS: every name and every name lookup came from the demo's entries.
    assert_jq '[.origins[].dns.status] | unique | join(" ")' override "origins: addresses given, not resolved"
    assert_jq '[.origins[].name_lookups[]?.status] | unique | join(" ")' override \
        "name lookups: addresses given, not resolved"

    # The article: the ELB name fails, its certificate is for the custom domain.
    assert_jq "$(o $ELB) | .verdict" fail
    assert_jq "$(o $ELB) | .cloudfront_status" 502
    assert_jq "$(o $ELB) | [.findings[].id] | index(\"cert.name_mismatch\") != null" true "ELB: cert.name_mismatch"
    assert_jq "$(o $ELB) | [.findings[].id] | index(\"origin.elb_name\") != null" true "ELB: origin.elb_name"
    assert_jq "$(o $ELB) | .suggested_origins[0].name" origin.example.com
    assert_jq "$(o $ELB) | .aws.region" ap-northeast-1
    assert_jq "$(cns $ELB subject)" "origin.example.com|origin-doctor Demo Intermediate CA 1" \
        "ELB: leaf and intermediate, in order"
    # The demo's private root is the trust store: the chain is anchored.
    assert_jq "$(o $ELB) | .chain.anchored" true "ELB: chain anchored at the demo root"
    assert_jq "$(o $ELB) | [.findings[].id] | index(\"cert.untrusted\")" null "ELB: no cert.untrusted"

    assert_jq "$(o nginx.example.com) | .verdict" fail
    assert_jq "$(o nginx.example.com) | [.findings[].id] | index(\"cert.self_signed\") != null" true \
        "nginx: cert.self_signed"

    assert_jq "$(o expired.example.com) | .verdict" fail
    assert_jq "$(o expired.example.com) | [.findings[].id] | index(\"cert.expired\") != null" true \
        "expired: cert.expired"
    assert_jq "$(o expired.example.com) | .chain.as_received[0].days_left" -30 "expired: 30 days ago"

    # The wrong order is on the wire as the demo sends it: leaf, upper
    # intermediate (issued by the root), lower intermediate (issued by the upper).
    assert_jq "$(o chain.example.com) | .verdict" fail
    assert_jq "$(o chain.example.com) | [.findings[].id] | index(\"chain.order\") != null" true \
        "chain: chain.order"
    assert_jq "$(o chain.example.com) | [.addresses[0].tls.certificates[].index] | join(\",\")" "0,1,2" \
        "chain: certificate indexes as received"
    assert_jq "$(cns chain.example.com subject)" \
        "chain.example.com|origin-doctor Demo Intermediate CA 1|origin-doctor Demo Intermediate CA 2" \
        "chain: subjects in the order sent"
    assert_jq "$(cns chain.example.com issuer)" \
        "origin-doctor Demo Intermediate CA 2|origin-doctor Demo Root CA|origin-doctor Demo Intermediate CA 1" \
        "chain: issuers in the order sent"
    assert_jq "$(o chain.example.com) | .chain.expected_order | join(\",\")" "0,2,1" "chain: should be 0, 2, 1"

    # Every fix step pastes into bash as it is: it parses, and no line holds
    # a <PLACEHOLDER> (bash reads "<CERT_ARN>" as a redirection); a value
    # still unknown is a variable ("${CERT_ARN:?}") set by an earlier line
    # or by the user.
    local n k steps=0 bad=0 ph
    n=$(jqr '[.origins[].fixes[]] | length')
    for ((k = 0; k < n; k++)); do
        jqr "[.origins[].fixes[]][$k].commands // [] | join(\"\n\")" >"$T/step.sh"
        [ -s "$T/step.sh" ] || continue
        steps=$((steps + 1))
        bash -n "$T/step.sh" 2>>"$T/step.err" || {
            bad=$((bad + 1))
            cat "$T/step.sh" >&2
        }
        ph=$(grep -oE '<[A-Za-z_]+>' "$T/step.sh" | sort -u | tr '\n' ' ')
        assert_eq "" "$ph" "$OD_RUN: fix step $k holds no <PLACEHOLDER>"
    done
    # Nor anywhere else in the report (the steps' why and verify texts, the
    # findings): a command quoted in a sentence is pasted too.
    ph=$(grep -oE '<[A-Z][A-Z_]+>' "$OD_JSON" | sort -u | tr '\n' ' ')
    assert_eq "" "$ph" "$OD_RUN: no <PLACEHOLDER> anywhere in the report"
    assert_cmp -ge "$steps" 5 "$OD_RUN: the demo's fix steps with commands"
    assert_eq 0 "$bad" "$OD_RUN: every fix step passes bash -n"
    assert_match 'CERT_ARN=\$\(aws acm request-certificate' "$(jqr '[.origins[].fixes[].commands // [] | .[]] | join("\n")')" \
        "$OD_RUN: the certificate ARN is set by the command that yields it"
}

run_od demo "${G[@]}" --demo
check_demo

# In a network namespace of its own with only loopback up: nothing outside
# the process can answer, so passing proves that nothing outside is needed.
if command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 &&
    unshare -rn sh -c 'ip link set lo up' >/dev/null 2>&1; then
    cat >"$T/isolated" <<EOF
#!/bin/sh
exec unshare -rn sh -c 'ip link set lo up && exec "\$0" "\$@"' '$ORIGIN_DOCTOR' "\$@"
EOF
    chmod +x "$T/isolated"
    saved=$ORIGIN_DOCTOR
    ORIGIN_DOCTOR=$T/isolated
    run_od isolated --demo
    ORIGIN_DOCTOR=$saved
    check_demo
else
    echo "note: no network namespace here (unshare -rn); the isolated run is left out" >&2
fi

# The fix: the custom domain, on the same "ALB", passes.
run_od fixed "${G[@]}" --demo-fixed
assert_exit 0
assert_jq '[.origins[].name] | join(" ")' origin.example.com "only the custom domain is checked"
assert_jq '.origins[0].verdict' ok
assert_jq '.origins[0].cloudfront_status' null
assert_jq '.origins[0].dns.status' override
assert_jq '.origins[0].addresses[0].address' 127.77.0.1 "served by the same \"ALB\""
assert_jq '[.origins[0].findings[] | select(.severity == "error")] | length' 0 "no error finding"
assert_jq '.origins[0].names.match' true "the name matches"

# ORIGIN arguments are refused with --demo.
run_usage extra-origin "${G[@]}" --demo example.com
run_usage extra-origin-fixed "${G[@]}" --demo-fixed --json example.com
