# lib.sh: shared by every scenario test.  Source it first thing:
#
#   . "${0%/*}/lib.sh"
#   od_init 11          # 11 = this test's own network, 127.0.11.0/24
#
# It gives the test a temporary directory ($T), a cleanup trap that stops
# every process the test started (by PID), skip and assertion helpers, a test
# PKI made with openssl at run time, and starters for the real servers:
# openssl s_server, dnsmasq and tests/helpers/fakeserver.  Servers listen on
# loopback addresses only; each test file uses its own 127.0.N.0/24 so tests
# can run in parallel, and ports are chosen by the kernel (port 0) wherever
# the server can report them back.
#
# Every report run_od gets is also checked, when the test ends, against the
# JSON Schema doc/report.schema.json (tests/helpers/validate-report.py, with
# Debian's python3-jsonschema): a report the schema rejects fails the test.
#
# Exit statuses follow automake: 0 pass, 1 fail, 77 skip, 99 hard error.
# Environment (set by tests/tests.am, defaults for running a test by hand):
# top_srcdir, top_builddir, ORIGIN_DOCTOR, OPENSSL, DNSMASQ, OD_PYTHON (the
# Python that has the jsonschema module, /usr/bin/python3).
# OD_KEEP=1 keeps the temporary directory for inspection.

set -u

OD_SCENARIO_DIR=$(cd "${BASH_SOURCE[0]%/*}" && pwd)
: "${top_srcdir:=$(cd "$OD_SCENARIO_DIR/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${ORIGIN_DOCTOR:=$top_builddir/origin-doctor}"
[ -n "${OPENSSL:-}" ] || OPENSSL=$(command -v openssl || true)
[ -n "${DNSMASQ:-}" ] || DNSMASQ=$(command -v dnsmasq || echo /usr/sbin/dnsmasq)
FAKESERVER=$top_builddir/tests/helpers/fakeserver
# Debian's Python: a python3 found first on PATH (pyenv...) may lack jsonschema.
: "${OD_PYTHON:=/usr/bin/python3}"
OD_SCHEMA=$top_srcdir/doc/report.schema.json
OD_VALIDATE=$top_srcdir/tests/helpers/validate-report.py
export LC_ALL=C.UTF-8

OD_TEST=${0##*/}
OD_TEST=${OD_TEST%.sh}
OD_PIDS=""
OD_FAILURES=0
OD_CHECKS=0
OD_REPORTS=()
T=""

# --- life cycle -------------------------------------------------------------

# od_init N: this test's network number (127.0.N.0/24, unique per file).
# OD_NEED_PROGRAM=0 before it: a test of the test parts themselves.
od_init()
{
    OD_NET=$1
    T=$(mktemp -d "${TMPDIR:-/tmp}/od-$OD_TEST.XXXXXX") || hard_error "cannot create a temporary directory"
    trap od_exit EXIT
    trap 'exit 1' INT TERM HUP
    command -v jq >/dev/null 2>&1 || skip "jq is not installed"
    command -v timeout >/dev/null 2>&1 || skip "timeout (coreutils) is not installed"
    if [ "${OD_NEED_PROGRAM:-1}" = 1 ] && [ ! -x "$ORIGIN_DOCTOR" ]; then
        hard_error "no program at ORIGIN_DOCTOR=$ORIGIN_DOCTOR (build it first)"
    fi
}

# addr H: the test's own loopback address 127.0.N.H.
addr() { echo "127.0.$OD_NET.$1"; }

# Stops every process the test started, by PID: TERM, a bounded wait, KILL.
od_stop_all()
{
    local pid i
    for pid in $OD_PIDS; do
        kill -TERM "$pid" 2>/dev/null
    done
    for pid in $OD_PIDS; do
        for i in $(seq 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.02
        done
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    OD_PIDS=""
}

od_exit()
{
    local rc=$?
    trap - EXIT
    od_stop_all
    case $rc in 0 | 1 | 77) od_validate_reports ;; esac
    # Failures win over a later skip: a test never hides what it found.
    if { [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ]; } && [ "$OD_FAILURES" -gt 0 ]; then
        rc=1
    fi
    if [ "$rc" -eq 0 ] && [ "$OD_CHECKS" -eq 0 ]; then
        echo "FAIL: $OD_TEST checked nothing" >&2
        rc=99
    fi
    if [ -n "$T" ]; then
        if [ "${OD_KEEP:-0}" = 1 ]; then
            echo "kept $T" >&2
        else
            rm -rf "$T"
        fi
    fi
    case $rc in
    0) echo "PASS: $OD_TEST ($OD_CHECKS checks)" >&2 ;;
    1) echo "FAIL: $OD_TEST: $OD_FAILURES of $OD_CHECKS checks failed" >&2 ;;
    esac
    exit "$rc"
}

# validate_reports FILE...: checks the reports against doc/report.schema.json
# in one run of the validator; prints its verdict per file.  Returns its
# status: 0 all valid, 1 one is not, 77 no jsonschema module, 99 bad schema.
validate_reports()
{
    "$OD_PYTHON" "$OD_VALIDATE" "$OD_SCHEMA" "$@" 2>&1
}

# At exit: every report run_od got, against the schema; one check.
od_validate_reports()
{
    local out rc
    [ "${#OD_REPORTS[@]}" -gt 0 ] || return 0
    out=$(validate_reports "${OD_REPORTS[@]}")
    rc=$?
    if [ "$rc" -eq 77 ]; then
        echo "note: ${#OD_REPORTS[@]} reports not checked against doc/report.schema.json: $out" >&2
        return 0
    fi
    OD_CHECKS=$((OD_CHECKS + 1))
    if [ "$rc" -eq 0 ]; then
        echo "ok: all ${#OD_REPORTS[@]} reports are valid against doc/report.schema.json" >&2
    else
        fail "reports the JSON Schema doc/report.schema.json rejects (validator status $rc):"
        printf '%s\n' "$out" | grep -v '^valid: ' >&2
    fi
}

