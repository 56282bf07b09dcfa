/* Step 5, Diagnosis: the verdict first, large, then the findings, each
 * opening (Enter) to its explanation. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "report.h"
#include "tui/app.h"
#include "xmalloc.h"

/* The step's own state (struct tui_step): the findings list and which
 * findings are open. */
struct diag_state {
    struct tui_view v;
    bool *open; /* by group */
    size_t nopen;
    /* The rows: a finding, or one finding id at several addresses (18
     * addresses refusing are one row with the count and the addresses). */
    size_t *first, *count;
    size_t ngroups;
    /* Search: where the step was last drawn, and whether to draw every
     * finding open (what / looks in). */
    struct tui_rect r;
    bool all_open;
};

static struct diag_state *
S(const struct tui_app *a)
{
    return tui_step_state(a, STEP_DIAG);
}

static void
st_reset(void *st)
{
    struct diag_state *d = st;
    free(d->open);
    d->open = NULL;
    d->nopen = 0;
    tui_view_reset(&d->v);
}

static void
st_clear(void *st)
{
    struct diag_state *d = st;
    free(d->open);
    free(d->first);
    free(d->count);
    tui_doc_clear(&d->v.doc);
}

/* Is finding j one more address of group row g's finding? */
static bool
same_group(const struct diag_origin *d, size_t first, size_t j)
{
    return d->findings[first].addr >= 0 && d->findings[j].addr >= 0 &&
           d->findings[first].id == d->findings[j].id;
}

/* The rows, in the findings' order: a finding at an address joins the row
 * of the first finding with its id at another address. */
static void
make_groups(struct tui_app *a, const struct diag_origin *d)
{
    struct diag_state *st = S(a);
    size_t i, g;

    free(st->first);
    free(st->count);
    st->first = xcalloc(d->nfindings ? d->nfindings : 1, sizeof *st->first);
    st->count = xcalloc(d->nfindings ? d->nfindings : 1, sizeof *st->count);
    st->ngroups = 0;
    for (i = 0; i < d->nfindings; i++) {
        for (g = 0; g < st->ngroups; g++)
            if (same_group(d, st->first[g], i))
                break;
        if (g == st->ngroups) {
            st->first[g] = i;
            st->ngroups++;
        }
        st->count[g]++;
    }
}

/* Which findings are open: one flag each, made when a diagnosis is first
 * shown, with the first (the worst) open. */
static void
ensure_open(struct tui_app *a, const struct diag_origin *d)
{
    make_groups(a, d);
    if (S(a)->open && S(a)->nopen == S(a)->ngroups)
        return;
    free(S(a)->open);
    S(a)->nopen = S(a)->ngroups;
    S(a)->open = xcalloc(S(a)->ngroups ? S(a)->ngroups : 1, sizeof *S(a)->open);
    if (S(a)->ngroups)
        S(a)->open[0] = true;
}

static enum tui_role
severity_role(enum severity s)
{
    return s == SEV_ERROR ? ROLE_ERROR : s == SEV_WARNING ? ROLE_WARN : ROLE_DIM;
}

void
tui_diag_banner(const struct diag_origin *d, struct tui_rect r)
{
    enum tui_role role = d->ok ? ROLE_BANNER_OK : ROLE_BANNER_FAIL;
    char *words, *text;
    int i, w;

    if (d->ok && d->obs && d->obs->chain_file)
        /* certificates read from a file: nothing was connected to */
        words = xstrdup(_("The chain passes; the connection was not checked"));
    else if (d->ok)
        words = xstrdup(_("CloudFront would connect"));
    else if (d->verdict == VERDICT_UNKNOWN)
        words = xstrdup(_("Not checked: CloudFront's answer is unknown"));
    else
        /* TRANSLATORS: %d is 502 or 504, the HTTP status viewers get. */
        words = xasprintf(_("CloudFront would answer %d"), d->cloudfront_status);
    text = xasprintf("%s  %s", tui_glyph(d->ok ? G_OK : G_FAIL), words);
    for (i = 0; i < 3; i++)
        tui_fill(r.y + i, r.x, r.w, role);
    w = tui_width(text);
    tui_text(r.y + 1, r.x + (w < r.w ? (r.w - w) / 2 : 0), r.w, role, text);
    free(text);
    free(words);
}

