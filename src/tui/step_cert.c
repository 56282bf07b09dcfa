/* Step 4, Certificate: the chain as a tree, as received with order
 * problems marked or (o) as it should be sent; the selected certificate in
 * detail; and the name CloudFront checks against the CN and every SAN,
 * each marked match or not, with the reason.  Three panes; Left/Right
 * move between them. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "report.h"
#include "sanitize.h"
#include "tui/app.h"
#include "xmalloc.h"

/* The step's own state (struct tui_step). */
struct cert_state {
    int pane; /* 0 chain, 1 names */
    bool as_should;
    struct tui_view chain, detail, names;
};

static struct cert_state *
S(const struct tui_app *a)
{
    return tui_step_state(a, STEP_CERT);
}

static void
st_reset(void *st)
{
    struct cert_state *c = st;
    tui_view_reset(&c->chain);
    tui_view_reset(&c->detail);
    tui_view_reset(&c->names);
    c->pane = 0;
}

static void
st_clear(void *st)
{
    struct cert_state *c = st;
    tui_doc_clear(&c->chain.doc);
    tui_doc_clear(&c->detail.doc);
    tui_doc_clear(&c->names.doc);
}

enum { PANE_CHAIN, PANE_DETAIL, PANE_NAMES, PANE_COUNT };

/* How a problem of that severity looks. */
static enum tui_role
problem_role(enum severity sev)
{
    return sev == SEV_ERROR ? ROLE_ERROR : sev == SEV_WARNING ? ROLE_WARN : ROLE_DIM;
}

/* The problem words; lead: two blanks before the first. */
static void
put_problems(struct tui_doc *doc, unsigned bits, bool lead)
{
    const struct chain_problem_def *p;
    size_t i;
    bool first = true;

    for (i = 0; (p = chain_problem_at(i)); i++) {
        enum tui_role role = problem_role(p->severity);
        if (!(bits & p->bit))
            continue;
        tui_doc_put(doc, ROLE_NORMAL, first ? (lead ? "  " : "") : ", ");
        if (role != ROLE_DIM) {
            tui_doc_put(doc, role, tui_glyph(role == ROLE_ERROR ? G_FAIL : G_WARN));
            tui_doc_put(doc, role, " ");
        }
        tui_doc_put(doc, role, _(p->word));
        first = false;
    }
}

/* Items of the chain pane in the current view -> received index. */
static size_t
node_of(const struct tui_app *a, const struct chain_report *c, int item)
{
    if (item < 0)
        item = 0;
    if (S(a)->as_should) {
        if (!c->npath)
            return 0;
        /* The tree is drawn root first: item 0 is the last of the path. */
        return c->path[c->npath - 1 - ((size_t)item < c->npath ? (size_t)item : c->npath - 1)];
    }
    return (size_t)item < c->nnodes ? (size_t)item : c->nnodes - 1;
}

static const char *
name_or(const char *s)
{
    return s ? s : "?";
}

