/* Step 3, Connection: one row per address, filled in as each connect and
 * handshake finishes; the selected address in detail below, with what the
 * explaining handshakes learned when CloudFront's failed. */
#include "config.h"

#include <gnutls/gnutls.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "report.h"
#include "sanitize.h"
#include "tui/app.h"
#include "xmalloc.h"

/* The step's own state (struct tui_step): the address list and the
 * selected address's detail. */
struct conn_state {
    struct tui_view conn, conn_detail;
};

static struct conn_state *
S(const struct tui_app *a)
{
    return tui_step_state(a, STEP_CONN);
}

static void
st_reset(void *st)
{
    struct conn_state *c = st;
    tui_view_reset(&c->conn);
    tui_view_reset(&c->conn_detail);
}

static void
st_clear(void *st)
{
    struct conn_state *c = st;
    tui_doc_clear(&c->conn.doc);
    tui_doc_clear(&c->conn_detail.doc);
}

static int
max(int x, int y)
{
    return x > y ? x : y;
}

/* Columns of the table, from the address column's width. */
struct cols {
    int addr, tcp, ver, hs, suite;
};

static struct cols
columns(const struct obs_origin *o)
{
    struct cols c;
    int aw = 15, w;
    size_t i;

    for (i = 0; i < o->naddrs; i++)
        if ((w = tui_width(o->addrs[i].text)) > aw)
            aw = w;
    if (aw > 39)
        aw = 39;
    /* Each column at least as wide as its heading (Japanese ones are). */
    c.addr = 2;
    c.tcp = c.addr + aw + 2;
    c.ver = c.tcp + max(11, tui_width(_("Connect")) + 2);
    c.hs = c.ver + max(8, tui_width(_("TLS")) + 2);
    c.suite = c.hs + max(11, tui_width(_("Handshake")) + 2);
    return c;
}

static enum tui_state
addr_state(const struct tui_app *a, const struct obs_addr *ad)
{
    if (!ad->probed && ad->tcp == TCP_SKIPPED)
        return ST_PENDING;
    if (ad->tcp == TCP_PENDING || (ad->tcp == TCP_CONNECTED && ad->tls.status == TLS_PENDING))
        return a->main.active ? ST_RUNNING : ST_PENDING;
    if (ad->tcp == TCP_CANCELLED || ad->tls.status == TLS_CANCELLED)
        return ST_PENDING;
    /* http-only: no handshake; the TCP connection and the request are all. */
    if (target_uses_tls(&tui_obs(a)->target) ? ad->tls.status != TLS_OK : ad->tcp != TCP_CONNECTED)
        return ST_FAILED;
    /* After the handshake, CloudFront's request: running, answered, or
     * one of the ways it fails. */
    switch (ad->http.status) {
    case HTTP_PENDING:
        return a->main.active ? ST_RUNNING : ST_PENDING;
    case HTTP_TIMEOUT:
    case HTTP_CLOSED:
    case HTTP_MALFORMED:
    case HTTP_OVERSIZED:
        return ST_FAILED;
    case HTTP_OK:
        return ad->http.code >= 500 ? ST_WARN : ST_OK;
    default:
        return ST_OK;
    }
}

/* The diagnosis' reading of the explaining handshakes of address i, in
 * words; NULL before the diagnosis or when there is nothing to say. */
static const char *
why_text(const struct tui_app *a, size_t i)
{
    const struct diag_origin *d = tui_diag(a);

    return d ? explain_text(diag_explain(d, i)) : NULL;
}

