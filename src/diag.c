/* diagnose(): observation + trust store + now -> findings and evidence.
 * Pure: no I/O, no clock.  The fix guides are built on top (analyse.c). */
#include "config.h"

#include <arpa/inet.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cert.h"
#include "account.h"
#include "diag.h"
#include "http.h"
#include "viewer.h"
#include "i18n.h"
#include "sanitize.h"
#include "validate.h"
#include "chainfile.h"
#include "xmalloc.h"

static void
add(struct diag_origin *d, enum finding_id id, int addr, char *detail)
{
    size_t i;

    /* One finding per id and address. */
    for (i = 0; i < d->nfindings; i++)
        if (d->findings[i].id == id && d->findings[i].addr == addr) {
            free(detail);
            return;
        }
    d->findings = xreallocarray(d->findings, d->nfindings + 1, sizeof *d->findings);
    d->findings[d->nfindings].id = id;
    d->findings[d->nfindings].addr = addr;
    d->findings[d->nfindings].detail = detail;
    d->nfindings++;
}

static void
dns_findings(struct diag_origin *d)
{
    const struct obs_origin *o = d->obs;
    char *name = sanitize(o->target.name), *msg = NULL;

    switch (o->dns) {
    case DNS_NXDOMAIN:
        add(d, F_DNS_NXDOMAIN, -1, xasprintf(_("%s does not exist (NXDOMAIN)"), name));
        break;
    case DNS_NODATA:
        add(d, F_DNS_NO_ADDRESS, -1, xasprintf(_("%s has no A or AAAA record"), name));
        break;
    case DNS_SERVFAIL:
    case DNS_REFUSED:
    case DNS_TIMEOUT:
    case DNS_ERROR:
        add(d, F_DNS_FAILURE, -1,
            o->dns_message && o->dns == DNS_ERROR
                ? xasprintf(_("%s could not be resolved: %s (%s)"), name,
                            obs_dns_status_text(o->dns), msg = sanitize(o->dns_message))
                : xasprintf(_("%s could not be resolved: %s"), name, obs_dns_status_text(o->dns)));
        free(msg);
        break;
    default:
        if (o->naddrs == 0 && o->dns == DNS_OK)
            add(d, F_DNS_NO_ADDRESS, -1, xasprintf(_("%s has no address"), name));
        break;
    }
    free(name);
}

static void
address_findings(struct diag_origin *d, size_t i, const struct target_settings *s)
{
    const struct target *t = &d->obs->target;
    enum target_proto min = target_min_proto(t);
    const struct obs_addr *a = &d->obs->addrs[i];
    int ai = (int)i;

    if (!a->probed)
        return;
    /* Loopback, RFC 1918, link-local, CGNAT, ULA (IPv4-mapped too):
     * CloudFront cannot get there. */
    if (obs_addr_class(a) == ADDR_PRIVATE && !s->private_ok)
        add(d, F_NET_PRIVATE, ai, xasprintf(_("%s is a private or loopback address"), a->text));
    if (obs_addr_unconnectable(a)) {
        /* TRANSLATORS: the second %s is the kind of address, "the broadcast address". */
        add(d, F_TCP_UNREACHABLE, ai,
            xasprintf(_("%s is %s: nobody can connect to it (origin-doctor did not try)"), a->text,
                      obs_addr_class_text(obs_addr_class(a))));
        return;
    }
    switch (a->tcp) {
    case TCP_REFUSED:
        add(d, F_TCP_REFUSED, ai,
            xasprintf(_("%s refused the connection to port %u"), a->text, target_port(t)));
        return;
    case TCP_TIMEOUT:
        /* The account says the port admits CloudFront's addresses only:
         * this machine was kept out by design, which says nothing about
         * what CloudFront gets (unknown, never a pass). */
        if (d->obs->account && d->obs->account->access == ACCESS_CLOUDFRONT_ONLY &&
            d->obs->account->port == target_port(t)) {
            add(d, F_TCP_CLOUDFRONT_ONLY, ai,
                xasprintf(_("%s did not answer on port %u within %.0f ms, and security group %s "
                            "admits that port from CloudFront's prefix list %s only: this "
                            "machine is not CloudFront"),
                          a->text, target_port(t), a->connect_ms,
                          d->obs->account->access_sg ? d->obs->account->access_sg : "?",
                          d->obs->account->prefix_list_id ? d->obs->account->prefix_list_id : "?"));
            return;
        }
        add(d, F_TCP_TIMEOUT, ai,
            xasprintf(_("%s did not answer on port %u within %.0f ms"), a->text, target_port(t),
                      a->connect_ms));
        return;
    case TCP_UNREACHABLE:
    case TCP_ERROR:
        add(d, F_TCP_UNREACHABLE, ai, xasprintf(_("%s: %s"), a->text, obs_tcp_status_text(a->tcp)));
        return;
    default:
        break;
    }
    /* http-only: the TCP connection is all CloudFront makes; no TLS. */
    if (!target_uses_tls(t) || a->tcp != TCP_CONNECTED || a->tls.status == TLS_OK ||
        a->tls.status == TLS_CANCELLED)
        return;
    switch (d->explain[i]) {
    case EXPLAIN_NOT_TLS: {
        size_t n = a->tls.nfirst_bytes < 24 ? a->tls.nfirst_bytes : 24;
        char *fb = sanitize_n(a->tls.first_bytes, n);
        add(d, F_TLS_NOT_TLS, ai,
            xasprintf(_("%s answered \"%s\" instead of a TLS handshake"), a->text, fb));
        free(fb);
        return;
    }
    case EXPLAIN_CLIENT_CERT:
        add(d, F_TLS_CLIENT_CERT, ai, xasprintf(_("%s asked for a client certificate"), a->text));
        return;
    case EXPLAIN_ONLY_TLS13:
        add(d, F_TLS_PROTOCOL, ai,
            xasprintf(_("%s speaks only TLS 1.3, which CloudFront does not use toward origins"),
                      a->text));
        return;
    case EXPLAIN_NO_COMMON_VERSION: {
        char spoken[64] = "";
        int v;
        for (v = 0; v < OBS_VERSION_COUNT; v++)
            if (a->explain.version_ok[v] == 1) {
                strcat(spoken, *spoken ? ", " : "");
                strcat(spoken, obs_version_name((enum obs_version)v));
            }
        add(d, F_TLS_PROTOCOL, ai,
            xasprintf(_("%s speaks only %s; CloudFront offers %s up to TLS1.2"), a->text, spoken,
                      target_proto_name(min)));
        return;
    }
    case EXPLAIN_NO_COMMON_CIPHER:
        add(d, F_TLS_CIPHER, ai,
            xasprintf(_("%s has no suite CloudFront offers (given any suite it picks %s)"), a->text,
                      a->explain.any_cipher_suite ? a->explain.any_cipher_suite : "?"));
        return;
    case EXPLAIN_CERT_KEY:
        add(d, F_CERT_KEY, ai,
            xasprintf(_("%s completes a handshake only with signature algorithms or groups "
                        "CloudFront does not offer (its certificate's key)"),
                      a->text));
        return;
    case EXPLAIN_NONE:
        break;
    }
    if (a->tls.status == TLS_OVERSIZED) {
        add(d, F_TLS_OVERSIZED, ai,
            xasprintf(_("%s sent more than %d KiB before its handshake was done; origin-doctor "
                        "stopped reading there"),
                      a->text, OBS_MAX_HANDSHAKE / 1024));
        return;
    }
    if (a->tls.status == TLS_TIMEOUT) {
        add(d, F_TLS_TIMEOUT, ai,
            xasprintf(_("%s accepted the connection but did not finish the handshake in %.0f ms"),
                      a->text, a->tls.elapsed_ms));
        return;
    }
    if (a->tls.alert >= 0) {
        char an[48];
        obs_alert_name(a->tls.alert, an, sizeof an);
        add(d, F_TLS_HANDSHAKE, ai,
            xasprintf(_("%s: %s (alert: %s)"), a->text, obs_tls_status_text(a->tls.status), an));
    } else if (a->tls.gnutls_error)
        add(d, F_TLS_HANDSHAKE, ai,
            xasprintf(_("%s: %s (%s)"), a->text, obs_tls_status_text(a->tls.status),
                      gnutls_strerror(a->tls.gnutls_error)));
    else
        add(d, F_TLS_HANDSHAKE, ai,
            xasprintf(_("%s: %s"), a->text, obs_tls_status_text(a->tls.status)));
}

