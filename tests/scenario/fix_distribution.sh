#!/bin/bash
# Fix guides for an origin of a real distribution: the steps carry the
# distribution's id and select the origin by its Id, and they run.  The
# distribution lives in a local AWS API emulator (moto_server on loopback),
# is saved with the real AWS CLI (`aws cloudfront get-distribution`) and
# given to origin-doctor as a file (--no-aws: the support desk's case).
#   - the article's 502 (an ELB name as origin): every CloudFront command
#     names the distribution (no list-distributions look-up, no DIST_ID),
#     the jq edit selects origin "alb" by its Id (a decoy origin with the
#     same DomainName is left alone), runs with -e and fails loudly, the
#     ETag is read in the same step right before the update; every step
#     passes bash -n and holds no <PLACEHOLDER>;
#   - the printed CloudFront step re-tests the new origin name first and
#     changes nothing while that fails; run as it is against the emulator once the origin passes, it
#     changes only that origin, and origin-doctor then judges the
#     distribution ok;
#   - run against a distribution without an origin of that Id, the step
#     stops at jq and uploads nothing (the ETag is unchanged);
#   - Host forwarded by both behaviours and the certificate lacks the alias:
#     the step names the behaviours (/api/* and the default) and its jq edit
#     sets AllViewerExceptHostHeader on exactly those.
. "${0%/*}/lib.sh"
od_init 97
need_openssl
# The last run reads the distribution and the account with the CLI: several
# Python start-ups in a row; the limit guards against a hang.
OD_RUN_LIMIT=150


aws_test_env

start_moto moto "$(addr 1)"
EP=$MOTO_EP

ELB=my-alb-123.ap-northeast-1.elb.amazonaws.com
pki_leaf_y site ec origin.example.com
pki_cat chain int2 int1
start_tls_server alb "$(addr 2)" site site chain
P=$SRV_PORT

# create REF ORIGIN_ID BEHAVIOUR_EXTRA: a distribution with alias
# www.example.com, origin ORIGIN_ID (the ELB name) reached by /api/* and the
# default behaviour, and a decoy origin "decoy" with the same DomainName
# that no behaviour reaches; prints its id.
create()
{
    local ref=$1 id=$2 extra=$3
    jq -n --arg r "$ref" --arg id "$id" --arg d "$ELB" --argjson p "$P" --argjson x "$extra" \
        'def origin($i): {Id: $i, DomainName: $d, OriginPath: "", CustomHeaders: {Quantity: 0},
             CustomOriginConfig: {HTTPPort: 80, HTTPSPort: $p, OriginProtocolPolicy: "https-only",
               OriginSslProtocols: {Quantity: 1, Items: ["TLSv1.2"]},
               OriginReadTimeout: 30, OriginKeepaliveTimeout: 5},
             ConnectionAttempts: 3, ConnectionTimeout: 10};
         {CallerReference: $r, Comment: "", Enabled: true,
          Aliases: {Quantity: 1, Items: ["www.example.com"]},
          Origins: {Quantity: 2, Items: [origin($id), origin("decoy")]},
          DefaultCacheBehavior: ({TargetOriginId: $id, ViewerProtocolPolicy: "redirect-to-https",
            ForwardedValues: {QueryString: false, Cookies: {Forward: "none"}}, MinTTL: 0} + $x),
          CacheBehaviors: {Quantity: 1, Items: [({PathPattern: "/api/*", TargetOriginId: $id,
            ViewerProtocolPolicy: "https-only",
            ForwardedValues: {QueryString: false, Cookies: {Forward: "none"}}, MinTTL: 0} + $x)]}}' \
        >"$T/create-$ref.json"
    "$AWS" --endpoint-url "$EP" cloudfront create-distribution \
        --distribution-config "file://$T/create-$ref.json" --output json >"$T/created-$ref.json" ||
        hard_error "cannot create distribution $ref in the emulator"
    jq -r .Distribution.Id "$T/created-$ref.json"
}

DIST=$(create broken alb '{}')
OTHER=$(create other alb-renamed '{}')
"$AWS" --endpoint-url "$EP" cloudfront get-distribution --id "$DIST" --output json >"$T/saved.json" ||
    hard_error "get-distribution failed"

RES=(--no-aws --resolve "$ELB:$P:$(addr 2)" --resolve "origin.example.com:$P:$(addr 2)"
    --resolve "www.example.com:$P:$(addr 2)" --ca-file "$PKI/root.pem" --vpc-origin)

# step_file K: fix step K of origin 0, its commands as a script in $T/stepK.sh.
step_file()
{
    jqr "[.origins[0].fixes[]][$1].commands // [] | join(\"\n\")" >"$T/step$1.sh"
}

