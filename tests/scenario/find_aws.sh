#!/bin/bash
# The article's trap: CloudFront's Origin Domain Name is the load balancer's
# own DNS name (origin.elb_name), whose certificate is for the custom domain.
# A real dnsmasq serves the ELB name and the custom domain, first as a CNAME
# to the ELB name, then as an A record with the same address: both times the
# custom domain is the suggested origin and the fix steps carry the ELB's
# Region.  Then the fix itself (the custom domain as origin passes), an NLB
# name, and an AWS-owned name (origin.aws_name).
. "${0%/*}/lib.sh"
od_init 35
need_openssl; need_dnsmasq

ELB=my-alb-123.ap-northeast-1.elb.amazonaws.com
NLB=my-nlb-0123456789abcdef.elb.us-east-2.amazonaws.com
EB=myenv.us-east-1.elasticbeanstalk.com

pki_leaf_y site ec origin.example.com www.example.com
pki_cat chain int2 int1
start_tls_server alb "$(addr 2)" site site chain
P=$SRV_PORT

# Every zone is local: names not listed get NXDOMAIN, nothing is forwarded.
start_dnsmasq cname "$(addr 53)" --local=/#/ \
    --host-record="$ELB,$(addr 2)" --host-record="$NLB,$(addr 2)" \
    --cname="origin.example.com,$ELB"
DNS_CNAME=$DNS_SERVER
start_dnsmasq samea "$(addr 54)" --local=/#/ \
    --host-record="$ELB,$(addr 2)" --host-record="origin.example.com,$(addr 2)"
DNS_A=$DNS_SERVER

elb_checks()
{
    assert_finding origin.elb_name error null
    assert_message_match origin.elb_name "^${ELB//./\\.} is the DNS name of a load balancer .*ap-northeast-1"
    assert_finding cert.name_mismatch error null
    assert_message_match cert.name_mismatch 'it covers origin\.example\.com, www\.example\.com$'
    assert_finding net.private_address warning "$(addr 2)"
    assert_finding_ids "origin.elb_name cert.name_mismatch net.private_address"
    assert_verdict fail 502 1
    assert_jq '.origins[0].aws.kind' elb
    assert_jq '.origins[0].aws.region' ap-northeast-1
    assert_jq '.origins[0].suggested_origins[0].name' origin.example.com "the custom domain is suggested first"
    assert_jq '[.origins[0].suggested_origins[].name] | index("www.example.com")' null "www.example.com (NXDOMAIN) is not suggested"
    assert_jq '[.origins[0].fixes[].commands // [] | .[]] | map(select(contains("--region ap-northeast-1"))) | length > 0' \
        true "fix commands name --region ap-northeast-1"
    assert_jq '[.origins[0].fixes[].commands // [] | .[]] | map(select(contains("<ELB_REGION>"))) | length' 0 \
        "no Region placeholder left"
    # The custom-domain guide comes first and uses the suggested name.
    assert_jq '.origins[0].fixes[0].guide' custom_domain
    assert_jq '.origins[0].fixes[0].title | endswith(": origin.example.com")' true "first step: use origin.example.com"
    assert_jq '[.origins[0].fixes[] | select(.guide == "custom_domain") | .commands // [] | .[]
               | select(contains("update-distribution") or contains(".DomainName=\"origin.example.com\""))] | length' 2 \
        "the CloudFront origin is changed to origin.example.com"
    assert_jq '[.origins[0].fixes[] | select(.guide == "custom_domain") | .title | select(test("ACM"))] | length' 0 \
        "no new certificate: the served one covers origin.example.com"
}

# The custom domain is a CNAME to the ELB name.
run_od elb-cname --dns-server "$DNS_CNAME" --ca-file "$PKI/root.pem" "$ELB:$P"
elb_checks
assert_jq '.origins[0].suggested_origins[0].why' "a CNAME to the origin's name"
assert_jq "[.origins[0].name_lookups[] | \"\(.name)/\(.status)\"] | sort | join(\" \")" \
    "origin.example.com/ok www.example.com/nxdomain" "both names of the certificate looked up"
assert_jq '.origins[0].name_lookups[] | select(.name == "origin.example.com") | .cnames[0].target' "$ELB"

# The custom domain has the ELB's address as its own A record.
run_od elb-samea --dns-server "$DNS_A" --ca-file "$PKI/root.pem" "$ELB:$P"
elb_checks
assert_jq '.origins[0].suggested_origins[0].why' "resolves to the same addresses"

