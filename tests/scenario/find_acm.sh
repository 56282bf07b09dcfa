#!/bin/bash
# --certificate-arn: an ACM certificate and its chain read with the real AWS
# CLI (whichever `aws` is first on PATH) from a local AWS API emulator
# (moto_server on a loopback port), judged offline for the name given, as
# --chain-file judges a file.  A good chain imported for the origin's name
# passes (the connection "not checked"); a chain for another name fails
# with cert.name_mismatch; a leaf imported without its chain is judged
# incomplete.  The CLI's failures are one line and exit 2: no such
# certificate, AccessDenied (an IAM user with no policy, the emulator
# enforcing IAM), no aws on PATH, --no-aws; a malformed ARN is refused
# before anything runs.  The user's own AWS configuration is never read.
. "${0%/*}/lib.sh"
od_init 92
need_openssl


aws_test_env

# moto_server enforcing IAM after its first five actions: the test's own
# set-up of two IAM users, "admin" (allowed everything) and "nobody" (no
# policy at all).  Everything after runs with their keys.
start_moto moto "$(addr 1)" INITIAL_NO_AUTH_ACTION_COUNT=5
EP=$MOTO_EP
echo "using $("$AWS" --version 2>&1 | head -n 1) and $MOTO" >&2
for u in admin nobody; do
    "$AWS" --endpoint-url "$EP" iam create-user --user-name "$u" --output json >"$T/user-$u.json" ||
        hard_error "cannot create the IAM user $u in the emulator"
    "$AWS" --endpoint-url "$EP" iam create-access-key --user-name "$u" --output json >"$T/key-$u.json" ||
        hard_error "cannot create an access key for $u in the emulator"
done
"$AWS" --endpoint-url "$EP" iam put-user-policy --user-name admin --policy-name all \
    --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' ||
    hard_error "cannot give admin its policy"
# use_keys USER: that user's access key for what follows.
use_keys()
{
    AWS_ACCESS_KEY_ID=$(jq -r .AccessKey.AccessKeyId "$T/key-$1.json")
    AWS_SECRET_ACCESS_KEY=$(jq -r .AccessKey.SecretAccessKey "$T/key-$1.json")
    export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
}
use_keys admin

pki_leaf_y site ec origin.example.com www.example.com
pki_leaf_y other ec other.example.org
pki_cat chain int2 int1

# import NAME LEAF [CHAIN]: imports into eu-west-1; $T/import-NAME.json.
import()
{
    local name=$1 leaf=$2 chain=$3
    local -a ch=()
    [ -n "$chain" ] && ch=(--certificate-chain "fileb://$PKI/$chain.pem")
    "$AWS" --endpoint-url "$EP" --region eu-west-1 acm import-certificate \
        --certificate "fileb://$PKI/$leaf.pem" --private-key "fileb://$PKI/$leaf.key" "${ch[@]}" \
        --output json >"$T/import-$name.json" || hard_error "cannot import certificate $name"
}
import good site chain
import other other chain
import bare site ""
GOOD=$(jq -r .CertificateArn "$T/import-good.json")
OTHER=$(jq -r .CertificateArn "$T/import-other.json")
BARE=$(jq -r .CertificateArn "$T/import-bare.json")
echo "imported $GOOD $OTHER $BARE" >&2
assert_match '^arn:aws:acm:eu-west-1:' "$GOOD" "the emulator gives an ACM ARN in eu-west-1"

A=(--aws-endpoint-url "$EP" --ca-file "$PKI/root.pem")
O=.origins[0]

# The good chain for a name it covers: passes, nothing was connected.  The
# emulator (moto 5) appends its own "Amazon" intermediate to the chain it
# was given (real ACM returns the imported chain as it is): that unrelated
# fourth certificate is chain.extra, a warning, as it would be on a server.
run_od good "${A[@]}" --certificate-arn "$GOOD" origin.example.com
assert_finding_ids "chain.extra origin.not_connected"
assert_message_match chain.extra 'Amazon'
assert_jq "$O.chain.as_received[0:3] | map(.subject) | join(\",\")" \
    "CN=origin.example.com,CN=OD Test Int2,CN=OD Test Int1" "Certificate, then the imported chain in order"
assert_message_match origin.not_connected "read from arn:aws:acm:eu-west-1:.* \(acm\)"
assert_verdict ok null 0
assert_jq "$O.chain_file.format" acm
assert_jq "$O.chain_file.source" "$GOOD"
assert_jq "$O.chain_file.certificates" 4
assert_jq "$O.chain.in_order" true
assert_jq "$O.dns.status" not_checked

