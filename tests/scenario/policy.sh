#!/bin/bash
# The Origin Protocol Policy changes what is checked, not only a label.
# http-only: CloudFront opens a TCP connection to the HTTP port and talks
# plain HTTP, so the probe makes no TLS handshake, no TLS or certificate
# finding can appear, and the verdict is about reaching the HTTP port.
# match-viewer: checked as for viewers on HTTPS (a TLS handshake on the HTTPS
# port), and the report says so.  A plain HTTP server (fakeserver http)
# tells the two apart: with https-only it is tls.not_tls, with http-only it
# is a working origin.
. "${0%/*}/lib.sh"
od_init 83
need_fakeserver

start_fake http http "$(addr 2)"
HTTP_PORT=$FAKE_PORT
R=(--vpc-origin --resolve "plain.test:$HTTP_PORT:$(addr 2)")

# The contrast first: the same server as an HTTPS origin fails.
run_od https-only "${R[@]}" "plain.test:$HTTP_PORT"
assert_exit 1
assert_jq '.origins[0].settings.protocol_policy' https-only
assert_jq '.origins[0].addresses[0].tls.status' not_tls
assert_finding tls.not_tls error "$(addr 2)"

# http-only: TCP to the HTTP port, nothing else; CloudFront would connect.
run_od http-only --origin-protocol-policy=http-only "${R[@]}" "plain.test:$HTTP_PORT"
assert_exit 0
assert_jq '.verdict' ok
assert_jq '.origins[0].verdict' ok
assert_jq '.origins[0].completed' true
assert_jq '.origins[0].port' "$HTTP_PORT" "the port probed is the HTTP port"
assert_jq '.origins[0].settings.protocol_policy' http-only
assert_jq '.origins[0].settings.http_port' "$HTTP_PORT" "ORIGIN:PORT is the HTTP port with http-only"
assert_jq '.origins[0].settings.https_port' 443 "the HTTPS port stays CloudFront's default"
assert_jq '.origins[0].settings.offered_versions | length' 0 "no TLS version offered"
assert_jq '.origins[0].sni' null "no SNI: no handshake"
assert_jq '.origins[0].addresses[0].tcp.status' connected
assert_jq '.origins[0].addresses[0].tls.status' skipped "no TLS handshake was made"
assert_jq '.origins[0].addresses[0].tls.certificates | length' 0
assert_jq '.origins[0].addresses[0].explain' null "no explaining handshakes"
assert_jq '.origins[0].findings | length' 0 "no finding at all (no TLS, no certificate)"
assert_jq '.origins[0].chain' null "no chain analysed"
# CloudFront's request goes in plain HTTP on that connection: the server's
# "400" came back over it, with the origin's name as Host.
assert_jq '.origins[0].addresses[0].http.status' ok "plain HTTP request answered"
assert_jq '.origins[0].addresses[0].http.code' 400
assert_jq '.origins[0].addresses[0].http.host' plain.test
assert_jq '.origins[0].addresses[0].http.read_timeout_ms' 30000

# Host forwarded: the request's Host (and the name checked) is the viewer's;
# --read-timeout is the origin's OriginReadTimeout.
run_od http-host --origin-protocol-policy=http-only -H www.example.com --read-timeout 2 \
    "${R[@]}" "plain.test:$HTTP_PORT"
assert_exit 0
assert_jq '.origins[0].addresses[0].http.host' www.example.com
assert_jq '.origins[0].settings.checked_name' www.example.com
assert_jq '.origins[0].settings.read_timeout_ms' 2000
assert_jq '.origins[0].addresses[0].http.read_timeout_ms' 2000

# A plain listener that never answers the request: CloudFront's read
# timeout, over plain HTTP.
start_fake hang hang "$(addr 4)"
run_od http-hang --origin-protocol-policy=http-only --read-timeout 1 --vpc-origin \
    --resolve "hang.test:$FAKE_PORT:$(addr 4)" "hang.test:$FAKE_PORT"
assert_jq '.origins[0].addresses[0].tls.status' skipped
assert_jq '.origins[0].addresses[0].http.status' timeout "the plain request timed out"
assert_finding http.timeout error "$(addr 4)"
assert_exit 1

# --http-port says the same as a port after the name.
run_od http-port --origin-protocol-policy=http-only --http-port="$HTTP_PORT" "${R[@]}" plain.test
assert_exit 0
assert_jq '.origins[0].port' "$HTTP_PORT"
assert_jq '.origins[0].addresses[0].tcp.status' connected

# The text report says it plainly, and nothing about certificates.
OUT=$T/http-only.txt
timeout -k 5 30 "$ORIGIN_DOCTOR" --batch --origin-protocol-policy=http-only "${R[@]}" \
    "plain.test:$HTTP_PORT" >"$OUT" 2>&1
assert_eq 0 "$?" "text report: exit status"
assert_match "CloudFront talks plain HTTP to this origin on port $HTTP_PORT" "$(cat "$OUT")" \
    "text report: the policy line"
assert_match "nothing about certificates applies" "$(cat "$OUT")" "text report: no certificates"
OD_CHECKS=$((OD_CHECKS + 1))
if grep -qiE 'certificate chain|Names in the certificate|tls\.' "$OUT"; then
    fail "text report: an http-only origin shows TLS or certificate sections"
fi

# http-only and nothing listening on the HTTP port: the verdict is about
# reaching it.
refusing_port "$(addr 3)"
run_od http-refused --origin-protocol-policy=http-only --vpc-origin \
    --resolve "gone.test:$REFUSED_PORT:$(addr 3)" "gone.test:$REFUSED_PORT"
assert_exit 1
assert_finding tcp.refused error "$(addr 3)"
assert_message_match tcp.refused "$(addr 3) refused the connection to port $REFUSED_PORT"
assert_finding_ids "tcp.refused"
assert_verdict fail 502 1

# match-viewer: checked as for HTTPS viewers (a handshake on the HTTPS port),
# and said so.
run_od match-viewer --origin-protocol-policy=match-viewer "${R[@]}" "plain.test:$HTTP_PORT"
assert_exit 1
assert_jq '.origins[0].settings.protocol_policy' match-viewer
assert_jq '.origins[0].addresses[0].tls.status' not_tls "match-viewer probes HTTPS"
assert_finding tls.not_tls error "$(addr 2)"
timeout -k 5 30 "$ORIGIN_DOCTOR" --batch --origin-protocol-policy=match-viewer "${R[@]}" \
    "plain.test:$HTTP_PORT" >"$OUT" 2>&1
assert_match "checked as for viewers on HTTPS" "$(cat "$OUT")" "text report: match-viewer line"

# Bad values are usage errors.
run_usage bad-policy --origin-protocol-policy=https plain.test
run_usage bad-http-port --http-port=0 plain.test
run_usage bad-http-port2 --http-port=65536 plain.test
