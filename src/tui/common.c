/* Small pieces the steps share: state marks, headings, dates. */
#include "config.h"

#include <stdio.h>
#include <time.h>

#include "i18n.h"
#include "tui/app.h"

const char *
tui_state_glyph(enum tui_state st, unsigned spin)
{
    switch (st) {
    case ST_RUNNING:
        return tui_draw_spinner(spin);
    case ST_OK:
        return tui_glyph(G_OK);
    case ST_WARN:
        return tui_glyph(G_WARN);
    case ST_FAILED:
        return tui_glyph(G_FAIL);
    case ST_PENDING:
        break;
    }
    return tui_glyph(G_PENDING);
}

enum tui_role
tui_state_role(enum tui_state st)
{
    switch (st) {
    case ST_RUNNING:
        return ROLE_RUNNING;
    case ST_OK:
        return ROLE_OK;
    case ST_WARN:
        return ROLE_WARN;
    case ST_FAILED:
        return ROLE_ERROR;
    case ST_PENDING:
        break;
    }
    return ROLE_DIM;
}

int
tui_worst(const struct diag_origin *d, unsigned areas)
{
    int worst = -1;
    size_t i;

    for (i = 0; d && i < d->nfindings; i++) {
        const struct finding_def *def = findings_def(d->findings[i].id);
        if ((areas & AREA_BIT(def->area)) && (worst < 0 || (int)def->severity < worst))
            worst = (int)def->severity;
    }
    return worst;
}

void
tui_heading(int y, int x, int w, const char *title)
{
    int used = tui_text(y, x, w, ROLE_TITLE, title), i;

    for (i = x + used + 1; i < x + w; i++)
        tui_text(y, i, 1, ROLE_DIM, tui_glyph(G_HLINE));
}

void
tui_waiting(struct tui_app *a, struct tui_rect r, const char *what)
{
    const char *mark = tui_busy(a) ? tui_draw_spinner(a->spin) : tui_glyph(G_PENDING);
    int x = r.x + 2;

    x += tui_text(r.y + 1, x, r.w - 4, tui_busy(a) ? ROLE_RUNNING : ROLE_DIM, mark);
    tui_text(r.y + 1, x + 1, r.w - (x - r.x) - 3, ROLE_NORMAL, what);
}

int
tui_max_width(const char *const *labels, size_t n)
{
    int w = 0, lw;
    size_t i;

    for (i = 0; i < n; i++)
        if ((lw = tui_width(labels[i])) > w)
            w = lw;
    return w;
}

bool
tui_scroll_key(struct tui_view *v, enum tui_action act)
{
    size_t page = v->rect.h > 1 ? (size_t)v->rect.h - 1 : 1;

    switch (act) {
    case ACT_UP:
        if (v->top)
            v->top--;
        return true;
    case ACT_DOWN:
        v->top++; /* clamped when drawn */
        return true;
    case ACT_PAGE_UP:
        v->top = v->top > page ? v->top - page : 0;
        return true;
    case ACT_PAGE_DOWN:
        v->top += page;
        return true;
    case ACT_HOME:
        v->top = 0;
        return true;
    case ACT_END:
        v->top = v->doc.nlines;
        return true;
    default:
        return false;
    }
}

bool
tui_select_key(struct tui_view *v, enum tui_action act)
{
    int n = v->doc.nitems, page = v->rect.h > 1 ? v->rect.h - 1 : 1;

    switch (act) {
    case ACT_UP:
        v->sel--;
        break;
    case ACT_DOWN:
        v->sel++;
        break;
    case ACT_PAGE_UP:
        v->sel -= page;
        break;
    case ACT_PAGE_DOWN:
        v->sel += page;
        break;
    case ACT_HOME:
        v->sel = 0;
        break;
    case ACT_END:
        v->sel = n - 1;
        break;
    default:
        return false;
    }
    if (v->sel >= n)
        v->sel = n - 1;
    if (v->sel < 0)
        v->sel = 0;
    return true;
}