/* After the handshake: CloudFront's request on the same connection. */
static void
http_findings(struct diag_origin *d, size_t i)
{
    const struct obs_addr *a = &d->obs->addrs[i];
    const struct obs_http *h = &a->http;
    int ai = (int)i;
    char *path, *text;

    /* http-only: the request follows the TCP connection, no handshake. */
    if (!a->probed || a->tcp != TCP_CONNECTED ||
        (target_uses_tls(&d->obs->target) && a->tls.status != TLS_OK))
        return;
    path = sanitize(h->path ? h->path : "/");
    switch (h->status) {
    case HTTP_TIMEOUT:
        if (h->bytes_read)
            add(d, F_HTTP_TIMEOUT, ai,
                xasprintf(_("%s sent %zu bytes of an answer to GET %s, then nothing for the read "
                            "timeout (%.0f s)"),
                          a->text, h->bytes_read, path, h->timeout_ms / 1000.0));
        else
            add(d, F_HTTP_TIMEOUT, ai,
                xasprintf(_("%s did not answer GET %s within the read timeout (%.0f s)"), a->text,
                          path, h->timeout_ms / 1000.0));
        break;
    case HTTP_CLOSED:
        add(d, F_HTTP_CLOSED, ai,
            h->bytes_read
                ? xasprintf(_("%s closed the connection %.0f ms after GET %s, %zu bytes into an "
                              "incomplete answer"),
                            a->text, h->elapsed_ms, path, h->bytes_read)
                : xasprintf(_("%s closed the connection %.0f ms after GET %s without answering"),
                            a->text, h->elapsed_ms, path));
        break;
    case HTTP_MALFORMED: {
        size_t n = h->nfirst_bytes < 24 ? h->nfirst_bytes : 24;
        text = sanitize_n(h->first_bytes, n);
        add(d, F_HTTP_MALFORMED, ai,
            xasprintf(_("%s answered \"%s\" to GET %s, which is not an HTTP response (%s)"),
                      a->text, text, path, h->parser_error ? h->parser_error : "?"));
        free(text);
        break;
    }
    case HTTP_OVERSIZED:
        add(d, F_HTTP_MALFORMED, ai,
            xasprintf(_("%s sent a response head of more than %d KiB to GET %s; origin-doctor "
                        "stopped reading there"),
                      a->text, HTTP_MAX_HEAD / 1024, path));
        break;
    case HTTP_OK:
        if (h->code >= 500) {
            text = sanitize(h->server ? h->server : "");
            add(d, F_HTTP_ORIGIN_ERROR, ai,
                *text ? xasprintf(_("%s answered %d to GET %s (Server: %s)"), a->text, h->code,
                                  path, text)
                      : xasprintf(_("%s answered %d to GET %s"), a->text, h->code, path));
            free(text);
        }
        break;
    default:
        break;
    }
    free(path);
}

