/* Step 6, Fix: the guide as a checklist.  First the custom domain to use
 * (the candidates that point to the same load balancer, or one typed in),
 * then the steps the fix guide built for it (ACM certificate, Route 53
 * record, CloudFront origin settings...), each with its commands filled
 * in.  A command is shown on one line as it is, never wrapped: a line
 * wider than the pane is cut at the pane's edge with a mark in its own
 * attribute (Left/Right scroll it), so whatever a mouse selects of a line
 * shown whole is the command.  c copies (OSC 52), p shows every step
 * plainly, w writes them as one script file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "i18n.h"
#include "sanitize.h"
#include "tui/app.h"
#include "xmalloc.h"

/* A tick: the step of that kind (the n-th of its kind) of that origin is
 * done.  Kept by kind, not by position or title, so that ticks stay when
 * the steps are rebuilt for another custom domain, another origin is
 * looked at, or the probe runs again. */
struct tick {
    char *origin; /* name:port */
    enum fix_kind kind;
    unsigned nth;
};

/* The step's own state (struct tui_step): the list of choices and steps,
 * the selected step's detail and how far its commands are scrolled
 * sideways, and the ticks. */
struct fix_state {
    struct tui_view list, detail;
    struct tick *ticks;
    size_t nticks;
    int hoff;          /* the first column of the commands shown */
    int code_w;        /* columns the commands had when last drawn */
    int code_max;      /* the widest command line then */
    char *script_path; /* w: the path being written */
    char *written;     /* the last script written, in full, and for which */
    char *written_for; /* origin (origin_key()) */
    int search_item;   /* the list item of the search's last match */
};

static struct fix_state *
S(const struct tui_app *a)
{
    return tui_step_state(a, STEP_FIX);
}

static void
st_reset(void *st)
{
    struct fix_state *f = st;
    /* The ticks stay: they are kept by origin and kind. */
    tui_view_reset(&f->list);
    tui_view_reset(&f->detail);
    f->hoff = 0;
    f->search_item = -1;
}

static void
st_clear(void *st)
{
    struct fix_state *f = st;
    size_t i;

    for (i = 0; i < f->nticks; i++)
        free(f->ticks[i].origin);
    free(f->ticks);
    free(f->script_path);
    free(f->written);
    free(f->written_for);
    tui_doc_clear(&f->list.doc);
    tui_doc_clear(&f->detail.doc);
}

/* ---------------------------------------------------------------- ticks */

static char *
origin_key(const struct tui_app *a)
{
    if (a->origin >= a->ntargets)
        return xstrdup("");
    return xasprintf("%s:%u", a->targets[a->origin].name, target_port(&a->targets[a->origin]));
}

/* Which of its kind step i is (0 for the first). */
static unsigned
nth_of_kind(const struct diag_origin *d, size_t i)
{
    unsigned n = 0;
    size_t j;

    for (j = 0; j < i; j++)
        if (d->fixes[j].kind == d->fixes[i].kind)
            n++;
    return n;
}

static ssize_t
find_tick(const struct tui_app *a, const struct diag_origin *d, size_t i)
{
    const struct fix_state *f = S(a);
    char *key = origin_key(a);
    unsigned nth = nth_of_kind(d, i);
    ssize_t found = -1;
    size_t j;

    for (j = 0; j < f->nticks && found < 0; j++)
        if (f->ticks[j].kind == d->fixes[i].kind && f->ticks[j].nth == nth &&
            strcmp(f->ticks[j].origin, key) == 0)
            found = (ssize_t)j;
    free(key);
    return found;
}

static bool
is_done(const struct tui_app *a, const struct diag_origin *d, size_t i)
{
    return find_tick(a, d, i) >= 0;
}

static void
set_done(struct tui_app *a, const struct diag_origin *d, size_t i, bool on)
{
    struct fix_state *f = S(a);
    ssize_t j = find_tick(a, d, i);

    if (on && j < 0) {
        f->ticks = xreallocarray(f->ticks, f->nticks + 1, sizeof *f->ticks);
        f->ticks[f->nticks].origin = origin_key(a);
        f->ticks[f->nticks].kind = d->fixes[i].kind;
        f->ticks[f->nticks].nth = nth_of_kind(d, i);
        f->nticks++;
    } else if (!on && j >= 0) {
        free(f->ticks[j].origin);
        f->ticks[j] = f->ticks[--f->nticks];
    }
}

