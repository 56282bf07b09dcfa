/* Step 2, DNS: live while resolving; then the CNAME chain as a path, the
 * addresses with their TTLs, and a badge when the name is a load
 * balancer's (or another AWS-owned name). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "awsname.h"
#include "i18n.h"
#include "sanitize.h"
#include "tui/app.h"
#include "xmalloc.h"

/* The step's own state (struct tui_step). */
struct dns_state {
    struct tui_view dns;
};

static struct dns_state *
S(const struct tui_app *a)
{
    return tui_step_state(a, STEP_DNS);
}

static void
st_reset(void *st)
{
    tui_view_reset(&((struct dns_state *)st)->dns);
}

static void
st_clear(void *st)
{
    tui_doc_clear(&((struct dns_state *)st)->dns.doc);
}

/* Does the diagnosis hold finding id? */
static bool
has_finding(const struct diag_origin *d, enum finding_id id)
{
    size_t i;

    for (i = 0; d && i < d->nfindings; i++)
        if (d->findings[i].id == id)
            return true;
    return false;
}

/* The badge of an AWS-owned name, and what it means for the name check:
 * said from the diagnosis (a forwarded Host is what CloudFront checks). */
static void
badge(struct tui_doc *doc, const struct obs_origin *o, const struct diag_origin *d, int w)
{
    struct awsname aws;
    const char *checked = target_checked_name(&o->target);
    bool other = checked && strcasecmp(checked, o->target.name) != 0;
    bool mismatch = has_finding(d, F_CERT_NAME_MISMATCH);

    awsname_classify(o->target.name, &aws);
    if (aws.kind == AWSNAME_NONE)
        return;
    tui_doc_line(doc, -1);
    tui_doc_line(doc, -1);
    tui_doc_at(doc, 2, ROLE_BADGE, " ");
    tui_doc_put(doc, ROLE_BADGE, awsname_kind_badge(aws.kind));
    tui_doc_put(doc, ROLE_BADGE, " ");
    tui_doc_put(doc, ROLE_NORMAL, " ");
    tui_doc_put(doc, ROLE_WARN, awsname_kind_text(aws.kind));
    if (aws.region[0]) {
        tui_doc_put(doc, ROLE_NORMAL, ", ");
        tui_doc_put(doc, ROLE_NORMAL, aws.region);
    }
    if (other) {
        char *s, *text;

        s = sanitize(checked);
        text = xasprintf(
            d && mismatch ? _("No certificate you can get covers this AWS-owned name, but "
                              "CloudFront checks the forwarded Host header, %s, and the "
                              "certificate does not cover that either.")
            : d ? _("No certificate you can get covers this AWS-owned name, but CloudFront "
                    "checks the forwarded Host header, %s, which the certificate covers.")
                : _("No certificate you can get covers this AWS-owned name, but CloudFront "
                    "checks the forwarded Host header, %s."),
            s);
        tui_doc_wrap(doc, -1, 8, w, ROLE_NORMAL, text);
        free(text);
        free(s);
    } else if ((aws.kind == AWSNAME_ELB || aws.kind == AWSNAME_NLB) && (!d || mismatch))
        tui_doc_wrap(doc, -1, 8, w, ROLE_NORMAL,
                     _("This is the load balancer's own DNS name. No certificate you can get "
                       "covers *.elb.amazonaws.com, so CloudFront's name check fails here."));
    else
        tui_doc_wrap(doc, -1, 8, w, ROLE_NORMAL,
                     _("An AWS-owned name: no certificate you can get covers it."));
}