static void
row(struct tui_app *a, struct tui_doc *doc, const struct obs_addr *ad, int item, struct cols c)
{
    enum tui_state st = addr_state(a, ad);
    const struct obs_tls *t = &ad->tls;
    char dur[32];

    tui_doc_line(doc, item);
    tui_doc_put(doc, tui_state_role(st), tui_state_glyph(st, a->spin));
    tui_doc_at(doc, c.addr, ROLE_NORMAL, ad->text);
    if (!ad->probed && ad->tcp == TCP_SKIPPED) {
        tui_doc_at(doc, c.tcp, ROLE_DIM, _("not probed"));
        return;
    }
    if (ad->tcp == TCP_PENDING) {
        tui_doc_at(doc, c.tcp, ROLE_RUNNING, tui_draw_spinner(a->spin));
        tui_doc_put(doc, ROLE_RUNNING, " ");
        tui_doc_put(doc, ROLE_RUNNING, a->main.active ? _("connecting") : _("not tried"));
        return;
    }
    if (ad->tcp != TCP_CONNECTED) {
        tui_doc_at(doc, c.tcp, ROLE_ERROR, obs_tcp_status_text(ad->tcp));
        tui_doc_putf(doc, ROLE_DIM, _(" after %s"), tui_duration(ad->connect_ms, dur, sizeof dur));
        return;
    }
    tui_doc_at(doc, c.tcp, ROLE_NORMAL, "");
    tui_doc_putf(doc, ROLE_NORMAL, "%.1f ms", ad->connect_ms);
    if (!target_uses_tls(&tui_obs(a)->target)) {
        char *http = report_http_line(&ad->http);
        tui_doc_at(doc, c.ver, ROLE_DIM, _("no TLS (HTTP only)"));
        if (http) {
            tui_doc_put(doc, ROLE_DIM, "  HTTP ");
            tui_doc_put(doc,
                        st == ST_FAILED ? ROLE_ERROR
                        : st == ST_WARN ? ROLE_WARN
                                        : ROLE_NORMAL,
                        http);
            free(http);
        }
        return;
    }
    if (t->status == TLS_PENDING) {
        tui_doc_at(doc, c.ver, ROLE_RUNNING, tui_draw_spinner(a->spin));
        tui_doc_put(doc, ROLE_RUNNING, " ");
        tui_doc_put(doc, ROLE_RUNNING, a->main.active ? _("handshake") : _("not tried"));
        return;
    }
    if (t->status == TLS_OK) {
        tui_doc_at(doc, c.ver, ROLE_OK, t->version ? t->version : "?");
        tui_doc_at(doc, c.hs, ROLE_NORMAL, "");
        tui_doc_putf(doc, ROLE_NORMAL, "%.1f ms", t->elapsed_ms);
        tui_doc_at(doc, c.suite, t->suite_in_profile ? ROLE_NORMAL : ROLE_WARN,
                   t->cipher_suite ? t->cipher_suite : "?");
        if (ad->http.status == HTTP_PENDING && a->main.active)
            tui_doc_put(doc, ROLE_RUNNING, _("  HTTP ..."));
        else if (ad->http.status == HTTP_OK)
            tui_doc_putf(doc, ad->http.code >= 500 ? ROLE_WARN : ROLE_NORMAL, "  HTTP %d",
                         ad->http.code);
        else if (ad->http.status != HTTP_SKIPPED && ad->http.status != HTTP_PENDING)
            /* the words, not the JSON name: "no response within the read timeout" */
            tui_doc_putf(doc, ROLE_ERROR, "  HTTP: %s", obs_http_result_text(ad->http.status));
        return;
    }
    tui_doc_at(doc, c.ver, ROLE_ERROR, obs_tls_status_text(t->status));
    {
        const char *why = why_text(a, (size_t)item);
        if (why) {
            tui_doc_put(doc, ROLE_DIM, ": ");
            tui_doc_put(doc, ROLE_NORMAL, why);
        }
    }
}

