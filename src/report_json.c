#include "config.h"

#include <ares.h>
#include <errno.h>
#include <gnutls/gnutls.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cert.h"
#include "chainfile.h"
#include "distrun.h"
#include "i18n.h"
#include "profile.h"
#include "account.h"
#include "report.h"
#include "sanitize.h"
#include "xmalloc.h"

/* Network text: sanitized, so the document is valid UTF-8 with no controls. */
static json_t *
jnet(const char *s)
{
    char *clean;
    json_t *j;

    if (!s)
        return json_null();
    clean = sanitize(s);
    j = json_string(clean);
    free(clean);
    return j;
}

static json_t *
jstr_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *
jtri(int v)
{
    return v < 0 ? json_null() : json_boolean(v);
}

static json_t *
jms(double ms)
{
    /* Two decimals are plenty and keep the document stable to read. */
    return json_real((double)(long long)(ms * 100.0 + 0.5) / 100.0);
}

static const char *
errno_name(int e)
{
    switch (e) {
    case ECONNREFUSED:
        return "ECONNREFUSED";
    case ETIMEDOUT:
        return "ETIMEDOUT";
    case ENETUNREACH:
        return "ENETUNREACH";
    case EHOSTUNREACH:
        return "EHOSTUNREACH";
    case ENETDOWN:
        return "ENETDOWN";
    case EHOSTDOWN:
        return "EHOSTDOWN";
    case EADDRNOTAVAIL:
        return "EADDRNOTAVAIL";
    case ECONNRESET:
        return "ECONNRESET";
    case EACCES:
        return "EACCES";
    case EPERM:
        return "EPERM";
    case EMFILE:
        return "EMFILE";
    default:
        return "EOTHER";
    }
}

/* The chain analysed for the origin (c), when t's certificates are the
 * ones it was made from: its facts are then each certificate's, and none
 * is parsed again to write them. */
static const struct chain_report *
same_chain(const struct obs_tls *t, const struct obs_tls *shown, const struct chain_report *c)
{
    size_t i;

    if (!shown || !c || c->nnodes != t->ncerts || shown->ncerts != t->ncerts)
        return NULL;
    if (shown == t)
        return c;
    for (i = 0; i < t->ncerts; i++) {
        const struct obs_cert *a = &t->certs[i], *b = &shown->certs[i];
        if (a->size != b->size || !a->der != !b->der || (a->der && memcmp(a->der, b->der, a->size)))
            return NULL;
    }
    return c;
}

static json_t *
certs_json(const struct obs_tls *t, const struct chain_report *ch)
{
    json_t *arr = json_array();
    size_t i;

    for (i = 0; i < t->ncerts; i++) {
        const struct obs_cert *c = &t->certs[i];
        const struct chain_node *nd = ch ? &ch->nodes[i] : NULL;
        bool parsed = nd && !(nd->problems & CHAIN_P_UNPARSABLE);
        json_t *j = json_object();
        char hex[65], *subj, *iss;

        json_object_set_new(j, "index", json_integer((json_int_t)i));
        json_object_set_new(j, "size", json_integer((json_int_t)c->size));
        if (c->der) {
            gnutls_datum_t in = {c->der, (unsigned)c->size}, out = {NULL, 0};
            if (gnutls_base64_encode2(&in, &out) >= 0) {
                json_object_set_new(j, "der", json_stringn((const char *)out.data, out.size));
                gnutls_free(out.data);
            } else {
                json_object_set_new(j, "der", json_null());
            }
            if (parsed)
                json_object_set_new(j, "sha256", json_string(nd->sha256));
            else {
                cert_sha256_hex(c->der, c->size, hex);
                json_object_set_new(j, "sha256", json_string(hex));
            }
        } else {
            json_object_set_new(j, "der", json_null());
            json_object_set_new(j, "sha256", json_null());
        }
        if (nd) { /* NULL there too when it does not parse */
            json_object_set_new(j, "subject", jnet(nd->subject));
            json_object_set_new(j, "issuer", jnet(nd->issuer));
        } else {
            subj = cert_subject(c->der, c->size);
            iss = cert_issuer(c->der, c->size);
            json_object_set_new(j, "subject", jnet(subj));
            json_object_set_new(j, "issuer", jnet(iss));
            free(subj);
            free(iss);
        }
        json_array_append_new(arr, j);
    }
    return arr;
}

static json_t *
tls_json(const struct obs_tls *t, const struct chain_report *ch)
{
    json_t *j = json_object(), *e;
    const struct profile_suite *ps = NULL;
    char id[16];

    json_object_set_new(j, "status", json_string(obs_tls_status_name(t->status)));
    if (t->gnutls_error) {
        e = json_object();
        json_object_set_new(e, "code", json_integer(t->gnutls_error));
        json_object_set_new(e, "name", jstr_or_null(gnutls_strerror_name(t->gnutls_error)));
        json_object_set_new(e, "message", jstr_or_null(gnutls_strerror(t->gnutls_error)));
        json_object_set_new(j, "error", e);
    } else {
        json_object_set_new(j, "error", json_null());
    }
    if (t->alert >= 0) {
        e = json_object();
        json_object_set_new(e, "number", json_integer(t->alert));
        json_object_set_new(e, "name", jstr_or_null(gnutls_alert_get_name(t->alert)));
        json_object_set_new(j, "alert", e);
    } else {
        json_object_set_new(j, "alert", json_null());
    }
    json_object_set_new(j, "elapsed_ms", jms(t->elapsed_ms));
    json_object_set_new(j, "version", jstr_or_null(t->version));
    json_object_set_new(j, "cipher_suite", jstr_or_null(t->cipher_suite));
    if (t->cipher_suite && (t->suite_id[0] || t->suite_id[1])) {
        snprintf(id, sizeof id, "0x%02X,0x%02X", t->suite_id[0], t->suite_id[1]);
        json_object_set_new(j, "cipher_suite_id", json_string(id));
        ps = profile_suite_find(t->suite_id);
    } else {
        json_object_set_new(j, "cipher_suite_id", json_null());
    }
    json_object_set_new(j, "cipher_suite_openssl", jstr_or_null(ps ? ps->openssl_name : NULL));
    json_object_set_new(j, "suite_in_profile", json_boolean(t->suite_in_profile));
    json_object_set_new(j, "group", jstr_or_null(t->group));
    json_object_set_new(j, "client_cert_requested", json_boolean(t->client_cert_requested));
    json_object_set_new(j, "certificates_received", json_integer((json_int_t)t->certs_received));
    json_object_set_new(j, "certificates", certs_json(t, ch));
    if (t->nfirst_bytes && t->status != TLS_OK) {
        char *fb = sanitize_n(t->first_bytes, t->nfirst_bytes);
        json_object_set_new(j, "first_bytes", json_string(fb));
        free(fb);
    } else {
        json_object_set_new(j, "first_bytes", json_null());
    }
    return j;
}