# check_steps: every step parses and holds no <PLACEHOLDER>.
check_steps()
{
    local n k ph bad=0
    n=$(jqr '.origins[0].fixes | length')
    assert_cmp -ge "$n" 1 "$OD_RUN: fix steps"
    for k in $(seq 0 $((n - 1))); do
        step_file "$k"
        bash -n "$T/step$k.sh" 2>>"$T/bash-n.err" || {
            bad=$((bad + 1))
            cat "$T/step$k.sh" >&2
        }
        ph=$(grep -oE '<[A-Za-z_]+>' "$T/step$k.sh" | sort -u | tr '\n' ' ')
        assert_eq "" "$ph" "$OD_RUN: fix step $k holds no <PLACEHOLDER>"
    done
    assert_eq 0 "$bad" "$OD_RUN: every fix step passes bash -n"
}

# --- the article's 502 in a saved distribution ---------------------------------
run_od broken "${RES[@]}" --distribution-config="$T/saved.json"
assert_exit 1
assert_jq '.origins | length' 1 "the decoy origin is not reached"
assert_jq '.origins[0].origin_id' alb
check_steps
ALL=$(jqr '[.origins[0].fixes[].commands // [] | .[]] | join("\n")')
assert_match "update-distribution --id $DIST --if-match" "$ALL" "the distribution's id"
assert_eq 0 "$(grep -c 'list-distributions' <<<"$ALL")" "no look-up of the known id"
assert_eq 0 "$(grep -c 'DIST_ID' <<<"$ALL")" "no DIST_ID variable"
assert_match 'select\(\.Id=="alb"\)' "$ALL" "the origin is selected by its Id"
assert_eq 0 "$(grep -c 'select(.DomainName==' <<<"$ALL")" "never by its DomainName"
assert_match "^jq -e 'if any\(" "$ALL" "jq -e"
assert_match 'error\("no origin with Id alb in dist.json"\)' "$ALL" "a loud failure"

# The step that sets the origin: get the config, its ETag, jq, then update.
K=$(jqr '[.origins[0].fixes[].commands // [] | join("\n") | test("update-distribution")] | index(true)')
assert_cmp -ge "${K:-x}" 0 "a step updates the distribution"
step_file "$K"
assert_eq "aws cloudfront get-distribution-config --id $DIST > dist.json" \
    "$(grep -m1 'get-distribution-config' "$T/step$K.sh")" "the config is read in the step"
assert_eq "ETAG=\$(jq -r .ETag dist.json)" "$(grep -m1 '^ETAG=' "$T/step$K.sh")" \
    "its ETag right after"
assert_cmp -lt "$(grep -n '^ETAG=' "$T/step$K.sh" | cut -d: -f1)" \
    "$(grep -n 'update-distribution' "$T/step$K.sh" | cut -d: -f1)" "the ETag before the update"

# --- the step, run as printed, against the emulator ----------------------------
# Its re-test runs this build of origin-doctor (the name's record stands in
# for --resolve); first without the test CA, so the new origin name fails
# and nothing may change.
assert_match "^if origin-doctor origin\.example\.com:$P; then\$" \
    "$(grep '^if origin-doctor' "$T/step$K.sh")" "the re-test of the new name gates the change"
mkdir -p "$T/run" "$T/bin"
printf '#!/bin/sh\nexec "%s" --no-aws $OD_EXTRA "$@"\n' "$ORIGIN_DOCTOR" >"$T/bin/origin-doctor"
chmod +x "$T/bin/origin-doctor"
E0=$("$AWS" --endpoint-url "$EP" cloudfront get-distribution-config --id "$DIST" --query ETag --output text)
(cd "$T/run" && PATH=$T/bin:$PATH OD_EXTRA="--resolve origin.example.com:$P:$(addr 2)" AWS_ENDPOINT_URL=$EP timeout -k 5 120 bash "$T/step$K.sh") \
    >"$T/gate.out" 2>&1
assert_cmp -ne $? 0 "the step fails while the new origin name fails the re-test"
assert_match 'the distribution was not changed' "$(cat "$T/gate.out")" "and says so"
E1=$("$AWS" --endpoint-url "$EP" cloudfront get-distribution-config --id "$DIST" --query ETag --output text)
assert_eq "$E0" "$E1" "the distribution is unchanged (same ETag)"

(cd "$T/run" && PATH=$T/bin:$PATH OD_EXTRA="--ca-file $PKI/root.pem --resolve origin.example.com:$P:$(addr 2)" AWS_ENDPOINT_URL=$EP \
    timeout -k 5 120 bash "$T/step$K.sh") >"$T/run.out" 2>&1
assert_eq 0 $? "the CloudFront step runs against the emulator" || cat "$T/run.out" >&2
"$AWS" --endpoint-url "$EP" cloudfront get-distribution-config --id "$DIST" --output json \
    >"$T/after-config.json"
OD_JSON=$T/after-config.json
assert_jq '.DistributionConfig.Origins.Items[] | select(.Id == "alb") | .DomainName' \
    origin.example.com "origin alb now has the custom domain"
