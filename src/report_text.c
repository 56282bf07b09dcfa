/* The plain text report: verdict first, then findings, evidence, fix. */
#include "config.h"

#include <gnutls/gnutls.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cert.h"
#include "distrun.h"
#include "i18n.h"
#include "report.h"
#include "sanitize.h"
#include "xmalloc.h"

/* Print network text safely. */
static void
put_net(FILE *out, const char *s)
{
    char *clean = sanitize(s ? s : "");
    fputs(clean, out);
    free(clean);
}

/* What the explaining handshakes saw, and what the diagnosis makes of it. */
static void
explain_lines(FILE *out, const struct obs_addr *a, enum explain_summary e)
{
    const struct obs_explain *x = &a->explain;
    const char *why = explain_text(e);
    int v;

    if (why)
        fprintf(out, "      %s\n", why);
    if (!x->ran)
        return;
    fprintf(out, "      %s", _("Versions the server accepts:"));
    for (v = 0; v < OBS_VERSION_COUNT; v++)
        fprintf(out, " %s %s", obs_version_name((enum obs_version)v),
                x->version_ok[v] == 1   ? _("yes")
                : x->version_ok[v] == 0 ? _("no")
                                        : "?");
    fputc('\n', out);
    if (x->any_cipher_ok == 1)
        fprintf(out, _("      With any cipher suite it picks %s %s.\n"),
                x->any_cipher_version ? x->any_cipher_version : "?",
                x->any_cipher_suite ? x->any_cipher_suite : "?");
}

static void
addr_text(FILE *out, const struct obs_addr *a, bool tls, enum explain_summary e)
{
    const struct obs_tls *t = &a->tls;

    fprintf(out, "    %s  ", a->text);
    if (!a->probed) {
        fprintf(out, "%s\n", _("not probed (address family excluded)"));
        return;
    }
    if (a->tcp != TCP_CONNECTED) {
        fprintf(out, _("TCP: %s after %.1f ms"), obs_tcp_status_text(a->tcp), a->connect_ms);
        fputc('\n', out);
        return;
    }
    fprintf(out, _("TCP connected in %.1f ms; "), a->connect_ms);
    if (!tls) {
        char *http = report_http_line(&a->http);
        fprintf(out, "%s\n", _("no TLS (HTTP only)"));
        if (http) {
            fprintf(out, "      HTTP  %s\n", http);
            free(http);
        }
    } else if (t->status == TLS_OK) {
        fprintf(out, _("%s %s in %.1f ms"), t->version, t->cipher_suite, t->elapsed_ms);
        if (t->group)
            fprintf(out, " (%s)", t->group);
        fprintf(out, P_(", %zu certificate", ", %zu certificates", t->certs_received), t->certs_received);
        fputc('\n', out);
        char *http = report_http_line(&a->http);
        if (http) {
            fprintf(out, "      HTTP  %s\n", http);
            free(http);
        }
    } else {
        fprintf(out, _("TLS: %s after %.1f ms"), obs_tls_status_text(t->status), t->elapsed_ms);
        if (t->alert >= 0) {
            char an[48];
            obs_alert_name(t->alert, an, sizeof an);
            fprintf(out, " (%s)", an);
        } else if (t->gnutls_error)
            fprintf(out, " (%s)", gnutls_strerror(t->gnutls_error));
        fputc('\n', out);
        explain_lines(out, a, e);
    }
}

static void
dns_text(FILE *out, const struct obs_origin *o)
{
    size_t i;

    fprintf(out, "    %s", obs_dns_status_text(o->dns));
    if (o->dns != DNS_LITERAL && o->dns != DNS_OVERRIDE)
        fprintf(out, _(" in %.1f ms"), o->dns_ms);
    if (o->dns_message) {
        fputs(": ", out);
        put_net(out, o->dns_message);
    }
    fputc('\n', out);
    for (i = 0; i < o->ncnames; i++) {
        fputs("    ", out);
        put_net(out, o->cnames[i].name);
        fputs(" -> CNAME ", out);
        put_net(out, o->cnames[i].target);
        fprintf(out, " (TTL %u)\n", (unsigned)o->cnames[i].ttl);
    }
    if (o->dns == DNS_OK) {
        fputs("    ->", out);
        for (i = 0; i < o->naddrs; i++)
            fprintf(out, " %s (TTL %u)", o->addrs[i].text, (unsigned)o->addrs[i].ttl);
        fputc('\n', out);
    }
    if (o->addrs_dropped)
        fprintf(out, _("    ... %zu more addresses not probed\n"), o->addrs_dropped);
}

