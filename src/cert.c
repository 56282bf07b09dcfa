#include "config.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

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