static void
draw(struct tui_app *a, struct tui_rect r)
{
    const struct diag_origin *d = tui_diag(a);
    struct tui_doc *doc = &S(a)->v.doc;
    struct tui_rect list;
    char *verdict;
    size_t i;
    int w = r.w - 4;

    S(a)->r = r;
    tui_doc_clear(doc);
    if (!d) {
        tui_waiting(a, r,
                    a->main.active ? _("Diagnosing when the probe is done.")
                                   : _("No diagnosis: run the probe (r)."));
        return;
    }
    ensure_open(a, d);
    tui_diag_banner(d, (struct tui_rect){r.y, r.x + 2, 0, r.w - 4});

    verdict = report_verdict(d);
    tui_doc_wrap(doc, -1, 1, w, d->ok ? ROLE_OK : ROLE_ERROR, verdict);
    free(verdict);
    tui_doc_line(doc, -1);
    tui_doc_line(doc, -1);
    if (d->nfindings)
        tui_doc_putf(doc, ROLE_TITLE, _("Findings (%zu): Enter opens one"), d->nfindings);
    else
        tui_doc_put(doc, ROLE_OK, _("No findings: nothing stands in CloudFront's way."));
    for (i = 0; i < S(a)->ngroups; i++) {
        const struct finding *f = &d->findings[S(a)->first[i]];
        const struct finding_def *def = findings_def(f->id);
        enum tui_role role = severity_role(def->severity);
        bool open = S(a)->all_open || S(a)->open[i];
        size_t n = S(a)->count[i], j;

        tui_doc_line(doc, (int)i);
        tui_doc_put(doc, ROLE_DIM, tui_glyph(open ? G_OPEN : G_CLOSED));
        tui_doc_at(doc, 2, role,
                   tui_glyph(def->severity == SEV_ERROR     ? G_FAIL
                             : def->severity == SEV_WARNING ? G_WARN
                                                            : G_PENDING));
        tui_doc_put(doc, role, " ");
        tui_doc_put(doc, role, findings_severity_text(def->severity));
        tui_doc_at(doc, 14, ROLE_NORMAL, _(def->title));
        if (n > 1)
            /* TRANSLATORS: after a finding's title: how many addresses. */
            tui_doc_putf(doc, ROLE_DIM, _("  (%zu addresses)"), n);
        if (!open)
            continue;
        tui_doc_line(doc, (int)i);
        tui_doc_at(doc, 4, ROLE_DIM, def->id);
        if (def->cloudfront_status)
            tui_doc_putf(doc, ROLE_DIM, _("  (CloudFront answers %d)"), def->cloudfront_status);
        if (n == 1 && f->addr >= 0 && (size_t)f->addr < d->obs->naddrs)
            tui_doc_putf(doc, ROLE_DIM, _("  address %s"), d->obs->addrs[f->addr].text);
        if (n > 1) {
            char *addrs = xstrdup(""), *text;

            for (j = S(a)->first[i]; j < d->nfindings; j++) {
                const struct finding *g = &d->findings[j];
                char *more;
                if (!same_group(d, S(a)->first[i], j) || (size_t)g->addr >= d->obs->naddrs)
                    continue;
                more = xasprintf("%s%s%s", addrs, *addrs ? ", " : "", d->obs->addrs[g->addr].text);
                free(addrs);
                addrs = more;
            }
            /* TRANSLATORS: the addresses a grouped finding was seen at. */
            text = xasprintf(_("%zu addresses: %s"), n, addrs);
            tui_doc_wrap(doc, (int)i, 4, w, ROLE_NORMAL, text);
            free(text);
            free(addrs);
        }
        if (f->detail) {
            if (n > 1) {
                /* TRANSLATORS: the first address's detail, for the group. */
                char *t = xasprintf(_("At the first: %s"), f->detail);
                tui_doc_wrap(doc, (int)i, 4, w, ROLE_NORMAL, t);
                free(t);
            } else {
                tui_doc_wrap(doc, (int)i, 4, w, ROLE_NORMAL, f->detail);
            }
        }
        tui_doc_wrap(doc, (int)i, 4, w, ROLE_DIM, _(def->text));
    }
    list = (struct tui_rect){r.y + 4, r.x + 1, r.h - 4, r.w - 2};
    S(a)->v.rect = list;
    if (S(a)->v.sel >= (int)S(a)->ngroups)
        S(a)->v.sel = S(a)->ngroups ? (int)S(a)->ngroups - 1 : 0;
    tui_doc_draw(doc, list, &S(a)->v.top, S(a)->ngroups ? S(a)->v.sel : -1, true);
}