static void
build_chain(struct tui_app *a, const struct diag_origin *d)
{
    const struct chain_report *c = &d->chain;
    struct tui_doc *doc = &S(a)->chain.doc;
    size_t i;

    if (!S(a)->as_should) {
        for (i = 0; i < c->nnodes; i++) {
            const struct chain_node *n = &c->nodes[i];
            tui_doc_line(doc, (int)i);
            tui_doc_put(doc, ROLE_DIM, tui_glyph(i + 1 < c->nnodes ? G_TREE_MID : G_TREE_LAST));
            tui_doc_putf(doc, ROLE_DIM, " #%zu", i);
            /* Marks first: a long subject may be cut, they may not. */
            put_problems(doc, n->problems & ~(unsigned)(CHAIN_P_UNTRUSTED), true);
            tui_doc_put(doc, ROLE_NORMAL, "  ");
            tui_doc_net(doc, ROLE_NORMAL, name_or(n->subject));
            if (n->issuer_index >= 0)
                tui_doc_putf(doc, ROLE_DIM, "  %s #%d", _("issued by"), n->issuer_index);
        }
        if (c->nnodes < d->obs->addrs[d->chain_addr].tls.certs_received) {
            tui_doc_line(doc, -1);
            tui_doc_at(doc, 2, ROLE_DIM, tui_glyph(G_ELLIPSIS));
            tui_doc_putf(doc, ROLE_DIM, _(" %zu more certificates not kept"),
                         d->obs->addrs[d->chain_addr].tls.certs_received - c->nnodes);
        }
        return;
    }
    /* As it should be sent: a tree from the root down to the leaf. */
    tui_doc_line(doc, -1);
    if (c->anchored) {
        tui_doc_put(doc, ROLE_OK, tui_glyph(G_OK));
        tui_doc_put(doc, ROLE_NORMAL, " ");
        tui_doc_net(doc, ROLE_NORMAL, name_or(c->anchor));
        tui_doc_put(doc, ROLE_DIM, "  ");
        tui_doc_put(doc, ROLE_DIM, _("(trusted root, in the trust store)"));
    } else {
        tui_doc_put(doc, ROLE_ERROR, tui_glyph(G_FAIL));
        tui_doc_put(doc, ROLE_ERROR, " ");
        tui_doc_put(doc, ROLE_ERROR, _("no trusted root"));
    }
    for (i = 0; i < c->npath; i++) {
        const struct chain_node *n = &c->nodes[c->path[c->npath - 1 - i]];
        int indent = (int)(i < 12 ? i : 12) * 3;
        tui_doc_line(doc, (int)i);
        tui_doc_at(doc, indent, ROLE_DIM, tui_glyph(G_TREE_LAST));
        tui_doc_putf(doc, ROLE_DIM, " #%zu", n->index);
        put_problems(doc, n->problems & ~(unsigned)(CHAIN_P_OUT_OF_ORDER | CHAIN_P_UNTRUSTED),
                     true);
        tui_doc_put(doc, ROLE_NORMAL, "  ");
        tui_doc_net(doc, ROLE_NORMAL, name_or(n->subject));
    }
    tui_doc_line(doc, -1);
    tui_doc_put(doc, ROLE_DIM, _("Send the leaf first, then each issuer: "));
    for (i = 0; i < c->npath; i++)
        tui_doc_putf(doc, ROLE_NORMAL, "%s#%zu", i ? " " : "", c->path[i]);
    for (i = 0; i < c->nnodes; i++)
        if (c->nodes[i].problems & (CHAIN_P_UNRELATED | CHAIN_P_ROOT)) {
            tui_doc_putf(doc, ROLE_DIM, _("; leave out #%zu"), i);
        }
}

static void
labelled(struct tui_doc *doc, int lw, int w, const char *label, enum tui_role r, const char *text)
{
    char **lines;
    size_t n = tui_wrap(text, w - lw - 1, &lines), i;

    for (i = 0; i < (n ? n : 1); i++) {
        tui_doc_line(doc, -1);
        if (i == 0)
            tui_doc_at(doc, 0, ROLE_DIM, label);
        tui_doc_at(doc, lw + 1, r, n ? lines[i] : "");
    }
    tui_free_lines(lines, n);
}

