#!/usr/bin/env bash
# Runs the libFuzzer targets of a --enable-fuzzing build for a fixed time
# each, from a copy of their seed corpus (the tree's corpus is not
# changed).  Any crash, leak, sanitizer report or hang of an input (over
# 10 s) fails the target; its input is kept under the work directory.
#
#   fuzz/run.sh [-t SECONDS] [-r RUNS] [-j JOBS] [-w WORKDIR] [TARGET...]
#
# -t: the time each target runs (default 30); -r: stop a target earlier,
# after RUNS inputs (the long local campaign: bench/fuzz.md); -j: targets
# run at once (default 1).
#
# Run from the build directory (top_srcdir, when set, is where the corpus
# lives).  TARGET is a name (tlsrec, dns, analysis, distconfig, awscli,
# http); none: all.  Prints one line per target, "PASS: fuzz-NAME: R runs
# in S s (E exec/s)" or "FAIL: fuzz-NAME: ...", and exits 1 when one failed.
set -u
secs=30
runs=-1
jobs=1
work=
while getopts t:r:j:w: opt; do
    case $opt in
    t) secs=$OPTARG ;;
    r) runs=$OPTARG ;;
    j) jobs=$OPTARG ;;
    w) work=$OPTARG ;;
    *) exit 2 ;;
    esac
done
shift $((OPTIND - 1))
src=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(tlsrec dns analysis distconfig awscli http)
[ -n "$work" ] || work=$(mktemp -d "${TMPDIR:-/tmp}/od-fuzz.XXXXXX")
mkdir -p "$work"

run_one() { # name -> log in $work/NAME.log, status in $work/NAME.rc
    local n=$1 bin=fuzz/fuzz-$1
    rm -rf "$work/$n.corpus" && mkdir -p "$work/$n.corpus" "$work/$n.artifacts"
    cp "$src/fuzz/corpus/$n"/* "$work/$n.corpus/"
    local t0=$SECONDS
    "$bin" -max_total_time="$secs" -runs="$runs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$work/$n.artifacts/" "$work/$n.corpus" >"$work/$n.log" 2>&1
    echo $? >"$work/$n.rc"
    echo $((SECONDS - t0)) >"$work/$n.secs"
}

for n in "${targets[@]}"; do
    if [ ! -x "fuzz/fuzz-$n" ]; then
        echo "FAIL: fuzz-$n: not built (./configure CC=clang --enable-fuzzing && make)"
        echo 1 >"$work/$n.rc"
        continue
    fi
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
    run_one "$n" &
done
wait

fail=0
for n in "${targets[@]}"; do
    [ -x "fuzz/fuzz-$n" ] || { fail=1; continue; }
    rc=$(cat "$work/$n.rc" 2>/dev/null || echo 1)
    done_runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$n.log" | tail -n1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$n.log" | tail -n1)
    took=$(cat "$work/$n.secs" 2>/dev/null || echo "$secs")
    if [ "$rc" -eq 0 ] && ! grep -qE 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:|==ERROR' "$work/$n.log"; then
        echo "PASS: fuzz-$n: ${done_runs:-?} runs in ${took} s (${speed:-?} exec/s)"
    else
        fail=1
        echo "FAIL: fuzz-$n: exit status $rc after ${done_runs:-?} runs; log $work/$n.log; inputs:" \
            "$(ls "$work/$n.artifacts" 2>/dev/null | tr '\n' ' ')"
        grep -m1 -A30 -E 'ERROR|runtime error|deadly signal|invariant broken' "$work/$n.log" | head -n 40
    fi
done
exit "$fail"
