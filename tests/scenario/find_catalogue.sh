#!/bin/bash
# The catalogue the find_*.sh tests know (OD_CATALOGUE in lib.sh) is the
# program's (src/findings.h): the same ids, severities and CloudFront
# statuses; and every id is asserted by at least one find_*.sh test that is
# not a known-bug test.  A new finding fails here until a scenario produces it.
. "${0%/*}/lib.sh"
OD_NEED_PROGRAM=0
od_init 45

H=$top_srcdir/src/findings.h
[ -r "$H" ] || hard_error "cannot read $H"
# X(F_DNS_NXDOMAIN, "dns.nxdomain", AREA_DNS, SEV_ERROR, 502, ...
src=$(grep -oE 'X\(F_[A-Z0-9_]+, "[a-z0-9_.]+", AREA_[A-Z]+, SEV_[A-Z]+, [0-9]+' "$H" |
    sed -E 's/X\(F_[A-Z0-9_]+, "([^"]+)", AREA_[A-Z]+, SEV_([A-Z]+), ([0-9]+)/\1 \2 \3/' |
    awk '{ s = tolower($2); st = ($3 == 0) ? "null" : $3; print $1, s, st }' | sort)
assert_cmp -ge "$(echo "$src" | wc -l)" 29 "src/findings.h lists at least the 29 ids of report/1"
known=$(for id in "${!OD_CATALOGUE[@]}"; do echo "$id ${OD_CATALOGUE[$id]}"; done | sort)
assert_eq "$src" "$known" "OD_CATALOGUE is src/findings.h's table (id severity status)"

for id in $(echo "$src" | cut -d' ' -f1); do
    files=$(grep -lE "assert_finding $id( |$)" "$OD_SCENARIO_DIR"/find_*.sh | grep -v '/find_bug_' | xargs -r -n1 basename | paste -sd' ')
    OD_CHECKS=$((OD_CHECKS + 1))
    if [ -n "$files" ]; then
        echo "ok: $id produced by $files" >&2
    else
        fail "$id: no find_*.sh test asserts it"
    fi
done
