#!/bin/bash
# A saved distribution configuration as input (--distribution-config): each
# custom origin probed the way its settings and behaviours say, from a file
# and from standard input.  Real s_servers on loopback stand in for the
# origins (--resolve maps their names); no AWS CLI is run (--no-aws).
#   - the article's 502: an ELB name as origin, certificate for the custom
#     domain (cert.name_mismatch + origin.elb_name), for both behaviours;
#   - the fixed distribution: the custom domain as origin passes;
#   - Host forwarded by a managed origin request policy and by legacy
#     ForwardedValues: the alias is the name sent and checked;
#   - an S3 origin beside the custom one: listed, skipped, with a reason;
#   - broken input: exit 2 and one line naming the file.
. "${0%/*}/lib.sh"
od_init 81
need_openssl
C=$T/cfg
mkdir -p "$C"

ELB=my-alb-123.ap-northeast-1.elb.amazonaws.com

pki_leaf_y site ec origin.example.com
pki_leaf_y both ec origin.example.com www.example.com
pki_cat chain int2 int1
start_tls_server alb "$(addr 2)" site site chain
P=$SRV_PORT
start_tls_server alb2 "$(addr 3)" both both chain
P2=$SRV_PORT

# origin ID DOMAIN PORT [MINPROTO]: a custom origin object.
origin()
{
    jq -n --arg id "$1" --arg d "$2" --argjson p "$3" --arg min "${4:-TLSv1.2}" \
        '{Id: $id, DomainName: $d, OriginPath: "", CustomHeaders: {Quantity: 0},
          CustomOriginConfig: {HTTPPort: 80, HTTPSPort: $p, OriginProtocolPolicy: "https-only",
            OriginSslProtocols: {Quantity: 1, Items: [$min]},
            OriginReadTimeout: 30, OriginKeepaliveTimeout: 5},
          ConnectionAttempts: 3, ConnectionTimeout: 10, OriginShield: {Enabled: false}}'
}

# config FILE DEFAULT_TARGET BEHAVIOUR_EXTRA ORIGIN_JSON...: a
# get-distribution-config document with alias www.example.com, an ordered
# behaviour /api/* and the default one, both to DEFAULT_TARGET;
# BEHAVIOUR_EXTRA (a jq object) is merged into both behaviours.
config()
{
    local file=$1 target=$2 extra=$3
    shift 3
    printf '%s\n' "$@" | jq -s --arg t "$target" --argjson x "$extra" \
        '{ETag: "E2QWRUHAPOMQZL", DistributionConfig: {CallerReference: "od", Comment: "",
          Enabled: true, Aliases: {Quantity: 1, Items: ["www.example.com"]},
          Origins: {Quantity: length, Items: .},
          DefaultCacheBehavior: ({TargetOriginId: $t, ViewerProtocolPolicy: "redirect-to-https"} + $x),
          CacheBehaviors: {Quantity: 1, Items: [({PathPattern: "/api/*", TargetOriginId: $t,
            ViewerProtocolPolicy: "https-only"} + $x)]}}}' >"$file"
}

RES=(--resolve "$ELB:$P:$(addr 2)" --resolve "origin.example.com:$P:$(addr 2)"
    --resolve "$ELB:$P2:$(addr 3)" --ca-file "$PKI/root.pem" --vpc-origin --no-aws)

# --- the article's 502 -----------------------------------------------------
config "$C/elb.json" alb '{}' "$(origin alb "$ELB" "$P")"
run_od elb "${RES[@]}" --distribution-config="$C/elb.json"
assert_exit 1
assert_jq '.distributions | length' 1
assert_jq '.distributions[0].etag' E2QWRUHAPOMQZL
assert_jq '.distributions[0].id' null "a saved config has no id"
assert_jq '.distributions[0].aliases | join(",")' www.example.com
assert_jq '.distributions[0].verdict' fail
assert_jq '.distributions[0].failing_behaviors | join(" ")' '/api/* *' "both behaviours fail"
assert_jq '.distributions[0].source' "$C/elb.json"
assert_jq '.origins | length' 1 "one probe: both behaviours reach the same (origin, name, port)"
assert_jq '.origins[0].origin_id' alb
assert_jq '.origins[0].behaviors | join(" ")' '/api/* *'
assert_jq '.origins[0].name' "$ELB"
assert_jq '.origins[0].port' "$P"
assert_jq '.origins[0].host_header' null "Host not forwarded"
assert_jq '.origins[0].host_forwarding' no
assert_jq '.origins[0].settings.protocol_policy' https-only
assert_jq '.origins[0].settings.min_protocol' TLSv1.2
assert_jq '.origins[0].settings.connection_attempts' 3
OD_O='.origins[0]'
assert_finding origin.elb_name error null
assert_finding cert.name_mismatch error null
assert_verdict fail 502 1

