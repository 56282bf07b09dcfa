#include "config.h"

#include <gnutls/gnutls.h>
#include <stdlib.h>
#include <string.h>

#include "cert.h"
#include "i18n.h"
#include "report.h"
#include "sanitize.h"
#include "xmalloc.h"

/* Print network text safely. */
static void
put_net(FILE *out, const char *s)
{
    char *clean = sanitize(s);
    fputs(clean, out);
    free(clean);
}

static void
explain_text(FILE *out, const struct obs_addr *a, enum target_proto min)
{
    const struct obs_explain *x = &a->explain;
    int v;

    switch (obs_explain_summary(a, min)) {
    case EXPLAIN_NOT_TLS:
        fprintf(out, "      %s", _("This is not a TLS server. It answered: "));
        {
            size_t n = a->tls.nfirst_bytes < 40 ? a->tls.nfirst_bytes : 40;
            char *fb = sanitize_n(a->tls.first_bytes, n);
            fprintf(out, "\"%s\"%s\n", fb, n < a->tls.nfirst_bytes ? "..." : "");
            free(fb);
        }
        break;
    case EXPLAIN_CLIENT_CERT:
        fprintf(out, "      %s\n",
                _("The server demands a client certificate; CloudFront sends none."));
        break;
    case EXPLAIN_ONLY_TLS13:
        fprintf(out, "      %s\n",
                _("The server speaks only TLS 1.3, which CloudFront does not use toward origins."));
        break;
    case EXPLAIN_NO_COMMON_VERSION:
        fprintf(out, "      %s\n",
                _("The server accepts none of the protocol versions CloudFront offers."));
        break;
    case EXPLAIN_NO_COMMON_CIPHER:
        fprintf(out, _("      The server has no cipher suite in common with CloudFront (given any suite, it picks %s).\n"),
                x->any_cipher_suite ? x->any_cipher_suite : "?");
        break;
    case EXPLAIN_NONE:
        break;
    }
    if (!x->ran)
        return;
    fprintf(out, "      %s", _("Versions the server accepts:"));
    for (v = 0; v < OBS_VERSION_COUNT; v++)
        fprintf(out, " %s %s", obs_version_name((enum obs_version)v),
                x->version_ok[v] == 1   ? _("yes")
                : x->version_ok[v] == 0 ? _("no")
                                        : "?");
    fputc('\n', out);
}

static void
certs_text(FILE *out, const struct obs_tls *t)
{
    size_t i;

    if (!t->certs_received)
        return;
    fprintf(out, _("      certificates as received (%zu):\n"), t->certs_received);
    for (i = 0; i < t->ncerts; i++) {
        char *s = cert_subject(t->certs[i].der, t->certs[i].size);
        char *is = cert_issuer(t->certs[i].der, t->certs[i].size);
        fprintf(out, "        %zu  ", i);
        if (s)
            put_net(out, s);
        else
            fputs(t->certs[i].der ? _("(unparsable certificate)") : _("(certificate too large)"), out);
        if (is) {
            fprintf(out, "\n           %s ", _("issued by"));
            put_net(out, is);
        }
        fputc('\n', out);
        free(s);
        free(is);
    }
    if (t->ncerts < t->certs_received)
        fprintf(out, _("        ... %zu more not kept\n"), t->certs_received - t->ncerts);
}

static void
addr_text(FILE *out, const struct obs_addr *a, enum target_proto min)
{
    const struct obs_tls *t = &a->tls;

    fprintf(out, "  %s  ", a->text);
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
    if (t->status == TLS_OK) {
        fprintf(out, _("%s %s in %.1f ms"), t->version, t->cipher_suite, t->elapsed_ms);
        if (t->group)
            fprintf(out, " (%s)", t->group);
        fputc('\n', out);
        if (!t->suite_in_profile)
            fprintf(out, "      %s\n", _("(the negotiated suite is not one CloudFront offers)"));
    } else {
        fprintf(out, _("TLS: %s after %.1f ms"), obs_tls_status_text(t->status), t->elapsed_ms);
        if (t->alert >= 0)
            fprintf(out, " (%s)", gnutls_alert_get_name(t->alert));
        else if (t->gnutls_error)
            fprintf(out, " (%s)", gnutls_strerror(t->gnutls_error));
        fputc('\n', out);
        explain_text(out, a, min);
    }
    certs_text(out, t);
}

static void
origin_text(FILE *out, const struct obs_origin *o, enum target_proto min)
{
    size_t i, probed = 0, ok = 0;

    fprintf(out, "%s:%u", o->target.name, o->target.port);
    if (o->sni) {
        fprintf(out, "  (SNI ");
        put_net(out, o->sni);
        fputc(')', out);
    }
    fputc('\n', out);
    fprintf(out, "  DNS  %s", obs_dns_status_text(o->dns));
    if (o->dns != DNS_LITERAL && o->dns != DNS_OVERRIDE)
        fprintf(out, _(" in %.1f ms"), o->dns_ms);
    if (o->dns_message) {
        fputs(": ", out);
        put_net(out, o->dns_message);
    }
    fputc('\n', out);
    for (i = 0; i < o->ncnames; i++) {
        fputs("       ", out);
        put_net(out, o->cnames[i].name);
        fputs(" CNAME ", out);
        put_net(out, o->cnames[i].target);
        fprintf(out, " (TTL %u)\n", (unsigned)o->cnames[i].ttl);
    }
    for (i = 0; i < o->naddrs; i++) {
        if (o->dns == DNS_OK)
            fprintf(out, "       %s (TTL %u)\n", o->addrs[i].text, (unsigned)o->addrs[i].ttl);
    }
    if (o->addrs_dropped)
        fprintf(out, _("       ... %zu more addresses not probed\n"), o->addrs_dropped);
    for (i = 0; i < o->naddrs; i++) {
        addr_text(out, &o->addrs[i], min);
        if (o->addrs[i].probed) {
            probed++;
            ok += o->addrs[i].tls.status == TLS_OK;
        }
    }
    if (probed)
        fprintf(out, _("  %zu of %zu addresses completed CloudFront's handshake.\n"), ok, probed);
    else
        fprintf(out, "  %s\n", _("No address to connect to."));
    fputc('\n', out);
}

static int
write_text(FILE *out, const struct observation *obs, const struct target_settings *s)
{
    size_t i;

    fprintf(out, _("origin-doctor %s: CloudFront's handshake (%s minimum, TLS 1.2 maximum)\n\n"),
            VERSION, target_proto_name(s->min_proto));
    for (i = 0; i < obs->norigins; i++)
        origin_text(out, &obs->origins[i], s->min_proto);
    if (obs->cancelled)
        fprintf(out, "%s\n", _("Cancelled."));
    return ferror(out) ? -1 : 0;
}

const struct report_format report_text = {"text", write_text};
