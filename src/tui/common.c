/* Small pieces the steps share: state marks, headings, dates. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "i18n.h"
#include "sanitize.h"
#include "tui/app.h"
#include "xmalloc.h"

const char *
tui_state_glyph(enum tui_state st, unsigned spin)
{
    switch (st) {
    case ST_RUNNING:
        return tui_draw_spinner(spin);
    case ST_OK:
        return tui_glyph(G_OK);
    case ST_WARN:
        return tui_glyph(G_WARN);
    case ST_FAILED:
        return tui_glyph(G_FAIL);
    case ST_PENDING:
        break;
    }
    return tui_glyph(G_PENDING);
}

enum tui_role
tui_state_role(enum tui_state st)
{
    switch (st) {
    case ST_RUNNING:
        return ROLE_RUNNING;
    case ST_OK:
        return ROLE_OK;
    case ST_WARN:
        return ROLE_WARN;
    case ST_FAILED:
        return ROLE_ERROR;
    case ST_PENDING:
        break;
    }
    return ROLE_DIM;
}

int
tui_worst(const struct diag_origin *d, unsigned areas)
{
    int worst = -1;
    size_t i;

    for (i = 0; d && i < d->nfindings; i++) {
        const struct finding_def *def = findings_def(d->findings[i].id);
        if ((areas & AREA_BIT(def->area)) && (worst < 0 || (int)def->severity < worst))
            worst = (int)def->severity;
    }
    return worst;
}

void
tui_heading(int y, int x, int w, const char *title)
{
    int used = tui_text(y, x, w, ROLE_TITLE, title), i;

    for (i = x + used + 1; i < x + w; i++)
        tui_text(y, i, 1, ROLE_DIM, tui_glyph(G_HLINE));
}

void
tui_waiting(struct tui_app *a, struct tui_rect r, const char *what)
{
    const char *mark = tui_busy(a) ? tui_draw_spinner(a->spin) : tui_glyph(G_PENDING);
    int x = r.x + 2;

    x += tui_text(r.y + 1, x, r.w - 4, tui_busy(a) ? ROLE_RUNNING : ROLE_DIM, mark);
    tui_text(r.y + 1, x + 1, r.w - (x - r.x) - 3, ROLE_NORMAL, what);
}

int
tui_max_width(const char *const *labels, size_t n)
{
    int w = 0, lw;
    size_t i;

    for (i = 0; i < n; i++)
        if ((lw = tui_width(labels[i])) > w)
            w = lw;
    return w;
}

bool
tui_scroll_key(struct tui_view *v, enum tui_action act)
{
    size_t page = v->rect.h > 1 ? (size_t)v->rect.h - 1 : 1;

    switch (act) {
    case ACT_UP:
        if (v->top)
            v->top--;
        return true;
    case ACT_DOWN:
        v->top++; /* clamped when drawn */
        return true;
    case ACT_PAGE_UP:
        v->top = v->top > page ? v->top - page : 0;
        return true;
    case ACT_PAGE_DOWN:
        v->top += page;
        return true;
    case ACT_HOME:
        v->top = 0;
        return true;
    case ACT_END:
        v->top = v->doc.nlines;
        return true;
    default:
        return false;
    }
}

bool
tui_select_key(struct tui_view *v, enum tui_action act)
{
    int n = v->doc.nitems, page = v->rect.h > 1 ? v->rect.h - 1 : 1;

    switch (act) {
    case ACT_UP:
        v->sel--;
        break;
    case ACT_DOWN:
        v->sel++;
        break;
    case ACT_PAGE_UP:
        v->sel -= page;
        break;
    case ACT_PAGE_DOWN:
        v->sel += page;
        break;
    case ACT_HOME:
        v->sel = 0;
        break;
    case ACT_END:
        v->sel = n - 1;
        break;
    default:
        return false;
    }
    if (v->sel >= n)
        v->sel = n - 1;
    if (v->sel < 0)
        v->sel = 0;
    /* Back at the first item: the lines above it (a heading, the verdict)
     * come back too, and no "more above" mark stays. */
    if (v->sel == 0 && (act == ACT_HOME || act == ACT_PAGE_UP || act == ACT_UP))
        v->top = 0;
    return true;
}

void
tui_view_reset(struct tui_view *v)
{
    v->top = 0;
    v->sel = 0;
}

/* ---------------------------------------------------------- the answer */

const struct diag_origin *
tui_diag_at(const struct tui_app *a, size_t i)
{
    return a->main.diag && i < a->main.diag->norigins ? &a->main.diag->origins[i] : NULL;
}

enum tui_state
tui_verdict_state(const struct diag_origin *d)
{
    if (!d)
        return ST_PENDING;
    if (d->verdict == VERDICT_OK)
        return tui_worst(d, TUI_AREAS_ALL) == SEV_WARNING ? ST_WARN : ST_OK;
    return ST_FAILED;
}