static json_t *
explain_json(const struct obs_addr *a, enum explain_summary e)
{
    json_t *j, *v, *any;
    int i;
    const char *summary = explain_name(e);

    if (!a->explain.ran && !summary)
        return json_null();
    j = json_object();
    v = json_object();
    for (i = 0; i < OBS_VERSION_COUNT; i++)
        json_object_set_new(v, obs_version_name((enum obs_version)i),
                            jtri(a->explain.version_ok[i]));
    json_object_set_new(j, "versions", v);
    any = json_object();
    json_object_set_new(any, "ok", jtri(a->explain.any_cipher_ok));
    json_object_set_new(any, "version", jstr_or_null(a->explain.any_cipher_version));
    json_object_set_new(any, "cipher_suite", jstr_or_null(a->explain.any_cipher_suite));
    json_object_set_new(j, "any_cipher", any);
    json_object_set_new(j, "summary", jstr_or_null(summary));
    return j;
}

/* CloudFront's request after the handshake and what came back; null when
 * it was never tried (no handshake, or --no-http). */
static json_t *
http_json(const struct obs_http *h)
{
    json_t *j;

    if (h->status == HTTP_PENDING || h->status == HTTP_SKIPPED)
        return json_null();
    j = json_object();
    json_object_set_new(j, "status", json_string(obs_http_result_name(h->status)));
    json_object_set_new(j, "host", jnet(h->host));
    json_object_set_new(j, "path", jnet(h->path));
    json_object_set_new(j, "request_id", jnet(h->cf_id));
    json_object_set_new(j, "read_timeout_ms", json_integer(h->timeout_ms));
    json_object_set_new(j, "code", h->code ? json_integer(h->code) : json_null());
    json_object_set_new(j, "server", jnet(h->server));
    json_object_set_new(j, "elapsed_ms", jms(h->elapsed_ms));
    json_object_set_new(j, "first_byte_ms",
                        h->first_byte_ms < 0 ? json_null() : jms(h->first_byte_ms));
    json_object_set_new(j, "bytes_read", json_integer((json_int_t)h->bytes_read));
    json_object_set_new(j, "head_bytes", json_integer((json_int_t)h->head_bytes));
    json_object_set_new(j, "parser_error", jstr_or_null(h->parser_error));
    json_object_set_new(j, "error",
                        h->gnutls_error ? jstr_or_null(gnutls_strerror_name(h->gnutls_error))
                                        : json_null());
    if (h->nfirst_bytes && h->status != HTTP_OK) {
        char *fb = sanitize_n(h->first_bytes, h->nfirst_bytes);
        json_object_set_new(j, "first_bytes", json_string(fb));
        free(fb);
    } else {
        json_object_set_new(j, "first_bytes", json_null());
    }
    return j;
}

/* The viewer's request (a URL given on the command line) and what its
 * answer shows. */
static json_t *
viewer_json(const struct obs_viewer *v, const struct diag_viewer *d, const struct distrun *run)
{
    bool found = run && run->viewer_found;
    json_t *j = json_object(), *t = json_object();

    json_object_set_new(j, "url", jnet(v->url));
    json_object_set_new(j, "host", jnet(v->host));
    json_object_set_new(j, "port", json_integer(v->port));
    json_object_set_new(j, "path", jnet(v->path));
    json_object_set_new(j, "dns", json_string(obs_dns_status_name(v->dns)));
    json_object_set_new(j, "address", jnet(v->address));
    json_object_set_new(j, "status", v->status ? json_integer(v->status) : json_null());
    json_object_set_new(j, "http_version", jstr_or_null(v->http_version));
    json_object_set_new(j, "cloudfront", json_boolean(d->cloudfront));
    json_object_set_new(j, "server", jnet(v->server));
    json_object_set_new(j, "x_cache", jnet(v->x_cache));
    json_object_set_new(j, "pop", jnet(v->pop));
    json_object_set_new(j, "request_id", jnet(v->cf_id));
    json_object_set_new(j, "via", jnet(v->via));
    json_object_set_new(j, "error_text", jstr_or_null(d->error_text));
    /* The distribution behind the URL, found by its host (distrun). */
    json_object_set_new(j, "distribution_id", found ? jnet(run->viewer_id) : json_null());
    json_object_set_new(j, "distribution_status", found ? jnet(run->viewer_status) : json_null());
    json_object_set_new(j, "behavior", found ? jnet(run->viewer_pattern) : json_null());
    json_object_set_new(j, "origin_id", found ? jnet(run->viewer_origin) : json_null());
    json_object_set_new(j, "lookup",
                        run && run->viewer_note ? jnet(run->viewer_note) : json_null());
    json_object_set_new(j, "verdict", json_string(diag_viewer_verdict_name(d->verdict)));
    json_object_set_new(j, "summary", jstr_or_null(d->summary));
    json_object_set_new(j, "error", jnet(v->curl_error));
    json_object_set_new(j, "body_bytes", json_integer((json_int_t)v->body_bytes));
    json_object_set_new(t, "dns_ms", jms(v->dns_ms));
    json_object_set_new(t, "connect_ms", jms(v->connect_ms));
    json_object_set_new(t, "tls_ms", jms(v->tls_ms));
    json_object_set_new(t, "first_byte_ms", jms(v->first_byte_ms));
    json_object_set_new(t, "total_ms", jms(v->total_ms));
    json_object_set_new(j, "timings", t);
    return j;
}

