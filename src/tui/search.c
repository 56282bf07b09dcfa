/* Search in the focused view: the prompt, the walk from line to line, the
 * footer's messages. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "tui/app.h"
#include "tui/search.h"
#include "xmalloc.h"

void
tui_search_clear(struct tui_search *s)
{
    free(s->pattern);
    memset(s, 0, sizeof *s);
    tui_doc_highlight(NULL, NULL, 0);
}

/* The step's hook with the pattern set; the footer says what happened. */
static void
search_run(struct tui_app *a, int dir, bool again)
{
    enum tui_found r = tui_steps[a->step]->search(a, dir, again);

    if (r == TUI_NOT_FOUND)
        /* TRANSLATORS: the footer after a search (/) that found nothing;
         * %s is what was typed. */
        tui_message(a, ROLE_WARN, _("not found: %s"), a->search.pattern);
    else if (r == TUI_FOUND_WRAPPED)
        tui_message(a, ROLE_WARN, "%s",
                    dir < 0 ? _("search wrapped to the bottom") : _("search wrapped to the top"));
    tui_dirty(a);
}

static void
entered(struct tui_app *a, const char *text)
{
    /* Enter alone searches again for the last pattern, as in less. */
    if (*text) {
        free(a->search.pattern);
        a->search.pattern = xstrdup(text);
        a->search.have = false;
    }
    if (!a->search.pattern)
        return;
    search_run(a, 1, false);
}

static bool
can_search(struct tui_app *a)
{
    if (tui_steps[a->step]->search)
        return true;
    tui_message(a, ROLE_WARN, "%s",
                _("Nothing to search here: / searches the Certificate, Diagnosis and Fix "
                  "steps."));
    return false;
}

void
tui_search_start(struct tui_app *a)
{
    if (!can_search(a))
        return;
    /* TRANSLATORS: the prompt of / on the footer line. */
    tui_prompt(a, _("Search:"), "", entered);
}

void
tui_search_again(struct tui_app *a, int dir)
{
    if (!can_search(a))
        return;
    if (!a->search.pattern) {
        tui_message(a, ROLE_WARN, "%s", _("No search yet: / starts one."));
        return;
    }
    search_run(a, dir, true);
}

/* The item nearest to line i (itself, else the next, else the previous),
 * or -1. */
static int
item_near(const struct tui_doc *d, size_t i)
{
    size_t k;

    for (k = i; k < d->nlines; k++)
        if (d->lines[k].item >= 0)
            return d->lines[k].item;
    for (k = i; k-- > 0;)
        if (d->lines[k].item >= 0)
            return d->lines[k].item;
    return -1;
}

enum tui_found
tui_search_view(struct tui_app *a, struct tui_view *v, const struct tui_doc *text, bool select,
                int dir, bool again, size_t *line, int *col)
{
    struct tui_search *s = &a->search;
    size_t n = text->nlines, h = v->rect.h > 0 ? (size_t)v->rect.h : 1, from, i = 0, doc;
    bool inclusive, wrapped = false;
    size_t first, last;

    if (!s->pattern || !n) {
        s->have = false;
        return TUI_NOT_FOUND;
    }
    /* From the last match while it is on the screen; else from where the
     * view is: its selected item, or its first line shown. */
    if (again && s->have && s->view == v && s->line < n && s->line >= v->top &&
        s->line < v->top + h) {
        from = s->line;
        inclusive = false;
    } else {
        from = v->top;
        if (select && v->sel >= 0 && tui_doc_item_lines(text, v->sel, &first, &last))
            from = first;
        inclusive = dir > 0;
    }
    if (!tui_doc_search(text, 1, 0, from, inclusive, dir, s->pattern, &doc, &i, col, &wrapped)) {
        s->have = false;
        tui_doc_highlight(NULL, NULL, 0);
        return TUI_NOT_FOUND;
    }
    s->have = true;
    s->view = v;
    s->line = i;
    if (line)
        *line = i;
    /* A match already on the screen leaves the view where it is. */
    if (i < v->top || i >= v->top + h)
        v->top = i;
    if (select) {
        int item = item_near(text, i);
        if (item >= 0)
            v->sel = item;
    }
    tui_doc_highlight(&v->doc, s->pattern, i);
    tui_dirty(a);
    return wrapped ? TUI_FOUND_WRAPPED : TUI_FOUND;
}
