/* Step 6, Fix: the guide as a checklist.  First the custom domain to use
 * (the candidates that point to the same load balancer, or one typed in),
 * then the steps the fix guide built for it (ACM certificate, Route 53
 * record, CloudFront origin settings...), each with its commands filled
 * in: c copies them (OSC 52), p shows them plainly to copy by hand. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "sanitize.h"
#include "tui/app.h"
#include "xmalloc.h"

/* List items: the domain choices (when the fix is a custom domain: each
 * candidate, then "type one"), then the fix steps. */
static size_t
nchoices(const struct diag_origin *d)
{
    return tui_wants_custom_domain(d) ? d->ncandidates + 1 : 0;
}

static void
ensure_done(struct tui_app *a, const struct diag_origin *d)
{
    if (a->fix.done && a->fix.ndone == d->nfixes)
        return;
    free(a->fix.done);
    a->fix.ndone = d->nfixes;
    a->fix.done = xcalloc(d->nfixes ? d->nfixes : 1, sizeof *a->fix.done);
}

static bool
is_chosen(const struct tui_app *a, const char *name)
{
    const char *dom = tui_custom_domain(a);
    return dom && name && strcmp(dom, name) == 0 && !a->fix.typed;
}

static void
build_list(struct tui_app *a, const struct diag_origin *d)
{
    struct tui_doc *doc = &a->fix.list.doc;
    size_t nc = nchoices(d), i;
    int item = 0;

    if (nc) {
        tui_doc_line(doc, -1);
        tui_doc_put(doc, ROLE_TITLE, _("Custom domain to use as Origin Domain Name"));
        for (i = 0; i + 1 < nc; i++, item++) {
            const struct candidate *c = &d->candidates[i];
            bool on = is_chosen(a, c->name);
            tui_doc_line(doc, item);
            tui_doc_at(doc, 2, on ? ROLE_OK : ROLE_NORMAL,
                       tui_glyph(on ? G_RADIO_ON : G_RADIO_OFF));
            tui_doc_put(doc, ROLE_NORMAL, " ");
            tui_doc_net(doc, on ? ROLE_OK : ROLE_NORMAL, c->name);
            if (c->why) {
                tui_doc_put(doc, ROLE_DIM, "  ");
                tui_doc_put(doc, ROLE_DIM, _(c->why));
            }
        }
        tui_doc_line(doc, item);
        tui_doc_at(doc, 2, a->fix.typed ? ROLE_OK : ROLE_NORMAL,
                   tui_glyph(a->fix.typed ? G_RADIO_ON : G_RADIO_OFF));
        tui_doc_put(doc, ROLE_NORMAL, " ");
        if (a->fix.typed) {
            tui_doc_net(doc, ROLE_OK, a->fix.domain);
            tui_doc_put(doc, ROLE_DIM, "  ");
            tui_doc_put(doc, ROLE_DIM, _("typed in; Enter to change it"));
        } else if (!d->ncandidates && tui_custom_domain(a)) {
            tui_doc_net(doc, ROLE_NORMAL, tui_custom_domain(a));
            tui_doc_put(doc, ROLE_DIM, "  ");
            tui_doc_put(doc, ROLE_DIM, _("suggested; Enter to type another"));
        } else {
            tui_doc_put(doc, ROLE_NORMAL, _("Type another name"));
            tui_doc_put(doc, ROLE_NORMAL, tui_glyph(G_ELLIPSIS));
        }
        item++;
        tui_doc_line(doc, -1);
    }
    tui_doc_line(doc, -1);
    if (d->nfixes)
        tui_doc_putf(doc, ROLE_TITLE,
                     _("Steps (%zu): Space ticks one off, c copies, p shows plainly"), d->nfixes);
    else
        tui_doc_put(doc, ROLE_OK, _("Nothing to fix."));
    for (i = 0; i < d->nfixes; i++, item++) {
        bool done = a->fix.done[i];
        tui_doc_line(doc, item);
        tui_doc_at(doc, 2, done ? ROLE_OK : ROLE_NORMAL, done ? "[x]" : "[ ]");
        tui_doc_putf(doc, done ? ROLE_DIM : ROLE_NORMAL, " %zu. ", i + 1);
        tui_doc_put(doc, done ? ROLE_DIM : ROLE_NORMAL, d->fixes[i].title);
    }
}

