# lib.sh for the wizard tests: a real terminal, tmux, on a private socket in
# the test's temporary directory.  Source it first thing:
#
#   . "${0%/*}/lib.sh"
#   tui_init 60         # this test's network, 127.0.60.0/24
#
# It builds on tests/scenario/lib.sh (temporary directory $T, assertions,
# the test PKI and servers, every process stopped by PID at exit) and adds:
#   tui_start NAME COLS ROWS [VAR=VALUE...] -- [ARG...]
#                       origin-doctor ARG... in a new tmux session of that
#                       size, in $T, with the environment given (LC_ALL,
#                       LANG, LANGUAGE unset unless given)
#   tui_keys KEY...     tmux send-keys
#   tui_wait TEXT [SECONDS] [WHAT]
#                       waits (bounded, polling the screen every 0.1 s, 10 s
#                       by default) until the screen shows TEXT; a check
#   tui_gone TEXT [SECONDS] [WHAT]
#                       waits until the screen no longer shows TEXT; a check
#   tui_has TEXT WHAT / tui_lacks TEXT WHAT
#                       the screen shows TEXT now (or not); a check
#   tui_screen          prints the screen
#   tui_resize COLS ROWS
#   tui_wait_exit [SECONDS]
#                       waits for the program to end; sets TUI_STATUS
#   tui_origin_port NAME
#                       waits (bounded) until the Origin step's list has
#                       NAME:PORT selected, prints PORT; a demo's ports vary
#   tui_need_ja         skips unless the ja_JP.UTF-8 locale exists, and makes
#                       the Japanese catalogue for ORIGIN_DOCTOR_LOCALEDIR
# Environment: TMUX (the tmux program, from configure); it is unset before
# tmux runs, since tmux reads it as "inside a session".

