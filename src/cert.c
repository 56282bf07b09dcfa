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

static char *
get_dn(const unsigned char *der, size_t len, int issuer)
{
    gnutls_x509_crt_t crt;
    gnutls_datum_t in = {(unsigned char *)der, (unsigned)len}, dn = {NULL, 0};
    char *out = NULL;
    int r;

    if (!der || gnutls_x509_crt_init(&crt) < 0)
        return NULL;
    if (gnutls_x509_crt_import(crt, &in, GNUTLS_X509_FMT_DER) >= 0) {
        r = issuer ? gnutls_x509_crt_get_issuer_dn3(crt, &dn, 0)
                   : gnutls_x509_crt_get_dn3(crt, &dn, 0);
        if (r >= 0)
            out = xstrndup((const char *)dn.data, dn.size);
        gnutls_free(dn.data);
    }
    gnutls_x509_crt_deinit(crt);
    return out;
}

char *
cert_subject(const unsigned char *der, size_t len)
{
    return get_dn(der, len, 0);
}

char *
cert_issuer(const unsigned char *der, size_t len)
{
    return get_dn(der, len, 1);
}

void
cert_sha256_hex(const unsigned char *der, size_t len, char out[65])
{
    unsigned char md[32];
    int i;

    out[0] = '\0';
    if (!der || gnutls_hash_fast(GNUTLS_DIG_SHA256, der, len, md) < 0)
        return;
    for (i = 0; i < 32; i++)
        sprintf(out + 2 * i, "%02x", md[i]);
}

size_t
cert_dns_names(const unsigned char *der, size_t len, char ***out, size_t max)
{
    gnutls_x509_crt_t crt;
    gnutls_datum_t in = {(unsigned char *)der, (unsigned)len};
    size_t n = 0;
    unsigned i;
    bool san = false;

    *out = NULL;
    if (!der || gnutls_x509_crt_init(&crt) < 0)
        return 0;
    if (gnutls_x509_crt_import(crt, &in, GNUTLS_X509_FMT_DER) < 0)
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
    gnutls_x509_crt_deinit(crt);
    return n;
}

void
cert_chain_parse(const struct obs_cert *certs, size_t n, struct cert_chain *out)
{
    size_t i;

    out->n = n;
    out->c = n ? xcalloc(n, sizeof *out->c) : NULL;
    for (i = 0; i < n; i++) {
        struct cert_parsed *p = &out->c[i];
        gnutls_datum_t d = {certs[i].der, (unsigned)certs[i].size}, dn = {NULL, 0};

        if (!certs[i].der || gnutls_x509_crt_init(&p->crt) < 0) {
            p->crt = NULL;
            continue;
        }
        if (gnutls_x509_crt_import(p->crt, &d, GNUTLS_X509_FMT_DER) < 0) {
            gnutls_x509_crt_deinit(p->crt);
            p->crt = NULL;
            continue;
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
    }
}

void
cert_chain_free(struct cert_chain *pc)
{
    size_t i;

    for (i = 0; i < pc->n; i++) {
        struct cert_parsed *p = &pc->c[i];
        if (p->crt)
            gnutls_x509_crt_deinit(p->crt);
        gnutls_free(p->raw_dn.data);
        gnutls_free(p->raw_issuer.data);
        free(p->subject);
        free(p->issuer);
    }
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
