/* Step 1, Origin: where the origins come from (a host name typed, a
 * certificate file judged offline, or a distribution read with the AWS CLI
 * or from a saved file), the list of origins (when there are several, or
 * a distribution's probes with the behaviours that reach them) and the
 * form with the origin's settings as CloudFront has them. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wctype.h>

#include "distconfig.h"
#include "distrun.h"
#include "i18n.h"
#include "sanitize.h"
#include "tui/nc.h"
#include "tui/app.h"
#include "xmalloc.h"

/* The step's own state (struct tui_step): the form. */
enum tui_form_field {
    FF_NAME,
    FF_PORT,
    FF_FORWARD,
    FF_HOST,
    FF_MINPROTO,
    FF_POLICY,
    FF_FILE,
    FF_DIST,
    FF_RUN,
    FF_SOURCE,
    FF_COUNT
};

/* The fields each source shows, in order. */
/* The source comes after the button (End goes to the button, Down from
 * it to the source). */
static const int host_fields[] = {FF_NAME,     FF_PORT,   FF_FORWARD, FF_HOST,
                                  FF_MINPROTO, FF_POLICY, FF_RUN,     FF_SOURCE};
static const int file_fields[] = {FF_FILE, FF_NAME, FF_FORWARD, FF_HOST, FF_RUN, FF_SOURCE};
static const int dist_fields[] = {FF_DIST, FF_RUN, FF_SOURCE};

struct origin_state {
    int field;              /* the row: origins (field_at -1) and fields, see row_* */
    enum tui_source source; /* the source the form shows */
    bool source_set;        /* source taken from the app once */
    char *file, *dist;      /* the certificate file, the distribution typed */
    bool editing;
    struct tui_edit edit;
    /* The port field edits the port of the policy's protocol. */
    char *name, *https_port, *http_port, *host;
    bool forward;
    enum target_proto min_proto;
    enum target_policy policy;
    const char *error; /* translated (static, engine-owned or error_owned) */
    char *error_owned;
    char *dist_loaded; /* the distribution text last read, or NULL */
    char *fetching;    /* the distribution text being read with the AWS CLI, or NULL */
    int error_field;
    struct tui_view list;
    size_t loaded; /* which origin the form holds */
};

static struct origin_state *
S(const struct tui_app *a)
{
    return tui_step_state(a, STEP_ORIGIN);
}

static bool field_pending(const struct tui_app *a, int f);

static void
st_init(void *st)
{
    struct origin_state *f = st;
    f->field = FF_NAME;
    f->loaded = (size_t)-1; /* none yet */
}

static void
st_clear(void *st)
{
    struct origin_state *f = st;
    free(f->name);
    free(f->https_port);
    free(f->http_port);
    free(f->host);
    free(f->file);
    free(f->dist);
    free(f->error_owned);
    free(f->dist_loaded);
    free(f->fetching);
    tui_edit_clear(&f->edit);
    tui_doc_clear(&f->list.doc);
}

/* The cursor is in the field being edited. */
static bool
cursor(const struct tui_app *a, int *y, int *x)
{
    if (!S(a)->editing)
        return false;
    *y = S(a)->edit.cy;
    *x = S(a)->edit.cx;
    return true;
}

#define FIELD_W 60 /* columns of a text field at most */

static const char *const field_labels[FF_COUNT] = {
    [FF_NAME] = N_("Origin Domain Name"),
    [FF_PORT] = N_("HTTPS port"),
    [FF_FORWARD] = N_("Forward the Host header"),
    [FF_HOST] = N_("Host header the viewers send"),
    [FF_MINPROTO] = N_("Minimum origin SSL protocol"),
    [FF_POLICY] = N_("Origin protocol policy"),
    [FF_FILE] = N_("Certificate file"),
    [FF_DIST] = N_("Distribution (id, domain or file)"),
    [FF_RUN] = "",
    [FF_SOURCE] = N_("Start from"),
};

static const int *
fields(const struct tui_app *a, int *n)
{
    switch (S(a)->source) {
    case TUI_SOURCE_FILE:
        *n = (int)(sizeof file_fields / sizeof *file_fields);
        return file_fields;
    case TUI_SOURCE_DIST:
        *n = (int)(sizeof dist_fields / sizeof *dist_fields);
        return dist_fields;
    default:
        *n = (int)(sizeof host_fields / sizeof *host_fields);
        return host_fields;
    }
}

/* Rows: the origins (when there are several, or a distribution's) and the
 * fields of the form's source; the origins come first, except under a
 * distribution, whose field comes first. */
static int
nlist(const struct tui_app *a)
{
    if (S(a)->source != a->source)
        return 0; /* the origins are another source's */
    if (a->source == TUI_SOURCE_DIST)
        return (int)a->ntargets;
    return a->source == TUI_SOURCE_HOST && a->ntargets > 1 ? (int)a->ntargets : 0;
}

static bool
list_last(const struct tui_app *a)
{
    return S(a)->source == TUI_SOURCE_DIST;
}

static int
nrows(const struct tui_app *a)
{
    int n;
    fields(a, &n);
    return nlist(a) + n;
}

/* The field on row, or -1 for an origin's row. */
static int
field_of(const struct tui_app *a, int row)
{
    int n, k = row - (list_last(a) ? 0 : nlist(a));
    const int *f = fields(a, &n);
    return k >= 0 && k < n ? f[k] : -1;
}

/* The origin on row, or -1 for a field's row. */
static int
origin_of(const struct tui_app *a, int row)
{
    int n, k;
    fields(a, &n);
    k = row - (list_last(a) ? n : 0);
    return k >= 0 && k < nlist(a) ? k : -1;
}

/* The row of field f (the first row when the source does not show it). */
static int
row_of(const struct tui_app *a, int f)
{
    int n, k;
    const int *fl = fields(a, &n);
    for (k = 0; k < n; k++)
        if (fl[k] == f)
            return k + (list_last(a) ? 0 : nlist(a));
    return 0;
}

static int
row_of_origin(const struct tui_app *a, size_t i)
{
    int n;
    fields(a, &n);
    return (int)i + (list_last(a) ? n : 0);
}