. "$(cd "${BASH_SOURCE[0]%/*}/../scenario" && pwd)/lib.sh"

TMUX_BIN=${TMUX:-}
unset TMUX
[ -n "$TMUX_BIN" ] || TMUX_BIN=$(command -v tmux || true)
TUI_SOCK=""
TUI_NAME=""
TUI_STATUS=""

tui_init()
{
    od_init "$1"
    trap tui_exit EXIT
    [ -n "$TMUX_BIN" ] && [ -x "$TMUX_BIN" ] || skip "tmux not found (TMUX='$TMUX_BIN')"
    TUI_SOCK=$T/tmux.sock
    # The catalogues of this build, for every run (the C locale ignores them).
    mkdir -p "$T/locale"
}

# The tmux server goes first (by its socket: kill-server), then every
# process the test started, by PID (the server's too, tracked at start).
tui_exit()
{
    local rc=$?
    if [ -n "$TUI_SOCK" ] && [ -S "$TUI_SOCK" ]; then
        if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then
            echo "---- the screen at exit:" >&2
            tui_screen >&2
            echo "----" >&2
        fi
        tui_kill_server
    fi
    (exit "$rc")
    od_exit
}

tui_need_ja()
{
    locale -a 2>/dev/null | grep -qiE '^ja_JP\.utf-?8$' ||
        skip "the ja_JP.UTF-8 locale is missing (scripts/deps-debian generates it)"
    mkdir -p "$T/locale/ja/LC_MESSAGES"
    if command -v msgfmt >/dev/null 2>&1 && [ -f "$top_srcdir/po/ja.po" ]; then
        msgfmt -o "$T/locale/ja/LC_MESSAGES/origin-doctor.mo" "$top_srcdir/po/ja.po" ||
            hard_error "msgfmt failed on po/ja.po"
    elif [ -f "$top_srcdir/po/ja.gmo" ]; then
        cp "$top_srcdir/po/ja.gmo" "$T/locale/ja/LC_MESSAGES/origin-doctor.mo"
    else
        skip "no msgfmt and no po/ja.gmo: cannot make the Japanese catalogue"
    fi
}

tui_start()
{
    local name=$1 cols=$2 rows=$3 a pid
    local -a envs=()
    shift 3
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
        envs+=("$1")
        shift
    done
    [ "${1:-}" = -- ] && shift
    TUI_NAME=$name
    TUI_STATUS=""
    rm -f "$T/$name.status"
    # A script, so that no argument needs tmux's quoting.
    {
        echo '#!/bin/sh'
        # Ctrl-C (C-c) is for the program: the script waits on.
        echo 'trap : INT'
        printf 'cd %q || exit 99\n' "$T"
        printf 'env -u LC_ALL -u LANG -u LANGUAGE -u NO_COLOR ORIGIN_DOCTOR_LOCALEDIR=%q' "$T/locale"
        for a in "${envs[@]}"; do printf ' %q' "$a"; done
        printf ' %q' "$ORIGIN_DOCTOR" "$@"
        # stderr apart: curses draws on stdout; what lands here is checked.
        printf ' 2>%q' "$T/$name.stderr"
        printf '\necho "$?" >%q\nexec sleep 3600\n' "$T/$name.status"
    } >"$T/$name.run"
    chmod +x "$T/$name.run"
    echo "+ [$name] ${cols}x$rows ${envs[*]} origin-doctor $*" >&2
    tui_kill_server
    "$TMUX_BIN" -S "$TUI_SOCK" -f /dev/null new-session -d -s od -x "$cols" -y "$rows" \
        "$T/$name.run" || hard_error "tmux new-session failed"
    "$TMUX_BIN" -S "$TUI_SOCK" set-option -g status off >/dev/null
    pid=$("$TMUX_BIN" -S "$TUI_SOCK" display-message -p '#{pid}' 2>/dev/null)
    [ -n "$pid" ] && case " $OD_PIDS " in *" $pid "*) ;; *) od_track "$pid" ;; esac
}

# Stops the tmux server of the last run, if any, and waits (bounded) until
# it is gone, so that the next new-session starts a server of its own.
tui_kill_server()
{
    local i
    [ -n "$TUI_SOCK" ] && [ -S "$TUI_SOCK" ] || return 0
    "$TMUX_BIN" -S "$TUI_SOCK" kill-server 2>/dev/null
    for i in $(seq 50); do
        "$TMUX_BIN" -S "$TUI_SOCK" list-sessions >/dev/null 2>&1 || break
        sleep 0.1
    done
    rm -f "$TUI_SOCK"
}

tui_screen()
{
    "$TMUX_BIN" -S "$TUI_SOCK" capture-pane -p -t od 2>/dev/null
}

tui_keys()
{
    "$TMUX_BIN" -S "$TUI_SOCK" send-keys -t od "$@"
}

tui_resize()
{
    "$TMUX_BIN" -S "$TUI_SOCK" resize-window -t od -x "$1" -y "$2"
}

# Polls the screen (bounded) for TEXT; returns 0 when seen.
tui_poll()
{
    local text=$1 want=$2 n=$(($3 * 10))
    while [ "$n" -gt 0 ]; do
        if tui_screen | grep -qF -- "$text"; then
            [ "$want" = yes ] && return 0
        else
            [ "$want" = no ] && return 0
        fi
        sleep 0.1
        n=$((n - 1))
    done
    return 1
}

tui_report()
{
    OD_CHECKS=$((OD_CHECKS + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok: $TUI_NAME: $2" >&2
        return 0
    fi
    fail "$TUI_NAME: $2"
    echo "---- [$TUI_NAME] the screen:" >&2
    tui_screen >&2
    echo "----" >&2
    return 1
}

tui_wait()
{
    tui_poll "$1" yes "${2:-10}"
    tui_report $? "${3:-the screen shows '$1'}"
}

tui_gone()
{
    tui_poll "$1" no "${2:-10}"
    tui_report $? "${3:-the screen no longer shows '$1'}"
}

tui_has()
{
    tui_screen | grep -qF -- "$1"
    tui_report $? "${2:-the screen shows '$1'}"
}

tui_lacks()
{
    ! tui_screen | grep -qF -- "$1"
    tui_report $? "${2:-the screen does not show '$1'}"
}

tui_wait_exit()
{
    local n=$((${1:-10} * 10))
    while [ "$n" -gt 0 ] && [ ! -s "$T/$TUI_NAME.status" ]; do
        sleep 0.1
        n=$((n - 1))
    done
    TUI_STATUS=$(cat "$T/$TUI_NAME.status" 2>/dev/null)
    [ -n "$TUI_STATUS" ]
    tui_report $? "the program ended"
    # A sanitizer build reports on stderr (a leak changes no exit status
    # the verdict could not have).
    OD_CHECKS=$((OD_CHECKS + 1))
    if grep -qE 'Sanitizer|runtime error' "$T/$TUI_NAME.stderr" 2>/dev/null; then
        fail "$TUI_NAME: the sanitizers reported:"
        cat "$T/$TUI_NAME.stderr" >&2
    fi
}

# tui_line N: line N (0-based) of the screen.
tui_line()
{
    tui_screen | sed -n "$(($1 + 1))p"
}

# tui_col TEXT LINE: the screen column where TEXT starts on LINE (the text
# before it measured in columns, as wide characters take two), or -1.
tui_col()
{
    local line=$2 before
    case $line in *"$1"*) ;; *) echo -1; return ;; esac
    before=${line%%"$1"*}
    printf '%s' "$before" | LC_ALL=${TUI_WIDTH_LOCALE:-C.UTF-8} wc -L
}

tui_origin_port()
{
    local re="^›.*[ ]${1//./\\.}:([0-9]+)" n=50 line
    while [ "$n" -gt 0 ]; do
        while IFS= read -r line; do
            if [[ $line =~ $re ]]; then
                echo "${BASH_REMATCH[1]}"
                return 0
            fi
        done <<<"$(tui_screen)"
        sleep 0.1
        n=$((n - 1))
    done
    return 1
}
