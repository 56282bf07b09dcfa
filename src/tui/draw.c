/* Drawing for the wizard: roles, glyphs, column-measured text, documents. */
#include "config.h"

#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "sanitize.h"
#include "tui/nc.h"
#include "tui/draw.h"
#include "xmalloc.h"

/* How each role looks: foreground and background with colour (-1 is the
 * terminal's default), the attribute added then, and the attribute used
 * alone when there is no colour. */
static const struct role_def {
    short fg, bg;
    int colour_attr;
    int mono_attr;
} roles[ROLE_COUNT] = {
    [ROLE_NORMAL] = {-1, -1, A_NORMAL, A_NORMAL},
    [ROLE_TITLE] = {COLOR_CYAN, -1, A_BOLD, A_BOLD},
    [ROLE_DIM] = {-1, -1, A_DIM, A_DIM},
    [ROLE_OK] = {COLOR_GREEN, -1, A_BOLD, A_BOLD},
    [ROLE_ERROR] = {COLOR_RED, -1, A_BOLD, A_BOLD},
    [ROLE_WARN] = {COLOR_YELLOW, -1, A_BOLD, A_NORMAL},
    [ROLE_RUNNING] = {COLOR_CYAN, -1, A_NORMAL, A_NORMAL},
    [ROLE_SELECT] = {-1, -1, A_REVERSE, A_REVERSE},
    [ROLE_STEP] = {COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD},
    [ROLE_BAR] = {-1, -1, A_NORMAL, A_NORMAL},
    [ROLE_BANNER_OK] = {COLOR_BLACK, COLOR_GREEN, A_BOLD, A_REVERSE | A_BOLD},
    [ROLE_BANNER_FAIL] = {COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD},
    [ROLE_KEY] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD},
    [ROLE_CODE] = {COLOR_CYAN, -1, A_NORMAL, A_NORMAL},
    [ROLE_INPUT] = {-1, -1, A_UNDERLINE, A_UNDERLINE},
    [ROLE_BADGE] = {COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE},
    /* Reversed in every theme (as less shows matches); on a row that is
     * reversed already, underlined instead (draw_line). */
    [ROLE_MATCH] = {-1, -1, A_REVERSE | A_BOLD, A_REVERSE | A_BOLD},
    [ROLE_MATCH_CUR] = {COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE | A_BOLD | A_UNDERLINE},
};

/* Glyphs: UTF-8, then the ASCII stand-in. */
static const char *const glyphs[G_COUNT][2] = {
    [G_OK] = {"\u2713", "+"},
    [G_FAIL] = {"\u2717", "x"},
    [G_WARN] = {"!", "!"},
    [G_PENDING] = {"\u00b7", "."},
    [G_ELLIPSIS] = {"\u2026", "~"},
    [G_ARROW] = {"\u2192", ">"},
    [G_TREE_MID] = {"\u251c\u2500", "|-"},
    [G_TREE_LAST] = {"\u2514\u2500", "`-"},
    [G_TREE_PIPE] = {"\u2502 ", "| "},
    [G_HLINE] = {"\u2500", "-"},
    [G_UP] = {"\u2191", "^"},
    [G_DOWN] = {"\u2193", "v"},
    [G_OPEN] = {"\u25be", "-"},
    [G_CLOSED] = {"\u25b8", "+"},
    [G_RADIO_ON] = {"(\u25cf)", "(*)"},
    [G_RADIO_OFF] = {"( )", "( )"},
    [G_SEP] = {"\u203a", ">"},
};

static const char *const spinner_utf8[] = {"\u280b", "\u2819", "\u2839", "\u2838", "\u283c",
                                           "\u2834", "\u2826", "\u2827", "\u2807", "\u280f"};
static const char *const spinner_ascii[] = {"|", "/", "-", "\\"};

static bool use_colour;
static bool use_utf8;