static bool
is_text(const struct tui_app *a, int f)
{
    return f == FF_NAME || f == FF_PORT || f == FF_FILE || f == FF_DIST ||
           (f == FF_HOST && S(a)->forward);
}

/* The port field is the port of the protocol the policy makes CloudFront
 * use: HTTP's with http-only, else HTTPS's. */
static char **
port_field(struct tui_app *a)
{
    return S(a)->policy == POLICY_HTTP_ONLY ? &S(a)->http_port : &S(a)->https_port;
}

static const char *
port_label(const struct tui_app *a)
{
    return S(a)->policy == POLICY_HTTP_ONLY ? _("HTTP port") : _(field_labels[FF_PORT]);
}

static void
form_load(struct tui_app *a)
{
    const struct target *t = a->origin < a->ntargets ? &a->targets[a->origin] : &a->defaults;

    /* The first time: the source the wizard started from; with an origin
     * given, the cursor starts on the button (on a distribution, its first
     * origin), where keys are commands; on the empty form it starts on the
     * name, where they are text. */
    if (!S(a)->source_set) {
        S(a)->source_set = true;
        S(a)->source = a->source;
        free(S(a)->file);
        S(a)->file = xstrdup(a->chain_file ? a->chain_file : "");
        free(S(a)->dist);
        S(a)->dist = xstrdup("");
        if (a->source == TUI_SOURCE_DIST && a->dist.ndists) {
            const struct distrun_dist *d = &a->dist.dists[0];
            free(S(a)->dist);
            S(a)->dist = xstrdup(d->source ? d->source : d->dc.id ? d->dc.id : "");
            S(a)->dist_loaded = xstrdup(S(a)->dist);
        }
        if (a->source == TUI_SOURCE_DIST && a->ntargets)
            S(a)->field = row_of_origin(a, 0);
        else if (nlist(a))
            S(a)->field = 0; /* the first origin of the list */
        else if (t->name)
            S(a)->field = row_of(a, FF_RUN);
        else
            S(a)->field = row_of(a, S(a)->source == TUI_SOURCE_FILE ? FF_FILE : FF_NAME);
    }
    free(S(a)->name);
    free(S(a)->https_port);
    free(S(a)->http_port);
    free(S(a)->host);
    S(a)->name = xstrdup(t->name ? t->name : "");
    S(a)->https_port = xasprintf("%u", t->https_port);
    S(a)->http_port = xasprintf("%u", t->http_port);
    S(a)->forward = t->host_header != NULL;
    S(a)->host = xstrdup(t->host_header ? t->host_header : "");
    S(a)->min_proto = target_min_proto(t);
    S(a)->policy = t->policy;
    S(a)->error = NULL;
    S(a)->loaded = a->origin;
}

static void
ensure_loaded(struct tui_app *a)
{
    if (S(a)->loaded != a->origin || !S(a)->name)
        form_load(a);
}

static bool
same(const char *x, const char *y)
{
    return (!x && !y) || (x && y && strcasecmp(x, y) == 0);
}

/* The error for a host name refused with err: which character is wrong
 * and where (counted in characters from 1), when one is.  origin: as
 * target_parse reads text, else a bare name.  Fresh. */
static char *
name_error(const char *text, bool origin, const char *err)
{
    const char *bad = target_bad_char(text, origin), *p;
    char c[2] = {0, 0}, *shown, *msg;
    size_t pos = 1;

    if (!bad)
        return xstrdup(err);
    for (p = text; p < bad; p++)
        if (((unsigned char)*p & 0xC0) != 0x80)
            pos++;
    c[0] = *bad;
    shown = sanitize(c);
    /* TRANSLATORS: e.g. "host name: bad character '!' at position 4". */
    msg = xasprintf(_("host name: bad character '%s' at position %zu"), shown, pos);
    free(shown);
    return msg;
}

/* An error of the form's own, fresh (NULL: none). */
static void
own_error(struct tui_app *a, int field, char *owned)
{
    free(S(a)->error_owned);
    S(a)->error_owned = owned;
    S(a)->error = owned;
    S(a)->error_field = field;
}

/* The form's values checked (a typed host name's): true with *t (and *hh,
 * the Host header or NULL) to use, or false with the error set. */
static bool
form_check(struct tui_app *a, struct target *t, char **hh, unsigned *https_port,
           unsigned *http_port)
{
    const char *err = NULL;

    *hh = NULL;
    S(a)->error = NULL;
    if (!target_parse_port(S(a)->https_port, https_port)) {
        S(a)->error = _("The HTTPS port is a number from 1 to 65535.");
        S(a)->error_field = FF_PORT;
        return false;
    }
    if (!target_parse_port(S(a)->http_port, http_port)) {
        S(a)->error = _("The HTTP port is a number from 1 to 65535.");
        S(a)->error_field = FF_PORT;
        return false;
    }
    if (!*S(a)->name) {
        S(a)->error = _("Type the Origin Domain Name first.");
        S(a)->error_field = FF_NAME;
        return false;
    }
    if (!target_parse(t, S(a)->name, 0, &err)) {
        own_error(a, FF_NAME, name_error(S(a)->name, true, err));
        return false;
    }
    if (S(a)->forward) {
        if (!*S(a)->host) {
            S(a)->error = _("Type the Host header the viewers send, or stop forwarding it.");
            S(a)->error_field = FF_HOST;
            target_clear(t);
            return false;
        }
        if (!(*hh = target_host_ascii(S(a)->host, &err))) {
            own_error(a, FF_HOST, name_error(S(a)->host, false, err));
            target_clear(t);
            return false;
        }
    }
    return true;
}

/* The form into the origin's target: false (and the error shown) when a
 * value is not valid.  *changed when the probe must run again. */