static void
build_detail(struct tui_app *a, const struct diag_origin *d, int w)
{
    const struct chain_report *c = &d->chain;
    const struct chain_node *n = &c->nodes[node_of(a, c, S(a)->chain.sel)];
    struct tui_doc *doc = &S(a)->detail.doc;
    const char *labels[] = {_("Subject"),   _("Issuer"), _("Valid"),   _("Key"),
                            _("Signature"), "SHA-256",   _("Problems")};
    int lw = tui_max_width(labels, sizeof labels / sizeof *labels);
    char from[16], to[16], *s;

    s = sanitize(name_or(n->subject));
    labelled(doc, lw, w, labels[0], ROLE_NORMAL, s);
    free(s);
    s = sanitize(name_or(n->issuer));
    labelled(doc, lw, w, labels[1], ROLE_NORMAL, s);
    free(s);
    report_date(n->not_before, REPORT_DAY, from, sizeof from);
    report_date(n->not_after, REPORT_DAY, to, sizeof to);
    tui_doc_line(doc, -1);
    tui_doc_at(doc, 0, ROLE_DIM, labels[2]);
    tui_doc_at(doc, lw + 1, ROLE_NORMAL, from);
    tui_doc_putf(doc, ROLE_NORMAL, " %s %s  ", tui_glyph(G_ARROW), to);
    if (n->problems & CHAIN_P_NOT_YET_VALID)
        tui_doc_putf(doc, ROLE_ERROR, "%s %s", tui_glyph(G_FAIL), _("not valid yet"));
    else if (n->days_left < 0)
        tui_doc_putf(doc, ROLE_ERROR, _("%s expired %ld days ago"), tui_glyph(G_FAIL),
                     -n->days_left);
    else
        tui_doc_putf(doc, n->problems & CHAIN_P_EXPIRING ? ROLE_WARN : ROLE_OK,
                     _("%s %ld days left"),
                     tui_glyph(n->problems & CHAIN_P_EXPIRING ? G_WARN : G_OK), n->days_left);
    tui_doc_line(doc, -1);
    tui_doc_at(doc, 0, ROLE_DIM, labels[3]);
    tui_doc_at(doc, lw + 1, n->problems & CHAIN_P_BAD_KEY ? ROLE_ERROR : ROLE_NORMAL, n->key);
    tui_doc_put(doc, ROLE_DIM, "   ");
    tui_doc_put(doc, ROLE_DIM, labels[4]);
    tui_doc_put(doc, ROLE_NORMAL, " ");
    tui_doc_put(doc, n->problems & CHAIN_P_BAD_SIG ? ROLE_ERROR : ROLE_NORMAL, n->sig);
    labelled(doc, lw, w, labels[5], ROLE_NORMAL, n->sha256);
    tui_doc_line(doc, -1);
    tui_doc_at(doc, 0, ROLE_DIM, labels[6]);
    if (!(n->problems & ~(unsigned)CHAIN_P_ROOT)) {
        tui_doc_at(doc, lw + 1, ROLE_OK, tui_glyph(G_OK));
        tui_doc_put(doc, ROLE_OK, " ");
        tui_doc_put(doc, ROLE_OK, _("none"));
    } else {
        tui_doc_at(doc, lw + 1, ROLE_NORMAL, "");
        put_problems(doc, n->problems, false);
    }
}

static void
build_names(struct tui_app *a, const struct diag_origin *d, int w)
{
    const struct name_table *t = &d->names;
    struct tui_doc *doc = &S(a)->names.doc;
    int nw = 16, lim = w - 9 - 12;
    size_t i;

    /* As wide as the longest name, leaving room for the verdict. */
    for (i = 0; i < t->nrows && i < 200; i++) {
        char *c = sanitize(t->rows[i].name ? t->rows[i].name : "");
        if (tui_width(c) > nw)
            nw = tui_width(c);
        free(c);
    }
    if (lim > 44)
        lim = 44;
    if (nw > lim)
        nw = lim > 16 ? lim : 16;
    for (i = 0; i < t->nrows; i++) {
        const struct name_row *r = &t->rows[i];
        /* With SANs the CN is not looked at: neither a match nor a miss. */
        bool ignored = r->kind == NAME_CN && t->has_san && !r->match;
        enum tui_role role = ignored ? ROLE_DIM : r->match ? ROLE_OK : ROLE_ERROR;
        tui_doc_line(doc, (int)i);
        tui_doc_put(doc, role, tui_glyph(ignored ? G_PENDING : r->match ? G_OK : G_FAIL));
        tui_doc_at(doc, 2, ROLE_DIM, names_kind_label(r->kind));
        tui_doc_at(doc, 9, ignored ? ROLE_DIM : ROLE_NORMAL, "");
        tui_doc_net(doc, ignored ? ROLE_DIM : ROLE_NORMAL, r->name ? r->name : "");
        tui_doc_at(doc, 9 + nw + 2, role,
                   ignored    ? _("not used")
                   : r->match ? _("match")
                              : _("no match"));
        if (r->reason) {
            tui_doc_put(doc, ROLE_DIM, ": ");
            tui_doc_put(doc, ROLE_DIM, _(r->reason));
        }
    }
    if (!t->nrows) {
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 2, ROLE_ERROR, _("The certificate names no host at all."));
    }
    if (t->rows_dropped) {
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 2, ROLE_DIM, tui_glyph(G_ELLIPSIS));
        tui_doc_putf(doc, ROLE_DIM, _(" %zu more names not shown"), t->rows_dropped);
    }
}

