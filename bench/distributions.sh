#!/bin/bash
# bench/distributions.sh: reading the account's distributions against giving
# the same origins on the command line (issue 8).
#
# Makes BENCH_DISTS (200) distributions of BENCH_DIST_ORIGINS (5) custom
# origins each (1,000 origins) in a local AWS API emulator (moto_server, on
# 127.0.0.1, stopped by PID), served by BENCH_SERVERS (4) openssl s_server
# with the ECDSA chain; every origin name dI-oJ.bench.test is mapped to one
# of them with --resolve.  Then, paired and interleaved (BENCH_RSS_RUNS
# rounds, default 3):
#
#   all   origin-doctor --batch --all-distributions --aws-endpoint-url=EP ...
#         (the AWS CLI lists the distributions and reads each one)
#   cli   origin-doctor --batch dI-oJ.bench.test:PORT ... (the 1,000 origins)
#
# and reports wall time, CPU (user+sys, the aws processes included for
# "all": GNU time counts the children a process waited for) and peak RSS.
# Peak RSS is given two ways: GNU time's figure is the largest of the
# process and every child it waited for (for "all", the aws CLI's Python);
# origin-doctor's own is its VmHWM in /proc, read every 20 ms while it runs
# (the high-water mark never falls, so the last read is its peak, short of
# what the last 20 ms added).
#
# Before timing, each command's --json report is checked: 1,000 origins,
# all passing; for "all", 200 distributions, each "ok".
#
# Run from the top of the tree after `make -j2`:
#   bench/distributions.sh                    # about 5 minutes
# Needs aws (the CLI), moto_server (`pyenv which moto_server`) and boto3 in
# moto's Python (it creates the distributions: one aws process each would
# take minutes).

. "${0%/*}/common.sh"
BENCH_RSS_RUNS=${BENCH_RSS_RUNS:-3}
bench_init distributions
RUNS=$RSS_RUNS
bench_versions | tee "$OUT/versions.txt" >&2

NDIST=${BENCH_DISTS:-200}
PER=${BENCH_DIST_ORIGINS:-5}
NSRV=${BENCH_SERVERS:-4}
KIND=${BENCH_KIND:-ecdsa}

AWS=$(command -v aws) || die "the AWS CLI (aws) is not installed (Debian: awscli)"
MOTO=$(pyenv which moto_server 2>/dev/null || command -v moto_server) ||
    die "moto_server is not installed (pip install 'moto[server]')"