static bool
form_apply(struct tui_app *a, bool *changed)
{
    struct target t;
    const struct target *base;
    char *hh = NULL;
    unsigned https_port, http_port, given;

    *changed = false;
    if (!form_check(a, &t, &hh, &https_port, &http_port))
        return false;
    /* A host name typed after another source replaces its origins. */
    if (a->source != TUI_SOURCE_HOST)
        tui_source_host(a);
    /* What the form does not show (timeouts, headers, the origin id) stays
     * as it was; a port typed after the name wins over the field. */
    base = a->origin < a->ntargets ? &a->targets[a->origin] : &a->defaults;
    given = t.https_port;
    t.https_port = 0;
    target_configure(&t, base);
    t.policy = S(a)->policy;
    t.https_port = https_port;
    t.http_port = http_port;
    if (given)
        *(t.policy == POLICY_HTTP_ONLY ? &t.http_port : &t.https_port) = given;
    target_set_min_proto(&t, S(a)->min_proto);
    free(t.host_header);
    t.host_header = hh;
    if (a->origin >= a->ntargets) { /* the first origin, typed in */
        a->targets = xreallocarray(a->targets, a->ntargets + 1, sizeof *a->targets);
        memset(&a->targets[a->ntargets], 0, sizeof *a->targets);
        a->origin = a->ntargets++;
        *changed = true;
    } else {
        const struct target *o = &a->targets[a->origin];
        *changed = !same(o->name, t.name) || o->policy != t.policy ||
                   target_port(o) != target_port(&t) || o->ssl_protocols != t.ssl_protocols ||
                   !same(o->host_header, t.host_header);
    }
    if (*changed) {
        target_clear(&a->targets[a->origin]);
        a->targets[a->origin] = t;
        S(a)->loaded = a->origin;
    } else {
        target_clear(&t);
    }
    return true;
}

static bool
apply_and_run(struct tui_app *a)
{
    bool changed;

    if (!form_apply(a, &changed)) {
        S(a)->field = row_of(a, S(a)->error_field);
        tui_message(a, ROLE_ERROR, "%s %s", tui_glyph(G_FAIL), S(a)->error);
        return false;
    }
    if (changed || !a->main.probe)
        tui_run_main(a);
    return true;
}

static void
set_error(struct tui_app *a, int field, char *owned)
{
    free(S(a)->error_owned);
    S(a)->error_owned = owned;
    S(a)->error = owned;
    S(a)->error_field = field;
    S(a)->field = row_of(a, field);
    tui_message(a, ROLE_ERROR, "%s %s", tui_glyph(G_FAIL), owned);
}

/* A certificate file: its certificates judged offline for the origin the
 * form names (the name, or the Host header forwarded). */
static bool
apply_file(struct tui_app *a)
{
    struct target t;
    const char *err = NULL;
    char *hh = NULL, *ferr = NULL;
    bool ok;

    S(a)->error = NULL;
    if (!*S(a)->file) {
        set_error(a, FF_FILE, xstrdup(_("Type the path of the certificate file first.")));
        return false;
    }
    if (!*S(a)->name) {
        set_error(a, FF_NAME, xstrdup(_("Type the Origin Domain Name first.")));
        return false;
    }
    if (!target_parse(&t, S(a)->name, 0, &err)) {
        set_error(a, FF_NAME, name_error(S(a)->name, true, err));
        return false;
    }
    if (S(a)->forward && !(hh = target_host_ascii(*S(a)->host ? S(a)->host : "", &err))) {
        target_clear(&t);
        set_error(a, FF_HOST,
                  xstrdup(*S(a)->host ? err
                                      : _("Type the Host header the viewers send, or "
                                          "stop forwarding it.")));
        return false;
    }
    target_configure(&t, &a->defaults);
    free(t.host_header);
    t.host_header = hh;
    /* The same file for the same names: nothing to do again. */
    if (a->source == TUI_SOURCE_FILE && a->ntargets == 1 && a->chain_file &&
        strcmp(a->chain_file, S(a)->file) == 0 && same(a->targets[0].name, t.name) &&
        same(a->targets[0].host_header, t.host_header) && a->main.diag) {
        target_clear(&t);
        return true;
    }
    ok = tui_load_chain_file(a, S(a)->file, &t, &ferr);
    target_clear(&t);
    if (!ok) {
        set_error(a, FF_FILE, ferr);
        return false;
    }
    S(a)->loaded = (size_t)-1; /* the form reloads from the new origin */
    return true;
}

/* The distribution is read: the list to choose from, or why it is empty. */
static void
dist_loaded(struct tui_app *a, const char *what)
{
    free(S(a)->dist_loaded);
    S(a)->dist_loaded = xstrdup(what);
    S(a)->loaded = (size_t)-1;
    if (a->ntargets) {
        S(a)->field = row_of_origin(a, 0);
        tui_message(a, ROLE_OK, "%s %s", tui_glyph(G_OK),
                    _("Read. Choose an origin and press Enter to walk through it."));
    } else {
        S(a)->field = row_of(a, FF_DIST);
        tui_message(a, ROLE_WARN, "%s",
                    _("! Nothing to probe: no origin of this distribution is a custom origin."));
    }
}

/* A distribution: read (with the AWS CLI, or from the saved file), its
 * probes become the origins, and they are checked.  The AWS CLI answers
 * later (tui_origin_fetched): until then this is false, and the form
 * shows the read's progress. */
static bool
apply_dist(struct tui_app *a)
{
    char *err = NULL;

    S(a)->error = NULL;
    if (tui_fetch_active(a) && S(a)->fetching && strcmp(S(a)->fetching, S(a)->dist) == 0)
        return false; /* being read: wait for it (Esc cancels) */
    if (a->source == TUI_SOURCE_DIST && S(a)->dist_loaded &&
        strcmp(S(a)->dist_loaded, S(a)->dist) == 0)
        return true;
    if (!tui_load_distribution(a, S(a)->dist, &err)) {
        set_error(a, FF_DIST, err);
        return false;
    }
    if (tui_fetch_active(a)) {
        free(S(a)->fetching);
        S(a)->fetching = xstrdup(S(a)->dist);
        return false; /* the cursor stays on the button: q quits, Esc cancels */
    }
    dist_loaded(a, S(a)->dist);
    return true;
}

void
tui_origin_fetched(struct tui_app *a, bool ok, char *err)
{
    char *what = S(a)->fetching;

    S(a)->fetching = NULL;
    if (ok)
        dist_loaded(a, what ? what : "");
    else
        set_error(a, FF_DIST, err);
    free(what);
}

/* The form's source applied: the origins it gives, checked. */
static bool
apply(struct tui_app *a)
{
    switch (S(a)->source) {
    case TUI_SOURCE_FILE:
        return apply_file(a);
    case TUI_SOURCE_DIST:
        return apply_dist(a);
    default:
        return apply_and_run(a);
    }
}

