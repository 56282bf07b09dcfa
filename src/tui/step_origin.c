/* Step 1, Origin: the list of origins (when there are several) and the
 * form with the origin's settings as CloudFront has them. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wctype.h>

#include "i18n.h"
#include "sanitize.h"
#include "tui/app.h"
#include "xmalloc.h"

#define FIELD_W 60 /* columns of a text field at most */

static const char *const field_labels[FF_COUNT] = {
    [FF_NAME] = N_("Origin Domain Name"),
    [FF_PORT] = N_("HTTPS port"),
    [FF_FORWARD] = N_("Forward the Host header"),
    [FF_HOST] = N_("Host header the viewers send"),
    [FF_MINPROTO] = N_("Minimum origin SSL protocol"),
    [FF_POLICY] = N_("Origin protocol policy"),
    [FF_RUN] = "",
};

/* Rows: the origins first (when there are several), then the fields. */
static int
nlist(const struct tui_app *a)
{
    return a->ntargets > 1 ? (int)a->ntargets : 0;
}

static int
field_of(const struct tui_app *a, int row)
{
    return row - nlist(a);
}

/* The port field is the port of the protocol the policy makes CloudFront
 * use: HTTP's with http-only, else HTTPS's. */
static char **
port_field(struct tui_app *a)
{
    return a->form.policy == POLICY_HTTP_ONLY ? &a->form.http_port : &a->form.https_port;
}

static const char *
port_label(const struct tui_app *a)
{
    return a->form.policy == POLICY_HTTP_ONLY ? _("HTTP port") : _(field_labels[FF_PORT]);
}

static void
form_load(struct tui_app *a)
{
    const struct target *t = a->origin < a->ntargets ? &a->targets[a->origin] : &a->defaults;

    /* The first time: with an origin given, the cursor starts on the
     * button, where keys are commands; on the empty form it starts on the
     * name, where they are text. */
    if (!a->form.name && t->name && a->form.field == nlist(a) + FF_NAME)
        a->form.field = nlist(a) + FF_RUN;
    free(a->form.name);
    free(a->form.https_port);
    free(a->form.http_port);
    free(a->form.host);
    a->form.name = xstrdup(t->name ? t->name : "");
    a->form.https_port = xasprintf("%u", t->https_port);
    a->form.http_port = xasprintf("%u", t->http_port);
    a->form.forward = t->host_header != NULL;
    a->form.host = xstrdup(t->host_header ? t->host_header : "");
    a->form.min_proto = target_min_proto(t);
    a->form.policy = t->policy;
    a->form.error = NULL;
    a->form.loaded = a->origin;
}

static void
ensure_loaded(struct tui_app *a)
{
    if (a->form.loaded != a->origin || !a->form.name)
        form_load(a);
}

static bool
same(const char *x, const char *y)
{
    return (!x && !y) || (x && y && strcasecmp(x, y) == 0);
}

/* The form into the origin's target: false (and the error shown) when a
 * value is not valid.  *changed when the probe must run again. */
static bool
form_apply(struct tui_app *a, bool *changed)
{
    struct target t;
    const struct target *base;
    const char *err = NULL;
    char *hh = NULL;
    unsigned https_port, http_port, given;

    *changed = false;
    a->form.error = NULL;
    if (!target_parse_port(a->form.https_port, &https_port)) {
        a->form.error = _("The HTTPS port is a number from 1 to 65535.");
        a->form.error_field = FF_PORT;
        return false;
    }
    if (!target_parse_port(a->form.http_port, &http_port)) {
        a->form.error = _("The HTTP port is a number from 1 to 65535.");
        a->form.error_field = FF_PORT;
        return false;
    }
    if (!*a->form.name) {
        a->form.error = _("Type the Origin Domain Name first.");
        a->form.error_field = FF_NAME;
        return false;
    }
    if (!target_parse(&t, a->form.name, 0, &err)) {
        a->form.error = err;
        a->form.error_field = FF_NAME;
        return false;
    }
    if (a->form.forward) {
        if (!*a->form.host) {
            a->form.error = _("Type the Host header the viewers send, or stop forwarding it.");
            a->form.error_field = FF_HOST;
            target_clear(&t);
            return false;
        }
        if (!(hh = target_host_ascii(a->form.host, &err))) {
            a->form.error = err;
            a->form.error_field = FF_HOST;
            target_clear(&t);
            return false;
        }
    }
    /* What the form does not show (timeouts, headers, the origin id) stays
     * as it was; a port typed after the name wins over the field. */
    base = a->origin < a->ntargets ? &a->targets[a->origin] : &a->defaults;
    given = t.https_port;
    t.https_port = 0;
    target_configure(&t, base);
    t.policy = a->form.policy;
    t.https_port = https_port;
    t.http_port = http_port;
    if (given)
        *(t.policy == POLICY_HTTP_ONLY ? &t.http_port : &t.https_port) = given;
    target_set_min_proto(&t, a->form.min_proto);
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
        a->form.loaded = a->origin;
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
        a->form.field = nlist(a) + a->form.error_field;
        tui_message(a, ROLE_ERROR, "%s %s", tui_glyph(G_FAIL), a->form.error);
        return false;
    }
    if (changed || !a->main.probe)
        tui_run_main(a);
    return true;
}