/* List items: the domain choices (when the fix is a custom domain: each
 * candidate, then "type one"), then the fix steps. */
static size_t
nchoices(const struct diag_origin *d)
{
    return tui_wants_custom_domain(d) ? d->ncandidates + 1 : 0;
}

static bool
is_chosen(const struct tui_app *a, const char *name)
{
    const char *dom = tui_custom_domain(a);
    return dom && name && strcmp(dom, name) == 0 && !a->domain_typed;
}

static void
build_list(struct tui_app *a, const struct diag_origin *d)
{
    struct tui_doc *doc = &S(a)->list.doc;
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
        tui_doc_at(doc, 2, a->domain_typed ? ROLE_OK : ROLE_NORMAL,
                   tui_glyph(a->domain_typed ? G_RADIO_ON : G_RADIO_OFF));
        tui_doc_put(doc, ROLE_NORMAL, " ");
        if (a->domain_typed) {
            tui_doc_net(doc, ROLE_OK, a->domain);
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
        bool done = is_done(a, d, i);
        tui_doc_line(doc, item);
        tui_doc_at(doc, 2, done ? ROLE_OK : ROLE_NORMAL, done ? "[x]" : "[ ]");
        tui_doc_putf(doc, done ? ROLE_DIM : ROLE_NORMAL, " %zu. ", i + 1);
        tui_doc_put(doc, done ? ROLE_DIM : ROLE_NORMAL, d->fixes[i].title);
    }
}

/* -------------------------------------------------------- the commands */

/* The selected fix step, or NULL (a domain choice is selected). */
static const struct fix_step *
selected_step(const struct tui_app *a, const struct diag_origin *d)
{
    int i = S(a)->list.sel - (int)nchoices(d);

    return i >= 0 && (size_t)i < d->nfixes ? &d->fixes[i] : NULL;
}

/* The marks where a command line is cut: never a character a command
 * could hold at that place unnoticed, and drawn in their own attribute. */
static bool
utf8_marks(void)
{
    return strcmp(tui_glyph(G_ELLIPSIS), "~") != 0;
}

/* The characters of s that lie in columns [from, to), with a blank for
 * the part of a wide character cut at either edge. */
static char *
slice_cols(const char *s, int from, int to)
{
    size_t len = 0, n;
    char *out = xmalloc(strlen(s) + (size_t)(to > from ? to - from : 0) + 1);
    mbstate_t st;
    wchar_t wc;
    int col = 0, cw, k;

    memset(&st, 0, sizeof st);
    while (*s && col < to) {
        n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
        if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
            memset(&st, 0, sizeof st);
            n = 1;
            cw = 1;
        } else if ((cw = wcwidth(wc)) < 0) {
            cw = 1;
        }
        if (col >= from && col + cw <= to) {
            memcpy(out + len, s, n);
            len += n;
        } else {
            for (k = col > from ? col : from; k < col + cw && k < to; k++)
                out[len++] = ' ';
        }
        col += cw;
        s += n;
    }
    out[len] = '\0';
    return out;
}

/* One command line at column col of the document, as it shows from
 * column hoff in w columns: a mark replaces the first column when the
 * line is scrolled, and the last when more follows. */
static void
put_code(struct tui_doc *doc, const char *line, int col, int w, int hoff)
{
    int total = tui_width(line);
    bool left = hoff > 0 && total > 0, right = total > hoff + w;
    char *mid = slice_cols(line, hoff + (left ? 1 : 0), hoff + w - (right ? 1 : 0));

    tui_doc_line(doc, -1);
    if (left) {
        tui_doc_at(doc, col, ROLE_BADGE, utf8_marks() ? "\u2026" : "<");
        tui_doc_put(doc, ROLE_CODE, mid);
    } else {
        tui_doc_at(doc, col, ROLE_CODE, mid);
    }
    if (right)
        tui_doc_put(doc, ROLE_BADGE, utf8_marks() ? "\u2026" : ">");
    free(mid);
}