static json_t *
addr_json(const struct obs_addr *a, enum explain_summary e, const struct diag_origin *d)
{
    const struct chain_report *ch =
        d->chain_addr >= 0 ? same_chain(&a->tls, &d->obs->addrs[d->chain_addr].tls, &d->chain)
                           : NULL;
    json_t *j = json_object(), *tcp = json_object();

    json_object_set_new(j, "address", json_string(a->text));
    json_object_set_new(j, "family", json_string(a->family == AF_INET6 ? "ipv6" : "ipv4"));
    json_object_set_new(j, "ttl", json_integer(a->ttl));
    json_object_set_new(j, "probed", json_boolean(a->probed));
    json_object_set_new(tcp, "status", json_string(obs_tcp_status_name(a->tcp)));
    json_object_set_new(tcp, "errno",
                        a->tcp_errno ? json_string(errno_name(a->tcp_errno)) : json_null());
    json_object_set_new(tcp, "message",
                        a->tcp_errno ? json_string(strerror(a->tcp_errno)) : json_null());
    json_object_set_new(tcp, "elapsed_ms", jms(a->connect_ms));
    json_object_set_new(j, "tcp", tcp);
    json_object_set_new(j, "tls", tls_json(&a->tls, ch));
    json_object_set_new(j, "explain", explain_json(a, e));
    json_object_set_new(j, "http", http_json(&a->http));
    return j;
}

static json_t *
chain_json(const struct chain_report *c)
{
    json_t *j = json_object(), *nodes = json_array(), *path = json_array();
    size_t i, k;
    char date[32];

    for (i = 0; i < c->nnodes; i++) {
        const struct chain_node *n = &c->nodes[i];
        json_t *jn = json_object(), *pr = json_array();
        const struct chain_problem_def *p;
        json_object_set_new(jn, "index", json_integer((json_int_t)n->index));
        json_object_set_new(jn, "subject", jnet(n->subject));
        json_object_set_new(jn, "issuer", jnet(n->issuer));
        report_date(n->not_before, REPORT_ISO, date, sizeof date);
        json_object_set_new(jn, "not_before", json_string(date));
        report_date(n->not_after, REPORT_ISO, date, sizeof date);
        json_object_set_new(jn, "not_after", json_string(date));
        json_object_set_new(jn, "days_left", json_integer(n->days_left));
        json_object_set_new(jn, "key", json_string(n->key));
        json_object_set_new(jn, "signature", json_string(n->sig));
        json_object_set_new(jn, "sha256", json_string(n->sha256));
        json_object_set_new(jn, "ca", json_boolean(n->is_ca));
        json_object_set_new(jn, "issuer_index",
                            n->issuer_index >= 0 ? json_integer(n->issuer_index) : json_null());
        for (k = 0; (p = chain_problem_at(k)); k++)
            if (n->problems & p->bit)
                json_array_append_new(pr, json_string(p->name));
        json_object_set_new(jn, "problems", pr);
        json_array_append_new(nodes, jn);
    }
    for (i = 0; i < c->npath; i++)
        json_array_append_new(path, json_integer((json_int_t)c->path[i]));
    json_object_set_new(j, "as_received", nodes);
    json_object_set_new(j, "expected_order", path);
    json_object_set_new(j, "in_order", json_boolean(c->in_order));
    json_object_set_new(j, "complete", json_boolean(c->complete));
    json_object_set_new(j, "anchored", json_boolean(c->anchored));
    json_object_set_new(j, "anchor", jnet(c->anchor));
    return j;
}

static json_t *
names_json(const struct name_table *t)
{
    json_t *j = json_object(), *rows = json_array();
    size_t i;

    json_object_set_new(j, "checked", jnet(t->checked));
    json_object_set_new(j, "checked_unicode", jnet(t->checked_unicode));
    json_object_set_new(j, "match", json_boolean(t->match));
    json_object_set_new(j, "gnutls_match", json_boolean(t->gnutls_match));
    json_object_set_new(j, "cn_only_match", json_boolean(t->cn_only_match));
    json_object_set_new(j, "has_san", json_boolean(t->has_san));
    for (i = 0; i < t->nrows; i++) {
        json_t *r = json_object();
        json_object_set_new(r, "kind", json_string(names_kind_name(t->rows[i].kind)));
        json_object_set_new(r, "name", jnet(t->rows[i].name));
        json_object_set_new(r, "unicode", jnet(t->rows[i].unicode));
        json_object_set_new(r, "match", json_boolean(t->rows[i].match));
        json_object_set_new(r, "reason", json_string(t->rows[i].reason));
        json_array_append_new(rows, r);
    }
    json_object_set_new(j, "rows", rows);
    json_object_set_new(j, "rows_dropped", json_integer((json_int_t)t->rows_dropped));
    return j;
}

static json_t *
aws_json(const struct awsname *a)
{
    json_t *j;

    if (a->kind == AWSNAME_NONE)
        return json_null();
    j = json_object();
    json_object_set_new(j, "kind", json_string(awsname_kind_name(a->kind)));
    json_object_set_new(j, "region", *a->region ? json_string(a->region) : json_null());
    json_object_set_new(j, "internal", json_boolean(a->internal));
    json_object_set_new(j, "dualstack", json_boolean(a->dualstack));
    json_object_set_new(j, "hosted_zone", jstr_or_null(a->hosted_zone));
    json_object_set_new(j, "alias_target",
                        *a->alias_target ? json_string(a->alias_target) : json_null());
    return j;
}

/* Multi-line text as an array of lines: no raw newline in any string. */
static json_t *
jlines(const char *text)
{
    json_t *arr;
    const char *p = text, *nl;

    if (!text)
        return json_null();
    arr = json_array();
    while (*p) {
        nl = strchr(p, '\n');
        json_array_append_new(arr, json_stringn(p, nl ? (size_t)(nl - p) : strlen(p)));
        if (!nl)
            break;
        p = nl + 1;
    }
    return arr;
}

static const struct fix_step *
fix_for(const struct diag_origin *d, enum fix_kind k)
{
    size_t i;
    for (i = 0; i < d->nfixes; i++)
        if (d->fixes[i].kind == k)
            return &d->fixes[i];
    return NULL;
}

