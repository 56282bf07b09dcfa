#!/bin/bash
# --all-distributions reads the distributions with the real AWS CLI from a
# local AWS API emulator (moto_server), several get-distribution at once on
# origin-doctor's own loop (DISTRUN_PARALLEL, 8): more distributions than
# that are read, the CLI processes overlap but never more than 8 run at
# once, and the report is the one the same configurations give when read
# one by one from saved get-distribution files: the same distributions in
# list-distributions' order, the same origins, behaviours and verdicts.
# (moto's summaries carry no configuration, so every distribution needs
# get-distribution here; building from AWS's full summaries is
# tests/unit/test-distrun.)  An `aws` on PATH in front of the real one
# records when each CLI process starts and ends.
. "${0%/*}/lib.sh"
od_init 151
# list-distributions, then 10 get-distribution, 8 at a time, each bounded by
# origin-doctor's 60 s (AWSCLI_DEFAULT_TIMEOUT_MS): two rounds and a margin.
OD_RUN_LIMIT=150
need_openssl
aws_test_env
start_moto moto "$(addr 1)"
EP=$MOTO_EP

pki_leaf_y site ec origin.example.com
pki_cat chain int2 int1
start_tls_server origin "$(addr 2)" site site chain
P=$SRV_PORT
ELB=my-alb-123.ap-northeast-1.elb.amazonaws.com
N=10

# Distribution I: origin.example.com (passes) for even I, the load
# balancer's name (the article's 502) for odd I; alias dI.example.com.
for i in $(seq 1 $N); do
    dom=origin.example.com
    [ $((i % 2)) -eq 1 ] && dom=$ELB
    dist_config_one_origin "$T/create-$i.json" "ref$i" "d$i.example.com" web "$dom" "$P"
    "$AWS" --endpoint-url "$EP" cloudfront create-distribution \
        --distribution-config "file://$T/create-$i.json" --output json >"$T/created-$i.json" ||
        hard_error "cannot create distribution $i in the emulator"
done
"$AWS" --endpoint-url "$EP" cloudfront list-distributions --output json >"$T/list.json" ||
    hard_error "list-distributions failed"
LISTED=$(jq -r '[.DistributionList.Items[].Id] | join(" ")' "$T/list.json")
[ "$(echo "$LISTED" | wc -w)" -eq $N ] || hard_error "the emulator lists $(echo "$LISTED" | wc -w) distributions, not $N"

# The recording aws: start and end of each process, in nanoseconds.
mkdir -p "$T/bin"
cat >"$T/bin/aws" <<EOS
#!/bin/sh
echo "start \$\$ \$(date +%s%N) \$2" >>"$T/calls.log"
"$AWS" "\$@"
rc=\$?
echo "end \$\$ \$(date +%s%N)" >>"$T/calls.log"
exit \$rc
EOS
chmod +x "$T/bin/aws"

A=(--resolve "$ELB:$P:$(addr 2)" --resolve "origin.example.com:$P:$(addr 2)"
    --ca-file "$PKI/root.pem" --vpc-origin)

# --- every distribution, read several at once ----------------------------------
: >"$T/calls.log"
PATH=$T/bin:$PATH run_od all "${A[@]}" --aws-endpoint-url "$EP" --all-distributions
assert_exit 1
assert_jq '[.distributions[].id] | join(" ")' "$LISTED" "the distributions in list-distributions' order"
assert_jq '[.distributions[].verdict] | map(select(. == "fail")) | length' $((N / 2)) "half fail"
assert_jq '[.distributions[].verdict] | map(select(. == "ok")) | length' $((N / 2)) "half pass"
assert_eq 1 "$(grep -c ' list-distributions$' "$T/calls.log")" "one list-distributions (one page)"
assert_eq $N "$(grep -c ' get-distribution$' "$T/calls.log")" "one get-distribution per distribution"
# The most CLI processes running at the same time.
MAXRUN=$(sort -k3,3n "$T/calls.log" | awk '$1 == "start" {n++; if (n > m) m = n} $1 == "end" {n--} END {print m}')
echo "at most $MAXRUN aws processes at once" >&2
assert_cmp -gt "$MAXRUN" 1 "the get-distribution calls overlap (read concurrently)"
assert_cmp -le "$MAXRUN" 8 "never more than DISTRUN_PARALLEL (8) at once"

# --- the same configurations, saved and read one by one ------------------------
FILES=()
for id in $LISTED; do
    "$AWS" --endpoint-url "$EP" cloudfront get-distribution --id "$id" --output json >"$T/get-$id.json" ||
        hard_error "get-distribution $id failed"
    FILES+=(--distribution-config "$T/get-$id.json")
done
run_od files "${A[@]}" --no-aws "${FILES[@]}"
assert_exit 1
# What the report says about each distribution and origin, without where
# it was read from and without timings.
shape='{d: [.distributions[] | del(.source)],
        o: [.origins[] | {distribution_id, origin_id, behaviors, host_header, verdict, settings,
                          cloudfront_status, findings: [.findings[].id]}]}'
jq -S "$shape" "$T/all.json" >"$T/all.shape"
jq -S "$shape" "$T/files.json" >"$T/files.shape"
OD_CHECKS=$((OD_CHECKS + 1))
if cmp -s "$T/all.shape" "$T/files.shape"; then
    echo "ok: the concurrent read gives the report of the files read one by one" >&2
else
    fail "the concurrent read's report differs from the files':"
    diff "$T/files.shape" "$T/all.shape" | head -40 >&2
fi
assert_jq '.distributions | length' $N "every distribution in the report"

