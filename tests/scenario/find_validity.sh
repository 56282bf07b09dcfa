#!/bin/bash
# Validity findings from real certificates with chosen dates (openssl ca
# -startdate/-enddate): cert.expired (a leaf that expired 35 days ago),
# cert.not_yet_valid, cert.expiring (10 days left: a warning), chain.expired
# (an expired intermediate; a not-yet-valid one with --at), and --at judging a
# good certificate 5 years ahead (cert.expired) and in the past.
. "${0%/*}/lib.sh"
od_init 36
need_openssl

pki_init
pki_cat chain int2 int1
L=.origins[0].chain.as_received[0]

# v_run NAME ORIGIN [option...]
v_run()
{
    local name=$1 origin=$2
    shift 2
    run_od "$name" "$@" --ca-file "$CA" --resolve "$origin:$SRV_PORT:$ADDR" "$origin:$SRV_PORT"
}
CA=$PKI/root.pem

# cert.expired: a real expired leaf.
ADDR=$(addr 2)
pki_dated expired ec /CN=expired.test leaf_ext int2 "$(od_date -400)" "$(od_date -35)"
start_tls_server expired "$ADDR" expired expired chain
v_run expired expired.test
assert_finding cert.expired error null
assert_message_match cert.expired '^the certificate CN=expired\.test expired 3[56] days ago$'
assert_finding_ids "cert.expired net.private_address"
assert_verdict fail 502 1
assert_jq "$L.problems | index(\"expired\") != null" true "the leaf's problems name it expired"
assert_jq "$L.days_left | . <= -35 and . >= -36" true "days_left -35 or -36 ($(jqr "$L.days_left"))"

# cert.not_yet_valid: valid from 30 days ahead.
ADDR=$(addr 3)
pki_dated future ec /CN=future.test leaf_ext int2 "$(od_date 30)" "$(od_date 400)"
start_tls_server future "$ADDR" future future chain
v_run future future.test
assert_finding cert.not_yet_valid error null
assert_message_match cert.not_yet_valid '^the certificate CN=future\.test is not valid yet$'
assert_finding_ids "cert.not_yet_valid net.private_address"
assert_verdict fail 502 1
assert_jq "$L.problems | index(\"not_yet_valid\") != null" true "the leaf's problems say not valid yet"

# cert.expiring: 10 days left.  A warning: CloudFront still connects.
ADDR=$(addr 4)
pki_dated soon ec /CN=soon.test leaf_ext int2 "$(od_date -1)" "$(od_date 10)"
start_tls_server soon "$ADDR" soon soon chain
v_run soon soon.test
assert_finding cert.expiring warning null
assert_message_match cert.expiring '^the certificate CN=soon\.test expires in (9|10) days$'
assert_finding_ids "cert.expiring net.private_address"
assert_verdict ok null 0

# chain.expired: the intermediate expired 10 days ago; the leaf is fine.
ADDR=$(addr 5)
pki_dated oldint ec "/CN=OD Expired Int" ca_ext int1 "$(od_date -400)" "$(od_date -10)"
OD_ISSUER=oldint pki_leaf_y underold ec underold.test
pki_cat oldchain oldint int1
start_tls_server oldint "$ADDR" underold underold oldchain
v_run chain-expired underold.test
assert_finding chain.expired error null
assert_message_match chain.expired '^CN=OD Expired Int \(position 1\) has expired$'
assert_no_finding cert.expired
assert_finding_ids "chain.expired net.private_address"
assert_verdict fail 502 1
assert_jq '.origins[0].chain.as_received[1].problems | index("expired") != null' true "position 1 is expired"

# --at: a hierarchy valid for 10 years and a leaf valid for one, judged now,
# 5 years ahead, and before any of it existed.
ADDR=$(addr 6)
pki_dated lroot ec "/CN=OD Long Root" ca_ext "" "$(od_date -2)" "$(od_date 3650)"
pki_dated lint ec "/CN=OD Long Int" ca_ext lroot "$(od_date -2)" "$(od_date 3650)"
OD_ISSUER=lint pki_leaf_y year ec year.test
start_tls_server year "$ADDR" year year lint
CA=$PKI/lroot.pem
v_run at-now year.test
assert_finding_ids "net.private_address"
assert_verdict ok null 0
at5=$(date -u -d '+5 years' +%Y-%m-%d)
v_run at-5y year.test --at "$at5"
assert_finding cert.expired error null
assert_message_match cert.expired '^the certificate CN=year\.test expired 14[5-6][0-9] days ago$'
assert_finding_ids "cert.expired net.private_address"
assert_verdict fail 502 1
v_run at-past year.test --at 2000-01-01
assert_finding cert.not_yet_valid error null
assert_finding chain.expired error null
assert_message_match chain.expired '^CN=OD Long Int \(position 1\) is not valid yet$'
assert_finding_ids "cert.not_yet_valid chain.expired net.private_address"
assert_verdict fail 502 1