# The text report leads with the distribution and its failing behaviours.
run_batch elb-text "${RES[@]}" --distribution-config="$C/elb.json"
assert_eq 1 "$OD_RC" "elb-text: exit status"
assert_match '^Distribution ' "$(sed -n 3p "$T/elb-text.txt")" "the distribution comes first"
assert_match 'FAIL .*/api/\* 502, \* \(default\) 502' "$(sed -n 4p "$T/elb-text.txt")" \
    "then the failing behaviours"
assert_match '^Origin alb, behaviours /api/\*, \*$' "$(grep '^Origin ' "$T/elb-text.txt")" \
    "each origin says which behaviours reach it"

# --- the fixed distribution ----------------------------------------------------
config "$C/fixed.json" alb '{}' "$(origin alb origin.example.com "$P")"
run_od fixed "${RES[@]}" --distribution-config="$C/fixed.json"
assert_exit 0
assert_jq '.distributions[0].verdict' ok
assert_jq '.distributions[0].failing_behaviors | length' 0
assert_jq '.origins[0].verdict' ok

# --- Host forwarded: by a managed origin request policy, by legacy headers ---
# The ELB name stays the origin; the certificate covers the alias.
for how in policy legacy; do
    case $how in
    policy) x='{"OriginRequestPolicyId": "216adef6-5c7f-47e4-b989-5492eafa07d3"}' ;;
    legacy) x='{"ForwardedValues": {"QueryString": false, "Cookies": {"Forward": "none"},
               "Headers": {"Quantity": 1, "Items": ["Host"]}}}' ;;
    esac
    config "$C/host-$how.json" alb "$x" "$(origin alb "$ELB" "$P2")"
    run_od "host-$how" "${RES[@]}" --distribution-config="$C/host-$how.json"
    assert_jq '.origins | length' 1
    assert_jq '.origins[0].host_header' www.example.com "the viewer's Host is the name"
    assert_jq '.origins[0].sni' www.example.com "and the SNI"
    assert_jq '.origins[0].host_forwarding' yes
    assert_jq '.distributions[0].behaviors[0].host_forwarding' yes
    OD_O='.origins[0]'
    assert_no_finding cert.name_mismatch
done
assert_jq '.distributions[0].behaviors[1].host_reason | test("ForwardedValues")' true \
    "the reason names the legacy setting"

# The same certificate without the alias: forwarding Host fails on it.
config "$C/host-bad.json" alb '{"OriginRequestPolicyId": "216adef6-5c7f-47e4-b989-5492eafa07d3"}' \
    "$(origin alb origin.example.com "$P")"
run_od host-bad "${RES[@]}" --distribution-config="$C/host-bad.json"
OD_O='.origins[0]'
assert_finding cert.name_mismatch error null
assert_message_match cert.name_mismatch 'www\.example\.com'
assert_exit 1

# --- an S3 origin beside the custom one --------------------------------------
s3='{"Id": "assets", "DomainName": "assets.s3.amazonaws.com", "OriginPath": "",
     "S3OriginConfig": {"OriginAccessIdentity": ""}}'
config "$C/s3.json" alb '{}' "$(origin alb origin.example.com "$P")" "$s3"
jq '.DistributionConfig.CacheBehaviors.Items[0].TargetOriginId = "assets"' "$C/s3.json" >"$C/s3b.json"
run_od s3 "${RES[@]}" --distribution-config="$C/s3b.json"
assert_exit 0
assert_jq '.origins | length' 2 "the custom origin probed, the S3 one listed"
assert_jq '.origins[1].origin_id' assets
assert_jq '.origins[1].verdict' skipped
assert_jq '.origins[1].skipped | test("S3")' true "the reason says S3"
assert_jq '.origins[1].behaviors | join(" ")' '/api/*'
assert_jq '.distributions[0].behaviors[0].verdict' skipped "the S3 behaviour is not judged"
assert_jq '.distributions[0].behaviors[1].verdict' ok

