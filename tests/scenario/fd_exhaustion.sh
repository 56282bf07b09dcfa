#!/bin/bash
# Running out of descriptors is this machine's error, never a finding about
# the origin (issue 12, defect 4): a healthy origin, reached through DNS
# (dnsmasq) and on two addresses, checked under `ulimit -n N` for small N.
# Every run either judges the origin as it is (exit 0, no finding but the
# private-address warning) or stops with exit 3, the reason on stderr and no
# report; never dns.* or tcp.* findings.  Both outcomes must occur.  Each
# run is held to a wall-time and a peak-RSS bound (/usr/bin/time -v, whose
# report file takes one of the N descriptors; assert_bounds in lib.sh).
. "${0%/*}/lib.sh"
od_init 63
need_openssl
need_dnsmasq
[ -x /usr/bin/time ] || skip "/usr/bin/time is not installed (Debian: time)"

pki_leaf_y leaf ec fd.test
pki_cat chain int2 int1
start_tls_server a "$(addr 2)" leaf leaf chain
PORT=$SRV_PORT
start_tls_server_at b "$(addr 3)" "$PORT" leaf leaf chain || skip "cannot start the second server on port $PORT"
start_dnsmasq dns "$(addr 53)" --host-record=fd.test,"$(addr 2)" --host-record=fd.test,"$(addr 3)"

ok=0 local=0
for n in $(seq 5 17); do # 4 to 16 for the program: time's report file takes one
    OD_RUN=ulimit-$n
    OD_JSON=$T/$OD_RUN.json
    echo "+ [$OD_RUN] ulimit -n $n; origin-doctor --json ..." >&2
    (
        ulimit -n "$n" || exit 98
        ASAN_OPTIONS=$OD_ASAN_BOUNDED exec /usr/bin/time -v -o "$T/$OD_RUN.time" timeout -k 5 30 "$ORIGIN_DOCTOR" --json --dns-server "$DNS_SERVER" --ca-file "$PKI/root.pem" \
            "fd.test:$PORT"
    ) >"$OD_JSON" 2>"$OD_JSON.err"
    OD_RC=$?
    [ "$OD_RC" = 98 ] && hard_error "cannot set ulimit -n $n"
    # A lookup, two connections and handshakes to loopback: no timeout
    # needed; one origin's memory.
    assert_bounds "$OD_RUN" 10 32
    case $OD_RC in
    0)
        ok=$((ok + 1))
        assert_finding_ids "net.private_address"
        assert_jq '.origins[0].addresses | length' 2 "both addresses"
        ;;
    3)
        local=$((local + 1))
        assert_match '^origin-doctor: .*(Too many open files|descriptor)' "$(head -n 1 "$OD_JSON.err")" \
            "$OD_RUN: exit 3 says why ($(head -c 200 "$OD_JSON.err"))"
        assert_eq 0 "$(wc -c <"$OD_JSON")" "$OD_RUN: no report on stdout"
        ;;
    *)
        OD_CHECKS=$((OD_CHECKS + 1))
        fail "$OD_RUN: exit $OD_RC, neither a judgement (0) nor a local error (3)"
        od_dump_report
        ;;
    esac
done
assert_cmp -gt "$local" 0 "some limit was too small: the local error path ran"
assert_cmp -gt "$ok" 0 "some limit was enough: the origin was judged"