/* The full text of the selected name, when it is too long for its row,
 * in up to this many lines (a DNS name has at most 253 characters). */
#define FULL_LINES 4

static int
draw_full_name(const struct tui_app *a, const struct diag_origin *d, struct tui_rect r)
{
    const struct name_table *t = &d->names;
    char *clean, **lines;
    size_t n, i;
    int used = 0;

    if (S(a)->pane != PANE_NAMES || S(a)->names.sel < 0 || (size_t)S(a)->names.sel >= t->nrows ||
        !t->rows[S(a)->names.sel].name)
        return 0;
    clean = sanitize(t->rows[S(a)->names.sel].name);
    if (tui_width(clean) > 40) {
        n = tui_wrap(clean, r.w - 4, &lines);
        for (i = 0; i < n && i < FULL_LINES; i++)
            tui_text(r.y + r.h - (int)(n < FULL_LINES ? n : FULL_LINES) + (int)i, r.x + 2, r.w - 4,
                     ROLE_NORMAL, lines[i]);
        used = (int)(n < FULL_LINES ? n : FULL_LINES);
        if (n > FULL_LINES)
            tui_text(r.y + r.h - 1, r.x + r.w - 2, 1, ROLE_DIM, tui_glyph(G_ELLIPSIS));
        tui_free_lines(lines, n);
    }
    free(clean);
    return used;
}

static void
pane_heading(struct tui_app *a, int pane, int y, int x, int w, const char *title)
{
    tui_heading(y, x, w, title);
    /* The focused pane's heading carries a mark. */
    if (S(a)->pane == pane)
        tui_text(y, x - 1 > 0 ? x - 1 : 0, 1, ROLE_KEY, tui_glyph(G_SEP));
}

