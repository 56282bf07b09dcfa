#!/bin/bash
# The account behind the origin (issue 9), read with the real AWS CLI from a
# local AWS API emulator (moto_server on a loopback port): an Application
# Load Balancer with an HTTPS listener on the origin's port whose default
# certificate (imported) is for another name, an ISSUED certificate for the
# custom domain in the same Region, its security group open to the
# CloudFront prefix list only, a Route 53 zone with an alias record to it,
# and a distribution whose origin is the load balancer's DNS name (probed
# against local TLS servers through --resolve: the load balancer's name
# serves the default certificate, the custom domain its own).  origin-doctor
# must report the load balancer, the listener and the certificates with
# their ARNs, suggest the Route 53 name with its zone first, and print fix
# steps that use the ISSUED certificate and write the ARNs literally, hold
# no <PLACEHOLDER> and each pass bash -n.  tcp.cloudfront_only: a timeout
# from this machine on a port the security group opens to CloudFront only
# is no forecast of 504 (the verdict is unknown, never ok), while what the
# account shows for certain (no listener certificate covers the name) is.  Also: a
# Classic Load Balancer, a Network Load Balancer with a TCP listener, a
# refused permission (moto enforcing IAM) named with its IAM action while
# the diagnosis stays whole, and no AWS CLI run at all without AWS options
# or with --no-aws.  The user's own AWS configuration is never read.
. "${0%/*}/lib.sh"
od_init 86
need_openssl

# Several CLI processes in a row: more time than a probe alone.
OD_RUN_LIMIT=150

aws_test_env

start_moto moto "$(addr 1)"
EP=$MOTO_EP
echo "using $("$AWS" --version 2>&1 | head -n 1) and $MOTO" >&2
a() { "$AWS" --endpoint-url "$EP" --output json "$@"; }

R=ap-northeast-1
pki_leaf_y old ec web.example.net
pki_leaf_y site ec origin.example.com
pki_cat chain int2 int1
start_tls_server alb "$(addr 2)" old old chain
P=$SRV_PORT
start_tls_server_at custom "$(addr 3)" "$P" site site chain ||
    skip "openssl s_server on $(addr 3):$P did not start"

# --- the account -------------------------------------------------------------
VPC=$(a ec2 create-vpc --region $R --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text) &&
    S1=$(a ec2 create-subnet --region $R --vpc-id "$VPC" --cidr-block 10.0.1.0/24 \
        --availability-zone ${R}a --query Subnet.SubnetId --output text) &&
    S2=$(a ec2 create-subnet --region $R --vpc-id "$VPC" --cidr-block 10.0.2.0/24 \
        --availability-zone ${R}c --query Subnet.SubnetId --output text) &&
    SG=$(a ec2 create-security-group --region $R --group-name alb --description alb \
        --vpc-id "$VPC" --query GroupId --output text) &&
    PL=$(a ec2 describe-managed-prefix-lists --region $R \
        --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing \
        --query 'PrefixLists[0].PrefixListId' --output text) &&
    a ec2 authorize-security-group-ingress --region $R --group-id "$SG" \
        --ip-permissions "IpProtocol=tcp,FromPort=$P,ToPort=$P,PrefixListIds=[{PrefixListId=$PL}]" \
        >/dev/null &&
    CERT_OLD=$(a acm import-certificate --region $R --certificate "fileb://$PKI/old.pem" \
        --private-key "fileb://$PKI/old.key" --certificate-chain "fileb://$PKI/chain.pem" \
        --query CertificateArn --output text) &&
    CERT=$(a acm import-certificate --region $R --certificate "fileb://$PKI/site.pem" \
        --private-key "fileb://$PKI/site.key" --certificate-chain "fileb://$PKI/chain.pem" \
        --query CertificateArn --output text) &&
    a elbv2 create-load-balancer --region $R --name web --subnets "$S1" "$S2" \
        --security-groups "$SG" >"$T/lb.json" &&
    LB=$(jq -r '.LoadBalancers[0].LoadBalancerArn' "$T/lb.json") &&
    ALB=$(jq -r '.LoadBalancers[0].DNSName' "$T/lb.json") &&
    LBZONE=$(jq -r '.LoadBalancers[0].CanonicalHostedZoneId' "$T/lb.json") &&
    TG=$(a elbv2 create-target-group --region $R --name web --protocol HTTP --port 80 \
        --vpc-id "$VPC" --query 'TargetGroups[0].TargetGroupArn' --output text) &&
    LISTENER=$(a elbv2 create-listener --region $R --load-balancer-arn "$LB" --protocol HTTPS \
        --port "$P" --certificates "CertificateArn=$CERT_OLD" --ssl-policy ELBSecurityPolicy-2016-08 \
        --default-actions "Type=forward,TargetGroupArn=$TG" \
        --query 'Listeners[0].ListenerArn' --output text) &&
    ZONE=$(a route53 create-hosted-zone --name example.com --caller-reference od-test \
        --query HostedZone.Id --output text) && ZONE=${ZONE#/hostedzone/} &&
    jq -n --arg z "$LBZONE" --arg d "dualstack.$ALB." \
        '{Changes: [{Action: "UPSERT", ResourceRecordSet: {Name: "origin.example.com", Type: "A",
          AliasTarget: {HostedZoneId: $z, DNSName: $d, EvaluateTargetHealth: false}}}]}' \
        >"$T/alias.json" &&
    a route53 change-resource-record-sets --hosted-zone-id "$ZONE" \
        --change-batch "file://$T/alias.json" >/dev/null ||
    hard_error "cannot build the account in the emulator"
