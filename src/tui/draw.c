/* Drawing for the wizard: roles, glyphs, column-measured text, documents. */
#include "config.h"

#include <curses.h>
#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "sanitize.h"
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

static void
draw_line(const struct tui_dline *l, int y, int x, int w, bool reverse)
{
    int cur = x, end = x + w;
    size_t i, j;

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
    }
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
        draw_line(l, r.y + y, r.x + 1, cw, selected && focused);
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
