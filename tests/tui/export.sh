#!/bin/bash
# Export (e): the report is written where the prompt says, in the format
# its extension names (.json, .txt; Markdown otherwise) (by
# default origin-doctor-<name>-<YYYYmmdd-HHMMSS>.md in the current
# directory), holds the verdict shown, and the path is shown after; an
# existing file is replaced only after a yes; nothing is left behind.
. "${0%/*}/lib.sh"
tui_init 63

tui_start export 80 24 LC_ALL=C.UTF-8 -- --demo
tui_wait "502 cert.self_signed" 10 "the diagnosis is there"
tui_keys 7
tui_wait "CloudFront would connect" 10 "Verify ran"

# The default name, accepted as it is.
tui_keys e
tui_wait "Export the report to: " 3 "e asks where"
tui_has "elb.amazonaws.com-$(date +%Y%m%d)-" "the default name: origin and date (its end shown, where the cursor is)"
tui_keys Enter
tui_wait "Report written to" 5 "the path is shown after"
# A long path wraps: the bottom lines joined, blanks aside, hold all of it.
f=$(ls "$T"/origin-doctor-my-alb-123.ap-northeast-1.elb.amazonaws.com-*.md 2>/dev/null | head -n 1)
bottom=$(tui_screen | tail -n 4 | tr -d ' \n')
OD_CHECKS=$((OD_CHECKS + 1))
[[ -n $f && $bottom == *"Reportwrittento$f"* ]] || fail "the whole path is shown (wrapped): $bottom"
f=$(ls "$T"/origin-doctor-my-alb-123.ap-northeast-1.elb.amazonaws.com-*.md 2>/dev/null | head -n 1)
assert_match '/origin-doctor-my-alb-123\.ap-northeast-1\.elb\.amazonaws\.com-[0-9]{8}-[0-9]{6}\.md$' "$f" \
    "the default file name has the origin and the time"
assert_match 'CloudFront would answer 502: the certificate does not cover my-alb-123' "$(cat "$f")" \
    "the report holds the verdict"
assert_match '`cert\.name_mismatch`' "$(cat "$f")" "the report holds the finding ids"
assert_match 'Verify: origin\.example\.com:[0-9]+' "$(cat "$f")" "the report holds the Verify run"
assert_match 'CloudFront would connect to this origin' "$(cat "$f")" "... and its verdict"
assert_match 'chain\.example\.com' "$(cat "$f")" "every origin of the run is in it"

# A name of one's own, twice: the second time asks; n keeps the file.
tui_keys e
tui_wait "Export the report to: " 3 "e again"
tui_keys C-u "report.md" Enter
tui_wait "Report written to $T/report.md" 5 "written under the name typed"
echo "keep me" >"$T/report.md"
tui_keys e C-u "report.md" Enter
tui_wait "report.md exists. Replace it? (y/n)" 5 "an existing file: the question"
tui_keys n
tui_wait "Not written: report.md is left as it was." 3 "n: not written"
assert_eq "keep me" "$(cat "$T/report.md")" "n: the file is untouched"
tui_keys e C-u "report.md" Enter
tui_wait "Replace it? (y/n)" 5 "the question again"
tui_keys y
tui_wait "Report written to $T/report.md" 5 "y: written"
assert_match 'CloudFront would answer 502' "$(cat "$T/report.md")" "y: the file is the report now"

# The extension picks the format from the report formats table.
tui_keys e C-u "report.json" Enter
tui_wait "Report written to $T/report.json" 5 ".json: written"
assert_eq "origin-doctor/report/3 fail" "$(jq -r '.schema + " " + .verdict' "$T/report.json" 2>&1)" \
    ".json: the JSON report, whole (one object: no wizard part after it)"
tui_keys e C-u "report.txt" Enter
tui_wait "Report written to $T/report.txt" 5 ".txt: written"
assert_match '^origin-doctor [0-9.]+: CloudFront' "$(head -n 1 "$T/report.txt")" ".txt: the text report"
assert_match 'FAIL CloudFront would answer 502' "$(cat "$T/report.txt")" ".txt: with its verdicts"

# Escape at the prompt writes nothing; a directory that does not exist fails cleanly.
tui_keys e Escape
tui_gone "Export the report to:" 3 "Esc closes the prompt"
tui_keys e C-u "$T/no/such/dir/r.md" Enter
tui_wait "Cannot write" 5 "an impossible path: the error is shown"
assert_eq "" "$(ls "$T" | grep -E '\.md\.[A-Za-z0-9]{6}$')" "no temporary file is left"

tui_keys q
tui_wait_exit 10
assert_eq 1 "$TUI_STATUS" "exit status 1: the verdict is a 502"