static void
diag_json(json_t *j, const struct diag_origin *d)
{
    json_t *fs = json_array(), *cands = json_array(), *fixes = json_array();
    char *verdict = report_verdict(d);
    size_t i;

    json_object_set_new(j, "verdict", json_string(diag_verdict_name(d->verdict)));
    json_object_set_new(j, "cloudfront_status",
                        d->cloudfront_status ? json_integer(d->cloudfront_status) : json_null());
    json_object_set_new(j, "summary", json_string(verdict));
    free(verdict);
    for (i = 0; i < d->nfindings; i++) {
        const struct finding *f = &d->findings[i];
        const struct finding_def *def = findings_def(f->id);
        const struct fix_step *fx = fix_for(d, def->fix);
        json_t *jf = json_object();
        json_object_set_new(jf, "id", json_string(def->id));
        json_object_set_new(jf, "severity", json_string(findings_severity_name(def->severity)));
        json_object_set_new(jf, "cloudfront_status",
                            def->cloudfront_status ? json_integer(def->cloudfront_status)
                                                   : json_null());
        json_object_set_new(jf, "address",
                            f->addr >= 0 ? json_string(d->obs->addrs[f->addr].text) : json_null());
        json_object_set_new(jf, "title", json_string(_(def->title)));
        json_object_set_new(jf, "message", json_string(f->detail ? f->detail : _(def->title)));
        json_object_set_new(jf, "explanation", json_string(_(def->text)));
        json_object_set_new(jf, "fix_guide", json_string(findings_fix_name(def->fix)));
        json_object_set_new(jf, "fix", fx ? json_string(fx->title) : json_null());
        json_array_append_new(fs, jf);
    }
    json_object_set_new(j, "findings", fs);
    for (i = 0; i < d->ncandidates; i++) {
        json_t *c = json_object();
        json_object_set_new(c, "name", jnet(d->candidates[i].name));
        json_object_set_new(c, "why", json_string(_(d->candidates[i].why)));
        json_object_set_new(c, "source",
                            json_string(d->candidates[i].source ? d->candidates[i].source : "dns"));
        json_object_set_new(c, "zone_id", jnet(d->candidates[i].zone_id));
        json_array_append_new(cands, c);
    }
    json_object_set_new(j, "suggested_origins", cands);
    json_object_set_new(j, "aws", aws_json(&d->aws));
    json_object_set_new(j, "chain_address",
                        d->chain_addr >= 0 && !d->obs->chain_file
                            ? json_string(d->obs->addrs[d->chain_addr].text)
                            : json_null());
    json_object_set_new(j, "chain", d->chain_addr >= 0 ? chain_json(&d->chain) : json_null());
    json_object_set_new(j, "names", d->chain_addr >= 0 ? names_json(&d->names) : json_null());
    for (i = 0; i < d->nfixes; i++) {
        json_t *x = json_object();
        json_object_set_new(x, "guide", json_string(findings_fix_name(d->fixes[i].kind)));
        json_object_set_new(x, "title", jstr_or_null(d->fixes[i].title));
        json_object_set_new(x, "why", jlines(d->fixes[i].why));
        json_object_set_new(x, "commands", jlines(d->fixes[i].commands));
        json_object_set_new(x, "verify", jlines(d->fixes[i].verify));
        json_array_append_new(fixes, x);
    }
    json_object_set_new(j, "fixes", fixes);
}

static json_t *
cnames_json(const struct obs_origin *o)
{
    json_t *cn = json_array();
    size_t k;

    for (k = 0; k < o->ncnames; k++) {
        json_t *c = json_object();
        json_object_set_new(c, "name", jnet(o->cnames[k].name));
        json_object_set_new(c, "target", jnet(o->cnames[k].target));
        json_object_set_new(c, "ttl", json_integer(o->cnames[k].ttl));
        json_array_append_new(cn, c);
    }
    return cn;
}

static json_t *
lookups_json(const struct obs_origin *o)
{
    json_t *arr = json_array();
    size_t i, k;

    for (i = 0; i < o->nlookups; i++) {
        const struct obs_origin *l = &o->lookups[i];
        json_t *j = json_object(), *ad = json_array();
        json_object_set_new(j, "name", jnet(l->target.name));
        json_object_set_new(j, "status", json_string(obs_dns_status_name(l->dns)));
        for (k = 0; k < l->naddrs; k++)
            json_array_append_new(ad, json_string(l->addrs[k].text));
        json_object_set_new(j, "cnames", cnames_json(l));
        json_object_set_new(j, "addresses", ad);
        json_array_append_new(arr, j);
    }
    return arr;
}

/* The versions CloudFront's handshake offers for a set of OriginSslProtocols,
 * highest first (GnuTLS has no SSL 3.0: SSLv3 offers TLS1.0). */
static json_t *
offered_versions_json(const struct target *t)
{
    json_t *vers = json_array();
    unsigned set = t->ssl_protocols;

    if (!target_uses_tls(t))
        return vers;
    if (set & TARGET_PROTO_BIT(TARGET_TLS12))
        json_array_append_new(vers, json_string("TLS1.2"));
    if (set & TARGET_PROTO_BIT(TARGET_TLS11))
        json_array_append_new(vers, json_string("TLS1.1"));
    if (set & (TARGET_PROTO_BIT(TARGET_TLS10) | TARGET_PROTO_BIT(TARGET_SSLV3)))
        json_array_append_new(vers, json_string("TLS1.0"));
    return vers;
}

/* What CloudFront is configured with for this origin. */
static json_t *
origin_settings_json(const struct target *t)
{
    json_t *set = json_object(), *protos = json_array(), *hdrs = json_array();
    int p;
    size_t i;

    json_object_set_new(set, "origin_id", jnet(t->id));
    json_object_set_new(set, "protocol_policy", json_string(target_policy_name(t->policy)));
    json_object_set_new(set, "https_port", json_integer(t->https_port));
    json_object_set_new(set, "http_port", json_integer(t->http_port));
    for (p = 0; p < TARGET_PROTO_COUNT; p++)
        if (t->ssl_protocols & TARGET_PROTO_BIT(p))
            json_array_append_new(protos, json_string(target_proto_name((enum target_proto)p)));
    json_object_set_new(set, "ssl_protocols", protos);
    json_object_set_new(set, "min_protocol", json_string(target_proto_name(target_min_proto(t))));
    json_object_set_new(set, "offered_versions", offered_versions_json(t));
    json_object_set_new(set, "connect_timeout_ms", json_integer(t->connect_timeout_ms));
    json_object_set_new(set, "connection_attempts", json_integer(t->connect_attempts));
    json_object_set_new(set, "read_timeout_ms", json_integer(t->read_timeout_ms));
    json_object_set_new(set, "keepalive_timeout_s", json_integer(t->keepalive_timeout_s));
    /* Names only: a custom header's value is often a shared secret. */
    for (i = 0; i < t->nheaders; i++)
        json_array_append_new(hdrs, jnet(t->headers[i].name));
    json_object_set_new(set, "custom_headers", hdrs);
    json_object_set_new(set, "host_header", jnet(t->host_header));
    json_object_set_new(set, "checked_name", jnet(target_checked_name(t)));
    json_object_set_new(set, "origin_path", jnet(t->origin_path));
    return set;
}

