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
# Every message the sources mark has a Japanese translation in po/ja.po (not
# empty, not fuzzy).
if ! command -v xgettext >/dev/null || ! command -v msgmerge >/dev/null || ! command -v msgattrib >/dev/null; then
    echo "SKIP: xgettext, msgmerge and msgattrib (Debian: gettext) are needed for the translation check" >&2
    exit 77
fi
pot=$(mktemp) || exit 99
trap 'rm -f "$pot"' EXIT
# The keywords of po/Makevars.
xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 -o "$pot" $listed || exit 99
sed -i "s/charset=CHARSET/charset=UTF-8/" "$pot"
# msgmerge without fuzzy matching, then the entries left untranslated.
missing=$(msgmerge -q -N po/ja.po "$pot" | msgattrib --untranslated --no-obsolete --no-wrap -) ||
    exit 99
n=$(grep -c '^msgid ' <<<"$missing")
# The header entry (msgid "") is not a message.
[ -n "$missing" ] && n=$((n - 1)) || n=0
if [ "$n" -le 0 ]; then
    echo "ok: every marked message has a Japanese translation"
else
    sed '1,/^$/d' <<<"$missing" >&2
    echo "FAIL: $n marked message(s) without Japanese in po/ja.po" >&2
    rc=1
fi
exit $rc
