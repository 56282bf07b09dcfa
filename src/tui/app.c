/* The wizard's state machine: runs, the selected origin and step, the
 * custom domain, overlays and the clipboard. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyse.h"
#include "chainfile.h"
#include "demo.h"
#include "fixes.h"
#include "i18n.h"
#include "sanitize.h"
#include "tui/app.h"
#include "xmalloc.h"

#define X_ROW(id, def) [id] = &def,
const struct tui_step *const tui_steps[STEP_COUNT] = {TUI_STEP_TABLE(X_ROW)};
#undef X_ROW

static const char *const source_words[TUI_SOURCE_COUNT] = {
    [TUI_SOURCE_HOST] = N_("A host name"),
    [TUI_SOURCE_FILE] = N_("A certificate file"),
    [TUI_SOURCE_DIST] = N_("A distribution"),
};

const char *
tui_source_text(enum tui_source s)
{
    return s < TUI_SOURCE_COUNT ? _(source_words[s]) : "?";
}

#define REDRAW_MS 100 /* at most 10 redraws a second */
#define REDRAW_MS_MAX 3600000
#define SPIN_MS 100

/* The least time between two frames while things change: REDRAW_MS, or
 * OD_REDRAW_MS (0 to 3600000) from the environment, for a slow terminal
 * line that should be sent fewer frames, and for tests/tui/finish.sh,
 * which sets it far beyond the test's deadline to prove that the frame of
 * a finished run is drawn without waiting behind it (README, Environment). */
static int64_t
redraw_ms(void)
{
    static int64_t ms = -1;

    if (ms < 0) {
        const char *e = getenv("OD_REDRAW_MS");
        char *end;
        long v;

        ms = REDRAW_MS;
        if (e && *e) {
            errno = 0;
            v = strtol(e, &end, 10);
            if (!errno && !*end && v >= 0 && v <= REDRAW_MS_MAX)
                ms = v;
        }
    }
    return ms;
}

static void
redraw_cb(void *arg)
{
    struct tui_app *a = arg;

    a->redraw_timer = NULL;
    if (!a->dirty || a->quit)
        return;
    a->dirty = false;
    a->last_draw = loop_now_ms();
    tui_draw_frame(a);
}

void
tui_dirty(struct tui_app *a)
{
    int64_t wait;

    a->dirty = true;
    a->stale = true;
    if (a->redraw_timer)
        return;
    /* The first frame at once, however long the throttle. */
    wait = a->last_draw ? a->last_draw + redraw_ms() - loop_now_ms() : 0;
    a->redraw_timer = loop_timer_add(a->loop, wait > 0 ? wait : 0, redraw_cb, a);
}

/* A redraw on the loop's next turn, throttle or not: for the frame that
 * shows a finished run, which must not wait behind the throttle. */
static void
tui_dirty_now(struct tui_app *a)
{
    a->dirty = true;
    a->stale = true;
    if (a->redraw_timer)
        loop_timer_cancel(a->loop, a->redraw_timer);
    a->redraw_timer = loop_timer_add(a->loop, 0, redraw_cb, a);
}