static void
draw(struct tui_app *a, struct tui_rect r)
{
    const struct diag_origin *d = tui_diag(a);
    struct tui_rect chain, detail, names;
    char *title, *checked;
    int ch, wide = r.w >= 120, lw;

    tui_doc_clear(&S(a)->chain.doc);
    tui_doc_clear(&S(a)->detail.doc);
    tui_doc_clear(&S(a)->names.doc);
    if (!d) {
        tui_waiting(a, r,
                    a->main.active ? _("Waiting for the handshakes to finish.")
                                   : _("No diagnosis: run the probe (r)."));
        return;
    }
    if (d->chain_addr < 0 || !d->chain.nnodes) {
        tui_waiting(a, r, _("No certificate was received: see the Connection step."));
        return;
    }
    if (S(a)->chain.sel >= (int)d->chain.nnodes)
        S(a)->chain.sel = 0;

    /* Geometry: the chain across the top; below it the detail and the
     * names side by side when wide, else stacked. */
    ch = (int)(S(a)->as_should ? d->chain.npath + 2 : d->chain.nnodes + 1);
    if (ch > (wide ? r.h / 3 : 6))
        ch = wide ? r.h / 3 : 6;
    lw = wide ? (r.w * 55 / 100 > 80 ? r.w * 55 / 100 : 80) : r.w;
    chain = (struct tui_rect){r.y + 1, r.x, ch, r.w};
    detail = (struct tui_rect){chain.y + ch + 1, r.x, 0, lw};
    detail.h = wide ? r.y + r.h - detail.y : 7;
    if (wide)
        names = (struct tui_rect){detail.y + 1, r.x + lw, 0, r.w - lw};
    else
        names = (struct tui_rect){detail.y + detail.h + 2, r.x, 0, r.w};
    names.h = r.y + r.h - names.y;

    if (S(a)->as_should)
        title = xstrdup(_("Chain as it should be sent (o: as received)"));
    else
        title = xasprintf(_("Chain from %s, as received (o: as it should be)"),
                          d->obs->addrs[d->chain_addr].text);
    pane_heading(a, PANE_CHAIN, r.y, r.x + 1, r.w - 2, title);
    free(title);
    build_chain(a, d);
    S(a)->chain.rect = chain;
    tui_doc_draw(&S(a)->chain.doc, chain, &S(a)->chain.top, S(a)->chain.sel,
                 S(a)->pane == PANE_CHAIN);

    title = xasprintf(_("Certificate #%zu"), node_of(a, &d->chain, S(a)->chain.sel));
    pane_heading(a, PANE_DETAIL, detail.y - 1, r.x + 1, lw - 2, title);
    free(title);
    detail.x += 1;
    detail.w -= 1;
    build_detail(a, d, detail.w - 2);
    S(a)->detail.rect = detail;
    tui_doc_draw(&S(a)->detail.doc, detail, &S(a)->detail.top, -1, false);

    /* The name CloudFront checks, then the certificate's names.  When the
     * heading with the name does not fit, the name gets a line of its own. */
    checked = sanitize(d->names.checked ? d->names.checked : "?");
    title = xasprintf(_("Name CloudFront checks: %s"), checked);
    if (tui_width(title) + 4 > names.w) {
        pane_heading(a, PANE_NAMES, names.y - 2, names.x + 1, names.w - 2,
                     _("Name CloudFront checks"));
        tui_text(names.y - 1, names.x + 3, names.w - 4, ROLE_NORMAL, checked);
        names.y++;
        names.h--;
    } else {
        pane_heading(a, PANE_NAMES, names.y - 2, names.x + 1, names.w - 2, title);
    }
    free(title);
    free(checked);
    tui_text(names.y - 1, names.x + 1, 1, d->names.match ? ROLE_OK : ROLE_ERROR,
             tui_glyph(d->names.match ? G_OK : G_FAIL));
    tui_text(names.y - 1, names.x + 3, names.w - 4, d->names.match ? ROLE_OK : ROLE_ERROR,
             d->names.match ? _("covered by the certificate")
                            : _("no name in the certificate matches it"));
    build_names(a, d, names.w - 2);
    names.h -= draw_full_name(a, d, names);
    S(a)->names.rect = names;
    tui_doc_draw(&S(a)->names.doc, names, &S(a)->names.top,
                 S(a)->pane == PANE_NAMES ? S(a)->names.sel : -1, true);
}

static bool
key(struct tui_app *a, enum tui_action act, int ch, bool keycode)
{
    (void)ch;
    (void)keycode;
    switch (act) {
    case ACT_LEFT:
        S(a)->pane = (S(a)->pane + PANE_COUNT - 1) % PANE_COUNT;
        return true;
    case ACT_RIGHT:
        S(a)->pane = (S(a)->pane + 1) % PANE_COUNT;
        return true;
    case ACT_ORDER:
        S(a)->as_should = !S(a)->as_should;
        S(a)->chain.sel = 0;
        S(a)->chain.top = 0;
        return true;
    default:
        break;
    }
    switch (S(a)->pane) {
    case PANE_CHAIN:
        if (tui_select_key(&S(a)->chain, act)) {
            S(a)->detail.top = 0;
            return true;
        }
        return false;
    case PANE_DETAIL:
        return tui_scroll_key(&S(a)->detail, act);
    default:
        return tui_select_key(&S(a)->names, act);
    }
}

