#!/bin/bash
# The Origin step reads a distribution with the real AWS CLI on the
# wizard's own loop, never blocking the screen: pointed (--aws-endpoint-url)
# at a loopback TCP server that accepts and never answers (fakeserver hang),
# the form shows the read's progress ("... (get-distribution): 3.1 s of 60
# s"), which keeps counting; Esc cancels with a clear message, the aws
# process is killed and reaped (its PID is gone, its connection closed); q
# quits at once while the CLI waits.  Against moto_server (the real CLI,
# a local AWS API emulator) the answer fills the origin list; a saved file
# naming a custom origin request policy has the policy asked of the CLI the
# same way (moto has none: the note says so, and both Host names are
# probed).
. "${0%/*}/lib.sh"
# assert_aws_gone WHEN FAILED GONE: the aws process seen (AWS_PID) no longer
# exists; a check.
assert_aws_gone()
{
    OD_CHECKS=$((OD_CHECKS + 1))
    if [ -z "$AWS_PID" ]; then
        fail "$1: no aws process was seen, so none can be seen gone"
    elif kill -0 "$AWS_PID" 2>/dev/null; then
        fail "$1: the aws process $AWS_PID $2"
    else
        echo "ok: the aws process $AWS_PID $3" >&2
    fi
}

tui_init 154
need_openssl
aws_test_env

# The aws process connected to ADDR:PORT (ESTABLISHED, client side), or
# nothing.
aws_pid_on()
{
    ss -Htnp state established "dst $1:$2" 2>/dev/null |
        sed -n 's/.*pid=\([0-9][0-9]*\).*/\1/p' | head -n 1
}
# The seconds the progress line shows.
progress_s()
{
    tui_screen | tr -d '\n' | sed -n 's/.*(get-distribution): *\([0-9][0-9]*\.[0-9]\) s of 60 s.*/\1/p'
}
# Waits (bounded, SECONDS) until the progress shows more than S seconds.
progress_past()
{
    local s=$1 n=$(($2 * 10)) now
    while [ "$n" -gt 0 ]; do
        now=$(progress_s)
        [ -n "$now" ] && awk -v a="$now" -v b="$s" 'BEGIN {exit !(a > b)}' && return 0
        sleep 0.1
        n=$((n - 1))
    done
    return 1
}
# Types ID into the distribution field and presses the button.
read_dist()
{
    tui_keys End Down Left
    tui_wait "< A distribution >" 3 "Start from: a distribution"
    tui_keys Home Enter
    tui_keys -l "$1"
    tui_keys Enter End Enter
}

start_fake hang hang "$(addr 1)"
HANG=http://$(addr 1):$FAKE_PORT

# --- an endpoint that never answers: progress, then Esc -------------------------
tui_start esc 120 30 LC_ALL=C.UTF-8 -- --aws-endpoint-url "$HANG"
tui_wait "Origin Domain Name" 5 "the empty form"
read_dist E2HANGING0001
tui_wait "Reading distribution E2HANGING0001 with the AWS CLI (get-distribution):" 10 \
    "the read's progress is shown while the CLI runs"
tui_has "Esc cancel" "the footer says Esc cancels"
S1=$(progress_s)
OD_CHECKS=$((OD_CHECKS + 1))
[ -n "$S1" ] || fail "esc: no 'N.N s of 60 s' in the progress line"
progress_past "${S1:-0}" 10
tui_report $? "the progress line keeps counting (past $S1 s of 60 s): the screen is live"
# The CLI is connected to the silent server, waiting.
AWS_PID=""
for i in $(seq 100); do
    AWS_PID=$(aws_pid_on "$(addr 1)" "$FAKE_PORT")
    [ -n "$AWS_PID" ] && break
    sleep 0.1
done
OD_CHECKS=$((OD_CHECKS + 1))
if [ -n "$AWS_PID" ]; then
    echo "ok: the aws process (pid $AWS_PID) waits on the silent endpoint" >&2
else
    fail "esc: no aws process connected to $HANG"
