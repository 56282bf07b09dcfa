/* Step 7, Verify: the whole probe again, on the same loop, with the chosen
 * custom domain as Origin Domain Name (port and Host header kept), or with
 * the origin as it is when the fix was elsewhere; then its verdict, large,
 * with the checks that decided it (its own findings, warnings included),
 * so the user sees the fix work.
 *
 * With a viewer URL (given on the command line), the proof is where
 * viewers see it: the distribution's deployment status (get-distribution,
 * with AWS access and the distribution known) and the URL requested again.
 * Green only when CloudFront answers without "Error from cloudfront";
 * otherwise the step says why it may still fail (deployment in progress, a
 * cached error and its TTL, another origin, not CloudFront at all). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "awscli.h"
#include "diag.h"
#include "i18n.h"
#include "report.h"
#include "sanitize.h"
#include "tui/app.h"
#include "viewer.h"
#include "xmalloc.h"

/* The step's own state (struct tui_step). */
struct verify_state {
    struct tui_view v;
    struct tui_app *app; /* for the callbacks below */
    int64_t for_run;     /* started_ms of the verify run the parts below go with */
    bool started;        /* the parts below were started for for_run */
    /* The viewer URL, requested again. */
    struct viewer *viewer;
    struct observation vob; /* holds only .viewer, for diagnose() */
    struct diagnosis *vdiag;
    bool vdone;
    /* The distribution's deployment status. */
    struct awscli_call *aws;
    bool aws_done;
    char *deploy_status; /* sanitized "Deployed" / "InProgress" */
    char *deploy_error;  /* why it could not be read (translated, sanitized) */
};

static struct verify_state *
S(const struct tui_app *a)
{
    return tui_step_state(a, STEP_VERIFY);
}

/* Stops and frees the viewer and deployment parts. */
static void
parts_clear(struct verify_state *st)
{
    if (st->viewer) {
        struct viewer *v = st->viewer;
        st->viewer = NULL;
        viewer_cancel(v); /* runs viewer_done, which sees st->viewer NULL */
        viewer_free(v);
    }
    if (st->aws) {
        awscli_cancel(st->aws); /* its callback does not run */
        st->aws = NULL;
    }
    diag_free(st->vdiag);
    st->vdiag = NULL;
    obs_viewer_free(st->vob.viewer);
    st->vob.viewer = NULL;
    free(st->deploy_status);
    free(st->deploy_error);
    st->deploy_status = st->deploy_error = NULL;
    st->vdone = st->aws_done = st->started = false;
}

static void
st_reset(void *p)
{
    struct verify_state *st = p;
    tui_view_reset(&st->v);
    parts_clear(st);
}

static void
st_clear(void *p)
{
    struct verify_state *st = p;
    parts_clear(st);
    tui_doc_clear(&st->v.doc);
}

static void
viewer_done(void *arg)
{
    struct verify_state *st = arg;
    struct tui_app *a = st->app;

    if (!st->viewer)
        return; /* cancelled from parts_clear */
    viewer_free(st->viewer);
    st->viewer = NULL;
    st->vdone = true;
    /* The same judgement as the report's (diag.c): who answered, and what
     * its error page says. */
    st->vdiag = diagnose(&st->vob, a->s, NULL, a->at ? a->at : time(NULL));
    tui_dirty(a);
}

static void
deploy_done(void *arg, struct awscli_result *r)
{
    struct verify_state *st = arg;
    const char *status;

    st->aws = NULL;
    st->aws_done = true;
    status =
        r->status == AWSCLI_OK
            ? json_string_value(json_object_get(json_object_get(r->json, "Distribution"), "Status"))
            : NULL;
    if (status)
        st->deploy_status = sanitize(status);
    else
        st->deploy_error =
            xstrdup(r->message ? r->message : _("the answer has no Distribution.Status"));
    awscli_result_clear(r);
    tui_dirty(st->app);
}

/* A new verify run began: request the URL again and read the deployment
 * status, beside the probe. */
static void
parts_start(struct tui_app *a, struct verify_state *st)
{
    const char *err = NULL;

    parts_clear(st);
    st->app = a;
    st->for_run = a->verify.started_ms;
    st->started = true;
    if (!a->s->viewer_url)
        return;
    st->vob.viewer = xcalloc(1, sizeof *st->vob.viewer);
    st->viewer =
        viewer_start(a->loop, a->s, a->s->viewer_url, st->vob.viewer, viewer_done, st, &err);
    if (!st->viewer) {
        st->vdone = true;
        st->vob.viewer->curl_error = xstrdup(err ? err : "?");
        st->vdiag = diagnose(&st->vob, a->s, NULL, a->at ? a->at : time(NULL));
    }
    if (a->s->viewer_distribution && a->s->aws) {
        const char *args[] = {"cloudfront", "get-distribution", "--id", a->s->viewer_distribution,
                              NULL};
        st->aws = awscli_start(a->loop, a->s->aws, args, deploy_done, st);
    }
}

