#!/bin/bash
# A live distribution's per-origin protocol settings, read with the real AWS
# CLI from moto_server and probed as CloudFront would: two origins on the same
# host with different minimum protocols (OriginSslProtocols from TLSv1, or
# TLSv1.2 only) against a TLS 1.0-only server and a TLS 1.2 server;
# http-only (TCP to HTTPPort and a plain GET, no TLS); match-viewer, whose
# protocol follows the behaviours' ViewerProtocolPolicy (HTTPS only when every
# behaviour reaching it refuses HTTP viewers, HTTP too when one allows them).
. "${0%/*}/lib.sh"
od_init 142
need_openssl
need_fakeserver

aws_test_env
start_moto moto "$(addr 1)"
EP=$MOTO_EP

pki_leaf leaf rsa legacy.example.com mv.example.com
pki_cat chain int2 int1
# TLS 1.0 only (openssl 3 needs security level 0 for TLS 1.0's SHA-1).
start_tls_server tls10 "$(addr 2)" leaf leaf chain -tls1 -cipher 'DEFAULT:@SECLEVEL=0'
P10=$SRV_PORT
start_tls_server tls12 "$(addr 3)" leaf leaf chain -no_tls1_3
P12=$SRV_PORT
start_fake plain http "$(addr 4)"
PH=$FAKE_PORT

# mk FILE REF MV_VIEWER_POLICY: the distribution; its mv origin (match-viewer)
# is reached by "/mv/*" with the given viewer protocol policy.
mk()
{
    jq -n --arg r "$2" --arg mvp "$3" --argjson p10 "$P10" --argjson p12 "$P12" --argjson ph "$PH" '
      def origin($id; $dom; $policy; $https; $protos):
        {Id: $id, DomainName: $dom, OriginPath: "", CustomHeaders: {Quantity: 0},
         CustomOriginConfig: {HTTPPort: $ph, HTTPSPort: $https, OriginProtocolPolicy: $policy,
           OriginSslProtocols: {Quantity: ($protos | length), Items: $protos},
           OriginReadTimeout: 5, OriginKeepaliveTimeout: 5},
         ConnectionAttempts: 1, ConnectionTimeout: 5};
      def beh($p; $o; $v): {PathPattern: $p, TargetOriginId: $o, ViewerProtocolPolicy: $v,
        ForwardedValues: {QueryString: false, Cookies: {Forward: "none"}}, MinTTL: 0};
      {CallerReference: $r, Comment: "", Enabled: true,
       Aliases: {Quantity: 1, Items: [($r + ".example.com")]},
       Origins: {Quantity: 5, Items: [
         origin("legacy-ok"; "legacy.example.com"; "https-only"; $p10; ["TLSv1", "TLSv1.1", "TLSv1.2"]),
         origin("legacy-strict"; "legacy.example.com"; "https-only"; $p10; ["TLSv1.2"]),
         origin("modern"; "legacy.example.com"; "https-only"; $p12; ["TLSv1.2"]),
         origin("plain"; "plain.example.com"; "http-only"; $p12; ["TLSv1.2"]),
         origin("mv"; "mv.example.com"; "match-viewer"; $p12; ["TLSv1.2"])]},
       DefaultCacheBehavior: {TargetOriginId: "modern", ViewerProtocolPolicy: "redirect-to-https",
         ForwardedValues: {QueryString: false, Cookies: {Forward: "none"}}, MinTTL: 0},
       CacheBehaviors: {Quantity: 4, Items: [beh("/old/*"; "legacy-ok"; "https-only"),
         beh("/strict/*"; "legacy-strict"; "https-only"), beh("/plain/*"; "plain"; "allow-all"),
         beh("/mv/*"; "mv"; $mvp)]}}' >"$1"
}
create()
{
    "$AWS" --endpoint-url "$EP" cloudfront create-distribution --distribution-config "file://$1" \
        --output json >"$1.created" || hard_error "cannot create the distribution of $1"
    jq -r .Distribution.Id "$1.created"
}
mk "$T/https.json" https redirect-to-https
DIST_HTTPS=$(create "$T/https.json")
mk "$T/all.json" all allow-all
DIST_ALL=$(create "$T/all.json")

R=(--aws-endpoint-url "$EP" --ca-file "$PKI/root.pem" --vpc-origin
    --resolve "legacy.example.com:$P10:$(addr 2)" --resolve "legacy.example.com:$P12:$(addr 3)"
    --resolve "plain.example.com:$PH:$(addr 4)"
    --resolve "mv.example.com:$P12:$(addr 3)" --resolve "mv.example.com:$PH:$(addr 4)")
# sel ORIGIN_ID [PROTOCOL]: the jq path of that origin's probe.
sel() { echo ".origins[] | select(.origin_id == \"$1\"${2:+ and .protocol == \"$2\"})"; }

run_od https "${R[@]}" --distribution="$DIST_HTTPS"
assert_exit 1
assert_jq '.distributions[0].verdict' fail
assert_jq '.distributions[0].failing_behaviors | join(" ")' '/strict/*' \
    "only the behaviour of the TLSv1.2-only origin on the TLS 1.0 server fails"

