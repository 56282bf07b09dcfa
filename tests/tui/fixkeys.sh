#!/bin/bash
# The Fix step's keys (issue 14, defects 2 and 6):
#   c  asks the terminal to copy (OSC 52), says so ("Copy requested", it
#      cannot be confirmed) and how to check; tmux's buffer holds exactly
#      the selected step's commands;
#   p  shows every step at once, plainly: each title as a comment, then its
#      commands, which tmux joins back into whole lines (what a mouse
#      selection gives) and bash -n accepts;
#   w  writes the whole fix as one script to a path the user confirms
#      (default in the current directory, ~ expanded), mode 0700, with
#      #!/bin/sh, set -eu, the variables only the user knows first, every
#      step's title and commands; an existing file is replaced only on yes;
# the mouse wheel scrolls the step's text (and moves the selection over the
# steps); ticks stay when the custom domain or the origin changes; the
# footer shows the Fix step's keys there and only there.
. "${0%/*}/lib.sh"
tui_init 94
export LC_ALL=C.UTF-8

ELB=my-alb-123.ap-northeast-1.elb.amazonaws.com
"$ORIGIN_DOCTOR" --demo --format=json >"$T/demo.json" 2>"$T/demo.err"
assert_eq 1 "$?" "the demo's report: exit status 1"
mkdir -p "$T/home"

# wheel up|down X Y: a notch of the wheel at column X, line Y (0-based), as
# xterm sends it (X10 encoding: buttons 64 and 65).
wheel()
{
    local b x y
    local n=65
    [ "$1" = up ] && n=64
    b=$(printf "\\$(printf %o $((32 + n)))")
    x=$(printf "\\$(printf %o $((33 + $2)))")
    y=$(printf "\\$(printf %o $((33 + $3)))")
    tui_keys -l $'\e[M'"$b$x$y"
}

# The first line of the step's text shown, from the heading ("A-B/N").
shown_from()
{
    tui_screen | sed -n 's|.* \([0-9][0-9]*\)-[0-9][0-9]*/[0-9][0-9]*\( col [0-9]*\)\{0,1\} *$|\1|p' | head -1
}

# waits (bounded) until the text is shown from line N.
wait_from()
{
    local n=30
    while [ "$n" -gt 0 ] && [ "$(shown_from)" != "$1" ]; do
        sleep 0.1
        n=$((n - 1))
    done
    [ "$(shown_from)" = "$1" ]
    tui_report $? "$2"
}

# The line on screen (0-based) that holds TEXT, or -1.
row_of()
{
    local n
    n=$(tui_screen | grep -nF -- "$1" | head -1 | cut -d: -f1)
    echo $((${n:-0} - 1))
}

# want_all I: every step of origin I as p and w give them, the demo's port
# (each run has its own) as PORT.
want_all()
{
    jq -r --argjson i "$1" '.origins[$i].fixes | to_entries | map("# \(.key + 1). \(.value.title)\n\(.value.commands | join("\n"))") | join("\n\n")' "$T/demo.json" |
        sed "s/\\b$(jq ".origins[$1].port" "$T/demo.json")\\b/PORT/g"
}

# wport: stdin with the wizard's demo port (on its first screen line) as PORT.
wport()
{
    sed "s/\\b$WPORT\\b/PORT/g"
}

tui_start keys 80 24 LC_ALL=C.UTF-8 HOME="$T/home" -- --demo
"$TMUX_BIN" -S "$TUI_SOCK" set-option -s set-clipboard on
tui_wait "502 cert.self_signed" 10 "the diagnosis is there"
# The demo's port, from the Origin list (every demo origin has the same).
WPORT=$(tui_screen | sed -n 's/.*elb\.amazonaws\.com:\([0-9][0-9]*\).*/\1/p' | head -n 1)