static char **
text_field(struct tui_app *a, int f)
{
    return f == FF_NAME ? &a->form.name : f == FF_PORT ? port_field(a) : &a->form.host;
}

static void
commit_edit(struct tui_app *a)
{
    char **v = text_field(a, field_of(a, a->form.field));

    free(*v);
    *v = tui_edit_text(&a->form.edit);
    tui_edit_clear(&a->form.edit);
    a->form.editing = false;
}

static void
select_origin(struct tui_app *a, size_t i)
{
    bool changed = false;

    if (i == a->origin)
        return;
    /* Edits to the origin being left count: apply them first. */
    if (a->form.loaded == a->origin && !form_apply(a, &changed)) {
        tui_message(a, ROLE_ERROR, "%s %s", tui_glyph(G_FAIL), a->form.error);
        return;
    }
    a->origin = i;
    form_load(a);
    if (changed)
        tui_run_main(a);
    else
        tui_origin_changed(a);
}

/* ----------------------------------------------------------------- draw */

static void
origin_row(struct tui_app *a, size_t i, int col)
{
    const struct target *t = &a->targets[i];
    const struct diag_origin *d =
        a->main.diag && i < a->main.diag->norigins ? &a->main.diag->origins[i] : NULL;
    char *name = sanitize(t->name), *what = NULL;
    enum tui_state st = d ? (d->ok ? ST_OK : ST_FAILED) : a->main.active ? ST_RUNNING : ST_PENDING;

    tui_doc_line(&a->form.list.doc, (int)i);
    tui_doc_put(&a->form.list.doc, tui_state_role(st), tui_state_glyph(st, a->spin));
    tui_doc_at(&a->form.list.doc, 2, ROLE_NORMAL, name);
    tui_doc_putf(&a->form.list.doc, ROLE_NORMAL, ":%u", target_port(t));
    if (d && d->ok)
        what = xstrdup(_("CloudFront would connect"));
    else if (d && d->verdict == VERDICT_UNKNOWN)
        what = xstrdup(_("Not checked: CloudFront's answer is unknown"));
    else if (d)
        what = xasprintf(_("CloudFront would answer %d"), d->cloudfront_status);
    else if (a->main.active)
        what = xstrdup(_("checking"));
    else if (a->main.cancelled)
        what = xstrdup(_("cancelled"));
    if (what)
        tui_doc_at(&a->form.list.doc, col, tui_state_role(st), what);
    free(what);
    free(name);
}

