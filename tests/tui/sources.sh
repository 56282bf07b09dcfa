#!/bin/bash
# The Origin step's sources, at 80x24: a certificate file judged offline
# (--chain-file, and chosen in the form), and a distribution (a saved
# configuration given with --distribution-config, and typed in the form):
# its origins listed with the behaviours that reach them and their
# verdicts, one chosen and walked through.  Local servers (openssl
# s_server) stand in for the origins; no AWS CLI runs (--no-aws).
. "${0%/*}/lib.sh"
tui_init 95
need_openssl

pki_leaf_y site ec origin.example.com www.example.com
pki_cat chain int2 int1
pki_cat sent site int2 int1
start_tls_server alb "$(addr 2)" site site chain
P=$SRV_PORT
ELB=my-alb-123.ap-northeast-1.elb.amazonaws.com

# A saved get-distribution-config: the default behaviour to the load
# balancer's name (the article's 502), /api/* to the custom domain, and an
# S3 origin that is not probed.
jq -n --arg elb "$ELB" --argjson p "$P" '
  def custom($id; $d): {Id: $id, DomainName: $d, OriginPath: "", CustomHeaders: {Quantity: 0},
      CustomOriginConfig: {HTTPPort: 80, HTTPSPort: $p, OriginProtocolPolicy: "https-only",
        OriginSslProtocols: {Quantity: 1, Items: ["TLSv1.2"]},
        OriginReadTimeout: 30, OriginKeepaliveTimeout: 5},
      ConnectionAttempts: 3, ConnectionTimeout: 10};
  {ETag: "E2QWRUHAPOMQZL", DistributionConfig: {CallerReference: "od", Comment: "", Enabled: true,
    Aliases: {Quantity: 1, Items: ["www.example.com"]},
    Origins: {Quantity: 3, Items: [custom("alb"; $elb), custom("site"; "origin.example.com"),
      {Id: "assets", DomainName: "assets.s3.amazonaws.com", OriginPath: "",
       S3OriginConfig: {OriginAccessIdentity: ""}}]},
    DefaultCacheBehavior: {TargetOriginId: "alb", ViewerProtocolPolicy: "redirect-to-https"},
    CacheBehaviors: {Quantity: 1, Items: [{PathPattern: "/api/*", TargetOriginId: "site",
      ViewerProtocolPolicy: "https-only"}]}}}' >"$T/dist.json"

COMMON=(--ca-file "$PKI/root.pem" --resolve "$ELB:$P:$(addr 2)" --resolve "origin.example.com:$P:$(addr 2)"
    --vpc-origin --no-aws --no-http)

# --- a certificate file, from the command line --------------------------------
tui_start file 80 24 LC_ALL=C.UTF-8 -- "${COMMON[@]}" --chain-file "$PKI/sent.pem" origin.example.com
tui_wait "A certificate file, judged offline" 5 "the Origin step shows the file source"
tui_has "< A certificate file >" "the source chosen is the certificate file"
tui_has "$PKI/sent.pem" "the file's path is in its field"
tui_keys 4
tui_wait "SAN    origin.example.com" 5 "Certificate: the file's leaf"
tui_keys 5
tui_wait "connection was not checked" 5 "Diagnosis: the chain passes, the connection not checked"
tui_lacks "would connect" "never 'would connect' for a file"
tui_has "chain passes, not connected" "the answer line says nothing was connected"
tui_has "·DNS" "DNS is not marked failed: it was not checked"
tui_keys q
tui_wait_exit 10
assert_eq 0 "$TUI_STATUS" "a good chain file: exit 0"

# The same file for a name it does not cover: the verdict is 502.
tui_start filebad 80 24 LC_ALL=C.UTF-8 -- "${COMMON[@]}" --chain-file "$PKI/sent.pem" api.example.net
tui_wait "A certificate file, judged offline" 5 "the file source"
tui_keys 5
tui_wait "CloudFront would answer 502" 5 "Diagnosis: the name is not covered"
tui_keys q
tui_wait_exit 10
assert_eq 1 "$TUI_STATUS" "a chain for another name: exit 1"

# --- a distribution file, from the command line --------------------------------
tui_start dist 80 24 LC_ALL=C.UTF-8 -- "${COMMON[@]}" --distribution-config "$T/dist.json"
tui_wait "A distribution, as CloudFront has it" 5 "the Origin step shows the distribution source"
tui_wait "a behaviour gets 502/504" 15 "the distribution's verdict once probed"
tui_has "assets (assets.s3.amazonaws.com): not probed" "the S3 origin is listed as not probed"
tui_has "alb, for default (*)" "the ELB origin serves the default behaviour"
tui_has "site, for /api/*" "the custom domain serves /api/*"
tui_has "Origins (2): choose the one to walk through" "two origins to choose from"
tui_has "$ELB:$P" "the load balancer's name is listed"
# The first origin (the cursor starts there) fails, the second passes.
tui_keys 5
tui_wait "CloudFront would answer 502" 5 "Diagnosis of the first origin: 502"
tui_keys 1
tui_wait "Origins (2)" 3 "back on the list"
tui_keys Down Enter
tui_wait "DNS]" 5 "Enter on the second origin walks it: DNS"
tui_keys 5
tui_wait "CloudFront would connect" 5 "Diagnosis of the second origin: it would connect"
tui_has "origin.example.com:$P" "the chosen origin is the one walked"
tui_keys q
tui_wait_exit 10
assert_eq 1 "$TUI_STATUS" "a distribution with a failing behaviour: exit 1"

# --- both sources chosen in the form ---------------------------------------------
tui_start form 80 24 LC_ALL=C.UTF-8 -- "${COMMON[@]}"
tui_wait "Origin Domain Name" 5 "the empty form"
tui_keys End Down Right
tui_wait "< A certificate file >" 3 "Start from: a certificate file"
tui_keys Home Enter
tui_keys -l "$PKI/sent.pem"
tui_keys Enter Down Enter
tui_keys -l "origin.example.com"
tui_keys Enter
tui_wait "[origin.example.com" 3 "the name typed"
tui_keys End Enter
tui_wait "SAN    origin.example.com" 5 "the button judges the file: Certificate"
tui_keys 1
tui_wait "A certificate file" 3 "back at the form"
tui_keys End Down Right
tui_wait "< A distribution >" 3 "Start from: a distribution"
tui_keys Home Enter
tui_keys -l "$T/dist.json"
tui_keys Enter End Enter
tui_wait "Origins (2): choose the one to walk through" 10 "the distribution typed is read"
tui_wait "a behaviour gets 502/504" 15 "and probed"
tui_keys q
tui_wait_exit 10

# A file that holds no certificate: the reason, on the form.
printf 'not a certificate\n' >"$T/junk.pem"
tui_start junk 80 24 LC_ALL=C.UTF-8 -- "${COMMON[@]}"
tui_wait "Origin Domain Name" 5 "the empty form"
tui_keys End Down Right Home Enter
tui_keys -l "$T/junk.pem"
tui_keys Enter Down Enter
tui_keys -l "origin.example.com"
tui_keys Enter End Enter
tui_wait "no certificate in it" 5 "a file without certificates is refused with the reason"
tui_has "[✗Origin]" "the Origin step is marked failed"
tui_keys End q
tui_wait_exit 10