echo "ALB $ALB ($LB), listener $LISTENER, certificate $CERT, zone $ZONE" >&2

dist_config_one_origin "$T/dist.json" od-account www.example.com alb "$ALB" "$P"
DIST=$(a cloudfront create-distribution --distribution-config "file://$T/dist.json" \
    --query Distribution.Id --output text) || hard_error "cannot create the distribution"

COMMON=(--aws-endpoint-url "$EP" --resolve "$ALB:$P:$(addr 2)"
    --resolve "origin.example.com:$P:$(addr 3)" --ca-file "$PKI/root.pem" --vpc-origin)

# --- the load balancer, its listener and certificate, Route 53 ---------------
run_od alb "${COMMON[@]}" --distribution="$DIST"
assert_exit 1
O='.origins[0]'
assert_jq "$O.account.found_from" origin
assert_jq "$O.account.region" $R
assert_jq "$O.account.load_balancer.arn" "$LB" "the load balancer's ARN"
assert_jq "$O.account.load_balancer.type" application
assert_jq "$O.account.load_balancer.canonical_hosted_zone_id" "$LBZONE"
assert_jq "$O.account.load_balancer.security_groups | join(\" \")" "$SG"
assert_jq "$O.account.listener.arn" "$LISTENER" "the listener on the origin's port"
assert_jq "$O.account.listener.protocol" HTTPS
assert_jq "$O.account.listener.ssl_policy" ELBSecurityPolicy-2016-08
assert_jq "$O.account.certificates[0].arn" "$CERT_OLD" "the listener's certificate"
assert_jq "$O.account.certificates[0].default" true
assert_jq "$O.account.certificates[0].status" ISSUED
assert_jq "$O.account.certificates[0].names | join(\" \")" web.example.net
assert_jq "$O.account.certificates[0].in_use_by | join(\" \")" "$LISTENER"
assert_jq "$O.account.issued_certificates[0].name" origin.example.com
assert_jq "$O.account.issued_certificates[0].certificate_arn" "$CERT" "an ISSUED certificate covers the custom domain"
assert_jq "$O.account.route53_records[0].name" origin.example.com
assert_jq "$O.account.route53_records[0].zone_id" "$ZONE"
assert_jq "$O.account.security_groups.access" cloudfront_only
assert_jq "$O.account.security_groups.prefix_list_id" "$PL"
assert_jq "$O.account.errors | length" 0
assert_jq "$O.suggested_origins[0].name" origin.example.com "the Route 53 name comes first"
assert_jq "$O.suggested_origins[0].source" route53
assert_jq "$O.suggested_origins[0].zone_id" "$ZONE"
OD_O=$O
assert_finding origin.elb_name error null

# The fix steps: the values from the account, literally; no certificate
# is requested (one is ISSUED), no load balancer or listener looked up.
jq -r "$O.fixes[].commands | join(\"\n\")" "$OD_JSON" >"$T/commands.txt"
for v in "$LISTENER" "$CERT"; do
    OD_CHECKS=$((OD_CHECKS + 1))
    grep -qF -- "$v" "$T/commands.txt" || fail "the fix steps do not name $v"