# The footer: the global keys on Diagnosis, the Fix step's keys on Fix.
tui_lacks "w script" "Diagnosis: no Fix keys in the footer"
tui_keys 6
tui_wait "Steps (2)" 5 "Fix: two steps"
tui_has "Space tick" "Fix: the footer says Space ticks"
tui_has "c copy" "Fix: the footer says c copies"
tui_has "w script" "Fix: the footer says w writes a script"
tui_has "←→ scroll" "Fix: the footer says Left/Right scroll"

# c on step 2, the one with the long --query and the jq program.
tui_keys End
tui_wait "2. Set the CloudFront origin" 3 "step 2 selected"
wait_from 1 "the heading says where the text is: from line 1"
tui_keys c
tui_wait "Copy requested: paste to check" 3 "c: a request, not a promise"
tui_has "set-clipboard on" "c: how to make tmux take it"
buf=$("$TMUX_BIN" -S "$TUI_SOCK" show-buffer 2>/dev/null | wport)
want=$(jq -r '.origins[0].fixes[1].commands | join("\n")' "$T/demo.json" |
    sed "s/\\b$(jq '.origins[0].port' "$T/demo.json")\\b/PORT/g")
assert_eq "$want" "$buf" "c: the clipboard holds exactly step 2's commands (the demo's port aside)"

# The wheel over the text scrolls it by three lines; over the steps it
# moves the selection.
y=$(row_of "Commands:")
wheel down 20 "$y"
wait_from 4 "the wheel down over the text: three lines further"
wheel up 20 "$y"
wait_from 1 "the wheel up: back to the top"
wheel up 20 "$(row_of "2. Set the CloudFront origin to origin.example.com, HTTPS only, TLSv1.2")"
tui_wait "›  [ ] 1. Use a custom domain as Origin Domain Name: origin.example.com" 3 \
    "the wheel up over the steps: step 1 selected"

# Ticks stay when the steps are rebuilt for another custom domain, and
# when another origin is looked at.
tui_keys Space
tui_wait "[x] 1. Use a custom domain as Origin Domain Name: origin.example.com" 3 "Space ticks step 1"
tui_keys Home j Enter
tui_wait "(●) www.example.com" 3 "www.example.com chosen"
tui_wait "[x] 1. Use a custom domain as Origin Domain Name: www.example.com" 3 \
    "the tick stays on step 1, rebuilt for www.example.com"
tui_has "[ ] 2. Set the CloudFront origin to www.example.com" "step 2 stays unticked"
tui_keys Home Enter
tui_wait "[x] 1. Use a custom domain as Origin Domain Name: origin.example.com" 3 \
    "back to origin.example.com: still ticked"
tui_keys 1 j 6
tui_wait "Get a valid, trusted certificate for nginx.example.com" 5 "Fix: nginx.example.com's steps"
tui_has "[ ] 1. Get a valid" "nginx.example.com's step 1 is not ticked"
tui_keys 1 k 6
tui_wait "[x] 1. Use a custom domain as Origin Domain Name: origin.example.com" 5 \
    "back on the first origin: its tick is kept"

# p: every step at once, plainly.
tui_keys p
tui_wait "-- press Enter to return to origin-doctor --" 3 "p: out of the wizard"
plain=$("$TMUX_BIN" -S "$TUI_SOCK" capture-pane -p -J -S - -t od |
    sed -n '/^-- origin-doctor: the commands, to select and copy --$/,/^-- press Enter/p' |
    sed '1d;$d' | sed '1{/^$/d}' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}')
assert_eq "$(want_all 0)" "$(printf '%s\n' "$plain" | wport)" \
    "p: every step, its title as a comment, its commands as whole lines"
printf '%s\n' "$plain" >"$T/plain.sh"
bash -n "$T/plain.sh"
assert_eq 0 "$?" "p: bash -n accepts what it shows"
tui_keys Enter
tui_wait "Steps (2)" 3 "Enter: back in the wizard"