void
tui_message(struct tui_app *a, enum tui_role role, const char *fmt, ...)
{
    va_list ap;
    int n;

    free(a->message);
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    a->message = xmalloc(n > 0 ? (size_t)n + 1 : 1);
    a->message[0] = '\0';
    if (n > 0) {
        va_start(ap, fmt);
        vsnprintf(a->message, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    a->message_role = role;
    tui_dirty(a);
}

const struct observation *
tui_run_obs(const struct tui_run *r)
{
    if (r->obs)
        return r->obs;
    return r->probe ? probe_observation(r->probe) : NULL;
}

const struct obs_origin *
tui_obs(const struct tui_app *a)
{
    const struct observation *obs = tui_run_obs(&a->main);

    return obs && a->origin < obs->norigins ? &obs->origins[a->origin] : NULL;
}

const struct diag_origin *
tui_diag(const struct tui_app *a)
{
    if (!a->main.diag || a->origin >= a->main.diag->norigins)
        return NULL;
    return &a->main.diag->origins[a->origin];
}

/* ----------------------------------------------------------------- runs */

static void
spin_cb(void *arg)
{
    struct tui_app *a = arg;

    a->spin_timer = NULL;
    a->spin++;
    tui_dirty(a);
    if (tui_busy(a))
        a->spin_timer = loop_timer_add(a->loop, SPIN_MS, spin_cb, a);
}

/* The spinner timer runs only while a probe does. */
static void
spinner_update(struct tui_app *a)
{
    if (tui_busy(a) && !a->spin_timer)
        a->spin_timer = loop_timer_add(a->loop, SPIN_MS, spin_cb, a);
    else if (!tui_busy(a) && a->spin_timer) {
        loop_timer_cancel(a->loop, a->spin_timer);
        a->spin_timer = NULL;
    }
}

bool
tui_busy(const struct tui_app *a)
{
    return a->main.active || a->verify.active || a->fetch;
}

double
tui_run_seconds(const struct tui_run *r)
{
    int64_t end = r->active ? loop_now_ms() : r->ended_ms;
    return r->probe ? (double)(end - r->started_ms) / 1000.0 : 0;
}

/* Progress: runs inside the probe, so it only records and asks for a
 * redraw; the diagnosis is made once, when the run is done. */
static void
run_progress(void *arg, const struct observation *obs)
{
    struct tui_run *r = arg;
    struct tui_app *a = r->app;

    if (r->active && probe_done(r->probe)) {
        r->active = false;
        r->ended_ms = loop_now_ms();
        if (probe_error(r->probe)) /* this machine's failure: nothing to diagnose */
            tui_message(a, ROLE_ERROR, "%s", probe_error(r->probe));
        else if (!r->cancelled && !obs->cancelled)
            r->diag = analyse(obs, a->s, a->trust, a->at ? a->at : time(NULL), NULL);
        if (r == &a->main && a->open_diag) {
            const struct diag_origin *d = tui_diag(a);
            a->open_diag = false;
            /* Unless the user has moved on or is typing. */
            if (d && !d->ok && a->step == STEP_ORIGIN && a->modal == MODAL_NONE &&
                !tui_origin_editing(a) && !tui_origin_pending(a)) {
                a->step = STEP_DIAG;
                if (tui_steps[STEP_DIAG]->enter)
                    tui_steps[STEP_DIAG]->enter(a);
            }
        }
        spinner_update(a);
        tui_dirty_now(a);
        return;
    }
    tui_dirty(a);
}

void
tui_run_clear(struct tui_run *r)
{
    struct tui_app *a = r->app;

    diag_free(r->diag);
    obs_free(r->obs);
    if (r->probe) {
        probe_set_progress(r->probe, NULL, NULL);
        probe_free(r->probe);
    }
    memset(r, 0, sizeof *r);
    r->app = a;
}

static bool
run_start(struct tui_app *a, struct tui_run *r, const struct target *targets, size_t n)
{
    const char *err = NULL;

    tui_run_clear(r);
    r->app = a;
    if (!n)
        return false;
    r->probe = probe_new(a->loop, a->s, targets, n, &err);
    if (!r->probe) {
        tui_message(a, ROLE_ERROR, "%s", err ? err : _("the probe could not start"));
        return false;
    }
    probe_set_progress(r->probe, run_progress, r);
    r->active = true;
    r->started_ms = loop_now_ms();
    probe_start(r->probe);
    spinner_update(a);
    tui_dirty(a);
    return true;
}

void
tui_run_cancel(struct tui_app *a, struct tui_run *r)
{
    if (!r->active)
        return;
    r->cancelled = true;
    probe_cancel(r->probe);
    tui_message(a, ROLE_WARN, "%s", _("Cancelled. Press r to run again."));
    spinner_update(a);
}

/* The main run as the judgement of certificates read from a file (t and
 * cf, taken) for targets[0]: no probe, no network. */
static void
run_offline(struct tui_app *a, struct obs_tls *t, struct chainfile *cf)
{
    tui_run_clear(&a->main);
    a->main.obs = chainfile_observation(&a->targets[0], t, cf);
    a->main.diag = analyse(a->main.obs, a->s, a->trust, a->at ? a->at : time(NULL), NULL);
    a->main.started_ms = a->main.ended_ms = loop_now_ms();
    tui_dirty_now(a);
}

void
tui_run_main(struct tui_app *a)
{
    a->main.app = a;
    tui_origin_changed(a);
    if (a->source == TUI_SOURCE_FILE && a->chain_file && a->ntargets) {
        /* Read again: the file may have changed since. */
        struct obs_tls t;
        struct chainfile cf;
        char *err = NULL;
        memset(&cf, 0, sizeof cf);
        tui_run_clear(&a->main);
        if (!chainfile_read(a->chain_file, &t, &cf, &err)) {
            tui_message(a, ROLE_ERROR, "%s %s", tui_glyph(G_FAIL), err);
            free(err);
            return;
        }
        run_offline(a, &t, &cf);
        return;
    }
    run_start(a, &a->main, a->targets, a->ntargets);
}

/* The targets become these (taken). */
static void
set_targets(struct tui_app *a, struct target *targets, size_t n)
{
    size_t i;

    tui_run_clear(&a->main);
    for (i = 0; i < a->ntargets; i++)
        target_clear(&a->targets[i]);
    free(a->targets);
    a->targets = targets ? targets : xcalloc(1, sizeof *a->targets);
    a->ntargets = n;
    a->origin = 0;
}

bool
tui_load_chain_file(struct tui_app *a, const char *path, const struct target *tg, char **err)
{
    struct obs_tls t;
    struct chainfile cf;
    struct target *one;

    memset(&cf, 0, sizeof cf);
    if (!chainfile_read(path, &t, &cf, err))
        return false;
    one = xcalloc(1, sizeof *one);
    target_copy(one, tg);
    set_targets(a, one, 1);
    distrun_free(&a->dist);
    memset(&a->dist, 0, sizeof a->dist);
    free(a->chain_file);
    a->chain_file = xstrdup(path);
    a->source = TUI_SOURCE_FILE;
    a->main.app = a;
    tui_origin_changed(a);
    run_offline(a, &t, &cf);
    if (cf.truncated)
        tui_message(a, ROLE_WARN, _("! The last certificate in '%s' is cut short."), path);
    return true;
}

/* The AWS CLI's answer, on the loop: the distribution's probes become
 * the origins (and are checked), or the Origin step shows why not. */
static void
fetch_done(void *arg, enum distrun_error rc, char *err)
{
    struct tui_app *a = arg;
    struct target *targets = NULL;
    size_t n = 0;

    a->fetch = NULL;
    free(a->fetch_what);
    a->fetch_what = NULL;
    spinner_update(a);
    if (rc != DISTRUN_OK) {
        distrun_free(&a->fetched);
        tui_origin_fetched(a, false, err ? err : xstrdup(_("the distribution could not be read")));
        tui_dirty(a);
        return;
    }
    free(err);
    distrun_targets(&a->fetched, &targets, &n);
    set_targets(a, targets, n);
    distrun_free(&a->dist);
    a->dist = a->fetched;
    memset(&a->fetched, 0, sizeof a->fetched);
    free(a->chain_file);
    a->chain_file = NULL;
    a->source = TUI_SOURCE_DIST;
    tui_run_main(a);
    tui_origin_fetched(a, true, NULL);
    tui_dirty(a);
}

bool
tui_load_distribution(struct tui_app *a, const char *what, char **err)
{
    struct distrun run;
    struct target *targets = NULL;
    size_t n = 0;
    struct stat st;
    enum distrun_error e;

    memset(&run, 0, sizeof run);
    *err = NULL;
    if (!*what) {
        *err = xstrdup(_("Type a distribution id, one of its domain names, or the path of a saved "
                         "configuration."));
        return false;
    }
    tui_fetch_cancel(a, true);
    /* A name that is a file, or looks like a path, is a saved
     * configuration, read now; anything else is asked of the AWS CLI, on
     * the wizard's own loop: the screen stays live, Esc cancels, and
     * fetch_done takes the answer. */
    if (!(stat(what, &st) == 0 || strchr(what, '/'))) {
        if (a->no_aws) {
            *err = xstrdup(_("--no-aws forbids the AWS CLI: type the path of a saved "
                             "configuration"));
            return false;
        }
        memset(&a->fetched, 0, sizeof a->fetched);
        a->fetch =
            distrun_fetch_start(&a->fetched, a->loop, &a->aws, what, true, fetch_done, a, err);
        if (!a->fetch)
            return false;
        a->fetch_what = sanitize(what);
        a->fetch_started = loop_now_ms();
        spinner_update(a);
        tui_dirty(a);
        return true;
    }
    e = distrun_add_file(&run, what, err);
    if (e != DISTRUN_OK) {
        if (!*err)
            *err = xstrdup(_("the distribution could not be read"));
        distrun_free(&run);
        return false;
    }
    /* A custom policy it names is read with the CLI, on the loop too. */
    if (!a->no_aws) {
        memset(&a->fetched, 0, sizeof a->fetched);
        a->fetch = distrun_fetch_policies(&a->fetched, a->loop, &a->aws, &run, fetch_done, a);
        if (a->fetch) {
            a->fetch_what = sanitize(what);
            a->fetch_started = loop_now_ms();
            spinner_update(a);
            tui_dirty(a);
            return true;
        }
    }
    distrun_read_policies(&run, a->loop, NULL); /* none, or --no-aws: a note */
    distrun_targets(&run, &targets, &n);
    set_targets(a, targets, n);
    distrun_free(&a->dist);
    a->dist = run;
    free(a->chain_file);
    a->chain_file = NULL;
    a->source = TUI_SOURCE_DIST;
    tui_run_main(a);
    return true;
}

bool
tui_fetch_active(const struct tui_app *a)
{
    return a->fetch != NULL;
}

void
tui_fetch_cancel(struct tui_app *a, bool quiet)
{
    if (!a->fetch)
        return;
    distrun_fetch_cancel(a->fetch); /* kills the CLI by its PID and reaps it */
    a->fetch = NULL;
    distrun_free(&a->fetched);
    if (!quiet) {
        char *what = a->fetch_what;
        a->fetch_what = NULL;
        tui_message(a, ROLE_WARN,
                    _("! Cancelled: distribution %s was not read (the AWS CLI was stopped). Press "
                      "r to read it again."),
                    what ? what : "?");
        free(what);
    }
    free(a->fetch_what);
    a->fetch_what = NULL;
    spinner_update(a);
    tui_dirty(a);
}

char *
tui_fetch_progress(const struct tui_app *a)
{
    int64_t since;
    const char *doing;
    unsigned limit = a->aws.timeout_ms ? a->aws.timeout_ms : AWSCLI_DEFAULT_TIMEOUT_MS;

    if (!a->fetch)
        return NULL;
    doing = distrun_fetch_doing(a->fetch, &since);
    /* TRANSLATORS: the spinner, the id or domain typed, the AWS CLI
     * command waited for (not translated), seconds waited, the limit. */
    return xasprintf(_("%s Reading distribution %s with the AWS CLI (%s): %.1f s of %u s. Esc "
                       "cancels."),
                     tui_state_glyph(ST_RUNNING, a->spin), a->fetch_what ? a->fetch_what : "?",
                     doing, (double)(loop_now_ms() - since) / 1000.0, (limit + 999) / 1000);
}

void
tui_source_host(struct tui_app *a)
{
    set_targets(a, NULL, 0);
    distrun_free(&a->dist);
    memset(&a->dist, 0, sizeof a->dist);
    free(a->chain_file);
    a->chain_file = NULL;
    a->source = TUI_SOURCE_HOST;
    tui_origin_changed(a);
}

bool
tui_dist_locate(const struct tui_app *a, size_t i, const struct distrun_dist **d,
                const struct distconfig_target **t)
{
    return a->source == TUI_SOURCE_DIST && distrun_locate(&a->dist, i, d, t);
}

/* ---------------------------------------------------------------- steps */

void
tui_goto(struct tui_app *a, int step)
{
    if (step < 0 || step >= STEP_COUNT || step == a->step)
        return;
    if (tui_steps[a->step]->leave && !tui_steps[a->step]->leave(a))
        return;
    a->step = step;
    if (tui_steps[step]->enter)
        tui_steps[step]->enter(a);
    tui_dirty(a);
}

void *
tui_step_state(const struct tui_app *a, int step)
{
    return a->step_state[step];
}

void
tui_steps_open(struct tui_app *a)
{
    int i;

    for (i = 0; i < STEP_COUNT; i++) {
        a->step_state[i] = tui_steps[i]->state_size ? xcalloc(1, tui_steps[i]->state_size) : NULL;
        if (a->step_state[i] && tui_steps[i]->state_init)
            tui_steps[i]->state_init(a->step_state[i]);
    }
}

void
tui_step_reset(struct tui_app *a, int step)
{
    if (a->step_state[step] && tui_steps[step]->state_reset)
        tui_steps[step]->state_reset(a->step_state[step]);
    tui_dirty(a);
}

void
tui_steps_close(struct tui_app *a)
{
    int i;

    for (i = 0; i < STEP_COUNT; i++) {
        if (a->step_state[i] && tui_steps[i]->state_clear)
            tui_steps[i]->state_clear(a->step_state[i]);
        free(a->step_state[i]);
        a->step_state[i] = NULL;
    }
}

void
tui_origin_changed(struct tui_app *a)
{
    int i;

    a->verify.app = a;
    tui_run_clear(&a->verify);
    free(a->verify_input);
    a->verify_input = NULL;
    free(a->domain);
    a->domain = NULL;
    a->domain_typed = false;
    for (i = 0; i < STEP_COUNT; i++)
        tui_step_reset(a, i);
    tui_dirty(a);
}

/* -------------------------------------------------------- custom domain */

bool
tui_wants_custom_domain(const struct diag_origin *d)
{
    size_t i;

    for (i = 0; d && i < d->nfindings; i++) {
        const struct finding_def *def = findings_def(d->findings[i].id);
        if (def->fix == FIX_CUSTOM_DOMAIN && def->severity == SEV_ERROR)
            return true;
    }
    return false;
}

const char *
tui_custom_domain(const struct tui_app *a)
{
    const struct diag_origin *d = tui_diag(a);

    if (a->domain)
        return a->domain;
    if (d && d->ncandidates)
        return d->candidates[0].name;
    if (a->demo)
        return demo_fixed_name(a->demo);
    return NULL;
}

bool
tui_choose_domain(struct tui_app *a, const char *name, bool typed, const char **err)
{
    struct diag_origin *d;
    char *ascii;
    size_t i;

    if (!a->main.diag || a->origin >= a->main.diag->norigins) {
        *err = _("there is no diagnosis yet");
        return false;
    }
    d = &a->main.diag->origins[a->origin];
    if (!(ascii = target_host_ascii(name, err)))
        return false;
    /* A typed name that is a candidate is one. */
    for (i = 0; typed && i < d->ncandidates; i++)
        if (strcasecmp(d->candidates[i].name, ascii) == 0)
            typed = false;
    fixes_build_for(d, a->s, ascii);
    free(a->domain);
    a->domain = ascii;
    a->domain_typed = typed;
    a->fixes_made++; /* the Fix step's ticks were for the old steps */
    tui_run_clear(&a->verify);
    free(a->verify_input);
    a->verify_input = NULL;
    tui_dirty(a);
    return true;
}

void
tui_verify_start(struct tui_app *a)
{
    const struct diag_origin *d = tui_diag(a);
    const struct target *o;
    struct target t;
    const char *err = NULL, *dom;

    if (!d || a->origin >= a->ntargets) {
        tui_message(a, ROLE_WARN, "%s", _("Wait for the diagnosis first."));
        return;
    }
    o = &a->targets[a->origin];
    target_init(&t);
    if (tui_wants_custom_domain(d)) {
        if (!(dom = tui_custom_domain(a))) {
            tui_message(a, ROLE_WARN, "%s",
                        _("Choose or type a custom domain in the Fix step first."));
            return;
        }
        if (!target_parse(&t, dom, 0, &err)) {
            tui_message(a, ROLE_ERROR, "%s", err);
            return;
        }
        /* The same CloudFront settings, another Origin Domain Name. */
        target_configure(&t, o);
    } else {
        target_copy(&t, o);
    }
    free(a->verify_input);
    a->verify_input = xasprintf("%s:%u", t.name, target_port(&t));
    a->verify.app = a;
    tui_step_reset(a, STEP_VERIFY);
    run_start(a, &a->verify, &t, 1);
    target_clear(&t);
}

/* ------------------------------------------------------------- overlays */

void
tui_prompt(struct tui_app *a, const char *label, const char *initial,
           void (*done)(struct tui_app *a, const char *text))
{
    free(a->prompt_label);
    a->prompt_label = xstrdup(label);
    tui_edit_start(&a->prompt, initial, 4096);
    a->prompt_done = done;
    a->modal = MODAL_PROMPT;
    tui_dirty(a);
}

void
tui_confirm(struct tui_app *a, const char *text, void (*done)(struct tui_app *a, bool yes))
{
    free(a->confirm_text);
    a->confirm_text = xstrdup(text);
    a->confirm_done = done;
    a->modal = MODAL_CONFIRM;
    tui_dirty(a);
}

/* ------------------------------------------------------------ clipboard */

static char *
base64(const char *s)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = strlen(s), i, o = 0;
    const unsigned char *p = (const unsigned char *)s;
    char *out = xmalloc((n + 2) / 3 * 4 + 1);

    for (i = 0; i + 2 < n; i += 3) {
        out[o++] = tab[p[i] >> 2];
        out[o++] = tab[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
        out[o++] = tab[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)];
        out[o++] = tab[p[i + 2] & 63];
    }
    if (i < n) {
        out[o++] = tab[p[i] >> 2];
        if (i + 1 < n) {
            out[o++] = tab[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
            out[o++] = tab[(p[i + 1] & 15) << 2];
        } else {
            out[o++] = tab[(p[i] & 3) << 4];
            out[o++] = '=';
        }
        out[o++] = '=';
    }
    out[o] = '\0';
    return out;
}

void
tui_copy(struct tui_app *a, const char *text)
{
    char *b64, *seq;
    size_t len, off = 0;
    ssize_t w;

    if (!text || !*text) {
        tui_message(a, ROLE_WARN, "%s", _("Nothing to copy here."));
        return;
    }
    /* OSC 52: the terminal puts it in its clipboard; terminals that do
     * not know it ignore it, and the text stays on the screen (p shows
     * it plainly). */
    b64 = base64(text);
    seq = xasprintf("\033]52;c;%s\a", b64);
    len = strlen(seq);
    while (off < len && ((w = write(STDOUT_FILENO, seq + off, len - off)) > 0))
        off += (size_t)w;
    free(seq);
    free(b64);
    /* The terminal never says whether it took the text: a request. */
    tui_message(a, ROLE_OK, "%s",
                _("Copy requested: paste to check (needs OSC 52 allowed; tmux: set-clipboard on)"));
}
