/* The one-line editor. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "tui/nc.h"
#include "tui/draw.h"
#include "tui/edit.h"
#include "xmalloc.h"

/* What ends a word for Ctrl-W besides spaces: the parts of names, ports
 * and paths. */
#define SEPS L"./:"

void
tui_edit_start(struct tui_edit *e, const char *text, size_t max)
{
    size_t n;

    tui_edit_clear(e);
    e->max = max;
    e->cap = max + 1;
    e->buf = xcalloc(e->cap, sizeof *e->buf);
    if (text && (n = mbstowcs(NULL, text, 0)) != (size_t)-1) {
        wchar_t *w = xcalloc(n + 1, sizeof *w);
        mbstowcs(w, text, n + 1);
        e->len = n < max ? n : max;
        wmemcpy(e->buf, w, e->len);
        free(w);
    }
    e->pos = e->len;
}

void
tui_edit_clear(struct tui_edit *e)
{
    free(e->buf);
    memset(e, 0, sizeof *e);
}

char *
tui_edit_text(const struct tui_edit *e)
{
    wchar_t *w = xcalloc(e->len + 1, sizeof *w);
    size_t n;
    char *s;

    wmemcpy(w, e->buf, e->len);
    n = wcstombs(NULL, w, 0);
    if (n == (size_t)-1) {
        free(w);
        return xstrdup("");
    }
    s = xmalloc(n + 1);
    wcstombs(s, w, n + 1);
    free(w);
    return s;
}

enum tui_edit_result
tui_edit_key(struct tui_edit *e, int ch, bool keycode)
{
    if (keycode) {
        switch (ch) {
        case KEY_ENTER:
            return EDIT_DONE;
        case KEY_LEFT:
            if (e->pos)
                e->pos--;
            break;
        case KEY_RIGHT:
            if (e->pos < e->len)
                e->pos++;
            break;
        case KEY_HOME:
            e->pos = 0;
            break;
        case KEY_END:
            e->pos = e->len;
            break;
        case KEY_BACKSPACE:
            goto backspace;
        case KEY_DC:
            if (e->pos < e->len) {
                wmemmove(e->buf + e->pos, e->buf + e->pos + 1, e->len - e->pos - 1);
                e->len--;
            }
            break;
        default:
            break;
        }
        return EDIT_GOING;
    }
    switch (ch) {
    case '\n':
    case '\r':
        return EDIT_DONE;
    case 27:
        return EDIT_CANCEL;
    case 1: /* Ctrl-A */
        e->pos = 0;
        return EDIT_GOING;
    case 5: /* Ctrl-E */
        e->pos = e->len;
        return EDIT_GOING;
    case 11: /* Ctrl-K */
        e->len = e->pos;
        return EDIT_GOING;
    case 23: { /* Ctrl-W: the word before the cursor (a label of a name) */
        size_t from = e->pos;
        while (from && (iswspace((wint_t)e->buf[from - 1]) || wcschr(SEPS, e->buf[from - 1])))
            from--;
        while (from && !iswspace((wint_t)e->buf[from - 1]) && !wcschr(SEPS, e->buf[from - 1]))
            from--;
        wmemmove(e->buf + from, e->buf + e->pos, e->len - e->pos);
        e->len -= e->pos - from;
        e->pos = from;
        return EDIT_GOING;
    }
    case 21: /* Ctrl-U */
        wmemmove(e->buf, e->buf + e->pos, e->len - e->pos);
        e->len -= e->pos;
        e->pos = 0;
        return EDIT_GOING;
    case 8:
    case 127:
        goto backspace;
    default:
        break;
    }
    if (iswprint((wint_t)ch) && e->len < e->max) {
        wmemmove(e->buf + e->pos + 1, e->buf + e->pos, e->len - e->pos);
        e->buf[e->pos++] = (wchar_t)ch;
        e->len++;
    }
    return EDIT_GOING;
backspace:
    if (e->pos) {
        wmemmove(e->buf + e->pos - 1, e->buf + e->pos, e->len - e->pos);
        e->pos--;
        e->len--;
    }
    return EDIT_GOING;
}

static int
wc_cols(wchar_t c)
{
    int w = wcwidth(c);
    return w < 0 ? 1 : w;
}

void
tui_edit_draw(struct tui_edit *e, int y, int x, int w)
{
    int attr = tui_draw_attr(ROLE_INPUT) | A_REVERSE, cols = 0, cx = x;
    size_t i;

    if (w < 2)
        return;
    /* Keep the cursor inside: scroll left to it, or right until it fits. */
    if (e->pos < e->scroll)
        e->scroll = e->pos;
    for (;;) {
        cols = 0;
        for (i = e->scroll; i < e->pos; i++)
            cols += wc_cols(e->buf[i]);
        if (cols < w - 1 || e->scroll >= e->pos)
            break;
        e->scroll++;
    }
    attron(attr);
    mvhline(y, x, ' ', w);
    move(y, x);
    cols = 0;
    for (i = e->scroll; i < e->len; i++) {
        int cw = wc_cols(e->buf[i]);
        wchar_t c = iswprint((wint_t)e->buf[i]) ? e->buf[i] : L'?';
        if (cols + cw > w)
            break;
        if (i == e->pos)
            cx = x + cols;
        addnwstr(&c, 1);
        cols += cw;
    }
    if (e->pos >= i)
        cx = x + cols;
    attroff(attr);
    if (e->scroll > 0)
        tui_text(y, x, 1, ROLE_DIM, tui_glyph(G_ELLIPSIS));
    e->cy = y;
    e->cx = cx < x + w ? cx : x + w - 1;
}