skip()
{
    echo "SKIP: $OD_TEST: $*" >&2
    exit 77
}

hard_error()
{
    echo "ERROR: $OD_TEST: $*" >&2
    exit 99
}

# need_openssl, need_dnsmasq, need_fakeserver: skip when a part is missing.
need_openssl()
{
    [ -n "$OPENSSL" ] && [ -x "$OPENSSL" ] || skip "openssl not found (OPENSSL='$OPENSSL')"
}
need_dnsmasq()
{
    [ -n "$DNSMASQ" ] && [ -x "$DNSMASQ" ] || skip "dnsmasq not found (DNSMASQ='$DNSMASQ'; Debian: dnsmasq-base)"
}
need_fakeserver()
{
    [ -x "$FAKESERVER" ] || skip "helper $FAKESERVER not built"
}

# --- assertions -------------------------------------------------------------
# A failed assertion is reported and counted; the test goes on so one run
# shows every difference, and exits 1 at the end.

fail()
{
    OD_FAILURES=$((OD_FAILURES + 1))
    echo "FAIL: $*" >&2
}

# assert_eq EXPECTED ACTUAL WHAT
assert_eq()
{
    OD_CHECKS=$((OD_CHECKS + 1))
    if [ "$1" != "$2" ]; then
        fail "$3"
        printf '  expected: %s\n  actual:   %s\n' "$1" "$2" >&2
        return 1
    fi
    echo "ok: $3" >&2
}

# assert_match ERE ACTUAL WHAT
assert_match()
{
    OD_CHECKS=$((OD_CHECKS + 1))
    if ! printf '%s' "$2" | grep -Eq -- "$1"; then
        fail "$3"
        printf '  expected to match: %s\n  actual:            %s\n' "$1" "$2" >&2
        return 1
    fi
    echo "ok: $3" >&2
}

# assert_cmp OP A B WHAT: integer comparison, OP one of -lt -le -eq -ge -gt -ne.
assert_cmp()
{
    OD_CHECKS=$((OD_CHECKS + 1))
    if ! [ "$2" "$1" "$3" ] 2>/dev/null; then
        fail "$4"
        printf '  expected: %s %s %s\n' "$2" "$1" "$3" >&2
        return 1
    fi
    echo "ok: $4 ($2 $1 $3)" >&2
}

# jqr FILTER [FILE]: jq -r on the last report (or FILE); prints "<jq error>"
# when the filter fails, so a comparison shows it.
jqr()
{
    jq -r "$1" "${2:-$OD_JSON}" 2>/dev/null || echo "<jq error: $1>"
}

# assert_jq FILTER EXPECTED [WHAT]: jq -r FILTER on the last report equals EXPECTED.
assert_jq()
{
    local what=${3:-$1}
    assert_eq "$2" "$(jqr "$1")" "$OD_RUN: $what" || od_dump_report
}

# Prints the last report once into the test log, after its first failed check.
od_dump_report()
{
    case " ${OD_DUMPED:-} " in *" $OD_JSON "*) return 0 ;; esac
    OD_DUMPED="${OD_DUMPED:-} $OD_JSON"
    {
        echo "---- $OD_RUN: origin-doctor --json ${OD_ARGS}"
        echo "---- exit $OD_RC, stderr:"
        cat "$OD_JSON.err"
        echo "---- stdout:"
        # DER abbreviated: the log is for reading.
        jq 'walk(if type == "object" and (.der | type) == "string"
                 then .der = "<\(.der | length) base64 characters>" else . end)' \
            "$OD_JSON" 2>/dev/null || cat "$OD_JSON"
        echo "----"
    } >&2
}

# --- running the tool --------------------------------------------------------

# run_od NAME ARGS...: runs origin-doctor --json ARGS under a limit (a hang
# fails the test instead of hanging it): OD_RUN_LIMIT seconds, 30 unless the
# test sets it (run_usage too).  Sets OD_RC, OD_JSON (the report),
# OD_RUN=NAME.  Checks that it neither timed out nor crashed and that stdout
# is a report of the expected schema.
run_od()
{
    OD_RUN=$1
    shift
    OD_JSON=$T/$OD_RUN.json
    OD_ARGS="$*"
    echo "+ [$OD_RUN] origin-doctor --json $*" >&2
    local wrap=()
    [ -n "${OD_TIME_V:-}" ] && wrap=(/usr/bin/time -v -o "$T/$OD_RUN.time")
    timeout -k 5 "${OD_RUN_LIMIT:-30}" "${wrap[@]}" "$ORIGIN_DOCTOR" --json "$@" >"$OD_JSON" 2>"$OD_JSON.err"
    OD_RC=$?
    OD_CHECKS=$((OD_CHECKS + 1))
    if [ "$OD_RC" -eq 124 ] || [ "$OD_RC" -eq 137 ]; then
        fail "$OD_RUN: origin-doctor did not finish within ${OD_RUN_LIMIT:-30} s"
        od_dump_report
        return 1
    fi
    if [ "$OD_RC" -ge 3 ]; then
        fail "$OD_RUN: origin-doctor exited $OD_RC (internal error or crash)"
        od_dump_report
        return 1
    fi
    # report/3 is report/2 plus the account, cert.revoked and tcp.cloudfront_only; report/2 is report/1 plus the distributions; report/1 is observation/1
    # plus the diagnosis; these tests read the parts all of them carry.
    if ! jq -e '.schema | test("^origin-doctor/(observation/1|report/[123])$")' "$OD_JSON" >/dev/null 2>&1; then
        fail "$OD_RUN: stdout is not an origin-doctor/report/3 (or an earlier) JSON report"
        od_dump_report
        return 1
    fi
    OD_REPORTS+=("$OD_JSON")
    echo "ok: $OD_RUN: finished, exit $OD_RC, report parses" >&2
}