# The same ELB name given with --resolve (no DNS for it) still is the trap.
run_od elb-resolve --dns-server "$DNS_CNAME" --ca-file "$PKI/root.pem" --resolve "$ELB:$P:$(addr 2)" "$ELB:$P"
assert_finding origin.elb_name error null
assert_verdict fail 502 1

# No name of the certificate resolves (shop.example.net is nowhere): the
# steps request an ACM certificate in the ELB's Region and create a Route 53
# alias with that Region's ELB hosted zone (Z14GRHDCWA56QT for ALBs in
# ap-northeast-1).
pki_leaf_y shop ec shop.example.net
start_tls_server shop "$(addr 4)" shop shop chain
run_od elb-nocandidate --dns-server "$DNS_CNAME" --ca-file "$PKI/root.pem" --resolve "$ELB:$SRV_PORT:$(addr 4)" "$ELB:$SRV_PORT"
assert_finding_ids "origin.elb_name cert.name_mismatch net.private_address"
assert_verdict fail 502 1
assert_jq '.origins[0].suggested_origins | length' 0
CD='[.origins[0].fixes[] | select(.guide == "custom_domain") | .commands // [] | .[]]'
assert_jq "$CD | map(select(startswith(\"CERT_ARN=\$(aws acm request-certificate --region ap-northeast-1 \"))) | length" 1 \
    "ACM certificate requested in the ELB's Region"
assert_jq "$CD"' | map(select(contains("\"HostedZoneId\": \"Z14GRHDCWA56QT\""))) | length' 1 \
    "Route 53 alias with the ap-northeast-1 ALB hosted zone"
assert_jq "$CD | map(select(contains(\"dualstack.$ELB\"))) | length" 1 "alias target dualstack.<ELB name>"

# The fix: the custom domain as the Origin Domain Name passes.
run_od fixed --dns-server "$DNS_CNAME" --ca-file "$PKI/root.pem" "origin.example.com:$P"
assert_jq '.origins[0].dns.cnames[0].target' "$ELB"
assert_no_finding origin.elb_name
assert_finding_ids "net.private_address"
assert_verdict ok null 0

# A Network Load Balancer's name ("elb" before the Region).
run_od nlb --dns-server "$DNS_CNAME" --ca-file "$PKI/root.pem" "$NLB:$P"
assert_finding origin.elb_name error null
assert_message_match origin.elb_name 'us-east-2'
assert_jq '.origins[0].aws.kind' nlb
assert_jq '.origins[0].aws.region' us-east-2
assert_finding_ids "origin.elb_name cert.name_mismatch net.private_address"
assert_verdict fail 502 1

# origin.aws_name: an Elastic Beanstalk name whose load balancer serves the
# certificate of the custom domain: the name check fails and nobody can get
# a certificate for the AWS name, so the fix is a custom domain.
OD_ISSUER=int2 pki_leaf_y eb ec "www.example.com"
start_tls_server eb "$(addr 3)" eb eb chain
run_od aws-name --dns-server "$DNS_CNAME" --ca-file "$PKI/root.pem" --resolve "$EB:$SRV_PORT:$(addr 3)" "$EB:$SRV_PORT"
assert_jq '.origins[0].names.match' false
assert_finding origin.aws_name error null
assert_message_match origin.aws_name "^${EB//./\\.} is an AWS-owned name"
assert_finding_ids "cert.name_mismatch origin.aws_name net.private_address"
assert_verdict fail 502 1
assert_jq '.origins[0].aws.kind' aws_other

# An AWS endpoint whose own certificate covers its name (API Gateway serves
# *.execute-api.REGION.amazonaws.com): CloudFront connects, no aws_name.
APIGW=abc123defg.execute-api.us-east-1.amazonaws.com
OD_ISSUER=int2 pki_leaf_y apigw ec "*.execute-api.us-east-1.amazonaws.com"
start_tls_server apigw "$(addr 4)" apigw apigw chain
run_od apigw --dns-server "$DNS_CNAME" --ca-file "$PKI/root.pem" --resolve "$APIGW:$SRV_PORT:$(addr 4)" "$APIGW:$SRV_PORT"
assert_jq '.origins[0].names.match' true
assert_jq '.origins[0].aws.kind' aws_other
assert_no_finding origin.aws_name
assert_finding_ids "net.private_address"
assert_verdict ok null 0
