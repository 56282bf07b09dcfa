/* The Markdown report, for a ticket: the verdict first, then the findings,
 * the evidence (DNS, connections, chain, names) and the fix with its
 * commands in code blocks.  Network text is sanitized, then escaped for
 * Markdown, so it can neither inject markup nor control the terminal of
 * whoever reads the file. */
#include "config.h"

#include <gnutls/gnutls.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "i18n.h"
#include "report.h"
#include "sanitize.h"
#include "xmalloc.h"

static void
heading(FILE *out, int level, const char *text)
{
    int i;

    fputc('\n', out);
    for (i = 0; i < level && i < 6; i++)
        fputc('#', out);
    fprintf(out, " %s\n\n", text);
}

/* Text safe in a paragraph or a table cell: Markdown's punctuation is
 * backslash-escaped, line breaks become spaces. */
static void
md_text(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        if (strchr("\\`*_[]<>#|!~&", *s))
            fputc('\\', out);
        fputc(*s == '\n' || *s == '\r' ? ' ' : *s, out);
    }
}

/* Network text: sanitized, then escaped. */
static void
md_net(FILE *out, const char *raw)
{
    char *clean = sanitize(raw ? raw : "");

    md_text(out, clean);
    free(clean);
}

/* A fenced code block whose fence is longer than any run of backticks in
 * the text, so nothing inside can end it; every line indented (inside a
 * list item). */