# The sanitizer build (./configure --enable-sanitizers or --enable-fuzzing;
# tests/tests.am exports OD_SANITIZERS=yes) costs memory and time of its
# own: ASan's shadow memory, its quarantine of freed blocks and its
# redzones, and two to three times the CPU.  Measured on the hostile suite
# (2026-11-30): peak RSS 9-36 MiB plain, 26-103 MiB under ASan (quarantine
# 16 MiB, below), 2.5 to 3.5 times as much.  So RSS bounds are multiplied
# by OD_SAN_RSS (4) and wall-time bounds by OD_SAN_WALL (3) there; the
# plain build is held to the bound as written.
OD_SAN_RSS=4
OD_SAN_WALL=3
# ... and the bounded runs keep ASan's quarantine small (16 MiB): with the
# default 256 MiB, freed blocks stay resident and peak RSS measures how
# much was ever allocated, not how much was held.
OD_ASAN_BOUNDED=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16

# time_v_read FILE: sets RSS_KB (peak resident set, KiB) and WALL_MS (wall
# time, ms) from /usr/bin/time -v's report in FILE.
time_v_read()
{
    local wall
    RSS_KB=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$1")
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1")
    WALL_MS=$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%d", s * 1000 }')
}

# assert_bounds NAME WALL_S RSS_MIB: the run measured in $T/NAME.time took at
# most WALL_S seconds and at most RSS_MIB MiB of peak RSS (scaled for the
# sanitizer build, above).
assert_bounds()
{
    local name=$1 wall=$2 rss=$3
    if [ "${OD_SANITIZERS:-no}" = yes ]; then
        wall=$((wall * OD_SAN_WALL))
        rss=$((rss * OD_SAN_RSS))
    fi
    time_v_read "$T/$name.time"
    echo "$name: wall ${WALL_MS:-?} ms, peak RSS ${RSS_KB:-?} KiB (bounds $wall s, $rss MiB)" >&2
    assert_cmp -le "${WALL_MS:-999999999}" $((wall * 1000)) "$name: done within $wall s"
    assert_cmp -le "${RSS_KB:-999999999}" $((rss * 1024)) "$name: peak RSS at most $rss MiB"
}

# run_od_bounded NAME WALL_S RSS_MIB ARGS...: run_od under /usr/bin/time -v,
# then assert_bounds.  Needs /usr/bin/time (Debian: time).
run_od_bounded()
{
    local name=$1 wall=$2 rss=$3
    shift 3
    [ -x /usr/bin/time ] || skip "/usr/bin/time is not installed (Debian: time)"
    ASAN_OPTIONS=$OD_ASAN_BOUNDED OD_TIME_V=1 run_od "$name" "$@"
    assert_bounds "$name" "$wall" "$rss"
}

# assert_exit EXPECTED: the last run's exit status.
assert_exit()
{
    assert_eq "$1" "$OD_RC" "$OD_RUN: exit status" || od_dump_report
}

# run_usage NAME ARGS...: a run that must be refused as a usage/input error:
# exit 2 and exactly one line on stderr, starting "origin-doctor: ".
run_usage()
{
    local name=$1 out err before=$OD_FAILURES
    shift
    out=$T/$name.out
    err=$T/$name.err
    echo "+ [$name] origin-doctor $*" >&2
    timeout -k 5 "${OD_RUN_LIMIT:-30}" "$ORIGIN_DOCTOR" "$@" >"$out" 2>"$err"
    OD_RC=$?
    assert_eq 2 "$OD_RC" "$name: exit status"
    # "Exactly one line": one newline, and it ends the output.
    assert_eq "1 $(wc -c <"$err")" "$(wc -l <"$err") $(head -n 1 "$err" | wc -c)" \
        "$name: exactly one line on stderr (lines, bytes of the first line)"
    assert_match '^origin-doctor: ' "$(head -n 1 "$err")" "$name: stderr starts with 'origin-doctor: '"
    if [ "$OD_FAILURES" -gt "$before" ]; then
        echo "---- $name: stderr:" >&2
        cat "$err" >&2
        echo "---- $name: stdout (first 10 lines):" >&2
        head -n 10 "$out" >&2
        echo "----" >&2
    fi
}

# --- waiting for readiness ----------------------------------------------------

# wait_for FILE ERE PID SECONDS: polls (bounded) until FILE has a line matching
# ERE.  Returns 0 when found, 1 when PID died first, 2 on timeout.
wait_for()
{
    local file=$1 re=$2 pid=$3 n=$(($4 * 50))
    while [ "$n" -gt 0 ]; do
        grep -Eq -- "$re" "$file" 2>/dev/null && return 0
        kill -0 "$pid" 2>/dev/null || {
            grep -Eq -- "$re" "$file" 2>/dev/null && return 0
            return 1
        }
        sleep 0.02
        n=$((n - 1))
    done
    return 2
}

od_track() { OD_PIDS="$OD_PIDS $1"; }

# stop PID: stops one server the test started (e.g. to free its address).
stop()
{
    local pid=$1 i rest=""
    kill -TERM "$pid" 2>/dev/null
    for i in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.02
    done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    for i in $OD_PIDS; do
        [ "$i" = "$pid" ] || rest="$rest $i"
    done
    OD_PIDS=$rest
}

# --- PKI ----------------------------------------------------------------------
# Made once per test in $T/pki: root CA "OD Test Root", intermediate "OD Test
# Int1" signed by root, "OD Test Int2" signed by int1 (all EC P-256, fast);
# leaves signed by int2 with pki_leaf.