done
OD_CHECKS=$((OD_CHECKS + 1))
if grep -nE '<[A-Za-z_]+>' "$T/commands.txt" >&2; then fail "a fix step holds a <PLACEHOLDER>"; fi
for v in 'request-certificate --region ap-northeast-1 --domain-name origin.example.com' 'LB_ARN=' \
    'LISTENER_ARN=' 'LB_ARN:?' 'LISTENER_ARN:?'; do
    OD_CHECKS=$((OD_CHECKS + 1))
    if grep -nF -- "$v" "$T/commands.txt" >&2; then fail "the fix steps still look up or request: $v"; fi
done
n=$(jq "$O.fixes | length" "$OD_JSON")
assert_cmp -ge "$n" 1 "there are fix steps"
for ((i = 0; i < n; i++)); do
    jq -r "$O.fixes[$i].commands | join(\"\n\")" "$OD_JSON" >"$T/step$i.sh"
    OD_CHECKS=$((OD_CHECKS + 1))
    bash -n "$T/step$i.sh" 2>"$T/step$i.err" || fail "step $i does not parse: $(cat "$T/step$i.err")"
done

# The text report says the same.
run_batch alb-text "${COMMON[@]}" --distribution="$DIST"
assert_match "Listener on port $P: HTTPS" "$(cat "$T/alb-text.txt")" "text: the listener"
assert_match "origin.example.com  \(a Route 53 alias record to the load balancer, hosted zone $ZONE\)" \
    "$(cat "$T/alb-text.txt")" "text: the suggested origin with its zone"
assert_match "admits port $P from CloudFront only" "$(cat "$T/alb-text.txt")" "text: CloudFront only"

# An origin that is the Route 53 alias: the load balancer is found through it.
run_od alias "${COMMON[@]}" origin.example.com:$P
assert_exit 0
assert_jq "$O.account.found_from" route53
assert_jq "$O.account.load_balancer.arn" "$LB"
assert_jq "$O.verdict" ok

# The steps of the custom-domain path (up to the distribution's update;
# an alternative after it, "Or forward the viewer's Host header", is not
# run), in order against the emulator (AWS_ENDPOINT_URL), leave the
# distribution on the custom domain, which then passes.  dig and curl ask
# the real DNS and CloudFront: stubs stand in for them; origin-doctor's
# re-test inside a step reaches the local server through --resolve.
mkdir -p "$T/run" "$T/stub"
printf '#!/bin/sh\nexit 0\n' >"$T/stub/dig"
printf '#!/bin/sh\nexit 0\n' >"$T/stub/curl"
printf '#!/bin/sh\nexec %q --resolve %q --ca-file %q --vpc-origin "$@"\n' "$ORIGIN_DOCTOR" \
    "origin.example.com:$P:$(addr 3)" "$PKI/root.pem" >"$T/stub/origin-doctor"
chmod +x "$T/stub/dig" "$T/stub/curl" "$T/stub/origin-doctor"
: >"$T/all-steps.sh"
for ((i = 0; i < n; i++)); do
    cat "$T/step$i.sh" >>"$T/all-steps.sh"
    echo >>"$T/all-steps.sh"
    grep -q 'update-distribution' "$T/step$i.sh" && break
done
(
    cd "$T/run" && PATH=$T/stub:$PATH AWS_ENDPOINT_URL=$EP AWS_DEFAULT_REGION=$R \
        bash -e -o pipefail "$T/all-steps.sh"
) >"$T/steps.out" 2>&1
rc=$?
OD_CHECKS=$((OD_CHECKS + 1))
if [ "$rc" -ne 0 ] || ! [ -s "$T/run/dist-config.json" ]; then
    cat "$T/steps.out" >&2
    fail "the fix steps do not run in order against the emulator"
fi
assert_eq origin.example.com \
    "$(a cloudfront get-distribution-config --id "$DIST" --query 'DistributionConfig.Origins.Items[0].DomainName' --output text)" \
    "the distribution's origin is now the custom domain"
assert_match "$CERT" "$(a elbv2 describe-listener-certificates --region $R --listener-arn "$LISTENER" --output text)" \
    "the listener now has the certificate"
run_od after "${COMMON[@]}" --distribution="$DIST"
assert_exit 0
assert_jq "$O.name" origin.example.com
assert_jq "$O.verdict" ok "the custom domain passes"

