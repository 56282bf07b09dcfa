#include "config.h"

/* validate_chain() on chains built here with GnuTLS: root -> intermediate
 * -> leaf, judged at a fixed "now" (2026-06-01T00:00:00Z, which the real
 * clock is not: GnuTLS must use the judged time), each case breaking one
 * rule of path validation (GnuTLS's verdict as findings with their place)
 * or one strict rule GnuTLS does not check.  Every case names the finding
 * ids it must produce, and the good chain must produce none. */

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chain.h"
#include "names.h"
#include "obs.h"
#include "trust.h"
#include "unit.h"
#include "validate.h"
#include "xmalloc.h"

#define NOW ((time_t)1780272000) /* 2026-06-01T00:00:00Z */
#define DAY 86400L
#define YEAR (365 * DAY)

enum key { K_ROOT, K_INT, K_LEAF, K_P192, K_DSA, K_RSA1024, K_RSA2047, K_COUNT };
static gnutls_x509_privkey_t xkeys[K_COUNT];
static gnutls_privkey_t keys[K_COUNT];

static void
need(int ret, const char *what)
{
    if (ret < 0) {
        fprintf(stderr, "fixture: %s: %s\n", what, gnutls_strerror(ret));
        exit(1);
    }
}

static void
make_key(enum key k)
{
    gnutls_pk_algorithm_t pk = GNUTLS_PK_ECDSA;
    unsigned bits = GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1);

    if (k == K_P192)
        bits = GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP192R1);
    else if (k == K_DSA)
        pk = GNUTLS_PK_DSA, bits = 1024;
    else if (k == K_RSA1024)
        pk = GNUTLS_PK_RSA, bits = 1024;
    else if (k == K_RSA2047)
        pk = GNUTLS_PK_RSA, bits = 2047;
    need(gnutls_x509_privkey_init(&xkeys[k]), "privkey_init");
    need(gnutls_x509_privkey_generate(xkeys[k], pk, bits, 0), "privkey_generate");
    need(gnutls_privkey_init(&keys[k]), "privkey_init");
    need(gnutls_privkey_import_x509(keys[k], xkeys[k], 0), "import_x509");
}

/* What a certificate of a case looks like; zero is the ordinary one. */
struct spec {
    enum key key;
    int version; /* 0: 3 */
    int ca;      /* -1 no basicConstraints; 0/1 */
    int pathlen; /* -1 none; as given + 1 (0 means none) */
    unsigned ku; /* 0: the usual for its role */
    int eku;     /* 0 serverAuth (leaf) / none (CA), 1 clientAuth only, 2 empty, 3 none */
    const char *nc_excluded; /* a DNS name constraint (excluded subtree) */
    const char *crit_oid;    /* an unknown critical extension */
    const unsigned char *serial;
    size_t nserial;
    const char *san2; /* a second dNSName */
    bool bad_aia;
    bool sha1;
    bool empty_subject;
    long not_after; /* 0: a year */
};