# pki_init: makes the CA hierarchy (once per test).
pki_init()
{
    need_openssl
    PKI=$T/pki
    [ -f "$PKI/int2.pem" ] && return 0
    mkdir -p "$PKI"
    cat >"$PKI/openssl.cnf" <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = $ENV::OD_SAN
[self_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
subjectAltName = $ENV::OD_SAN
EOF
    pki_req root ec "OD Test Root" ca_ext "" &&
        pki_req int1 ec "OD Test Int1" ca_ext root &&
        pki_req int2 ec "OD Test Int2" ca_ext int1 ||
        hard_error "cannot make the test PKI with $OPENSSL (see above)"
}

# pki_req NAME rsa|ec|ec384 CN EXTENSIONS ISSUER: one key and certificate in
# $PKI/NAME.{key,pem}; ISSUER "" means self-signed.
pki_req()
{
    local name=$1 type=$2 cn=$3 ext=$4 issuer=$5
    local -a key sign=()
    case $type in
    rsa) key=(-newkey rsa:2048) ;;
    ec) key=(-newkey ec -pkeyopt ec_paramgen_curve:P-256) ;;
    ec384) key=(-newkey ec -pkeyopt ec_paramgen_curve:P-384) ;;
    *) hard_error "pki_req: unknown key type $type" ;;
    esac
    [ -n "$issuer" ] && sign=(-CA "$PKI/$issuer.pem" -CAkey "$PKI/$issuer.key")
    OD_SAN=${OD_SAN:-DNS:$cn} "$OPENSSL" req -config "$PKI/openssl.cnf" -x509 "${key[@]}" -nodes \
        -keyout "$PKI/$name.key" -out "$PKI/$name.pem" -subj "/CN=$cn" -days 30 \
        -extensions "$ext" "${sign[@]}" 2>"$PKI/$name.log" || {
        cat "$PKI/$name.log" >&2
        return 1
    }
}

# pki_leaf NAME rsa|ec|ec384 CN [SAN...]: a leaf signed by int2 (or by
# $OD_ISSUER: root, int1), for DNS names CN and SAN... ($PKI/NAME.pem,
# $PKI/NAME.key).
pki_leaf()
{
    local name=$1 type=$2 cn=$3 san="" n
    shift 3
    pki_init
    for n in "$cn" "$@"; do san="${san:+$san,}DNS:$n"; done
    OD_SAN=$san pki_req "$name" "$type" "$cn" leaf_ext "${OD_ISSUER:-int2}" || hard_error "cannot make leaf $name"
}

# pki_selfsigned NAME rsa|ec CN: a self-signed leaf.
pki_selfsigned()
{
    pki_init
    OD_SAN="DNS:$3" pki_req "$1" "$2" "$3" self_ext "" || hard_error "cannot make self-signed $1"
}

# pki_cat OUT NAME...: concatenates $PKI/NAME.pem into $PKI/OUT.pem (a chain
# file in exactly that order).
pki_cat()
{
    local out=$1 n
    shift
    : >"$PKI/$out.pem"
    for n in "$@"; do cat "$PKI/$n.pem" >>"$PKI/$out.pem"; done
}

# cert_sha256 NAME: SHA-256 of the DER of $PKI/NAME.pem, lower-case hex.
cert_sha256()
{
    "$OPENSSL" x509 -in "$PKI/$1.pem" -outform DER | sha256sum | cut -d' ' -f1
}

# cert_subject NAME: subject of $PKI/NAME.pem in RFC 4514 form ("CN=www.test").
cert_subject()
{
    "$OPENSSL" x509 -in "$PKI/$1.pem" -noout -subject -nameopt RFC2253 | sed 's/^subject=//'
}

# --- servers ------------------------------------------------------------------

# hostport ADDR PORT: ADDR:PORT, with IPv6 addresses in brackets.
hostport()
{
    case $1 in
    *:*) echo "[$1]:$2" ;;
    *) echo "$1:$2" ;;
    esac
}