/* After an edit, an error shown is checked again: gone once the input is
 * fixed, or the error the input has now. */
static void
recheck(struct tui_app *a)
{
    struct target t;
    char *hh;
    unsigned https_port, http_port;

    if (!S(a)->error)
        return;
    if (S(a)->source != TUI_SOURCE_HOST) {
        /* A file or distribution is read on Enter: the error was about
         * what the field held. */
        if (S(a)->error_field == field_of(a, S(a)->field))
            S(a)->error = NULL;
        return;
    }
    if (form_check(a, &t, &hh, &https_port, &http_port)) {
        target_clear(&t);
        free(hh);
    }
}

static char **
text_field(struct tui_app *a, int f)
{
    switch (f) {
    case FF_NAME:
        return &S(a)->name;
    case FF_PORT:
        return port_field(a);
    case FF_FILE:
        return &S(a)->file;
    case FF_DIST:
        return &S(a)->dist;
    default:
        return &S(a)->host;
    }
}

static void
commit_edit(struct tui_app *a)
{
    char **v = text_field(a, field_of(a, S(a)->field));

    free(*v);
    *v = tui_edit_text(&S(a)->edit);
    tui_edit_clear(&S(a)->edit);
    S(a)->editing = false;
    recheck(a);
}

/* Shows origin i; false (the error shown) when the form's edits to the
 * origin being left are not valid: it stays. */
static bool
select_origin(struct tui_app *a, size_t i)
{
    bool changed = false;

    if (i == a->origin)
        return true;
    /* Edits to the origin being left count: apply them first (the form
     * shows an origin's settings only for typed host names). */
    if (S(a)->source == TUI_SOURCE_HOST && a->source == TUI_SOURCE_HOST &&
        S(a)->loaded == a->origin && !form_apply(a, &changed)) {
        tui_message(a, ROLE_ERROR, "%s %s", tui_glyph(G_FAIL), S(a)->error);
        return false;
    }
    a->origin = i;
    form_load(a);
    if (changed)
        tui_run_main(a);
    else
        tui_origin_changed(a);
    return true;
}

/* ----------------------------------------------------------------- draw */

static void
origin_row(struct tui_app *a, size_t i, int col, int w)
{
    const struct target *t = &a->targets[i];
    const struct diag_origin *d =
        a->main.diag && i < a->main.diag->norigins ? &a->main.diag->origins[i] : NULL;
    char *name = sanitize(t->name), *what = NULL;
    enum tui_state st = d ? tui_verdict_state(d) : a->main.active ? ST_RUNNING : ST_PENDING;

    tui_doc_line(&S(a)->list.doc, row_of_origin(a, i));
    tui_doc_put(&S(a)->list.doc, tui_state_role(st), tui_state_glyph(st, a->spin));
    tui_doc_at(&S(a)->list.doc, 2, ROLE_NORMAL, name);
    tui_doc_putf(&S(a)->list.doc, ROLE_NORMAL, ":%u", target_port(t));
    if (d) { /* the status, the primary finding, the origin to use when it fits */
        what = tui_answer(a, i, false, true);
        if (col + tui_width(what) > w) {
            free(what);
            what = tui_answer(a, i, false, false);
        }
    } else if (a->main.active)
        what = xstrdup(_("checking"));
    else if (a->main.cancelled)
        what = xstrdup(_("cancelled"));
    if (what)
        tui_doc_at(&S(a)->list.doc, col, tui_state_role(st), what);
    free(what);
    free(name);
}

/* A distribution's probe: its origin id, the behaviours that reach it and
 * the Host it sends, under its row (the same item). */
static void
dist_row_detail(struct tui_app *a, size_t i, int row, int w)
{
    const struct distrun_dist *d;
    const struct distconfig_target *dt;
    struct tui_doc *doc = &S(a)->list.doc;
    char *line, *b, *id;
    size_t k;

    if (!tui_dist_locate(a, i, &d, &dt))
        return;
    b = xstrdup("");
    for (k = 0; k < dt->nbehaviors; k++) {
        char *n =
            xasprintf("%s%s%s", b, k ? ", " : "",
                      strcmp(dt->behaviors[k], "*") == 0 ? _("default (*)") : dt->behaviors[k]);
        free(b);
        b = n;
    }
    id = sanitize(d->dc.origins[dt->origin].id ? d->dc.origins[dt->origin].id : "?");
    if (dt->host_header)
        /* TRANSLATORS: origin id, the behaviours (path patterns), the Host forwarded. */
        line = xasprintf(_("%s, for %s; Host %s%s"), id, *b ? b : _("no behaviour"),
                         dt->host_header, dt->host_assumed ? _(" (if forwarded)") : "");
    else
        /* TRANSLATORS: origin id and the behaviours (path patterns) that reach it. */
        line = xasprintf(_("%s, for %s"), id, *b ? b : _("no behaviour"));
    {
        char *clean = sanitize(line);
        tui_doc_wrap(doc, row, 4, w, ROLE_DIM, clean);
        free(clean);
    }
    free(line);
    free(id);
    free(b);
}

/* Each distribution: its name, its verdict once checked, and the origins
 * it has that are not probed (with why). */