static void
draw(struct tui_app *a, struct tui_rect r)
{
    struct tui_doc *doc = &a->form.list.doc;
    const char *labels[FF_COUNT];
    int i, lw, vx, fw, y, n = nlist(a);
    size_t first, last;
    char *v;

    ensure_loaded(a);
    tui_doc_clear(doc);
    for (i = 0; i < FF_COUNT; i++)
        labels[i] = field_labels[i][0] ? _(field_labels[i]) : "";
    labels[FF_PORT] = port_label(a);
    lw = tui_max_width(labels, FF_COUNT);
    vx = lw + 4;
    fw = r.w - 2 - vx - 3 < FIELD_W ? r.w - 2 - vx - 3 : FIELD_W;

    if (n) {
        tui_doc_line(doc, -1);
        tui_doc_putf(doc, ROLE_TITLE, _("Origins (%d): choose the one to walk through"), n);
        /* The verdicts line up after the longest name, as far as they fit. */
        int col = 0, vw = tui_width(_("CloudFront would answer %d")) + 1;
        for (i = 0; i < n; i++) {
            char *nm = xasprintf("%s:%u", a->targets[i].name, target_port(&a->targets[i]));
            if (tui_width(nm) > col)
                col = tui_width(nm);
            free(nm);
        }
        col += 4;
        if (col > r.w - 2 - vw)
            col = r.w - 2 - vw;
        for (i = 0; i < n; i++)
            origin_row(a, (size_t)i, col);
        tui_doc_line(doc, -1);
    }
    tui_doc_line(doc, -1);
    tui_doc_put(doc, ROLE_TITLE, _("Origin settings, as in CloudFront"));
    for (i = 0; i < FF_COUNT; i++) {
        bool off = i == FF_HOST && !a->form.forward;
        tui_doc_line(doc, n + i);
        tui_doc_at(doc, 2, off ? ROLE_DIM : ROLE_NORMAL, labels[i]);
        switch (i) {
        case FF_NAME:
        case FF_PORT:
        case FF_HOST:
            v = sanitize(*text_field(a, i));
            tui_doc_at(doc, vx, off ? ROLE_DIM : ROLE_INPUT, "[");
            tui_doc_put(doc, off ? ROLE_DIM : ROLE_INPUT, v);
            tui_doc_at(doc, vx + 1 + (i == FF_PORT ? 8 : fw) + 1, off ? ROLE_DIM : ROLE_INPUT, "]");
            free(v);
            break;
        case FF_FORWARD:
            tui_doc_at(doc, vx, ROLE_NORMAL, "< ");
            tui_doc_put(doc, ROLE_INPUT, a->form.forward ? _("Yes") : _("No"));
            tui_doc_put(doc, ROLE_NORMAL, " >");
            break;
        case FF_MINPROTO:
            tui_doc_at(doc, vx, ROLE_NORMAL, "< ");
            tui_doc_put(doc, ROLE_INPUT, target_proto_name(a->form.min_proto));
            tui_doc_put(doc, ROLE_NORMAL, " >");
            break;
        case FF_POLICY:
            tui_doc_at(doc, vx, ROLE_NORMAL, "< ");
            tui_doc_put(doc, ROLE_INPUT, target_policy_text(a->form.policy));
            tui_doc_put(doc, ROLE_NORMAL, " >");
            break;
        case FF_RUN:
            tui_doc_at(doc, vx, ROLE_KEY, _("[ Check this origin ]"));
            break;
        }
    }
    tui_doc_line(doc, -1);
    if (a->form.error) {
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 2, ROLE_ERROR, tui_glyph(G_FAIL));
        tui_doc_put(doc, ROLE_ERROR, " ");
        tui_doc_put(doc, ROLE_ERROR, a->form.error);
    }
    if (a->form.policy == POLICY_HTTP_ONLY)
        tui_doc_wrap(doc, -1, 2, r.w - 2, ROLE_WARN,
                     _("! With HTTP only CloudFront talks plain HTTP to this origin: no TLS, so no "
                       "certificate problem can cause its 502s. The check is the connection to "
                       "the HTTP port."));
    else if (a->form.policy == POLICY_MATCH_VIEWER)
        tui_doc_wrap(doc, -1, 2, r.w - 2, ROLE_DIM,
                     _("With Match viewer the check is what viewers on HTTPS meet; viewers on "
                       "HTTP make CloudFront use plain HTTP, which is not checked."));
    tui_doc_wrap(doc, -1, 2, r.w - 2, ROLE_DIM,
                 _("Enter edits a field or changes a choice; Tab checks the origin and goes on to "
                   "DNS."));

    a->form.list.rect = r;
    a->form.list.sel = a->form.field;
    tui_doc_draw(doc, r, &a->form.list.top, a->form.field, !a->form.editing);
    if (a->form.editing && tui_doc_item_lines(doc, a->form.field, &first, &last) &&
        first >= a->form.list.top) {
        int f = field_of(a, a->form.field);
        y = r.y + (int)(first - a->form.list.top);
        tui_edit_draw(&a->form.edit, y, r.x + 1 + vx + 1, f == FF_PORT ? 8 : fw);
    }
}

/* ------------------------------------------------------------------ keys */

bool
tui_origin_editing(const struct tui_app *a)
{
    return a->form.editing;
}

/* Does the form hold input the origin does not have yet (being edited, or
 * accepted but not checked)? */
static bool
form_unsaved(struct tui_app *a)
{
    const struct target *t;
    char *port;
    bool differs;

    if (a->form.editing)
        return true;
    if (!a->form.name || a->form.loaded != a->origin)
        return false;
    if (a->origin >= a->ntargets)
        return *a->form.name || a->form.forward;
    t = &a->targets[a->origin];
    port = xasprintf("%u", a->form.policy == POLICY_HTTP_ONLY ? t->http_port : t->https_port);
    differs = !same(a->form.name, t->name) || strcmp(*port_field(a), port) != 0 ||
              a->form.policy != t->policy || a->form.min_proto != target_min_proto(t) ||
              a->form.forward != (t->host_header != NULL) ||
              (a->form.forward && !same(a->form.host, t->host_header));
    free(port);
    return differs;
}