static json_t *
strv_json(char *const *v, size_t n)
{
    json_t *a = json_array();
    size_t i;
    for (i = 0; i < n; i++)
        json_array_append_new(a, jnet(v[i]));
    return a;
}

/* What the account says (account.h), or null when it was not read. */
static json_t *
account_json(const struct account_origin *a)
{
    json_t *j, *lb, *ls, *certs, *covers, *recs, *errs, *sg;
    size_t i;
    char when[32];

    if (!a)
        return json_null();
    j = json_object();
    json_object_set_new(j, "load_balancer_name", jnet(a->lb_dns));
    json_object_set_new(j, "found_from", jstr_or_null(a->lb_from));
    json_object_set_new(j, "region", a->region[0] ? jnet(a->region) : json_null());
    if (a->lb_found) {
        lb = json_object();
        json_object_set_new(lb, "arn", jnet(a->lb_arn));
        json_object_set_new(lb, "name", jnet(a->lb_name));
        json_object_set_new(lb, "type", jnet(a->lb_type));
        json_object_set_new(lb, "scheme", jnet(a->lb_scheme));
        json_object_set_new(lb, "dns_name", jnet(a->lb_dns_name));
        json_object_set_new(lb, "canonical_hosted_zone_id", jnet(a->lb_zone));
        json_object_set_new(lb, "vpc_id", jnet(a->vpc_id));
        json_object_set_new(lb, "security_groups", strv_json(a->sgs, a->nsgs));
    } else {
        lb = json_null();
    }
    json_object_set_new(j, "load_balancer", lb);
    json_object_set_new(j, "load_balancer_read", json_boolean(a->lb_read));
    if (a->listener_found) {
        ls = json_object();
        json_object_set_new(ls, "port", json_integer(a->port));
        json_object_set_new(ls, "arn", jnet(a->listener_arn));
        json_object_set_new(ls, "protocol", jnet(a->listener_protocol));
        json_object_set_new(ls, "ssl_policy", jnet(a->ssl_policy));
        if (a->rules_read) {
            json_t *rules = json_array();
            for (i = 0; i < a->nrules; i++) {
                const struct account_rule *r = &a->rules[i];
                json_t *x = json_object();
                json_object_set_new(x, "arn", jnet(r->arn));
                json_object_set_new(x, "priority", jnet(r->priority));
                json_object_set_new(x, "default", json_boolean(r->is_default));
                json_object_set_new(x, "hosts", strv_json(r->hosts, r->nhosts));
                json_object_set_new(x, "host_regex", json_boolean(r->host_regex));
                json_object_set_new(x, "action", jnet(r->action));
                json_object_set_new(x, "status", r->status ? json_integer(r->status) : json_null());
                json_object_set_new(x, "target_group_arn", jnet(r->target_group));
                json_array_append_new(rules, x);
            }
            json_object_set_new(ls, "rules", rules);
        } else {
            json_object_set_new(ls, "rules", json_null());
        }
    } else {
        ls = json_null();
    }
    json_object_set_new(j, "listener", ls);
    certs = json_array();
    for (i = 0; i < a->ncerts; i++) {
        const struct account_cert *c = &a->certs[i];
        json_t *x = json_object();
        json_object_set_new(x, "arn", jnet(c->arn));
        json_object_set_new(x, "default", json_boolean(c->is_default));
        json_object_set_new(x, "described", json_boolean(c->described));
        json_object_set_new(x, "domain_name", jnet(c->domain));
        json_object_set_new(x, "names", strv_json(c->names, c->nnames));
        json_object_set_new(x, "status", jnet(c->status));
        json_object_set_new(x, "type", jnet(c->type));
        json_object_set_new(x, "key_algorithm", jnet(c->key_algorithm));
        json_object_set_new(x, "not_after",
                            c->not_after ? json_string(report_date((time_t)c->not_after, REPORT_ISO,
                                                                   when, sizeof when))
                                         : json_null());
        json_object_set_new(x, "renewal_eligibility", jnet(c->renewal));
        json_object_set_new(x, "in_use_by", strv_json(c->in_use_by, c->nin_use_by));
        json_array_append_new(certs, x);
    }
    json_object_set_new(j, "certificates", certs);
    covers = json_array();
    for (i = 0; i < a->ncovers; i++) {
        json_t *x = json_object();
        json_object_set_new(x, "name", jnet(a->covers[i].name));
        json_object_set_new(x, "certificate_arn", jnet(a->covers[i].arn));
        json_array_append_new(covers, x);
    }
    json_object_set_new(j, "issued_certificates", covers);
    recs = json_array();
    for (i = 0; i < a->nrecords; i++) {
        const struct account_record *r = &a->records[i];
        json_t *x = json_object();
        json_object_set_new(x, "name", jnet(r->name));
        json_object_set_new(x, "type", jnet(r->type));
        json_object_set_new(x, "alias", json_boolean(r->alias));
        json_object_set_new(x, "zone_id", jnet(r->zone_id));
        json_object_set_new(x, "zone_name", jnet(r->zone_name));
        json_array_append_new(recs, x);
    }
    json_object_set_new(j, "route53_records", recs);
    json_object_set_new(j, "route53_read", json_boolean(a->zones_read));
    sg = json_object();
    json_object_set_new(sg, "access", json_string(account_access_name(a->access)));
    json_object_set_new(sg, "prefix_list_id", jnet(a->prefix_list_id));
    json_object_set_new(sg, "group_id", jnet(a->access_sg));
    json_object_set_new(j, "security_groups", sg);
    errs = json_array();
    for (i = 0; i < a->nerrors; i++) {
        const struct account_error *e = &a->errors[i];
        json_t *x = json_object();
        char *call =
            xasprintf("aws %s %s", account_call_service(e->call), account_call_operation(e->call));
        json_object_set_new(x, "call", json_string(call));
        free(call);
        json_object_set_new(x, "iam_action", json_string(account_call_action(e->call)));
        json_object_set_new(x, "region", jnet(e->region));
        json_object_set_new(x, "denied", json_boolean(e->denied));
        json_object_set_new(x, "message", jnet(e->message));
        json_array_append_new(errs, x);
    }
    json_object_set_new(j, "errors", errs);
    return j;
}