fi
tui_keys Escape
tui_wait "Cancelled: distribution E2HANGING0001 was not read (the AWS CLI was stopped)" 5 \
    "Esc cancels the read with a clear message"
tui_gone "Reading distribution" 3 "the progress line is gone"
assert_aws_gone esc "is still there after Esc (killed and reaped?)" "is gone: killed and reaped"
assert_eq "" "$(aws_pid_on "$(addr 1)" "$FAKE_PORT")" "no aws process is connected any more"
tui_keys q
tui_wait_exit 10

# --- q while the CLI waits: the wizard ends at once -------------------------------
tui_start quit 120 30 LC_ALL=C.UTF-8 -- --aws-endpoint-url "$HANG"
tui_wait "Origin Domain Name" 5 "the empty form"
read_dist E2HANGING0002
tui_wait "Reading distribution E2HANGING0002" 10 "the read runs"
AWS_PID=""
for i in $(seq 100); do
    AWS_PID=$(aws_pid_on "$(addr 1)" "$FAKE_PORT")
    [ -n "$AWS_PID" ] && break
    sleep 0.1
done
T0=$(now_ms)
tui_keys q
# Well below the CLI's 60 s: the wizard does not wait for it.
tui_wait_exit 10
echo "q ended the wizard in $(($(now_ms) - T0)) ms" >&2
assert_aws_gone quit "outlived the wizard" "is gone with the wizard"

# --- moto: the answer fills the origin list ---------------------------------------
start_moto moto "$(addr 3)"
pki_leaf_y site ec origin.example.com
pki_cat chain int2 int1
start_tls_server origin "$(addr 2)" site site chain
P=$SRV_PORT
dist_config_one_origin "$T/create.json" tui www.example.com web origin.example.com "$P"
"$AWS" --endpoint-url "$MOTO_EP" cloudfront create-distribution \
    --distribution-config "file://$T/create.json" --output json >"$T/created.json" ||
    hard_error "cannot create the distribution in the emulator"
ID=$(jq -r .Distribution.Id "$T/created.json")

tui_start moto 120 30 LC_ALL=C.UTF-8 -- --aws-endpoint-url "$MOTO_EP" --ca-file "$PKI/root.pem" \
    --resolve "origin.example.com:$P:$(addr 2)" --no-http
tui_wait "Origin Domain Name" 5 "the empty form"
read_dist "$ID"
# The Python CLI takes seconds on a loaded machine; its own bound is 60 s.
tui_wait "Origins (1): choose the one to walk through" 70 "the CLI's answer fills the origin list"
tui_has "Distribution $ID" "the distribution read is named"
tui_has "web, for default (*)" "its origin and the behaviour that reaches it"
tui_has "origin.example.com:$P" "the origin's name and port"
tui_wait "every origin passes" 15 "and it is probed"
tui_lacks "Reading distribution" "no progress line once read"
tui_keys q
tui_wait_exit 10
assert_eq 0 "$TUI_STATUS" "a passing distribution: exit 0"

# --- a saved file with a custom origin request policy: read with the CLI too -----
"$AWS" --endpoint-url "$MOTO_EP" cloudfront get-distribution --id "$ID" --output json |
    jq '.Distribution.DistributionConfig.DefaultCacheBehavior.OriginRequestPolicyId =
        "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"' >"$T/saved.json" ||
    hard_error "cannot save the distribution"
tui_start saved 120 30 LC_ALL=C.UTF-8 -- --aws-endpoint-url "$MOTO_EP" --ca-file "$PKI/root.pem" \
    --resolve "origin.example.com:$P:$(addr 2)" --resolve "www.example.com:$P:$(addr 2)" --no-http
tui_wait "Origin Domain Name" 5 "the empty form"
read_dist "$T/saved.json"
tui_wait "origin request policy aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee could not be read" 70 \
    "the file's custom policy was asked of the CLI (moto has none: a note)"
tui_lacks "could not be read (--no-aws)" "not the --no-aws note: the CLI answered"
tui_has "Origins (2): choose the one to walk through" "Host unknown: both names probed"
tui_keys q
tui_wait_exit 10
