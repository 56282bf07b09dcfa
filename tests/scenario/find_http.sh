#!/bin/bash
# After the handshake: CloudFront's request on the same session, against TLS
# origins (tests/helpers/httporigin.py) that complete the handshake and then
# answer 200, answer 503 (http.origin_error), never answer (http.timeout,
# within the read timeout and not much more), close (http.closed), answer
# garbage, a 10 MB header block or an endless status line (http.malformed,
# memory bounded), or headers full of escape sequences (nothing raw in the
# JSON or on the text report).  A silent origin does not hold up another one
# in the same run; --no-http sends nothing.
. "${0%/*}/lib.sh"
od_init 55
need_openssl

pki_leaf_y leaf rsa h.test
pki_cat full leaf int2 int1
CERT=$PKI/full.pem
KEY=$PKI/leaf.key
CA=(--ca-file "$PKI/root.pem")
A=.origins[0].addresses[0]

# A raw control byte (ESC, BEL, NUL...) anywhere in FILE fails.
assert_no_controls()
{
    local n
    n=$(LC_ALL=C tr -d '\n\t' <"$1" | LC_ALL=C tr -dc '\000-\037\177' | wc -c)
    assert_eq 0 "$n" "$2: no raw control bytes"
}

# 200: the request as CloudFront sends it, and a clean verdict.
start_http_origin ok 200 "$(addr 2)" "$CERT" "$KEY"
run_od ok "${CA[@]}" --resolve "h.test:$ORIGIN_PORT:$(addr 2)" "h.test:$ORIGIN_PORT"
assert_jq "$A.tls.status" ok
assert_jq "$A.http.status" ok
assert_jq "$A.http.code" 200
assert_jq "$A.http.server" test-origin
assert_jq "$A.http.host" h.test
assert_jq "$A.http.path" /
assert_jq "$A.http.read_timeout_ms" 30000
assert_jq "$A.http.first_bytes" null
assert_finding_ids "net.private_address"
assert_verdict ok null 0
log=$T/ok.log
assert_eq "REQUEST GET / HTTP/1.1" "$(grep -m1 '^REQUEST ' "$log")" "request line"
assert_eq "HEADER Host: h.test" "$(grep -m1 '^HEADER Host:' "$log")" "Host is the name CloudFront checks"
assert_eq "HEADER User-Agent: Amazon CloudFront" "$(grep -m1 '^HEADER User-Agent:' "$log")" "User-Agent"
assert_match '^HEADER Via: 1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$' "$(grep -m1 '^HEADER Via:' "$log")" "Via"
assert_eq "HEADER X-Amz-Cf-Id: $(jqr "$A.http.request_id")" "$(grep -m1 '^HEADER X-Amz-Cf-Id:' "$log")" \
    "the X-Amz-Cf-Id sent is the one reported"

# -H: the forwarded Host is the Host sent.
pki_leaf_y leafw rsa www.h.test h.test
pki_cat fullw leafw int2 int1
start_http_origin okw 200 "$(addr 3)" "$PKI/fullw.pem" "$PKI/leafw.key"
run_od okw "${CA[@]}" -H www.h.test --resolve "h.test:$ORIGIN_PORT:$(addr 3)" "h.test:$ORIGIN_PORT"
assert_jq "$A.http.host" www.h.test
assert_eq "HEADER Host: www.h.test" "$(grep -m1 '^HEADER Host:' "$T/okw.log")" "forwarded Host sent"

# 503 from the origin itself (an ALB without healthy targets): a warning,
# CloudFront passes it on.
start_http_origin e503 503 "$(addr 4)" "$CERT" "$KEY"
run_od e503 "${CA[@]}" --resolve "h.test:$ORIGIN_PORT:$(addr 4)" "h.test:$ORIGIN_PORT"
assert_jq "$A.http.code" 503
assert_jq "$A.http.server" awselb/2.0
assert_finding http.origin_error warning "$(addr 4)"
assert_message_match http.origin_error "$(addr 4) answered 503 to GET / \(Server: awselb/2\.0\)"
assert_finding_ids "http.origin_error net.private_address"
assert_verdict ok null 0

# Never answers: http.timeout after the read timeout, and not much later.
start_http_origin silent silent "$(addr 5)" "$CERT" "$KEY"
t0=$(now_ms)
run_od silent "${CA[@]}" --read-timeout 2 --resolve "h.test:$ORIGIN_PORT:$(addr 5)" "h.test:$ORIGIN_PORT"
took=$(($(now_ms) - t0))
assert_cmp -ge "$took" 2000 "the run waited the read timeout"
assert_cmp -le "$took" 5000 "the run took the read timeout and not much more (2 s + 3 s)"
assert_jq "$A.http.status" timeout
assert_jq "$A.http.read_timeout_ms" 2000
assert_jq "$A.http.code" null
assert_jq "$A.http.bytes_read" 0
assert_finding http.timeout error "$(addr 5)"
assert_message_match http.timeout "$(addr 5) did not answer GET / within the read timeout \(2 s\)"
assert_finding_ids "http.timeout net.private_address"
assert_verdict fail 504 1

# Closes after the request: http.closed, 502.
start_http_origin close close "$(addr 6)" "$CERT" "$KEY"
run_od close "${CA[@]}" --resolve "h.test:$ORIGIN_PORT:$(addr 6)" "h.test:$ORIGIN_PORT"
assert_jq "$A.http.status" closed
assert_finding http.closed error "$(addr 6)"
assert_message_match http.closed "$(addr 6) closed the connection .* after GET / without answering"
assert_finding_ids "http.closed net.private_address"
assert_verdict fail 502 1

