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

/* The step's own state (struct tui_step): the form. */
enum tui_form_field {
    FF_NAME,
    FF_PORT,
    FF_FORWARD,
    FF_HOST,
    FF_MINPROTO,
    FF_POLICY,
    FF_RUN,
    FF_COUNT
};

struct origin_state {
    int field; /* -1 - index: origin list rows; else tui_form_field */
    bool editing;
    struct tui_edit edit;
    /* The port field edits the port of the policy's protocol. */
    char *name, *https_port, *http_port, *host;
    bool forward;
    enum target_proto min_proto;
    enum target_policy policy;
    const char *error; /* translated (static or engine-owned) */
    int error_field;
    struct tui_view list;
    size_t loaded; /* which origin the form holds */
};

static struct origin_state *
S(const struct tui_app *a)
{
    return tui_step_state(a, STEP_ORIGIN);
}

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

    /* The first time: with an origin given, the cursor starts on the
     * button, where keys are commands; on the empty form it starts on the
     * name, where they are text. */
    if (!S(a)->name && t->name && S(a)->field == nlist(a) + FF_NAME)
        S(a)->field = nlist(a) + FF_RUN;
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
    S(a)->error = NULL;
    if (!target_parse_port(S(a)->https_port, &https_port)) {
        S(a)->error = _("The HTTPS port is a number from 1 to 65535.");
        S(a)->error_field = FF_PORT;
        return false;
    }
    if (!target_parse_port(S(a)->http_port, &http_port)) {
        S(a)->error = _("The HTTP port is a number from 1 to 65535.");
        S(a)->error_field = FF_PORT;
        return false;
    }
    if (!*S(a)->name) {
        S(a)->error = _("Type the Origin Domain Name first.");
        S(a)->error_field = FF_NAME;
        return false;
    }
    if (!target_parse(&t, S(a)->name, 0, &err)) {
        S(a)->error = err;
        S(a)->error_field = FF_NAME;
        return false;
    }
    if (S(a)->forward) {
        if (!*S(a)->host) {
            S(a)->error = _("Type the Host header the viewers send, or stop forwarding it.");
            S(a)->error_field = FF_HOST;
            target_clear(&t);
            return false;
        }
        if (!(hh = target_host_ascii(S(a)->host, &err))) {
            S(a)->error = err;
            S(a)->error_field = FF_HOST;
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
        S(a)->field = nlist(a) + S(a)->error_field;
        tui_message(a, ROLE_ERROR, "%s %s", tui_glyph(G_FAIL), S(a)->error);
        return false;
    }
    if (changed || !a->main.probe)
        tui_run_main(a);
    return true;
}

static char **
text_field(struct tui_app *a, int f)
{
    return f == FF_NAME ? &S(a)->name : f == FF_PORT ? port_field(a) : &S(a)->host;
}

static void
commit_edit(struct tui_app *a)
{
    char **v = text_field(a, field_of(a, S(a)->field));

    free(*v);
    *v = tui_edit_text(&S(a)->edit);
    tui_edit_clear(&S(a)->edit);
    S(a)->editing = false;
}

