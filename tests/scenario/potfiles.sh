#!/bin/bash
# po/POTFILES.in lists every source file that marks a message for
# translation (_(), N_(), P_()), and only files that exist: a file left out
# is never seen by translators (xgettext reads only the listed ones).
top=${top_srcdir:-$(cd "${0%/*}/../.." && pwd)}
cd "$top" || exit 99
[ -r po/POTFILES.in ] || { echo "cannot read po/POTFILES.in" >&2; exit 99; }
listed=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' po/POTFILES.in)
rc=0
for f in src/*.c src/*.h src/tui/*.c src/tui/*.h; do
    [ "$f" = src/i18n.h ] && continue # defines the macros
    grep -qE '(^|[^A-Za-z0-9_])[NP]?_\([^)]' "$f" || continue
    if grep -qxF "$f" <<<"$listed"; then
        echo "ok: $f is listed"
    else
        echo "FAIL: $f marks messages but is not in po/POTFILES.in" >&2
        rc=1
    fi
done
for f in $listed; do
    [ -f "$f" ] || { echo "FAIL: po/POTFILES.in lists $f, which does not exist" >&2; rc=1; }
done
exit $rc