static void
md_code(FILE *out, const char *text, const char *lang, const char *indent)
{
    size_t run = 0, longest = 0, i;
    const char *p;

    for (p = text; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    longest = longest < 3 ? 3 : longest + 1;
    fputs(indent, out);
    for (i = 0; i < longest; i++)
        fputc('`', out);
    fprintf(out, "%s\n%s", lang, indent);
    for (p = text; *p; p++) {
        fputc(*p, out);
        if (*p == '\n')
            fputs(indent, out);
    }
    fprintf(out, "\n%s", indent);
    for (i = 0; i < longest; i++)
        fputc('`', out);
    fputc('\n', out);
}

/* A paragraph of already translated and sanitized text, each line indented. */
static void
md_para(FILE *out, const char *text, const char *indent)
{
    const char *p = text, *nl;

    while (p && *p) {
        nl = strchr(p, '\n');
        fputs(indent, out);
        while (*p && p != nl) {
            if (strchr("\\`*_[]<>#|", *p))
                fputc('\\', out);
            fputc(*p++, out);
        }
        fputs("  \n", out);
        if (!nl)
            break;
        p = nl + 1;
    }
}

static void
settings_md(FILE *out, const struct obs_origin *o)
{
    fprintf(out, "| %s | %s |\n|---|---|\n", _("Setting"), _("Value"));
    fprintf(out, "| %s | ", _("Origin Domain Name"));
    md_net(out, o->target.name);
    fprintf(out, " |\n| %s | %s |\n", _("Origin protocol policy"),
            target_policy_text(o->target.policy));
    fprintf(out, "| %s | %u |\n", _("HTTPS port"), o->target.https_port);
    fprintf(out, "| %s | %u |\n", _("HTTP port"), o->target.http_port);
    fprintf(out, "| %s | ", _("Host header forwarded"));
    if (o->target.host_header)
        md_net(out, o->target.host_header);
    else
        fputs(_("no"), out);
    fprintf(out, " |\n| %s | %s |\n", _("Minimum origin SSL protocol"),
            target_proto_name(target_min_proto(&o->target)));
    fprintf(out, "| %s | ", _("Name sent as SNI and checked"));
    md_net(out, o->sni                         ? o->sni
                : !target_uses_tls(&o->target) ? _("(none: HTTP only, no TLS)")
                                               : _("(none: an IP address)"));
    fputs(" |\n", out);
}

static void
findings_md(FILE *out, const struct diag_origin *d, int level)
{
    size_t i;

    heading(out, level, _("Findings"));
    if (!d->nfindings) {
        fprintf(out, "%s\n", _("None."));
        return;
    }
    fprintf(out, "| %s | %s | %s |\n|---|---|---|\n", _("Severity"), _("Id"), _("Finding"));
    for (i = 0; i < d->nfindings; i++) {
        const struct finding_def *def = findings_def(d->findings[i].id);
        fprintf(out, "| %s | `%s` | ", findings_severity_text(def->severity), def->id);
        md_text(out, _(def->title));
        fputs(" |\n", out);
    }
    fputc('\n', out);
    for (i = 0; i < d->nfindings; i++) {
        const struct finding *f = &d->findings[i];
        const struct finding_def *def = findings_def(f->id);
        fprintf(out, "- **`%s`** ", def->id);
        if (f->detail) {
            md_text(out, f->detail);
            fputs(". ", out);
        }
        md_text(out, _(def->text));
        if (f->addr >= 0 && (size_t)f->addr < d->obs->naddrs)
            fprintf(out, " (%s %s)", _("address"), d->obs->addrs[f->addr].text);
        fputc('\n', out);
    }
}

static void
dns_md(FILE *out, const struct obs_origin *o, int level)
{
    size_t i;

    heading(out, level, _("DNS"));
    fprintf(out, "%s", obs_dns_status_text(o->dns));
    if (o->dns != DNS_LITERAL && o->dns != DNS_OVERRIDE)
        fprintf(out, _(" in %.1f ms"), o->dns_ms);
    if (o->dns_message) {
        fputs(": ", out);
        md_net(out, o->dns_message);
    }
    fputs(".\n\n", out);
    if (o->ncnames) {
        fprintf(out, "%s\n\n", _("CNAME chain:"));
        for (i = 0; i < o->ncnames; i++) {
            fputs("- ", out);
            md_net(out, o->cnames[i].name);
            fputs(" \u2192 ", out);
            md_net(out, o->cnames[i].target);
            fprintf(out, " (CNAME, TTL %u)\n", (unsigned)o->cnames[i].ttl);
        }
        fputc('\n', out);
    }
    if (o->naddrs) {
        fprintf(out, "| %s | %s | TTL |\n|---|---|---|\n", _("Address"), _("Type"));
        for (i = 0; i < o->naddrs; i++)
            fprintf(out, "| %s | %s | %u |\n", o->addrs[i].text,
                    o->addrs[i].family == AF_INET6 ? "AAAA" : "A", (unsigned)o->addrs[i].ttl);
    }
    if (o->addrs_dropped)
        fprintf(out, _("\n%zu more addresses were not probed.\n"), o->addrs_dropped);
}

static void
conn_md(FILE *out, const struct diag_origin *d, int level)
{
    const struct obs_origin *o = d->obs;
    size_t i;

    if (!o->naddrs)
        return;
    heading(out, level, _("Connections"));
    fprintf(out, "| %s | %s | %s | %s | %s |\n|---|---|---|---|---|\n", _("Address"), _("Connect"),
            _("TLS"), _("Cipher suite"), _("Handshake"));
    for (i = 0; i < o->naddrs; i++) {
        const struct obs_addr *a = &o->addrs[i];
        const struct obs_tls *t = &a->tls;
        fprintf(out, "| %s | ", a->text);
        if (a->tcp == TCP_CONNECTED)
            fprintf(out, "%.1f ms", a->connect_ms);
        else
            fprintf(out, "%s", obs_tcp_status_text(a->tcp));
        if (!target_uses_tls(&o->target)) {
            fprintf(out, " | %s | | |\n", _("no TLS (HTTP only)"));
        } else if (t->status == TLS_OK) {
            fprintf(out, " | %s | %s | %.1f ms |\n", t->version ? t->version : "?",
                    t->cipher_suite ? t->cipher_suite : "?", t->elapsed_ms);
        } else {
            fprintf(out, " | %s", obs_tls_status_text(t->status));
            const char *why = explain_text(diag_explain(d, i));
            if (t->alert >= 0) {
                char an[48];
                obs_alert_name(t->alert, an, sizeof an);
                fprintf(out, " (%s)", an);
            }
            if (why) {
                fputs(": ", out);
                md_text(out, why);
            }
            fputs(" | | |\n", out);
        }
    }
    /* CloudFront's request after the handshake, where it was sent. */
    for (i = 0; i < o->naddrs; i++) {
        char *http = report_http_line(&o->addrs[i].http);
        if (!http)
            continue;
        fprintf(out, "\n- HTTP %s: ", o->addrs[i].text);
        md_text(out, http); /* already sanitized */
        fputc('\n', out);
        free(http);
    }
}

static void
chain_md(FILE *out, const struct diag_origin *d, int level)
{
    const struct chain_report *c = &d->chain;
    char buf[256], date[16];
    size_t i;

    if (!c->nnodes)
        return;
    heading(out, level, _("Certificate chain"));
    fprintf(out, _("As received from %s:"), d->obs->addrs[d->chain_addr].text);
    fprintf(out, "\n\n| # | %s | %s | %s | %s | %s | %s |\n|---|---|---|---|---|---|---|\n",
            _("Subject"), _("Issuer"), _("Valid until"), _("Key"), _("Signature"), _("Problems"));
    for (i = 0; i < c->nnodes; i++) {
        const struct chain_node *n = &c->nodes[i];
        report_date(n->not_after, REPORT_DAY, date, sizeof date);
        fprintf(out, "| %zu | ", i);
        md_net(out, n->subject ? n->subject : "?");
        fputs(" | ", out);
        md_net(out, n->issuer ? n->issuer : "?");
        fprintf(out, " | %s (%ld) | %s | %s | ", date, n->days_left, n->key, n->sig);
        md_text(out, chain_problem_words(n->problems, buf, sizeof buf));
        fputs(" |\n", out);
    }
    fprintf(out, "\n%s", _("As it should be sent:"));
    for (i = 0; i < c->npath; i++)
        fprintf(out, "%s#%zu", i ? " \u2192 " : " ", c->path[i]);
    if (c->anchored) {
        fprintf(out, " \u2192 %s ", _("trusted root"));
        md_net(out, c->anchor);
    } else {
        fprintf(out, " \u2192 %s", _("no trusted root"));
    }
    fputs("\n\nSHA-256:\n\n", out);
    for (i = 0; i < c->nnodes; i++)
        fprintf(out, "- #%zu `%s`\n", i, c->nodes[i].sha256);
}

static void
names_md(FILE *out, const struct diag_origin *d, int level)
{
    const struct name_table *t = &d->names;
    size_t i;

    if (!t->checked || !d->chain.nnodes)
        return;
    heading(out, level, _("Names"));
    fprintf(out, "%s ", _("Name CloudFront checks:"));
    md_net(out, t->checked);
    fprintf(out, " (%s)\n\n", t->match ? _("covered") : _("not covered"));
    fprintf(out, "| %s | %s | %s | %s |\n|---|---|---|---|\n", _("Match"), _("Kind"), _("Name"),
            _("Reason"));
    for (i = 0; i < t->nrows; i++) {
        const struct name_row *r = &t->rows[i];
        fprintf(out, "| %s | %s | ", r->match ? _("yes") : _("no"), names_kind_label(r->kind));
        md_net(out, r->name);
        fputs(" | ", out);
        md_text(out, r->reason ? _(r->reason) : "");
        fputs(" |\n", out);
    }
    if (t->rows_dropped)
        fprintf(out, _("\n%zu more names are not listed.\n"), t->rows_dropped);
}

static void
fixes_md(FILE *out, const struct diag_origin *d, int level)
{
    size_t i;

    if (d->ncandidates) {
        heading(out, level, _("Use as Origin Domain Name instead"));
        for (i = 0; i < d->ncandidates; i++) {
            fputs("- ", out);
            md_net(out, d->candidates[i].name);
            if (d->candidates[i].why)
                fprintf(out, " (%s)", _(d->candidates[i].why));
            if (d->candidates[i].zone_id) {
                fputs(_(", hosted zone "), out);
                md_net(out, d->candidates[i].zone_id);
            }
            fputc('\n', out);
        }
    }
    if (d->obs->account) {
        size_t nl;
        struct report_line *lines = report_account_lines(d->obs->account, &nl);
        heading(out, level, _("In the AWS account"));
        for (i = 0; i < nl; i++) {
            fputs(lines[i].level ? "  - " : "- ", out);
            md_text(out, lines[i].text);
            fputc('\n', out);
        }
        report_lines_free(lines, nl);
    }
    if (!d->nfixes)
        return;
    heading(out, level, _("Fix"));
    for (i = 0; i < d->nfixes; i++) {
        const struct fix_step *f = &d->fixes[i];
        fprintf(out, "%zu. **", i + 1);
        md_text(out, f->title);
        fputs("**\n\n", out);
        if (f->why) {
            md_para(out, f->why, "   ");
            fputc('\n', out);
        }
        if (f->commands) {
            md_code(out, f->commands, "sh", "   "); /* part of the list item */
            fputc('\n', out);
        }
        if (f->verify) {
            fprintf(out, "   %s\n\n", _("Check that it worked:"));
            md_para(out, f->verify, "   ");
            fputc('\n', out);
        }
    }
}

static void
origin_md(FILE *out, const struct diag_origin *d, int level)
{
    const struct obs_origin *o = d->obs;
    char *title = xasprintf("%s:%u", o->target.name, target_port(&o->target)), *verdict;
    char *policy = report_policy_line(&o->target);

    fputc('\n', out);
    {
        int i;
        for (i = 0; i < level && i < 6; i++)
            fputc('#', out);
    }
    fputc(' ', out);
    md_net(out, title);
    fputs("\n\n", out);
    free(title);
    verdict = report_verdict(d);
    fprintf(out, "**%s %s: ",
            d->verdict == VERDICT_OK     ? "\u2713"
            : d->verdict == VERDICT_FAIL ? "\u2717"
                                         : "?",
            diag_verdict_word(d->verdict));
    md_text(out, verdict);
    fputs("**\n\n", out);
    free(verdict);
    md_text(out, policy);
    fputs("\n\n", out);
    free(policy);
    settings_md(out, o);
    findings_md(out, d, level + 1);
    fixes_md(out, d, level + 1);
    dns_md(out, o, level + 1);
    conn_md(out, d, level + 1);
    chain_md(out, d, level + 1);
    names_md(out, d, level + 1);
}

int
report_md_write(FILE *out, const struct observation *obs, const struct diagnosis *d,
                const struct target_settings *s, const char *title, int level)
{
    char when[64], at[64];
    time_t started = (time_t)obs->started;
    size_t i;

    if (level < 1)
        level = 1;
    heading(out, level, title);
    report_date(started, REPORT_SECONDS, when, sizeof when);
    report_date(d->now, REPORT_SECONDS, at, sizeof at);
    /* TRANSLATORS: version, the time of the probe, the time certificates
     * were judged at. */
    fprintf(out,
            _("origin-doctor %s probed at %s (certificates judged at %s), the way CloudFront "
              "connects to a custom origin.\n\n"),
            VERSION, when, at);
    fprintf(out, "| %s | %s |\n|---|---|\n", _("Origin"), _("Verdict"));
    for (i = 0; i < d->norigins; i++) {
        char *v = report_verdict(&d->origins[i]);
        fputs("| ", out);
        md_net(out, d->origins[i].obs->target.name);
        fprintf(out, ":%u | %s ", target_port(&d->origins[i].obs->target),
                d->origins[i].ok                           ? "\u2713"
                : d->origins[i].verdict == VERDICT_UNKNOWN ? "?"
                                                           : "\u2717");
        md_text(out, v);
        fputs(" |\n", out);
        free(v);
    }
    if (obs->cancelled)
        fprintf(out, "\n%s\n", _("The run was cancelled before it finished."));
    for (i = 0; i < d->norigins; i++) {
        struct diag_origin tmp;
        const struct diag_origin *o = report_origin(d, i, s, &tmp);
        origin_md(out, o, level + 1);
        report_origin_done(o, &tmp);
    }
    return ferror(out) ? -1 : 0;
}

static int
write_md(FILE *out, const struct observation *obs, const struct diagnosis *d,
         const struct target_settings *s)
{
    return report_md_write(out, obs, d, s, _("origin-doctor report"), 1);
}

const struct report_format report_markdown = {"markdown", "md", write_md, NULL};