static void
chain_text(FILE *out, const struct diag_origin *d)
{
    const struct chain_report *c = &d->chain;
    size_t i;
    char marks[256], date[32];

    if (!c->nnodes)
        return;
    fprintf(out, _("  Certificate chain from %s, as received:\n"),
            d->obs->addrs[d->chain_addr].text);
    for (i = 0; i < c->nnodes; i++) {
        const struct chain_node *n = &c->nodes[i];
        fprintf(out, "    %zu  ", i);
        put_net(out, n->subject ? n->subject : "?");
        chain_problem_words(n->problems, marks, sizeof marks);
        if (*marks)
            fprintf(out, "  [%s]", marks);
        fputc('\n', out);
        fprintf(out, "       %s ", _("issuer"));
        put_net(out, n->issuer ? n->issuer : "?");
        fputc('\n', out);
        report_date(n->not_after, REPORT_DAY, date, sizeof date);
        fprintf(out, _("       %s, %s, valid until %s (%ld days)\n"), n->key, n->sig, date,
                n->days_left);
    }
    fprintf(out, "  %s", _("As it should be sent:"));
    for (i = 0; i < c->npath; i++)
        fprintf(out, "%s%zu", i ? " -> " : " ", c->path[i]);
    if (c->anchored) {
        fprintf(out, " -> %s ", _("trusted root"));
        put_net(out, c->anchor);
    } else {
        fprintf(out, " -> %s", _("(no trusted root)"));
    }
    fputc('\n', out);
}

static void
names_text(FILE *out, const struct diag_origin *d)
{
    const struct name_table *t = &d->names;
    size_t i;

    if (!t->checked || !d->chain.nnodes)
        return;
    fprintf(out, "  %s ", _("Name CloudFront checks:"));
    put_net(out, t->checked);
    if (t->checked_unicode) {
        fputs(" (", out);
        put_net(out, t->checked_unicode);
        fputc(')', out);
    }
    fputc('\n', out);
    for (i = 0; i < t->nrows; i++) {
        const struct name_row *r = &t->rows[i];
        char *n = sanitize(r->name);
        fprintf(out, "    %-6s ", names_kind_label(r->kind));
        report_pad(out, n, 36);
        fprintf(out, " %s  %s",
                r->kind == NAME_CN && t->has_san ? _("not used")
                : r->match                       ? _("MATCH")
                                                 : _("no match"),
                _(r->reason));
        if (r->unicode) {
            fputs("  (", out);
            put_net(out, r->unicode);
            fputc(')', out);
        }
        fputc('\n', out);
        free(n);
    }
    if (t->rows_dropped)
        fprintf(out, _("    ... %zu more names not shown\n"), t->rows_dropped);
}

static void
indent_block(FILE *out, const char *text, const char *prefix)
{
    const char *p = text, *nl;

    while (*p) {
        nl = strchr(p, '\n');
        fprintf(out, "%s%.*s\n", prefix, (int)(nl ? nl - p : (long)strlen(p)), p);
        if (!nl)
            break;
        p = nl + 1;
    }
}

static void
origin_text(FILE *out, const struct diag_origin *d)
{
    const struct obs_origin *o = d->obs;
    char *verdict = report_verdict(d), *policy = report_policy_line(&o->target);
    size_t i;

    fprintf(out, "%s:%u", o->target.name, target_port(&o->target));
    if (o->target.host_header && strcmp(o->target.host_header, o->target.name) != 0) {
        fprintf(out, "  (%s ", _("Host header"));
        put_net(out, o->target.host_header);
        fputc(')', out);
    }
    fputc('\n', out);
    fprintf(out, "  %s %s\n", diag_verdict_word(d->verdict), verdict);
    fprintf(out, "  %s\n", policy);
    free(verdict);
    free(policy);

    if (d->nfindings) {
        fprintf(out, "\n  %s\n", _("Findings:"));
        for (i = 0; i < d->nfindings; i++) {
            const struct finding *f = &d->findings[i];
            const struct finding_def *def = findings_def(f->id);
            fputs("    ", out);
            report_pad(out, findings_severity_text(def->severity), 8);
            fprintf(out, " %s  %s\n", def->id, _(def->title));
            if (f->detail)
                fprintf(out, "             %s\n", f->detail);
        }
    }
    if (d->ncandidates) {
        fprintf(out, "\n  %s\n", _("Use as Origin Domain Name instead:"));
        for (i = 0; i < d->ncandidates; i++) {
            fputs("    ", out);
            put_net(out, d->candidates[i].name);
            fprintf(out, "  (%s", _(d->candidates[i].why));
            if (d->candidates[i].zone_id) {
                fputs(_(", hosted zone "), out);
                put_net(out, d->candidates[i].zone_id);
            }
            fputs(")\n", out);
        }
    }

    if (o->account) {
        size_t nl;
        struct report_line *lines = report_account_lines(o->account, &nl);
        fprintf(out, "\n  %s\n", _("In the AWS account:"));
        for (i = 0; i < nl; i++)
            fprintf(out, "    %s%s\n", lines[i].level ? "  " : "", lines[i].text);
        report_lines_free(lines, nl);
    }

    fprintf(out, "\n  %s\n", _("DNS:"));
    dns_text(out, o);
    if (o->naddrs) {
        fprintf(out, "  %s\n", _("Connections:"));
        for (i = 0; i < o->naddrs; i++)
            addr_text(out, &o->addrs[i], target_uses_tls(&o->target), diag_explain(d, i));
    }
    chain_text(out, d);
    names_text(out, d);

    if (d->nfixes) {
        fprintf(out, "\n  %s\n", _("Fix:"));
        for (i = 0; i < d->nfixes; i++) {
            const struct fix_step *s = &d->fixes[i];
            fprintf(out, "  %zu. %s\n", i + 1, s->title);
            if (s->why)
                indent_block(out, s->why, "     ");
            if (s->commands)
                indent_block(out, s->commands, "       ");
            if (s->verify) {
                fprintf(out, "     %s\n", _("Check:"));
                indent_block(out, s->verify, "       ");
            }
        }
    }
    fputc('\n', out);
}

