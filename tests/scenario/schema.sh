#!/bin/bash
# The JSON Schema doc/report.schema.json against what origin-doctor writes.
# The schema is a valid draft 2020-12 schema; its finding ids and fix guides
# are the catalogue's (src/findings.h); every key it names is documented in
# doc/json-format.md; the demo's reports and a handful of real scenarios
# (a good server, one that speaks HTTP, a refused port, NXDOMAIN, a TLS
# 1.3-only server, --at and --vpc-origin) are valid against it.  And it is
# not a schema that accepts anything: copies of the demo's report with a
# required key removed, an unknown key, a wrong type or a value outside an
# enumeration are rejected, each at the path where the copy was broken.
# (Every other test's reports are validated too, by lib.sh at exit.)
. "${0%/*}/lib.sh"
od_init 46

# The validator alone checks the schema against draft 2020-12's metaschema.
out=$(validate_reports)
rc=$?
[ "$rc" -eq 77 ] && skip "$out"
assert_eq 0 "$rc" "doc/report.schema.json is a valid JSON Schema" || printf '%s\n' "$out" >&2
assert_eq https://json-schema.org/draft/2020-12/schema "$(jqr '."$schema"' "$OD_SCHEMA")" "it is draft 2020-12"

# --- the schema against the catalogue and the documentation -------------------

FH=$top_srcdir/src/findings.h
ids=$(sed -n 's/^ *X(F_[A-Z0-9_]*, "\([a-z0-9_.]*\)".*/\1/p' "$FH" | sort | paste -sd' ')
assert_match ' dns\.nxdomain ' " $ids " "finding ids read from src/findings.h"
assert_eq "$ids" "$(jqr '."$defs".finding_id.enum | sort | join(" ")' "$OD_SCHEMA")" \
    "the schema's finding ids are the catalogue's"
guides=$(sed -n 's/^ *X(FIX_[A-Z_]*, "\([a-z_]*\)").*/\1/p' "$FH" | grep -vx none | sort | paste -sd' ')
assert_eq "$guides" "$(jqr '."$defs".fix_guide.enum | sort | join(" ")' "$OD_SCHEMA")" \
    "the schema's fix guides are the catalogue's"
# Each finding's severity and status, as the catalogue has them (lib.sh).
for id in "${!OD_CATALOGUE[@]}"; do
    def=${OD_CATALOGUE[$id]}
    assert_eq "$def" "$(jqr "[.\"\$defs\".finding.allOf[] | select(.if.properties.id.const == \"$id\")
        | .then.properties | \"\(.severity.const) \(.cloudfront_status.const)\"] | join(\",\")" "$OD_SCHEMA")" \
        "the schema gives $id the catalogue's severity and status"
done
# Every key the schema names is in doc/json-format.md, written `key`.
missing=""
for k in $(jq -r '[.. | objects | .properties? // empty | keys[]] | unique[]' "$OD_SCHEMA"); do
    grep -qF "\`$k\`" "$top_srcdir/doc/json-format.md" || missing="$missing $k"
done
assert_eq "" "$missing" "every key of the schema is documented in doc/json-format.md"

# assert_valid NAME: the last report is valid against the schema.
assert_valid()
{
    local out rc
    out=$(validate_reports "$OD_JSON")
    rc=$?
    assert_eq 0 "$rc" "$OD_RUN: the report is valid against doc/report.schema.json" ||
        printf '%s\n' "$out" >&2
}

# --- the demo and some real scenarios: valid ------------------------------------

run_od demo --demo
assert_exit 1
assert_valid
DEMO=$OD_JSON
run_od demo-fixed --demo-fixed --at=2027-03-01
assert_exit 0
assert_valid
assert_jq .judged_at 2027-03-01T00:00:00Z "judged_at is the --at date"
assert_jq .settings.vpc_origin true "the demo sets --vpc-origin"

need_openssl
pki_leaf leaf ec good.test
pki_cat chain int2 int1
start_tls_server good "$(addr 2)" leaf leaf chain
run_od good --ca-file "$PKI/root.pem" --resolve "good.test:$SRV_PORT:$(addr 2)" "good.test:$SRV_PORT"
assert_exit 0
assert_valid
assert_jq .settings.vpc_origin false "no --vpc-origin"
assert_jq '(.judged_at | fromdate) - (.started | fromdate) | . >= 0 and . <= 31' true \
    "judged now: judged_at is when the run ended, within its 30 s"