# Garbage with escape sequences: http.malformed, 502, nothing raw.
start_http_origin garbage garbage "$(addr 7)" "$CERT" "$KEY"
run_od garbage "${CA[@]}" --resolve "h.test:$ORIGIN_PORT:$(addr 7)" "h.test:$ORIGIN_PORT"
assert_jq "$A.http.status" malformed
assert_jq "$A.http.parser_error | test(\"^HPE_\")" true "the parser names its error"
assert_jq "$A.http.first_bytes | test(\"^\\\\\\\\x00\\\\\\\\x01\\\\\\\\x1b\\\\[2J\"; \"i\")" true "NUL and ESC shown as \\xNN"
assert_finding http.malformed error "$(addr 7)"
assert_message_match http.malformed "$(addr 7) answered \".*\" to GET /, which is not an HTTP response"
assert_finding_ids "http.malformed net.private_address"
assert_verdict fail 502 1
assert_no_controls "$OD_JSON" "garbage JSON"
timeout 30 "$ORIGIN_DOCTOR" --batch "${CA[@]}" --resolve "h.test:$ORIGIN_PORT:$(addr 7)" "h.test:$ORIGIN_PORT" >"$T/garbage.txt" 2>&1
assert_match 'HTTP  GET /: the answer is not an HTTP response' "$(cat "$T/garbage.txt")" "text report: the HTTP line"
assert_no_controls "$T/garbage.txt" "garbage text report"

# A 10 MB header block: read up to the cap (64 KiB and one read), no more.
start_http_origin big bighead "$(addr 8)" "$CERT" "$KEY"
run_od big "${CA[@]}" --resolve "h.test:$ORIGIN_PORT:$(addr 8)" "h.test:$ORIGIN_PORT"
assert_jq "$A.http.status" oversized
assert_jq "$A.http.head_bytes" 65536
assert_cmp -le "$(jqr "$A.http.bytes_read")" $((65536 + 4096)) "bytes read stop at the head cap"
assert_finding http.malformed error "$(addr 8)"
assert_message_match http.malformed "$(addr 8) sent a response head of more than 64 KiB"
assert_verdict fail 502 1

# A status line that never ends: the same cap.
start_http_origin endless endless "$(addr 9)" "$CERT" "$KEY"
run_od endless "${CA[@]}" --resolve "h.test:$ORIGIN_PORT:$(addr 9)" "h.test:$ORIGIN_PORT"
assert_jq "$A.http.status" oversized
assert_cmp -le "$(jqr "$A.http.bytes_read")" $((65536 + 4096)) "bytes read stop at the head cap"
assert_finding http.malformed error "$(addr 9)"

# Escape sequences and a bidi override in the Server header: shown escaped.
start_http_origin control control "$(addr 10)" "$CERT" "$KEY"
run_od control "${CA[@]}" --resolve "h.test:$ORIGIN_PORT:$(addr 10)" "h.test:$ORIGIN_PORT"
# The parser refuses some of these bytes (malformed) and lets others
# through (ok): either way they are shown escaped.
assert_jq "$A.http.status | IN(\"ok\", \"malformed\")" true "answered, or refused by the parser"
assert_jq "($A.http.server // $A.http.first_bytes) | test(\"\\\\\\\\x1b\\\\[2J\"; \"i\")" true "ESC escaped"
assert_jq "($A.http.server // $A.http.first_bytes) | test(\"\\\\\\\\u\\\\{202e\\\\}\"; \"i\")" true "the bidi override escaped"
assert_no_controls "$OD_JSON" "control JSON"
timeout 30 "$ORIGIN_DOCTOR" --batch "${CA[@]}" --resolve "h.test:$ORIGIN_PORT:$(addr 10)" "h.test:$ORIGIN_PORT" >"$T/control.txt" 2>&1
assert_no_controls "$T/control.txt" "control text report"
assert_eq 0 "$(grep -c $'\xe2\x80\xae' "$T/control.txt")" "no raw bidi override in the text report"

# Two origins in one run: the silent one takes its read timeout, the good one
# is not held up by it (its answer comes in well under a second).
start_http_origin psilent silent "$(addr 11)" "$CERT" "$KEY"
PS=$ORIGIN_PORT
start_http_origin pok 200 "$(addr 12)" "$CERT" "$KEY"
PO=$ORIGIN_PORT
t0=$(now_ms)
run_od parallel "${CA[@]}" --read-timeout 3 --resolve "h.test:$PS:$(addr 11)" --resolve "h.test:$PO:$(addr 12)" \
    "h.test:$PS" "h.test:$PO"
took=$(($(now_ms) - t0))
assert_cmp -le "$took" 6000 "two origins in parallel: the read timeout (3 s) and not much more"
assert_jq ".origins[0].addresses[0].http.status" timeout
assert_jq ".origins[1].addresses[0].http.status" ok
assert_jq ".origins[1].addresses[0].http.elapsed_ms < 1000" true "the good origin's answer was not held up"

# --no-http: the handshake only; nothing is sent, nothing is judged.
start_http_origin nohttp silent "$(addr 13)" "$CERT" "$KEY"
t0=$(now_ms)
run_od nohttp "${CA[@]}" --no-http --resolve "h.test:$ORIGIN_PORT:$(addr 13)" "h.test:$ORIGIN_PORT"
took=$(($(now_ms) - t0))
assert_cmp -le "$took" 3000 "--no-http does not wait for an answer"
assert_jq "$A.tls.status" ok
assert_jq "$A.http" null
assert_finding_ids "net.private_address"
assert_eq 0 "$(grep -c '^REQUEST ' "$T/nohttp.log")" "--no-http sent no request"