static json_t *
origin_json(const struct obs_origin *o, const struct diag_origin *d)
{
    json_t *j = json_object(), *dns = json_object(), *addrs = json_array();
    size_t i;

    json_object_set_new(j, "input", jnet(o->target.input));
    json_object_set_new(j, "name", json_string(o->target.name));
    json_object_set_new(j, "port", json_integer(target_port(&o->target)));
    json_object_set_new(j, "host_header", jnet(o->target.host_header));
    json_object_set_new(j, "sni", jnet(o->sni));
    json_object_set_new(j, "completed", json_boolean(obs_origin_ok(o)));
    json_object_set_new(j, "settings", origin_settings_json(&o->target));
    if (o->chain_file) {
        json_t *cf = json_object();
        json_object_set_new(cf, "source", jnet(o->chain_file->source));
        json_object_set_new(cf, "format",
                            json_string(chainfile_format_name(o->chain_file->format)));
        json_object_set_new(cf, "certificates", json_integer((json_int_t)o->chain_file->blocks));
        json_object_set_new(cf, "unreadable", json_integer((json_int_t)o->chain_file->unreadable));
        json_object_set_new(cf, "truncated", json_boolean(o->chain_file->truncated));
        json_object_set_new(j, "chain_file", cf);
    } else {
        json_object_set_new(j, "chain_file", json_null());
    }
    diag_json(j, d);
    json_object_set_new(dns, "status", json_string(obs_dns_status_name(o->dns)));
    json_object_set_new(dns, "message", jnet(o->dns_message));
    json_object_set_new(dns, "elapsed_ms", jms(o->dns_ms));
    json_object_set_new(dns, "cnames", cnames_json(o));
    json_object_set_new(dns, "addresses_dropped", json_integer((json_int_t)o->addrs_dropped));
    json_object_set_new(j, "dns", dns);
    /* --chain-file: no address was connected to; the file stands for one. */
    for (i = 0; i < o->naddrs && !o->chain_file; i++)
        json_array_append_new(addrs, addr_json(&o->addrs[i], diag_explain(d, i), d));
    json_object_set_new(j, "addresses", addrs);
    json_object_set_new(j, "name_lookups", lookups_json(o));
    json_object_set_new(j, "account", account_json(o->account));
    return j;
}

#define JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10))

static json_t *
names_array(char *const *names, size_t n)
{
    json_t *a = json_array();
    size_t i;
    for (i = 0; i < n; i++)
        json_array_append_new(a, jnet(names[i]));
    return a;
}

/* The distribution keys of an origins[] entry (null for command-line
 * origins). */
static void
origin_dist_keys(json_t *j, const struct distrun_dist *dd, const struct distconfig_target *t,
                 const struct distconfig_origin *o, size_t origin_index)
{
    json_t *beh = json_array();
    size_t b[DISTCONFIG_MAX_BEHAVIORS], n, k;

    json_object_set_new(j, "distribution_id", dd ? jnet(dd->dc.id) : json_null());
    json_object_set_new(j, "origin_id", o ? jnet(o->id) : json_null());
    if (t) {
        for (k = 0; k < t->nbehaviors; k++)
            json_array_append_new(beh, jnet(t->behaviors[k]));
    } else if (dd && o) {
        n = distconfig_origin_behaviors(&dd->dc, origin_index, b, DISTCONFIG_MAX_BEHAVIORS);
        for (k = 0; k < n && k < DISTCONFIG_MAX_BEHAVIORS; k++)
            json_array_append_new(beh, jnet(dd->dc.behaviors[b[k]].path));
    }
    json_object_set_new(j, "behaviors", beh);
    json_object_set_new(j, "protocol", t ? json_string(t->tls ? "https" : "http") : json_null());
    json_object_set_new(j, "host_forwarding",
                        !t                ? json_null()
                        : t->host_assumed ? json_string("unknown")
                                          : json_string(t->host_header ? "yes" : "no"));
    json_object_set_new(j, "skipped",
                        o && o->skip_reason ? json_string(_(o->skip_reason)) : json_null());
}

/* A skipped origin: the same keys as a probed one, with nothing observed. */
static json_t *
skipped_json(const struct distrun_dist *dd, size_t oi)
{
    const struct distconfig_origin *o = &dd->dc.origins[oi];
    json_t *j = json_object();
    char *summary;

    json_object_set_new(j, "input", jnet(o->domain_name));
    json_object_set_new(j, "name", jnet(o->domain_name));
    json_object_set_new(j, "port", json_null());
    json_object_set_new(j, "host_header", json_null());
    json_object_set_new(j, "sni", json_null());
    json_object_set_new(j, "completed", json_false());
    json_object_set_new(j, "settings", json_null());
    origin_dist_keys(j, dd, NULL, o, oi);
    json_object_set_new(j, "verdict", json_string("skipped"));
    json_object_set_new(j, "cloudfront_status", json_null());
    summary = xasprintf(_("Not probed: %s"), _(o->skip_reason));
    json_object_set_new(j, "summary", json_string(summary));
    free(summary);
    json_object_set_new(j, "findings", json_array());
    json_object_set_new(j, "suggested_origins", json_array());
    json_object_set_new(j, "aws", json_null());
    json_object_set_new(j, "chain_address", json_null());
    json_object_set_new(j, "chain", json_null());
    json_object_set_new(j, "names", json_null());
    json_object_set_new(j, "fixes", json_array());
    json_object_set_new(j, "dns", json_null());
    json_object_set_new(j, "addresses", json_array());
    json_object_set_new(j, "name_lookups", json_array());
    json_object_set_new(j, "account", json_null());
    return j;
}