/* Findings from one address's chain; addr is -1 when every address sent it. */
static void
chain_findings(struct diag_origin *d, const struct chain_report *c, const struct obs_tls *t,
               int addr)
{
    size_t i;

    for (i = 0; i < c->nnodes; i++) {
        const struct chain_node *n = &c->nodes[i];
        char *subj = sanitize(n->subject ? n->subject : "?");
        bool leaf = i == 0;

        if (leaf && (n->problems & CHAIN_P_EXPIRED))
            add(d, F_CERT_EXPIRED, addr,
                xasprintf(_("the certificate %s expired %ld days ago"), subj, -n->days_left));
        if (leaf && (n->problems & CHAIN_P_NOT_YET_VALID))
            add(d, F_CERT_NOT_YET_VALID, addr,
                xasprintf(_("the certificate %s is not valid yet"), subj));
        if (leaf && (n->problems & CHAIN_P_EXPIRING))
            add(d, F_CERT_EXPIRING, addr,
                xasprintf(_("the certificate %s expires in %ld days"), subj, n->days_left));
        if (!leaf && (n->problems & (CHAIN_P_EXPIRED | CHAIN_P_NOT_YET_VALID)) &&
            !(n->problems & CHAIN_P_UNRELATED))
            add(d, F_CHAIN_EXPIRED, addr,
                xasprintf((n->problems & CHAIN_P_EXPIRED) ? _("%s (position %zu) has expired")
                                                          : _("%s (position %zu) is not valid yet"),
                          subj, i));
        if (n->problems & CHAIN_P_SELF_SIGNED)
            add(d, F_CERT_SELF_SIGNED, addr, xasprintf(_("%s is self-signed"), subj));
        if (leaf && (n->problems & (CHAIN_P_BAD_KEY | CHAIN_P_BAD_SIG)))
            add(d, F_CERT_KEY, addr,
                xasprintf(_("%s has a %s key signed with %s"), subj, n->key, n->sig));
        else if (!leaf && (n->problems & CHAIN_P_BAD_SIG) && !(n->problems & CHAIN_P_UNRELATED))
            add(d, F_CERT_KEY, addr,
                xasprintf(_("%s (position %zu) is signed with %s, which CloudFront does not offer"),
                          subj, i, n->sig));
        if (!leaf && i < t->ncerts && !t->certs[i].der)
            add(d, F_CHAIN_UNCHECKED, addr,
                xasprintf(_("the certificate at position %zu is %zu bytes, more than the %d "
                            "origin-doctor keeps: the chain was not checked past it"),
                          i, t->certs[i].size, OBS_MAX_CERT_SIZE));
        else if (!leaf && (n->problems & CHAIN_P_UNPARSABLE))
            add(d, F_CHAIN_INCOMPLETE, addr,
                xasprintf(_("the certificate at position %zu cannot be parsed, so the chain "
                            "breaks there"),
                          i));

        if (n->problems & CHAIN_P_UNTRUSTED)
            add(d, F_CERT_UNTRUSTED, addr,
                xasprintf(_("the chain ends at %s, which is not in the trust store"), subj));
        if (n->problems & CHAIN_P_NO_ISSUER) {
            char *iss = sanitize(n->issuer ? n->issuer : "?");
            add(d, F_CHAIN_INCOMPLETE, addr,
                xasprintf(_("the issuer of %s (%s) was not sent and is not a trusted root"), subj,
                          iss));
            free(iss);
        }
        if (n->problems & CHAIN_P_ROOT)
            add(d, F_CHAIN_ROOT, addr, xasprintf(_("the server sends the root %s"), subj));
        if ((n->problems & CHAIN_P_UNRELATED) && !(n->problems & CHAIN_P_UNPARSABLE))
            add(d, F_CHAIN_EXTRA, addr,
                xasprintf(_("%s (position %zu) is not on the path from the leaf"), subj, i));
        free(subj);
    }
    if (c->cut && t->certs_received > t->ncerts)
        add(d, F_CHAIN_UNCHECKED, addr,
            xasprintf(_("the server sent %zu certificates; origin-doctor keeps the first %zu, and "
                        "the path from the leaf leaves them without reaching a trusted root"),
                      t->certs_received, t->ncerts));
    if (!c->in_order && c->npath > 1) {
        char order[128] = "";
        size_t k;
        for (k = 0; k < c->npath && strlen(order) < 100; k++)
            snprintf(order + strlen(order), sizeof order - strlen(order), "%s%zu", k ? ", " : "",
                     c->path[k]);
        add(d, F_CHAIN_ORDER, addr,
            xasprintf(_("the certificates should be sent in the order %s (positions as received)"),
                      order));
    }
}

static void
name_findings(struct diag_origin *d, const struct name_table *t, int addr)
{
    char *checked = sanitize(t->checked);

    if (!t->match) {
        char names[256] = "";
        size_t i;
        for (i = 0; i < t->nrows && strlen(names) < 200; i++) {
            char *n;
            if (t->has_san && t->rows[i].kind == NAME_CN)
                continue;
            n = sanitize(t->rows[i].name);
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                     *names ? ", " : "", n);
            free(n);
        }
        add(d, F_CERT_NAME_MISMATCH, addr,
            xasprintf(_("the certificate does not cover %s; it covers %s"), checked,
                      *names ? names : _("no name")));
    } else if (t->cn_only_match) {
        add(d, F_CERT_CN_ONLY, addr,
            xasprintf(_("%s matches only the Common Name; the certificate has no SAN"), checked));
    }
    free(checked);
}

static bool
same_addresses(const struct obs_origin *a, const struct obs_origin *b)
{
    size_t i, j, common = 0;

    for (i = 0; i < a->naddrs; i++)
        for (j = 0; j < b->naddrs; j++)
            if (strcmp(a->addrs[i].text, b->addrs[j].text) == 0)
                common++;
    return common > 0 && common == a->naddrs && common == b->naddrs;
}

/* Does lookup l lead to the origin: a CNAME to the origin name or to any
 * name in the origin's own CNAME chain? */
static bool
points_to(const struct obs_origin *l, const struct obs_origin *o)
{
    size_t i, j;

    for (i = 0; i < l->ncnames; i++) {
        const char *t = l->cnames[i].target;
        const char *tn = strncasecmp(t, "dualstack.", 10) == 0 ? t + 10 : t;
        if (strcasecmp(tn, o->target.name) == 0)
            return true;
        for (j = 0; j < o->ncnames; j++)
            if (strcasecmp(t, o->cnames[j].target) == 0)
                return true;
    }
    return false;
}

