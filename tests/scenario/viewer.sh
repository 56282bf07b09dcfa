#!/bin/bash
# The viewer's side: a URL argument is requested as a viewer would (libcurl on
# the program's loop), through a local HTTPS server that answers like a
# CloudFront edge that could not reach the origin (502, Server: CloudFront,
# X-Cache: Error from cloudfront, X-Amz-Cf-Id, X-Amz-Cf-Pop and CloudFront's
# error page), like a 502 from nginx (not CloudFront), and with a 200.  The
# same resolution (--resolve, --dns-server with dnsmasq) and trust
# (--ca-file) as the probe; with an origin beside the URL both run, and the
# origin is asked for the URL's path.
. "${0%/*}/lib.sh"
od_init 56
need_openssl

pki_leaf_y vleaf rsa www.v.test origin.v.test
pki_cat vfull vleaf int2 int1
CERT=$PKI/vfull.pem
KEY=$PKI/vleaf.key
# --no-aws: no distribution look-up through the AWS CLI (distribution_aws.sh has it).
CA=(--no-aws --ca-file "$PKI/root.pem")
V=.viewer

# CloudFront's own 502: who answered, where, and the sentence of its page.
start_http_origin edge cf502 "$(addr 2)" "$CERT" "$KEY"
EP=$ORIGIN_PORT
run_od edge "${CA[@]}" --resolve "www.v.test:$ORIGIN_PORT:$(addr 2)" "https://www.v.test:$ORIGIN_PORT/images/a.png"
assert_exit 1
assert_jq .verdict fail "a CloudFront error fails the run"
assert_jq '.origins | length' 0 "no origin given: none probed"
assert_jq "$V.url" "https://www.v.test:$ORIGIN_PORT/images/a.png"
assert_jq "$V.host" www.v.test
assert_jq "$V.path" /images/a.png
assert_jq "$V.dns" override
assert_jq "$V.address" "$(addr 2)"
assert_jq "$V.status" 502
assert_jq "$V.cloudfront" true
assert_jq "$V.server" CloudFront
assert_jq "$V.x_cache" "Error from cloudfront"
assert_jq "$V.pop" NRT57-P3
assert_jq "$V.request_id" Zq3x8Yb2Qk9bDn4CxE1uW0nB3pL7fT5sV6hJ2mR8aK1oI9eG4cY7dQ==
assert_jq "$V.error_text" "CloudFront wasn't able to connect to the origin."
assert_jq "$V.verdict" cloudfront_error
assert_jq "$V.distribution_id" null
assert_jq "$V.lookup | contains(\"not looked up (--no-aws)\")" true "no AWS access: said, not looked up"
assert_jq "$V.behavior" null
assert_jq "$V.timings.total_ms > 0" true "timings recorded"
assert_eq "REQUEST GET /images/a.png HTTP/1.1" "$(grep -m1 '^REQUEST ' "$T/edge.log")" "the viewer asked for the URL's path"
timeout 30 "$ORIGIN_DOCTOR" --batch "${CA[@]}" --resolve "www.v.test:$ORIGIN_PORT:$(addr 2)" \
    "https://www.v.test:$ORIGIN_PORT/images/a.png" >"$T/edge.txt" 2>&1
text=$(cat "$T/edge.txt")
assert_match "CloudFront answered 502: \"CloudFront wasn't able to connect to the origin\.\"" "$text" "text: CloudFront's 502 and its sentence"
assert_match "X-Cache: Error from cloudfront, POP NRT57-P3" "$text" "text: X-Cache and POP"
assert_match "give origin-doctor its Origin Domain Name" "$text" "text: asks for the origin (no AWS access)"

# A 502 without CloudFront's headers: from somewhere else.
start_http_origin nginx plain502 "$(addr 3)" "$CERT" "$KEY"
run_od nginx "${CA[@]}" --resolve "www.v.test:$ORIGIN_PORT:$(addr 3)" "https://www.v.test:$ORIGIN_PORT/"
assert_exit 1
assert_jq "$V.status" 502
assert_jq "$V.cloudfront" false
assert_jq "$V.server" nginx
assert_jq "$V.error_text" null
assert_jq "$V.verdict" other_error
assert_jq "$V.summary | test(\"not from CloudFront\")" true "said to come from somewhere else"

# 200: works now, and an error may be cached.
start_http_origin fine 200 "$(addr 4)" "$CERT" "$KEY"
FP=$ORIGIN_PORT
run_od fine "${CA[@]}" --resolve "www.v.test:$ORIGIN_PORT:$(addr 4)" "https://www.v.test:$ORIGIN_PORT/"
assert_exit 0
assert_jq .verdict ok
assert_jq "$V.status" 200
assert_jq "$V.verdict" ok
assert_jq "$V.summary | test(\"works now.*10 s by default\")" true "works now; an error may be cached 10 s"

# The trust store is --ca-file's: without it, the test CA is not trusted.
pki_selfsigned other ec other.test
run_od untrusted --no-aws --ca-file "$PKI/other.pem" --resolve "www.v.test:$ORIGIN_PORT:$(addr 4)" "https://www.v.test:$ORIGIN_PORT/"
assert_jq "$V.status" null
assert_jq "$V.verdict" failed
assert_jq "$V.error | test(\"certificate\"; \"i\")" true "libcurl's reason names the certificate"
assert_exit 1

# --dns-server: the program's own resolver finds the name, libcurl gets the address.
start_dnsmasq dns "$(addr 53)" --host-record="www.v.test,$(addr 4)"
run_od viadns "${CA[@]}" --dns-server "$DNS_SERVER" "https://www.v.test:$FP/"
assert_jq "$V.dns" ok
assert_jq "$V.address" "$(addr 4)"
assert_jq "$V.status" 200

# A URL and an origin: both in one run; CloudFront's request to the origin
# asks for the URL's path.
start_http_origin origin 200 "$(addr 5)" "$CERT" "$KEY"
OP=$ORIGIN_PORT
run_od both "${CA[@]}" --resolve "www.v.test:$FP:$(addr 4)" --resolve "origin.v.test:$OP:$(addr 5)" \
    "https://www.v.test:$FP/a/b?x=1" "origin.v.test:$OP"
assert_jq '.origins | length' 1
assert_jq '.origins[0].addresses[0].http.path' "/a/b?x=1"
assert_jq '.origins[0].addresses[0].http.code' 200
assert_eq "REQUEST GET /a/b?x=1 HTTP/1.1" "$(grep -m1 '^REQUEST ' "$T/origin.log")" "the origin was asked for the URL's path"
assert_jq "$V.status" 200

# Two URLs, or a URL that is not one: usage errors.
run_usage two-urls --no-aws "https://a.v.test/" "https://b.v.test/"
run_usage bad-url --no-aws "https://a b/"

# The last fix step's check requests the URL again, where viewers see it.
start_http_origin slow silent "$(addr 6)" "$CERT" "$KEY"
SP=$ORIGIN_PORT
run_od lastcheck "${CA[@]}" --read-timeout 1 --resolve "www.v.test:$EP:$(addr 2)" \
    --resolve "origin.v.test:$SP:$(addr 6)" "https://www.v.test:$EP/p" "origin.v.test:$SP"
assert_jq '[.origins[0].findings[].id] | index("http.timeout") != null' true "the silent origin: http.timeout"
assert_jq ".origins[0].fixes[-1].verify[-1]" "origin-doctor https://www.v.test:$EP/p" \
    "the last fix step's check requests the viewer URL again"