# start_tls_server NAME ADDR CERT KEY CHAIN [s_server option...]
# Starts openssl s_server on ADDR, port chosen by the kernel.  CERT, KEY and
# CHAIN are names in $PKI (CHAIN "" for none); the chain is sent in the order
# of the file.  Extra options go to s_server (-tls1, -tls1_3, -cipher ...,
# -ciphersuites ..., -Verify 1; openssl 3 needs -cipher 'DEFAULT:@SECLEVEL=0'
# for TLS 1.0).  Runs in -www mode so it serves connection after connection
# without reading stdin.  Sets SRV_PORT and SRV_PID; log in $T/NAME.log.
# Skips the test when the server does not start.
start_tls_server()
{
    local name=$1 a=$2 cert=$3 key=$4 chain=$5 log rc
    local -a chainopt=()
    shift 5
    need_openssl
    [ -n "$chain" ] && chainopt=(-cert_chain "$PKI/$chain.pem")
    log=$T/$name.log
    "$OPENSSL" s_server -accept "$(hostport "$a" 0)" -cert "$PKI/$cert.pem" -key "$PKI/$key.key" \
        "${chainopt[@]}" -www "$@" </dev/null >"$log" 2>&1 &
    SRV_PID=$!
    od_track "$SRV_PID"
    wait_for "$log" '^ACCEPT ' "$SRV_PID" 10
    rc=$?
    if [ "$rc" -ne 0 ]; then
        cat "$log" >&2
        skip "openssl s_server '$name' on $a did not start ($([ $rc = 1 ] && echo exited || echo timeout))"
    fi
    SRV_PORT=$(sed -n 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$log" | head -n 1)
    [ -n "$SRV_PORT" ] || skip "cannot read the port of s_server '$name' from: $(head -n 3 "$log")"
    echo "started s_server $name on $(hostport "$a" "$SRV_PORT") (pid $SRV_PID)" >&2
}

# start_fake NAME MODE ADDR [PORT]: tests/helpers/fakeserver in MODE (http,
# hang, garbage, trickle).  Sets FAKE_PORT and FAKE_PID.  Without PORT the
# kernel chooses and a failure skips the test; with PORT a failure returns 1.
start_fake()
{
    local name=$1 mode=$2 a=$3 port=${4:-0} log
    need_fakeserver
    log=$T/$name.log
    "$FAKESERVER" "$mode" "$a" "$port" >"$log" 2>&1 &
    FAKE_PID=$!
    od_track "$FAKE_PID"
    if ! wait_for "$log" '^LISTEN [0-9]+$' "$FAKE_PID" 10; then
        cat "$log" >&2
        stop "$FAKE_PID"
        [ "$port" = 0 ] && skip "fakeserver $mode '$name' on $a did not start"
        return 1
    fi
    FAKE_PORT=$(sed -n 's/^LISTEN \([0-9][0-9]*\)$/\1/p' "$log")
    echo "started fakeserver $mode $name on $(hostport "$a" "$FAKE_PORT") (pid $FAKE_PID)" >&2
}

# refusing_port ADDR: sets REFUSED_PORT to a port on ADDR where nothing
# listens (a connect is refused): the kernel picks one for a fakeserver, which
# is then stopped, and the refusal is checked.  ADDR must be the test's own.
refusing_port()
{
    local a=$1 i
    for i in 1 2 3 4 5; do
        start_fake "probe-port-$i" hang "$a"
        REFUSED_PORT=$FAKE_PORT
        stop "$FAKE_PID"
        (exec 3<>"/dev/tcp/$a/$REFUSED_PORT") 2>/dev/null || return 0
    done
    skip "cannot find a refusing port on $a"
}

# start_dnsmasq NAME ADDR OPTION...: dnsmasq on ADDR, a free UDP/TCP port,
# answering only from OPTION... (--host-record=, --cname=, --txt-record=,
# --address=...).  Names under .test that it does not know get NXDOMAIN
# (--local=/test/).  Sets DNS_PORT, DNS_PID, DNS_SERVER (ADDR:PORT, for
# --dns-server).  Skips the test when it cannot start.
start_dnsmasq()
{
    local name=$1 a=$2 log err try port rc user=()
    shift 2
    need_dnsmasq
    log=$T/$name.log
    err=$T/$name.err
    # As root dnsmasq would switch to "nobody"; stay who we are.
    [ "$(id -u)" = 0 ] && user=(--user=root --group=root)
    for try in $(seq 20); do
        port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        rm -f "$log" "$err"
        "$DNSMASQ" --keep-in-foreground --no-resolv --no-hosts --conf-file=/dev/null \
            -p "$port" --listen-address="$a" --bind-interfaces "${user[@]}" \
            --pid-file="$T/$name.pid" --log-facility="$log" --log-queries \
            --local=/test/ "$@" 2>"$err" &
        DNS_PID=$!
        od_track "$DNS_PID"
        wait_for "$log" 'started, version' "$DNS_PID" 10
        rc=$?
        if [ "$rc" -eq 0 ]; then
            DNS_PORT=$port
            DNS_SERVER=$(hostport "$a" "$port")
            echo "started dnsmasq $name on $DNS_SERVER (pid $DNS_PID)" >&2
            return 0
        fi
        stop "$DNS_PID"
        grep -q 'in use' "$err" 2>/dev/null || break
    done
    cat "$err" "$log" >&2 2>/dev/null
    skip "dnsmasq '$name' on $a did not start"
}

# --- report checks ------------------------------------------------------------

# assert_certs PATH NAME...: the certificates recorded at PATH (a jq path to a
# tls object, e.g. .origins[0].addresses[0].tls) are exactly $PKI/NAME.pem...
# in that order: count, index, SHA-256, subject, and the DER itself.
assert_certs()
{
    local p=$1 i=0 n
    shift
    assert_jq "$p.certificates_received" "$#" "certificates_received"
    assert_jq "$p.certificates | length" "$#" "certificates recorded"
    for n in "$@"; do
        assert_jq "$p.certificates[$i].index" "$i" "certificate $i: index"
        assert_jq "$p.certificates[$i].sha256 | ascii_downcase" "$(cert_sha256 "$n")" "certificate $i: sha256 of $n"
        assert_jq "$p.certificates[$i].subject" "$(cert_subject "$n")" "certificate $i: subject of $n"
        assert_eq "$(cert_sha256 "$n")" \
            "$(jqr "$p.certificates[$i].der" | base64 -d 2>/dev/null | sha256sum | cut -d' ' -f1)" \
            "$OD_RUN: certificate $i: der is the DER of $n" || od_dump_report
        i=$((i + 1))
    done
}

# --- findings (report/1), for the find_*.sh tests -----------------------------
# These read the diagnosis part of report/1: per origin, verdict,
# cloudfront_status and findings[] {id, severity, cloudfront_status, address}.
# OD_O is the jq path of the origin they read (default .origins[0]).

# The catalogue as the tests know it (src/findings.h; ids are a public
# contract): id -> "severity cloudfront_status" ("null" for no status).
declare -A OD_CATALOGUE=(
    [dns.nxdomain]="error 502" [dns.no_address]="error 502" [dns.failure]="error 502"
    [net.private_address]="warning 504" [tcp.refused]="error 502" [tcp.timeout]="error 504"
    [tcp.cloudfront_only]="error null"
    [tcp.unreachable]="error 502" [tls.not_tls]="error 502" [tls.protocol]="error 502"
    [tls.cipher]="error 502" [tls.client_cert]="error 502" [tls.handshake]="error 502"
    [tls.timeout]="error 504" [cert.name_mismatch]="error 502" [cert.cn_only]="warning null"
    [origin.elb_name]="error 502" [origin.aws_name]="error 502" [cert.expired]="error 502"
    [cert.not_yet_valid]="error 502" [cert.expiring]="warning null" [cert.self_signed]="error 502"
    [cert.untrusted]="error 502" [cert.key]="error 502" [chain.order]="error 502"
    [chain.incomplete]="error 502" [chain.expired]="error 502" [chain.root_included]="info null"
    [chain.extra]="warning null" [origin.inconsistent]="error 502"
    [tls.oversized]="error null" [chain.unchecked]="error null"
    [http.timeout]="error 504" [http.closed]="error 502" [http.malformed]="error 502"
    [http.origin_error]="warning null"
    [http.lb_default_action]="warning null"
    [chain.signer_not_ca]="error 502" [chain.name_constraints]="error 502" [chain.path_length]="error 502" [cert.purpose]="error 502" [cert.insecure_algorithm]="error 502" [cert.critical_extension]="error 502" [cert.rejected]="error 502" [cert.revoked]="error null" [cert.v1_ca]="error 502" [cert.leaf_ca]="warning null" [cert.serial]="warning null" [cert.san_syntax]="warning null" [cert.wildcard_public_suffix]="warning null" [cert.aia_malformed]="warning null" [cert.rsa_modulus]="warning null" [cert.weak_key]="error 502" [cert.ca_empty_subject]="warning null" [cert.rsa_1024]="warning null" [origin.not_connected]="info null"
)

# finding_sel ID [ADDRESS]: jq filter for the findings with that id (and that
# address: "null" for the whole origin, else the address text).
finding_sel()
{
    if [ $# -ge 2 ]; then
        if [ "$2" = null ]; then
            echo "${OD_O:-.origins[0]}.findings[] | select(.id == \"$1\" and .address == null)"
        else
            echo "${OD_O:-.origins[0]}.findings[] | select(.id == \"$1\" and .address == \"$2\")"
        fi
    else
        echo "${OD_O:-.origins[0]}.findings[] | select(.id == \"$1\")"
    fi
}

# assert_finding ID SEVERITY ADDRESS: exactly one finding ID for ADDRESS
# ("null": the whole origin), with SEVERITY, the catalogue's CloudFront status,
# a message, and no finding ID for any other address.
assert_finding()
{
    local id=$1 sev=$2 a=$3 def
    def=${OD_CATALOGUE[$id]:-}
    [ -n "$def" ] || hard_error "assert_finding: $id is not in the catalogue the tests know"
    assert_jq "[$(finding_sel "$id" "$a")] | length" 1 "one $id finding for address $a"
    assert_jq "[$(finding_sel "$id")] | length" 1 "no $id finding for another address"
    assert_jq "$(finding_sel "$id" "$a") | .severity" "$sev" "$id: severity"
    assert_eq "$sev" "${def% *}" "$id: severity $sev is the catalogue's"
    assert_jq "$(finding_sel "$id" "$a") | .cloudfront_status" "${def#* }" "$id: the catalogue's CloudFront status"
    assert_jq "$(finding_sel "$id" "$a") | .message | length > 0" true "$id: has a message"
}

# assert_no_finding ID: no finding ID at all.
assert_no_finding()
{
    assert_jq "[$(finding_sel "$1")] | length" 0 "no $1 finding"
}

# assert_finding_ids "ID ...": the set of finding ids is exactly these (any
# order, each listed once however many addresses carry it).
assert_finding_ids()
{
    local want
    want=$(printf '%s\n' $1 | sort -u | paste -sd' ')
    assert_jq "[${OD_O:-.origins[0]}.findings[].id] | unique | join(\" \")" "$want" "finding ids are exactly: $want"
}

# assert_verdict ok|fail|unknown STATUS EXIT: the origin's verdict, its cloudfront_status
# (502, 504 or null), the report's verdict (one origin) and the exit status.
assert_verdict()
{
    assert_jq "${OD_O:-.origins[0]}.verdict" "$1" "verdict"
    assert_jq "${OD_O:-.origins[0]}.cloudfront_status" "$2" "cloudfront_status"
    assert_exit "$3"
}

# assert_message_match ID ERE: the message of finding ID matches ERE.
assert_message_match()
{
    assert_match "$2" "$(jqr "[$(finding_sel "$1")][0].message")" "$OD_RUN: $1 message matches $2" || od_dump_report
}

# --- certificates with chosen dates and key types (openssl ca) ---------------

# od_date DAYS: now + DAYS (may be negative) as openssl ca wants it
# (YYYYMMDDHHMMSSZ, UTC).
od_date()
{
    date -u -d "@$(($(date +%s) + $1 * 86400))" +%Y%m%d%H%M%SZ
}

# pki_ca_init: the openssl ca database and configuration (once per test);
# the extension sections are those of $PKI/openssl.cnf, and leaf_nosan_ext
# (a leaf without subjectAltName: its names are only in the CN).
pki_ca_init()
{
    pki_init
    [ -f "$PKI/ca.cnf" ] && return 0
    mkdir -p "$PKI/ca"
    : >"$PKI/ca/index.txt"
    echo 1000 >"$PKI/ca/serial"
    {
        cat "$PKI/openssl.cnf"
        cat <<EOF2
[ca]
default_ca = od_ca
[od_ca]
dir = $PKI/ca
database = $PKI/ca/index.txt
new_certs_dir = $PKI/ca
serial = $PKI/ca/serial
default_md = sha256
policy = od_policy
unique_subject = no
copy_extensions = none
email_in_dn = no
preserve = yes
[od_policy]
commonName = optional
[leaf_nosan_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF2
    } >"$PKI/ca.cnf"
}

# pki_dated NAME KEYTYPE SUBJECT EXTENSIONS ISSUER START END [SAN...]
# A certificate with exactly these dates (od_date form), made with openssl ca:
# $PKI/NAME.{key,pem}.  KEYTYPE: rsa, rsa4096, ec, ec384, ec521, ed25519,
# rsapss (an RSA-PSS key).  SUBJECT in openssl form ("/CN=x").  EXTENSIONS: a
# section of openssl.cnf (leaf_ext, ca_ext, self_ext) or leaf_nosan_ext.  ISSUER "" means
# self-signed.  SAN... are DNS names (default: $OD_SAN, else the CN).
# $OD_SIGOPT: space-separated -sigopt values ("rsa_padding_mode:pss
# rsa_pss_saltlen:32"; GnuTLS rejects openssl's default maximal PSS salt).
pki_dated()
{
    local name=$1 type=$2 subj=$3 ext=$4 issuer=$5 start=$6 end=$7 san="" n cn
    local -a key sign sigopt=()
    shift 7
    pki_ca_init
    case $type in
    rsa) key=(-newkey rsa:2048) ;;
    rsa4096) key=(-newkey rsa:4096) ;;
    rsapss) key=(-newkey rsa-pss -pkeyopt rsa_keygen_bits:2048) ;;
    ec) key=(-newkey ec -pkeyopt ec_paramgen_curve:P-256) ;;
    ec384) key=(-newkey ec -pkeyopt ec_paramgen_curve:P-384) ;;
    ec521) key=(-newkey ec -pkeyopt ec_paramgen_curve:P-521) ;;
    ed25519) key=(-newkey ed25519) ;;
    *) hard_error "pki_dated: unknown key type $type" ;;
    esac
    for n in "$@"; do san="${san:+$san,}DNS:$n"; done
    if [ -z "$san" ]; then
        cn=${subj##*/CN=}
        san=${OD_SAN:-DNS:$cn}
    fi
    if [ -n "$issuer" ]; then
        sign=(-cert "$PKI/$issuer.pem" -keyfile "$PKI/$issuer.key")
    else
        sign=(-selfsign -keyfile "$PKI/$name.key")
    fi
    for n in ${OD_SIGOPT:-}; do sigopt+=(-sigopt "$n"); done
    OD_SAN=$san "$OPENSSL" req -config "$PKI/ca.cnf" -new "${key[@]}" -nodes -keyout "$PKI/$name.key" \
        -out "$PKI/$name.csr" -subj "$subj" -utf8 2>"$PKI/$name.log" &&
        OD_SAN=$san "$OPENSSL" ca -batch -config "$PKI/ca.cnf" -notext -utf8 -preserveDN \
            "${sign[@]}" "${sigopt[@]}" -in "$PKI/$name.csr" -out "$PKI/$name.pem" \
            -startdate "$start" -enddate "$end" -extensions "$ext" >>"$PKI/$name.log" 2>&1 || {
        cat "$PKI/$name.log" >&2
        hard_error "cannot make certificate $name with openssl ca"
    }
}