static json_t *
distribution_json(const struct distrun_dist *dd, const struct diagnosis *d)
{
    const struct distconfig *dc = &dd->dc;
    json_t *j = json_object(), *beh = json_array(), *fails = json_array(), *groups = json_array();
    size_t i, k;

    json_object_set_new(j, "id", jnet(dc->id));
    json_object_set_new(j, "domain_name", jnet(dc->domain_name));
    json_object_set_new(j, "aliases", names_array(dc->aliases, dc->naliases));
    json_object_set_new(j, "status", jnet(dc->status));
    json_object_set_new(j, "etag", jnet(dc->etag));
    json_object_set_new(j, "verdict", json_string(distrun_verdict(dd, d)));
    json_object_set_new(j, "source", dd->source ? jnet(dd->source) : json_string("aws"));
    for (i = 0; i < dc->nbehaviors; i++) {
        const struct distconfig_behavior *b = &dc->behaviors[i];
        const char *v = report_behavior_verdict(dd, i, d);
        int st = report_behavior_status(dd, i, d);
        json_t *x = json_object();
        json_object_set_new(x, "path_pattern", jnet(b->path));
        json_object_set_new(x, "target_origin_id", jnet(b->target_id));
        json_object_set_new(x, "viewer_protocol_policy",
                            json_string(distconfig_viewer_name(b->viewer)));
        json_object_set_new(x, "host_forwarding", json_string(distconfig_host_name(b->host)));
        json_object_set_new(x, "host_reason", json_string(_(b->host_why)));
        json_object_set_new(x, "edge_code", json_boolean(b->edge_code));
        json_object_set_new(x, "verdict", json_string(v));
        json_object_set_new(x, "cloudfront_status", st ? json_integer(st) : json_null());
        json_array_append_new(beh, x);
        if (strcmp(v, "fail") == 0)
            json_array_append_new(fails, jnet(b->path));
    }
    json_object_set_new(j, "behaviors", beh);
    json_object_set_new(j, "failing_behaviors", fails);
    for (i = 0; i < dc->ngroups; i++) {
        const struct distconfig_group *g = &dc->groups[i];
        json_t *x = json_object(), *m = json_array(), *c = json_array();
        json_object_set_new(x, "id", jnet(g->id));
        for (k = 0; k < g->nmembers; k++)
            json_array_append_new(m, jnet(dc->origins[g->members[k]].id));
        for (k = 0; k < g->ncodes; k++)
            json_array_append_new(c, json_integer(g->status_codes[k]));
        json_object_set_new(x, "members", m);
        json_object_set_new(x, "failover_status_codes", c);
        json_array_append_new(groups, x);
    }
    json_object_set_new(j, "origin_groups", groups);
    json_object_set_new(j, "notes", names_array(dd->notes, dd->nnotes));
    return j;
}

/* json_dump_callback's sink for the origins: straight to the report, each
 * line indented two more levels (a JSON string holds no raw newline), with
 * no copy of an origin's text in memory.  jansson hands over a few bytes
 * at a time; they are gathered here and written in large pieces (one
 * fwrite per piece was 12% of the CPU of a 10,000-origin report). */
struct json_sink {
    FILE *out;
    size_t len;
    char buf[1 << 16];
};

static void
sink_flush(struct json_sink *k)
{
    if (k->len)
        fwrite(k->buf, 1, k->len, k->out);
    k->len = 0;
}

static void
sink_put(struct json_sink *k, const char *p, size_t n)
{
    if (n > sizeof k->buf - k->len) {
        sink_flush(k);
        if (n > sizeof k->buf) {
            fwrite(p, 1, n, k->out);
            return;
        }
    }
    memcpy(k->buf + k->len, p, n);
    k->len += n;
}

/* One origin's tree into the sink: the text json_dump_callback gives with
 * JSON_FLAGS (jansson 2.14's dump.c: two spaces a level, ": " after a key,
 * "," then a new line between members, keys in insertion order, '"', '\\'
 * and control characters escaped, the rest as is), each line indented two
 * levels more.  jansson's own dump cost half the CPU of a 10,000-origin
 * report: a callback per piece, a UTF-8 decode per character of each
 * string (every string in a tree is valid UTF-8 already: json_string
 * checks) and a pointer formatted and hashed per object and array against
 * loops (a tree built here has none).  Reals are left to jansson. */
static void
sink_indent(struct json_sink *k, size_t depth)
{
    static const char spaces[] = "                                ";
    size_t n = 2 * (depth + 2);

    sink_put(k, "\n", 1);
    while (n) {
        size_t c = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        sink_put(k, spaces, c);
        n -= c;
    }
}

static void
sink_string(struct json_sink *k, const char *s, size_t len)
{
    const char *p, *end = s + len, *run = s;
    char u[8];

    sink_put(k, "\"", 1);
    for (p = s; p < end; p++) {
        unsigned char c = (unsigned char)*p;
        const char *e;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        sink_put(k, run, (size_t)(p - run));
        switch (c) {
        case '"':
            e = "\\\"";
            break;
        case '\\':
            e = "\\\\";
            break;
        case '\b':
            e = "\\b";
            break;
        case '\f':
            e = "\\f";
            break;
        case '\n':
            e = "\\n";
            break;
        case '\r':
            e = "\\r";
            break;
        case '\t':
            e = "\\t";
            break;
        default:
            snprintf(u, sizeof u, "\\u%04X", c);
            e = u;
        }
        sink_put(k, e, strlen(e));
        run = p + 1;
    }
    sink_put(k, run, (size_t)(end - run));
    sink_put(k, "\"", 1);
}

static int
sink_cb(const char *buf, size_t size, void *data)
{
    sink_put(data, buf, size);
    return 0;
}

static int
sink_value(struct json_sink *k, json_t *v, size_t depth)
{
    char num[32];
    int n;

    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        void *it = json_object_iter(v);
        sink_put(k, "{", 1);
        if (!it)
            break;
        sink_indent(k, depth + 1);
        while (it) {
            void *next = json_object_iter_next(v, it);
            const char *key = json_object_iter_key(it);
            sink_string(k, key, strlen(key));
            sink_put(k, ": ", 2);
            if (sink_value(k, json_object_iter_value(it), depth + 1) < 0)
                return -1;
            if (next)
                sink_put(k, ",", 1);
            sink_indent(k, next ? depth + 1 : depth);
            it = next;
        }
        break;
    }
    case JSON_ARRAY: {
        size_t i, len = json_array_size(v);
        sink_put(k, "[", 1);
        if (!len) {
            sink_put(k, "]", 1);
            return 0;
        }
        sink_indent(k, depth + 1);
        for (i = 0; i < len; i++) {
            if (sink_value(k, json_array_get(v, i), depth + 1) < 0)
                return -1;
            if (i + 1 < len)
                sink_put(k, ",", 1);
            sink_indent(k, i + 1 < len ? depth + 1 : depth);
        }
        sink_put(k, "]", 1);
        return 0;
    }
    case JSON_STRING:
        sink_string(k, json_string_value(v), json_string_length(v));
        return 0;
    case JSON_INTEGER:
        n = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        sink_put(k, num, (size_t)n);
        return 0;
    case JSON_TRUE:
        sink_put(k, "true", 4);
        return 0;
    case JSON_FALSE:
        sink_put(k, "false", 5);
        return 0;
    case JSON_NULL:
        sink_put(k, "null", 4);
        return 0;
    default: /* a real: jansson's own digits */
        return json_dump_callback(v, sink_cb, k, JSON_FLAGS | JSON_ENCODE_ANY);
    }
    sink_put(k, "}", 1);
    return 0;
}