static void
build_detail(struct tui_app *a, const struct diag_origin *d, int w)
{
    struct tui_doc *doc = &a->fix.detail.doc;
    size_t nc = nchoices(d);
    int sel = a->fix.list.sel;
    const struct fix_step *f;
    char **lines;
    size_t n, i;

    if (sel < (int)nc) {
        if ((size_t)sel + 1 < nc) {
            char *name = sanitize(d->candidates[sel].name);
            /* TRANSLATORS: a host name, then why it is suggested. */
            char *t = xasprintf(_("%s: %s. Enter makes it the custom domain; the steps below "
                                  "are written for it."),
                                name, d->candidates[sel].why ? _(d->candidates[sel].why) : "");
            tui_doc_wrap(doc, -1, 0, w, ROLE_NORMAL, t);
            free(t);
            free(name);
        } else {
            tui_doc_wrap(doc, -1, 0, w, ROLE_NORMAL,
                         _("Enter a name in a domain you control, for the load balancer (or "
                           "origin) behind this Origin Domain Name; the steps are rewritten for "
                           "it."));
        }
        return;
    }
    if ((size_t)(sel - (int)nc) >= d->nfixes)
        return;
    f = &d->fixes[sel - (int)nc];
    if (f->why)
        tui_doc_wrap(doc, -1, 0, w, ROLE_NORMAL, f->why);
    if (f->commands) {
        /* One command a line; where a line is too long, its continuation
         * is indented further (c and p give the lines as they are). */
        const char *p = f->commands, *nl;
        tui_doc_line(doc, -1);
        while (*p) {
            char *one;
            nl = strchr(p, '\n');
            one = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
            n = tui_wrap(one, w - 6, &lines);
            for (i = 0; i < n; i++) {
                tui_doc_line(doc, -1);
                tui_doc_at(doc, i ? 6 : 2, ROLE_CODE, lines[i]);
            }
            if (!n)
                tui_doc_line(doc, -1);
            tui_free_lines(lines, n);
            free(one);
            if (!nl)
                break;
            p = nl + 1;
        }
    }
    if (f->verify) {
        tui_doc_line(doc, -1);
        tui_doc_line(doc, -1);
        tui_doc_put(doc, ROLE_TITLE, _("Check that it worked:"));
        tui_doc_wrap(doc, -1, 2, w, ROLE_NORMAL, f->verify);
    }
}

static void
draw(struct tui_app *a, struct tui_rect r)
{
    const struct diag_origin *d = tui_diag(a);
    struct tui_rect list, detail;
    size_t nc;
    int lh, nitems;
    char *title;

    tui_doc_clear(&a->fix.list.doc);
    tui_doc_clear(&a->fix.detail.doc);
    if (!d) {
        tui_waiting(a, r,
                    a->main.active ? _("The fix comes with the diagnosis.")
                                   : _("No diagnosis: run the probe (r)."));
        return;
    }
    ensure_done(a, d);
    nc = nchoices(d);
    build_list(a, d);
    nitems = (int)(nc + d->nfixes);
    if (a->fix.list.sel >= nitems)
        a->fix.list.sel = nitems ? nitems - 1 : 0;
    lh = (int)a->fix.list.doc.nlines;
    if (lh > r.h / 2)
        lh = r.h / 2;
    list = (struct tui_rect){r.y, r.x, lh, r.w};
    a->fix.list.rect = list;
    tui_doc_draw(&a->fix.list.doc, list, &a->fix.list.top, nitems ? a->fix.list.sel : -1, true);

    detail = (struct tui_rect){r.y + lh + 1, r.x + 2, r.h - lh - 1, r.w - 2};
    if (a->fix.list.sel >= (int)nc && (size_t)(a->fix.list.sel - (int)nc) < d->nfixes)
        title = xasprintf("%d. %s", a->fix.list.sel - (int)nc + 1,
                          d->fixes[a->fix.list.sel - (int)nc].title);
    else
        title = xstrdup(_("Custom domain"));
    tui_heading(detail.y - 1, r.x + 1, r.w - 2, title);
    free(title);
    build_detail(a, d, detail.w - 2);
    a->fix.detail.rect = detail;
    tui_doc_draw(&a->fix.detail.doc, detail, &a->fix.detail.top, -1, false);
}