assert_jq '.DistributionConfig.Origins.Items[] | select(.Id == "decoy") | .DomainName' "$ELB" \
    "the decoy with the same DomainName is untouched"

run_od after "${RES[@]/--no-aws/--aws-endpoint-url=$EP}" --distribution="$DIST"
assert_exit 0
assert_jq '.distributions[0].verdict' ok "the changed distribution passes"

# --- no origin with that Id: jq stops, nothing is uploaded -------------------
E0=$("$AWS" --endpoint-url "$EP" cloudfront get-distribution-config --id "$OTHER" --query ETag --output text)
sed "s/$DIST/$OTHER/g" "$T/step$K.sh" >"$T/other.sh"
(cd "$T/run" && PATH=$T/bin:$PATH OD_EXTRA="--ca-file $PKI/root.pem --resolve origin.example.com:$P:$(addr 2)" AWS_ENDPOINT_URL=$EP \
    timeout -k 5 120 bash "$T/other.sh") >"$T/other.out" 2>&1
assert_cmp -ne $? 0 "the step fails when no origin has the Id"
assert_match 'no origin with Id alb in dist.json' "$(cat "$T/other.out")" "and says why"
E1=$("$AWS" --endpoint-url "$EP" cloudfront get-distribution-config --id "$OTHER" --query ETag --output text)
assert_eq "$E0" "$E1" "nothing was uploaded (same ETag)"

# --- Host forwarded, the certificate lacks the alias: behaviours named ---------
HOSTD=$(create host alb '{"OriginRequestPolicyId": "216adef6-5c7f-47e4-b989-5492eafa07d3",
    "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"}')
"$AWS" --endpoint-url "$EP" cloudfront get-distribution-config --id "$HOSTD" --output json \
    >"$T/host-config.json"
jq '{ETag, Distribution: {Id: "'"$HOSTD"'", DomainName: "d1.cloudfront.net", Status: "Deployed",
     DistributionConfig: (.DistributionConfig | .Origins.Items[0].DomainName = "origin.example.com")}}' \
    "$T/host-config.json" >"$T/host-dist.json"
run_od host "${RES[@]}" --distribution-config="$T/host-dist.json"
assert_exit 1
assert_jq '.origins[0].host_header' www.example.com
check_steps
K=$(jqr '[.origins[0].fixes[].commands // [] | join("\n") | test("b689b0a8-53d0-40ab-baf2-68738e2966ac")] | index(true)')
assert_cmp -ge "${K:-x}" 0 "a step stops forwarding Host"
assert_match '/api/\*, \* \(the default behaviour\)' "$(jqr ".origins[0].fixes[$K].why")" \
    "it names the behaviours"
step_file "$K"
grep '^jq -e .*as \$p' "$T/step$K.sh" | sed 's/ dist.json > dist-config.json &&$//; s/^jq -e //' \
    >"$T/host-filter.sh"
eval "jq -e $(cat "$T/host-filter.sh")" "$T/host-config.json" >"$T/host-edited.json"
assert_eq 0 $? "the behaviours' jq edit runs on the real config"
OD_JSON=$T/host-edited.json
assert_jq '.DefaultCacheBehavior.OriginRequestPolicyId' b689b0a8-53d0-40ab-baf2-68738e2966ac
assert_jq '.CacheBehaviors.Items[0].OriginRequestPolicyId' b689b0a8-53d0-40ab-baf2-68738e2966ac
# A legacy behaviour (ForwardedValues, no cache policy) loses Host from its headers.
jq '.DistributionConfig.DefaultCacheBehavior |= (del(.CachePolicyId, .OriginRequestPolicyId) |
      .ForwardedValues.Headers = {Quantity: 2, Items: ["Host", "Accept"]})' \
    "$T/host-config.json" >"$T/host-legacy.json"
eval "jq -e $(cat "$T/host-filter.sh")" "$T/host-legacy.json" >"$T/host-legacy-edited.json"
OD_JSON=$T/host-legacy-edited.json
assert_jq '.DefaultCacheBehavior.ForwardedValues.Headers | "\(.Quantity) \(.Items | join(","))"' \
    "1 Accept" "legacy: Host removed, the other header kept"
assert_jq '.DefaultCacheBehavior.OriginRequestPolicyId' null "legacy: no policy added"
jq '.DistributionConfig.CacheBehaviors.Items[0].PathPattern = "/v2/*"' "$T/host-config.json" \
    >"$T/host-renamed.json"
eval "jq -e $(cat "$T/host-filter.sh")" "$T/host-renamed.json" >/dev/null 2>"$T/host-renamed.err"
assert_cmp -ne $? 0 "a behaviour that is not there stops jq"
assert_match 'no behaviour' "$(cat "$T/host-renamed.err")" "and says which"

od_exit