PY=${MOTO%/*}/python
[ -x "$PY" ] || PY=python3
"$PY" -c 'import boto3' 2>/dev/null || die "boto3 is not importable by $PY"
note "$("$AWS" --version 2>&1 | head -n 1); $MOTO"

# Only the bench's own AWS settings: nothing of the user's is read.
for v in $(env | sed -n 's/^\(AWS_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=$W/aws-config AWS_SHARED_CREDENTIALS_FILE=$W/aws-credentials
export AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true
: >"$AWS_CONFIG_FILE"
: >"$AWS_SHARED_CREDENTIALS_FILE"

bench_pki
PORTS=()
for s in $(seq "$NSRV"); do
    bench_server "origin-$s" "$KIND"
    PORTS+=("$SRV_PORT")
done

# moto_server on a port the kernel picks; it prints the URL (at most 30 s).
"$MOTO" -H 127.0.0.1 -p 0 >"$W/moto.log" 2>&1 &
MOTO_PID=$!
BENCH_PIDS="$BENCH_PIDS $MOTO_PID"
EP=""
for i in $(seq 300); do
    EP=$(sed -n 's|.*Running on \(http://127\.0\.0\.1:[0-9]*\).*|\1|p' "$W/moto.log" | head -n 1)
    [ -n "$EP" ] && break
    kill -0 "$MOTO_PID" 2>/dev/null || break
    sleep 0.1
done
[ -n "$EP" ] || { cat "$W/moto.log" >&2; die "moto_server did not start"; }
note "moto_server at $EP (pid $MOTO_PID)"

# The distributions: origin J of distribution I is dI-oJ.bench.test on
# server ((I*PER + J) mod NSRV); origin 1 serves the default behaviour, the
# others /oJ/*.
"$PY" - "$EP" "$NDIST" "$PER" "${PORTS[@]}" >"$W/created.txt" <<'EOF' || die "cannot create the distributions"
import sys, boto3
ep, ndist, per, ports = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), [int(p) for p in sys.argv[4:]]
cf = boto3.client("cloudfront", endpoint_url=ep, region_name="us-east-1")
fwd = {"QueryString": False, "Cookies": {"Forward": "none"}}
for i in range(1, ndist + 1):
    origins, behaviors = [], []
    for j in range(1, per + 1):
        origins.append({
            "Id": f"o{j}", "DomainName": f"d{i}-o{j}.bench.test", "OriginPath": "",
            "CustomHeaders": {"Quantity": 0},
            "CustomOriginConfig": {
                "HTTPPort": 80, "HTTPSPort": ports[(i * per + j) % len(ports)],
                "OriginProtocolPolicy": "https-only",
                "OriginSslProtocols": {"Quantity": 1, "Items": ["TLSv1.2"]},
                "OriginReadTimeout": 30, "OriginKeepaliveTimeout": 5},
            "ConnectionAttempts": 3, "ConnectionTimeout": 10})
        if j > 1:
            behaviors.append({"PathPattern": f"/o{j}/*", "TargetOriginId": f"o{j}",
                              "ViewerProtocolPolicy": "https-only", "ForwardedValues": fwd,
                              "MinTTL": 0})
    r = cf.create_distribution(DistributionConfig={
        "CallerReference": f"bench-{i}", "Comment": "", "Enabled": True,
        "Origins": {"Quantity": per, "Items": origins},
        "DefaultCacheBehavior": {"TargetOriginId": "o1", "ViewerProtocolPolicy": "redirect-to-https",
                                 "ForwardedValues": fwd, "MinTTL": 0},
        "CacheBehaviors": {"Quantity": len(behaviors), "Items": behaviors}})
    print(r["Distribution"]["Id"])
EOF
[ "$(wc -l <"$W/created.txt")" -eq "$NDIST" ] || die "created $(wc -l <"$W/created.txt") distributions, not $NDIST"
note "created $NDIST distributions of $PER origins in the emulator"

# The same origins for both commands: --resolve for every name, and for
# "cli" the origins themselves.
RES=() ORIGINS=()
for i in $(seq "$NDIST"); do
    for j in $(seq "$PER"); do
        port=${PORTS[$(((i * PER + j) % NSRV))]}
        RES+=(--resolve "d$i-o$j.bench.test:$port:127.0.0.1")
        ORIGINS+=("d$i-o$j.bench.test:$port")
    done
done
N=$((NDIST * PER))
ALL=(--all-distributions --aws-endpoint-url="$EP" --ca-file "$PKI/$KIND-root.pem" "${RES[@]}")
CLI=(--ca-file "$PKI/$KIND-root.pem" "${RES[@]}" "${ORIGINS[@]}")

# --- correctness ------------------------------------------------------------
"$OD" --json "${ALL[@]}" >"$W/all.json" || die "all: exit $?, want 0"
jq -e --argjson n "$N" --argjson d "$NDIST" \
    '(.origins | length == $n) and ([.origins[] | select(.verdict == "ok")] | length == $n) and
     (.distributions | length == $d) and ([.distributions[] | select(.verdict == "ok")] | length == $d)' \
    "$W/all.json" >/dev/null || die "all: the report does not hold $NDIST passing distributions and $N passing origins"
"$OD" --json "${CLI[@]}" >"$W/cli.json" || die "cli: exit $?, want 0"
jq -e --argjson n "$N" '(.origins | length == $n) and ([.origins[] | select(.verdict == "ok")] | length == $n)' \
    "$W/cli.json" >/dev/null || die "cli: the report does not hold $N passing origins"
note "both reports checked: $N origins pass ($NDIST distributions)"

# measure LABEL ARGS...: one run under GNU time, with origin-doctor's own
# VmHWM polled; appends "wall_ms cpu_ms rss_time_kib rss_own_kib" to
# $W/LABEL.txt.
measure()
{
    local label=$1 f pid hwm=0 h
    shift
    f=$W/time-$label-$(date +%s%N).txt
    /usr/bin/time -v -o "$f" "$OD" --batch "$@" >/dev/null 2>"$W/$label.err" &
    pid=$!
    # GNU time's child is origin-doctor: its VmHWM until it is gone.
    local od=""
    while kill -0 "$pid" 2>/dev/null; do
        [ -n "$od" ] || od=$(pgrep -P "$pid" -x origin-doctor | head -n 1)
        if [ -n "$od" ]; then
            h=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$od/status" 2>/dev/null)
            [ -n "$h" ] && hwm=$h
        fi
        sleep 0.02
    done
    wait "$pid" || die "$label: exit $? (see $W/$label.err)"
    awk -F': ' -v own="$hwm" '
        /Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
        /User time/ { c += $2 } /System time/ { c += $2 }
        /Maximum resident set size/ { r = $2 }
        END { printf "%.0f %.0f %d %d\n", w * 1000, c * 1000, r, own }' "$f" >>"$W/$label.txt"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq "$RUNS"); do
    measure all "${ALL[@]}"
    measure cli "${CLI[@]}"
    note "round $r: all $(tail -n 1 "$W/all.txt"), cli $(tail -n 1 "$W/cli.txt") (wall_ms cpu_ms rss_time rss_own)"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
col() { awk -v c="$2" '{ print $c }' "$W/$1.txt" | median; }
{
    echo "## distributions"
    echo
    bench_versions | sed 's/^/    /'
    echo
    echo "$NDIST distributions x $PER custom origins = $N origins in moto_server; $NSRV openssl s_server ($KIND);"
    echo "$RUNS interleaved rounds, medians. Load average before: $LOAD_BEFORE, after: $LOAD_AFTER."
    echo
    echo "| command | wall (ms) | CPU user+sys (ms) | peak RSS, GNU time (KiB) | peak RSS, origin-doctor's VmHWM (KiB) |"
    echo "|---|---:|---:|---:|---:|"
    echo "| --all-distributions (aws CLI + probe) | $(col all 1) | $(col all 2) | $(col all 3) | $(col all 4) |"
    echo "| the $N origins on the command line | $(col cli 1) | $(col cli 2) | $(col cli 3) | $(col cli 4) |"
    echo
    echo "Every run:"
    echo
    for l in all cli; do
        echo "- $l (wall_ms cpu_ms rss_time_kib rss_own_kib): $(paste -sd';' "$W/$l.txt" | sed 's/;/; /g')"
    done
} >"$OUT/summary.md"
cp "$W/all.json" "$W/cli.json" "$OUT/" 2>/dev/null
cat "$OUT/summary.md"
