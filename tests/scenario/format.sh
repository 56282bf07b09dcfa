#!/bin/bash
# --format=text|json|markdown picks the report from the formats table;
# --batch and --json are its aliases; a format that does not exist, or two
# different ones, is a usage error (exit 2, one line).  The built-in demo
# origins are the peers (on 127.77.0.x, inside the process): no network.
. "${0%/*}/lib.sh"
od_init 52

# run_format NAME ARGS...: origin-doctor ARGS --demo; stdout in $T/NAME.out.
run_format()
{
    OD_RUN=$1
    shift
    echo "+ [$OD_RUN] origin-doctor $* --demo" >&2
    timeout -k 5 30 "$ORIGIN_DOCTOR" "$@" --demo >"$T/$OD_RUN.out" 2>"$T/$OD_RUN.err"
    OD_RC=$?
    assert_exit 1
}

run_format markdown --format=markdown
assert_eq "# origin-doctor report" "$(grep -m 1 . "$T/markdown.out")" "markdown: the document's title"
assert_match '\| Origin \| Verdict \|' "$(cat "$T/markdown.out")" "markdown: the verdict table"
assert_match '`cert\.name_mismatch`' "$(cat "$T/markdown.out")" "markdown: the finding ids"

run_format json --format json
assert_eq "origin-doctor/report/3 fail 4" \
    "$(jq -r '[.schema, .verdict, (.origins | length)] | map(tostring) | join(" ")' "$T/json.out" 2>&1)" \
    "json: the JSON report"
run_format json-alias --json
assert_eq "$(jq -c '[.origins[] | [.name, .verdict, [.findings[].id]]]' "$T/json.out")" \
    "$(jq -c '[.origins[] | [.name, .verdict, [.findings[].id]]]' "$T/json-alias.out" 2>&1)" \
    "--json is --format=json"

run_format text --format=text
assert_match '^origin-doctor [0-9.]+: CloudFront' "$(head -n 1 "$T/text.out")" "text: the text report"
assert_match 'FAIL CloudFront would answer 502' "$(cat "$T/text.out")" "text: its verdicts"
run_format text-alias --batch
assert_eq "$(grep -c FAIL "$T/text.out")" "$(grep -c FAIL "$T/text-alias.out")" "--batch is --format=text"
run_format text-both --batch --format=text
assert_match '^origin-doctor [0-9.]+: CloudFront' "$(head -n 1 "$T/text-both.out")" \
    "--batch with --format=text: one format, asked twice"

run_usage format-bogus --format=xml --demo
assert_match "'xml'" "$(cat "$T/format-bogus.err")" "a bad --format names the value"
run_usage format-empty --format= --demo
run_usage format-missing --demo --format
run_usage format-two --format=markdown --json --demo
run_usage format-two-aliases --batch --json --demo