static void
detail(struct tui_app *a, const struct obs_addr *ad, size_t i, int w)
{
    struct tui_doc *doc = &S(a)->conn_detail.doc;
    const struct obs_tls *t = &ad->tls;
    const struct obs_explain *x = &ad->explain;
    const char *why;
    char dur[32];
    int v;

    tui_doc_line(doc, -1);
    tui_doc_at(doc, 2, ROLE_NORMAL, "TCP   ");
    if (ad->tcp == TCP_CONNECTED)
        tui_doc_putf(doc, ROLE_NORMAL, _("connected in %.1f ms"), ad->connect_ms);
    else if (ad->tcp == TCP_PENDING)
        tui_doc_put(doc, ROLE_RUNNING, a->main.active ? _("connecting") : _("not tried"));
    else {
        tui_doc_put(doc, ROLE_ERROR, obs_tcp_status_text(ad->tcp));
        /* The system's words only where ours are vague. */
        if (ad->tcp_errno && (ad->tcp == TCP_ERROR || ad->tcp == TCP_UNREACHABLE))
            tui_doc_putf(doc, ROLE_DIM, " (%s)", strerror(ad->tcp_errno));
    }
    if (ad->tcp != TCP_CONNECTED)
        return;
    tui_doc_line(doc, -1);
    tui_doc_at(doc, 2, ROLE_NORMAL, "TLS   ");
    if (t->status == TLS_OK) {
        tui_doc_putf(doc, ROLE_OK, "%s %s", tui_glyph(G_OK), t->version ? t->version : "?");
        tui_doc_putf(doc, ROLE_NORMAL, ", %s", t->cipher_suite ? t->cipher_suite : "?");
        if (t->group)
            tui_doc_putf(doc, ROLE_NORMAL, ", %s", t->group);
        tui_doc_putf(doc, ROLE_DIM, _(", %.1f ms"), t->elapsed_ms);
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 8, t->suite_in_profile ? ROLE_DIM : ROLE_WARN,
                   t->suite_in_profile ? _("one of CloudFront's 16 origin cipher suites")
                                       : _("not one of CloudFront's suites"));
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 8, ROLE_DIM, "");
        tui_doc_putf(doc, ROLE_DIM, _("certificates received: %zu"), t->certs_received);
        {
            char *http = report_http_line(&ad->http);
            enum tui_state hs = addr_state(a, ad);
            if (http) {
                tui_doc_line(doc, -1);
                tui_doc_at(doc, 2, ROLE_NORMAL, "HTTP  ");
                tui_doc_put(doc,
                            hs == ST_FAILED ? ROLE_ERROR
                            : hs == ST_WARN ? ROLE_WARN
                                            : ROLE_NORMAL,
                            http);
                free(http);
            } else if (ad->http.status == HTTP_PENDING && a->main.active) {
                tui_doc_line(doc, -1);
                tui_doc_at(doc, 2, ROLE_NORMAL, "HTTP  ");
                tui_doc_put(doc, ROLE_RUNNING, _("waiting for the answer to CloudFront's request"));
            }
        }
        return;
    }
    if (t->status == TLS_PENDING) {
        tui_doc_put(doc, ROLE_RUNNING,
                    a->main.active ? _("handshake in progress") : _("not tried"));
        return;
    }
    if (t->status == TLS_CANCELLED) {
        tui_doc_put(doc, ROLE_DIM, obs_tls_status_text(t->status));
        return;
    }
    tui_doc_putf(doc, ROLE_ERROR, "%s %s", tui_glyph(G_FAIL), obs_tls_status_text(t->status));
    tui_doc_putf(doc, ROLE_DIM, _(" after %s"), tui_duration(t->elapsed_ms, dur, sizeof dur));
    if (t->alert >= 0) {
        char an[48];
        obs_alert_name(t->alert, an, sizeof an);
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 8, ROLE_NORMAL, "");
        tui_doc_putf(doc, ROLE_NORMAL, _("alert from the server: %s"), an);
    } else if (t->gnutls_error) {
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 8, ROLE_DIM, gnutls_strerror(t->gnutls_error));
    }
    if (t->nfirst_bytes && t->status == TLS_NOT_TLS) {
        char *fb = sanitize_n(t->first_bytes, t->nfirst_bytes);
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 8, ROLE_NORMAL, _("it answered: "));
        tui_doc_put(doc, ROLE_CODE, fb);
        free(fb);
    }
    if (x->ran) {
        tui_doc_line(doc, -1);
        tui_doc_at(doc, 8, ROLE_NORMAL, _("the server accepts:"));
        for (v = 0; v < OBS_VERSION_COUNT; v++) {
            if (x->version_ok[v] < 0)
                continue;
            tui_doc_putf(doc, x->version_ok[v] == 1 ? ROLE_OK : ROLE_DIM, "  %s %s",
                         obs_version_name((enum obs_version)v),
                         tui_glyph(x->version_ok[v] == 1 ? G_OK : G_FAIL));
        }
        if (x->any_cipher_ok == 1) {
            tui_doc_line(doc, -1);
            tui_doc_at(doc, 8, ROLE_NORMAL, "");
            tui_doc_putf(doc, ROLE_NORMAL, _("with any cipher suite it picks %s %s"),
                         x->any_cipher_version ? x->any_cipher_version : "?",
                         x->any_cipher_suite ? x->any_cipher_suite : "?");
        }
    }
    if ((why = why_text(a, i)))
        tui_doc_wrap(doc, -1, 8, w, ROLE_WARN, why);
}

