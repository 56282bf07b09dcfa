#include "config.h"

/* The whole analysis from a certificate list: a probe's observation of one
 * origin whose handshake brought these certificates, analyse() (diagnose,
 * then the fix guides), and the three reports.  The JSON report must parse
 * back (jansson) and the text report must hold no control byte but \n and
 * \t, whatever the certificates say.
 *
 * Input: one byte of flags, then the certificates as in a TLS Certificate
 * message (each a 3-byte length and the DER).
 *   bits 0-1  the handshake: ok, failed, alert, closed
 *   bit 2     the origin is an IP literal (203.0.113.10), else a name
 *   bit 3     Host forwarded (www.example.com is the name checked)
 *   bit 4     no trust anchor (else the corpus's root, fuzz-ca.h)
 *   bit 5     CloudFront's request answered 200 (else not made)
 *   bit 6     a private address (10.0.0.1)
 *   bit 7     the origin comes from a distribution (facts.h: its id, ETag,
 *             origin Id, behaviours, aliases), for the fix guides */

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse.h"
#include "diag.h"
#include "facts.h"
#include "fuzz-ca.h"
#include "fuzz.h"
#include "obs.h"
#include "report.h"
#include "xmalloc.h"

#define FUZZ_NOW ((time_t)1796083200) /* 2026-12-01T00:00:00Z, inside the seeds' validity */

static gnutls_x509_trust_list_t
trust(void)
{
    static gnutls_x509_trust_list_t t;
    if (!t) {
        gnutls_datum_t ca = {(unsigned char *)fuzz_ca_der, sizeof fuzz_ca_der};
        if (gnutls_x509_trust_list_init(&t, 0) < 0 ||
            gnutls_x509_trust_list_add_trust_mem(t, &ca, NULL, GNUTLS_X509_FMT_DER, 0, 0) != 1)
            fuzz_fail("cannot load the corpus's root");
    }
    return t;
}

static size_t
get24(const uint8_t *p)
{
    return (size_t)p[0] << 16 | (size_t)p[1] << 8 | p[2];
}

static struct observation *
observation(const uint8_t *data, size_t size)
{
    unsigned flags = data[0];
    struct observation *obs = xcalloc(1, sizeof *obs);
    struct obs_origin *o;
    struct obs_addr *a;
    struct obs_tls *t;
    size_t off = 1;
    static const int statuses[] = {TLS_OK, TLS_FAILED, TLS_ALERT, TLS_CLOSED};

    obs->started = (int64_t)FUZZ_NOW;
    obs->norigins = 1;
    obs->origins = o = xcalloc(1, sizeof *o);
    target_init(&o->target);
    o->target.is_literal = flags & 4;
    o->target.input = xstrdup(flags & 4 ? "203.0.113.10" : "origin.example.com");
    o->target.name = xstrdup(o->target.input);
    if (flags & 8)
        o->target.host_header = xstrdup("www.example.com");
    if (target_sni(&o->target))
        o->sni = xstrdup(target_sni(&o->target));
    o->dns = flags & 4 ? DNS_LITERAL : DNS_OK;
    a = obs_origin_add_addr(o);
    obs_addr_set_text(a, flags & 64 ? "10.0.0.1" : "203.0.113.10");
    a->ttl = flags & 4 ? 0 : 60;
    a->probed = true;
    a->tcp = TCP_CONNECTED;
    a->connect_ms = 1.5;
    t = &a->tls;
    t->status = statuses[flags & 3];
    t->alert = t->status == TLS_ALERT ? 42 : -1;
    t->elapsed_ms = 3.0;
    if (t->status == TLS_OK) {
        t->version = xstrdup("TLS1.2");
        t->cipher_suite = xstrdup("TLS_ECDHE_RSA_AES_128_GCM_SHA256");
        t->suite_id[0] = 0xc0;
        t->suite_id[1] = 0x2f;
        t->suite_in_profile = true;
        t->group = xstrdup("SECP256R1");
    } else {
        t->gnutls_error =
            t->status == TLS_ALERT ? GNUTLS_E_FATAL_ALERT_RECEIVED : GNUTLS_E_PREMATURE_TERMINATION;
    }
    while (size - off >= 3) {
        size_t len = get24(data + off);
        if (len > size - off - 3)
            len = size - off - 3;
        if (t->ncerts < OBS_MAX_CERTS) {
            struct obs_cert *c;
            t->certs = xreallocarray(t->certs, t->ncerts + 1, sizeof *t->certs);
            c = &t->certs[t->ncerts++];
            c->size = len;
            c->der = xmalloc(len ? len : 1);
            memcpy(c->der, data + off + 3, len);
        }
        t->certs_received++;
        off += 3 + len;
    }
    if (t->status == TLS_OK && (flags & 32)) {
        a->http.status = HTTP_OK;
        a->http.host = xstrdup(target_checked_name(&o->target));
        a->http.path = xstrdup("/");
        a->http.cf_id = xstrdup("fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz");
        a->http.timeout_ms = 30000;
        a->http.code = 200;
        a->http.server = xstrdup("fuzz");
        a->http.elapsed_ms = 2;
        a->http.first_byte_ms = 1;
        a->http.bytes_read = a->http.head_bytes = 40;
    } else {
        a->http.status = HTTP_SKIPPED;
        a->http.first_byte_ms = -1;
    }
    return obs;
}

