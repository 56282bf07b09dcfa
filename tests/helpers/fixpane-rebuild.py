#!/usr/bin/python3
"""Rebuilds the commands of one Fix step from screens of the wizard.

    fixpane-rebuild.py COLS SCREEN...

Each SCREEN is a file with one capture of the Fix step (tmux capture-pane
-p), scrolled to some line and column.  The heading of the step's text says
where, at its end: "A-B/N" (lines A to B of N) and, when the commands
are wider than the pane, " col C".  The B-A+1 screen lines under the heading are lines A..B of
the step's text, which starts at screen column 3; the commands follow the
line "Commands:" at column 5, up to the first empty line, and show
columns C-1.. of each command line in COLS-6 columns.  A mark ("…")
replaces the first column when the line is scrolled and the last when
more follows: those columns are never read as command text.

Prints the command lines, one a line, rebuilt from what the screens show;
exits 1 (saying why) when a column was never seen, two screens disagree,
or a screen is not the Fix step's.
"""
import re
import sys

HEAD = re.compile(r" (\d+)-(\d+)/(\d+)(?: col (\d+))?\s*$")
MARK = "\u2026"
DOC_X = 3    # screen column of the text's column 0
CODE_X = 5   # screen column of the commands


def fail(msg):
    sys.stderr.write("fixpane-rebuild: %s\n" % msg)
    sys.exit(1)


def main():
    cols = int(sys.argv[1])
    width = cols - 6
    text = {}      # line of the step's text -> its screen texts from DOC_X
    seen = {}      # line -> [(first column shown, the commands' columns)]
    total = None
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            rows = f.read().split("\n")
        head = [i for i, r in enumerate(rows) if HEAD.search(r)]
        if len(head) != 1:
            fail("%s: no single heading ending in 'A-B/N'" % path)
        m = HEAD.search(rows[head[0]])
        first, last, n = int(m.group(1)), int(m.group(2)), int(m.group(3))
        hoff = int(m.group(4)) - 1 if m.group(4) else 0
        if total is not None and total != n:
            fail("%s: the text has %d lines here, %d before" % (path, n, total))
        total = n
        for k in range(last - first + 1):
            row = rows[head[0] + 1 + k] if head[0] + 1 + k < len(rows) else ""
            line = first - 1 + k
            # Without the last column: the marks that say there is more
            # above or below.
            text.setdefault(line, []).append(row[DOC_X:cols - 1])
            seen.setdefault(line, []).append(
                (hoff, row[CODE_X:CODE_X + width].ljust(width), path))
    if total is None:
        fail("no screens")
    missing = [i for i in range(total) if i not in text]
    if missing:
        fail("lines never shown: %s" % missing)
    start = [i for i in range(total)
             if any(t.rstrip() == "Commands:" for t in text[i])]
    if len(start) != 1:
        fail("no single 'Commands:' line")
    line = start[0] + 1
    while line < total and any(t.strip() for t in text[line]):
        cells = {}
        for hoff, code, path in seen[line]:
            lo = 1 if hoff > 0 and code[0] == MARK else 0
            hi = width - 1 if code[width - 1] == MARK else width
            for i in range(lo, hi):
                c = hoff + i
                if c in cells and cells[c] != code[i]:
                    fail("%s: line %d column %d is %r here, %r before"
                         % (path, line + 1, c + 1, code[i], cells[c]))
                cells[c] = code[i]
        cols_seen = sorted(cells)
        if not cols_seen or cols_seen != list(range(len(cols_seen))):
            gaps = sorted(set(range(max(cols_seen) + 1)) - set(cols_seen)) if cols_seen else []
            fail("line %d: columns never seen: %s" % (line + 1, gaps[:20]))
        print("".join(cells[c] for c in cols_seen).rstrip())
        line += 1

main()