static void
dist_headers(struct tui_app *a, int w)
{
    struct tui_doc *doc = &S(a)->list.doc;
    size_t i, k;

    for (i = 0; i < a->dist.ndists; i++) {
        const struct distrun_dist *d = &a->dist.dists[i];
        const char *v = a->main.diag ? distrun_verdict(d, a->main.diag) : NULL;
        char *name = sanitize(d->dc.id ? d->dc.id : d->source ? d->source : "?");
        enum tui_role role = !v                       ? ROLE_TITLE
                             : strcmp(v, "fail") == 0 ? ROLE_ERROR
                             : strcmp(v, "ok") == 0   ? ROLE_OK
                                                      : ROLE_WARN;
        tui_doc_line(doc, -1);
        tui_doc_line(doc, -1);
        tui_doc_putf(doc, ROLE_TITLE, _("Distribution %s"), name);
        if (d->dc.domain_name) {
            char *dn = sanitize(d->dc.domain_name);
            tui_doc_putf(doc, ROLE_DIM, " (%s)", dn);
            free(dn);
        }
        if (v) {
            const char *words = strcmp(v, "fail") == 0      ? _("a behaviour gets 502/504")
                                : strcmp(v, "ok") == 0      ? _("every origin passes")
                                : strcmp(v, "skipped") == 0 ? _("nothing probed")
                                                            : _("not everything could be checked");
            tui_doc_put(doc, role, "  ");
            tui_doc_put(doc, role,
                        tui_glyph(strcmp(v, "fail") == 0 ? G_FAIL
                                  : strcmp(v, "ok") == 0 ? G_OK
                                                         : G_WARN));
            tui_doc_put(doc, role, " ");
            tui_doc_put(doc, role, words);
        }
        free(name);
        for (k = 0; k < d->dc.norigins; k++) {
            const struct distconfig_origin *o = &d->dc.origins[k];
            char *t, *c;
            if (!o->skip_reason)
                continue;
            t = xasprintf(_("%s (%s): not probed: %s"), o->id ? o->id : "?",
                          o->domain_name ? o->domain_name : "?", _(o->skip_reason));
            c = sanitize(t);
            tui_doc_wrap(doc, -1, 2, w, ROLE_DIM, c);
            free(c);
            free(t);
        }
        for (k = 0; k < d->nnotes; k++)
            tui_doc_wrap(doc, -1, 2, w, ROLE_DIM, d->notes[k]);
    }
}

/* The origins to choose from, each with its answer once checked (and,
 * for a distribution, the behaviours that reach it). */
static void
origin_list(struct tui_app *a, int n, int w)
{
    struct tui_doc *doc = &S(a)->list.doc;
    int i, col = 0, vw = 0;

    tui_doc_line(doc, -1);
    tui_doc_putf(doc, ROLE_TITLE, _("Origins (%d): choose the one to walk through"), n);
    /* The verdicts line up after the longest name, as far as they fit. */
    for (i = 0; i < n; i++) {
        char *ans = tui_answer(a, (size_t)i, false, false);
        if (ans && tui_width(ans) + 1 > vw)
            vw = tui_width(ans) + 1;
        free(ans);
    }
    for (i = 0; i < n; i++) {
        char *nm = xasprintf("%s:%u", a->targets[i].name, target_port(&a->targets[i]));
        if (tui_width(nm) > col)
            col = tui_width(nm);
        free(nm);
    }
    col += 4;
    if (col > w - vw)
        col = w - vw;
    for (i = 0; i < n; i++) {
        origin_row(a, (size_t)i, col, w);
        dist_row_detail(a, (size_t)i, row_of_origin(a, (size_t)i), w);
    }
}

static void
draw(struct tui_app *a, struct tui_rect r)
{
    struct tui_doc *doc = &S(a)->list.doc;
    const char *labels[FF_COUNT], *shown[FF_COUNT];
    int i, lw, vx, fw, y, n = nlist(a), nf;
    const int *fl;
    size_t first, last;
    char *v;

    ensure_loaded(a);
    fl = fields(a, &nf);
    tui_doc_clear(doc);
    for (i = 0; i < FF_COUNT; i++)
        labels[i] = field_labels[i][0] ? _(field_labels[i]) : "";
    labels[FF_PORT] = port_label(a);
    for (i = 0; i < nf; i++)
        shown[i] = labels[fl[i]];
    lw = tui_max_width(shown, (size_t)nf);
    vx = lw + 4;
    fw = r.w - 2 - vx - 3 < FIELD_W ? r.w - 2 - vx - 3 : FIELD_W;

    if (n && !list_last(a)) {
        origin_list(a, n, r.w - 2);
        tui_doc_line(doc, -1);
    }
    tui_doc_line(doc, -1);
    tui_doc_put(doc, ROLE_TITLE,
                S(a)->source == TUI_SOURCE_FILE   ? _("A certificate file, judged offline")
                : S(a)->source == TUI_SOURCE_DIST ? _("A distribution, as CloudFront has it")
                                                  : _("Origin settings, as in CloudFront"));
    for (int k = 0; k < nf; k++) {
        int row = row_of(a, fl[k]);
        i = fl[k];
        bool off = i == FF_HOST && !S(a)->forward;
        tui_doc_line(doc, row);
        /* Edited, not checked yet: marked until the run with it starts. */
        if (field_pending(a, i))
            tui_doc_at(doc, 0, ROLE_WARN, "*");
        tui_doc_at(doc, 2, off ? ROLE_DIM : ROLE_NORMAL, labels[i]);
        switch (i) {
        case FF_NAME:
        case FF_PORT:
        case FF_HOST:
        case FF_FILE:
        case FF_DIST:
            v = sanitize(*text_field(a, i));
            tui_doc_at(doc, vx, off ? ROLE_DIM : ROLE_INPUT, "[");
            tui_doc_put(doc, off ? ROLE_DIM : ROLE_INPUT, v);
            tui_doc_at(doc, vx + 1 + (i == FF_PORT ? 8 : fw) + 1, off ? ROLE_DIM : ROLE_INPUT, "]");
            free(v);
            break;
        case FF_FORWARD:
            tui_doc_at(doc, vx, ROLE_NORMAL, "< ");
            tui_doc_put(doc, ROLE_INPUT, S(a)->forward ? _("Yes") : _("No"));
            tui_doc_put(doc, ROLE_NORMAL, " >");
            break;
        case FF_MINPROTO:
            tui_doc_at(doc, vx, ROLE_NORMAL, "< ");
            tui_doc_put(doc, ROLE_INPUT, target_proto_name(S(a)->min_proto));
            tui_doc_put(doc, ROLE_NORMAL, " >");
            break;
        case FF_POLICY:
            tui_doc_at(doc, vx, ROLE_NORMAL, "< ");
            tui_doc_put(doc, ROLE_INPUT, target_policy_text(S(a)->policy));
            tui_doc_put(doc, ROLE_NORMAL, " >");
            break;
        case FF_SOURCE:
            tui_doc_at(doc, vx, ROLE_NORMAL, "< ");
            tui_doc_put(doc, ROLE_INPUT, tui_source_text(S(a)->source));
            tui_doc_put(doc, ROLE_NORMAL, " >");
            break;
        case FF_RUN:
            tui_doc_at(doc, vx, ROLE_KEY,
                       S(a)->source == TUI_SOURCE_FILE   ? _("[ Judge the certificates ]")
                       : S(a)->source == TUI_SOURCE_DIST ? _("[ Read the distribution ]")
                                                         : _("[ Check this origin ]"));
            break;
        }
    }
    tui_doc_line(doc, -1);
    if (S(a)->source == TUI_SOURCE_DIST && tui_fetch_active(a)) {
        char *p = tui_fetch_progress(a);
        tui_doc_line(doc, -1);
        tui_doc_wrap(doc, -1, 2, r.w - 2, ROLE_RUNNING, p);
        free(p);
    }
    if (S(a)->error) {
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 2, ROLE_ERROR, tui_glyph(G_FAIL));
        tui_doc_put(doc, ROLE_ERROR, " ");
        tui_doc_put(doc, ROLE_ERROR, S(a)->error);
    }
    if (S(a)->source == TUI_SOURCE_DIST && a->source == TUI_SOURCE_DIST) {
        dist_headers(a, r.w - 2);
        if (n) {
            tui_doc_line(doc, -1);
            origin_list(a, n, r.w - 2);
        }
        tui_doc_line(doc, -1);
    }
    if (S(a)->source == TUI_SOURCE_FILE)
        tui_doc_wrap(doc, -1, 2, r.w - 2, ROLE_DIM,
                     _("The certificates in the file (PEM, an openssl s_client or gnutls-cli "
                       "transcript, DER, or aws acm get-certificate JSON) are judged as the "
                       "origin's chain for the name CloudFront checks, with no network."));
    else if (S(a)->source == TUI_SOURCE_DIST)
        tui_doc_wrap(doc, -1, 2, r.w - 2, ROLE_DIM,
                     _("A distribution id or one of its domain names is read with the AWS CLI; "
                       "a path is a saved get-distribution-config. Enter on an origin walks "
                       "through it."));
    else if (S(a)->policy == POLICY_HTTP_ONLY)
        tui_doc_wrap(doc, -1, 2, r.w - 2, ROLE_WARN,
                     _("! With HTTP only CloudFront talks plain HTTP to this origin: no TLS, so no "
                       "certificate problem can cause its 502s. The check is the connection to "
                       "the HTTP port."));
    else if (S(a)->policy == POLICY_MATCH_VIEWER)
        tui_doc_wrap(doc, -1, 2, r.w - 2, ROLE_DIM,
                     _("With Match viewer the check is what viewers on HTTPS meet; viewers on "
                       "HTTP make CloudFront use plain HTTP, which is not checked."));
    if (S(a)->source == TUI_SOURCE_HOST)
        tui_doc_wrap(doc, -1, 2, r.w - 2, ROLE_DIM,
                     _("Enter edits a field or changes a choice; Tab checks the origin and goes "
                       "on to DNS."));

    S(a)->list.rect = r;
    S(a)->list.sel = S(a)->field;
    tui_doc_draw(doc, r, &S(a)->list.top, S(a)->field, !S(a)->editing);
    if (S(a)->editing && tui_doc_item_lines(doc, S(a)->field, &first, &last) &&
        first >= S(a)->list.top) {
        int f = field_of(a, S(a)->field);
        y = r.y + (int)(first - S(a)->list.top);
        tui_edit_draw(&S(a)->edit, y, r.x + 1 + vx + 1, f == FF_PORT ? 8 : fw);
    }
}