char *
tui_answer(const struct tui_app *a, size_t i, bool mark, bool use)
{
    const struct diag_origin *d = tui_diag_at(a, i);
    const struct finding *p;
    const char *dom = NULL;
    char *verdict, *out;

    if (!d)
        return NULL;
    p = diag_primary(d);
    if (p && p->id == F_ORIGIN_NOT_CONNECTED)
        p = NULL; /* the verdict below says it */
    if (d->verdict == VERDICT_OK && d->obs && d->obs->chain_file)
        /* TRANSLATORS: the short verdict for certificates read from a
         * file: nothing was connected to, so never "would connect". */
        verdict = xstrdup(p ? _("chain passes, not connected; warning:")
                            : _("chain passes, not connected"));
    else if (d->verdict == VERDICT_OK)
        /* TRANSLATORS: the short verdict on the wizard's second row and in
         * the origin list; a warning's id may follow. */
        verdict = xstrdup(p ? _("would connect; warning:") : _("would connect"));
    else if (d->verdict == VERDICT_UNKNOWN)
        /* TRANSLATORS: the short verdict: CloudFront's answer is not known. */
        verdict = xstrdup(_("unknown"));
    else
        verdict = xasprintf("%d", d->cloudfront_status);
    if (use && tui_wants_custom_domain(d))
        dom = i == a->origin ? tui_custom_domain(a) : d->ncandidates ? d->candidates[0].name : NULL;
    out = xasprintf("%s%s%s%s%s",
                    mark ? tui_state_glyph(d->verdict == VERDICT_OK ? ST_OK : ST_FAILED, 0) : "",
                    mark ? " " : "", verdict, p ? " " : "", p ? findings_def(p->id)->id : "");
    if (dom) {
        char *s = sanitize(dom), *o = out;
        /* TRANSLATORS: after the verdict and finding: the Origin Domain
         * Name to use instead (a custom domain). */
        char *tail = xasprintf(_("use %s"), s);
        out = xasprintf("%s %s %s", o, tui_glyph(G_ARROW), tail);
        free(tail);
        free(o);
        free(s);
    }
    free(verdict);
    return out;
}

const char *
tui_duration(double ms, char *buf, size_t size)
{
    if (ms >= 1000)
        snprintf(buf, size, "%.1f s", ms / 1000);
    else
        snprintf(buf, size, "%.0f ms", ms);
    return buf;
}

/* "10 s", "2.5 s", "500 ms": a limit as the user set it. */
static char *
limit_text(unsigned ms)
{
    if (ms >= 1000 && ms % 1000 == 0)
        return xasprintf("%u s", ms / 1000);
    if (ms >= 1000)
        return xasprintf("%.1f s", ms / 1000.0);
    return xasprintf("%u ms", ms);
}

char *
tui_progress_text(const struct tui_app *a)
{
    const struct obs_origin *o = tui_obs(a);
    double now = tui_run_seconds(&a->main) * 1000, spent = 0, base;
    const char *what = NULL;
    unsigned limit = 0;
    char *lim, *out;
    size_t i;

    /* The stage the selected origin waits on, and how long it has. */
    if (o && o->dns == DNS_PENDING) {
        what = _("resolving");
        limit = a->s->dns_timeout_ms;
        spent = now;
    } else if (o) {
        for (i = 0; i < o->naddrs; i++) {
            const struct obs_addr *ad = &o->addrs[i];
            if (!ad->probed)
                continue;
            base = o->dns_ms;
            if (ad->tcp == TCP_PENDING) {
                what = _("connecting");
                limit = o->target.connect_timeout_ms;
            } else if (ad->tcp == TCP_CONNECTED && ad->tls.status == TLS_PENDING &&
                       o->target.policy != POLICY_HTTP_ONLY) {
                what = _("handshake");
                limit = a->s->handshake_timeout_ms;
                base += ad->connect_ms;
            } else if (ad->tcp == TCP_CONNECTED && ad->http.status == HTTP_PENDING &&
                       !a->s->no_http &&
                       (ad->tls.status == TLS_OK || o->target.policy == POLICY_HTTP_ONLY)) {
                what = _("response");
                limit = o->target.read_timeout_ms;
                base += ad->connect_ms + ad->tls.elapsed_ms;
            } else {
                continue;
            }
            spent = now - base;
            break;
        }
    }
    if (!what || !limit) {
        return xasprintf("%s %s %.1f s", tui_draw_spinner(a->spin), _("checking"), now / 1000);
    }
    if (spent < 0)
        spent = 0;
    lim = limit_text(limit);
    /* TRANSLATORS: progress: the spinner, "checking", the stage
     * ("handshake"), the seconds it has taken and its time limit ("10 s"). */
    out = xasprintf(_("%s %s: %s %.1f s of %s"), tui_draw_spinner(a->spin), _("checking"), what,
                    spent / 1000, lim);
    free(lim);
    return out;
}

char *
tui_expand_home(const char *path)
{
    const char *home = getenv("HOME");

    if (path[0] == '~' && (path[1] == '/' || !path[1]) && home && *home)
        return xasprintf("%s%s", home, path + 1);
    return xstrdup(path);
}