/* A suggested origin; the same name twice keeps the better reason. */
static void
add_candidate(struct diag_origin *d, const char *name, const char *why, int score,
              const char *source, const char *zone_id)
{
    struct candidate *c;
    size_t i;

    for (i = 0; i < d->ncandidates; i++)
        if (strcasecmp(d->candidates[i].name, name) == 0) {
            if (d->candidates[i].score >= score)
                return;
            c = &d->candidates[i];
            free(c->zone_id);
            goto set;
        }
    d->candidates = xreallocarray(d->candidates, d->ncandidates + 1, sizeof *d->candidates);
    c = &d->candidates[d->ncandidates++];
    c->name = xstrdup(name);
set:
    c->why = why;
    c->score = score;
    c->source = source;
    c->zone_id = zone_id ? xstrdup(zone_id) : NULL;
}

static void
find_candidates(struct diag_origin *d)
{
    const struct obs_origin *o = d->obs;
    size_t i;

    /* The account's Route 53 records that point at the load balancer come
     * first: they are known, not inferred from addresses. */
    if (o->account)
        for (i = 0; i < o->account->nrecords; i++) {
            const struct account_record *r = &o->account->records[i];
            bool issued = false;
            size_t k;
            /* One with an ISSUED certificate in the Region first: then no
             * new certificate is needed. */
            for (k = 0; k < o->account->ncovers; k++)
                issued = issued || (o->account->covers[k].arn &&
                                    strcasecmp(o->account->covers[k].name, r->name) == 0);
            if (r->name[0] != '*')
                add_candidate(d, r->name,
                              r->alias ? N_("a Route 53 alias record to the load balancer")
                                       : N_("a Route 53 CNAME record to the load balancer"),
                              issued ? 4 : 3, "route53", r->zone_id);
        }

    for (i = 0; i < o->nlookups; i++) {
        const struct obs_origin *l = &o->lookups[i];
        const char *why = NULL;
        int score = 0;

        if (points_to(l, o)) {
            why = N_("a CNAME to the origin's name");
            score = 2;
        } else if (l->naddrs && same_addresses(l, o)) {
            why = N_("resolves to the same addresses");
            score = 1;
        }
        if (!why)
            continue;
        add_candidate(d, l->target.name, why, score, "dns", NULL);
    }
    /* Best first, stable: insertion sort on score. */
    for (i = 1; i < d->ncandidates; i++) {
        struct candidate c = d->candidates[i];
        size_t j = i;
        while (j > 0 && d->candidates[j - 1].score < c.score) {
            d->candidates[j] = d->candidates[j - 1];
            j--;
        }
        d->candidates[j] = c;
    }
}

/* When the security groups kept this machine out (tcp.cloudfront_only),
 * judge what the account shows instead, and only what it shows for
 * certain: a plain-HTTP listener on the port, or listener certificates
 * (every one described in ACM) none of which covers the name CloudFront
 * checks, or the certificate that would be chosen past its end.  Anything
 * else stays unknown. */
static bool
has_id(const struct diag_origin *d, enum finding_id id)
{
    size_t i;
    for (i = 0; i < d->nfindings; i++)
        if (d->findings[i].id == id)
            return true;
    return false;
}

static void
account_judgement(struct diag_origin *d, time_t now)
{
    const struct account_origin *a = d->obs->account;
    const char *checked = target_checked_name(&d->obs->target);
    const struct account_cert *pick = NULL;
    size_t i, k;
    char *n;

    if (!a || !has_id(d, F_TCP_CLOUDFRONT_ONLY) || !a->listener_found || !a->listener_protocol ||
        !checked)
        return;
    if (strcmp(a->listener_protocol, "HTTP") == 0) {
        add(d, F_TLS_NOT_TLS, -1,
            xasprintf(_("the account says the listener on port %u is HTTP, not HTTPS: "
                        "CloudFront's handshake fails there"),
                      a->port));
        return;
    }
    if (strcmp(a->listener_protocol, "HTTPS") != 0 || !a->certs_read || a->ncerts == 0)
        return;
    for (i = 0; i < a->ncerts; i++)
        if (!a->certs[i].described)
            return; /* a name we do not know might cover it */
    /* SNI picks the certificate that covers the name, else the default. */
    for (i = 0; i < a->ncerts && !pick; i++)
        for (k = 0; k < a->certs[i].nnames && !pick; k++)
            if (names_match(a->certs[i].names[k], checked, NULL))
                pick = &a->certs[i];
    n = sanitize(checked);
    if (!pick)
        add(d, F_CERT_NAME_MISMATCH, -1,
            xasprintf(_("the account says none of the %zu certificates of the listener on port "
                        "%u covers %s"),
                      a->ncerts, a->port, n));
    else if (pick->not_after && pick->not_after < (int64_t)now)
        add(d, F_CERT_EXPIRED, -1,
            xasprintf(_("the account says the listener's certificate for %s expired"), n));
    free(n);
}

/* The load balancer's rules (an Application Load Balancer's HTTPS
 * listener, read from the account): when every rule but the default routes
 * by Host and none matches the Host CloudFront sends (the forwarded Host,
 * else the origin's name), the default action answers every request
 * CloudFront makes.  A rule without a host condition, or with a regular
 * expression one, might match: then nothing is claimed, nor without the
 * account.  ELB matches host conditions in any case with the wildcards *
 * and ? (account_host_rule_match). */