void
tui_draw_init(void)
{
    const char *nc = getenv("NO_COLOR");
    int i;

    use_utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
    use_colour = has_colors() && !(nc && *nc);
    if (!use_colour)
        return;
    start_color();
    bool defaults = use_default_colors() == OK;
    if (COLOR_PAIRS <= ROLE_COUNT) {
        use_colour = false;
        return;
    }
    for (i = 1; i < ROLE_COUNT; i++) {
        short fg = roles[i].fg, bg = roles[i].bg;
        if (!defaults) {
            fg = fg < 0 ? COLOR_WHITE : fg;
            bg = bg < 0 ? COLOR_BLACK : bg;
        }
        init_pair((short)i, fg, bg);
    }
}

int
tui_draw_attr(enum tui_role r)
{
    if (!use_colour)
        return roles[r].mono_attr;
    if (r == ROLE_NORMAL || (roles[r].fg < 0 && roles[r].bg < 0))
        return roles[r].colour_attr;
    return (int)COLOR_PAIR(r) | roles[r].colour_attr;
}

const char *
tui_glyph(enum tui_glyph g)
{
    return glyphs[g][use_utf8 ? 0 : 1];
}

const char *
tui_draw_spinner(unsigned n)
{
    if (use_utf8)
        return spinner_utf8[n % (sizeof spinner_utf8 / sizeof *spinner_utf8)];
    return spinner_ascii[n % (sizeof spinner_ascii / sizeof *spinner_ascii)];
}

/* The next character of s: its length in bytes (0 at the end) and width
 * in columns; anything not printable counts as one column ('?'). */
static size_t
next_char(const char *s, mbstate_t *st, wchar_t *wc, int *cw)
{
    size_t n;

    if (!*s)
        return 0;
    n = mbrtowc(wc, s, MB_CUR_MAX, st);
    if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
        memset(st, 0, sizeof *st);
        *wc = L'?';
        *cw = 1;
        return 1;
    }
    *cw = wcwidth(*wc);
    if (*cw < 0) {
        *wc = L'?';
        *cw = 1;
    }
    return n;
}

int
tui_width(const char *s)
{
    mbstate_t st;
    wchar_t wc;
    int cw, cols = 0;
    size_t n;

    memset(&st, 0, sizeof st);
    while (s && (n = next_char(s, &st, &wc, &cw)) > 0) {
        cols += cw;
        s += n;
    }
    return cols;
}

int
tui_text(int y, int x, int w, enum tui_role r, const char *s)
{
    mbstate_t st;
    wchar_t wc;
    int cw, used = 0, limit, attr = tui_draw_attr(r);
    size_t n;
    bool cut;

    if (w <= 0 || !s || y < 0 || y >= LINES || x >= COLS)
        return 0;
    if (x + w > COLS)
        w = COLS - x;
    cut = tui_width(s) > w;
    limit = cut ? w - tui_width(tui_glyph(G_ELLIPSIS)) : w;
    attron(attr);
    move(y, x);
    memset(&st, 0, sizeof st);
    while ((n = next_char(s, &st, &wc, &cw)) > 0) {
        if (used + cw > limit)
            break;
        addnwstr(&wc, 1);
        used += cw;
        s += n;
    }
    if (cut) {
        while (used < limit) { /* a wide character did not fit */
            addch(' ');
            used++;
        }
        addstr(tui_glyph(G_ELLIPSIS));
        used = w;
    }
    attroff(attr);
    return used;
}

void
tui_fill(int y, int x, int w, enum tui_role r)
{
    int attr = tui_draw_attr(r);

    if (y < 0 || y >= LINES || w <= 0)
        return;
    if (x + w > COLS)
        w = COLS - x;
    attron(attr);
    mvhline(y, x, ' ', w);
    attroff(attr);
}

static void
push_line(char ***lines, size_t *n, const char *start, size_t len)
{
    *lines = xreallocarray(*lines, *n + 1, sizeof **lines);
    (*lines)[(*n)++] = xstrndup(start, len);
}