# w: the default path, in the current directory.
tui_keys w
tui_wait "Write the fix as a script to:" 3 "w: asks where"
tui_has "elb.amazonaws.com.sh" "w: a default name (fix-NAME.sh) in the current directory"
tui_keys Enter
tui_wait "Fix script written to" 3 "w: says it wrote the script"
tui_wait "$T/fix-$ELB.sh" 3 "w: the full path is on the screen"
f=$T/fix-$ELB.sh
assert_eq "700" "$(stat -c %a "$f" 2>/dev/null)" "w: mode 0700"
assert_eq "#!/bin/sh" "$(head -1 "$f")" "w: a POSIX sh script"
grep -qx "set -eu" "$f"
assert_eq 0 "$?" "w: set -eu"
bash -n "$f"
assert_eq 0 "$?" "w: bash -n accepts it"
sh -n "$f"
assert_eq 0 "$?" "w: sh -n accepts it"
assert_eq "$(want_all 0)" "$(sed -n '/^# 1\. /,$p' "$f" | wport)" \
    "w: every step, title and commands, after the preamble"
left=$(find "$T" -maxdepth 1 -name "fix-$ELB.sh.*" | wc -l)
assert_eq 0 "$left" "w: no temporary file left"

# w to ~/: expanded; the origin with variables only the user knows.
tui_keys 1 j 6
tui_wait "Get a valid, trusted certificate for nginx.example.com" 5 "Fix: nginx.example.com's steps"
tui_keys w
tui_wait "Write the fix as a script to:" 3 "w: asks where"
tui_keys C-u
tui_keys -l "~/nginx-fix.sh"
tui_keys Enter
tui_wait "$T/home/nginx-fix.sh" 3 "w: ~ is the home directory"
f=$T/home/nginx-fix.sh
bash -n "$f"
assert_eq 0 "$?" "w: bash -n accepts it"
first_step=$(grep -n '^# 1\. ' "$f" | cut -d: -f1)
for v in ELB_REGION LB_NAME ZONE_ID; do
    line=$(grep -n "^$v=\${$v:-}\$" "$f" | cut -d: -f1)
    [ -n "$line" ] && [ "$line" -lt "${first_step:-0}" ]
    assert_eq 0 "$?" "w: $v, which only the user knows, is set first (from the environment)"
done
grep -q '^CERT_ARN=\${' "$f"
assert_eq 1 "$?" "w: CERT_ARN is set by a step, not in the preamble"
want=$(jq -r '.origins[1].fixes[].commands[]' "$T/demo.json" |
    sed "s/\\b$(jq '.origins[1].port' "$T/demo.json")\\b/PORT/g")
got=$(sed -n '/^# 1\. /,$p' "$f" | grep -v '^# [0-9]\. ' | grep -v '^$' |
    sed "s/\\b$(tui_line 1 | sed -n 's/.*nginx.example.com:\([0-9]*\).*/\1/p')\\b/PORT/g")
assert_eq "$want" "$got" "w: every step's commands (the demo's port aside)"

# An existing file: replaced only after yes.
echo keep >"$T/home/nginx-fix.sh"
tui_keys w
tui_wait "Write the fix as a script to:" 3 "w again"
tui_keys C-u
tui_keys -l "~/nginx-fix.sh"
tui_keys Enter
tui_wait "exists. Replace it?" 3 "w: asks before replacing"
tui_keys n
tui_wait "Not written" 3 "n: not written"
assert_eq keep "$(cat "$T/home/nginx-fix.sh")" "n: the file is left as it was"
tui_keys w
tui_wait "Write the fix as a script to:" 3 "w again"
tui_keys C-u
tui_keys -l "~/nginx-fix.sh"
tui_keys Enter
tui_wait "exists. Replace it?" 3 "w: asks before replacing"
tui_keys y
tui_wait "Fix script written to" 3 "y: written"
assert_eq "#!/bin/sh" "$(head -1 "$T/home/nginx-fix.sh")" "y: the file is the script now"

tui_keys q
tui_wait_exit 10
assert_eq 1 "$TUI_STATUS" "exit status 1"
