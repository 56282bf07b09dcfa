/* Step 7, Verify: the whole probe again, on the same loop, with the chosen
 * custom domain as Origin Domain Name (port and Host header kept), or with
 * the origin as it is when the fix was elsewhere; then its verdict, large,
 * so the user sees the fix work. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "report.h"
#include "sanitize.h"
#include "tui/app.h"
#include "xmalloc.h"

/* The step's own state (struct tui_step). */
struct verify_state {
    struct tui_view v;
};

static struct verify_state *
S(const struct tui_app *a)
{
    return tui_step_state(a, STEP_VERIFY);
}

static void
st_reset(void *st)
{
    tui_view_reset(&((struct verify_state *)st)->v);
}

static void
st_clear(void *st)
{
    tui_doc_clear(&((struct verify_state *)st)->v.doc);
}

static void
field(struct tui_doc *doc, int lw, const char *label, enum tui_role r, const char *value)
{
    tui_doc_line(doc, -1);
    tui_doc_at(doc, 2, ROLE_DIM, label);
    tui_doc_at(doc, lw + 4, r, value);
}

static void
summary(struct tui_doc *doc, const struct diag_origin *v, const struct diag_origin *d, int w)
{
    const struct obs_origin *o = v->obs;
    char *verdict, *n;
    size_t i;

    for (i = 0; i < o->naddrs; i++) {
        const struct obs_addr *ad = &o->addrs[i];
        bool ok = ad->tls.status == TLS_OK;
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 2, ok ? ROLE_OK : ROLE_ERROR, tui_glyph(ok ? G_OK : G_FAIL));
        tui_doc_at(doc, 4, ROLE_NORMAL, ad->text);
        if (ok)
            tui_doc_putf(doc, ROLE_NORMAL, "  %s %s", ad->tls.version ? ad->tls.version : "",
                         ad->tls.cipher_suite ? ad->tls.cipher_suite : "");
        else if (ad->tcp != TCP_CONNECTED)
            tui_doc_putf(doc, ROLE_ERROR, "  %s", obs_tcp_status_text(ad->tcp));
        else
            tui_doc_putf(doc, ROLE_ERROR, "  %s", obs_tls_status_text(ad->tls.status));
    }
    if (v->names.checked && v->chain.nnodes) {
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 2, v->names.match ? ROLE_OK : ROLE_ERROR,
                   tui_glyph(v->names.match ? G_OK : G_FAIL));
        n = sanitize(v->names.checked);
        tui_doc_at(doc, 4, ROLE_NORMAL, "");
        tui_doc_putf(doc, ROLE_NORMAL,
                     v->names.match ? _("the certificate covers %s")
                                    : _("the certificate does not cover %s"),
                     n);
        free(n);
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 2, v->chain.in_order && v->chain.anchored ? ROLE_OK : ROLE_ERROR,
                   tui_glyph(v->chain.in_order && v->chain.anchored ? G_OK : G_FAIL));
        tui_doc_at(doc, 4, ROLE_NORMAL,
                   v->chain.in_order && v->chain.anchored ? _("the chain is in order and trusted")
                   : !v->chain.anchored ? _("the chain does not reach a trusted root")
                                        : _("the chain is out of order"));
    }
    tui_doc_line(doc, -1);
    verdict = report_verdict(v);
    tui_doc_wrap(doc, -1, 2, w, v->ok ? ROLE_OK : ROLE_ERROR, verdict);
    free(verdict);
    /* Said from the main diagnosis too: with nothing to fix there is no
     * change to make. */
    if (v->ok && d && d->ok)
        tui_doc_wrap(doc, -1, 2, w, ROLE_NORMAL,
                     _("The origin as it is already passes: there is nothing to change."));
    else if (v->ok)
        tui_doc_wrap(doc, -1, 2, w, ROLE_NORMAL,
                     _("This is what CloudFront will meet once its origin has these settings: "
                       "make the change (step 6) and the 502s stop."));
    else
        tui_doc_wrap(doc, -1, 2, w, ROLE_NORMAL,
                     _("Not there yet: see the findings of this run in the report (e), fix, and "
                       "press r to verify again."));
}

static void
draw(struct tui_app *a, struct tui_rect r)
{
    const struct diag_origin *d = tui_diag(a);
    struct tui_doc *doc = &S(a)->v.doc;
    const struct target *t = a->origin < a->ntargets ? &a->targets[a->origin] : NULL;
    const char *labels[] = {_("Origin Domain Name"), _("Host header"), _("Minimum protocol")};
    int lw = tui_max_width(labels, 3), y;
    const char *dom;
    char *s, *was;

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
        summary(doc, v, tui_diag(a), r.w - 4);
    } else {
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 2, ROLE_NORMAL,
                   a->verify.cancelled ? _("Cancelled. Press r to run it again.")
                                       : _("Press Enter or r to run it."));
    }
    S(a)->v.rect = (struct tui_rect){y, r.x + 1, r.y + r.h - y, r.w - 2};
    tui_doc_draw(doc, S(a)->v.rect, &S(a)->v.top, -1, false);
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
    if (a->verify.active)
        return ST_RUNNING;
    if (a->verify.diag && a->verify.diag->norigins)
        return a->verify.diag->origins[0].ok ? ST_OK : ST_FAILED;
    return ST_PENDING;
}

const struct tui_step tui_step_verify = {
    .title = N_("Verify"),
    .state_size = sizeof(struct verify_state),
    .state_reset = st_reset,
    .state_clear = st_clear,
    .draw = draw,
    .key = key,
    .state = state,
    .enter = enter,
};
