#include "config.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert.h"
#include "xmalloc.h"

char *
cert_subject(const unsigned char *der, size_t len)
{
    struct cert_parsed *p = cert_parse(der, len);
    char *out = p->subject ? xstrdup(p->subject) : NULL;

    cert_unref(p);
    return out;
}

char *
cert_issuer(const unsigned char *der, size_t len)
{
    struct cert_parsed *p = cert_parse(der, len);
    char *out = p->issuer ? xstrdup(p->issuer) : NULL;

    cert_unref(p);
    return out;
}

void
cert_sha256_hex(const unsigned char *der, size_t len, char out[65])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char md[32];
    size_t i;

    out[0] = '\0';
    if (!der || gnutls_hash_fast(GNUTLS_DIG_SHA256, der, len, md) < 0)
        return;
    for (i = 0; i < sizeof md; i++) {
        out[2 * i] = digits[md[i] >> 4];
        out[2 * i + 1] = digits[md[i] & 15];
    }
    out[2 * sizeof md] = '\0';
}

size_t
cert_dns_names(const unsigned char *der, size_t len, char ***out, size_t max)
{
    struct cert_parsed *p = cert_parse(der, len);
    gnutls_x509_crt_t crt = p->crt;
    size_t n = 0;
    unsigned i;
    bool san = false;

    *out = NULL;
    if (!crt)
        goto out;
    for (i = 0; n < max; i++) {
        char buf[512];
        size_t size = sizeof buf - 1;
        int t = gnutls_x509_crt_get_subject_alt_name(crt, i, buf, &size, NULL);
        if (t == GNUTLS_E_SHORT_MEMORY_BUFFER)
            continue;
        if (t < 0)
            break;
        if (t != GNUTLS_SAN_DNSNAME)
            continue;
        san = true;
        buf[size] = '\0';
        *out = xreallocarray(*out, n + 1, sizeof **out);
        (*out)[n++] = xstrdup(buf);
    }
    for (i = 0; !san && n < max; i++) {
        char buf[512];
        size_t size = sizeof buf - 1;
        if (gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, i, 0, buf, &size) < 0)
            break;
        buf[size] = '\0';
        *out = xreallocarray(*out, n + 1, sizeof **out);
        (*out)[n++] = xstrdup(buf);
    }
out:
    cert_unref(p);
    return n;
}

static struct cert_parsed *cache[CERT_CACHE];
static size_t cache_next;

static void
parsed_free(struct cert_parsed *p)
{
    if (p->crt)
        gnutls_x509_crt_deinit(p->crt);
    gnutls_free(p->raw_dn.data);
    gnutls_free(p->raw_issuer.data);
    free(p->subject);
    free(p->issuer);
    free(p->der);
    free(p);
}

void
cert_unref(struct cert_parsed *p)
{
    if (p && --p->refs == 0)
        parsed_free(p);
}

void
cert_cache_clear(void)
{
    size_t i;

    for (i = 0; i < CERT_CACHE; i++) {
        cert_unref(cache[i]);
        cache[i] = NULL;
    }
    cache_next = 0;
}

/* Everything the analyses read more than once, read here once. */
static void
parse_into(struct cert_parsed *p, const unsigned char *der, size_t len)
{
    gnutls_datum_t d = {(unsigned char *)der, (unsigned)len}, dn = {NULL, 0};

    p->pk = GNUTLS_PK_UNKNOWN;
    p->curve = GNUTLS_ECC_CURVE_INVALID;
    if (!der)
        return;
    cert_sha256_hex(der, len, p->sha256);
    if (gnutls_x509_crt_init(&p->crt) < 0) {
        p->crt = NULL;
        return;
    }
    if (gnutls_x509_crt_import(p->crt, &d, GNUTLS_X509_FMT_DER) < 0) {
        gnutls_x509_crt_deinit(p->crt);
        p->crt = NULL;
        return;
    }
    if (gnutls_x509_crt_get_raw_dn(p->crt, &p->raw_dn) < 0)
        p->raw_dn = (gnutls_datum_t){NULL, 0};
    if (gnutls_x509_crt_get_raw_issuer_dn(p->crt, &p->raw_issuer) < 0)
        p->raw_issuer = (gnutls_datum_t){NULL, 0};
    if (gnutls_x509_crt_get_dn3(p->crt, &dn, 0) >= 0)
        p->subject = xstrndup((const char *)dn.data, dn.size);
    gnutls_free(dn.data);
    dn = (gnutls_datum_t){NULL, 0};
    if (gnutls_x509_crt_get_issuer_dn3(p->crt, &dn, 0) >= 0)
        p->issuer = xstrndup((const char *)dn.data, dn.size);
    gnutls_free(dn.data);
    p->pk = gnutls_x509_crt_get_pk_algorithm(p->crt, &p->bits);
    if (p->pk == GNUTLS_PK_ECDSA)
        gnutls_x509_crt_get_pk_ecc_raw(p->crt, &p->curve, NULL, NULL);
}

struct cert_parsed *
cert_parse(const unsigned char *der, size_t len)
{
    struct cert_parsed *p;
    size_t i;

    for (i = 0; der && i < CERT_CACHE; i++)
        if (cache[i] && cache[i]->size == len && memcmp(cache[i]->der, der, len) == 0) {
            cache[i]->refs++;
            return cache[i];
        }
    p = xcalloc(1, sizeof *p);
    p->refs = 1;
    parse_into(p, der, len);
    if (p->crt) {
        /* Only a certificate that parsed is worth keeping. */
        p->der = xmalloc(len ? len : 1);
        memcpy(p->der, der, len);
        p->size = len;
        cert_unref(cache[cache_next]);
        cache[cache_next] = p;
        cache_next = (cache_next + 1) % CERT_CACHE;
        p->refs++;
    }
    return p;
}

void
cert_chain_parse(const struct obs_cert *certs, size_t n, struct cert_chain *out)
{
    size_t i;

    out->n = n;
    out->c = n ? xcalloc(n, sizeof *out->c) : NULL;
    for (i = 0; i < n; i++)
        out->c[i] = cert_parse(certs[i].der, certs[i].size);
}

void
cert_chain_free(struct cert_chain *pc)
{
    size_t i;

    for (i = 0; i < pc->n; i++)
        cert_unref(pc->c[i]);
    free(pc->c);
    pc->c = NULL;
    pc->n = 0;
}

bool
cert_check_issuer(const struct cert_parsed *a, const struct cert_parsed *b)
{
    if (!a->crt || !b->crt)
        return false;
    if (a->raw_issuer.data && b->raw_dn.data && a->issuer && b->subject &&
        !(a->raw_issuer.size == b->raw_dn.size &&
          memcmp(a->raw_issuer.data, b->raw_dn.data, b->raw_dn.size) == 0) &&
        strcmp(a->issuer, b->subject) != 0)
        return false;
    return gnutls_x509_crt_check_issuer(a->crt, b->crt) != 0;
}

gnutls_x509_crt_t
cert_anchor(gnutls_x509_trust_list_t trust, gnutls_x509_crt_t crt)
{
    gnutls_x509_crt_t a = NULL;

    /* Without GNUTLS_TL_GET_COPY: the list's own certificate.  (GnuTLS
     * needs the copy only to be thread-safe with a PKCS #11 trust list,
     * and this program has one thread.) */
    if (!trust || !crt || gnutls_x509_trust_list_get_issuer(trust, crt, &a, 0) < 0)
        return NULL;
    return a;
}
