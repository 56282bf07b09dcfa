#!/bin/bash
# Distributions read live with the real AWS CLI (whichever `aws` is first on
# PATH: version 1 from pip/pyenv or Debian's awscli, version 2) from a local
# AWS API emulator (moto_server on a loopback port), then probed: by id, by
# alias, by its cloudfront.net name, --all-distributions; a custom origin
# request policy the emulator does not know (Host unknown: both ways probed,
# with a note); and the CLI's failures as one-line errors with exit 2: no such
# distribution, no credentials, an unknown profile, no aws on PATH.  The
# user's own AWS configuration is never read: every AWS_* file points into
# the test's directory.
. "${0%/*}/lib.sh"
od_init 82
# Each run waits on the aws CLI: list-distributions, then get-distribution
# (several at once), each bounded by origin-doctor's own 60 s
# (AWSCLI_DEFAULT_TIMEOUT_MS).  The Python CLI alone takes seconds on a
# loaded machine, so the runs' limit is those two bounds and a margin, not
# lib.sh's 30 s (which timed out a correct run at a load average of 20).
OD_RUN_LIMIT=150
need_openssl


# Only the test's own AWS settings.
aws_test_env

# moto_server on a kernel-chosen loopback port; it prints the URL.
start_moto moto "$(addr 1)"
EP=$MOTO_EP
echo "using $("$AWS" --version 2>&1 | head -n 1) and $MOTO" >&2

ELB=my-alb-123.ap-northeast-1.elb.amazonaws.com
pki_leaf_y site ec origin.example.com
pki_cat chain int2 int1
start_tls_server alb "$(addr 2)" site site chain
P=$SRV_PORT

# create REF ALIAS ORIGIN_DOMAIN [DEFAULT_BEHAVIOUR_EXTRA]: a distribution
# in the emulator; prints its id.
create()
{
    local ref=$1 alias=$2 dom=$3 extra=${4:-'{}'}
    jq -n --arg r "$ref" --arg a "$alias" --arg d "$dom" --argjson p "$P" --argjson x "$extra" \
        '{CallerReference: $r, Comment: "", Enabled: true,
          Aliases: {Quantity: 1, Items: [$a]},
          Origins: {Quantity: 2, Items: [
            {Id: "alb", DomainName: $d, OriginPath: "", CustomHeaders: {Quantity: 0},
             CustomOriginConfig: {HTTPPort: 80, HTTPSPort: $p, OriginProtocolPolicy: "https-only",
               OriginSslProtocols: {Quantity: 1, Items: ["TLSv1.2"]},
               OriginReadTimeout: 30, OriginKeepaliveTimeout: 5},
             ConnectionAttempts: 3, ConnectionTimeout: 10},
            {Id: "assets", DomainName: "assets.s3.amazonaws.com", OriginPath: "",
             S3OriginConfig: {OriginAccessIdentity: ""}}]},
          DefaultCacheBehavior: ({TargetOriginId: "alb", ViewerProtocolPolicy: "redirect-to-https",
            ForwardedValues: {QueryString: false, Cookies: {Forward: "none"}}, MinTTL: 0} + $x),
          CacheBehaviors: {Quantity: 1, Items: [{PathPattern: "/static/*", TargetOriginId: "assets",
            ViewerProtocolPolicy: "https-only",
            ForwardedValues: {QueryString: false, Cookies: {Forward: "none"}}, MinTTL: 0}]}}' \
        >"$T/create-$ref.json"
    "$AWS" --endpoint-url "$EP" cloudfront create-distribution \
        --distribution-config "file://$T/create-$ref.json" --output json >"$T/created-$ref.json" ||
        hard_error "cannot create distribution $ref in the emulator"
    jq -r .Distribution.Id "$T/created-$ref.json"
}

BROKEN=$(create broken www.example.com "$ELB")
FIXED=$(create fixed fixed.example.com origin.example.com)
CUSTOM=$(create custom custom.example.com origin.example.com \
    '{"OriginRequestPolicyId": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"}')
BROKEN_DN=$(jq -r .Distribution.DomainName "$T/created-broken.json")

A=(--aws-endpoint-url "$EP" --resolve "$ELB:$P:$(addr 2)" --resolve "origin.example.com:$P:$(addr 2)"
    --ca-file "$PKI/root.pem" --vpc-origin)

