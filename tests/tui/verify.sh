#!/bin/bash
# The wizard's Verify step shows the checks that decided its verdict: its own
# findings, warnings included, and never a column of ✓ under a ✗ verdict
# without the failing check (an origin whose handshake works but which never
# answers CloudFront's request).  With a viewer URL it proves the fix where
# viewers see it: the distribution's deployment status (read with the real
# AWS CLI from moto_server), then the URL requested again: green only when
# CloudFront answers without "Error from cloudfront"; a CloudFront 502 says
# why it may still fail (a cached error and its TTL, another origin), an
# answer without CloudFront's headers says it is not CloudFront.
. "${0%/*}/lib.sh"
tui_init 143
need_openssl

aws_test_env
start_moto moto "$(addr 1)"

pki_leaf_y site rsa www.example.com origin.example.com
pki_cat full site int2 int1
CERT=$PKI/full.pem
KEY=$PKI/site.key
start_http_origin origin 200 "$(addr 2)" "$CERT" "$KEY"
OP=$ORIGIN_PORT
start_http_origin silent silent "$(addr 3)" "$CERT" "$KEY"
SP=$ORIGIN_PORT
start_http_origin edge502 cf502 "$(addr 4)" "$CERT" "$KEY"
E502=$ORIGIN_PORT
start_http_origin edge200 cf200 "$(addr 5)" "$CERT" "$KEY"
E200=$ORIGIN_PORT
start_http_origin notcf 200 "$(addr 6)" "$CERT" "$KEY"
ENCF=$ORIGIN_PORT

# The distribution serving www.example.com, in the emulator.
jq -n --argjson p "$OP" '{CallerReference: "verify", Comment: "", Enabled: true,
   Aliases: {Quantity: 1, Items: ["www.example.com"]},
   Origins: {Quantity: 1, Items: [{Id: "web", DomainName: "origin.example.com", OriginPath: "",
     CustomHeaders: {Quantity: 0},
     CustomOriginConfig: {HTTPPort: 80, HTTPSPort: $p, OriginProtocolPolicy: "https-only",
       OriginSslProtocols: {Quantity: 1, Items: ["TLSv1.2"]},
       OriginReadTimeout: 30, OriginKeepaliveTimeout: 5}}]},
   DefaultCacheBehavior: {TargetOriginId: "web", ViewerProtocolPolicy: "redirect-to-https",
     ForwardedValues: {QueryString: false, Cookies: {Forward: "none"}}, MinTTL: 0}}' >"$T/dist.json"
"$AWS" --endpoint-url "$MOTO_EP" cloudfront create-distribution \
    --distribution-config "file://$T/dist.json" --output json >"$T/created.json" ||
    hard_error "cannot create the distribution in the emulator"
DIST=$(jq -r .Distribution.Id "$T/created.json")
STATUS=$("$AWS" --endpoint-url "$MOTO_EP" cloudfront get-distribution --id "$DIST" --output json |
    jq -r .Distribution.Status)
case $STATUS in Deployed | InProgress) ;; *) hard_error "unexpected status '$STATUS' from the emulator" ;; esac

BASE=(--ca-file "$PKI/root.pem" --vpc-origin --resolve "origin.example.com:$OP:$(addr 2)"
    --resolve "origin.example.com:$SP:$(addr 3)")

# screen_line_with TEXT: the first screen line holding TEXT.
screen_line_with() { tui_screen | grep -F -m1 -- "$1"; }

# --- a ✗ verdict names its failing check ---------------------------------------
tui_start silent 100 50 LC_ALL=C.UTF-8 -- "${BASE[@]}" --no-aws --read-timeout 1 "origin.example.com:$SP"
tui_wait "done in" 15 "the probe finished"
# One failing origin: the wizard opens on Diagnosis when the run ends; wait
# for that, then for Verify's own run (it waits out the 1 s read timeout
# again) to end, before reading Verify.
tui_wait "[✗ Diagnosis]" 15 "the failing origin opens on Diagnosis"
tui_keys 7
tui_wait "[✗ Verify]" 15 "Verify's own run ended, failed"
tui_wait "CloudFront would answer 504" 15 "Verify: the ✗ verdict (504)"
tui_has "no response within the read timeout" "the failing check is on the address line"
line=$(screen_line_with "$(addr 3)  ")
assert_match "✗ +$(addr 3)" "$line" "the address that never answers is marked ✗, not ✓"
tui_has "Findings of this run (" "Verify lists its own findings"
tui_has "The origin does not answer CloudFront's request in time" "the http.timeout finding is listed"
tui_has "[✗ Verify]" "the step is marked failed"
tui_keys q
tui_wait_exit 10

# --- with a URL: CloudFront's own 502 after the change --------------------------
tui_start cf502 100 50 LC_ALL=C.UTF-8 -- "${BASE[@]}" --aws-endpoint-url "$MOTO_EP" \
    --resolve "www.example.com:$E502:$(addr 4)" "https://www.example.com:$E502/" "origin.example.com:$OP"
tui_wait "done in" 20 "the probe finished"
tui_keys 7
tui_wait "Where viewers see it: https://www.example.com:$E502/" 15 "Verify: the viewer's side"
tui_wait "distribution $DIST: $STATUS" 30 "the deployment status read with get-distribution ($STATUS)"
tui_wait "HTTP/1.1 502  X-Cache: Error from cloudfront" 15 "the URL's answer: CloudFront's 502"
line=$(screen_line_with "HTTP/1.1 502")
assert_match "✗ +HTTP/1.1 502" "$line" "an error from CloudFront is not green"
tui_has "Why viewers may still get an error:" "it says why it may still fail"
tui_has "CloudFront may serve a cached error: it keeps a 502 or 504 for the error caching" \
    "a cached error"
tui_has "TTL, 10 s by default" "and its TTL"
tui_has "another origin" "another origin"
tui_has "CloudFront would connect" "the origin itself is right"
tui_has "[✗ Verify]" "not green while viewers get an error"
tui_keys q
tui_wait_exit 10

# --- with a URL: CloudFront answers without an error: green -------------------
tui_start cf200 100 50 LC_ALL=C.UTF-8 -- "${BASE[@]}" --no-aws \
    --resolve "www.example.com:$E200:$(addr 5)" "https://www.example.com:$E200/" "origin.example.com:$OP"
tui_wait "done in" 20 "the probe finished"
tui_keys 7
tui_wait "CloudFront answers this URL without an error of its own" 15 "green: CloudFront's answer"
line=$(screen_line_with "HTTP/1.1 200")
assert_match "✓ +HTTP/1.1 200  X-Cache: Miss from cloudfront" "$line" "the answer line is ✓"
tui_has "the 502s have stopped" "the step's conclusion"
tui_wait "[✓ Verify]" 5 "the step is marked green"
tui_lacks "Why viewers may still get an error" "no reasons when green"
tui_keys q
tui_wait_exit 10

# --- with a URL: a 200 that does not come from CloudFront ------------------------
tui_start notcf 100 50 LC_ALL=C.UTF-8 -- "${BASE[@]}" --no-aws \
    --resolve "www.example.com:$ENCF:$(addr 6)" "https://www.example.com:$ENCF/" "origin.example.com:$OP"
tui_wait "done in" 20 "the probe finished"
tui_keys 7
tui_wait "The answer did not come from CloudFront" 15 "not CloudFront: said"
line=$(screen_line_with "HTTP/1.1 200")
assert_match "✗ +HTTP/1.1 200" "$line" "a 200 from elsewhere is not green"
tui_has "[✗ Verify]" "not green"
tui_keys q
tui_wait_exit 10