/* ------------------------------------------------------------------ keys */

bool
tui_origin_editing(const struct tui_app *a)
{
    return S(a)->editing;
}

/* The origin the form's fields were loaded from and would be checked as,
 * when the form shows a typed host name's settings; else NULL. */
static const struct target *
form_target(const struct tui_app *a)
{
    if (S(a)->source != TUI_SOURCE_HOST || a->source != TUI_SOURCE_HOST)
        return NULL; /* a file or distribution typed is read on Enter, not kept */
    if (!S(a)->name || S(a)->loaded != a->origin || a->origin >= a->ntargets)
        return NULL;
    return &a->targets[a->origin];
}

/* Has field f been edited since the origin was last checked (its value
 * is not the origin's)?  Compared as the check would read it: a name with
 * a port, a name in Unicode, a port with a leading zero. */
static bool
field_pending(const struct tui_app *a, int f)
{
    const struct target *t = form_target(a);
    struct target p;
    const char *err = NULL;
    char *hh;
    unsigned port;
    bool differs;

    if (!t)
        return false;
    switch (f) {
    case FF_NAME:
        if (!target_parse(&p, S(a)->name, 0, &err))
            return true;
        differs = !same(p.name, t->name) || (p.https_port && p.https_port != target_port(t));
        target_clear(&p);
        return differs;
    case FF_PORT:
        return !target_parse_port(
                   S(a)->policy == POLICY_HTTP_ONLY ? S(a)->http_port : S(a)->https_port, &port) ||
               port != (S(a)->policy == POLICY_HTTP_ONLY ? t->http_port : t->https_port);
    case FF_FORWARD:
        return S(a)->forward != (t->host_header != NULL);
    case FF_HOST:
        if (!S(a)->forward)
            return false;
        hh = target_host_ascii(S(a)->host, &err);
        differs = !hh || !same(hh, t->host_header);
        free(hh);
        return differs;
    case FF_MINPROTO:
        return S(a)->min_proto != target_min_proto(t);
    case FF_POLICY:
        return S(a)->policy != t->policy;
    default:
        return false;
    }
}

bool
tui_origin_pending(const struct tui_app *a)
{
    size_t k;

    for (k = 0; k < sizeof host_fields / sizeof *host_fields; k++)
        if (field_pending(a, host_fields[k]))
            return true;
    return false;
}

/* Does the form hold input the origin does not have yet (being edited, or
 * accepted but not checked)? */
static bool
form_unsaved(struct tui_app *a)
{
    if (S(a)->editing)
        return true;
    if (S(a)->source == TUI_SOURCE_HOST && a->source == TUI_SOURCE_HOST && S(a)->name &&
        S(a)->loaded == a->origin && a->origin >= a->ntargets)
        return *S(a)->name || S(a)->forward; /* the first origin, not checked yet */
    return tui_origin_pending(a);
}