static void
lb_rules_judgement(struct diag_origin *d)
{
    const struct account_origin *a = d->obs->account;
    const struct target *t = &d->obs->target;
    const char *host = t->host_header ? t->host_header : t->name;
    const struct account_rule *def = NULL;
    size_t i, k, nhosts = 0, shown = 0;
    char *list = NULL, *action, *evidence = NULL, *h, *tmp;

    if (!a || !a->rules_read || !a->listener_found || !host || !*host)
        return;
    for (i = 0; i < a->nrules; i++) {
        const struct account_rule *r = &a->rules[i];
        if (r->is_default) {
            def = r;
            continue;
        }
        if (!r->by_host || r->host_regex)
            return;
        for (k = 0; k < r->nhosts; k++)
            if (account_host_rule_match(r->hosts[k], host))
                return;
        nhosts += r->nhosts;
    }
    if (!def || nhosts == 0)
        return;
    /* The names the rules wait for, the first few. */
    for (i = 0; i < a->nrules; i++)
        for (k = 0; !a->rules[i].is_default && k < a->rules[i].nhosts; k++) {
            if (shown == 4) {
                tmp = xasprintf(_("%s and %zu more"), list, nhosts - shown);
                free(list);
                list = tmp;
                shown++;
            }
            if (shown >= 4)
                continue;
            h = sanitize(a->rules[i].hosts[k]);
            tmp = xasprintf("%s%s%s", list ? list : "", list ? ", " : "", h);
            free(h);
            free(list);
            list = tmp;
            shown++;
        }
    if (def->action && strcmp(def->action, "fixed-response") == 0 && def->status)
        action = xasprintf(_("a fixed response %d"), def->status);
    else if (def->action && strcmp(def->action, "redirect") == 0)
        action =
            def->status ? xasprintf(_("a redirect %d"), def->status) : xstrdup(_("a redirect"));
    else if (def->action && strcmp(def->action, "forward") == 0 && def->target_group) {
        /* arn:...:targetgroup/NAME/ID: the name says which. */
        const char *n = strstr(def->target_group, ":targetgroup/");
        char *tg = n ? xstrndup(n + 13, strcspn(n + 13, "/")) : xstrdup(def->target_group);
        char *stg = sanitize(tg);
        action = xasprintf(_("forward to target group %s"), stg);
        free(stg);
        free(tg);
    } else {
        char *sa = sanitize(def->action ? def->action : "?");
        action = xasprintf(_("action %s"), sa);
        free(sa);
    }
    /* What the origin answered CloudFront's request, as evidence. */
    for (i = 0; i < d->obs->naddrs && !evidence; i++) {
        const struct obs_http *hp = &d->obs->addrs[i].http;
        if (!d->obs->addrs[i].probed || hp->status != HTTP_OK)
            continue;
        if (def->status && hp->code == def->status &&
            strcmp(def->action ? def->action : "", "fixed-response") == 0)
            evidence = xasprintf(_("; %s answered %d, the default action's fixed response"),
                                 d->obs->addrs[i].text, hp->code);
        else
            evidence = xasprintf(_("; %s answered %d"), d->obs->addrs[i].text, hp->code);
    }
    h = sanitize(host);
    add(d, F_HTTP_LB_DEFAULT, -1,
        xasprintf(_("the account says the listener on port %u routes by Host (%s) and no rule "
                    "matches %s, the Host CloudFront sends: its default action answers (%s)%s"),
                  a->port, list, h, action, evidence ? evidence : ""));
    free(h);
    free(list);
    free(action);
    free(evidence);
}

/* --- each distinct chain analysed once ----------------------------------- */

/* What chain_analyse and validate_chain make of the same certificates is
 * the same, at the one time and trust store of a diagnosis: 1,000 origins
 * behind one load balancer send one chain.  So each distinct list of
 * certificates as received is parsed, its path built and verified (and its
 * strict checks run) once; every origin that sent it shares the report (its
 * diag_origin.chain points here; diag_free frees it once).  Only the name
 * checked differs from origin to origin: names_check runs per origin, and
 * validate_name adds what GnuTLS's host name check would have.  Measured on
 * 1,000 origins of one chain: the diagnosis was 2.4 times the probe's CPU
 * before. */
struct chain_memo {
    unsigned char key[32]; /* SHA-256 of the certificates */
    bool judged;           /* the leaf parsed: findings and validation made */
    struct chain_report c;
    struct name_table t;  /* for no name (""): the leaf's names, for the strict checks */
    struct validation v;  /* with no name: the path alone */
    struct cert_chain pc; /* the certificates parsed, while in the ring below */
    struct chain_memo *next;
};

/* The parsed certificates are kept for the names checked by the origins
 * that share a chain (names_check per origin), but only for the last
 * MEMO_PARSED chains used: 10,000 distinct chains parsed and kept would
 * cost more memory than the run's goal allows. */
#define MEMO_PARSED 16

struct diag_chains {
    struct chain_memo **tab;
    size_t ntab, n;
    struct chain_memo *parsed[MEMO_PARSED]; /* memos whose pc is set */
    size_t next_parsed;
};

/* m's leaf parsed (m->pc set, m kept in the ring, the oldest dropped). */
static gnutls_x509_crt_t
memo_leaf(struct diag_chains *cs, struct chain_memo *m, const struct obs_tls *tls)
{
    if (!m->pc.n) {
        struct chain_memo **slot = &cs->parsed[cs->next_parsed];
        cs->next_parsed = (cs->next_parsed + 1) % MEMO_PARSED;
        if (*slot)
            cert_chain_free(&(*slot)->pc);
        cert_chain_parse(tls->certs, tls->ncerts ? 1 : 0, &m->pc);
        *slot = m;
    }
    return m->pc.n ? m->pc.c[0]->crt : NULL;
}

/* The key: every input the analyses read from the address. */
static bool
memo_key(const struct obs_tls *tls, unsigned char key[32])
{
    gnutls_hash_hd_t h;
    size_t i, hdr[3];

    if (gnutls_hash_init(&h, GNUTLS_DIG_SHA256) < 0)
        return false;
    hdr[0] = tls->ncerts;
    hdr[1] = tls->certs_received;
    hdr[2] = 0;
    gnutls_hash(h, hdr, sizeof hdr);
    for (i = 0; i < tls->ncerts; i++) {
        hdr[0] = tls->certs[i].size;
        hdr[1] = tls->certs[i].der != NULL;
        gnutls_hash(h, hdr, sizeof hdr);
        if (tls->certs[i].der)
            gnutls_hash(h, tls->certs[i].der, tls->certs[i].size);
    }
    gnutls_hash_deinit(h, key);
    return true;
}