/* Green: CloudFront answered, and not with an error of its own. */
static bool
viewer_green(const struct obs_viewer *v, const struct diag_viewer *d)
{
    return v && d && v->status && d->cloudfront &&
           !(v->x_cache && strcasestr(v->x_cache, "Error from cloudfront"));
}

static void
field(struct tui_doc *doc, int lw, const char *label, enum tui_role r, const char *value)
{
    tui_doc_line(doc, -1);
    tui_doc_at(doc, 2, ROLE_DIM, label);
    tui_doc_at(doc, lw + 4, r, value);
}

static void
glyph_line(struct tui_doc *doc, enum tui_glyph g, enum tui_role r)
{
    tui_doc_line(doc, -1);
    tui_doc_at(doc, 2, r, tui_glyph(g));
    tui_doc_at(doc, 4, ROLE_NORMAL, "");
}

/* The worst severity among d's findings about address i (-1: none). */
static int
addr_worst(const struct diag_origin *d, size_t i)
{
    int worst = -1;
    size_t k;

    for (k = 0; k < d->nfindings; k++) {
        const struct finding_def *def = findings_def(d->findings[k].id);
        int w = def->severity == SEV_ERROR ? 2 : def->severity == SEV_WARNING ? 1 : 0;
        if (d->findings[k].addr == (int)i && w > worst)
            worst = w;
    }
    return worst;
}

/* The checks that decided the verdict: each address (its handshake and
 * CloudFront's request, marked by the worst finding about it), the name
 * and the chain, then every finding of this run, errors and warnings. */
static void
checks(struct tui_doc *doc, const struct diag_origin *v, int w)
{
    const struct obs_origin *o = v->obs;
    char *n;
    size_t i;

    for (i = 0; i < o->naddrs; i++) {
        const struct obs_addr *ad = &o->addrs[i];
        int worst = addr_worst(v, i);
        bool tls_ok =
            ad->tls.status == TLS_OK || (ad->tcp == TCP_CONNECTED && !target_uses_tls(&o->target));
        enum tui_glyph g = worst == 2 || !tls_ok ? G_FAIL : worst == 1 ? G_WARN : G_OK;
        enum tui_role r = g == G_FAIL ? ROLE_ERROR : g == G_WARN ? ROLE_WARN : ROLE_OK;

        if (!ad->probed)
            continue;
        glyph_line(doc, g, r);
        tui_doc_put(doc, ROLE_NORMAL, ad->text);
        if (ad->tcp != TCP_CONNECTED)
            tui_doc_putf(doc, ROLE_ERROR, "  %s", obs_tcp_status_text(ad->tcp));
        else if (!tls_ok)
            tui_doc_putf(doc, ROLE_ERROR, "  %s", obs_tls_status_text(ad->tls.status));
        else if (ad->tls.version)
            tui_doc_putf(doc, ROLE_NORMAL, "  %s %s", ad->tls.version,
                         ad->tls.cipher_suite ? ad->tls.cipher_suite : "");
        if (ad->tcp == TCP_CONNECTED && tls_ok && ad->http.status != HTTP_SKIPPED &&
            ad->http.status != HTTP_PENDING) {
            if (ad->http.status == HTTP_OK)
                tui_doc_putf(doc, ad->http.code >= 500 ? ROLE_WARN : ROLE_NORMAL, "  HTTP %d",
                             ad->http.code);
            else
                tui_doc_putf(doc, ROLE_ERROR, "  %s", obs_http_result_text(ad->http.status));
        }
    }
    if (v->names.checked && v->chain.nnodes) {
        bool chain_ok = v->chain.in_order && v->chain.anchored;
        glyph_line(doc, v->names.match ? G_OK : G_FAIL, v->names.match ? ROLE_OK : ROLE_ERROR);
        n = sanitize(v->names.checked);
        tui_doc_putf(doc, ROLE_NORMAL,
                     v->names.match ? _("the certificate covers %s")
                                    : _("the certificate does not cover %s"),
                     n);
        free(n);
        glyph_line(doc, chain_ok ? G_OK : G_FAIL, chain_ok ? ROLE_OK : ROLE_ERROR);
        tui_doc_put(doc, ROLE_NORMAL,
                    chain_ok             ? _("the chain is in order and trusted")
                    : !v->chain.anchored ? _("the chain does not reach a trusted root")
                                         : _("the chain is out of order"));
    }
    if (!v->nfindings)
        return;
    tui_doc_line(doc, -1);
    tui_doc_line(doc, -1);
    tui_doc_putf(doc, ROLE_TITLE, _("Findings of this run (%zu)"), v->nfindings);
    for (i = 0; i < v->nfindings; i++) {
        const struct finding *f = &v->findings[i];
        const struct finding_def *def = findings_def(f->id);
        enum tui_role r = def->severity == SEV_ERROR     ? ROLE_ERROR
                          : def->severity == SEV_WARNING ? ROLE_WARN
                                                         : ROLE_DIM;
        glyph_line(doc,
                   def->severity == SEV_ERROR     ? G_FAIL
                   : def->severity == SEV_WARNING ? G_WARN
                                                  : G_PENDING,
                   r);
        tui_doc_put(doc, r, findings_severity_text(def->severity));
        tui_doc_put(doc, ROLE_NORMAL, "  ");
        tui_doc_put(doc, ROLE_NORMAL, _(def->title));
        if (f->addr >= 0 && (size_t)f->addr < o->naddrs)
            tui_doc_putf(doc, ROLE_DIM, _("  address %s"), o->addrs[f->addr].text);
        if (f->detail)
            tui_doc_wrap(doc, -1, 6, w, ROLE_DIM, f->detail);
    }
}

