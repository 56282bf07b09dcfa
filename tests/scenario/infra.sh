#!/bin/bash
# The test parts themselves, without origin-doctor: openssl s_server sends the
# chain in the order of the -cert_chain file (the other tests rely on it), the
# fakeserver modes behave as documented, dnsmasq starts, and every server
# stops by its PID.
OD_NEED_PROGRAM=0
. "${0%/*}/lib.sh"
od_init 10
need_openssl; need_fakeserver; need_dnsmasq

pki_leaf leaf rsa www.test
pki_cat wrong int1 int2
start_tls_server ooo "$(addr 2)" leaf leaf wrong

# s_client -showcerts lists what the server sent, in order: "N s:CN = ...".
echo | timeout 10 "$OPENSSL" s_client -connect "$(addr 2):$SRV_PORT" -servername www.test \
    -showcerts >"$T/showcerts.out" 2>&1
got=$(sed -n 's/^ *[0-9] s:CN = \(.*\)$/\1/p' "$T/showcerts.out" | paste -sd, -)
assert_eq "www.test,OD Test Int1,OD Test Int2" "$got" "s_server sends leaf then the chain file in its order"

# The PKI is what it claims: leaf <- int2 <- int1 <- root.
pki_cat rightchain int2 int1
assert_eq "$PKI/leaf.pem: OK" \
    "$("$OPENSSL" verify -CAfile "$PKI/root.pem" -untrusted "$PKI/rightchain.pem" "$PKI/leaf.pem" 2>&1)" \
    "leaf verifies through int2 and int1 to root"
assert_eq "CN=OD Test Int2" "$("$OPENSSL" x509 -in "$PKI/leaf.pem" -noout -issuer -nameopt RFC2253 | sed 's/^issuer=//')" \
    "leaf issued by int2"

# fakeserver: http answers HTTP, garbage sends 4 KiB, trickle starts a TLS record.
start_fake http http "$(addr 3)"
reply=$(timeout 5 bash -c 'exec 3<>"/dev/tcp/$1/$2"; printf "GET / HTTP/1.0\r\n\r\n" >&3; head -c 12 <&3' _ "$(addr 3)" "$FAKE_PORT")
assert_eq "HTTP/1.1 400" "$reply" "fakeserver http answers HTTP/1.1 400"

start_fake garbage garbage "$(addr 4)"
n=$(timeout 5 bash -c 'exec 3<>"/dev/tcp/$1/$2"; cat <&3 | wc -c' _ "$(addr 4)" "$FAKE_PORT")
assert_eq 4096 "$n" "fakeserver garbage sends 4096 bytes and closes"

start_fake trickle trickle "$(addr 5)"
first=$(timeout 5 bash -c 'exec 3<>"/dev/tcp/$1/$2"; head -c 5 <&3 | od -An -tx1 | tr -d " \n"' _ "$(addr 5)" "$FAKE_PORT")
assert_eq "1603034000" "$first" "fakeserver trickle starts a 16 KiB TLS handshake record"

start_fake hang hang "$(addr 6)"
timeout 1 bash -c 'exec 3<>"/dev/tcp/$1/$2"; cat <&3' _ "$(addr 6)" "$FAKE_PORT"
assert_eq 124 "$?" "fakeserver hang keeps the connection open and silent"

start_fake blackhole blackhole "$(addr 8)"
timeout 1 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$(addr 8)" "$FAKE_PORT"
assert_eq 124 "$?" "fakeserver blackhole: connecting to it hangs"

start_fake silent udp-silent "$(addr 11)"
timeout 1 bash -c 'exec 3<>"/dev/udp/$1/$2"; printf "query" >&3; head -c 1 <&3' _ "$(addr 11)" "$FAKE_PORT"
assert_eq 124 "$?" "fakeserver udp-silent never answers"

refusing_port "$(addr 7)"
(exec 3<>"/dev/tcp/$(addr 7)/$REFUSED_PORT") 2>/dev/null
assert_eq 1 "$?" "refusing_port gives a port where connect fails"

# dnsmasq starts on the test's address and stops by PID.
start_dnsmasq dns "$(addr 53)" --host-record=a.test,"$(addr 9)",60
pid=$DNS_PID
stop "$pid"
kill -0 "$pid" 2>/dev/null
assert_eq 1 "$?" "dnsmasq stopped by its PID"

# The s_server stops by its PID too.
stop "$SRV_PID"
(exec 3<>"/dev/tcp/$(addr 2)/$SRV_PORT") 2>/dev/null
assert_eq 1 "$?" "s_server stopped by its PID, its port refuses"