static size_t
memo_bucket(const unsigned char key[32], size_t ntab)
{
    size_t b;
    memcpy(&b, key, sizeof b);
    return b & (ntab - 1);
}

/* The analyses of tls's chain: found, or made and kept.  NULL only when
 * the key cannot be computed. */
static struct chain_memo *
memo_get(struct diag_chains *cs, const struct obs_tls *tls, gnutls_x509_trust_list_t trust,
         time_t now)
{
    unsigned char key[32];
    struct chain_memo *m;
    size_t i;

    if (!memo_key(tls, key))
        return NULL;
    if (cs->ntab)
        for (m = cs->tab[memo_bucket(key, cs->ntab)]; m; m = m->next)
            if (memcmp(m->key, key, sizeof key) == 0)
                return m;
    if (cs->n >= cs->ntab / 2) { /* grow: rehash into twice the buckets */
        size_t nt = cs->ntab ? cs->ntab * 2 : 64;
        struct chain_memo **tab = xcalloc(nt, sizeof *tab);
        for (i = 0; i < cs->ntab; i++)
            while ((m = cs->tab[i])) {
                size_t b = memo_bucket(m->key, nt);
                cs->tab[i] = m->next;
                m->next = tab[b];
                tab[b] = m;
            }
        free(cs->tab);
        cs->tab = tab;
        cs->ntab = nt;
    }
    m = xcalloc(1, sizeof *m);
    memcpy(m->key, key, sizeof key);
    {
        /* Every certificate parsed once, for all the analyses; kept in
         * the ring (the leaf for the names checked per origin). */
        struct chain_memo **slot = &cs->parsed[cs->next_parsed];
        cs->next_parsed = (cs->next_parsed + 1) % MEMO_PARSED;
        if (*slot)
            cert_chain_free(&(*slot)->pc);
        *slot = m;
        cert_chain_parse(tls->certs, tls->ncerts, &m->pc);
    }
    names_check_crt(m->pc.n ? m->pc.c[0]->crt : NULL, "", &m->t);
    /* A leaf that cannot be parsed: the handshake finding says so, and
     * nothing about names or paths can be judged. */
    m->judged = validate_analyse_parsed(tls, &m->pc, &m->t, trust, now, &m->c, &m->v);
    i = memo_bucket(key, cs->ntab);
    m->next = cs->tab[i];
    cs->tab[i] = m;
    cs->n++;
    return m;
}

static void
chains_free(struct diag_chains *cs)
{
    size_t i;
    struct chain_memo *m;

    if (!cs)
        return;
    for (i = 0; i < cs->ntab; i++)
        while ((m = cs->tab[i])) {
            cs->tab[i] = m->next;
            chain_clear(&m->c);
            names_clear(&m->t);
            validate_clear(&m->v);
            cert_chain_free(&m->pc);
            free(m);
        }
    free(cs->tab);
    free(cs);
}

/* The leaf fingerprint of an address, or "" when it sent none. */
static const char *
leaf_of(const struct obs_addr *a, char buf[65])
{
    buf[0] = '\0';
    if (a->tls.ncerts && a->tls.certs[0].der)
        cert_sha256_hex(a->tls.certs[0].der, a->tls.certs[0].size, buf);
    return buf;
}

