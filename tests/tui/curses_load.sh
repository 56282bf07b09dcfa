#!/bin/bash
# ncursesw is loaded when the wizard starts, not linked (src/tui/nc.c): the
# program does not need it for a report, and a terminal library that cannot
# serve the wizard is the program's error (exit 3, one clear line), never a
# crash.  A stand-in libncursesw.so.6 with none of its functions, found
# first through LD_LIBRARY_PATH, plays the broken library.
. "${0%/*}/lib.sh"
tui_init 98
need_openssl

SONAME=$(sed -n 's/^#define NCURSESW_SONAME "\(.*\)"$/\1/p' "$top_builddir/config.h")
assert_match '^libncursesw\.so\.[0-9]+$' "$SONAME" "configure found ncursesw's SONAME"

# Not a dependency of the program: only ld.so's own libraries and those of
# the engine are.
needed=$(LC_ALL=C readelf -d "$ORIGIN_DOCTOR" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p' | tr '\n' ' ')
assert_match 'libgnutls' "$needed" "readelf lists the program's libraries ($needed)"
case " $needed " in
    *curses* | *tinfo*) fail "ncursesw or libtinfo is linked: $needed" ;;
    *) echo "ok: neither ncursesw nor libtinfo linked" >&2 ;;
esac
OD_CHECKS=$((OD_CHECKS + 1))

mkdir -p "$T/broken"
echo 'int od_not_curses = 1;' >"$T/broken/empty.c"
${CC:-cc} -shared -fPIC -Wl,-soname,"$SONAME" -o "$T/broken/$SONAME" "$T/broken/empty.c" \
    || hard_error "cannot build the stand-in library with ${CC:-cc}"

pki_leaf leaf ec curses.test
pki_cat chain int2 int1
start_tls_server leaf "$(addr 2)" leaf leaf chain

# The report does not load it: with the broken one first in the search
# path, the run is the same.
LD_LIBRARY_PATH=$T/broken run_od report --ca-file "$PKI/root.pem" \
    --resolve "curses.test:$SRV_PORT:$(addr 2)" "curses.test:$SRV_PORT"
assert_exit 0
assert_jq '.origins[0].addresses[0].tls.status' ok

# The wizard cannot start with it: exit 3 and the reason, the terminal left
# as it was.
tui_start broken 80 24 LD_LIBRARY_PATH="$T/broken" LC_ALL=C.UTF-8 -- --ca-file "$PKI/root.pem" \
    --resolve "curses.test:$SRV_PORT:$(addr 2)" "curses.test:$SRV_PORT"
tui_wait_exit 10
assert_eq 3 "$TUI_STATUS" "the wizard without a usable ncursesw: exit 3"
assert_match "^origin-doctor: the terminal library $SONAME has no [a-z_]+ \\(the wizard needs it\\)\$" \
    "$(cat "$T/broken.stderr")" "one line that names the library and what it lacks"
assert_eq 1 "$(wc -l <"$T/broken.stderr")" "one line on stderr"

# The real one: the wizard starts and draws (the other wizard tests use it
# throughout).
tui_start real 80 24 LC_ALL=C.UTF-8 -- --ca-file "$PKI/root.pem" \
    --resolve "curses.test:$SRV_PORT:$(addr 2)" "curses.test:$SRV_PORT"
tui_wait "would connect" 10 "the wizard ran the probe and drew its verdict"
tui_has "Origin" "the step bar"
tui_keys q
tui_wait_exit 10
assert_eq 0 "$TUI_STATUS" "exit 0 after q"