/* Where viewers see it: the deployment status, the URL's answer, and why
 * it may still fail. */
static void
viewer_part(struct tui_doc *doc, const struct tui_app *a, const struct verify_state *st, int w)
{
    const struct obs_viewer *v = st->vob.viewer;
    const struct diag_viewer *d = st->vdiag ? &st->vdiag->viewer : NULL;
    bool green = st->vdone && viewer_green(v, d);
    bool deploying = st->deploy_status && strcmp(st->deploy_status, "Deployed") != 0;
    char *s;

    tui_doc_line(doc, -1);
    tui_doc_line(doc, -1);
    s = sanitize(a->s->viewer_url);
    tui_doc_putf(doc, ROLE_TITLE, _("Where viewers see it: %s"), s);
    free(s);

    /* The distribution's deployment status first: a change is not live
     * before it reads Deployed. */
    if (a->s->viewer_distribution) {
        char *id = sanitize(a->s->viewer_distribution);
        if (!a->s->aws) {
            glyph_line(doc, G_PENDING, ROLE_DIM);
            tui_doc_putf(doc, ROLE_DIM, _("distribution %s: deployment status not read (--no-aws)"),
                         id);
        } else if (!st->aws_done) {
            glyph_line(doc, G_PENDING, ROLE_RUNNING);
            tui_doc_putf(doc, ROLE_RUNNING, _("distribution %s: reading its deployment status"),
                         id);
        } else if (st->deploy_status) {
            glyph_line(doc, deploying ? G_WARN : G_OK, deploying ? ROLE_WARN : ROLE_OK);
            tui_doc_putf(doc, ROLE_NORMAL, _("distribution %s: %s"), id, st->deploy_status);
        } else {
            glyph_line(doc, G_WARN, ROLE_WARN);
            tui_doc_putf(doc, ROLE_NORMAL, _("distribution %s: deployment status unknown: %s"), id,
                         st->deploy_error ? st->deploy_error : "?");
        }
        free(id);
    }

    if (!st->vdone) {
        glyph_line(doc, G_PENDING, ROLE_RUNNING);
        tui_doc_put(doc, ROLE_RUNNING, _("requesting the URL as a viewer"));
        return;
    }
    glyph_line(doc, green ? G_OK : G_FAIL, green ? ROLE_OK : ROLE_ERROR);
    if (v->status) {
        tui_doc_putf(doc, ROLE_NORMAL, "%s %d", v->http_version ? v->http_version : "HTTP",
                     v->status);
        if (v->x_cache) {
            tui_doc_put(doc, ROLE_NORMAL, "  X-Cache: ");
            tui_doc_net(doc, ROLE_NORMAL, v->x_cache);
        }
        if (v->pop) {
            tui_doc_put(doc, ROLE_DIM, "  POP ");
            tui_doc_net(doc, ROLE_DIM, v->pop);
        }
    }
    if (d && d->summary)
        tui_doc_wrap(doc, -1, 4, w, ROLE_NORMAL, d->summary);
    if (green) {
        tui_doc_wrap(doc, -1, 2, w, ROLE_OK,
                     _("CloudFront answers this URL without an error of its own: viewers see "
                       "the fix."));
        return;
    }
    /* Why it may still fail, each reason that applies. */
    tui_doc_line(doc, -1);
    tui_doc_line(doc, -1);
    tui_doc_put(doc, ROLE_TITLE, _("Why viewers may still get an error:"));
    if (deploying)
        tui_doc_wrap(doc, -1, 2, w, ROLE_NORMAL,
                     _("- The distribution is still deploying (InProgress): edges keep the old "
                       "configuration until it reads Deployed, usually a few minutes."));
    if (v->status && d && d->cloudfront && v->status >= 500)
        tui_doc_wrap(doc, -1, 2, w, ROLE_NORMAL,
                     _("- CloudFront may serve a cached error: it keeps a 502 or 504 for the "
                       "error caching minimum TTL, 10 s by default (a custom error response "
                       "of the distribution may set more). Press r again after that."));
    if (v->status && d && !d->cloudfront)
        tui_doc_wrap(doc, -1, 2, w, ROLE_NORMAL,
                     _("- The answer did not come from CloudFront: the URL's name does not lead "
                       "to the distribution (DNS), or something in front of it answers."));
    if (!v->status)
        tui_doc_wrap(doc, -1, 2, w, ROLE_NORMAL,
                     _("- The URL got no answer at all: its name, the network or the "
                       "certificate (see the line above)."));
    tui_doc_wrap(doc, -1, 2, w, ROLE_NORMAL,
                 _("- The URL's path may lead to another origin (another cache behaviour) than "
                   "the one verified here: check them all with origin-doctor "
                   "--distribution=ID."));
}

