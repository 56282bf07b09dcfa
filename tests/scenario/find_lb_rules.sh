#!/bin/bash
# http.lb_default_action: the Application Load Balancer behind the origin
# routes by Host and none of its HTTPS listener's rules matches the Host
# CloudFront sends, so the listener's default action answers every request
# CloudFront makes.  Read with the real AWS CLI from a local AWS API
# emulator (moto_server on loopback): an ALB with an HTTPS listener on the
# origin's port whose default action is a fixed 404, a rule for
# app.example.com and one for the viewer's www.example.com, a Route 53
# alias origin.example.com to it, and a distribution whose origin is
# origin.example.com without forwarding Host.  The origin is a local TLS
# server answering like that default action (404, awselb/2.0).
# origin-doctor must name the rules, the Host and the default action, say
# the origin's 404 is the fixed response, and print fix steps with the
# real rule and listener ARNs: adding the Host to the rule (run here
# against the emulator, after which the finding is gone), or forwarding
# the viewer's Host (offered because a rule expects the viewer's name).
# With Host forwarded to a name a rule has, or without the account,
# nothing is claimed.
. "${0%/*}/lib.sh"
od_init 144
need_openssl

aws_test_env
start_moto moto "$(addr 1)"
EP=$MOTO_EP
OD_RUN_LIMIT=150
a() { "$AWS" --endpoint-url "$EP" --output json "$@"; }

R=ap-northeast-1
pki_leaf_y site rsa origin.example.com www.example.com
pki_cat full site int2 int1
start_http_origin alb alb404 "$(addr 2)" "$PKI/full.pem" "$PKI/site.key"
P=$ORIGIN_PORT

VPC=$(a ec2 create-vpc --region $R --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text) &&
    S1=$(a ec2 create-subnet --region $R --vpc-id "$VPC" --cidr-block 10.0.1.0/24 \
        --availability-zone ${R}a --query Subnet.SubnetId --output text) &&
    S2=$(a ec2 create-subnet --region $R --vpc-id "$VPC" --cidr-block 10.0.2.0/24 \
        --availability-zone ${R}c --query Subnet.SubnetId --output text) &&
    CERT=$(a acm import-certificate --region $R --certificate "fileb://$PKI/site.pem" \
        --private-key "fileb://$PKI/site.key" --certificate-chain "fileb://$PKI/full.pem" \
        --query CertificateArn --output text) &&
    a elbv2 create-load-balancer --region $R --name web --subnets "$S1" "$S2" >"$T/lb.json" &&
    LB=$(jq -r '.LoadBalancers[0].LoadBalancerArn' "$T/lb.json") &&
    ALB=$(jq -r '.LoadBalancers[0].DNSName' "$T/lb.json") &&
    LBZONE=$(jq -r '.LoadBalancers[0].CanonicalHostedZoneId' "$T/lb.json") &&
    TG=$(a elbv2 create-target-group --region $R --name app --protocol HTTP --port 80 \
        --vpc-id "$VPC" --query 'TargetGroups[0].TargetGroupArn' --output text) &&
    LISTENER=$(a elbv2 create-listener --region $R --load-balancer-arn "$LB" --protocol HTTPS \
        --port "$P" --certificates "CertificateArn=$CERT" --ssl-policy ELBSecurityPolicy-2016-08 \
        --default-actions 'Type=fixed-response,FixedResponseConfig={StatusCode=404,ContentType=text/plain,MessageBody=nothing here}' \
        --query 'Listeners[0].ListenerArn' --output text) &&
    RULE=$(a elbv2 create-rule --region $R --listener-arn "$LISTENER" --priority 10 \
        --conditions 'Field=host-header,HostHeaderConfig={Values=[app.example.com]}' \
        --actions "Type=forward,TargetGroupArn=$TG" --query 'Rules[0].RuleArn' --output text) &&
    RULE2=$(a elbv2 create-rule --region $R --listener-arn "$LISTENER" --priority 20 \
        --conditions 'Field=host-header,HostHeaderConfig={Values=[www.example.*]}' \
        --actions "Type=forward,TargetGroupArn=$TG" --query 'Rules[0].RuleArn' --output text) &&
    ZONE=$(a route53 create-hosted-zone --name example.com --caller-reference od-rules \
        --query HostedZone.Id --output text) && ZONE=${ZONE#/hostedzone/} &&
    jq -n --arg z "$LBZONE" --arg d "dualstack.$ALB." \
        '{Changes: [{Action: "UPSERT", ResourceRecordSet: {Name: "origin.example.com", Type: "A",
          AliasTarget: {HostedZoneId: $z, DNSName: $d, EvaluateTargetHealth: false}}}]}' \
        >"$T/alias.json" &&
    a route53 change-resource-record-sets --hosted-zone-id "$ZONE" \
        --change-batch "file://$T/alias.json" >/dev/null ||
    hard_error "cannot build the account in the emulator"

# The origin: read timeout 5 s, one connection attempt, connection timeout 5 s.
dist_config_one_origin "$T/dist.json" od-rules www.example.com alb origin.example.com "$P" 5 1 5
DIST=$(a cloudfront create-distribution --distribution-config "file://$T/dist.json" \
    --query Distribution.Id --output text) || hard_error "cannot create the distribution"

COMMON=(--aws-endpoint-url "$EP" --resolve "origin.example.com:$P:$(addr 2)"
    --ca-file "$PKI/root.pem" --vpc-origin)
O='.origins[0]'
OD_O=$O