static void
quit_answered(struct tui_app *a, bool yes)
{
    if (yes) {
        a->quit = true;
        loop_stop(a->loop);
    }
}

/* ------------------------------------------------------- choice letters */

static bool
is_choice(int f)
{
    return f == FF_FORWARD || f == FF_MINPROTO || f == FF_POLICY || f == FF_SOURCE;
}

static int
nchoices(int f)
{
    switch (f) {
    case FF_FORWARD:
        return 2;
    case FF_MINPROTO:
        return TARGET_PROTO_COUNT;
    case FF_POLICY:
        return POLICY_COUNT;
    default:
        return TUI_SOURCE_COUNT;
    }
}

/* Choice i of field f as shown (alt false) and in other words a letter
 * may also pick it by (alt true: the untranslated names). */
static const char *
choice_text(int f, int i, bool alt)
{
    static const char *const sources[TUI_SOURCE_COUNT] = {"host", "file", "distribution"};

    switch (f) {
    case FF_FORWARD:
        return alt ? (i ? "Yes" : "No") : i ? _("Yes") : _("No");
    case FF_MINPROTO:
        return target_proto_name((enum target_proto)i);
    case FF_POLICY:
        return alt ? target_policy_name((enum target_policy)i)
                   : target_policy_text((enum target_policy)i);
    default:
        return alt ? sources[i] : tui_source_text((enum tui_source)i);
    }
}

static int
choice_current(const struct tui_app *a, int f)
{
    switch (f) {
    case FF_FORWARD:
        return S(a)->forward ? 1 : 0;
    case FF_MINPROTO:
        return (int)S(a)->min_proto;
    case FF_POLICY:
        return (int)S(a)->policy;
    default:
        return (int)S(a)->source;
    }
}

static void
choice_set(struct tui_app *a, int f, int i)
{
    switch (f) {
    case FF_FORWARD:
        S(a)->forward = i == 1;
        break;
    case FF_MINPROTO:
        S(a)->min_proto = (enum target_proto)i;
        break;
    case FF_POLICY:
        S(a)->policy = (enum target_policy)i;
        break;
    default:
        /* Another source: a distribution being read is not wanted now. */
        if ((enum tui_source)i != S(a)->source)
            tui_fetch_cancel(a, false);
        /* The rows change with the source: the cursor stays on this one. */
        S(a)->source = (enum tui_source)i;
        S(a)->error = NULL;
        S(a)->field = row_of(a, FF_SOURCE);
        break;
    }
}

/* Does a word of s start with c (first: only s's first word)?  Words are
 * split at blanks, '-', '/' and '('. */
static bool
starts_with(const char *s, wint_t c, bool first)
{
    mbstate_t st;
    wchar_t wc;
    size_t n;
    bool start = true;

    memset(&st, 0, sizeof st);
    while (*s && (n = mbrtowc(&wc, s, MB_CUR_MAX, &st)) != 0 && n != (size_t)-1 &&
           n != (size_t)-2) {
        if (start && towlower((wint_t)wc) == towlower(c))
            return true;
        if (first && start)
            return false;
        start = iswspace((wint_t)wc) || wc == L'-' || wc == L'/' || wc == L'(';
        s += n;
    }
    return false;
}

/* A letter on choice field f picks the next choice after the one shown
 * that starts with it (as dialog and nmtui do: the same letter again goes
 * on to the next), else one with a word that starts with it; never a
 * command. */
static void
choose_letter(struct tui_app *a, int f, wint_t c)
{
    int n = nchoices(f), cur = choice_current(a, f), pass, k, i;

    for (pass = 0; pass < 2; pass++)
        for (k = 1; k <= n; k++) {
            i = (cur + k) % n;
            if (starts_with(choice_text(f, i, false), c, pass == 0) ||
                starts_with(choice_text(f, i, true), c, pass == 0)) {
                choice_set(a, f, i);
                return;
            }
        }
    /* TRANSLATORS: a letter typed on a choice field of the Origin form
     * that no choice starts with. */
    tui_message(a, ROLE_WARN, _("No choice starts with %lc here: Left and Right change it."),
                (wint_t)c);
}

/* Left and Right: the previous or next choice. */
static void
cycle(struct tui_app *a, int f, int dir)
{
    int n = nchoices(f);

    if (is_choice(f))
        choice_set(a, f, (choice_current(a, f) + n + dir) % n);
}

static void
move_to(struct tui_app *a, int row)
{
    int rows = nrows(a);

    if (row < 0)
        row = 0;
    if (row >= rows)
        row = rows - 1;
    S(a)->field = row;
    /* The cursor never rests on an origin the form does not show: when
     * the form's edits are not valid, it goes to the field to fix. */
    if (origin_of(a, row) >= 0 && !select_origin(a, (size_t)origin_of(a, row)))
        S(a)->field = row_of(a, S(a)->error_field);
}

/* The row a page up (dir -1) or down (1) from the cursor: the first whose
 * line is a screenful away, else the first or last row. */
static int
page_row(const struct tui_app *a, int dir)
{
    const struct tui_view *v = &S(a)->list;
    size_t page = v->rect.h > 1 ? (size_t)v->rect.h - 1 : 1, from, at, end;
    int row = S(a)->field, r, n = nrows(a);

    if (!tui_doc_item_lines(&v->doc, row, &from, &end))
        return dir < 0 ? 0 : n - 1;
    for (r = row + dir; r >= 0 && r < n; r += dir) {
        if (!tui_doc_item_lines(&v->doc, r, &at, &end))
            continue;
        row = r;
        if ((dir > 0 ? at - from : from - at) >= page)
            break;
    }
    return row;
}

