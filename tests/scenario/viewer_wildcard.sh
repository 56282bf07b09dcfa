#!/bin/bash
# Wildcard alternate domain names, with the real AWS CLI against a local AWS
# API emulator (moto_server on loopback): the viewer URL's host finds the
# distribution whose only alias is "*.example.com" (list-distributions,
# completed with get-distribution), as CloudFront picks it (AWS Developer
# Guide, "Use wildcards in alternate domain names" and "Restrictions on
# using alternate domain names": "*." covers any name ending in the
# domain, one label or several, never the bare domain; the more specific
# name wins: an exact alias before a wildcard, a longer wildcard before a
# shorter one; any case).  That distribution forwards Host, so the host the
# wildcard covers is the name CloudFront sends and checks: the behaviour's
# origin is probed with it.  The "CloudFront edge" is a local HTTPS server
# answering like one that could not reach the origin (502, CloudFront's
# headers and error page).
. "${0%/*}/lib.sh"
od_init 143
need_openssl

aws_test_env
start_moto moto "$(addr 1)"
EP=$MOTO_EP

pki_leaf_y site rsa www.example.com shop.example.com x.b.example.com a.b.example.com \
    example.com web.example.com
pki_cat full site int2 int1
CERT=$PKI/full.pem
KEY=$PKI/site.key

start_http_origin edge cf502 "$(addr 2)" "$CERT" "$KEY"
EDGE=$ORIGIN_PORT
start_http_origin web 200 "$(addr 3)" "$CERT" "$KEY"
WEBP=$ORIGIN_PORT

# dist REF ALIASES_JSON HOST_FORWARDED: creates a distribution, prints its id.
dist()
{
    jq -n --arg ref "$1" --argjson al "$2" --argjson w "$WEBP" --argjson host "$3" '
      {CallerReference: $ref, Comment: "", Enabled: true,
       Aliases: {Quantity: ($al | length), Items: $al},
       Origins: {Quantity: 1, Items: [{Id: ("web-" + $ref), DomainName: "web.example.com",
         OriginPath: "", CustomHeaders: {Quantity: 0},
         CustomOriginConfig: {HTTPPort: 80, HTTPSPort: $w, OriginProtocolPolicy: "https-only",
           OriginSslProtocols: {Quantity: 1, Items: ["TLSv1.2"]},
           OriginReadTimeout: 5, OriginKeepaliveTimeout: 5},
         ConnectionAttempts: 1, ConnectionTimeout: 5}]},
       DefaultCacheBehavior: {TargetOriginId: ("web-" + $ref),
         ViewerProtocolPolicy: "redirect-to-https",
         ForwardedValues: {QueryString: true, Cookies: {Forward: "none"},
           Headers: (if $host then {Quantity: 1, Items: ["Host"]} else {Quantity: 0} end)},
         MinTTL: 0}}' >"$T/$1.json" &&
        "$AWS" --endpoint-url "$EP" cloudfront create-distribution \
            --distribution-config "file://$T/$1.json" --query Distribution.Id --output text
}
# The wildcard one first, so that a look-up taking the first match would
# take it for the names the others own.
WILD=$(dist wild '["*.example.com"]' true) &&
    SHOP=$(dist shop '["shop.example.com"]' false) &&
    DEEP=$(dist deep '["*.b.example.com"]' false) ||
    hard_error "cannot create the distributions in the emulator"

A=(--aws-endpoint-url "$EP" --ca-file "$PKI/root.pem" --vpc-origin
    --resolve "web.example.com:$WEBP:$(addr 3)")
V=.viewer
edge() { echo "--resolve" "$1:$EDGE:$(addr 2)" "https://$1:$EDGE${2:-/}"; }

# --- the only alias is a wildcard: found, its origin probed with the host ----
run_od wild "${A[@]}" $(edge www.example.com /index.html)
assert_exit 1
assert_jq "$V.status" 502
assert_jq "$V.verdict" cloudfront_error
assert_jq "$V.distribution_id" "$WILD" "*.example.com covers www.example.com"
assert_jq "$V.lookup" null "the look-up found it"
assert_jq "$V.behavior" "*"
assert_jq "$V.origin_id" web-wild
assert_jq '.distributions | length' 1
assert_jq '.distributions[0].aliases | join(" ")' "*.example.com" "the wildcard alias is reported"
assert_jq '.origins | length' 1 "no probe for the wildcard itself: no viewer sends it"
assert_jq '.origins[0].origin_id' web-wild "the behaviour's origin is diagnosed"
assert_jq '.origins[0].host_header' www.example.com \
    "Host forwarded: the viewer's host is the name CloudFront sends and checks"
assert_jq '.origins[0].addresses[0].tls.status' ok
assert_jq '.origins[0].addresses[0].http.code' 200
assert_jq '.origins[0].verdict' ok
assert_eq "HEADER Host: www.example.com" "$(grep -m1 '^HEADER Host:' "$T/web.log")" \
    "the origin got the viewer's host as Host"

# Several labels below the wildcard, and any case.
run_od deepcase "${A[@]}" $(edge X.B.Example.COM /)
assert_jq "$V.distribution_id" "$DEEP" "the more specific wildcard (*.b.example.com) wins"
run_od nested "${A[@]}" $(edge a.b.example.com /)
assert_jq "$V.distribution_id" "$DEEP"

# --- an exact alias beats the wildcard that also covers it -------------------
run_od exact "${A[@]}" $(edge shop.example.com /)
assert_jq "$V.distribution_id" "$SHOP" "shop.example.com: the exact alias, not *.example.com"
assert_jq '.origins[0].origin_id' web-shop
assert_jq '.origins[0].host_header' null "that one does not forward Host"

# --- the bare domain: no wildcard covers it ----------------------------------
run_od bare "${A[@]}" $(edge example.com /)
assert_exit 1
assert_jq "$V.distribution_id" null "*.example.com does not cover example.com"
assert_jq "$V.lookup | test(\"no distribution of this account has the domain name example.com\")" \
    true "the reason is reported"
assert_jq '.origins | length' 0

# --- --distribution=DOMAIN: the same look-up ----------------------------------
run_od bydomain "${A[@]}" --distribution=www.example.com
assert_jq '.distributions[0].id' "$WILD" "--distribution=www.example.com finds the wildcard's"
assert_jq '[.origins[].host_header] | join(" ")' www.example.com \
    "and probes the name it was given as the forwarded Host"
run_od bydomain-exact "${A[@]}" --distribution=shop.example.com
assert_jq '.distributions[0].id' "$SHOP"

# --- the same from a saved configuration, without the AWS CLI ----------------
"$AWS" --endpoint-url "$EP" cloudfront get-distribution-config --id "$WILD" \
    --output json >"$T/wild-config.json" || hard_error "cannot read the configuration back"
run_od file --no-aws --ca-file "$PKI/root.pem" --vpc-origin \
    --resolve "web.example.com:$WEBP:$(addr 3)" --distribution-config="$T/wild-config.json" \
    $(edge shop.example.com /)
assert_jq "$V.distribution_id" null "a saved get-distribution-config has no id"
assert_jq "$V.origin_id" web-wild "the saved configuration's wildcard covers the host"
assert_jq '.origins[0].host_header' shop.example.com