/* The step's verdict: the origin's, and with a URL the viewer's too. */
static bool
all_green(const struct tui_app *a, const struct verify_state *st, const struct diag_origin *v)
{
    if (!v->ok)
        return false;
    if (!a->s->viewer_url)
        return true;
    return st->vdone && viewer_green(st->vob.viewer, st->vdiag ? &st->vdiag->viewer : NULL);
}

static void
summary(struct tui_doc *doc, const struct tui_app *a, const struct verify_state *st,
        const struct diag_origin *v, const struct diag_origin *d, int w)
{
    char *verdict;

    checks(doc, v, w);
    if (a->s->viewer_url && st->started)
        viewer_part(doc, a, st, w);
    tui_doc_line(doc, -1);
    tui_doc_line(doc, -1);
    verdict = report_verdict(v);
    tui_doc_wrap(doc, -1, 2, w, v->ok ? ROLE_OK : ROLE_ERROR, verdict);
    free(verdict);
    /* Said from the main diagnosis too: with nothing to fix there is no
     * change to make. */
    if (all_green(a, st, v) && d && d->ok && !a->s->viewer_url)
        tui_doc_wrap(doc, -1, 2, w, ROLE_NORMAL,
                     _("The origin as it is already passes: there is nothing to change."));
    else if (all_green(a, st, v))
        tui_doc_wrap(doc, -1, 2, w, ROLE_NORMAL,
                     a->s->viewer_url
                         ? _("The origin is right and CloudFront answers the URL without an "
                             "error: the 502s have stopped.")
                         : _("This is what CloudFront will meet once its origin has these "
                             "settings: make the change (step 6) and the 502s stop."));
    else if (v->ok && a->s->viewer_url && !st->vdone)
        tui_doc_wrap(doc, -1, 2, w, ROLE_RUNNING,
                     _("The origin is right; waiting for the viewer's answer."));
    else if (v->ok)
        tui_doc_wrap(doc, -1, 2, w, ROLE_WARN,
                     _("The origin is right, but viewers still get an error: see why above, "
                       "and press r to verify again."));
    else
        tui_doc_wrap(doc, -1, 2, w, ROLE_NORMAL,
                     _("Not there yet: the findings above are what stands in CloudFront's "
                       "way. Fix them and press r to verify again."));
}