static bool
key(struct tui_app *a, enum tui_action act, int ch, bool keycode)
{
    int f;

    ensure_loaded(a);
    f = field_of(a, S(a)->field);
    if (S(a)->editing) {
        if ((!keycode && ch == '\t') || (keycode && ch == KEY_BTAB)) {
            commit_edit(a);
            return false; /* and on to the next or previous step */
        }
        if (keycode && (ch == KEY_UP || ch == KEY_DOWN)) {
            commit_edit(a);
            move_to(a, S(a)->field + (ch == KEY_UP ? -1 : 1));
            return true;
        }
        switch (tui_edit_key(&S(a)->edit, ch, keycode)) {
        case EDIT_DONE:
            commit_edit(a);
            break;
        case EDIT_CANCEL:
            tui_edit_clear(&S(a)->edit);
            S(a)->editing = false;
            break;
        case EDIT_GOING:
            break;
        }
        return true;
    }
    /* A character typed on a text field is text: it starts editing the
     * field (as nmtui and lazygit do), never a command. */
    if (!keycode && is_text(a, f) && iswprint((wint_t)ch)) {
        tui_edit_start(&S(a)->edit, *text_field(a, f), f == FF_PORT ? 5 : 4096);
        S(a)->editing = true;
        tui_edit_key(&S(a)->edit, ch, keycode);
        return true;
    }
    /* On the Host field while the header is not forwarded, typing turns
     * forwarding on and starts the text. */
    if (!keycode && f == FF_HOST && !S(a)->forward && iswprint((wint_t)ch) && ch != ' ') {
        S(a)->forward = true;
        tui_edit_start(&S(a)->edit, S(a)->host, 512);
        S(a)->editing = true;
        tui_edit_key(&S(a)->edit, ch, keycode);
        return true;
    }
    if (!keycode && is_choice(f) && iswalpha((wint_t)ch)) {
        choose_letter(a, f, (wint_t)ch);
        return true;
    }
    switch (act) {
    case ACT_QUIT:
        if (!form_unsaved(a))
            return false;
        tui_confirm(a, _("The origin settings typed here are not checked yet. Quit anyway?"),
                    quit_answered);
        return true;
    case ACT_UP:
    case ACT_DOWN:
        move_to(a, S(a)->field + (act == ACT_UP ? -1 : 1));
        return true;
    case ACT_HOME:
        move_to(a, 0);
        return true;
    case ACT_PAGE_UP:
    case ACT_PAGE_DOWN:
        move_to(a, page_row(a, act == ACT_PAGE_UP ? -1 : 1));
        return true;
    case ACT_END:
        move_to(a, row_of(a, FF_RUN)); /* the button, as before the sources */
        return true;
    case ACT_LEFT:
    case ACT_RIGHT:
        if (f < 0)
            return false;
        cycle(a, f, act == ACT_LEFT ? -1 : 1);
        return true;
    case ACT_TOGGLE:
        if (f < 0)
            return false;
        cycle(a, f, 1);
        return true;
    case ACT_ENTER:
        if (f == FF_RUN && S(a)->source == TUI_SOURCE_DIST) {
            apply_dist(a); /* and the list to choose from */
        } else if (f < 0 || f == FF_RUN) {
            /* A file has no DNS or connection to show: its certificates. */
            tui_goto(a, S(a)->source == TUI_SOURCE_FILE ? STEP_CERT : STEP_DNS);
        } else if (is_text(a, f)) {
            tui_edit_start(&S(a)->edit, *text_field(a, f), f == FF_PORT ? 5 : 4096);
            S(a)->editing = true;
        } else if (f == FF_HOST) {
            S(a)->forward = true;
            tui_edit_start(&S(a)->edit, S(a)->host, 512);
            S(a)->editing = true;
        } else {
            cycle(a, f, 1);
        }
        return true;
    case ACT_RERUN: {
        bool changed;
        if (S(a)->source != TUI_SOURCE_HOST) {
            /* the same file read again, the same distribution probed again */
            if (S(a)->source == a->source && a->ntargets)
                tui_run_main(a);
            else
                apply(a);
            return true;
        }
        if (form_apply(a, &changed))
            tui_run_main(a);
        else
            tui_message(a, ROLE_ERROR, "%s %s", tui_glyph(G_FAIL), S(a)->error);
        return true;
    }
    default:
        return false;
    }
}

static bool
leave(struct tui_app *a)
{
    if (S(a)->editing)
        commit_edit(a);
    ensure_loaded(a);
    if (S(a)->source == TUI_SOURCE_DIST && a->source == TUI_SOURCE_DIST && !a->ntargets)
        return false; /* nothing to walk through */
    return apply(a);
}

static void
click(struct tui_app *a, int y, int x)
{
    int item = tui_doc_item_at(&S(a)->list.doc, S(a)->list.rect, S(a)->list.top, y);

    (void)x;
    if (item < 0)
        return;
    if (S(a)->editing)
        commit_edit(a);
    move_to(a, item);
}

static const struct tui_hint *
hint_table(const struct tui_app *a)
{
    static const struct tui_hint list[] = {{TUI_KEY_UPDOWN, N_("origin")},
                                           {"Enter", N_("walk through it")},
                                           {"r", N_("re-run")},
                                           {"e", N_("export")},
                                           {NULL, NULL}};
    /* Letters are text on a text field and pick a choice on a choice
     * field: r is no key there. */
    static const struct tui_hint text[] = {
        {N_("type"), N_("edit")}, {TUI_KEY_UPDOWN, N_("field")}, {NULL, NULL}};
    static const struct tui_hint choice[] = {{TUI_KEY_LEFTRIGHT, N_("change")},
                                             {N_("a-z"), N_("pick by first letter")},
                                             {TUI_KEY_UPDOWN, N_("field")},
                                             {NULL, NULL}};
    static const struct tui_hint run[] = {
        {"Enter", N_("check this origin")}, {TUI_KEY_UPDOWN, N_("field")}, {NULL, NULL}};
    int f = field_of(a, S(a)->field);

    if (f < 0)
        return list;
    if (f == FF_NAME || f == FF_PORT || f == FF_HOST)
        return text;
    return f == FF_RUN ? run : choice;
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
    if (S(a)->error)
        return ST_FAILED;
    return a->ntargets ? ST_OK : ST_PENDING;
}

const struct tui_step tui_step_origin = {
    .title = N_("Origin"),
    .state_size = sizeof(struct origin_state),
    .state_init = st_init,
    .state_clear = st_clear,
    .cursor = cursor,
    .draw = draw,
    .key = key,
    .hints = hints,
    .state = state,
    .click = click,
    .leave = leave,
};