# --- the default action answers ---------------------------------------------------
run_od rules "${COMMON[@]}" --distribution="$DIST"
assert_jq "$O.account.found_from" route53
assert_jq "$O.account.listener.arn" "$LISTENER"
assert_jq "$O.account.listener.rules | length" 3 "the listener's rules are read"
assert_jq "$O.account.listener.rules[0].arn" "$RULE" "by priority"
assert_jq "$O.account.listener.rules[0].hosts | join(\" \")" app.example.com
assert_jq "$O.account.listener.rules[0].action" forward
assert_jq "$O.account.listener.rules[2].default" true "the default last"
assert_jq "$O.account.listener.rules[2].action" fixed-response
assert_jq "$O.account.listener.rules[2].status" 404
assert_jq "$O.addresses[0].http.code" 404
assert_finding http.lb_default_action warning null
assert_message_match http.lb_default_action \
    "routes by Host \(app.example.com, www.example.\*\) and no rule matches origin.example.com, the Host CloudFront sends: its default action answers \(a fixed response 404\)"
assert_message_match http.lb_default_action "answered 404, the default action's fixed response"
assert_jq "[$O.findings[] | select(.id == \"http.lb_default_action\")][0].fix_guide" load_balancer_rules
assert_jq "$O.verdict" ok "CloudFront gets an answer: not a 502"

# The fix steps: the rule and listener ARNs literally, no placeholder, each
# parses; adding the Host to the rule, and the alternative of forwarding
# the viewer's Host (a rule expects www.example.*).
jq -r "[$O.fixes[] | select(.guide == \"load_balancer_rules\")]" "$OD_JSON" >"$T/steps.json"
assert_eq 2 "$(jq length "$T/steps.json")" "two ways: the rule, or forwarding the viewer's Host"
assert_match "Route Host origin.example.com to the application" "$(jq -r '.[0].title' "$T/steps.json")" "the first: the rule"
assert_match "choose one" "$(jq -r '.[0].why' "$T/steps.json")" "the step says which ways apply"
assert_match "Or forward the viewer's Host header" "$(jq -r '.[1].title' "$T/steps.json")" "the second: forwarding Host"
jq -r '.[0].commands | join("\n")' "$T/steps.json" >"$T/step-rule.sh"
jq -r '.[1].commands | join("\n")' "$T/steps.json" >"$T/step-host.sh"
for v in "$RULE" "$LISTENER" "modify-rule" "--region $R"; do
    OD_CHECKS=$((OD_CHECKS + 1))
    grep -qF -- "$v" "$T/step-rule.sh" || fail "the rule step does not name $v"
done
OD_CHECKS=$((OD_CHECKS + 1))
grep -qF -- "$DIST" "$T/step-host.sh" || fail "the Host step does not name the distribution"
for f in step-rule step-host; do
    OD_CHECKS=$((OD_CHECKS + 1))
    if grep -nE '<[A-Za-z_]+>|\$\{(LB_ARN|LISTENER_ARN|DIST_ID|ELB_REGION|TG_ARN):\?\}' "$T/$f.sh" >&2; then
        fail "$f holds a placeholder for what the account told"
    fi
    OD_CHECKS=$((OD_CHECKS + 1))
    bash -n "$T/$f.sh" 2>"$T/$f.err" || fail "$f does not parse: $(cat "$T/$f.err")"
done

# The text report names the rules.
run_batch rules-text "${COMMON[@]}" --distribution="$DIST"
assert_match "Rule 10: host app.example.com: forward" "$(cat "$T/rules-text.txt")" "text: the rule"
assert_match "Default rule: fixed-response 404" "$(cat "$T/rules-text.txt")" "text: the default"

# --- with Host forwarded to a name a rule has: nothing claimed ------------------
run_od forwarded "${COMMON[@]}" -H www.example.com "origin.example.com:$P"
assert_jq "$O.account.listener.rules | length" 3
assert_no_finding http.lb_default_action

# --- without the account: nothing claimed ----------------------------------------
run_od noaws --no-aws --resolve "origin.example.com:$P:$(addr 2)" --ca-file "$PKI/root.pem" \
    --vpc-origin "origin.example.com:$P"
assert_jq "$O.account" null
assert_jq "$O.addresses[0].http.code" 404
assert_no_finding http.lb_default_action

# --- the rule step, run against the emulator, routes the Host ---------------------
# (the first step starts with a request through CloudFront, which curl
# would send to the real one: a stub stands in for it)
mkdir -p "$T/run" "$T/stub"
printf '#!/bin/sh\nexit 0\n' >"$T/stub/curl"
chmod +x "$T/stub/curl"
(cd "$T/run" && PATH=$T/stub:$PATH AWS_ENDPOINT_URL=$EP bash -e -o pipefail "$T/step-rule.sh") \
    >"$T/step.out" 2>&1
rc=$?
OD_CHECKS=$((OD_CHECKS + 1))
[ "$rc" -eq 0 ] || { cat "$T/step.out" >&2; fail "the rule step does not run against the emulator"; }
assert_eq "app.example.com origin.example.com" \
    "$(a elbv2 describe-rules --region $R --rule-arns "$RULE" \
        --query 'Rules[0].Conditions[0].HostHeaderConfig.Values' --output text | tr '\t' ' ')" \
    "the rule now has the Host CloudFront sends"
run_od after "${COMMON[@]}" --distribution="$DIST"
assert_jq "$O.account.listener.rules[0].hosts | join(\" \")" "app.example.com origin.example.com"
assert_no_finding http.lb_default_action