static gnutls_x509_crt_t
make_cert(const char *cn, const struct spec *s, gnutls_x509_crt_t issuer, enum key ikey, bool leaf)
{
    gnutls_x509_crt_t crt;
    static unsigned char ser = 1;
    unsigned char serial[3] = {0x10, 0, 0};
    gnutls_datum_t d;

    need(gnutls_x509_crt_init(&crt), "crt_init");
    need(gnutls_x509_crt_set_version(crt, s->version ? (unsigned)s->version : 3), "version");
    serial[2] = ser++;
    if (s->serial)
        need(gnutls_x509_crt_set_serial(crt, s->serial, s->nserial), "serial");
    else
        need(gnutls_x509_crt_set_serial(crt, serial, sizeof serial), "serial");
    if (!s->empty_subject)
        need(gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, cn,
                                           (unsigned)strlen(cn)),
             "CN");
    need(gnutls_x509_crt_set_activation_time(crt, NOW - 30 * DAY), "activation");
    need(gnutls_x509_crt_set_expiration_time(crt, NOW + (s->not_after ? s->not_after : YEAR)),
         "expiration");
    need(gnutls_x509_crt_set_key(crt, xkeys[s->key]), "key");
    if (s->version != 1) {
        if (s->ca >= 0)
            need(gnutls_x509_crt_set_basic_constraints(crt, (unsigned)s->ca,
                                                       s->pathlen ? s->pathlen - 1 : -1),
                 "bc");
        need(gnutls_x509_crt_set_key_usage(crt, s->ku ? s->ku
                                                : s->ca
                                                    ? GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN
                                                    : GNUTLS_KEY_DIGITAL_SIGNATURE),
             "ku");
        if (leaf) {
            need(gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, cn,
                                                      (unsigned)strlen(cn), GNUTLS_FSAN_SET),
                 "san");
            if (s->san2)
                need(gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, s->san2,
                                                          (unsigned)strlen(s->san2),
                                                          GNUTLS_FSAN_APPEND),
                     "san2");
        }
        if (s->eku == 0 && leaf)
            need(gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0), "eku");
        else if (s->eku == 1)
            need(gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_CLIENT, 0), "eku");
        else if (s->eku == 2) {
            d.data = (unsigned char *)"\x30\x00";
            d.size = 2;
            need(gnutls_x509_crt_set_extension_by_oid(crt, "2.5.29.37", d.data, d.size, 0),
                 "empty eku");
        }
        if (s->nc_excluded) {
            gnutls_x509_name_constraints_t nc;
            gnutls_datum_t n = {(unsigned char *)s->nc_excluded, (unsigned)strlen(s->nc_excluded)};
            need(gnutls_x509_name_constraints_init(&nc), "nc init");
            need(gnutls_x509_name_constraints_add_excluded(nc, GNUTLS_SAN_DNSNAME, &n), "nc");
            need(gnutls_x509_crt_set_name_constraints(crt, nc, 1), "set nc");
            gnutls_x509_name_constraints_deinit(nc);
        }
        if (s->crit_oid)
            need(gnutls_x509_crt_set_extension_by_oid(crt, s->crit_oid, "\x05\x00", 2, 1), "crit");
        if (s->bad_aia)
            need(gnutls_x509_crt_set_extension_by_oid(crt, "1.3.6.1.5.5.7.1.1", "\x05\x00", 2, 0),
                 "aia");
    }
    need(gnutls_x509_crt_privkey_sign(crt, issuer ? issuer : crt, keys[ikey],
                                      s->sha1 ? GNUTLS_DIG_SHA1 : GNUTLS_DIG_SHA256, 0),
         cn);
    return crt;
}

static void
to_obs(gnutls_x509_crt_t crt, struct obs_cert *c)
{
    gnutls_datum_t der = {NULL, 0};
    need(gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der), "export");
    c->der = xmalloc(der.size);
    memcpy(c->der, der.data, der.size);
    c->size = der.size;
    gnutls_free(der.data);
}

struct vcase {
    const char *name;
    struct spec root, inte, leaf;
    bool int_signs_with_root_key; /* (unused) */
    const char *host;             /* the name checked; default leaf.test */
    const char *leaf_cn;          /* default leaf.test */
    const char *want;             /* space-separated finding ids, exactly */
    int revoke;                   /* a CRL in the trust list: 1 the intermediate's, listing the
                                     leaf; 2 the root's, listing the intermediate; 3 the
                                     intermediate's, listing another serial */
};

#define ROOT_OK                                                                                    \
    {                                                                                              \
        .key = K_ROOT, .ca = 1                                                                     \
    }
#define INT_OK                                                                                     \
    {                                                                                              \
        .key = K_INT, .ca = 1                                                                      \
    }
#define LEAF_OK                                                                                    \
    {                                                                                              \
        .key = K_LEAF, .ca = 0                                                                     \
    }