static void
draw(struct tui_app *a, struct tui_rect r)
{
    const struct obs_origin *o = tui_obs(a);
    struct tui_rect top, bottom;
    struct cols c;
    int lh;
    size_t i;
    char *title;

    tui_doc_clear(&S(a)->conn.doc);
    tui_doc_clear(&S(a)->conn_detail.doc);
    if (!o || !o->naddrs) {
        tui_waiting(a, r,
                    !o                      ? _("Waiting for the probe.")
                    : o->dns == DNS_PENDING ? _("Waiting for DNS.")
                                            : _("No address to connect to."));
        return;
    }
    c = columns(o);
    /* TRANSLATORS: the CloudFront client profile: the minimum protocol. */
    if (!target_uses_tls(&o->target))
        /* TRANSLATORS: %u is the HTTP port. */
        title = xasprintf(_("CloudFront's connection to each address (HTTP only: port %u, no "
                            "TLS)"),
                          target_port(&o->target));
    else
        title = xasprintf(_("CloudFront's handshake to each address (%s minimum, TLS 1.2 maximum)"),
                          target_proto_name(target_min_proto(&o->target)));
    tui_heading(r.y, r.x + 1, r.w - 2, title);
    free(title);
    tui_text(r.y + 1, r.x + 1 + c.addr, c.tcp - c.addr - 1, ROLE_DIM, _("Address"));
    tui_text(r.y + 1, r.x + 1 + c.tcp, c.ver - c.tcp - 1, ROLE_DIM, _("Connect"));
    tui_text(r.y + 1, r.x + 1 + c.ver, c.hs - c.ver - 1, ROLE_DIM, _("TLS"));
    tui_text(r.y + 1, r.x + 1 + c.hs, c.suite - c.hs - 1, ROLE_DIM, _("Handshake"));
    tui_text(r.y + 1, r.x + 1 + c.suite, r.w - c.suite - 2, ROLE_DIM, _("Cipher suite"));
    for (i = 0; i < o->naddrs; i++)
        row(a, &S(a)->conn.doc, &o->addrs[i], (int)i, c);
    lh = (int)o->naddrs < (r.h - 2) / 2 ? (int)o->naddrs : (r.h - 2) / 2;
    top = (struct tui_rect){r.y + 2, r.x, lh, r.w};
    if (S(a)->conn.sel >= (int)o->naddrs)
        S(a)->conn.sel = (int)o->naddrs - 1;
    S(a)->conn.rect = top;
    tui_doc_draw(&S(a)->conn.doc, top, &S(a)->conn.top, S(a)->conn.sel, true);

    bottom = (struct tui_rect){r.y + 3 + lh, r.x, r.h - 3 - lh, r.w};
    title = xasprintf(_("Address %s"), o->addrs[S(a)->conn.sel].text);
    tui_heading(bottom.y, r.x + 1, r.w - 2, title);
    free(title);
    bottom.y++;
    bottom.h--;
    detail(a, &o->addrs[S(a)->conn.sel], (size_t)S(a)->conn.sel, r.w - 2);
    S(a)->conn_detail.rect = bottom;
    tui_doc_draw(&S(a)->conn_detail.doc, bottom, &S(a)->conn_detail.top, -1, false);
}

static bool
key(struct tui_app *a, enum tui_action act, int ch, bool keycode)
{
    (void)ch;
    (void)keycode;
    if (act == ACT_PAGE_UP || act == ACT_PAGE_DOWN)
        return tui_scroll_key(&S(a)->conn_detail, act);
    if (tui_select_key(&S(a)->conn, act)) {
        S(a)->conn_detail.top = 0;
        return true;
    }
    return false;
}

static void
click(struct tui_app *a, int y, int x)
{
    int item = tui_doc_item_at(&S(a)->conn.doc, S(a)->conn.rect, S(a)->conn.top, y);

    (void)x;
    if (item >= 0) {
        S(a)->conn.sel = item;
        S(a)->conn_detail.top = 0;
    }
}

static const struct tui_hint *
hint_table(const struct tui_app *a)
{
    static const struct tui_hint h[] = {{TUI_KEY_UPDOWN, N_("address")},
                                        {"PgUp/PgDn", N_("scroll the detail")},
                                        {"r", N_("re-run")},
                                        {"e", N_("export")},
                                        {NULL, NULL}};
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
    bool running = false, failed = false, any = false;
    size_t i;

    if (!o || !o->naddrs)
        return a->main.active                                          ? ST_RUNNING
               : o && o->dns != DNS_PENDING && o->dns != DNS_CANCELLED ? ST_FAILED
                                                                       : ST_PENDING;
    for (i = 0; i < o->naddrs; i++) {
        enum tui_state st = addr_state(a, &o->addrs[i]);
        running |= st == ST_RUNNING;
        failed |= st == ST_FAILED;
        any |= st == ST_OK || st == ST_FAILED;
    }
    if (running)
        return ST_RUNNING;
    if (failed)
        return ST_FAILED;
    if (!any)
        return ST_PENDING;
    return tui_worst(tui_diag(a), tui_step_conn.areas) == SEV_WARNING ? ST_WARN : ST_OK;
}

const struct tui_step tui_step_conn = {
    .title = N_("Connection"),
    .state_size = sizeof(struct conn_state),
    .state_reset = st_reset,
    .state_clear = st_clear,
    .areas = AREA_BIT(AREA_CONNECTION) | AREA_BIT(AREA_HTTP),
    .draw = draw,
    .key = key,
    .hints = hints,
    .state = state,
    .click = click,
};