size_t
tui_wrap(const char *s, int w, char ***lines)
{
    size_t n = 0;
    mbstate_t st;
    wchar_t wc;
    int cw;

    *lines = NULL;
    if (w < 1)
        w = 1;
    if (!s)
        return 0;
    while (*s) {
        /* brk: where the line may end (before a space, or after a wide
         * character: Japanese breaks between any two). */
        const char *start = s, *q = s, *brk = NULL;
        int col = 0;
        size_t len;

        const char *prev = NULL; /* the break before the last wide one */

        memset(&st, 0, sizeof st);
        while (*q && *q != '\n') {
            len = next_char(q, &st, &wc, &cw);
            /* Closing punctuation never starts a line. */
            if (brk == q && wcschr(L"\u3001\u3002\uff0c\uff0e\uff09\u300d\u300f\u3011\uff01\uff1f"
                                   L"\u30fc\u30fb\uff1a\uff1b",
                                   wc))
                brk = prev;
            if (col + cw > w)
                break;
            if (wc == L' ')
                brk = q;
            col += cw;
            q += len;
            if (cw == 2 && col < w) {
                prev = brk;
                brk = q;
            }
        }
        if (!*q || *q == '\n') {
            push_line(lines, &n, start, (size_t)(q - start));
            s = *q ? q + 1 : q;
            continue;
        }
        if (brk && brk > start) {
            push_line(lines, &n, start, (size_t)(brk - start));
            s = brk;
            while (*s == ' ')
                s++;
        } else {
            if (q == start) /* one character wider than the line */
                q += next_char(q, &st, &wc, &cw);
            push_line(lines, &n, start, (size_t)(q - start));
            s = q;
        }
    }
    return n;
}