static void
select_origin(struct tui_app *a, size_t i)
{
    bool changed = false;

    if (i == a->origin)
        return;
    /* Edits to the origin being left count: apply them first. */
    if (S(a)->loaded == a->origin && !form_apply(a, &changed)) {
        tui_message(a, ROLE_ERROR, "%s %s", tui_glyph(G_FAIL), S(a)->error);
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
origin_row(struct tui_app *a, size_t i, int col, int w)
{
    const struct target *t = &a->targets[i];
    const struct diag_origin *d =
        a->main.diag && i < a->main.diag->norigins ? &a->main.diag->origins[i] : NULL;
    char *name = sanitize(t->name), *what = NULL;
    enum tui_state st = d ? tui_verdict_state(d) : a->main.active ? ST_RUNNING : ST_PENDING;

    tui_doc_line(&S(a)->list.doc, (int)i);
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

static void
draw(struct tui_app *a, struct tui_rect r)
{
    struct tui_doc *doc = &S(a)->list.doc;
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
        int col = 0, vw = 0;
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
        if (col > r.w - 2 - vw)
            col = r.w - 2 - vw;
        for (i = 0; i < n; i++)
            origin_row(a, (size_t)i, col, r.w - 2);
        tui_doc_line(doc, -1);
    }
    tui_doc_line(doc, -1);
    tui_doc_put(doc, ROLE_TITLE, _("Origin settings, as in CloudFront"));
    for (i = 0; i < FF_COUNT; i++) {
        bool off = i == FF_HOST && !S(a)->forward;
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
        case FF_RUN:
            tui_doc_at(doc, vx, ROLE_KEY, _("[ Check this origin ]"));
            break;
        }
    }
    tui_doc_line(doc, -1);
    if (S(a)->error) {
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 2, ROLE_ERROR, tui_glyph(G_FAIL));
        tui_doc_put(doc, ROLE_ERROR, " ");
        tui_doc_put(doc, ROLE_ERROR, S(a)->error);
    }
    if (S(a)->policy == POLICY_HTTP_ONLY)
        tui_doc_wrap(doc, -1, 2, r.w - 2, ROLE_WARN,
                     _("! With HTTP only CloudFront talks plain HTTP to this origin: no TLS, so no "
                       "certificate problem can cause its 502s. The check is the connection to "
                       "the HTTP port."));
    else if (S(a)->policy == POLICY_MATCH_VIEWER)
        tui_doc_wrap(doc, -1, 2, r.w - 2, ROLE_DIM,
                     _("With Match viewer the check is what viewers on HTTPS meet; viewers on "
                       "HTTP make CloudFront use plain HTTP, which is not checked."));
    tui_doc_wrap(doc, -1, 2, r.w - 2, ROLE_DIM,
                 _("Enter edits a field or changes a choice; Tab checks the origin and goes on to "
                   "DNS."));

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

/* Does the form hold input the origin does not have yet (being edited, or
 * accepted but not checked)? */
static bool
form_unsaved(struct tui_app *a)
{
    const struct target *t;
    char *port;
    bool differs;

    if (S(a)->editing)
        return true;
    if (!S(a)->name || S(a)->loaded != a->origin)
        return false;
    if (a->origin >= a->ntargets)
        return *S(a)->name || S(a)->forward;
    t = &a->targets[a->origin];
    port = xasprintf("%u", S(a)->policy == POLICY_HTTP_ONLY ? t->http_port : t->https_port);
    differs = !same(S(a)->name, t->name) || strcmp(*port_field(a), port) != 0 ||
              S(a)->policy != t->policy || S(a)->min_proto != target_min_proto(t) ||
              S(a)->forward != (t->host_header != NULL) ||
              (S(a)->forward && !same(S(a)->host, t->host_header));
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
        S(a)->forward = !S(a)->forward;
        break;
    case FF_MINPROTO:
        S(a)->min_proto = (enum target_proto)(((int)S(a)->min_proto + TARGET_PROTO_COUNT + dir) %
                                              TARGET_PROTO_COUNT);
        break;
    case FF_POLICY:
        S(a)->policy =
            (enum target_policy)(((int)S(a)->policy + POLICY_COUNT + dir) % POLICY_COUNT);
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
    S(a)->field = row;
    if (row < nlist(a))
        select_origin(a, (size_t)row);
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
    if (!keycode && (f == FF_NAME || f == FF_PORT || (f == FF_HOST && S(a)->forward)) &&
        iswprint((wint_t)ch)) {
        tui_edit_start(&S(a)->edit, *text_field(a, f), f == FF_PORT ? 5 : 512);
        S(a)->editing = true;
        tui_edit_key(&S(a)->edit, ch, keycode);
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
        } else if (f == FF_NAME || f == FF_PORT || (f == FF_HOST && S(a)->forward)) {
            tui_edit_start(&S(a)->edit, *text_field(a, f), f == FF_PORT ? 5 : 512);
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
    return apply_and_run(a);
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
    static const struct tui_hint text[] = {
        {N_("type"), N_("edit")}, {TUI_KEY_UPDOWN, N_("field")}, {"r", N_("check")}, {NULL, NULL}};
    static const struct tui_hint choice[] = {{TUI_KEY_LEFTRIGHT, N_("change")},
                                             {TUI_KEY_UPDOWN, N_("field")},
                                             {"r", N_("check")},
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