static bool
key(struct tui_app *a, enum tui_action act, int ch, bool keycode)
{
    const struct diag_origin *d = tui_diag(a);
    int sel = S(a)->v.sel;

    (void)ch;
    (void)keycode;
    if (!d || !d->nfindings || !S(a)->open)
        return false;
    switch (act) {
    case ACT_ENTER:
    case ACT_TOGGLE:
        S(a)->open[sel] = !S(a)->open[sel];
        return true;
    case ACT_RIGHT:
        S(a)->open[sel] = true;
        return true;
    case ACT_LEFT:
        S(a)->open[sel] = false;
        return true;
    default:
        return tui_select_key(&S(a)->v, act);
    }
}

static void
click(struct tui_app *a, int y, int x)
{
    int item = tui_doc_item_at(&S(a)->v.doc, S(a)->v.rect, S(a)->v.top, y);

    (void)x;
    if (item < 0 || !S(a)->open || (size_t)item >= S(a)->nopen)
        return;
    if (item == S(a)->v.sel)
        S(a)->open[item] = !S(a)->open[item];
    S(a)->v.sel = item;
}

/* Search: the findings whose text (open or not) has a match are opened
 * first, so that every match is on the list, in its order.  The list is
 * drawn (into curses' screen, not shown: the frame is painted again) with
 * every finding open, then as it now is. */
static enum tui_found
search(struct tui_app *a, int dir, bool again)
{
    struct diag_state *st = S(a);
    size_t top = st->v.top, i;
    int sel = st->v.sel;

    if (!tui_diag(a) || !st->open)
        return TUI_NOT_FOUND;
    st->all_open = true;
    draw(a, st->r);
    st->all_open = false;
    for (i = 0; i < st->v.doc.nlines; i++) {
        int g = st->v.doc.lines[i].item;
        if (g >= 0 && (size_t)g < st->nopen &&
            tui_doc_line_find(&st->v.doc.lines[i], a->search.pattern, NULL))
            st->open[g] = true;
    }
    st->v.top = top;
    st->v.sel = sel;
    draw(a, st->r);
    return tui_search_view(a, &st->v, &st->v.doc, true, dir, again, NULL, NULL);
}

static const struct tui_hint *
hint_table(const struct tui_app *a)
{
    static const struct tui_hint open[] = {{TUI_KEY_UPDOWN, N_("finding")},
                                           {"Enter", N_("close")},
                                           {"/", N_("search")},
                                           {"e", N_("export")},
                                           {"r", N_("re-run")},
                                           {NULL, NULL}};
    static const struct tui_hint closed[] = {{TUI_KEY_UPDOWN, N_("finding")},
                                             {"Enter", N_("open")},
                                             {"/", N_("search")},
                                             {"e", N_("export")},
                                             {"r", N_("re-run")},
                                             {NULL, NULL}};
    static const struct tui_hint none[] = {{"e", N_("export")}, {"r", N_("re-run")}, {NULL, NULL}};
    const struct diag_origin *d = tui_diag(a);
    int sel = S(a)->v.sel;

    if (!d || !d->nfindings || !S(a)->open)
        return none;
    return sel >= 0 && (size_t)sel < S(a)->nopen && S(a)->open[sel] ? open : closed;
}

/* The footer: this view's keys (tui_keys_draw_view_hints adds Tab and ?). */
static void
hints(const struct tui_app *a, int y, int x, int w)
{
    tui_keys_draw_view_hints(hint_table(a), y, x, w);
}

static enum tui_state
state(const struct tui_app *a)
{
    const struct diag_origin *d = tui_diag(a);

    if (!d)
        return a->main.active ? ST_RUNNING : ST_PENDING;
    if (!d->ok)
        return ST_FAILED;
    return tui_worst(d, tui_step_diag.areas) == SEV_WARNING ? ST_WARN : ST_OK;
}

const struct tui_step tui_step_diag = {
    .title = N_("Diagnosis"),
    .state_size = sizeof(struct diag_state),
    .state_reset = st_reset,
    .state_clear = st_clear,
    .areas = TUI_AREAS_ALL,
    .draw = draw,
    .key = key,
    .hints = hints,
    .state = state,
    .click = click,
    .search = search,
};
