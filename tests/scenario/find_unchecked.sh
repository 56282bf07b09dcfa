#!/bin/bash
# Never a false OK, never unbounded (issue 12, defects 1 to 3).
#
# - A 70 KB leaf (self-signed, expired, for another name): kept and judged,
#   not dropped and passed.
# - A 40-certificate path whose top is missing: more than the 32 kept, so
#   the verdict is "unknown" (chain.unchecked, exit 1), never ok; the same
#   with a trust store that holds the top.
# - A 200-certificate list whose path is short and trusted: judged (ok).
# - A server announcing a 16 MiB Certificate message and sending all of it,
#   on one address and on 64: the probe stops reading at its cap
#   (tls.oversized, "unknown").
# Every run is held to a wall-time and a peak-RSS bound (/usr/bin/time -v:
# run_od_bounded and assert_bounds in lib.sh), part of the hostile-origin
# suite (hostile_origins.sh lists the cases).
. "${0%/*}/lib.sh"
od_init 61
need_openssl
need_fakeserver
[ -x /usr/bin/time ] || skip "/usr/bin/time is not installed (Debian: time)"

pki_ca_init
pki_cat chain int2 int1

# --- a 70 KB leaf: self-signed, expired, for another name -----------------
comment=$(head -c 70000 /dev/zero | tr '\0' x)
printf '[big_ext]\nbasicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature\nsubjectAltName = DNS:other.test\nnsComment = %s\n' \
    "$comment" >>"$PKI/ca.cnf"
pki_dated bigleaf ec /CN=other.test big_ext "" "$(od_date -400)" "$(od_date -30)"
size=$("$OPENSSL" x509 -in "$PKI/bigleaf.pem" -outform DER | wc -c)
assert_cmp -gt "$size" 65536 "the big leaf is over 64 KiB"
start_tls_server big "$(addr 2)" bigleaf bigleaf ""
run_od_bounded big 10 32 --ca-file "$PKI/root.pem" --resolve "big.test:$SRV_PORT:$(addr 2)" "big.test:$SRV_PORT"
A=.origins[0].addresses[0]
assert_jq "$A.tls.status" ok "the handshake completes (GnuTLS takes it)"
assert_jq "$A.tls.certificates[0].size" "$size" "size as received"
assert_jq "$A.tls.certificates[0].der != null" true "the DER is kept"
assert_finding cert.expired error null
assert_finding cert.self_signed error null
assert_finding cert.name_mismatch error null
assert_no_finding chain.unchecked
assert_verdict fail 502 1

# --- a 40-certificate path: leaf, then 39 CAs each issuing the one before --
# The top CA's issuer (ca40) is never sent.
for i in $(seq 40 -1 1); do
    issuer=ca$((i + 1))
    [ "$i" = 40 ] && issuer=""
    pki_req "ca$i" ec "Long $i" ca_ext "$issuer" || hard_error "cannot make ca$i"
done
OD_ISSUER=ca1 pki_leaf longleaf ec long.test
longchain=()
for i in $(seq 39); do longchain+=("ca$i"); done
pki_cat long "${longchain[@]}"
start_tls_server long "$(addr 3)" longleaf longleaf long
run_od_bounded long 10 32 --ca-file "$PKI/root.pem" --resolve "long.test:$SRV_PORT:$(addr 3)" "long.test:$SRV_PORT"
assert_jq "$A.tls.certificates_received" 40 "40 certificates received"
assert_jq "$A.tls.certificates | length" 32 "32 kept"
assert_finding chain.unchecked error null
assert_message_match chain.unchecked 'sent 40 certificates.*first 32'
assert_no_finding chain.incomplete
assert_verdict unknown null 1
assert_jq .verdict unknown "the report's verdict"
# ... and when the trust store holds the top: still not checked to its end.
run_od long-trusted --ca-file "$PKI/ca40.pem" --resolve "long.test:$SRV_PORT:$(addr 3)" "long.test:$SRV_PORT"
assert_finding chain.unchecked error null
assert_verdict unknown null 1
run_batch long-text --ca-file "$PKI/root.pem" --resolve "long.test:$SRV_PORT:$(addr 3)" "long.test:$SRV_PORT"
assert_eq 1 "$OD_RC" "long-text: exit status"
assert_match '^  UNKNOWN Not everything CloudFront checks could be checked' "$(grep -m1 "^  [A-Z]" "$T/long-text.txt")" \
    "long-text: the verdict line says UNKNOWN"

# --- 200 certificates, the path short and trusted --------------------------
pki_leaf leaf200 ec many.test
OD_SAN=DNS:filler.test "$OPENSSL" req -config "$PKI/openssl.cnf" -x509 -key "$PKI/int2.key" -subj "/CN=filler" -days 30 \
    -extensions ca_ext -out "$PKI/filler.pem" 2>/dev/null || hard_error "cannot make the filler"
fill=()
for i in $(seq 197); do fill+=(filler); done
pki_cat c200 int2 int1 "${fill[@]}"
start_tls_server c200 "$(addr 4)" leaf200 leaf200 c200
run_od_bounded c200 10 48 --ca-file "$PKI/root.pem" --resolve "many.test:$SRV_PORT:$(addr 4)" "many.test:$SRV_PORT"
assert_jq "$A.tls.certificates_received" 200 "200 certificates received"
assert_jq .origins[0].chain.anchored true "the path is anchored within those kept"
assert_no_finding chain.unchecked
assert_verdict ok null 0

# --- a 16 MiB Certificate message ---------------------------------------------
# $1: how many addresses (127.0.61.101 ...); /usr/bin/time -v output in $T/NAME.time.
huge_run()
{
    local name=$1 n=$2 all="" i
    for i in $(seq "$n"); do all="${all:+$all,}$(addr $((100 + i)))"; done
    OD_RUN=$name
    OD_JSON=$T/$name.json
    echo "+ [$name] /usr/bin/time -v origin-doctor --json ... ($n addresses)" >&2
    ASAN_OPTIONS=$OD_ASAN_BOUNDED timeout -k 5 60 /usr/bin/time -v -o "$T/$name.time" "$ORIGIN_DOCTOR" --json \
        --resolve "huge.test:$HUGE_PORT:$all" "huge.test:$HUGE_PORT" >"$OD_JSON" 2>"$OD_JSON.err"
    OD_RC=$?
}
hosts=""
for i in $(seq 64); do hosts="${hosts:+$hosts,}$(addr $((100 + i)))"; done
start_fake huge hugecert "$hosts"
HUGE_PORT=$FAKE_PORT

huge_run huge1 1
assert_bounds huge1 10 32
assert_exit 1
assert_jq "$A.tls.status" oversized "the handshake stopped at the cap"
assert_finding tls.oversized error "$(addr 101)"
assert_message_match tls.oversized 'more than 160 KiB'
assert_verdict unknown null 1

# Issue 12: under 64 MiB for 64 addresses (it took 1.7 to 2.3 GB).
huge_run huge64 64
assert_bounds huge64 10 64
assert_exit 1
assert_jq '[.origins[0].addresses[].tls.status] | unique | join(" ")' oversized "all 64 stopped at the cap"
assert_jq '[.origins[0].findings[] | select(.id == "tls.oversized")] | length' 64 "one tls.oversized per address"
assert_verdict unknown null 1