# --- tcp.cloudfront_only: this machine is not CloudFront -----------------------
# A listener on a port where SYNs are dropped, open to CloudFront only.
start_fake blackhole blackhole "$(addr 4)"
HOLE=$FAKE_PORT
a ec2 authorize-security-group-ingress --region $R --group-id "$SG" \
    --ip-permissions "IpProtocol=tcp,FromPort=$HOLE,ToPort=$HOLE,PrefixListIds=[{PrefixListId=$PL}]" \
    >/dev/null &&
    a elbv2 create-listener --region $R --load-balancer-arn "$LB" --protocol HTTPS --port "$HOLE" \
        --certificates "CertificateArn=$CERT" --default-actions "Type=forward,TargetGroupArn=$TG" \
        >/dev/null || hard_error "cannot add the second listener"
run_od hole --aws-endpoint-url "$EP" --connect-timeout 1 \
    --resolve "origin.example.com:$HOLE:$(addr 4)" origin.example.com:$HOLE
assert_exit 1
assert_jq "$O.account.security_groups.access" cloudfront_only
OD_O=$O
assert_finding tcp.cloudfront_only error "$(addr 4)"
assert_message_match tcp.cloudfront_only "this machine is not CloudFront"
assert_no_finding tcp.timeout
assert_jq "$O.verdict" unknown "unknown, neither 504 nor ok"
# Behind the same rule, what the account shows is judged: with Host
# forwarded, CloudFront checks www.example.com, which none of the
# listener's certificates covers: a 502 known from the account.
run_od hole-host --aws-endpoint-url "$EP" --connect-timeout 1 -H www.example.com \
    --resolve "origin.example.com:$HOLE:$(addr 4)" origin.example.com:$HOLE
assert_finding tcp.cloudfront_only error "$(addr 4)"
assert_finding cert.name_mismatch error null
assert_message_match cert.name_mismatch "the account says none of the 1 certificates of the listener on port $HOLE covers www.example.com"
assert_jq "$O.verdict" fail
assert_jq "$O.cloudfront_status" 502
# Without the account the same timeout is a 504.
run_od hole-noaws --no-aws --connect-timeout 1 \
    --resolve "origin.example.com:$HOLE:$(addr 4)" origin.example.com:$HOLE
assert_finding tcp.timeout error "$(addr 4)"
assert_jq "$O.cloudfront_status" 504

# --- a Classic Load Balancer (moto names it in us-east-1) --------------------
# (served by the first TLS server: only the account matters here)
CERT_E=$(a acm import-certificate --region us-east-1 --certificate "fileb://$PKI/site.pem" \
    --private-key "fileb://$PKI/site.key" --certificate-chain "fileb://$PKI/chain.pem" \
    --query CertificateArn --output text) &&
    a elb create-load-balancer --region us-east-1 --load-balancer-name old \
        --listeners "Protocol=HTTPS,LoadBalancerPort=$P,InstanceProtocol=HTTP,InstancePort=80,SSLCertificateId=$CERT_E" \
        --availability-zones us-east-1a >"$T/clb.json" || hard_error "cannot create the Classic Load Balancer"
CLB=$(jq -r .DNSName "$T/clb.json")
run_od clb --aws-endpoint-url "$EP" --resolve "$CLB:$P:$(addr 2)" --ca-file "$PKI/root.pem" \
    --vpc-origin "$CLB:$P"
assert_jq "$O.account.load_balancer.type" classic "aws elb finds the Classic Load Balancer"
assert_jq "$O.account.load_balancer.name" old
assert_jq "$O.account.listener.protocol" HTTPS
assert_jq "$O.account.certificates[0].arn" "$CERT_E"
assert_jq "$O.account.certificates[0].status" ISSUED "described in ACM in the certificate's Region"

# --- a Network Load Balancer with a TCP listener (pass-through) ---------------
a elbv2 create-load-balancer --region $R --name pass --type network --subnets "$S1" >"$T/nlb.json" &&
    NLB=$(jq -r '.LoadBalancers[0].DNSName' "$T/nlb.json") &&
    NLB_ARN=$(jq -r '.LoadBalancers[0].LoadBalancerArn' "$T/nlb.json") &&
    TG2=$(a elbv2 create-target-group --region $R --name pass --protocol TCP --port 443 \
        --vpc-id "$VPC" --query 'TargetGroups[0].TargetGroupArn' --output text) &&
    a elbv2 create-listener --region $R --load-balancer-arn "$NLB_ARN" --protocol TCP --port "$P" \
        --default-actions "Type=forward,TargetGroupArn=$TG2" >/dev/null ||
    hard_error "cannot create the Network Load Balancer"