# --- by id: the article's 502, the S3 origin skipped ---------------------------
run_od by-id "${A[@]}" --distribution="$BROKEN"
assert_exit 1
assert_jq '.distributions | length' 1
assert_jq '.distributions[0].id' "$BROKEN"
assert_jq '.distributions[0].domain_name' "$BROKEN_DN"
assert_jq '.distributions[0].status | length > 0' true "status recorded"
assert_jq '.distributions[0].etag | length > 0' true "ETag recorded"
assert_jq '.distributions[0].source' aws
assert_jq '.distributions[0].verdict' fail
assert_jq '.distributions[0].failing_behaviors | join(" ")' '*'
assert_jq '.origins[0].distribution_id' "$BROKEN"
assert_jq '.origins[0].origin_id' alb
OD_O='.origins[0]'
assert_finding origin.elb_name error null
assert_finding cert.name_mismatch error null
assert_jq '.origins[1].origin_id' assets
assert_jq '.origins[1].verdict' skipped "the S3 origin (the emulator drops S3OriginConfig) is skipped"
assert_jq '.distributions[0].behaviors[0].path_pattern' '/static/*'
assert_jq '.distributions[0].behaviors[0].verdict' skipped

# --- by alias and by the cloudfront.net name ------------------------------------
run_od by-alias "${A[@]}" --distribution=www.example.com
assert_exit 1
assert_jq '.distributions[0].id' "$BROKEN" "the alias finds its distribution"
run_od by-domain "${A[@]}" --distribution="$BROKEN_DN"
assert_jq '.distributions[0].id' "$BROKEN" "the cloudfront.net name finds it"
run_od by-alias-fixed "${A[@]}" --distribution=FIXED.example.com
assert_exit 0
assert_jq '.distributions[0].id' "$FIXED" "alias lookup ignores case"
assert_jq '.distributions[0].verdict' ok

# --- every distribution of the account -------------------------------------------
run_od all "${A[@]}" --all-distributions
assert_exit 1
assert_jq '[.distributions[].id] | sort | join(" ")' "$(printf '%s\n' "$BROKEN" "$FIXED" "$CUSTOM" | sort | paste -sd' ')"
assert_jq "[.distributions[] | select(.id == \"$BROKEN\") | .verdict] | join(\"\")" fail
assert_jq "[.distributions[] | select(.id == \"$FIXED\") | .verdict] | join(\"\")" ok
assert_jq '.verdict' fail

# --- a custom origin request policy the emulator does not have ----------------
run_od custom "${A[@]}" --distribution="$CUSTOM"
assert_jq '.distributions[0].behaviors[1].host_forwarding' unknown
assert_jq '[.origins[] | select(.origin_id == "alb") | .host_header // "-"] | sort | join(" ")' \
    '- custom.example.com' "Host unknown: the origin's name and the alias are both probed"
assert_jq '[.origins[] | select(.origin_id == "alb") | .host_forwarding] | unique | join(" ")' unknown
assert_jq '.distributions[0].notes[0] | test("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")' true \
    "a note names the policy that could not be read"

# --- the CLI's failures: one line, exit 2 ----------------------------------------
run_usage nosuch "${A[@]}" --distribution=E0000NOSUCH
assert_match 'NoSuchDistribution' "$(cat "$T/nosuch.err")" "no such distribution"

run_usage nodomain "${A[@]}" --distribution=nothing.example.org
assert_match 'no distribution of this account has the domain name nothing\.example\.org' \
    "$(cat "$T/nodomain.err")" "an unknown domain"

(
    unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
    run_usage nocreds "${A[@]}" --distribution="$BROKEN"
    assert_match 'credentials' "$(cat "$T/nocreds.err")" "no credentials"
    exit "$OD_FAILURES"
) || OD_FAILURES=$((OD_FAILURES + 1))
OD_CHECKS=$((OD_CHECKS + 4))

run_usage profile "${A[@]}" --aws-profile=no-such-profile --distribution="$BROKEN"
assert_match 'no-such-profile' "$(cat "$T/profile.err")" "an unknown profile is named"

# A PATH with the tools the test itself needs, and no aws.
mkdir -p "$T/empty-path"
for tool in timeout wc head grep cat; do ln -s "$(command -v "$tool")" "$T/empty-path/$tool"; done
(
    PATH=$T/empty-path
    run_usage noaws "${A[@]}" --distribution="$BROKEN"
    assert_match "awscli" "$(cat "$T/noaws.err")" "no aws on PATH: names Debian's package"
    exit "$OD_FAILURES"
) || OD_FAILURES=$((OD_FAILURES + 1))
OD_CHECKS=$((OD_CHECKS + 4))

run_usage no-aws "${A[@]}" --no-aws --distribution="$BROKEN"
assert_match 'no-aws' "$(cat "$T/no-aws.err")" "--no-aws with --distribution is refused"