void
tui_free_lines(char **lines, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

void
tui_box(int y, int x, int h, int w, enum tui_role r)
{
    int attr = tui_draw_attr(r);

    if (h < 2 || w < 2)
        return;
    attron(attr);
    mvhline(y, x + 1, ACS_HLINE, w - 2);
    mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
    mvvline(y + 1, x, ACS_VLINE, h - 2);
    mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
    mvaddch(y, x, ACS_ULCORNER);
    mvaddch(y, x + w - 1, ACS_URCORNER);
    mvaddch(y + h - 1, x, ACS_LLCORNER);
    mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
    attroff(attr);
}

/* ------------------------------------------------------------ documents */

void
tui_doc_clear(struct tui_doc *d)
{
    size_t i, j;

    for (i = 0; i < d->nlines; i++) {
        for (j = 0; j < d->lines[i].nsegs; j++)
            free(d->lines[i].segs[j].text);
        free(d->lines[i].segs);
    }
    free(d->lines);
    memset(d, 0, sizeof *d);
}

void
tui_doc_line(struct tui_doc *d, int item)
{
    if (d->nlines == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 32;
        d->lines = xreallocarray(d->lines, d->cap, sizeof *d->lines);
    }
    memset(&d->lines[d->nlines], 0, sizeof *d->lines);
    d->lines[d->nlines].item = item;
    d->nlines++;
    if (item >= d->nitems)
        d->nitems = item + 1;
}

static void
add_seg(struct tui_doc *d, int col, enum tui_role r, char *text)
{
    struct tui_dline *l;

    if (!d->nlines)
        tui_doc_line(d, -1);
    l = &d->lines[d->nlines - 1];
    l->segs = xreallocarray(l->segs, l->nsegs + 1, sizeof *l->segs);
    l->segs[l->nsegs].text = text;
    l->segs[l->nsegs].role = r;
    l->segs[l->nsegs].col = col;
    l->nsegs++;
}

void
tui_doc_put(struct tui_doc *d, enum tui_role r, const char *text)
{
    add_seg(d, -1, r, xstrdup(text ? text : ""));
}

void
tui_doc_putf(struct tui_doc *d, enum tui_role r, const char *fmt, ...)
{
    va_list ap;
    char *s;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    s = xmalloc(n > 0 ? (size_t)n + 1 : 1);
    s[0] = '\0';
    if (n > 0) {
        va_start(ap, fmt);
        vsnprintf(s, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    add_seg(d, -1, r, s);
}

void
tui_doc_at(struct tui_doc *d, int col, enum tui_role r, const char *text)
{
    add_seg(d, col, r, xstrdup(text ? text : ""));
}

void
tui_doc_net(struct tui_doc *d, enum tui_role r, const char *raw)
{
    add_seg(d, -1, r, sanitize(raw ? raw : ""));
}

void
tui_doc_wrap(struct tui_doc *d, int item, int indent, int w, enum tui_role r, const char *text)
{
    char **lines;
    size_t n = tui_wrap(text, w - indent, &lines), i;

    for (i = 0; i < n; i++) {
        tui_doc_line(d, item);
        tui_doc_at(d, indent, r, lines[i]);
    }
    tui_free_lines(lines, n);
}

bool
tui_doc_item_lines(const struct tui_doc *d, int item, size_t *first, size_t *last)
{
    size_t i;
    bool found = false;

    for (i = 0; i < d->nlines; i++)
        if (d->lines[i].item == item) {
            if (!found)
                *first = i;
            *last = i;
            found = true;
        }
    return found;
}

/* ------------------------------------------------------------- matches */

/* s as lower-case wide characters, decoded as tui_text draws it (so that
 * character i here is the i-th drawn); appended to *out at *n. */
static void
lower_wide(const char *s, wchar_t **out, size_t *n, size_t *cap)
{
    mbstate_t st;
    wchar_t wc;
    int cw;
    size_t len;

    memset(&st, 0, sizeof st);
    while (s && (len = next_char(s, &st, &wc, &cw)) > 0) {
        if (*n + 1 >= *cap) {
            *cap = *cap ? *cap * 2 : 64;
            *out = xreallocarray(*out, *cap, sizeof **out);
        }
        (*out)[(*n)++] = (wchar_t)towlower((wint_t)wc);
        s += len;
    }
}

/* The line's segments joined, lower case; *starts (may be NULL) gets,
 * fresh, where each segment's characters start.  Fresh; *n characters. */
static wchar_t *
line_text(const struct tui_dline *l, size_t *n, size_t **starts)
{
    wchar_t *out = NULL;
    size_t cap = 0, i;

    *n = 0;
    if (starts)
        *starts = xcalloc(l->nsegs + 1, sizeof **starts);
    for (i = 0; i < l->nsegs; i++) {
        if (starts)
            (*starts)[i] = *n;
        lower_wide(l->segs[i].text, &out, n, &cap);
    }
    if (starts)
        (*starts)[l->nsegs] = *n;
    if (!out)
        out = xcalloc(1, sizeof *out);
    return out;
}

/* Where pat (np characters) occurs in t (nt) from character from on, or
 * (size_t)-1. */
static size_t
find_wide(const wchar_t *t, size_t nt, const wchar_t *pat, size_t np, size_t from)
{
    size_t i;

    if (!np || np > nt)
        return (size_t)-1;
    for (i = from; i + np <= nt; i++)
        if (wmemcmp(t + i, pat, np) == 0)
            return i;
    return (size_t)-1;
}

bool
tui_doc_line_find(const struct tui_dline *l, const char *pattern, int *col)
{
    wchar_t *pat = NULL, *t;
    size_t np = 0, cap = 0, nt, at, i;

    lower_wide(pattern, &pat, &np, &cap);
    t = line_text(l, &nt, NULL);
    at = find_wide(t, nt, pat, np, 0);
    if (at != (size_t)-1 && col) {
        *col = 0;
        for (i = 0; i < at; i++)
            *col += wcwidth(t[i]) > 0 ? wcwidth(t[i]) : 1;
    }
    free(t);
    free(pat);
    return at != (size_t)-1;
}

bool
tui_doc_search(const struct tui_doc *docs, size_t ndocs, size_t doc, size_t line, bool inclusive,
               int dir, const char *pattern, size_t *at_doc, size_t *at_line, int *col,
               bool *wrapped)
{
    size_t n = 0, from = 0, k, g, i, j, nl;

    /* The documents as one run of n lines; from: the start's place in it
     * (a line past its document's end: that document's last line; an
     * empty document: between the one before and the one after, as if
     * the walk had just left it). */
    for (i = 0; i < ndocs; i++) {
        nl = docs[i].nlines;
        if (i == doc) {
            from = n + (line < nl ? line : nl ? nl - 1 : 0);
            if (!nl)
                inclusive = dir > 0;
        }
        n += nl;
    }
    if (!n || !pattern || !*pattern)
        return false;
    for (k = inclusive ? 0 : 1; k <= n; k++) {
        g = dir > 0 ? (from + k) % n : (from + n - k % n) % n;
        for (i = 0, j = g; j >= docs[i].nlines; i++)
            j -= docs[i].nlines;
        if (tui_doc_line_find(&docs[i].lines[j], pattern, col)) {
            *at_doc = i;
            *at_line = j;
            if (wrapped)
                *wrapped = dir > 0 ? from + k >= n : k > from;
            return true;
        }
    }
    return false;
}

/* The document whose matches are shown, and the pattern (lower case). */
static const struct tui_doc *hl_doc;
static wchar_t *hl_pat;
static size_t hl_len, hl_cur;

void
tui_doc_highlight(const struct tui_doc *d, const char *pattern, size_t cur)
{
    size_t cap = 0;

    hl_cur = cur;
    free(hl_pat);
    hl_pat = NULL;
    hl_len = 0;
    hl_doc = d && pattern && *pattern ? d : NULL;
    if (hl_doc)
        lower_wide(pattern, &hl_pat, &hl_len, &cap);
    if (!hl_len)
        hl_doc = NULL;
}

/* The matches on line l, drawn again in the match role (cur: the current
 * match's line): segment i was drawn from column seg_x[i] (-1: not drawn)
 * in seg_w[i] columns.  On a reversed row a match is underlined, so that
 * it still stands out. */
static void
draw_matches(const struct tui_dline *l, int y, const int *seg_x, const int *seg_w, bool reverse,
             bool cur)
{
    size_t nt, *starts, at, i, k;
    wchar_t *t = line_text(l, &nt, &starts);
    int attr = cur       ? tui_draw_attr(ROLE_MATCH_CUR)
               : reverse ? (int)(A_REVERSE | A_BOLD | A_UNDERLINE)
                         : tui_draw_attr(ROLE_MATCH);

    for (at = find_wide(t, nt, hl_pat, hl_len, 0); at != (size_t)-1;
         at = find_wide(t, nt, hl_pat, hl_len, at + hl_len)) {
        for (i = 0; i < l->nsegs; i++) {
            int colx = seg_x[i];
            if (seg_x[i] < 0 || starts[i + 1] <= at || starts[i] >= at + hl_len)
                continue;
            for (k = starts[i]; k < starts[i + 1]; k++) {
                int cw = wcwidth(t[k]) > 0 ? wcwidth(t[k]) : 1;
                if (colx + cw > seg_x[i] + seg_w[i])
                    break; /* cut: not on the screen */
                if (k >= at && k < at + hl_len)
                    mvchgat(y, colx, cw, (attr_t)(attr & ~A_COLOR), (short)PAIR_NUMBER(attr), NULL);
                colx += cw;
            }
        }
    }
    free(starts);
    free(t);
}

static void
draw_line(const struct tui_dline *l, int y, int x, int w, bool reverse, int highlight)
{
    int cur = x, end = x + w;
    size_t i, j;
    int *seg_x = highlight ? xcalloc(l->nsegs + 1, sizeof *seg_x) : NULL;
    int *seg_w = highlight ? xcalloc(l->nsegs + 1, sizeof *seg_w) : NULL;

    for (i = 0; i < l->nsegs; i++) {
        const struct tui_seg *s = &l->segs[i];
        int start = s->col >= 0 ? x + s->col : cur, limit = end, attr;

        if (start < cur)
            start = cur;
        for (j = i + 1; j < l->nsegs; j++)
            if (l->segs[j].col >= 0) {
                /* One blank before the next column, unless flush. */
                limit = x + l->segs[j].col - (l->segs[j].col > 0 ? 1 : 0);
                break;
            }
        if (limit > end)
            limit = end;
        if (seg_x)
            seg_x[i] = -1;
        if (start >= limit)
            continue;
        if (reverse) {
            attr = tui_draw_attr(s->role) | A_REVERSE;
            attron(attr);
            cur = start + tui_text(y, start, limit - start, ROLE_NORMAL, s->text);
            attroff(attr);
        } else {
            cur = start + tui_text(y, start, limit - start, s->role, s->text);
        }
        if (seg_x) {
            seg_x[i] = start;
            /* A cut segment ends with the ellipsis: not part of the text. */
            seg_w[i] = tui_width(s->text) > limit - start
                           ? limit - start - tui_width(tui_glyph(G_ELLIPSIS))
                           : cur - start;
        }
    }
    if (highlight)
        draw_matches(l, y, seg_x, seg_w, reverse, highlight == 2);
    free(seg_x);
    free(seg_w);
}

void
tui_doc_draw(const struct tui_doc *d, struct tui_rect r, size_t *top, int sel, bool focused)
{
    size_t first = 0, last = 0;
    int y, h = r.h, cw = r.w - 2;
    bool have = false;

    if (h <= 0 || cw <= 0)
        return;
    if (sel >= 0 && (have = tui_doc_item_lines(d, sel, &first, &last))) {
        size_t keep = last;
        /* At the last item, what follows it (a "more not shown" line) too. */
        if (sel == d->nitems - 1)
            last = d->nlines - 1;
        if (last >= *top + (size_t)h)
            *top = last + 1 - (size_t)h;
        if (first < *top)
            *top = first;
        last = keep;
    }
    if (d->nlines <= (size_t)h)
        *top = 0;
    else if (*top > d->nlines - (size_t)h)
        *top = d->nlines - (size_t)h;
    for (y = 0; y < h && *top + (size_t)y < d->nlines; y++) {
        size_t li = *top + (size_t)y;
        const struct tui_dline *l = &d->lines[li];
        bool selected = have && l->item == sel;

        if (selected && focused)
            tui_fill(r.y + y, r.x, r.w - 1, ROLE_SELECT);
        /* The mark on the first visible line of the selected item. */
        if (selected && (li == first || y == 0))
            tui_text(r.y + y, r.x, 1, focused ? ROLE_SELECT : ROLE_TITLE, tui_glyph(G_SEP));
        /* highlight: 0 none, 1 the matches, 2 those of the current one */
        draw_line(l, r.y + y, r.x + 1, cw, selected && focused,
                  d != hl_doc    ? 0
                  : li == hl_cur ? 2
                                 : 1);
    }
    if (*top > 0)
        tui_text(r.y, r.x + r.w - 1, 1, ROLE_DIM, tui_glyph(G_UP));
    if (*top + (size_t)h < d->nlines)
        tui_text(r.y + h - 1, r.x + r.w - 1, 1, ROLE_DIM, tui_glyph(G_DOWN));
}

int
tui_doc_item_at(const struct tui_doc *d, struct tui_rect r, size_t top, int y)
{
    size_t i;

    if (y < r.y || y >= r.y + r.h)
        return -1;
    i = top + (size_t)(y - r.y);
    return i < d->nlines ? d->lines[i].item : -1;
}
