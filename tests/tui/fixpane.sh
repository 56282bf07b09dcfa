#!/bin/bash
# The Fix pane never shows a command wrapped into text that means something
# else (issue 14, defect 2): each command line is on one screen line as it
# is, cut at the pane's edge with a mark and scrolled sideways with Left and
# Right.  For every fix step of every demo origin, at 80x24 and 132x43, the
# test scrolls the step's text through (PgDn, h, l), rebuilds the command
# lines from the screens alone (tests/helpers/fixpane-rebuild.py) and asserts
# that they are the step's commands in `origin-doctor --demo --format=json`,
# and that bash -n accepts them.
. "${0%/*}/lib.sh"
tui_init 93
export LC_ALL=C.UTF-8 # ${row:i:1} counts characters: "…" is one

# The report is written with 127.77.0.1:443 held (when this machine lets us
# bind it), so that its demo is on another port than the wizard's usually
# is: the comparison below must not depend on the port.
held=
start_fake hold443 hang 127.77.0.1 443 && held=$FAKE_PID
"$ORIGIN_DOCTOR" --demo --format=json >"$T/demo.json" 2>"$T/demo.err"
assert_eq 1 "$?" "the demo's report: exit status 1"
[ -n "$held" ] && stop "$held"
norigins=$(jq '.origins | length' "$T/demo.json")
assert_eq 4 "$norigins" "the demo has four origins"

# The heading of the step's text ends in "HA-HB/HN col HC": the lines shown
# of HN, the first column of the commands; HR is its screen line (0-based).
HEAD=""
parse_head()
{
    local scr line n=0
    scr=$(tui_screen)
    HEAD="" HR=-1
    while IFS= read -r line; do
        if [[ $line =~ \ ([0-9]+)-([0-9]+)/([0-9]+)(\ col\ ([0-9]+))?\ *$ ]]; then
            HEAD=$line HR=$n
            HA=${BASH_REMATCH[1]} HB=${BASH_REMATCH[2]} HN=${BASH_REMATCH[3]}
            HC=${BASH_REMATCH[5]:-1}
        fi
        n=$((n + 1))
    done <<<"$scr"
    [ -n "$HEAD" ]
}

# Waits (bounded) until the heading is not OLD any more.
head_changed()
{
    local old=$1 n=50
    while [ "$n" -gt 0 ]; do
        parse_head && [ "$HEAD" != "$old" ] && return 0
        sleep 0.1
        n=$((n - 1))
    done
    return 1
}

# press KEY: the key, then a changed heading (a check only when it fails).
press()
{
    local old=$HEAD
    tui_keys "$1"
    if ! head_changed "$old"; then
        tui_report 1 "'$1' moved the Fix pane's text (heading stayed '$old')"
        return 1
    fi
}

# Does a command line under the heading end in the mark (more follows)?
right_mark()
{
    local row n=0 last=$((COLS_NOW - 2))
    while IFS= read -r row; do
        if [ "$n" -gt "$HR" ] && [ "$n" -le $((HR + HB - HA + 1)) ] &&
            [ "${row:last:1}" = "…" ]; then
            return 0
        fi
        n=$((n + 1))
    done <<<"$(tui_screen)"
    return 1
}

# Captures every part of the selected step's text into directory $1:
# page by page, each page swept right then (on the next) left.
SNAP=0
# snap DIR: the screen once two captures in a row agree (a frame is drawn
# whole, but the terminal may be caught in the middle of one).
snap()
{
    local a b n=50
    SNAP=$((SNAP + 1))
    a=$(tui_screen)
    while [ "$n" -gt 0 ]; do
        b=$(tui_screen)
        [ "$a" = "$b" ] && break
        a=$b
        n=$((n - 1))
    done
    printf '%s\n' "$a" >"$1/$SNAP"
}
capture_step()
{
    local dir=$1 guard=0
    mkdir -p "$dir"
    parse_head || return 1
    while [ "$guard" -lt 200 ]; do
        guard=$((guard + 1))
        snap "$dir"
        # Back to column 1, then right to the end of this page's longest
        # line (the page before may have had shorter ones).
        while [ "$HC" -gt 1 ]; do press h || return 1; snap "$dir"; done
        while right_mark; do press l || return 1; snap "$dir"; done
        [ "$HB" -lt "$HN" ] || return 0
        press NPage || return 1
    done
    return 1
}

# Waits until the heading is step K's.
step_shown()
{
    local k=$1 n=50
    while [ "$n" -gt 0 ]; do
        parse_head && [[ $HEAD =~ ^\ $k\.\  ]] && return 0
        sleep 0.1
        n=$((n - 1))
    done
    return 1
}

# port_neutral PORT: standard input with ":PORT" taken out and PORT written
# PORT, apart from the one 443 that is a constant and no port of the
# origin's (a Classic listener's InstancePort=443).  The same for both runs:
# checked on the demo's reports on 443 and on 8443.
port_neutral()
{
    sed -e 's/InstancePort=443\b/InstancePort=CONSTANT/g' -e "s/:$1\b//g" -e "s/\b$1\b/PORT/g"
}

walk()
{
    local size=$1 cols=$2 rows=$3 i k j nfix got want port name
    COLS_NOW=$cols
    tui_start "fixpane-$size" "$cols" "$rows" LC_ALL=C.UTF-8 -- --demo
    tui_wait "Verify" 10 "the wizard is up: the step bar"
    tui_keys 6
    tui_wait "Steps (" 10 "the diagnosis is there: Fix lists its steps"
    for i in $(seq 0 $((norigins - 1))); do
        name=$(jq -r ".origins[$i].name" "$T/demo.json")
        nfix=$(jq ".origins[$i].fixes | length" "$T/demo.json")
        tui_keys 1 Home
        for j in $(seq 1 "$i"); do tui_keys j; done
        port=$(tui_origin_port "$name")
        tui_report $? "origin $((i + 1)), $name, chosen in the list (port $port)"
        tui_keys 6
        tui_wait "Steps ($nfix)" 5 "Fix: $nfix steps for $name"
        for k in $(seq 1 "$nfix"); do
            # From the last step up: the domain choices above stay out.
            tui_keys End
            for j in $(seq 1 $((nfix - k))); do tui_keys k; done
            step_shown "$k"
            tui_report $? "$name: step $k selected"
            local dir=$T/$size-$i-$k
            capture_step "$dir"
            tui_report $? "$name: step $k scrolled through ($SNAP screens so far)"
            got=$("$OD_PYTHON" "$top_srcdir/tests/helpers/fixpane-rebuild.py" "$cols" "$dir"/* 2>&1)
            want=$(jq -r ".origins[$i].fixes[$((k - 1))].commands | join(\"\n\")" "$T/demo.json")
            # The demo's servers listen on 443 or 8443 when free, else on
            # a port of the kernel's: this run's may differ from the report's,
            # and a name on 443 is written without its port (name:8443, but
            # name alone), so each side's own port is taken out the same way.
            want=$(printf '%s\n' "$want" | port_neutral "$(jq ".origins[$i].port" "$T/demo.json")")
            assert_eq "$want" "$(printf '%s\n' "$got" | port_neutral "$port")" \
                "$size $name step $k: the commands rebuilt from the screen are the report's"
            printf '%s\n' "$got" >"$dir.sh"
            bash -n "$dir.sh" 2>"$dir.err"
            assert_eq 0 "$?" "$size $name step $k: bash -n accepts them ($(head -c 200 "$dir.err"))"
        done
    done
    tui_keys q
    tui_wait_exit 10
    assert_eq 1 "$TUI_STATUS" "exit status 1"
}

walk small 80 24
walk large 132 43