# pki_leaf_y NAME KEYTYPE CN [SAN...]: a leaf valid from yesterday for a year
# (far from the 30-day "expiring" line, whatever the clock does during the
# test), signed by int2 or by $OD_ISSUER.
pki_leaf_y()
{
    local name=$1 type=$2 cn=$3
    shift 3
    pki_dated "$name" "$type" "/CN=$cn" leaf_ext "${OD_ISSUER:-int2}" "$(od_date -1)" "$(od_date 365)" \
        "$cn" "$@"
}

# start_tls_server_at NAME ADDR PORT CERT KEY CHAIN [s_server option...]: as
# start_tls_server on a given PORT (e.g. a second address of one origin on
# the port of the first).  Returns 1 (server stopped) when it does not start.
start_tls_server_at()
{
    local name=$1 a=$2 port=$3 cert=$4 key=$5 chain=$6 log
    local -a chainopt=()
    shift 6
    need_openssl
    [ -n "$chain" ] && chainopt=(-cert_chain "$PKI/$chain.pem")
    log=$T/$name.log
    "$OPENSSL" s_server -accept "$(hostport "$a" "$port")" -cert "$PKI/$cert.pem" -key "$PKI/$key.key" \
        "${chainopt[@]}" -www "$@" </dev/null >"$log" 2>&1 &
    SRV_PID=$!
    od_track "$SRV_PID"
    # With a given port s_server prints a bare "ACCEPT".
    if ! wait_for "$log" '^ACCEPT' "$SRV_PID" 10; then
        cat "$log" >&2
        stop "$SRV_PID"
        return 1
    fi
    SRV_PORT=$port
    echo "started s_server $name on $(hostport "$a" "$port") (pid $SRV_PID)" >&2
}