static void
diagnose_origin(struct diag_origin *d, const struct target_settings *s,
                gnutls_x509_trust_list_t trust, time_t now, struct diag_chains *chains)
{
    const struct obs_origin *o = d->obs;
    size_t i, nok = 0, nfail = 0, distinct = 0;
    char first[65] = "", buf[65];
    int err502 = 0, err504 = 0, unchecked = 0;
    bool gnutls_rejects = false;

    d->chain_addr = -1;
    awsname_classify(o->target.name, &d->aws);
    if (o->chain_file) {
        char *src = sanitize(strcmp(o->chain_file->source, "-") == 0 ? _("standard input")
                                                                     : o->chain_file->source);
        add(d, F_ORIGIN_NOT_CONNECTED, -1,
            xasprintf(_("the certificates were read from %s (%s); DNS, the connection and the "
                        "handshake were not checked"),
                      src, chainfile_format_name(o->chain_file->format)));
        free(src);
    }
    dns_findings(d);
    d->explain = xcalloc(o->naddrs ? o->naddrs : 1, sizeof *d->explain);
    for (i = 0; i < o->naddrs; i++)
        d->explain[i] = explain_summary(&o->addrs[i], target_min_proto(&o->target));
    for (i = 0; i < o->naddrs; i++) {
        address_findings(d, i, s);
        http_findings(d, i);
        if (!o->addrs[i].probed)
            continue;
        if (o->addrs[i].tls.status == TLS_OK ||
            (!target_uses_tls(&o->target) && o->addrs[i].tcp == TCP_CONNECTED))
            nok++;
        else
            nfail++;
    }

    account_judgement(d, now);
    lb_rules_judgement(d);

    /* Chains and names: every address that sent certificates; findings
     * carry the address only when the addresses sent different leaves. */
    for (i = 0; i < o->naddrs; i++)
        if (o->addrs[i].tls.ncerts && *leaf_of(&o->addrs[i], buf)) {
            if (!*first) {
                strcpy(first, buf);
                distinct = 1;
            } else if (strcmp(first, buf) != 0) {
                distinct = 2;
            }
        }
    for (i = 0; i < o->naddrs; i++) {
        const struct obs_addr *a = &o->addrs[i];
        struct chain_memo *m;
        struct name_table t;
        int addr = distinct > 1 ? (int)i : -1;

        /* A handshake that completed without a leaf kept: nothing about
         * the certificate was judged, so nothing may pass. */
        if (a->probed && a->tls.status == TLS_OK && (!a->tls.ncerts || !a->tls.certs[0].der)) {
            add(d, F_CHAIN_UNCHECKED, addr,
                a->tls.ncerts ? xasprintf(_("the server's certificate is %zu bytes, more than the "
                                            "%d origin-doctor keeps: its names, validity and "
                                            "chain were not checked"),
                                          a->tls.certs[0].size, OBS_MAX_CERT_SIZE)
                              : xasprintf(_("%s sent no certificate to check"), a->text));
            continue;
        }
        if (!a->tls.ncerts || !a->tls.certs[0].der)
            continue;
        m = memo_get(chains, &a->tls, trust, now);
        if (!m) { /* no SHA-256 (out of memory): nothing judged, so nothing passes */
            add(d, F_CHAIN_UNCHECKED, addr,
                xasprintf(_("%s sent no certificate to check"), a->text));
            continue;
        }
        names_check_crt(memo_leaf(chains, m, &a->tls), target_checked_name(&o->target), &t);
        if (m->judged) {
            size_t k;
            char *owner;
            unsigned extra = validate_name(&m->v, &t, &owner);
            chain_findings(d, &m->c, &a->tls, addr);
            name_findings(d, &t, addr);
            /* A validator's verdict on the path, and the strict checks. */
            for (k = 0; k < m->v.nfindings; k++)
                add(d, m->v.findings[k].id, addr, xstrdup(m->v.findings[k].detail));
            if (owner)
                add(d, F_CERT_REJECTED, addr, owner);
            if (m->v.verified && ((m->v.status | extra) & GNUTLS_CERT_INVALID))
                gnutls_rejects = true;
        }
        if (d->chain_addr < 0) { /* the chain is the memo's: never freed here */
            d->chain_addr = (int)i;
            d->chain = m->c;
            d->names = t;
        } else {
            names_clear(&t);
        }
    }

    /* The trap needs the origin name to be the name checked (no Host
     * forwarded) and a certificate that does not cover it; an AWS-owned
     * endpoint whose own certificate covers its name is fine. */
    if (o->target.host_header || d->chain_addr < 0 || d->names.match) {
        /* nothing */
    } else if (d->aws.kind == AWSNAME_ELB || d->aws.kind == AWSNAME_NLB) {
        char *n = sanitize(o->target.name);
        add(d, F_ORIGIN_ELB_NAME, -1,
            xasprintf(
                _("%s is the DNS name of a load balancer (%s, %s); no certificate can cover it"), n,
                awsname_kind_text(d->aws.kind), *d->aws.region ? d->aws.region : "?"));
        free(n);
    } else if (d->aws.kind == AWSNAME_AWS_OTHER) {
        char *n = sanitize(o->target.name);
        add(d, F_ORIGIN_AWS_NAME, -1, xasprintf(_("%s is an AWS-owned name"), n));
        free(n);
    }
    if ((nok && nfail) || distinct > 1)
        add(d, F_ORIGIN_INCONSISTENT, -1,
            xasprintf(_("%zu of %zu addresses complete CloudFront's handshake%s"), nok, nok + nfail,
                      distinct > 1 ? _("; the addresses serve different certificates") : ""));
    find_candidates(d);

    /* GnuTLS's verdict is the floor: when it rejects the path, the verdict
     * is never "would connect" (the findings above name why). */
    if (gnutls_rejects) {
        bool named = false;
        for (i = 0; i < d->nfindings; i++)
            if (findings_def(d->findings[i].id)->severity == SEV_ERROR)
                named = true;
        if (!named)
            add(d, F_CERT_REJECTED, -1,
                xasprintf(_("GnuTLS's verification rejects the path, though no other check "
                            "names why")));
    }

    /* Errors first, then warnings, then notes; stable within each. */
    for (i = 1; i < d->nfindings; i++) {
        struct finding f = d->findings[i];
        size_t j = i;
        while (j > 0 &&
               findings_def(d->findings[j - 1].id)->severity > findings_def(f.id)->severity) {
            d->findings[j] = d->findings[j - 1];
            j--;
        }
        d->findings[j] = f;
    }

    for (i = 0; i < d->nfindings; i++) {
        const struct finding_def *def = findings_def(d->findings[i].id);
        if (def->severity != SEV_ERROR)
            continue;
        if (def->cloudfront_status == 504)
            err504++;
        else if (def->cloudfront_status)
            err502++;
        else
            unchecked++; /* an error with no CloudFront status: not checked */
    }
    d->verdict = err502 || err504 ? VERDICT_FAIL : unchecked ? VERDICT_UNKNOWN : VERDICT_OK;
    d->ok = d->verdict == VERDICT_OK;
    /* A 502 cause anywhere decides; otherwise only timeouts: 504. */
    d->cloudfront_status = err502 ? 502 : err504 ? 504 : 0;
}