# Same host and port, two minimum protocols: TLSv1 connects, TLSv1.2 cannot.
assert_jq "$(sel legacy-ok) | .settings.min_protocol" TLSv1
assert_jq "$(sel legacy-ok) | .settings.ssl_protocols | join(\",\")" "TLSv1,TLSv1.1,TLSv1.2"
assert_jq "$(sel legacy-ok) | .verdict" ok "TLSv1 minimum: CloudFront reaches the TLS 1.0 server"
assert_jq "$(sel legacy-ok) | .addresses[0].tls.version" TLS1.0
assert_jq "$(sel legacy-strict) | .settings.min_protocol" TLSv1.2
assert_jq "$(sel legacy-strict) | .verdict" fail "TLSv1.2 only: the TLS 1.0 server cannot be reached"
assert_jq "$(sel legacy-strict) | .cloudfront_status" 502
assert_jq "$(sel legacy-strict) | .addresses[0].tls.version" null
assert_jq "$(sel legacy-strict) | .addresses[0].explain.summary" no_common_version
# The same host on the TLS 1.2 server's port: fine with TLSv1.2.
assert_jq "$(sel modern) | .name" legacy.example.com
assert_jq "$(sel modern) | .verdict" ok
assert_jq "$(sel modern) | .addresses[0].tls.version" TLS1.2

# http-only: TCP to HTTPPort and CloudFront's GET in plain HTTP, no TLS at all.
assert_jq "[$(sel plain)] | length" 1 "one probe for the http-only origin"
assert_jq "$(sel plain) | .protocol" http
assert_jq "$(sel plain) | .port" "$PH" "the HTTP port is probed, not HTTPSPort"
assert_jq "$(sel plain) | .settings.protocol_policy" http-only
assert_jq "$(sel plain) | .addresses[0].tls.status" skipped "no TLS handshake"
assert_jq "$(sel plain) | .findings | length" 0 "no TLS or certificate finding is possible"
assert_jq "$(sel plain) | .addresses[0].http.code" 400 "the plain GET was answered"
assert_jq "$(sel plain) | .verdict" ok

# match-viewer reached only by an https-only behaviour: HTTPS, nothing else.
assert_jq "[$(sel mv)] | length" 1 "viewers reach mv only over HTTPS: one probe"
assert_jq "$(sel mv) | .protocol" https
assert_jq "$(sel mv) | .port" "$P12"
assert_jq "$(sel mv) | .settings.protocol_policy" match-viewer
assert_jq "$(sel mv) | .addresses[0].tls.version" TLS1.2

# match-viewer reached by an allow-all behaviour: HTTP viewers make CloudFront
# use HTTP too, so both are probed, each with the behaviour that leads to it.
run_od all "${R[@]}" --distribution="$DIST_ALL"
assert_jq "[$(sel mv) | .protocol] | sort | join(\",\")" "http,https" \
    "allow-all: HTTPS for HTTPS viewers and HTTP for HTTP viewers"
assert_jq "$(sel mv https) | .port" "$P12"
assert_jq "$(sel mv http) | .port" "$PH"
assert_jq "$(sel mv http) | .addresses[0].tls.status" skipped
assert_jq "$(sel mv http) | .behaviors | join(\" \")" "/mv/*"
assert_jq "$(sel mv http) | .addresses[0].http.code" 400

# AccessDenied for CloudFront calls is not tested here: moto 5.2.1's IAM
# enforcement (moto_server with INITIAL_NO_AUTH_ACTION_COUNT, an IAM user and
# access key made in moto, a Deny policy, region us-east-1) cannot produce one
# for the calls origin-doctor makes, all GETs without a body
# (get-distribution, list-distributions, get-origin-request-policy).  Before
# any policy is looked at, moto recomputes the SigV4 signature
# (moto/iam/access_control.py, IAMRequestBase._create_aws_request) over
# `data=self._body or self._data`; for a request with no body and no query
# string, moto/core/responses.py BaseResponse.setup_class has filled
# self.data (querystring) with the request's headers ("if not querystring:
# querystring.update(headers)"), so moto signs the url-encoded headers as the
# payload where the CLI signed the empty one: SignatureDoesNotMatch, for
# every body-less GET of any REST service (lambda list-functions and route53
# list-hosted-zones too).  A CloudFront POST with a body (create-distribution)
# does reach the policy and is denied, but moto writes the error as
# <ErrorResponse><Errors><Error>, which the CLI's rest-xml parser does not
# read: the CLI prints "An error occurred () when calling the
# CreateDistribution operation:", with neither code nor message.  A
# hand-written stand-in for the CloudFront API is not a test of the real
# thing.  The classification of the CLI's AccessDenied text is covered by
# tests/unit/test-awscli.c, and a real IAM AccessDenied from moto (query and
# JSON protocols: elasticloadbalancing:DescribeListeners, acm:GetCertificate)
# by tests/scenario/find_account.sh and find_acm.sh.