static void
click(struct tui_app *a, int y, int x)
{
    int item;

    (void)x;
    if ((item = tui_doc_item_at(&S(a)->chain.doc, S(a)->chain.rect, S(a)->chain.top, y)) >= 0) {
        S(a)->pane = PANE_CHAIN;
        S(a)->chain.sel = item;
        S(a)->detail.top = 0;
    } else if ((item = tui_doc_item_at(&S(a)->names.doc, S(a)->names.rect, S(a)->names.top, y)) >=
               0) {
        S(a)->pane = PANE_NAMES;
        S(a)->names.sel = item;
    }
}

/* Search in the focused pane: the chain and the names move their
 * selection to the match, the detail scrolls to it. */
static enum tui_found
search(struct tui_app *a, int dir, bool again)
{
    struct cert_state *c = S(a);
    int sel = c->chain.sel;
    enum tui_found r;

    if (!tui_diag(a))
        return TUI_NOT_FOUND;
    switch (c->pane) {
    case PANE_CHAIN:
        r = tui_search_view(a, &c->chain, &c->chain.doc, true, dir, again, NULL, NULL);
        if (c->chain.sel != sel)
            c->detail.top = 0; /* another certificate's detail */
        return r;
    case PANE_DETAIL:
        return tui_search_view(a, &c->detail, &c->detail.doc, false, dir, again, NULL, NULL);
    default:
        return tui_search_view(a, &c->names, &c->names.doc, true, dir, again, NULL, NULL);
    }
}

static const struct tui_hint *
hint_table(const struct tui_app *a)
{
    static const struct tui_hint chain[] = {{TUI_KEY_UPDOWN, N_("certificate")},
                                            {TUI_KEY_LEFTRIGHT, N_("pane")},
                                            {"/", N_("search")},
                                            {"o", N_("as it should be")},
                                            {NULL, NULL}};
    static const struct tui_hint chain_should[] = {{TUI_KEY_UPDOWN, N_("certificate")},
                                                   {TUI_KEY_LEFTRIGHT, N_("pane")},
                                                   {"/", N_("search")},
                                                   {"o", N_("as received")},
                                                   {NULL, NULL}};
    static const struct tui_hint detail[] = {{TUI_KEY_UPDOWN, N_("scroll")},
                                             {TUI_KEY_LEFTRIGHT, N_("pane")},
                                             {"/", N_("search")},
                                             {NULL, NULL}};
    static const struct tui_hint names[] = {{TUI_KEY_UPDOWN, N_("name (in full when chosen)")},
                                            {TUI_KEY_LEFTRIGHT, N_("pane")},
                                            {"/", N_("search")},
                                            {NULL, NULL}};

    switch (S(a)->pane) {
    case PANE_CHAIN:
        return S(a)->as_should ? chain_should : chain;
    case PANE_DETAIL:
        return detail;
    default:
        return names;
    }
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
    int worst;

    if (!d)
        return a->main.active ? ST_RUNNING : ST_PENDING;
    if (d->chain_addr < 0)
        return ST_PENDING;
    worst = tui_worst(d, tui_step_cert.areas);
    return worst == SEV_ERROR ? ST_FAILED : worst == SEV_WARNING ? ST_WARN : ST_OK;
}

const struct tui_step tui_step_cert = {
    .title = N_("Certificate"),
    .state_size = sizeof(struct cert_state),
    .state_reset = st_reset,
    .state_clear = st_clear,
    /* An AWS-owned Origin Domain Name is a name no certificate can cover:
     * its Names pane shows why. */
    .areas = AREA_BIT(AREA_CERTIFICATE) | AREA_BIT(AREA_ORIGIN),
    .draw = draw,
    .key = key,
    .hints = hints,
    .state = state,
    .click = click,
    .search = search,
};