/* The widest line of the commands, in columns. */
static int
widest(const char *cmds)
{
    int max = 0, w;
    char *copy, *line, *save = NULL;

    if (!cmds)
        return 0;
    copy = xstrdup(cmds);
    for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        if ((w = tui_width(line)) > max)
            max = w;
    free(copy);
    return max;
}

/* The text shown under the list for list item sel (a domain choice or a
 * fix step), w columns wide, into doc: the commands cut at the pane's
 * edge from column hoff, or whole when full (for search).  First, when
 * note, the note of the script written.  Returns the lines the note
 * took. */
static size_t
build_detail(struct tui_app *a, const struct diag_origin *d, int sel, int w, bool full, bool note,
             struct tui_doc *doc)
{
    size_t nc = nchoices(d), nnote = 0;
    const struct fix_step *f;
    char *key = origin_key(a);

    /* The bottom line may cut a long path: here it is whole. */
    if (note && S(a)->written && strcmp(S(a)->written_for, key) == 0) {
        char *t = xasprintf(_("%s Fix script written to %s"), tui_glyph(G_OK), S(a)->written);
        tui_doc_wrap(doc, -1, 0, w, ROLE_OK, t);
        tui_doc_line(doc, -1);
        free(t);
        nnote = doc->nlines;
    }
    free(key);
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
        return nnote;
    }
    if (sel < 0 || (size_t)sel - nc >= d->nfixes)
        return nnote;
    f = &d->fixes[sel - nc];
    if (f->why)
        tui_doc_wrap(doc, -1, 0, w, ROLE_NORMAL, f->why);
    if (f->commands) {
        /* Each command line on one line, as it is (c, p and w give the
         * same lines): never wrapped, so never broken into text that
         * means something else. */
        const char *p = f->commands, *nl;
        tui_doc_line(doc, -1);
        tui_doc_line(doc, -1);
        tui_doc_put(doc, ROLE_TITLE, _("Commands:"));
        while (*p) {
            char *one;
            nl = strchr(p, '\n');
            one = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
            if (full) {
                tui_doc_line(doc, -1);
                tui_doc_at(doc, 2, ROLE_CODE, one);
            } else {
                put_code(doc, one, 2, w - 2, S(a)->hoff);
            }
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
    return nnote;
}

/* Where the detail is in its document, as less says it: "3-14/40" (the
 * lines shown, of how many), then "col 57" (the first column of the
 * commands shown) when they are wider than the pane. */
static char *
position_text(const struct fix_state *f)
{
    size_t n = f->detail.doc.nlines, first = n ? f->detail.top + 1 : 0,
           last = f->detail.top + (size_t)(f->detail.rect.h > 0 ? f->detail.rect.h : 0);

    if (last > n)
        last = n;
    if (f->code_max <= f->code_w)
        return xasprintf("%zu-%zu/%zu", first, last, n);
    /* TRANSLATORS: the lines of the Fix pane shown (first-last/count),
     * then the first column of the commands shown (Left and Right scroll
     * them sideways). */
    return xasprintf(_("%zu-%zu/%zu col %d"), first, last, n, f->hoff + 1);
}

static void
draw(struct tui_app *a, struct tui_rect r)
{
    const struct diag_origin *d = tui_diag(a);
    const struct fix_step *f;
    struct tui_rect list, detail;
    size_t nc;
    int lh, nitems, hoff_max;
    char *title, *pos = NULL;

    tui_doc_clear(&S(a)->list.doc);
    tui_doc_clear(&S(a)->detail.doc);
    if (!d) {
        tui_waiting(a, r,
                    a->main.active ? _("The fix comes with the diagnosis.")
                                   : _("No diagnosis: run the probe (r)."));
        return;
    }
    nc = nchoices(d);
    build_list(a, d);
    nitems = (int)(nc + d->nfixes);
    if (S(a)->list.sel >= nitems)
        S(a)->list.sel = nitems ? nitems - 1 : 0;
    lh = (int)S(a)->list.doc.nlines;
    if (lh > r.h / 2)
        lh = r.h / 2;
    list = (struct tui_rect){r.y, r.x, lh, r.w};
    S(a)->list.rect = list;
    tui_doc_draw(&S(a)->list.doc, list, &S(a)->list.top, nitems ? S(a)->list.sel : -1, true);

    detail = (struct tui_rect){r.y + lh + 1, r.x + 2, r.h - lh - 1, r.w - 2};
    f = selected_step(a, d);
    /* The commands' room: the document's width (the pane less its mark
     * columns) less their indent. */
    S(a)->code_w = detail.w - 2 - 2;
    S(a)->code_max = f ? widest(f->commands) : 0;
    hoff_max = S(a)->code_max > S(a)->code_w ? S(a)->code_max - S(a)->code_w : 0;
    if (S(a)->hoff > hoff_max)
        S(a)->hoff = hoff_max;
    if (S(a)->hoff < 0)
        S(a)->hoff = 0;
    build_detail(a, d, S(a)->list.sel, detail.w - 2, false, true, &S(a)->detail.doc);
    S(a)->detail.rect = detail;
    tui_doc_draw(&S(a)->detail.doc, detail, &S(a)->detail.top, -1, false);
    if (f) {
        title = xasprintf("%d. %s", S(a)->list.sel - (int)nc + 1, f->title);
        pos = position_text(S(a));
    } else {
        title = xstrdup(_("Custom domain"));
    }
    if (pos) {
        int pw = tui_width(pos) + 2;
        tui_heading(detail.y - 1, r.x + 1, r.w - 2 - pw, title);
        tui_text(detail.y - 1, r.x + r.w - 1 - pw, pw, ROLE_DIM, " ");
        tui_text(detail.y - 1, r.x + r.w - pw, pw - 1, ROLE_DIM, pos);
    } else {
        tui_heading(detail.y - 1, r.x + 1, r.w - 2, title);
    }
    free(title);
    free(pos);
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

/* Appends text to a growing string. */
static void
cat(char **s, size_t *len, const char *text)
{
    size_t n = strlen(text);

    *s = xrealloc(*s, *len + n + 1);
    memcpy(*s + *len, text, n + 1);
    *len += n;
}

/* "# 3. Title" for step i: one comment line whatever the title holds. */
static char *
title_comment(const struct diag_origin *d, size_t i)
{
    char *t = xasprintf("# %zu. %s\n", i + 1, d->fixes[i].title), *p;

    for (p = t + 2; p[1]; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return t;
}

/* Every step: its title as a comment, then its commands; the plain view
 * (p) and the script (w) both start from this. */
static char *
all_steps(const struct diag_origin *d)
{
    char *out = xstrdup(""), *t;
    size_t len = 0, i;

    for (i = 0; i < d->nfixes; i++) {
        if (i)
            cat(&out, &len, "\n");
        t = title_comment(d, i);
        cat(&out, &len, t);
        free(t);
        if (d->fixes[i].commands) {
            cat(&out, &len, d->fixes[i].commands);
            cat(&out, &len, "\n");
        } else {
            cat(&out, &len, "# ");
            cat(&out, &len, _("(no commands: see the wizard's text for this step)"));
            cat(&out, &len, "\n");
        }
    }
    return out;
}

/* The commands of the selected step, or of every step on a domain
 * choice. */
static char *
commands(const struct tui_app *a, const struct diag_origin *d)
{
    const struct fix_step *f = selected_step(a, d);
    size_t i, len = 0;
    char *all = NULL;

    if (f)
        return f->commands ? xstrdup(f->commands) : NULL;
    for (i = 0; i < d->nfixes; i++)
        if (d->fixes[i].commands) {
            if (!all)
                all = xstrdup("");
            cat(&all, &len, d->fixes[i].commands);
            cat(&all, &len, "\n");
        }
    return all;
}

/* ------------------------------------------------------------ the script */

struct names {
    char **v;
    size_t n;
};

static void
names_add(struct names *l, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        if (strlen(l->v[i]) == n && strncmp(l->v[i], s, n) == 0)
            return;
    l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
    l->v[l->n++] = xstrndup(s, n);
}

static bool
names_has(const struct names *l, const char *s)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return true;
    return false;
}

static void
names_free(struct names *l)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

/* The length of the shell variable name at s (the guides' variables are
 * upper case: CERT_ARN, DIST_ID...), 0 when none starts there. */
static size_t
var_len(const char *s)
{
    size_t n = 0;

    if (!((*s >= 'A' && *s <= 'Z') || *s == '_'))
        return 0;
    while ((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_')
        n++;
    return n;
}

/* The variables the commands use ($NAME, ${NAME...}) and those a line
 * sets (NAME=...), outside comments and single quotes. */
static void
scan_vars(const char *cmds, struct names *used, struct names *set)
{
    const char *p = cmds;

    while (p && *p) {
        const char *end = strchr(p, '\n'), *q = p;
        bool single = false;
        size_t n;

        if (!end)
            end = p + strlen(p);
        while (q < end && *q == ' ')
            q++;
        if (*q != '#') {
            if ((n = var_len(q)) && q[n] == '=')
                names_add(set, q, n);
            for (; q < end; q++) {
                if (*q == '\'')
                    single = !single;
                else if (*q == '$' && !single) {
                    const char *v = q[1] == '{' ? q + 2 : q + 1;
                    if ((n = var_len(v)))
                        names_add(used, v, n);
                }
            }
        }
        p = *end ? end + 1 : end;
    }
}

/* Syntax /bin/sh (POSIX) does not have: the script is then for bash. */
static bool
needs_bash(const char *cmds)
{
    static const char *const bashisms[] = {"$'", "[[ ", "<<<", "<(", ">(", "${!"};
    size_t i;

    for (i = 0; cmds && i < sizeof bashisms / sizeof *bashisms; i++)
        if (strstr(cmds, bashisms[i]))
            return true;
    return false;
}

/* Translated text as comment lines. */
static void
cat_comment(char **s, size_t *len, const char *text)
{
    const char *p = text, *nl;

    while (*p) {
        char *line;
        nl = strchr(p, '\n');
        line = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
        cat(s, len, "# ");
        cat(s, len, line);
        cat(s, len, "\n");
        free(line);
        if (!nl)
            break;
        p = nl + 1;
    }
}

/* The whole fix as one script: the interpreter, set -eu, the variables
 * only the user knows (from the environment, else empty: the step that
 * needs one stops there, naming it), then every step with its title as a
 * comment. */
static char *
script_text(const struct tui_app *a, const struct diag_origin *d)
{
    struct names used = {0}, set = {0};
    char *out = NULL, *t, *name;
    size_t len = 0, i;
    bool bash = false;

    for (i = 0; i < d->nfixes; i++) {
        scan_vars(d->fixes[i].commands, &used, &set);
        bash = bash || needs_bash(d->fixes[i].commands);
    }
    out = xstrdup(bash ? "#!/bin/bash\n" : "#!/bin/sh\n");
    len = strlen(out);
    name = sanitize(a->origin < a->ntargets ? a->targets[a->origin].name : "");
    t = xasprintf(_("origin-doctor: the fix for %s:%u"), name,
                  a->origin < a->ntargets ? target_port(&a->targets[a->origin]) : 0);
    cat_comment(&out, &len, t);
    free(t);
    free(name);
    cat_comment(&out, &len,
                _("Read each step before you run it: some give alternatives (a load balancer\n"
                  "or a server); delete the lines that do not apply to you."));
    cat(&out, &len, "set -eu\n");
    t = NULL;
    for (i = 0; i < used.n; i++) {
        if (names_has(&set, used.v[i]))
            continue;
        if (!t) {
            cat(&out, &len, "\n");
            cat_comment(&out, &len,
                        _("Values only you know: set them here or in the environment.\n"
                          "A step that needs one stops there while it is empty."));
            t = out; /* some were written */
        }
        cat(&out, &len, used.v[i]);
        cat(&out, &len, "=${");
        cat(&out, &len, used.v[i]);
        cat(&out, &len, ":-}\n");
    }
    if (set.n) {
        size_t slen = 0;
        char *list = xstrdup("");
        for (i = 0; i < set.n; i++) {
            if (i)
                cat(&list, &slen, ", ");
            cat(&list, &slen, set.v[i]);
        }
        cat(&out, &len, "\n");
        /* TRANSLATORS: a list of shell variables. */
        t = xasprintf(_("Set by the steps below: %s."), list);
        cat_comment(&out, &len, t);
        free(t);
        free(list);
    }
    cat(&out, &len, "\n");
    t = all_steps(d);
    cat(&out, &len, t);
    free(t);
    names_free(&used);
    names_free(&set);
    return out;
}

/* fix-<origin>.sh in the current directory, the name reduced to
 * characters safe in a file name. */
static char *
default_script_name(const struct tui_app *a)
{
    char *safe = xstrdup(a->origin < a->ntargets ? a->targets[a->origin].name : "origin"), *p;
    char *out;

    for (p = safe; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '-'))
            *p = '_';
    if (strlen(safe) > 100)
        safe[100] = '\0';
    out = xasprintf("fix-%s.sh", safe);
    free(safe);
    return out;
}

static void write_script(struct tui_app *a, bool overwrite);

static void
script_confirmed(struct tui_app *a, bool yes)
{
    char *shown = sanitize(S(a)->script_path);

    if (yes)
        write_script(a, true);
    else
        tui_message(a, ROLE_WARN, _("Not written: %s is left as it was."), shown);
    free(shown);
}

static void
ask_replace(struct tui_app *a)
{
    char *shown = sanitize(S(a)->script_path);
    char *q = xasprintf(_("%s exists. Replace it?"), shown);

    tui_confirm(a, q, script_confirmed);
    free(q);
    free(shown);
}

static void
fill_script(FILE *f, void *ctx)
{
    struct tui_app *a = ctx;
    char *text = script_text(a, tui_diag(a));

    fputs(text, f);
    free(text);
}

/* Put in place by tui_save_file (never half written; one that exists is
 * replaced only after the user says yes).  Mode 0700: the user's own
 * script, to read and then run. */
static void
write_script(struct tui_app *a, bool overwrite)
{
    const char *path = S(a)->script_path;
    char *shown, resolved[PATH_MAX];
    int e = 0;

    if (!tui_diag(a)) {
        tui_message(a, ROLE_WARN, "%s", _("Wait for the diagnosis first."));
        return;
    }
    switch (tui_save_file(path, 0700, overwrite, fill_script, a, &e)) {
    case SAVE_EXISTS:
        ask_replace(a);
        return;
    case SAVE_WRITTEN:
        shown = sanitize(path);
        tui_message(a, ROLE_OK, _("%s Fix script written to %s"), tui_glyph(G_OK), shown);
        free(S(a)->written);
        free(S(a)->written_for);
        S(a)->written = sanitize(realpath(path, resolved) ? resolved : path);
        S(a)->written_for = origin_key(a);
        break;
    case SAVE_FAILED:
    default:
        shown = sanitize(path);
        tui_message(a, ROLE_ERROR, _("%s Cannot write %s: %s"), tui_glyph(G_FAIL), shown,
                    strerror(e));
        break;
    }
    free(shown);
}

static void
script_path_entered(struct tui_app *a, const char *text)
{
    struct stat st;

    if (!*text) {
        tui_message(a, ROLE_WARN, "%s", _("No script written."));
        return;
    }
    free(S(a)->script_path);
    S(a)->script_path = tui_expand_home(text);
    if (lstat(S(a)->script_path, &st) == 0) {
        ask_replace(a);
        return;
    }
    write_script(a, false);
}

/* ------------------------------------------------------------------ keys */

/* Left and Right move the commands by three quarters of their room, so
 * that what was at the edge stays in sight. */
static void
scroll_sideways(struct fix_state *f, int dir)
{
    int step = f->code_w - f->code_w / 4;

    f->hoff += dir * (step > 1 ? step : 1);
    if (f->hoff < 0)
        f->hoff = 0; /* the far end is clamped when drawn */
}

static void
select_moved(struct fix_state *f)
{
    f->detail.top = 0;
    f->hoff = 0;
}

/* The user moved the selection: another text is shown, where the line of
 * the search's last match means nothing; its matches stay highlighted,
 * none as the current one, and n goes on from the top of the text. */
static void
user_moved(struct tui_app *a)
{
    struct tui_search *s = &a->search;

    select_moved(S(a));
    if (s->have && s->view == &S(a)->detail) {
        s->have = false;
        tui_doc_highlight(&S(a)->detail.doc, s->pattern, SIZE_MAX);
    }
}

static bool
key(struct tui_app *a, enum tui_action act, int ch, bool keycode)
{
    const struct diag_origin *d = tui_diag(a);
    const struct fix_step *f;
    size_t nc;
    int sel = S(a)->list.sel;
    char *text;
    const char *err;

    if (!d)
        return false;
    nc = nchoices(d);
    f = selected_step(a, d);
    if (!keycode && ch == 'w' && act == ACT_NONE) {
        if (!d->nfixes) {
            tui_message(a, ROLE_WARN, "%s", _("Nothing to fix: no script to write."));
            return true;
        }
        text = default_script_name(a);
        tui_prompt(a, _("Write the fix as a script to:"), text, script_path_entered);
        free(text);
        return true;
    }
    switch (act) {
    case ACT_ENTER:
    case ACT_TOGGLE:
        if (sel < (int)nc) {
            if ((size_t)sel + 1 < nc) {
                if (!tui_choose_domain(a, d->candidates[sel].name, false, &err))
                    tui_message(a, ROLE_ERROR, "%s", err);
            } else if (act == ACT_ENTER) {
                tui_prompt(a, _("Custom domain:"), a->domain_typed ? a->domain : "", typed);
            }
        } else if (f) {
            size_t i = (size_t)(sel - (int)nc);
            bool on = !is_done(a, d, i);
            set_done(a, d, i, on);
            if (act == ACT_ENTER && on && tui_select_key(&S(a)->list, ACT_DOWN))
                user_moved(a);
        }
        return true;
    case ACT_COPY:
        text = commands(a, d);
        if (!text)
            tui_message(a, ROLE_WARN, "%s", _("This step has no commands."));
        else
            tui_copy(a, text);
        free(text);
        return true;
    case ACT_PLAIN:
        if (!d->nfixes) {
            tui_message(a, ROLE_WARN, "%s", _("Nothing to fix."));
            return true;
        }
        text = all_steps(d);
        tui_plain(a, text);
        free(text);
        return true;
    case ACT_LEFT:
    case ACT_RIGHT:
        scroll_sideways(S(a), act == ACT_LEFT ? -1 : 1);
        return true;
    case ACT_PAGE_UP:
    case ACT_PAGE_DOWN:
        return tui_scroll_key(&S(a)->detail, act);
    default:
        if (tui_select_key(&S(a)->list, act)) {
            if (S(a)->list.sel != sel)
                user_moved(a);
            return true;
        }
        return false;
    }
}

static void
click(struct tui_app *a, int y, int x)
{
    int item = tui_doc_item_at(&S(a)->list.doc, S(a)->list.rect, S(a)->list.top, y);

    (void)x;
    if (item >= 0 && item != S(a)->list.sel) {
        S(a)->list.sel = item;
        user_moved(a);
    }
}

/* Search in the text of every list item in turn (the domain choices, then
 * the steps), commands whole, as if the pane showed them one after the
 * other: from the last match while it is on the screen, else from the
 * top of the text shown.  The item with the match is selected, its text
 * scrolls to the match, and sideways when the match is in a command
 * beyond the pane's edge. */
static enum tui_found
search(struct tui_app *a, int dir, bool again)
{
    const struct diag_origin *d = tui_diag(a);
    struct fix_state *f = S(a);
    struct tui_search *s = &a->search;
    struct tui_doc *docs;
    size_t n, k, nnote = 0, from, at = 0, line = 0,
                 h = f->detail.rect.h > 0 ? (size_t)f->detail.rect.h : 1;
    int sel = f->list.sel, w = f->detail.rect.w - 2, col = 0, pw;
    bool inclusive, wrapped = false, found;

    if (!d || !s->pattern)
        return TUI_NOT_FOUND;
    n = nchoices(d) + d->nfixes;
    if (sel < 0 || (size_t)sel >= n)
        return TUI_NOT_FOUND;
    /* Each item's text with the same lines as drawn; the note of the
     * script written heads every item's text but is the selected one's
     * only, so that a match in it is met once, not once per step. */
    docs = xcalloc(n, sizeof *docs);
    for (k = 0; k < n; k++) {
        if ((int)k == sel)
            nnote = build_detail(a, d, (int)k, w, true, true, &docs[k]);
        else
            build_detail(a, d, (int)k, w, true, false, &docs[k]);
    }
    if (again && s->have && s->view == &f->detail && f->search_item == sel &&
        s->line >= f->detail.top && s->line < f->detail.top + h) {
        from = s->line;
        inclusive = false;
    } else {
        from = f->detail.top;
        inclusive = dir > 0;
    }
    found = tui_doc_search(docs, n, (size_t)sel, from, inclusive, dir, s->pattern, &at, &line, &col,
                           &wrapped);
    if (!found) {
        s->have = false;
        tui_doc_highlight(NULL, NULL, 0);
        goto out;
    }
    if ((int)at != sel) {
        f->list.sel = (int)at;
        select_moved(f);
    }
    /* In the text drawn, with the note above it. */
    s->line = (int)at == sel ? line : line + nnote;
    s->have = true;
    s->view = &f->detail;
    f->search_item = (int)at;
    /* A match already on the screen leaves the view where it is. */
    if (s->line < f->detail.top || s->line >= f->detail.top + h)
        f->detail.top = s->line;
    tui_doc_highlight(&f->detail.doc, s->pattern, s->line);
    if (docs[at].lines[line].nsegs && docs[at].lines[line].segs[0].role == ROLE_CODE) {
        /* In view between the marks at either edge, or scrolled to it with
         * a quarter of the room before it. */
        pw = tui_width(s->pattern);
        if (col + pw <= f->code_w - 1)
            f->hoff = 0;
        else if (col < f->hoff + 1 || col + pw > f->hoff + f->code_w - 1)
            f->hoff = col > f->code_w / 4 ? col - f->code_w / 4 : 0;
    }
    tui_dirty(a);
out:
    for (k = 0; k < n; k++)
        tui_doc_clear(&docs[k]);
    free(docs);
    return !found ? TUI_NOT_FOUND : wrapped ? TUI_FOUND_WRAPPED : TUI_FOUND;
}

/* The wheel over the steps moves the selection; anywhere else it scrolls
 * the selected step's text, three lines a notch. */
static void
wheel(struct tui_app *a, int y, int x, int dir)
{
    struct tui_rect l = S(a)->list.rect;
    int sel = S(a)->list.sel, i;

    (void)x;
    if (!tui_diag(a))
        return;
    if (y >= l.y && y < l.y + l.h) {
        tui_select_key(&S(a)->list, dir < 0 ? ACT_UP : ACT_DOWN);
        if (S(a)->list.sel != sel)
            user_moved(a);
        return;
    }
    for (i = 0; i < 3; i++)
        tui_scroll_key(&S(a)->detail, dir < 0 ? ACT_UP : ACT_DOWN);
}

/* The footer while the Fix step is shown: its own keys, the most used
 * first, as many as fit. */
static void
hints(const struct tui_app *a, int y, int x, int w)
{
    bool u = utf8_marks();
    const struct {
        const char *key, *hint; /* hint: N_() */
    } keys[] = {
        {u ? "\u2191\u2193" : "j/k", N_("step")},
        {selected_step(a, tui_diag(a)) || !tui_diag(a) ? "Space" : "Enter",
         selected_step(a, tui_diag(a)) || !tui_diag(a) ? N_("tick") : N_("choose")},
        {"/", N_("search")},
        {u ? "\u2190\u2192" : "h/l", N_("scroll")},
        {"c", N_("copy")},
        {"p", N_("show all")},
        {"w", N_("script")},
        {"PgDn", N_("page")},
        {"?", N_("help")},
        {"Tab", N_("next")},
        {"q", N_("quit")},
    };
    size_t i;
    int cur = x, end = x + w;

    for (i = 0; i < sizeof keys / sizeof *keys; i++) {
        const char *hint = _(keys[i].hint);
        if (cur + tui_width(keys[i].key) + 1 + tui_width(hint) > end)
            continue; /* a shorter one later may fit (? help) */
        cur += tui_text(y, cur, end - cur, ROLE_KEY, keys[i].key);
        cur += 1;
        cur += tui_text(y, cur, end - cur, ROLE_BAR, hint);
        cur += 2;
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
    .state_size = sizeof(struct fix_state),
    .state_reset = st_reset,
    .state_clear = st_clear,
    .draw = draw,
    .key = key,
    .state = state,
    .click = click,
    .wheel = wheel,
    .hints = hints,
    .search = search,
};