# --- standard input --------------------------------------------------------------
OD_RUN=stdin
timeout -k 5 30 "$ORIGIN_DOCTOR" --json "${RES[@]}" --distribution-config=- <"$C/elb.json" \
    >"$T/stdin.json" 2>"$T/stdin.json.err"
OD_RC=$?
OD_JSON=$T/stdin.json
assert_exit 1
assert_jq '.distributions[0].source' -
assert_jq '.origins[0].origin_id' alb

# --- broken input ------------------------------------------------------------------
head -c 300 "$C/elb.json" >"$C/truncated.json"
run_usage truncated "${RES[@]}" --distribution-config="$C/truncated.json"
assert_match "truncated\\.json: not valid JSON" "$(cat "$T/truncated.err")" "truncated: names the file"

jq '.DistributionConfig.Origins.Items[0].CustomOriginConfig.HTTPSPort = "443"' "$C/elb.json" >"$C/types.json"
run_usage types "${RES[@]}" --distribution-config="$C/types.json"
assert_match "types\\.json: Origins\\.Items\\[0\\]\\.CustomOriginConfig\\.HTTPSPort must be a whole number" \
    "$(cat "$T/types.err")" "wrong type: names the file and the field"

jq '.DistributionConfig.Origins.Items[0].DomainName = "a\u001b[2Jb.example.com"' "$C/elb.json" >"$C/ctl.json"
run_usage ctl "${RES[@]}" --distribution-config="$C/ctl.json"
assert_match "ctl\\.json: Origins\\.Items\\[0\\]\\.DomainName contains control characters" \
    "$(cat "$T/ctl.err")" "control bytes: refused"
assert_eq 0 "$(grep -c $'\x1b' "$T/ctl.err")" "ctl: no escape byte reaches the terminal"

jq '.DistributionConfig.Origins.Items[0].Id = ("x" * 100000)' "$C/elb.json" >"$C/hugestr.json"
run_usage hugestr "${RES[@]}" --distribution-config="$C/hugestr.json"
assert_match "Origins\\.Items\\[0\\]\\.Id is longer than" "$(cat "$T/hugestr.err")" "huge string: refused"

jq --argjson o "$(origin alb origin.example.com "$P")" \
    '.DistributionConfig.Origins = {Quantity: 10000, Items: [range(10000) as $i | $o | .Id = "o\($i)"]}' \
    "$C/elb.json" >"$C/many.json"
run_usage many "${RES[@]}" --distribution-config="$C/many.json"
assert_match "many\\.json: Origins has 10000 entries; origin-doctor reads at most 512" \
    "$(cat "$T/many.err")" "10,000 origins: refused with the cap named"

head -c 17000000 /dev/zero | tr '\0' ' ' >"$C/huge.json"
run_usage huge "${RES[@]}" --distribution-config="$C/huge.json"
assert_match "huge\\.json: larger than 16 MiB" "$(cat "$T/huge.err")" "a huge file: refused"

run_usage missing "${RES[@]}" --distribution-config="$C/nope.json"
assert_match "nope\\.json: cannot read" "$(cat "$T/missing.err")" "a missing file"

echo '{"hello": 1}' >"$C/other.json"
run_usage other "${RES[@]}" --distribution-config="$C/other.json"
assert_match "other\\.json: .*not a CloudFront distribution configuration" "$(cat "$T/other.err")" \
    "an unrelated JSON document"

# The schema knows the distribution keys: a report without them is refused.
jq 'del(.distributions[0].verdict)' "$T/s3.json" >"$T/bad-dist.json"
jq '.origins[1].skipped = null' "$T/s3.json" >"$T/bad-skip.json"
for f in bad-dist bad-skip; do
    validate_reports "$T/$f.json" >/dev/null 2>&1
    rc=$?
    [ "$rc" -eq 77 ] || assert_eq 1 "$rc" "$f: the schema rejects it"
done