static const struct vcase cases[] = {
    {"good chain", ROOT_OK, INT_OK, LEAF_OK, false, NULL, NULL, "", 0},
    /* Valid at the judged time only: the real clock is months later. */
    {"valid at the judged time",
     {.key = K_ROOT, .ca = 1, .not_after = 60 * DAY},
     {.key = K_INT, .ca = 1, .not_after = 60 * DAY},
     {.key = K_LEAF, .not_after = 60 * DAY},
     false,
     NULL,
     NULL,
     "", 0},
    {"intermediate not a CA",
     ROOT_OK,
     {.key = K_INT, .ca = 0, .ku = GNUTLS_KEY_KEY_CERT_SIGN},
     LEAF_OK,
     false,
     NULL,
     NULL,
     "chain.signer_not_ca", 0},
    {"intermediate without basicConstraints",
     ROOT_OK,
     {.key = K_INT, .ca = -1, .ku = GNUTLS_KEY_KEY_CERT_SIGN},
     LEAF_OK,
     false,
     NULL,
     NULL,
     "chain.signer_not_ca", 0},
    {"v1 intermediate",
     ROOT_OK,
     {.key = K_INT, .version = 1},
     LEAF_OK,
     false,
     NULL,
     NULL,
     "chain.signer_not_ca cert.v1_ca", 0},
    {"name constraints exclude the leaf",
     ROOT_OK,
     {.key = K_INT, .ca = 1, .nc_excluded = "leaf.test", 0},
     LEAF_OK,
     false,
     NULL,
     NULL,
     "chain.name_constraints", 0},
    {"path length 0 on the root",
     {.key = K_ROOT, .ca = 1, .pathlen = 1},
     INT_OK,
     LEAF_OK,
     false,
     NULL,
     NULL,
     "chain.path_length", 0},
    {"leaf EKU clientAuth only",
     ROOT_OK,
     INT_OK,
     {.key = K_LEAF, .eku = 1},
     false,
     NULL,
     NULL,
     "cert.purpose", 0},
    {"leaf EKU empty",
     ROOT_OK,
     INT_OK,
     {.key = K_LEAF, .eku = 2},
     false,
     NULL,
     NULL,
     "cert.purpose", 0},
    {"intermediate EKU clientAuth only",
     ROOT_OK,
     {.key = K_INT, .ca = 1, .eku = 1},
     LEAF_OK,
     false,
     NULL,
     NULL,
     "cert.purpose", 0},
    {"leaf signed with SHA-1",
     ROOT_OK,
     INT_OK,
     {.key = K_LEAF, .sha1 = true},
     false,
     NULL,
     NULL,
     "cert.insecure_algorithm", 0},
    {"unknown critical extension in the leaf",
     ROOT_OK,
     INT_OK,
     {.key = K_LEAF, .crit_oid = "1.3.6.1.4.1.55555.1", 0},
     false,
     NULL,
     NULL,
     "cert.critical_extension", 0},
    {"unknown critical extension in the intermediate",
     ROOT_OK,
     {.key = K_INT, .ca = 1, .crit_oid = "1.3.6.1.4.1.55555.1", 0},
     LEAF_OK,
     false,
     NULL,
     NULL,
     "cert.critical_extension", 0},
    {"expired root",
     {.key = K_ROOT, .ca = 1, .not_after = -DAY},
     INT_OK,
     LEAF_OK,
     false,
     NULL,
     NULL,
     "chain.expired", 0},
    {"intermediate without keyCertSign",
     ROOT_OK,
     {.key = K_INT, .ca = 1, .ku = GNUTLS_KEY_DIGITAL_SIGNATURE},
     LEAF_OK,
     false,
     NULL,
     NULL,
     "cert.rejected", 0},
    {"leaf CA:TRUE",
     ROOT_OK,
     INT_OK,
     {.key = K_LEAF, .ca = 1, .ku = GNUTLS_KEY_DIGITAL_SIGNATURE},
     false,
     NULL,
     NULL,
     "cert.leaf_ca", 0},
    {"leaf keyCertSign",
     ROOT_OK,
     INT_OK,
     {.key = K_LEAF, .ku = GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_CERT_SIGN},
     false,
     NULL,
     NULL,
     "cert.leaf_ca", 0},
    {"serial of 21 bytes",
     ROOT_OK,
     INT_OK,
     {.key = K_LEAF,
      .serial = (const unsigned char *)"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a"
                                       "\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15",
      .nserial = 21},
     false,
     NULL,
     NULL,
     "cert.serial", 0},
    {"SAN with an underscore",
     ROOT_OK,
     INT_OK,
     {.key = K_LEAF, .san2 = "a_b.leaf.test", 0},
     false,
     NULL,
     NULL,
     "cert.san_syntax", 0},
    {"SAN with an IP as a DNS name",
     ROOT_OK,
     INT_OK,
     {.key = K_LEAF, .san2 = "192.0.2.1", 0},
     false,
     NULL,
     NULL,
     "cert.san_syntax", 0},
    {"wildcard on a public suffix",
     ROOT_OK,
     INT_OK,
     {.key = K_LEAF, .san2 = "*.co.uk", 0},
     false,
     NULL,
     NULL,
     "cert.wildcard_public_suffix", 0},
    {"malformed AIA",
     ROOT_OK,
     INT_OK,
     {.key = K_LEAF, .bad_aia = true},
     false,
     NULL,
     NULL,
     "cert.aia_malformed", 0},
    {"RSA 2047-bit intermediate",
     ROOT_OK,
     {.key = K_RSA2047, .ca = 1},
     LEAF_OK,
     false,
     NULL,
     NULL,
     "cert.rsa_modulus cert.rsa_1024", 0},
    {"RSA 1024 leaf", ROOT_OK, INT_OK, {.key = K_RSA1024}, false, NULL, NULL, "cert.rsa_1024", 0},
    {"P-192 intermediate",
     ROOT_OK,
     {.key = K_P192, .ca = 1},
     LEAF_OK,
     false,
     NULL,
     NULL,
     "cert.weak_key", 0},
    {"DSA intermediate",
     ROOT_OK,
     {.key = K_DSA, .ca = 1},
     LEAF_OK,
     false,
     NULL,
     NULL,
     "cert.weak_key", 0},
    {"leaf revoked by the intermediate's CRL", ROOT_OK, INT_OK, LEAF_OK, false, NULL, NULL,
     "cert.revoked", 1},
    {"intermediate revoked by the root's CRL", ROOT_OK, INT_OK, LEAF_OK, false, NULL, NULL,
     "cert.revoked", 2},
    {"a CRL that lists another certificate", ROOT_OK, INT_OK, LEAF_OK, false, NULL, NULL, "", 3},
    {"CA with an empty subject",
     ROOT_OK,
     {.key = K_INT, .ca = 1, .empty_subject = true},
     LEAF_OK,
     false,
     NULL,
     NULL,
     "cert.ca_empty_subject", 0},
};