# run_batch NAME ARGS...: origin-doctor --batch ARGS (the text report) under
# the same 30 s limit; the output in $T/NAME.txt, the status in OD_RC.
run_batch()
{
    OD_RUN=$1
    shift
    echo "+ [$OD_RUN] origin-doctor --batch $*" >&2
    timeout -k 5 "${OD_RUN_LIMIT:-30}" "$ORIGIN_DOCTOR" --batch "$@" >"$T/$OD_RUN.txt" 2>"$T/$OD_RUN.txt.err"
    OD_RC=$?
    assert_cmp -lt "$OD_RC" 3 "$OD_RUN: --batch finished without an internal error or a crash"
}

# pki_mangle_sigalg NAME OUT: $PKI/OUT.pem is $PKI/NAME.pem (ECDSA-SHA256)
# with its outer signatureAlgorithm changed to ecdsa-with-SHA384, so that it
# no longer equals the one inside tbsCertificate.  OpenSSL still loads it (and
# s_server sends it); GnuTLS refuses to parse it: a malformed certificate on
# the wire.  The key is copied to $PKI/OUT.key.
pki_mangle_sigalg()
{
    local der=$PKI/$2.der line off hl len
    "$OPENSSL" x509 -in "$PKI/$1.pem" -outform DER -out "$der" || hard_error "pki_mangle_sigalg: cannot read $1"
    # The OBJECT right after the second depth-1 element (signatureAlgorithm).
    line=$("$OPENSSL" asn1parse -inform DER -in "$der" |
        awk '/d=1 / { n++; next } n == 2 && /d=2 .*OBJECT/ { print; exit }')
    case $line in
    *":ecdsa-with-SHA256"*) ;;
    *) hard_error "pki_mangle_sigalg: $1 is not signed with ecdsa-with-SHA256 ($line)" ;;
    esac
    off=$(echo "$line" | sed 's/^ *\([0-9]*\):.*/\1/')
    hl=$(echo "$line" | sed 's/.*hl= *\([0-9]*\).*/\1/')
    len=$(echo "$line" | sed 's/.* l= *\([0-9]*\).*/\1/')
    # The OID's last byte: 2 (SHA256) becomes 3 (SHA384).
    printf '\003' | dd of="$der" bs=1 seek=$((off + hl + len - 1)) conv=notrunc status=none ||
        hard_error "pki_mangle_sigalg: cannot patch $der"
    "$OPENSSL" x509 -inform DER -in "$der" -out "$PKI/$2.pem" || hard_error "pki_mangle_sigalg: openssl cannot read the result"
    [ -f "$PKI/$1.key" ] && cp "$PKI/$1.key" "$PKI/$2.key"
    return 0
}

