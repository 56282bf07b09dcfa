#include "config.h"

/* chainfile_parse() on the evidence a customer sends, built here from two
 * certificates made with GnuTLS (a leaf and its issuer): a PEM bundle, an
 * openssl s_client -showcerts transcript, a gnutls-cli --print-cert
 * transcript with terminal escape sequences, DER (one, and two
 * concatenated), aws acm get-certificate JSON (Certificate then
 * CertificateChain), and bad input: no certificate, an empty file, a
 * truncated last or first PEM block, broken JSON, 10,000 PEM blocks. */

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chainfile.h"
#include "obs.h"
#include "unit.h"
#include "xmalloc.h"

static gnutls_datum_t der[2], pem[2];

static void
need(int ret, const char *what)
{
    if (ret < 0) {
        fprintf(stderr, "fixture: %s: %s\n", what, gnutls_strerror(ret));
        exit(1);
    }
}

static void
make(void)
{
    gnutls_x509_privkey_t k[2];
    gnutls_x509_crt_t c[2];
    int i;

    for (i = 0; i < 2; i++) {
        need(gnutls_x509_privkey_init(&k[i]), "key");
        need(gnutls_x509_privkey_generate(k[i], GNUTLS_PK_ECDSA,
                                          GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0),
             "gen");
    }
    for (i = 1; i >= 0; i--) {
        const char *cn = i ? "Chainfile CA" : "leaf.test";
        unsigned char serial[2] = {1, (unsigned char)(i + 1)};
        need(gnutls_x509_crt_init(&c[i]), "crt");
        need(gnutls_x509_crt_set_version(c[i], 3), "version");
        need(gnutls_x509_crt_set_serial(c[i], serial, 2), "serial");
        need(gnutls_x509_crt_set_dn_by_oid(c[i], GNUTLS_OID_X520_COMMON_NAME, 0, cn,
                                           (unsigned)strlen(cn)),
             "cn");
        need(gnutls_x509_crt_set_activation_time(c[i], time(NULL) - 86400), "act");
        need(gnutls_x509_crt_set_expiration_time(c[i], time(NULL) + 86400 * 300), "exp");
        need(gnutls_x509_crt_set_key(c[i], k[i]), "set key");
        need(gnutls_x509_crt_set_basic_constraints(c[i], (unsigned)i, -1), "bc");
        need(gnutls_x509_crt_sign2(c[i], i ? c[1] : c[1], k[1], GNUTLS_DIG_SHA256, 0), "sign");
        need(gnutls_x509_crt_export2(c[i], GNUTLS_X509_FMT_DER, &der[i]), "der");
        need(gnutls_x509_crt_export2(c[i], GNUTLS_X509_FMT_PEM, &pem[i]), "pem");
    }
    for (i = 0; i < 2; i++) {
        gnutls_x509_crt_deinit(c[i]);
        gnutls_x509_privkey_deinit(k[i]);
    }
}

static char *
cat(const char *a, const char *b, const char *c, const char *d, const char *e)
{
    return xasprintf("%s%s%s%s%s", a, b ? b : "", c ? c : "", d ? d : "", e ? e : "");
}

/* The PEM text of certificate i, as a C string. */
static char *
pemtext(int i)
{
    return xstrndup((const char *)pem[i].data, pem[i].size);
}

static void
expect(const char *name, const void *data, size_t len, bool ok, int format, size_t ncerts,
       size_t received, bool leaf_first)
{
    struct obs_tls t;
    struct chainfile cf;
    const char *err = NULL;
    bool r;

    unit_set_case(name);
    memset(&cf, 0, sizeof cf);
    r = chainfile_parse(data, len, &t, &cf, &err);
    CHECK_MSG(r == ok, "parse returned %d, want %d (err %s)", r, ok, err ? err : "-");
    if (!ok) {
        CHECK_MSG(err && *err, "an error message");
        return;
    }
    if (!r)
        return;
    CHECK_INT("format", format, (int)cf.format);
    CHECK_INT("certs kept", (long)ncerts, (long)t.ncerts);
    CHECK_INT("certs received", (long)received, (long)t.certs_received);
    if (leaf_first && t.ncerts >= 1) {
        CHECK_MSG(t.certs[0].size == der[0].size &&
                      memcmp(t.certs[0].der, der[0].data, der[0].size) == 0,
                  "the first certificate is the leaf");
    }
    if (leaf_first && t.ncerts >= 2 && t.certs[1].der) {
        CHECK_MSG(t.certs[1].size == der[1].size &&
                      memcmp(t.certs[1].der, der[1].data, der[1].size) == 0,
                  "the second certificate is the CA");
    }
    obs_tls_clear(&t);
}