/* A CRL signed by issuer (key k) listing cert (or, when other, a serial
 * no certificate has), valid at NOW; exported to *der. */
static gnutls_x509_crl_t
make_crl(gnutls_x509_crt_t issuer, enum key k, gnutls_x509_crt_t cert, bool other)
{
    gnutls_x509_crl_t crl;
    static const unsigned char nobody[3] = {0x7f, 0x7f, 0x7f};

    need(gnutls_x509_crl_init(&crl), "crl_init");
    need(gnutls_x509_crl_set_version(crl, 2), "crl version");
    need(gnutls_x509_crl_set_this_update(crl, NOW - DAY), "this_update");
    need(gnutls_x509_crl_set_next_update(crl, NOW + 30 * DAY), "next_update");
    if (other)
        need(gnutls_x509_crl_set_crt_serial(crl, nobody, sizeof nobody, NOW - 2 * DAY), "serial");
    else
        need(gnutls_x509_crl_set_crt(crl, cert, NOW - 2 * DAY), "crl_set_crt");
    need(gnutls_x509_crl_privkey_sign(crl, issuer, keys[k], GNUTLS_DIG_SHA256, 0), "crl sign");
    {
        /* Through DER and back, as a CRL read from a file is: GnuTLS
         * finds a CRL by the raw issuer name that import records. */
        gnutls_x509_crl_t back;
        gnutls_datum_t der = {NULL, 0};
        need(gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_DER, &der), "crl export");
        need(gnutls_x509_crl_init(&back), "crl_init");
        need(gnutls_x509_crl_import(back, &der, GNUTLS_X509_FMT_DER), "crl import");
        gnutls_free(der.data);
        gnutls_x509_crl_deinit(crl);
        crl = back;
    }
    return crl;
}