# The same certificate checked for the other SAN, and with -H.
run_od good_www "${A[@]}" --certificate-arn "$GOOD" www.example.com
assert_verdict ok null 0
run_od good_host "${A[@]}" --certificate-arn "$GOOD" -H origin.example.com my-alb-1.eu-west-1.elb.amazonaws.com
assert_no_finding cert.name_mismatch

# Before switching the origin to this name: the certificate does not cover it.
run_od mismatch "${A[@]}" --certificate-arn "$GOOD" api.example.net
assert_finding cert.name_mismatch error null
assert_verdict fail 502 1

# A certificate for another name entirely.
run_od other "${A[@]}" --certificate-arn "$OTHER" origin.example.com
assert_finding cert.name_mismatch error null
assert_message_match cert.name_mismatch 'origin\.example\.com'
assert_verdict fail 502 1

# Imported without its chain: ACM serves the leaf alone, the chain is
# incomplete (CloudFront does not fetch intermediates).
run_od bare "${A[@]}" --certificate-arn "$BARE" origin.example.com
assert_finding chain.incomplete error null
assert_verdict fail 502 1

# The same as --chain-file on the CLI's own answer, saved.
"$AWS" --endpoint-url "$EP" --region eu-west-1 acm get-certificate --certificate-arn "$OTHER" \
    --output json >"$T/other-answer.json"
run_od other_file --ca-file "$PKI/root.pem" --chain-file "$T/other-answer.json" origin.example.com
assert_finding cert.name_mismatch error null
assert_jq "$O.chain_file.format" acm_json

# The text report.
timeout 60 "$ORIGIN_DOCTOR" --batch "${A[@]}" --certificate-arn "$GOOD" origin.example.com >"$T/text.out" 2>&1
assert_eq 0 "$?" "text report: exit 0"
assert_match 'connection was not checked' "$(cat "$T/text.out")" "text report: the connection was not checked"

# --- failures: one line, exit 2 ------------------------------------------------
run_usage nosuch "${A[@]}" --certificate-arn "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000" origin.example.com
assert_match 'not found' "$(cat "$T/nosuch.err")" "no such certificate"
assert_match 'arn:aws:acm:eu-west-1:123456789012:certificate/0000' "$(cat "$T/nosuch.err")" "the ARN is named"

# The Region comes from the ARN: the same id in another Region is not there.
run_usage region "${A[@]}" --certificate-arn "${GOOD/eu-west-1/ap-northeast-1}" origin.example.com
assert_match 'not found' "$(cat "$T/region.err")" "looked up in the ARN's Region"

(
    use_keys nobody
    run_usage denied "${A[@]}" --certificate-arn "$GOOD" origin.example.com
    assert_match 'access denied.*acm:GetCertificate' "$(cat "$T/denied.err")" "AccessDenied names the permission"
    exit "$OD_FAILURES"
) || OD_FAILURES=$((OD_FAILURES + 1))
OD_CHECKS=$((OD_CHECKS + 4))

(
    AWS_ACCESS_KEY_ID=AKIANOSUCHKEY0000000
    export AWS_ACCESS_KEY_ID
    run_usage badkey "${A[@]}" --certificate-arn "$GOOD" origin.example.com
    assert_match 'credentials' "$(cat "$T/badkey.err")" "refused credentials"
    exit "$OD_FAILURES"
) || OD_FAILURES=$((OD_FAILURES + 1))
OD_CHECKS=$((OD_CHECKS + 4))

mkdir -p "$T/empty-path"
for tool in timeout wc head grep cat; do ln -s "$(command -v "$tool")" "$T/empty-path/$tool"; done
(
    PATH=$T/empty-path
    run_usage noaws "${A[@]}" --certificate-arn "$GOOD" origin.example.com
    assert_match "awscli" "$(cat "$T/noaws.err")" "no aws on PATH: names Debian's package"
    exit "$OD_FAILURES"
) || OD_FAILURES=$((OD_FAILURES + 1))
OD_CHECKS=$((OD_CHECKS + 4))

run_usage no-aws "${A[@]}" --no-aws --certificate-arn "$GOOD" origin.example.com
run_usage badarn "${A[@]}" --certificate-arn "arn:aws:iam::123456789012:server-certificate/x" origin.example.com
assert_match 'ARN of an ACM certificate' "$(cat "$T/badarn.err")" "a malformed ARN"
run_usage twosrc "${A[@]}" --certificate-arn "$GOOD" --chain-file "$PKI/chain.pem" origin.example.com
run_usage noorigin "${A[@]}" --certificate-arn "$GOOD" --json