static void
quit_answered(struct tui_app *a, bool yes)
{
    if (yes) {
        a->quit = true;
        loop_stop(a->loop);
    }
}

static void
cycle(struct tui_app *a, int f, int dir)
{
    switch (f) {
    case FF_FORWARD:
        a->form.forward = !a->form.forward;
        break;
    case FF_MINPROTO:
        a->form.min_proto = (enum target_proto)(
            ((int)a->form.min_proto + TARGET_PROTO_COUNT + dir) % TARGET_PROTO_COUNT);
        break;
    case FF_POLICY:
        a->form.policy =
            (enum target_policy)(((int)a->form.policy + POLICY_COUNT + dir) % POLICY_COUNT);
        break;
    default:
        break;
    }
}

static void
move_to(struct tui_app *a, int row)
{
    int rows = nlist(a) + FF_COUNT;

    if (row < 0)
        row = 0;
    if (row >= rows)
        row = rows - 1;
    a->form.field = row;
    if (row < nlist(a))
        select_origin(a, (size_t)row);
}

static bool
key(struct tui_app *a, enum tui_action act, int ch, bool keycode)
{
    int f;

    ensure_loaded(a);
    f = field_of(a, a->form.field);
    if (a->form.editing) {
        if ((!keycode && ch == '\t') || (keycode && ch == KEY_BTAB)) {
            commit_edit(a);
            return false; /* and on to the next or previous step */
        }
        if (keycode && (ch == KEY_UP || ch == KEY_DOWN)) {
            commit_edit(a);
            move_to(a, a->form.field + (ch == KEY_UP ? -1 : 1));
            return true;
        }
        switch (tui_edit_key(&a->form.edit, ch, keycode)) {
        case EDIT_DONE:
            commit_edit(a);
            break;
        case EDIT_CANCEL:
            tui_edit_clear(&a->form.edit);
            a->form.editing = false;
            break;
        case EDIT_GOING:
            break;
        }
        return true;
    }
    /* A character typed on a text field is text: it starts editing the
     * field (as nmtui and lazygit do), never a command. */
    if (!keycode && (f == FF_NAME || f == FF_PORT || (f == FF_HOST && a->form.forward)) &&
        iswprint((wint_t)ch)) {
        tui_edit_start(&a->form.edit, *text_field(a, f), f == FF_PORT ? 5 : 512);
        a->form.editing = true;
        tui_edit_key(&a->form.edit, ch, keycode);
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
        move_to(a, a->form.field + (act == ACT_UP ? -1 : 1));
        return true;
    case ACT_HOME:
        move_to(a, 0);
        return true;
    case ACT_END:
        move_to(a, nlist(a) + FF_COUNT - 1);
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
        if (f < 0 || f == FF_RUN) {
            tui_goto(a, STEP_DNS);
        } else if (f == FF_NAME || f == FF_PORT || (f == FF_HOST && a->form.forward)) {
            tui_edit_start(&a->form.edit, *text_field(a, f), f == FF_PORT ? 5 : 512);
            a->form.editing = true;
        } else if (f == FF_HOST) {
            a->form.forward = true;
            tui_edit_start(&a->form.edit, a->form.host, 512);
            a->form.editing = true;
        } else {
            cycle(a, f, 1);
        }
        return true;
    case ACT_RERUN: {
        bool changed;
        if (form_apply(a, &changed))
            tui_run_main(a);
        else
            tui_message(a, ROLE_ERROR, "%s %s", tui_glyph(G_FAIL), a->form.error);
        return true;
    }
    default:
        return false;
    }
}

static bool
leave(struct tui_app *a)
{
    if (a->form.editing)
        commit_edit(a);
    ensure_loaded(a);
    return apply_and_run(a);
}

static void
click(struct tui_app *a, int y, int x)
{
    int item = tui_doc_item_at(&a->form.list.doc, a->form.list.rect, a->form.list.top, y);

    (void)x;
    if (item < 0)
        return;
    if (a->form.editing)
        commit_edit(a);
    move_to(a, item);
}

static enum tui_state
state(const struct tui_app *a)
{
    if (a->form.error)
        return ST_FAILED;
    return a->ntargets ? ST_OK : ST_PENDING;
}

const struct tui_step tui_step_origin = {
    .title = N_("Origin"),
    .draw = draw,
    .key = key,
    .state = state,
    .click = click,
    .leave = leave,
};