/* The ids of v, sorted-insensitively compared to want as sets. */
static void
check_ids(const struct validation *v, const char *want)
{
    char got[1024] = "";
    char wantc[512];
    char *tok, *save = NULL;
    size_t i;

    for (i = 0; i < v->nfindings; i++) {
        const char *id = findings_def(v->findings[i].id)->id;
        if (!strstr(got, id)) {
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", *got ? " " : "", id);
        }
        CHECK_MSG(v->findings[i].detail && *v->findings[i].detail, "%s has a detail", id);
    }
    snprintf(wantc, sizeof wantc, "%s", want);
    for (tok = strtok_r(wantc, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
        CHECK_MSG(strstr(got, tok) != NULL, "want %s, got [%s]", tok, got);
    /* and nothing else */
    {
        char gotc[1024];
        snprintf(gotc, sizeof gotc, "%s", got);
        save = NULL;
        for (tok = strtok_r(gotc, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
            CHECK_MSG(strstr(want, tok) != NULL, "unexpected %s (got [%s], want [%s])", tok, got,
                      want);
    }
}

static void
write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "fixture: cannot write %s\n", path);
        exit(1);
    }
}

/* trust_add_crls: --crl-file's reader, on files made here; a CRL read
 * from a file revokes as one added directly does. */
static void
crl_files(void)
{
    static const struct spec root_s = ROOT_OK, leaf_s = LEAF_OK;
    char dir[] = "/tmp/test-validate-XXXXXX", path[128];
    gnutls_x509_crt_t root = make_cert("CRL Root", &root_s, NULL, K_ROOT, false);
    gnutls_x509_crt_t leaf = make_cert("leaf.test", &leaf_s, root, K_ROOT, true);
    gnutls_x509_crl_t crl = make_crl(root, K_ROOT, leaf, false);
    gnutls_x509_crl_t other = make_crl(root, K_ROOT, leaf, true);
    gnutls_datum_t pem = {NULL, 0}, pem2 = {NULL, 0}, der = {NULL, 0};
    gnutls_x509_trust_list_t tl;
    char *err = NULL, *both;
    unsigned status;
    gnutls_typed_vdata_st data = {GNUTLS_DT_KEY_PURPOSE_OID, (void *)GNUTLS_KP_TLS_WWW_SERVER, 0};

    unit_set_case("--crl-file reader");
    if (!mkdtemp(dir)) {
        fprintf(stderr, "fixture: mkdtemp\n");
        exit(1);
    }
    need(gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_PEM, &pem), "crl pem");
    need(gnutls_x509_crl_export2(other, GNUTLS_X509_FMT_PEM, &pem2), "crl pem");
    need(gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_DER, &der), "crl der");
    both =
        xasprintf("some words first\n%.*s%.*s", (int)pem2.size, pem2.data, (int)pem.size, pem.data);
    for (int kind = 0; kind < 5; kind++) {
        unsigned n;
        snprintf(path, sizeof path, "%s/crl%d", dir, kind);
        if (kind == 0)
            write_file(path, both, strlen(both));
        else if (kind == 1)
            write_file(path, der.data, der.size);
        else if (kind == 2)
            write_file(path, "not a CRL\n", 10);
        else if (kind == 3)
            write_file(path, pem.data, pem.size / 2); /* cut short */
        else
            snprintf(path, sizeof path, "%s", dir); /* a directory */
        need(gnutls_x509_trust_list_init(&tl, 0), "tl");
        {
            gnutls_x509_crt_t a;
            gnutls_datum_t d = {NULL, 0};
            need(gnutls_x509_crt_export2(root, GNUTLS_X509_FMT_DER, &d), "export");
            need(gnutls_x509_crt_init(&a), "init");
            need(gnutls_x509_crt_import(a, &d, GNUTLS_X509_FMT_DER), "import");
            gnutls_free(d.data);
            need(gnutls_x509_trust_list_add_cas(tl, &a, 1, 0), "add_cas");
        }
        n = trust_add_crls(tl, path, &err);
        if (kind <= 1) {
            CHECK_MSG(n == (kind == 0 ? 2u : 1u), "file %d: %u CRLs read (%s)", kind, n,
                      err ? err : "");
            status = 0;
            gnutls_x509_crt_t l2;
            gnutls_datum_t d = {NULL, 0};
            need(gnutls_x509_crt_export2(leaf, GNUTLS_X509_FMT_DER, &d), "export");
            need(gnutls_x509_crt_init(&l2), "init");
            need(gnutls_x509_crt_import(l2, &d, GNUTLS_X509_FMT_DER), "import");
            gnutls_free(d.data);
            need(gnutls_x509_trust_list_verify_crt2(tl, &l2, 1, &data, 1, 0, &status, NULL),
                 "verify");
            gnutls_x509_crt_deinit(l2);
            CHECK_MSG(status & GNUTLS_CERT_REVOKED, "file %d: the leaf is revoked (%#x)", kind,
                      status);
        } else {
            CHECK_MSG(n == 0 && err && strstr(err, path), "file %d refused naming it: %s", kind,
                      err ? err : "(no message)");
        }
        free(err);
        err = NULL;
        gnutls_x509_trust_list_deinit(tl, 1);
        if (kind < 4)
            unlink(path);
    }
    rmdir(dir);
    free(both);
    gnutls_free(pem.data);
    gnutls_free(pem2.data);
    gnutls_free(der.data);
    gnutls_x509_crl_deinit(crl);
    gnutls_x509_crl_deinit(other);
    gnutls_x509_crt_deinit(root);
    gnutls_x509_crt_deinit(leaf);
}