run_od nlb --aws-endpoint-url "$EP" --resolve "$NLB:$P:$(addr 2)" --ca-file "$PKI/root.pem" \
    --vpc-origin "$NLB:$P"
assert_jq "$O.account.load_balancer.arn" "$NLB_ARN"
assert_jq "$O.account.load_balancer.type" network
assert_jq "$O.account.listener.protocol" TCP "the pass-through listener"
assert_jq "$O.account.certificates | length" 0 "a TCP listener has no certificate"

# --- no AWS CLI without AWS options, nor with --no-aws --------------------------
mkdir -p "$T/fake-bin"
printf '#!/bin/sh\necho ran >>"%s"\nexit 1\n' "$T/aws-ran" >"$T/fake-bin/aws"
chmod +x "$T/fake-bin/aws"
(
    PATH=$T/fake-bin:$PATH
    run_od plain --resolve "$ALB:$P:$(addr 2)" --ca-file "$PKI/root.pem" --vpc-origin "$ALB:$P"
    assert_jq "$O.account" null "a plain run reads no account"
    run_od noaws --no-aws --resolve "$ALB:$P:$(addr 2)" --ca-file "$PKI/root.pem" --vpc-origin \
        --distribution-config="$T/dist.json" 
    assert_jq "$O.account" null "--no-aws reads no account"
    assert_eq "" "$(cat "$T/aws-ran" 2>/dev/null)" "the AWS CLI never ran"
    exit "$OD_FAILURES"
) || OD_FAILURES=$((OD_FAILURES + 1))
OD_CHECKS=$((OD_CHECKS + 5))

# --- a refused permission: named with its IAM action, the rest goes on --------
# moto enforces IAM after INITIAL_NO_AUTH_ACTION_COUNT requests: the three
# that create a user allowed everything but elbv2 describe-listeners.
start_moto moto-iam "$(addr 1)" INITIAL_NO_AUTH_ACTION_COUNT=3
EP=$MOTO_EP
a iam create-user --user-name od >/dev/null &&
    a iam put-user-policy --user-name od --policy-name no-route53 --policy-document \
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
          {"Effect": "Deny", "Action": "elasticloadbalancing:DescribeListeners", "Resource": "*"}]}' &&
    a iam create-access-key --user-name od >"$T/key.json" ||
    hard_error "cannot create the IAM user"
(
    export AWS_ACCESS_KEY_ID=$(jq -r .AccessKey.AccessKeyId "$T/key.json")
    export AWS_SECRET_ACCESS_KEY=$(jq -r .AccessKey.SecretAccessKey "$T/key.json")
    a elbv2 create-load-balancer --region $R --name web --subnets \
        "$(a ec2 create-subnet --region $R --vpc-id "$(a ec2 create-vpc --region $R \
            --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)" --cidr-block 10.0.1.0/24 \
            --query Subnet.SubnetId --output text)" >"$T/lb-iam.json" || hard_error "cannot create the ALB"
    ALB2=$(jq -r '.LoadBalancers[0].DNSName' "$T/lb-iam.json")
    run_od denied --aws-endpoint-url "$EP" --resolve "$ALB2:$P:$(addr 2)" --ca-file "$PKI/root.pem" \
        --vpc-origin "$ALB2:$P"
    assert_exit 1
    assert_jq "[$O.account.errors[] | select(.denied) | .iam_action] | join(\" \")" \
        elasticloadbalancing:DescribeListeners "the refused call names its IAM action"
    assert_jq "[$O.account.errors[] | select(.denied) | .call] | join(\" \")" "aws elbv2 describe-listeners"
    assert_jq "$O.account.load_balancer.name" web "the load balancer is still read"
    OD_O=$O
    assert_finding origin.elb_name error null
    run_batch denied-text --aws-endpoint-url "$EP" --resolve "$ALB2:$P:$(addr 2)" \
        --ca-file "$PKI/root.pem" --vpc-origin "$ALB2:$P"
    assert_match "Not read: aws elbv2 describe-listeners --region $R needs the IAM permission elasticloadbalancing:DescribeListeners" \
        "$(cat "$T/denied-text.txt")" "text: the refused call"
    exit "$OD_FAILURES"
) || OD_FAILURES=$((OD_FAILURES + 1))
OD_CHECKS=$((OD_CHECKS + 7))
EP=$MOTO_EP