static char *
report(const struct report_format *f, const struct observation *obs, const struct diagnosis *d,
       const struct target_settings *s, size_t *len)
{
    char *buf = NULL;
    FILE *out = open_memstream(&buf, len);

    if (!out)
        fuzz_fail("open_memstream");
    if (f->write(out, obs, d, s) < 0)
        fuzz_fail("the %s report could not be written", f->name);
    if (fclose(out) != 0)
        fuzz_fail("open_memstream: fclose");
    return buf;
}

static const char *const behaviors[] = {"/api/*", "*"};
static const char *const aliases[] = {"www.example.com", "example.com"};
static const struct origin_facts dist_facts = {
    .dist = true,
    .dist_id = "E2QWRUHAPOMQZL",
    .dist_domain = "d111111abcdef8.cloudfront.net",
    .etag = "E3UN6WX5RRO2AG",
    .origin_id = "alb",
    .behaviors = behaviors,
    .nbehaviors = 2,
    .host = FACTS_HOST_NO,
    .aliases = aliases,
    .naliases = 2,
    .account = NULL,
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct target_settings s;
    struct observation *obs;
    struct diagnosis *d;
    char *text, *json, *md;
    size_t ntext, njson, nmd;
    json_error_t jerr;
    json_t *doc;

    if (size < 1 || size > 1 << 20)
        return 0;
    memset(&s, 0, sizeof s);
    s.handshake_timeout_ms = 10000;
    s.dns_timeout_ms = 5000;
    s.private_ok = false;
    obs = observation(data, size);
    d = analyse(obs, &s, data[0] & 16 ? NULL : trust(), FUZZ_NOW,
                data[0] & 128 ? &dist_facts : NULL);
    text = report(&report_text, obs, d, &s, &ntext);
    json = report(&report_json, obs, d, &s, &njson);
    md = report(&report_markdown, obs, d, &s, &nmd);
    if (fuzz_has_control(text, ntext))
        fuzz_fail("the text report holds a control byte:\n%s", text);
    if (!(doc = json_loadb(json, njson, JSON_REJECT_DUPLICATES, &jerr)))
        fuzz_fail("the JSON report does not parse (line %d: %s):\n%s", jerr.line, jerr.text, json);
    if (!json_is_object(doc))
        fuzz_fail("the JSON report is not an object");
    if (getenv("FUZZ_SHOW")) /* for looking at a seed: its verdict and findings */
        fputs(text, stdout);
    json_decref(doc);
    free(text);
    free(json);
    free(md);
    diag_free(d);
    obs_free(obs);
    return 0;
}