static void
typed(struct tui_app *a, const char *text)
{
    const char *err = NULL;

    if (!*text)
        return;
    if (!tui_choose_domain(a, text, true, &err))
        tui_message(a, ROLE_ERROR, "%s %s", tui_glyph(G_FAIL), err);
}

/* The commands of the selected step, or of every step. */
static char *
commands(const struct tui_app *a, const struct diag_origin *d)
{
    size_t nc = nchoices(d), i, len = 0;
    int sel = a->fix.list.sel;
    char *all;

    if (sel >= (int)nc && (size_t)(sel - (int)nc) < d->nfixes)
        return d->fixes[sel - (int)nc].commands ? xstrdup(d->fixes[sel - (int)nc].commands) : NULL;
    for (i = 0; i < d->nfixes; i++)
        if (d->fixes[i].commands)
            len += strlen(d->fixes[i].commands) + 1;
    if (!len)
        return NULL;
    all = xcalloc(len + 1, 1);
    for (i = 0; i < d->nfixes; i++)
        if (d->fixes[i].commands) {
            strcat(all, d->fixes[i].commands);
            strcat(all, "\n");
        }
    return all;
}

static bool
key(struct tui_app *a, enum tui_action act, int ch, bool keycode)
{
    const struct diag_origin *d = tui_diag(a);
    size_t nc;
    int sel = a->fix.list.sel;
    char *cmds;
    const char *err;

    (void)ch;
    (void)keycode;
    if (!d)
        return false;
    ensure_done(a, d);
    nc = nchoices(d);
    switch (act) {
    case ACT_ENTER:
    case ACT_TOGGLE:
        if (sel < (int)nc) {
            if ((size_t)sel + 1 < nc) {
                if (!tui_choose_domain(a, d->candidates[sel].name, false, &err))
                    tui_message(a, ROLE_ERROR, "%s", err);
            } else if (act == ACT_ENTER) {
                tui_prompt(a, _("Custom domain:"), a->fix.typed ? a->fix.domain : "", typed);
            }
        } else if ((size_t)(sel - (int)nc) < d->nfixes) {
            a->fix.done[sel - (int)nc] = !a->fix.done[sel - (int)nc];
            if (act == ACT_ENTER && a->fix.done[sel - (int)nc])
                tui_select_key(&a->fix.list, ACT_DOWN);
        }
        return true;
    case ACT_COPY:
    case ACT_PLAIN:
        cmds = commands(a, d);
        if (!cmds)
            tui_message(a, ROLE_WARN, "%s", _("This step has no commands."));
        else if (act == ACT_COPY)
            tui_copy(a, cmds);
        else
            tui_plain(a, cmds);
        free(cmds);
        return true;
    case ACT_PAGE_UP:
    case ACT_PAGE_DOWN:
        return tui_scroll_key(&a->fix.detail, act);
    default:
        if (tui_select_key(&a->fix.list, act)) {
            a->fix.detail.top = 0;
            return true;
        }
        return false;
    }
}

static void
click(struct tui_app *a, int y, int x)
{
    int item = tui_doc_item_at(&a->fix.list.doc, a->fix.list.rect, a->fix.list.top, y);

    (void)x;
    if (item >= 0) {
        a->fix.list.sel = item;
        a->fix.detail.top = 0;
    }
}

static enum tui_state
state(const struct tui_app *a)
{
    const struct diag_origin *d = tui_diag(a);

    if (!d)
        return ST_PENDING;
    if (d->ok || (a->verify.diag && a->verify.diag->norigins && a->verify.diag->origins[0].ok))
        return ST_OK;
    return ST_PENDING;
}

const struct tui_step tui_step_fix = {
    .title = N_("Fix"),
    .draw = draw,
    .key = key,
    .state = state,
    .click = click,
};