int
main(void)
{
    char *l, *ca, *s;
    size_t i;

    need(gnutls_global_init(), "init");
    make();
    l = pemtext(0);
    ca = pemtext(1);

    s = cat(l, ca, NULL, NULL, NULL);
    expect("PEM bundle", s, strlen(s), true, CHAINFILE_PEM, 2, 2, true);
    free(s);

    s = cat("CONNECTED(00000003)\ndepth=1 CN = Chainfile CA\n---\nCertificate chain\n"
            " 0 s:CN = leaf.test\n   i:CN = Chainfile CA\n",
            l, " 1 s:CN = Chainfile CA\n   i:CN = Chainfile CA\n", ca,
            "---\nServer certificate\nsubject=CN = leaf.test\n---\nDONE\n");
    expect("s_client -showcerts transcript", s, strlen(s), true, CHAINFILE_S_CLIENT, 2, 2, true);
    free(s);

    {
        /* gnutls-cli colours nothing, but a terminal capture may: escape
         * sequences around and inside the blocks. */
        char *lc = xstrdup(l), *nl = strchr(lc + 30, '\n');
        char *lesc;
        *nl = '\0';
        lesc = xasprintf("%s\x1b[0m\n%s", lc, nl + 1);
        s = cat("Processed 140 CA certificate(s).\n- Certificate type: X.509\n"
                "- Got a certificate list of 2 certificates.\n- Certificate[0] info:\n\x1b[1m",
                lesc, "- Certificate[1] info:\n", ca, "- Status: The certificate is trusted.\n");
        expect("gnutls-cli transcript with escapes", s, strlen(s), true, CHAINFILE_GNUTLS_CLI, 2, 2,
               true);
        free(s);
        free(lc);
        free(lesc);
    }

    expect("DER", der[0].data, der[0].size, true, CHAINFILE_DER, 1, 1, true);
    {
        unsigned char *two = xmalloc(der[0].size + der[1].size);
        memcpy(two, der[0].data, der[0].size);
        memcpy(two + der[0].size, der[1].data, der[1].size);
        expect("two DER certificates", two, der[0].size + der[1].size, true, CHAINFILE_DER, 2, 2,
               true);
        expect("DER cut short", two, der[0].size / 2, false, 0, 0, 0, false);
        free(two);
    }

    {
        /* JSON escapes the newlines of the PEM text. */
        char *jl = xmalloc(strlen(l) * 2 + 1), *jc = xmalloc(strlen(ca) * 2 + 1), *o;
        const char *p;
        for (o = jl, p = l; *p; p++)
            if (*p == '\n')
                *o++ = '\\', *o++ = 'n';
            else
                *o++ = *p;
        *o = '\0';
        for (o = jc, p = ca; *p; p++)
            if (*p == '\n')
                *o++ = '\\', *o++ = 'n';
            else
                *o++ = *p;
        *o = '\0';
        s = xasprintf("{\n    \"Certificate\": \"%s\",\n    \"CertificateChain\": \"%s\"\n}\n", jl,
                      jc);
        expect("aws acm get-certificate JSON", s, strlen(s), true, CHAINFILE_ACM_JSON, 2, 2, true);
        free(s);
        s = xasprintf("{\"CertificateChain\": \"%s\"}", jc);
        expect("ACM JSON without Certificate", s, strlen(s), false, 0, 0, 0, false);
        free(s);
        s = xasprintf("{\"Certificate\": \"%s\"", jl);
        expect("broken JSON", s, strlen(s), false, 0, 0, 0, false);
        free(s);
        free(jl);
        free(jc);
    }

    s = "Hello, this is not a certificate.\n";
    expect("not a certificate", s, strlen(s), false, 0, 0, 0, false);
    expect("empty", "", 0, false, 0, 0, 0, false);

    {
        /* The CA's block cut in the middle: a truthful partial list. */
        struct obs_tls t;
        struct chainfile cf;
        const char *err = NULL;
        size_t half = strlen(ca) / 2;
        s = xasprintf("%s%.*s", l, (int)half, ca);
        unit_set_case("truncated last block");
        CHECK(chainfile_parse((unsigned char *)s, strlen(s), &t, &cf, &err));
        CHECK(cf.truncated);
        CHECK_INT("unreadable", 1, (long)cf.unreadable);
        CHECK_INT("kept", 2, (long)t.ncerts);
        obs_tls_clear(&t);
        free(s);
        s = xasprintf("%.*s", (int)(strlen(l) / 2), l);
        expect("truncated first block", s, strlen(s), false, 0, 0, 0, false);
        free(s);
    }

    {
        /* 10,000 blocks: the first OBS_MAX_CERTS kept, all counted. */
        size_t n = 10000, ll = strlen(l);
        char *big = xmalloc(n * ll + 1), *o = big;
        for (i = 0; i < n; i++, o += ll)
            memcpy(o, l, ll);
        *o = '\0';
        expect("10,000 PEM blocks", big, n * ll, true, CHAINFILE_PEM, OBS_MAX_CERTS, n, false);
        /* and 10,000 BEGIN lines with no END: bounded time, then an error
         * (the first block does not decode) */
        for (o = big, i = 0; i < n; i++) {
            memcpy(o, "-----BEGIN CERTIFICATE-----\nAAAA\n", 33);
            o += 33;
        }
        *o = '\0';
        expect("10,000 unterminated blocks", big, (size_t)(o - big), false, 0, 0, 0, false);
        free(big);
    }

    free(l);
    free(ca);
    for (i = 0; i < 2; i++) {
        gnutls_free(der[i].data);
        gnutls_free(pem[i].data);
    }
    gnutls_global_deinit();
    return unit_result();
}