static void
draw(struct tui_app *a, struct tui_rect r)
{
    const struct diag_origin *d = tui_diag(a);
    struct verify_state *st = S(a);
    struct tui_doc *doc = &st->v.doc;
    const struct target *t = a->origin < a->ntargets ? &a->targets[a->origin] : NULL;
    const char *labels[] = {_("Origin Domain Name"), _("Host header"), _("Minimum protocol")};
    int lw = tui_max_width(labels, 3), y;
    const char *dom;
    char *s, *was;

    /* A verify run started since the last look (Enter, r, or arriving
     * here): the viewer's side goes with it. */
    if ((a->verify.active || a->verify.diag) &&
        (!st->started || st->for_run != a->verify.started_ms))
        parts_start(a, st);

    tui_doc_clear(doc);
    if (!d || !t) {
        tui_waiting(a, r,
                    a->main.active ? _("Verify comes after the diagnosis.")
                                   : _("No diagnosis: run the probe (r)."));
        return;
    }
    tui_heading(r.y, r.x + 1, r.w - 2,
                tui_wants_custom_domain(d) ? _("The probe again, with the custom domain")
                                           : _("The probe again, on the origin as it is now"));
    if (a->verify_input)
        s = sanitize(a->verify_input);
    else if (tui_wants_custom_domain(d) && (dom = tui_custom_domain(a)))
        s = xasprintf("%s:%u", dom, target_port(t));
    else if (tui_wants_custom_domain(d))
        s = xstrdup(_("(none chosen: choose one in the Fix step)"));
    else
        s = xasprintf("%s:%u", t->name, target_port(t));
    field(doc, lw, labels[0], ROLE_NORMAL, s);
    free(s);
    if (tui_wants_custom_domain(d)) {
        was = xasprintf(_("(was %s)"), t->name);
        tui_doc_put(doc, ROLE_DIM, "  ");
        tui_doc_net(doc, ROLE_DIM, was);
        free(was);
    }
    s = t->host_header ? sanitize(t->host_header) : xstrdup(_("not forwarded"));
    field(doc, lw, labels[1], ROLE_NORMAL, s);
    free(s);
    field(doc, lw, labels[2], ROLE_NORMAL, target_proto_name(target_min_proto(t)));
    tui_doc_line(doc, -1);

    y = r.y + 1;
    if (a->verify.active) {
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 2, ROLE_RUNNING, tui_draw_spinner(a->spin));
        tui_doc_putf(doc, ROLE_RUNNING, " %s %.1f s", _("checking"), tui_run_seconds(&a->verify));
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 2, ROLE_DIM, _("Esc cancels."));
    } else if (a->verify.diag && a->verify.diag->norigins) {
        const struct diag_origin *v = &a->verify.diag->origins[0];
        size_t top = 0;
        tui_doc_draw(doc, (struct tui_rect){y, r.x + 1, (int)doc->nlines, r.w - 2}, &top, -1,
                     false);
        y += (int)doc->nlines;
        tui_diag_banner(v, (struct tui_rect){y, r.x + 4, 3, r.w - 8});
        y += 4;
        tui_doc_clear(doc);
        summary(doc, a, st, v, d, r.w - 4);
    } else {
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 2, ROLE_NORMAL,
                   a->verify.cancelled ? _("Cancelled. Press r to run it again.")
                                       : _("Press Enter or r to run it."));
    }
    st->v.rect = (struct tui_rect){y, r.x + 1, r.y + r.h - y, r.w - 2};
    tui_doc_draw(doc, st->v.rect, &st->v.top, -1, false);
}

static bool
key(struct tui_app *a, enum tui_action act, int ch, bool keycode)
{
    (void)ch;
    (void)keycode;
    if (act == ACT_ENTER) {
        if (!a->verify.active)
            tui_verify_start(a);
        return true;
    }
    return tui_scroll_key(&S(a)->v, act);
}

/* The footer: this view's keys (tui_keys_draw_view_hints adds Tab and
 * ?); Enter runs the check again, so it says so (not the global "open"). */
static void
hints(const struct tui_app *a, int y, int x, int w)
{
    static const struct tui_hint h[] = {{TUI_KEY_UPDOWN, N_("scroll")},
                                        {"Enter", N_("verify again")},
                                        {"r", N_("re-run")},
                                        {"e", N_("export")},
                                        {NULL, NULL}};
    (void)a;
    tui_keys_draw_view_hints(h, y, x, w);
}

static void
enter(struct tui_app *a)
{
    /* Arriving here is asking for it: run once per choice. */
    if (!a->verify.probe && tui_diag(a))
        tui_verify_start(a);
}

static enum tui_state
state(const struct tui_app *a)
{
    const struct verify_state *st = S(a);

    if (a->verify.active || (a->s->viewer_url && st->started && !st->vdone && a->verify.diag &&
                             a->verify.diag->norigins && a->verify.diag->origins[0].ok))
        return ST_RUNNING;
    if (a->verify.diag && a->verify.diag->norigins)
        return all_green(a, st, &a->verify.diag->origins[0]) ? ST_OK : ST_FAILED;
    return ST_PENDING;
}

const struct tui_step tui_step_verify = {
    .title = N_("Verify"),
    .state_size = sizeof(struct verify_state),
    .state_reset = st_reset,
    .state_clear = st_clear,
    .draw = draw,
    .key = key,
    .hints = hints,
    .state = state,
    .enter = enter,
};