int
report_json_write_run(FILE *out, const struct observation *obs, const struct diagnosis *d,
                      const struct target_settings *s, const struct distrun *run)
{
    json_t *root = json_object(), *tool = json_object(), *set = json_object();
    struct target first;
    char when[32], *head;
    struct json_sink *sink;
    time_t t = (time_t)obs->started;
    size_t i, k, n, nskipped = 0;
    int r;

    json_object_set_new(root, "schema", json_string("origin-doctor/report/3"));
    json_object_set_new(tool, "name", json_string(PACKAGE));
    json_object_set_new(tool, "version", json_string(VERSION));
    json_object_set_new(tool, "gnutls", json_string(gnutls_check_version(NULL)));
    json_object_set_new(tool, "c_ares", json_string(ares_version(NULL)));
    json_object_set_new(root, "tool", tool);
    report_date(t, REPORT_ISO, when, sizeof when);
    json_object_set_new(root, "started", json_string(when));
    json_object_set_new(root, "elapsed_ms", jms(obs->elapsed_ms));
    report_date(d->now, REPORT_ISO, when, sizeof when);
    /* The time certificate validity was judged at (--at, or now). */
    json_object_set_new(root, "judged_at", json_string(when));
    json_object_set_new(root, "cancelled", json_boolean(obs->cancelled));
    json_object_set_new(root, "verdict", json_string(diag_verdict_name(diag_worst_verdict(d))));

    /* Schema 1 had these three run-wide; they stay, with the first
     * origin's values (the command line gives every origin the same).
     * Each origin's own are in its "settings". */
    target_init(&first);
    if (obs->norigins)
        first = obs->origins[0].target; /* scalars only, not freed */
    json_object_set_new(set, "min_protocol",
                        json_string(target_proto_name(target_min_proto(&first))));
    json_object_set_new(set, "offered_versions", offered_versions_json(&first));
    json_object_set_new(set, "connect_timeout_ms", json_integer(first.connect_timeout_ms));
    json_object_set_new(set, "handshake_timeout_ms", json_integer(s->handshake_timeout_ms));
    json_object_set_new(set, "dns_timeout_ms", json_integer(s->dns_timeout_ms));
    json_object_set_new(set, "dns_servers", jstr_or_null(s->dns_servers));
    json_object_set_new(set, "ca_file", jnet(s->ca_file));
    json_object_set_new(set, "family",
                        json_string(s->family == 4   ? "ipv4"
                                    : s->family == 6 ? "ipv6"
                                                     : "any"));
    json_object_set_new(set, "explain", json_boolean(s->explain));
    json_object_set_new(set, "vpc_origin", json_boolean(s->private_ok));
    json_object_set_new(root, "settings", set);
    /* Before "origins", which is streamed last. */
    if (obs->viewer)
        json_object_set_new(root, "viewer", viewer_json(obs->viewer, &d->viewer, run));
    {
        json_t *dists = json_array();
        for (i = 0; run && i < run->ndists; i++)
            json_array_append_new(dists, distribution_json(&run->dists[i], d));
        json_object_set_new(root, "distributions", dists);
    }
    /* Skipped origins of the distributions follow the probed ones. */
    for (i = 0; run && i < run->ndists; i++)
        for (k = 0; k < run->dists[i].dc.norigins; k++)
            if (run->dists[i].dc.origins[k].skip_reason)
                nskipped++;
    if (obs->norigins + nskipped == 0) {
        json_object_set_new(root, "origins", json_array());
        r = json_dumpf(root, out, JSON_FLAGS);
        fputc('\n', out);
        json_decref(root);
        return r == 0 && !ferror(out) ? 0 : -1;
    }

    /* Streamed: everything but "origins" as one tree, then each origin as
     * its own tree, written and freed before the next is built, so memory
     * does not grow with the run.  The text is what json_dumpf would give
     * for the whole tree: "origins" is the last key, its elements indented
     * two levels (a JSON string holds no raw newline, so re-indenting
     * after each newline is safe). */
    head = json_dumps(root, JSON_FLAGS);
    json_decref(root);
    if (!head)
        return -1;
    n = strlen(head);
    if (n < 2 || head[n - 1] != '}') {
        free(head);
        return -1;
    }
    while (n > 1 && (head[n - 2] == '\n' || head[n - 2] == ' '))
        n--; /* the closing brace's line */
    fwrite(head, 1, n - 1, out);
    free(head);
    fputs(",\n  \"origins\": [\n", out);
    sink = xmalloc(sizeof *sink);
    sink->out = out;
    sink->len = 0;
    for (i = 0; i < obs->norigins + nskipped; i++) {
        json_t *o;
        if (i < obs->norigins) {
            const struct distrun_dist *dd = NULL;
            const struct distconfig_target *dt = NULL;
            struct diag_origin tmp;
            const struct diag_origin *od = report_origin(d, i, s, &tmp);
            o = origin_json(&obs->origins[i], od);
            report_origin_done(od, &tmp);
            if (distrun_locate(run, i, &dd, &dt))
                origin_dist_keys(o, dd, dt, &dd->dc.origins[dt->origin], dt->origin);
            else
                origin_dist_keys(o, NULL, NULL, NULL, 0);
        } else {
            /* the (i - norigins)-th skipped origin */
            size_t want = i - obs->norigins, seen = 0, di, oi;
            o = NULL;
            for (di = 0; !o && di < run->ndists; di++)
                for (oi = 0; !o && oi < run->dists[di].dc.norigins; oi++)
                    if (run->dists[di].dc.origins[oi].skip_reason && seen++ == want)
                        o = skipped_json(&run->dists[di], oi);
        }
        sink_put(sink, "    ", 4);
        r = sink_value(sink, o, 0);
        json_decref(o);
        if (r != 0) {
            free(sink);
            return -1;
        }
        if (i + 1 < obs->norigins + nskipped)
            sink_put(sink, ",\n", 2);
        else
            sink_put(sink, "\n", 1);
    }
    sink_flush(sink);
    free(sink);
    fputs("  ]\n}\n", out);
    return ferror(out) ? -1 : 0;
}

static int
write_json(FILE *out, const struct observation *obs, const struct diagnosis *d,
           const struct target_settings *s)
{
    return report_json_write_run(out, obs, d, s, NULL);
}

const struct report_format report_json = {"json", "json", write_json, report_json_write_run};