static void
build(struct tui_app *a, const struct obs_origin *o, int w)
{
    struct tui_doc *doc = &S(a)->dns.doc;
    size_t i, j;
    int depth;

    tui_doc_line(doc, -1);
    tui_doc_put(doc, ROLE_TITLE, _("The name CloudFront resolves"));
    tui_doc_line(doc, -1);
    tui_doc_at(doc, 2, ROLE_NORMAL, "");
    tui_doc_net(doc, ROLE_NORMAL, o->target.name);
    tui_doc_line(doc, -1);
    if (o->dns == DNS_PENDING) {
        tui_doc_at(doc, 4, ROLE_RUNNING, tui_draw_spinner(a->spin));
        tui_doc_putf(doc, ROLE_RUNNING, " %s %.1f s", _("resolving"), tui_run_seconds(&a->main));
    } else {
        bool good = o->dns == DNS_OK || o->dns == DNS_LITERAL || o->dns == DNS_OVERRIDE;
        tui_doc_at(doc, 4, good ? ROLE_OK : ROLE_ERROR, tui_glyph(good ? G_OK : G_FAIL));
        tui_doc_put(doc, ROLE_NORMAL, " ");
        tui_doc_put(doc, good ? ROLE_NORMAL : ROLE_ERROR, obs_dns_status_text(o->dns));
        if (o->dns != DNS_LITERAL && o->dns != DNS_OVERRIDE)
            tui_doc_putf(doc, ROLE_DIM, _(" in %.1f ms"), o->dns_ms);
    }
    if (o->dns_message) {
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 6, ROLE_DIM, "");
        tui_doc_net(doc, ROLE_DIM, o->dns_message);
    }
    badge(doc, o, tui_diag(a), w);

    if (o->ncnames) {
        tui_doc_line(doc, -1);
        tui_doc_line(doc, -1);
        tui_doc_put(doc, ROLE_TITLE, _("CNAME chain"));
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 2, ROLE_NORMAL, "");
        tui_doc_net(doc, ROLE_NORMAL, o->cnames[0].name);
        for (i = 0; i < o->ncnames; i++) {
            depth = 2 + 3 * (int)(i < 8 ? i : 8);
            tui_doc_line(doc, -1);
            tui_doc_at(doc, depth, ROLE_DIM, tui_glyph(G_TREE_LAST));
            tui_doc_put(doc, ROLE_DIM, tui_glyph(G_ARROW));
            tui_doc_put(doc, ROLE_NORMAL, " ");
            tui_doc_net(doc, ROLE_NORMAL, o->cnames[i].target);
            tui_doc_putf(doc, ROLE_DIM, "  CNAME, TTL %u", (unsigned)o->cnames[i].ttl);
        }
    }

    tui_doc_line(doc, -1);
    tui_doc_line(doc, -1);
    tui_doc_putf(doc, ROLE_TITLE, _("Addresses (%zu)"), o->naddrs);
    if (!o->naddrs) {
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 2, ROLE_DIM,
                   o->dns == DNS_PENDING ? _("none yet") : _("none: nothing to connect to"));
    }
    for (i = 0; i < o->naddrs; i++) {
        const struct obs_addr *ad = &o->addrs[i];
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 2, ROLE_NORMAL, ad->text);
        tui_doc_at(doc, 42, ROLE_DIM, ad->family == AF_INET6 ? "AAAA" : "A");
        if (o->dns == DNS_OK) {
            tui_doc_at(doc, 48, ROLE_NORMAL, "");
            tui_doc_putf(doc, ROLE_NORMAL, "TTL %u", (unsigned)ad->ttl);
        }
        if (!ad->probed && ad->tcp == TCP_SKIPPED)
            tui_doc_at(doc, 60, ROLE_DIM, _("not probed"));
    }
    if (o->addrs_dropped) {
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 2, ROLE_DIM, tui_glyph(G_ELLIPSIS));
        tui_doc_putf(doc, ROLE_DIM, _(" %zu more addresses, not probed"), o->addrs_dropped);
    }

    if (o->nlookups) {
        tui_doc_line(doc, -1);
        tui_doc_line(doc, -1);
        tui_doc_put(doc, ROLE_TITLE, _("Names in the certificate, resolved"));
        for (i = 0; i < o->nlookups; i++) {
            const struct obs_origin *l = &o->lookups[i];
            tui_doc_line(doc, -1);
            tui_doc_at(doc, 2, ROLE_NORMAL, "");
            tui_doc_net(doc, ROLE_NORMAL, l->target.name);
            tui_doc_put(doc, ROLE_DIM, " ");
            tui_doc_put(doc, ROLE_DIM, tui_glyph(G_ARROW));
            if (!l->naddrs)
                tui_doc_putf(doc, ROLE_DIM, " %s", obs_dns_status_text(l->dns));
            for (j = 0; j < l->naddrs && j < 4; j++)
                tui_doc_putf(doc, ROLE_NORMAL, " %s", l->addrs[j].text);
            if (l->naddrs > 4)
                tui_doc_putf(doc, ROLE_DIM, " %s", tui_glyph(G_ELLIPSIS));
        }
    }
}

static void
draw(struct tui_app *a, struct tui_rect r)
{
    const struct obs_origin *o = tui_obs(a);

    tui_doc_clear(&S(a)->dns.doc);
    if (!o) {
        tui_waiting(a, r,
                    a->ntargets ? _("Waiting for the probe.")
                                : _("No origin yet: fill in the Origin step."));
        return;
    }
    build(a, o, r.w - 2);
    S(a)->dns.rect = r;
    tui_doc_draw(&S(a)->dns.doc, r, &S(a)->dns.top, -1, true);
}

static bool
key(struct tui_app *a, enum tui_action act, int ch, bool keycode)
{
    (void)ch;
    (void)keycode;
    return tui_scroll_key(&S(a)->dns, act);
}

static const struct tui_hint *
hint_table(const struct tui_app *a)
{
    static const struct tui_hint h[] = {
        {TUI_KEY_UPDOWN, N_("scroll")}, {"r", N_("re-run")}, {"e", N_("export")}, {NULL, NULL}};
    (void)a;
    return h;
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
    const struct obs_origin *o = tui_obs(a);

    if (!o)
        return a->main.active ? ST_RUNNING : ST_PENDING;
    switch (o->dns) {
    case DNS_PENDING:
        return a->main.active ? ST_RUNNING : ST_PENDING;
    case DNS_CANCELLED:
        return ST_PENDING;
    case DNS_OK:
    case DNS_LITERAL:
    case DNS_OVERRIDE:
        return tui_worst(tui_diag(a), tui_step_dns.areas) == SEV_WARNING ? ST_WARN : ST_OK;
    default:
        return ST_FAILED;
    }
}

const struct tui_step tui_step_dns = {
    .title = N_("DNS"),
    .state_size = sizeof(struct dns_state),
    .state_reset = st_reset,
    .state_clear = st_clear,
    .areas = AREA_BIT(AREA_DNS),
    .draw = draw,
    .key = key,
    .hints = hints,
    .state = state,
};