/* The viewer's answer: who gave it, and what it says. */
static void
diagnose_viewer(struct diag_viewer *d, const struct obs_viewer *v)
{
    char *status_word;

    d->cloudfront = (v->server && strcasecmp(v->server, "CloudFront") == 0) ||
                    (v->via && strstr(v->via, "(CloudFront)")) || v->cf_id;
    if (v->nbody && v->status >= 400 && d->cloudfront) {
        char *raw = viewer_error_text(v->body, v->nbody);
        if (raw) {
            d->error_text = sanitize(raw);
            free(raw);
        }
    }
    if (!v->status) {
        char *e = sanitize(v->curl_error ? v->curl_error : "?");
        d->verdict = VIEWER_FAILED;
        d->summary = xasprintf(_("The request got no answer: %s"), e);
        free(e);
        return;
    }
    status_word = d->cloudfront ? xstrdup(_("from CloudFront")) : xstrdup(_("not from CloudFront"));
    if (v->status >= 500 && d->cloudfront) {
        d->verdict = VIEWER_CLOUDFRONT_ERROR;
        d->summary = d->error_text
                         ? xasprintf(_("CloudFront answered %d: \"%s\""), v->status, d->error_text)
                         : xasprintf(_("CloudFront answered %d"), v->status);
        d->next = xstrdup(
            _("CloudFront could not get an answer from the origin behind this URL. To diagnose "
              "that origin, give origin-doctor its Origin Domain Name (with -H when the "
              "behaviour forwards the viewer's Host), or the distribution id or its saved "
              "config to find it."));
    } else if (v->status >= 500) {
        d->verdict = VIEWER_OTHER_ERROR;
        d->summary = xasprintf(_("%d, but not from CloudFront: no Server: CloudFront, no Via "
                                 "(CloudFront), no X-Amz-Cf-Id. Something else answers for this "
                                 "name (a proxy, a load balancer or the origin, not through "
                                 "CloudFront)."),
                               v->status);
    } else if (v->status < 400) {
        d->verdict = VIEWER_OK;
        d->summary = xasprintf(_("%d %s: the URL works now. An error may still be cached: "
                                 "CloudFront keeps a 502 for the distribution's error caching "
                                 "minimum TTL, 10 s by default."),
                               v->status, status_word);
    } else {
        d->verdict = VIEWER_HTTP_ERROR;
        d->summary = xasprintf(_("%d %s"), v->status, status_word);
    }
    free(status_word);
}

#define X_NAME(e, name) name,
static const char *const viewer_verdict_names[] = {VIEWER_VERDICT_TABLE(X_NAME)};
#undef X_NAME

const char *
diag_viewer_verdict_name(enum viewer_verdict v)
{
    return viewer_verdict_names[v];
}

struct diagnosis *
diagnose(const struct observation *obs, const struct target_settings *s,
         gnutls_x509_trust_list_t trust, time_t now)
{
    struct diagnosis *d = xcalloc(1, sizeof *d);
    size_t i;

    d->now = now;
    d->norigins = obs->norigins;
    d->origins = xcalloc(obs->norigins ? obs->norigins : 1, sizeof *d->origins);
    d->chains = xcalloc(1, sizeof *d->chains);
    for (i = 0; i < obs->norigins; i++) {
        d->origins[i].obs = &obs->origins[i];
        diagnose_origin(&d->origins[i], s, trust, now, d->chains);
    }
    if (obs->viewer)
        diagnose_viewer(&d->viewer, obs->viewer);
    return d;
}

enum explain_summary
diag_explain(const struct diag_origin *d, size_t addr)
{
    return d->explain && d->obs && addr < d->obs->naddrs ? d->explain[addr] : EXPLAIN_NONE;
}

void
diag_clear_fixes(struct diag_origin *d)
{
    size_t i;

    for (i = 0; i < d->nfixes; i++) {
        free(d->fixes[i].title);
        free(d->fixes[i].why);
        free(d->fixes[i].commands);
        free(d->fixes[i].verify);
    }
    free(d->fixes);
    d->fixes = NULL;
    d->nfixes = 0;
}

#define X_NAME(e, name, word) name,
static const char *const verdict_names[] = {VERDICT_TABLE(X_NAME)};
#undef X_NAME
#define X_WORD(e, name, word) word,
static const char *const verdict_words[] = {VERDICT_TABLE(X_WORD)};
#undef X_WORD

const char *
diag_verdict_name(enum verdict v)
{
    return verdict_names[v];
}

const char *
diag_verdict_word(enum verdict v)
{
    return verdict_words[v];
}

const struct finding *
diag_primary(const struct diag_origin *d)
{
    const struct finding *best = NULL;
    size_t i;

    /* Errors before warnings; among errors, the name and load balancer
     * findings first: they are the article's trap and the usual cause. */
    for (i = 0; i < d->nfindings; i++) {
        const struct finding *f = &d->findings[i];
        const struct finding_def *def = findings_def(f->id);
        const struct finding_def *bdef = best ? findings_def(best->id) : NULL;
        if (!best || def->severity < bdef->severity)
            best = f;
        else if (def->severity == bdef->severity && def->cloudfront_status &&
                 !bdef->cloudfront_status)
            best = f; /* what CloudFront does before what was not checked */
        else if (def->severity == findings_def(best->id)->severity &&
                 f->id == F_CERT_NAME_MISMATCH && best->id != F_CERT_NAME_MISMATCH)
            best = f;
    }
    return best;
}

void
diag_free(struct diagnosis *d)
{
    size_t i, j;

    if (!d)
        return;
    for (i = 0; i < d->norigins; i++) {
        struct diag_origin *o = &d->origins[i];
        for (j = 0; j < o->nfindings; j++)
            free(o->findings[j].detail);
        free(o->findings);
        /* o->chain belongs to d->chains */
        names_clear(&o->names);
        for (j = 0; j < o->ncandidates; j++) {
            free(o->candidates[j].name);
            free(o->candidates[j].zone_id);
        }
        free(o->candidates);
        free(o->explain);
        diag_clear_fixes(o);
    }
    free(d->origins);
    chains_free(d->chains);
    free(d->viewer.error_text);
    free(d->viewer.summary);
    free(d->viewer.next);
    free(d);
}

enum verdict
diag_worst_verdict(const struct diagnosis *d)
{
    enum verdict v = VERDICT_OK;
    size_t i;

    for (i = 0; i < d->norigins; i++)
        if (d->origins[i].verdict == VERDICT_FAIL ||
            (d->origins[i].verdict == VERDICT_UNKNOWN && v == VERDICT_OK))
            v = d->origins[i].verdict;
    /* What viewers get counts too: an error answer fails the run. */
    if (d->viewer.verdict == VIEWER_CLOUDFRONT_ERROR || d->viewer.verdict == VIEWER_OTHER_ERROR ||
        d->viewer.verdict == VIEWER_FAILED)
        v = VERDICT_FAIL;
    return v;
}

bool
diag_all_ok(const struct diagnosis *d)
{
    return d && diag_worst_verdict(d) == VERDICT_OK;
}