/* What a viewer gets for the URL, first: it is where the user started. */
static void
viewer_text(FILE *out, const struct obs_viewer *v, const struct diag_viewer *d)
{
    fputs(_("Viewer request: "), out);
    put_net(out, v->url);
    fputc('\n', out);
    fprintf(out, "  %s %s\n", d->verdict == VIEWER_OK ? "OK" : "FAIL", d->summary ? d->summary : "?");
    if (v->status) {
        fputs("  ", out);
        fprintf(out, _("%s %d from %s"), v->http_version ? v->http_version : "HTTP", v->status,
                v->address ? v->address : "?");
        if (v->server) {
            fputs(", Server: ", out);
            put_net(out, v->server);
        }
        if (v->x_cache) {
            fputs(", X-Cache: ", out);
            put_net(out, v->x_cache);
        }
        if (v->pop) {
            fputs(", POP ", out);
            put_net(out, v->pop);
        }
        fputc('\n', out);
        if (v->cf_id) {
            fprintf(out, "  %s ", _("Request ID (for AWS support):"));
            put_net(out, v->cf_id);
            fputc('\n', out);
        }
    }
    if (d->next)
        fprintf(out, "  %s\n", d->next);
    fputc('\n', out);
}

/* Which distribution, origin and behaviours a probe stands for, and the
 * origin's settings as CloudFront has them. */
static void
dist_origin_text(FILE *out, const struct distrun_dist *dd, const struct distconfig_target *t)
{
    const struct distconfig *dc = &dd->dc;
    const struct distconfig_origin *o = &dc->origins[t->origin];
    size_t k;

    fprintf(out, "%s ", _("Origin"));
    put_net(out, o->id);
    if (dc->id) {
        fprintf(out, " (%s ", _("distribution"));
        put_net(out, dc->id);
        fputc(')', out);
    }
    fprintf(out, ", %s", _("behaviours"));
    for (k = 0; k < t->nbehaviors; k++) {
        fputs(k ? ", " : " ", out);
        put_net(out, t->behaviors[k]);
    }
    fputc('\n', out);
    if (t->tls)
        fprintf(out, _("  %s, HTTPS port %u, %s minimum, connection timeout %u s x %u attempts%s\n"),
                distconfig_policy_name(o->policy), o->https_port, target_proto_name(o->min_proto),
                o->connection_timeout_s, o->connection_attempts,
                t->host_assumed ? _(" (Host forwarding unknown: one of the two ways)") : "");
    else
        fprintf(out, _("  %s, HTTP port %u (no TLS: only the TCP connection is checked)\n"),
                distconfig_policy_name(o->policy), o->http_port);
}

int
report_text_write_run(FILE *out, const struct observation *obs, const struct diagnosis *d,
                      const struct target_settings *s, const struct distrun *run)
{
    size_t i;

    fprintf(out, _("origin-doctor %s: CloudFront's view of the origin\n\n"), VERSION);
    if (obs->viewer)
        viewer_text(out, obs->viewer, &d->viewer);
    for (i = 0; run && i < run->ndists; i++)
        report_dist_text(out, &run->dists[i], d);
    for (i = 0; i < d->norigins; i++) {
        const struct distrun_dist *dd;
        const struct distconfig_target *t;
        struct diag_origin tmp;
        const struct diag_origin *o;
        if (distrun_locate(run, i, &dd, &t))
            dist_origin_text(out, dd, t);
        o = report_origin(d, i, s, &tmp);
        origin_text(out, o);
        report_origin_done(o, &tmp);
    }
    if (obs->cancelled)
        fprintf(out, "%s\n", _("Cancelled."));
    return ferror(out) ? -1 : 0;
}

static int
write_text(FILE *out, const struct observation *obs, const struct diagnosis *d,
           const struct target_settings *s)
{
    return report_text_write_run(out, obs, d, s, NULL);
}

const struct report_format report_text = {"text", "txt", write_text, report_text_write_run};