int
main(void)
{
    size_t i, k;

    need(gnutls_global_init(), "global_init");
    for (k = 0; k < K_COUNT; k++)
        make_key((enum key)k);

    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct vcase *vc = &cases[i];
        gnutls_x509_crt_t root, inte, leaf, anchor;
        gnutls_x509_trust_list_t tl;
        struct obs_tls t;
        struct obs_cert certs[2];
        struct chain_report c;
        struct name_table n;
        struct validation v;
        const char *host = vc->host ? vc->host : "leaf.test";

        unit_set_case(vc->name);
        root = make_cert("Validate Root", &vc->root, NULL, vc->root.key, false);
        inte = make_cert("Validate Intermediate", &vc->inte, root, vc->root.key, false);
        leaf =
            make_cert(vc->leaf_cn ? vc->leaf_cn : "leaf.test", &vc->leaf, inte, vc->inte.key, true);
        to_obs(leaf, &certs[0]);
        to_obs(inte, &certs[1]);
        need(gnutls_x509_trust_list_init(&tl, 0), "tl");
        need(gnutls_x509_crt_init(&anchor), "anchor");
        {
            gnutls_datum_t der = {NULL, 0};
            need(gnutls_x509_crt_export2(root, GNUTLS_X509_FMT_DER, &der), "export root");
            need(gnutls_x509_crt_import(anchor, &der, GNUTLS_X509_FMT_DER), "import root");
            gnutls_free(der.data);
        }
        need(gnutls_x509_trust_list_add_cas(tl, &anchor, 1, 0), "add_cas");
        if (vc->revoke) {
            gnutls_x509_crl_t crl = vc->revoke == 2
                                        ? make_crl(root, vc->root.key, inte, false)
                                        : make_crl(inte, vc->inte.key, leaf, vc->revoke == 3);
            need(gnutls_x509_trust_list_add_crls(tl, &crl, 1, 0, 0), "add_crls");
        }

        memset(&t, 0, sizeof t);
        t.certs = certs;
        t.ncerts = 2;
        t.certs_received = 2;
        chain_analyse(&t, tl, NOW, &c);
        names_check(certs[0].der, certs[0].size, host, &n);
        validate_chain(&t, &c, &n, tl, NOW, &v);
        CHECK_MSG(c.in_order && c.npath == 2, "the path is leaf, intermediate (npath %zu)",
                  c.npath);
        CHECK_MSG(v.verified, "GnuTLS ran");
        if (!*vc->want)
            CHECK_MSG(v.status == 0, "GnuTLS accepts (status %#x: %s)", v.status,
                      v.status_text ? v.status_text : "");
        check_ids(&v, vc->want);
        if (vc->revoke == 1 || vc->revoke == 2) {
            /* The place in the chain: the leaf (0) or the intermediate (1). */
            const char *pos = vc->revoke == 1 ? "(position 0)" : "(position 1)";
            for (k = 0; k < v.nfindings; k++)
                if (v.findings[k].id == F_CERT_REVOKED)
                    CHECK_MSG(strstr(v.findings[k].detail, pos) != NULL, "%s in '%s'", pos,
                              v.findings[k].detail);
        }
        /* validate_analyse (the path by names first, verified once when
         * GnuTLS accepts it) judges exactly as the two calls above. */
        {
            struct chain_report c2;
            struct validation v2;
            CHECK(validate_analyse(&t, &n, tl, NOW, &c2, &v2));
            CHECK_INT("validate_analyse: npath", c.npath, c2.npath);
            CHECK_INT("validate_analyse: anchored", c.anchored, c2.anchored);
            CHECK_INT("validate_analyse: status", v.status, v2.status);
            CHECK_INT("validate_analyse: nfindings", v.nfindings, v2.nfindings);
            for (k = 0; k < v.nfindings && k < v2.nfindings; k++) {
                CHECK_INT("validate_analyse: finding", v.findings[k].id, v2.findings[k].id);
                CHECK_STR("validate_analyse: detail", v.findings[k].detail, v2.findings[k].detail);
            }
            validate_clear(&v2);
            chain_clear(&c2);
        }
        validate_clear(&v);
        names_clear(&n);
        chain_clear(&c);
        free(certs[0].der);
        free(certs[1].der);
        gnutls_x509_trust_list_deinit(tl, 1);
        gnutls_x509_crt_deinit(root);
        gnutls_x509_crt_deinit(inte);
        gnutls_x509_crt_deinit(leaf);
    }

    crl_files();

    /* Order alone is not a path failure: the same chain sent backwards. */
    unit_set_case("public suffixes");
    CHECK(validate_is_public_suffix("com"));
    CHECK(validate_is_public_suffix("co.uk"));
    CHECK(!validate_is_public_suffix("example.com"));
    CHECK(!validate_is_public_suffix("example.co.uk"));

    for (k = 0; k < K_COUNT; k++) {
        gnutls_privkey_deinit(keys[k]);
        gnutls_x509_privkey_deinit(xkeys[k]);
    }
    gnutls_global_deinit();
    return unit_result();
}