run_od good-at --at=2027-03-01 --vpc-origin --ca-file "$PKI/root.pem" \
    --resolve "good.test:$SRV_PORT:$(addr 2)" "good.test:$SRV_PORT"
assert_exit 1
assert_valid
assert_jq .judged_at 2027-03-01T00:00:00Z "judged_at is the --at date"
assert_jq .settings.vpc_origin true "--vpc-origin"
assert_jq '[.origins[0].findings[].id] | index("cert.expired") != null' true "judged in 2027, the leaf has expired"

start_tls_server tls13 "$(addr 3)" leaf leaf chain -tls1_3
run_od tls13 --ca-file "$PKI/root.pem" --resolve "good.test:$SRV_PORT:$(addr 3)" "good.test:$SRV_PORT"
assert_exit 1
assert_valid
assert_jq .origins[0].addresses[0].explain.summary only_tls13

start_fake http http "$(addr 4)"
run_od http --resolve "web.test:$FAKE_PORT:$(addr 4)" "web.test:$FAKE_PORT"
assert_exit 1
assert_valid
assert_jq .origins[0].addresses[0].tls.status not_tls

refusing_port "$(addr 5)"
run_od refused --resolve "web.test:$REFUSED_PORT:$(addr 5)" "web.test:$REFUSED_PORT"
assert_exit 1
assert_valid
assert_jq .origins[0].addresses[0].tcp.errno ECONNREFUSED

start_dnsmasq dns "$(addr 53)" --host-record=known.test,"$(addr 6)"
run_od nxdomain --dns-server "$DNS_SERVER" nope.test
assert_exit 1
assert_valid
assert_jq .origins[0].dns.status nxdomain

# --- broken copies of the demo's report: rejected -------------------------------

# reject WHAT JQ PATH [ERE]: the demo's report changed by JQ is invalid, and
# the validator says so at PATH (a JSON pointer, as it prints them), with a
# message matching ERE.
reject()
{
    local what=$1 filter=$2 path=$3 msg=${4:-} copy out rc
    copy=$T/broken-$((++NBROKEN)).json
    jq "$filter" "$DEMO" >"$copy" || hard_error "jq cannot make the broken copy: $filter"
    out=$(validate_reports "$copy")
    rc=$?
    assert_eq 1 "$rc" "rejected: $what" || return
    assert_match "^  at $path: .*$msg" "$(printf '%s\n' "$out" | grep '^  at ')" "$what: the error is at $path${msg:+: $msg}" ||
        printf '%s\n' "$out" >&2
}
NBROKEN=0

# The copy unchanged is valid: the rejections below are the changes'.
jq . "$DEMO" >"$T/copy.json" && validate_reports "$T/copy.json" >/dev/null
assert_eq 0 "$?" "the demo's report copied by jq is valid"
reject "judged_at missing" 'del(.judged_at)' '/' "'judged_at' is a required property"
reject "settings.vpc_origin missing" 'del(.settings.vpc_origin)' '/settings' "'vpc_origin' is a required property"
reject "a finding without id" 'del(.origins[0].findings[0].id)' '/origins/0/findings/0' "'id' is a required property"
reject "a certificate without sha256" 'del(.origins[0].addresses[0].tls.certificates[0].sha256)' \
    '/origins/0/addresses/0/tls/certificates/0' "'sha256' is a required property"
reject "an origin without name_lookups" 'del(.origins[1].name_lookups)' '/origins/1' "'name_lookups' is a required property"
reject "an unknown top-level key" '.extra = 1' '/' "'extra' was unexpected"
reject "an unknown key in an address" '.origins[0].addresses[0].rtt = 1' '/origins/0/addresses/0' "'rtt' was unexpected"
reject "an unknown finding id" '.origins[0].findings[0].id = "cert.bogus"' '/origins/0/findings/0/id'
reject "an unknown severity" '.origins[0].findings[0].severity = "fatal"' '/origins/0/findings/0/severity'
reject "a finding with another severity than the catalogue's" \
    '.origins[0].findings[0].severity = "warning"' '/origins/0/findings/0/severity'
reject "an unknown TCP status" '.origins[0].addresses[0].tcp.status = "pending"' \
    '/origins/0/addresses/0/tcp/status'
reject "the port as a string" '.origins[0].port = "443"' '/origins/0/port'
reject "a date without Z" '.judged_at = "2026-11-30T01:00:00"' '/judged_at'
reject "an ok verdict with an error finding" '.origins[0].verdict = "ok"' '/origins/0/cloudfront_status'
reject "another schema string" '.schema = "origin-doctor/report/2"' '/schema'