# --- TLS origins that answer CloudFront's request in a chosen way ------------

HTTPORIGIN=$top_srcdir/tests/helpers/httporigin.py

# start_http_origin NAME MODE ADDR CERTFILE KEYFILE: tests/helpers/httporigin.py
# (a TLS server, Python standard library only) in MODE (silent, close,
# garbage, 503, 200, bighead, endless, control, cf502).  CERTFILE holds the
# leaf and its chain in order.  Sets ORIGIN_PORT and ORIGIN_PID; its log
# (the request lines and headers it read) is $T/NAME.log.
start_http_origin()
{
    local name=$1 mode=$2 a=$3 cert=$4 key=$5 log
    log=$T/$name.log
    "$OD_PYTHON" "$HTTPORIGIN" "$mode" "$a" "$cert" "$key" >"$log" 2>&1 &
    ORIGIN_PID=$!
    od_track "$ORIGIN_PID"
    if ! wait_for "$log" '^LISTEN [0-9]+$' "$ORIGIN_PID" 10; then
        cat "$log" >&2
        hard_error "httporigin $mode '$name' on $a did not start"
    fi
    ORIGIN_PORT=$(sed -n 's/^LISTEN \([0-9][0-9]*\)$/\1/p' "$log")
    echo "started httporigin $mode $name on $(hostport "$a" "$ORIGIN_PORT") (pid $ORIGIN_PID)" >&2
}

# now_ms: the monotonic-enough wall clock in milliseconds, for bounds on how
# long a run took (measured, never slept).
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# aws_test_env: only the test's own AWS settings (no AWS_* from the caller,
# config and credentials files inside $T, dummy keys, no instance metadata).
aws_test_env()
{
    local v
    for v in $(env | sed -n 's/^\(AWS_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
    export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
    export AWS_CONFIG_FILE=$T/aws-config AWS_SHARED_CREDENTIALS_FILE=$T/aws-credentials
    export AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true
    : >"$AWS_CONFIG_FILE"
    : >"$AWS_SHARED_CREDENTIALS_FILE"
}

# start_moto NAME ADDR [ENV=VALUE...]: moto_server (the local AWS API
# emulator) on ADDR, port chosen by the kernel, with ENV set for it (e.g.
# INITIAL_NO_AUTH_ACTION_COUNT=3 to enforce IAM after three requests); skips
# when the aws CLI or moto_server is missing.  Sets AWS (the CLI), MOTO (the
# server program), MOTO_EP (its URL) and MOTO_PID; log in $T/NAME.log.
start_moto()
{
    local name=$1 a=$2
    shift 2
    AWS=$(command -v aws) || skip "the AWS CLI (aws) is not installed (Debian: awscli)"
    MOTO=$(pyenv which moto_server 2>/dev/null || command -v moto_server) ||
        skip "moto_server is not installed (pip install 'moto[server]')"
    env "$@" "$MOTO" -H "$a" -p 0 >"$T/$name.log" 2>&1 &
    MOTO_PID=$!
    od_track "$MOTO_PID"
    wait_for "$T/$name.log" 'Running on http://' "$MOTO_PID" 30 || {
        cat "$T/$name.log" >&2
        hard_error "moto_server did not start"
    }
    MOTO_EP=$(sed -n 's|.*Running on \(http://[0-9.]*:[0-9]*\).*|\1|p' "$T/$name.log" | head -n 1)
    echo "started moto_server $name at $MOTO_EP (pid $MOTO_PID)" >&2
}

# dist_config_one_origin FILE REF ALIAS ID DOMAIN PORT [READ ATTEMPTS CONNECT]:
# writes FILE, a DistributionConfig for aws cloudfront create-distribution
# (CallerReference REF, enabled, the one alias ALIAS) with one custom origin
# ID at DOMAIN, https-only to HTTPS port PORT with TLSv1.2, which the default
# behaviour reaches (redirect-to-https, legacy ForwardedValues: Host is not
# forwarded).  The origin's read timeout, connection attempts and connection
# timeout are READ, ATTEMPTS and CONNECT: CloudFront's defaults (30, 3, 10)
# unless given; keep-alive 5.
dist_config_one_origin()
{
    local file=$1 ref=$2 alias=$3 id=$4 domain=$5 port=$6
    local read=${7:-30} attempts=${8:-3} connect=${9:-10}
    jq -n --arg r "$ref" --arg a "$alias" --arg id "$id" --arg d "$domain" --argjson p "$port" \
        --argjson rt "$read" --argjson ca "$attempts" --argjson ct "$connect" \
        '{CallerReference: $r, Comment: "", Enabled: true,
          Aliases: {Quantity: 1, Items: [$a]},
          Origins: {Quantity: 1, Items: [
            {Id: $id, DomainName: $d, OriginPath: "", CustomHeaders: {Quantity: 0},
             CustomOriginConfig: {HTTPPort: 80, HTTPSPort: $p, OriginProtocolPolicy: "https-only",
               OriginSslProtocols: {Quantity: 1, Items: ["TLSv1.2"]},
               OriginReadTimeout: $rt, OriginKeepaliveTimeout: 5},
             ConnectionAttempts: $ca, ConnectionTimeout: $ct}]},
          DefaultCacheBehavior: {TargetOriginId: $id, ViewerProtocolPolicy: "redirect-to-https",
            ForwardedValues: {QueryString: false, Cookies: {Forward: "none"}}, MinTTL: 0}}' \
        >"$file" || hard_error "dist_config_one_origin: cannot write $file"
}
