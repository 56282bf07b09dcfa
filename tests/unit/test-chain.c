#include "config.h"

/* chain_analyse() on certificate lists built here with GnuTLS, sent in a
 * chosen order, judged against a trust list holding a test root and a
 * fixed "now" (2026-06-01T00:00:00Z): good and misordered chains, a
 * missing intermediate, expiry on both sides of the 30-day mark, self-signed
 * leaves, roots sent by the server, extra and private certificates, keys and
 * signatures CloudFront does not take, garbage DER, a long junk-filled list
 * and a cross-signing loop.  Keys are ECDSA P-256 except where the case is
 * about the key, and there is a single RSA key, so the test stays fast. */

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chain.h"
#include "names.h"
#include "obs.h"
#include "unit.h"
#include "validate.h"
#include "xmalloc.h"

#define NOW ((time_t)1780272000) /* 2026-06-01T00:00:00Z */
#define DAY 86400L
#define YEAR (365 * DAY)

/* Keys, generated once; several certificates share a key so that a
 * re-issued certificate (the expired intermediate) still links up. */
enum fx_key {
    K_ROOT,
    K_INT1,
    K_INT2,
    K_LEAF,
    K_OTHER,
    K_PROOT,
    K_PINT,
    K_RSA,
    K_ED,
    K_P384,
    K_P521,
    K_CROSS_A,
    K_CROSS_B,
    K_COUNT
};

static const struct {
    gnutls_pk_algorithm_t pk;
    gnutls_ecc_curve_t curve; /* or 0 for RSA */
    unsigned rsa_bits;
} key_specs[K_COUNT] = {
    [K_ROOT] = {GNUTLS_PK_ECDSA, GNUTLS_ECC_CURVE_SECP256R1, 0},
    [K_INT1] = {GNUTLS_PK_ECDSA, GNUTLS_ECC_CURVE_SECP256R1, 0},
    [K_INT2] = {GNUTLS_PK_ECDSA, GNUTLS_ECC_CURVE_SECP256R1, 0},
    [K_LEAF] = {GNUTLS_PK_ECDSA, GNUTLS_ECC_CURVE_SECP256R1, 0},
    [K_OTHER] = {GNUTLS_PK_ECDSA, GNUTLS_ECC_CURVE_SECP256R1, 0},
    [K_PROOT] = {GNUTLS_PK_ECDSA, GNUTLS_ECC_CURVE_SECP256R1, 0},
    [K_PINT] = {GNUTLS_PK_ECDSA, GNUTLS_ECC_CURVE_SECP256R1, 0},
    [K_RSA] = {GNUTLS_PK_RSA, 0, 2048},
    [K_ED] = {GNUTLS_PK_EDDSA_ED25519, GNUTLS_ECC_CURVE_ED25519, 0},
    [K_P384] = {GNUTLS_PK_ECDSA, GNUTLS_ECC_CURVE_SECP384R1, 0},
    [K_P521] = {GNUTLS_PK_ECDSA, GNUTLS_ECC_CURVE_SECP521R1, 0},
    [K_CROSS_A] = {GNUTLS_PK_ECDSA, GNUTLS_ECC_CURVE_SECP256R1, 0},
    [K_CROSS_B] = {GNUTLS_PK_ECDSA, GNUTLS_ECC_CURVE_SECP256R1, 0},
};

/* Certificates.  Entries past F_COUNT are not certificates but bad DER. */
enum fx {
    F_ROOT,
    F_INT1,
    F_INT2,
    F_LEAF,
    F_LEAF_EXPIRED,    /* expired a day ago */
    F_LEAF_EXPIRED_1H, /* expired an hour ago */
    F_INT2_EXPIRED,    /* int2 re-issued with a past validity */
    F_LEAF_NYV,        /* valid from tomorrow */
    F_LEAF_29D,
    F_LEAF_30D,
    F_LEAF_31D,
    F_LEAF_NOW, /* expires at exactly "now" */
    F_SELF,     /* self-signed leaf */
    F_OTHER,    /* an unrelated CA */
    F_PROOT,    /* a private root, not in the trust list */
    F_PINT,
    F_PLEAF,
    F_ED_LEAF,  /* Ed25519 key, signed by int2 (ECDSA) */
    F_ED_INT,   /* Ed25519 intermediate under int1 */
    F_UNDER_ED, /* ECDSA leaf signed by the Ed25519 intermediate */
    F_RSA_INT,  /* RSA 2048 intermediate under int1 */
    F_RSA_LEAF, /* ECDSA leaf signed by it with PKCS#1 v1.5 */
    F_PSS_SIG,  /* ECDSA leaf signed by it with RSA-PSS */
    F_PSS_KEY,  /* leaf whose public key is RSA-PSS, signed by int2 */
    F_P384_LEAF,
    F_P521_LEAF,
    F_CROSS_B0, /* "Cross B", self-signed: only there to issue F_CROSS_A */
    F_CROSS_A,  /* "Cross A" issued by "Cross B" */
    F_CROSS_B,  /* "Cross B" issued by "Cross A": a loop */
    F_COUNT,
    J_GARBAGE = F_COUNT, /* bytes that are no certificate */
    J_TRUNCATED,         /* the first half of the leaf */
    J_OVERSIZE,          /* der NULL: over OBS_MAX_CERT_SIZE when received */
    J_EMPTY,             /* zero bytes */
    J_BADSIG,            /* the leaf, its signature's last byte changed */
    J_COUNT
};

#define FX_CA 1u
#define FX_SIGN_PSS 2u /* sign with RSA-PSS */
#define FX_KEY_PSS 4u  /* advertise the RSA key as RSA-PSS */
#define SELF (-1)

static const struct fx_spec {
    const char *cn;
    enum fx_key key;
    int issuer; /* an earlier enum fx, or SELF */
    unsigned flags;
    long not_before, not_after; /* seconds from NOW */
} specs[F_COUNT] = {
    [F_ROOT] = {"Origin Doctor Test Root", K_ROOT, SELF, FX_CA, -10 * YEAR, 10 * YEAR},
    [F_INT1] = {"Test Intermediate 1", K_INT1, F_ROOT, FX_CA, -5 * YEAR, 5 * YEAR},
    [F_INT2] = {"Test Intermediate 2", K_INT2, F_INT1, FX_CA, -3 * YEAR, 3 * YEAR},
    [F_LEAF] = {"leaf.example.com", K_LEAF, F_INT2, 0, -30 * DAY, 90 * DAY},
    [F_LEAF_EXPIRED] = {"leaf.example.com", K_LEAF, F_INT2, 0, -400 * DAY, -DAY},
    [F_LEAF_EXPIRED_1H] = {"leaf.example.com", K_LEAF, F_INT2, 0, -400 * DAY, -3600},
    [F_INT2_EXPIRED] = {"Test Intermediate 2", K_INT2, F_INT1, FX_CA, -5 * YEAR, -10 * DAY},
    [F_LEAF_NYV] = {"leaf.example.com", K_LEAF, F_INT2, 0, DAY, 400 * DAY},
    [F_LEAF_29D] = {"leaf.example.com", K_LEAF, F_INT2, 0, -60 * DAY, 29 * DAY},
    [F_LEAF_30D] = {"leaf.example.com", K_LEAF, F_INT2, 0, -60 * DAY, 30 * DAY},
    [F_LEAF_31D] = {"leaf.example.com", K_LEAF, F_INT2, 0, -60 * DAY, 31 * DAY},
    [F_LEAF_NOW] = {"leaf.example.com", K_LEAF, F_INT2, 0, -60 * DAY, 0},
    [F_SELF] = {"self.example.com", K_LEAF, SELF, 0, -DAY, 90 * DAY},
    [F_OTHER] = {"Unrelated CA", K_OTHER, SELF, FX_CA, -YEAR, YEAR},
    [F_PROOT] = {"Private Root", K_PROOT, SELF, FX_CA, -YEAR, 9 * YEAR},
    [F_PINT] = {"Private Intermediate", K_PINT, F_PROOT, FX_CA, -YEAR, 5 * YEAR},
    [F_PLEAF] = {"private.example.com", K_LEAF, F_PINT, 0, -DAY, 90 * DAY},
    [F_ED_LEAF] = {"ed25519.example.com", K_ED, F_INT2, 0, -DAY, 90 * DAY},
    [F_ED_INT] = {"Ed25519 Intermediate", K_ED, F_INT1, FX_CA, -YEAR, YEAR},
    [F_UNDER_ED] = {"under-ed.example.com", K_LEAF, F_ED_INT, 0, -DAY, 90 * DAY},
    [F_RSA_INT] = {"RSA Intermediate", K_RSA, F_INT1, FX_CA, -YEAR, YEAR},
    [F_RSA_LEAF] = {"rsa-signed.example.com", K_LEAF, F_RSA_INT, 0, -DAY, 90 * DAY},
    [F_PSS_SIG] = {"pss-signed.example.com", K_LEAF, F_RSA_INT, FX_SIGN_PSS, -DAY, 90 * DAY},
    [F_PSS_KEY] = {"pss-key.example.com", K_RSA, F_INT2, FX_KEY_PSS, -DAY, 90 * DAY},
    [F_P384_LEAF] = {"p384.example.com", K_P384, F_INT2, 0, -DAY, 90 * DAY},
    [F_P521_LEAF] = {"p521.example.com", K_P521, F_INT2, 0, -DAY, 90 * DAY},
    [F_CROSS_B0] = {"Cross B", K_CROSS_B, SELF, FX_CA, -YEAR, YEAR},
    [F_CROSS_A] = {"Cross A", K_CROSS_A, F_CROSS_B0, FX_CA, -YEAR, YEAR},
    [F_CROSS_B] = {"Cross B", K_CROSS_B, F_CROSS_A, FX_CA, -YEAR, YEAR},
};

static gnutls_x509_privkey_t xkeys[K_COUNT];
static gnutls_privkey_t keys[K_COUNT];
static gnutls_x509_crt_t crts[F_COUNT];
static struct obs_cert ders[J_COUNT];

static const unsigned char garbage[] = "\x30\x82\x01\x00 this is not a certificate at all";

/* Stop the test (exit 1) when the fixture cannot be built: nothing
 * after it would mean anything. */
static void
need(int ret, const char *what)
{
    if (ret < 0) {
        fprintf(stderr, "fixture: %s: %s\n", what, gnutls_strerror(ret));
        exit(1);
    }
}

static void
make_key(enum fx_key k)
{
    unsigned bits = key_specs[k].pk == GNUTLS_PK_RSA ? key_specs[k].rsa_bits
                                                     : GNUTLS_CURVE_TO_BITS(key_specs[k].curve);

    need(gnutls_x509_privkey_init(&xkeys[k]), "privkey_init");
    need(gnutls_x509_privkey_generate(xkeys[k], key_specs[k].pk, bits, 0), "privkey_generate");
    need(gnutls_privkey_init(&keys[k]), "privkey_init (abstract)");
    need(gnutls_privkey_import_x509(keys[k], xkeys[k], 0), "privkey_import_x509");
}

static void
make_cert(enum fx f)
{
    const struct fx_spec *s = &specs[f];
    gnutls_x509_crt_t crt, issuer;
    enum fx_key ikey;
    unsigned char serial[4] = {0x10, 0, 0, (unsigned char)(f + 1)};
    unsigned char id[64];
    size_t idlen = sizeof id;
    gnutls_datum_t der = {NULL, 0};
    gnutls_digest_algorithm_t dig;

    need(gnutls_x509_crt_init(&crt), "crt_init");
    need(gnutls_x509_crt_set_version(crt, 3), "set_version");
    need(gnutls_x509_crt_set_serial(crt, serial, sizeof serial), "set_serial");
    need(gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, s->cn,
                                       (unsigned)strlen(s->cn)),
         "set CN");
    need(gnutls_x509_crt_set_activation_time(crt, NOW + s->not_before), "activation");
    need(gnutls_x509_crt_set_expiration_time(crt, NOW + s->not_after), "expiration");
    need(gnutls_x509_crt_set_key(crt, xkeys[s->key]), "set_key");
    if (s->flags & FX_KEY_PSS) {
        gnutls_x509_spki_t spki;
        need(gnutls_x509_spki_init(&spki), "spki_init");
        gnutls_x509_spki_set_rsa_pss_params(spki, GNUTLS_DIG_SHA256, 32);
        need(gnutls_x509_crt_set_spki(crt, spki, 0), "set_spki");
        gnutls_x509_spki_deinit(spki);
    }
    need(gnutls_x509_crt_set_basic_constraints(crt, (s->flags & FX_CA) != 0, -1),
         "basic constraints");
    need(gnutls_x509_crt_set_key_usage(crt, (s->flags & FX_CA)
                                                ? GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN
                                                : GNUTLS_KEY_DIGITAL_SIGNATURE),
         "key usage");
    if (!(s->flags & FX_CA))
        need(gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, s->cn,
                                                  (unsigned)strlen(s->cn), GNUTLS_FSAN_SET),
             "SAN");
    need(gnutls_x509_privkey_get_key_id(xkeys[s->key], GNUTLS_KEYID_USE_SHA1, id, &idlen),
         "key id");
    need(gnutls_x509_crt_set_subject_key_id(crt, id, idlen), "subject key id");

    issuer = s->issuer == SELF ? crt : crts[s->issuer];
    ikey = s->issuer == SELF ? s->key : specs[s->issuer].key;
    idlen = sizeof id;
    need(gnutls_x509_privkey_get_key_id(xkeys[ikey], GNUTLS_KEYID_USE_SHA1, id, &idlen),
         "issuer key id");
    need(gnutls_x509_crt_set_authority_key_id(crt, id, idlen), "authority key id");

    dig = key_specs[ikey].pk == GNUTLS_PK_EDDSA_ED25519 ? GNUTLS_DIG_SHA512 : GNUTLS_DIG_SHA256;
    need(gnutls_x509_crt_privkey_sign(crt, issuer, keys[ikey], dig,
                                      (s->flags & FX_SIGN_PSS) ? GNUTLS_PRIVKEY_SIGN_FLAG_RSA_PSS
                                                               : 0),
         s->cn);
    need(gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der), "export");

    /* Own the bytes (xmalloc), as the probe does. */
    ders[f].der = xmalloc(der.size);
    memcpy(ders[f].der, der.data, der.size);
    ders[f].size = der.size;
    gnutls_free(der.data);
    crts[f] = crt;
}

static void
make_fixtures(void)
{
    size_t i;

    for (i = 0; i < K_COUNT; i++)
        make_key((enum fx_key)i);
    for (i = 0; i < F_COUNT; i++)
        make_cert((enum fx)i);

    ders[J_GARBAGE].der = xmalloc(sizeof garbage);
    memcpy(ders[J_GARBAGE].der, garbage, sizeof garbage);
    ders[J_GARBAGE].size = sizeof garbage;
    ders[J_TRUNCATED].size = ders[F_LEAF].size / 2;
    ders[J_TRUNCATED].der = xmalloc(ders[J_TRUNCATED].size);
    memcpy(ders[J_TRUNCATED].der, ders[F_LEAF].der, ders[J_TRUNCATED].size);
    ders[J_OVERSIZE].der = NULL;
    ders[J_OVERSIZE].size = OBS_MAX_CERT_SIZE + 1;
    ders[J_EMPTY].der = xmalloc(1);
    ders[J_EMPTY].size = 0;
    /* Names and key identifiers still match int2: only the signature
     * tells that int2 did not sign it. */
    ders[J_BADSIG].size = ders[F_LEAF].size;
    ders[J_BADSIG].der = xmalloc(ders[J_BADSIG].size);
    memcpy(ders[J_BADSIG].der, ders[F_LEAF].der, ders[J_BADSIG].size);
    ders[J_BADSIG].der[ders[J_BADSIG].size - 1] ^= 0x01;
}

static void
free_fixtures(void)
{
    size_t i;

    for (i = 0; i < F_COUNT; i++)
        gnutls_x509_crt_deinit(crts[i]);
    for (i = 0; i < K_COUNT; i++) {
        gnutls_privkey_deinit(keys[i]);
        gnutls_x509_privkey_deinit(xkeys[i]);
    }
    for (i = 0; i < J_COUNT; i++)
        free(ders[i].der);
}

/* A trust list holding copies of the given certificates.  Caller frees
 * with gnutls_x509_trust_list_deinit(tl, 1). */
static gnutls_x509_trust_list_t
trust_of(enum fx a, enum fx b)
{
    gnutls_x509_trust_list_t tl;
    enum fx list[2] = {a, b};
    size_t i;

    need(gnutls_x509_trust_list_init(&tl, 0), "trust_list_init");
    for (i = 0; i < 2; i++) {
        gnutls_x509_crt_t c;
        gnutls_datum_t d = {ders[list[i]].der, (unsigned)ders[list[i]].size};
        if (i == 1 && b == a)
            break;
        need(gnutls_x509_crt_init(&c), "crt_init (trust)");
        need(gnutls_x509_crt_import(c, &d, GNUTLS_X509_FMT_DER), "import (trust)");
        need(gnutls_x509_trust_list_add_cas(tl, &c, 1, 0), "add_cas");
    }
    return tl;
}

/* The chain cases.  Lists end at END; problems are per position as sent. */
#define END (-100)
#define MAXC 8

enum trust_kind { T_ROOT, T_NONE, T_SELF };

struct ccase {
    const char *name;
    int certs[MAXC];
    enum trust_kind trust;
    bool in_order, complete, anchored;
    int path[MAXC];
    unsigned problems[MAXC];
    const char *anchor;
};

#define P_EXP CHAIN_P_EXPIRED
#define P_NYV CHAIN_P_NOT_YET_VALID
#define P_EXPIRING CHAIN_P_EXPIRING
#define P_ORDER CHAIN_P_OUT_OF_ORDER
#define P_UNREL CHAIN_P_UNRELATED
#define P_ROOT CHAIN_P_ROOT
#define P_SELF CHAIN_P_SELF_SIGNED
#define P_KEY CHAIN_P_BAD_KEY
#define P_SIG CHAIN_P_BAD_SIG
#define P_UNPARSABLE CHAIN_P_UNPARSABLE
#define P_NOISS CHAIN_P_NO_ISSUER
#define P_UNTRUSTED CHAIN_P_UNTRUSTED

#define ROOT_DN "CN=Origin Doctor Test Root"

/* clang-format off */
static const struct ccase cases[] = {
    {"good: leaf, int2, int1",
     {F_LEAF, F_INT2, F_INT1, END}, T_ROOT, true, true, true,
     {0, 1, 2, END}, {0, 0, 0}, ROOT_DN},
    {"good, root included at the end",
     {F_LEAF, F_INT2, F_INT1, F_ROOT, END}, T_ROOT, true, true, true,
     {0, 1, 2, 3, END}, {0, 0, 0, P_ROOT}, ROOT_DN},
    {"out of order: leaf, int1, int2",
     {F_LEAF, F_INT1, F_INT2, END}, T_ROOT, false, true, true,
     {0, 2, 1, END}, {0, P_ORDER, P_ORDER}, ROOT_DN},
    {"out of order, root sent: leaf, int1, root, int2",
     {F_LEAF, F_INT1, F_ROOT, F_INT2, END}, T_ROOT, false, true, true,
     {0, 3, 1, 2, END}, {0, P_ORDER, P_ORDER | P_ROOT, P_ORDER}, ROOT_DN},
    {"missing intermediate: leaf, int1",
     {F_LEAF, F_INT1, END}, T_ROOT, true, false, false,
     {0, END}, {P_NOISS, P_UNREL}, NULL},
    {"leaf alone, issued by int2",
     {F_LEAF, END}, T_ROOT, true, false, false,
     {0, END}, {P_NOISS}, NULL},
    {"leaf and int2 only: int1 missing",
     {F_LEAF, F_INT2, END}, T_ROOT, true, false, false,
     {0, 1, END}, {0, P_NOISS}, NULL},
    {"expired leaf",
     {F_LEAF_EXPIRED, F_INT2, F_INT1, END}, T_ROOT, true, true, true,
     {0, 1, 2, END}, {P_EXP, 0, 0}, ROOT_DN},
    {"leaf expired an hour ago",
     {F_LEAF_EXPIRED_1H, F_INT2, F_INT1, END}, T_ROOT, true, true, true,
     {0, 1, 2, END}, {P_EXP, 0, 0}, ROOT_DN},
    {"expired intermediate",
     {F_LEAF, F_INT2_EXPIRED, F_INT1, END}, T_ROOT, true, true, true,
     {0, 1, 2, END}, {0, P_EXP, 0}, ROOT_DN},
    {"leaf not yet valid",
     {F_LEAF_NYV, F_INT2, F_INT1, END}, T_ROOT, true, true, true,
     {0, 1, 2, END}, {P_NYV, 0, 0}, ROOT_DN},
    {"leaf expires in 29 days",
     {F_LEAF_29D, F_INT2, F_INT1, END}, T_ROOT, true, true, true,
     {0, 1, 2, END}, {P_EXPIRING, 0, 0}, ROOT_DN},
    {"leaf expires in exactly 30 days",
     {F_LEAF_30D, F_INT2, F_INT1, END}, T_ROOT, true, true, true,
     {0, 1, 2, END}, {P_EXPIRING, 0, 0}, ROOT_DN},
    {"leaf expires in 31 days",
     {F_LEAF_31D, F_INT2, F_INT1, END}, T_ROOT, true, true, true,
     {0, 1, 2, END}, {0, 0, 0}, ROOT_DN},
    {"leaf expires exactly now (notAfter is inclusive)",
     {F_LEAF_NOW, F_INT2, F_INT1, END}, T_ROOT, true, true, true,
     {0, 1, 2, END}, {P_EXPIRING, 0, 0}, ROOT_DN},
    {"self-signed leaf, not trusted",
     {F_SELF, END}, T_ROOT, true, true, false,
     {0, END}, {P_SELF}, NULL},
    {"self-signed leaf that is in the trust list",
     {F_SELF, END}, T_SELF, true, true, true,
     {0, END}, {P_SELF}, "CN=self.example.com"},
    {"unrelated extra certificate at the end",
     {F_LEAF, F_INT2, F_INT1, F_OTHER, END}, T_ROOT, true, true, true,
     {0, 1, 2, END}, {0, 0, 0, P_UNREL}, ROOT_DN},
    {"unrelated extra certificate in the middle",
     {F_LEAF, F_OTHER, F_INT2, F_INT1, END}, T_ROOT, false, true, true,
     {0, 2, 3, END}, {0, P_UNREL, P_ORDER, P_ORDER}, ROOT_DN},
    {"private root sent in the chain",
     {F_PLEAF, F_PINT, F_PROOT, END}, T_ROOT, true, true, false,
     {0, 1, 2, END}, {0, 0, P_ROOT | P_UNTRUSTED}, NULL},
    {"private chain without its root",
     {F_PLEAF, F_PINT, END}, T_ROOT, true, false, false,
     {0, 1, END}, {0, P_NOISS}, NULL},
    {"Ed25519 leaf key",
     {F_ED_LEAF, F_INT2, F_INT1, END}, T_ROOT, true, true, true,
     {0, 1, 2, END}, {P_KEY, 0, 0}, ROOT_DN},
    {"leaf signed by an Ed25519 intermediate",
     {F_UNDER_ED, F_ED_INT, F_INT1, END}, T_ROOT, true, true, true,
     {0, 1, 2, END}, {P_SIG, P_KEY, 0}, ROOT_DN},
    {"RSA 2048 intermediate, PKCS#1 v1.5",
     {F_RSA_LEAF, F_RSA_INT, F_INT1, END}, T_ROOT, true, true, true,
     {0, 1, 2, END}, {0, 0, 0}, ROOT_DN},
    {"leaf signed with RSA-PSS",
     {F_PSS_SIG, F_RSA_INT, F_INT1, END}, T_ROOT, true, true, true,
     {0, 1, 2, END}, {P_SIG, 0, 0}, ROOT_DN},
    {"leaf with an RSA-PSS public key",
     {F_PSS_KEY, F_INT2, F_INT1, END}, T_ROOT, true, true, true,
     {0, 1, 2, END}, {P_KEY, 0, 0}, ROOT_DN},
    {"ECDSA P-384 leaf",
     {F_P384_LEAF, F_INT2, F_INT1, END}, T_ROOT, true, true, true,
     {0, 1, 2, END}, {0, 0, 0}, ROOT_DN},
    {"ECDSA P-521 leaf",
     {F_P521_LEAF, F_INT2, F_INT1, END}, T_ROOT, true, true, true,
     {0, 1, 2, END}, {P_KEY, 0, 0}, ROOT_DN},
    {"garbage alone",
     {J_GARBAGE, END}, T_ROOT, true, false, false,
     {END}, {P_UNPARSABLE | P_UNREL}, NULL},
    {"garbage first, then a good chain: there is no leaf",
     {J_GARBAGE, F_LEAF, F_INT2, F_INT1, END}, T_ROOT, true, false, false,
     {END}, {P_UNPARSABLE | P_UNREL, P_UNREL, P_UNREL, P_UNREL}, NULL},
    {"self-signed leaf sent twice",
     {F_SELF, F_SELF, END}, T_ROOT, true, true, false,
     {0, END}, {P_SELF, P_UNREL}, NULL},
    {"garbage between leaf and int2",
     {F_LEAF, J_GARBAGE, F_INT2, F_INT1, END}, T_ROOT, false, true, true,
     {0, 2, 3, END}, {0, P_UNPARSABLE | P_UNREL, P_ORDER, P_ORDER}, ROOT_DN},
    {"truncated, oversize and empty certificates after a good chain",
     {F_LEAF, F_INT2, F_INT1, J_TRUNCATED, J_OVERSIZE, J_EMPTY, END}, T_ROOT, true, true, true,
     {0, 1, 2, END},
     {0, 0, 0, P_UNPARSABLE | P_UNREL, P_UNPARSABLE | P_UNREL, P_UNPARSABLE | P_UNREL},
     ROOT_DN},
    {"leaf whose signature does not verify: int2 is not its issuer",
     {J_BADSIG, F_INT2, F_INT1, END}, T_ROOT, true, false, false,
     {0, END}, {P_NOISS, P_UNREL, P_UNREL}, NULL},
    {"trust NULL: good chain is not anchored",
     {F_LEAF, F_INT2, F_INT1, END}, T_NONE, true, false, false,
     {0, 1, 2, END}, {0, 0, P_NOISS}, NULL},
    {"trust NULL: root sent",
     {F_LEAF, F_INT2, F_INT1, F_ROOT, END}, T_NONE, true, true, false,
     {0, 1, 2, 3, END}, {0, 0, 0, P_ROOT | P_UNTRUSTED}, NULL},
    {"cross-signing loop: Cross A, Cross B",
     {F_CROSS_A, F_CROSS_B, END}, T_ROOT, true, false, false,
     {0, 1, END}, {0, P_NOISS}, NULL},
    {"duplicate intermediate",
     {F_LEAF, F_INT2, F_INT2, F_INT1, END}, T_ROOT, false, true, true,
     {0, 1, 3, END}, {0, 0, P_UNREL, P_ORDER}, ROOT_DN},
};
/* clang-format on */

static size_t
count(const int *list)
{
    size_t n = 0;
    while (n < MAXC && list[n] != END)
        n++;
    return n;
}

static void
set_chain(struct obs_tls *t, struct obs_cert *store, const int *list, size_t n)
{
    size_t i;

    memset(t, 0, sizeof *t);
    for (i = 0; i < n; i++)
        store[i] = ders[list[i]];
    t->certs = store;
    t->ncerts = n;
    t->certs_received = n;
}

static const char *
problem_names(unsigned p, char *buf, size_t size)
{
    static const char *const names[] = {
        "EXPIRED",     "NOT_YET_VALID", "EXPIRING", "OUT_OF_ORDER", "UNRELATED", "ROOT",
        "SELF_SIGNED", "BAD_KEY",       "BAD_SIG",  "UNPARSABLE",   "NO_ISSUER", "UNTRUSTED",
    };
    size_t i;

    buf[0] = '\0';
    for (i = 0; i < sizeof names / sizeof *names; i++)
        if (p & (1u << i))
            snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", *buf ? "|" : "", names[i]);
    if (!*buf)
        snprintf(buf, size, "none");
    return buf;
}

/* validate_analyse builds the path by names first and keeps it only when
 * GnuTLS accepts it whole: whichever way it went, its chain report must be
 * chain_analyse's (full, every signature checked), field by field. */
static void
same_as_validate_analyse(const struct obs_tls *t, gnutls_x509_trust_list_t tl,
                         const struct chain_report *full)
{
    struct chain_report r;
    struct name_table names;
    struct validation v;
    size_t i;

    memset(&names, 0, sizeof names);
    if (t->ncerts && t->certs[0].der)
        names_check(t->certs[0].der, t->certs[0].size, "", &names);
    validate_analyse(t, &names, tl, NOW, &r, &v);
    CHECK_INT("validate_analyse: nnodes", full->nnodes, r.nnodes);
    CHECK_INT("validate_analyse: npath", full->npath, r.npath);
    CHECK_INT("validate_analyse: anchored", full->anchored, r.anchored);
    CHECK_INT("validate_analyse: in_order", full->in_order, r.in_order);
    CHECK_INT("validate_analyse: complete", full->complete, r.complete);
    CHECK_INT("validate_analyse: cut", full->cut, r.cut);
    CHECK_STR("validate_analyse: anchor", full->anchor, r.anchor);
    for (i = 0; i < full->npath && i < r.npath; i++)
        CHECK_INT("validate_analyse: path[i]", full->path[i], r.path[i]);
    for (i = 0; i < full->nnodes && i < r.nnodes; i++) {
        CHECK_INT("validate_analyse: problems", full->nodes[i].problems, r.nodes[i].problems);
        CHECK_INT("validate_analyse: issuer_index", full->nodes[i].issuer_index,
                  r.nodes[i].issuer_index);
    }
    validate_clear(&v);
    names_clear(&names);
    chain_clear(&r);
}

static void
run_case(const struct ccase *c, gnutls_x509_trust_list_t root_tl, gnutls_x509_trust_list_t self_tl)
{
    struct obs_cert store[MAXC];
    struct obs_tls t;
    struct chain_report r;
    size_t n = count(c->certs), np = count(c->path), i;
    gnutls_x509_trust_list_t tl = c->trust == T_ROOT   ? root_tl
                                  : c->trust == T_SELF ? self_tl
                                                       : NULL;

    unit_set_case(c->name);
    set_chain(&t, store, c->certs, n);
    chain_analyse(&t, tl, NOW, &r);

    CHECK_INT("nnodes", n, r.nnodes);
    CHECK_INT("in_order", c->in_order, r.in_order);
    CHECK_INT("complete", c->complete, r.complete);
    CHECK_INT("anchored", c->anchored, r.anchored);
    CHECK_STR("anchor", c->anchor, r.anchor);
    CHECK_INT("npath", np, r.npath);
    for (i = 0; i < np && i < r.npath; i++)
        CHECK_INT("path[i]", c->path[i], r.path[i]);
    for (i = 0; i < n && i < r.nnodes; i++) {
        char want[160], got[160];
        CHECK_INT("nodes[i].index", i, r.nodes[i].index);
        CHECK_MSG(r.nodes[i].problems == c->problems[i], "position %zu: expected %s, got %s", i,
                  problem_names(c->problems[i], want, sizeof want),
                  problem_names(r.nodes[i].problems, got, sizeof got));
    }
    same_as_validate_analyse(&t, tl, &r);
    chain_clear(&r);
    CHECK(r.nodes == NULL && r.path == NULL && r.anchor == NULL && r.nnodes == 0);
}

static void
sha256_hex(const struct obs_cert *c, char out[65])
{
    unsigned char md[32];
    size_t i;

    need(gnutls_hash_fast(GNUTLS_DIG_SHA256, c->der, c->size, md), "hash_fast");
    for (i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* What each node says about itself: names, times, key, signature, digest,
 * CA flag and issuer link. */
static void
check_node_details(gnutls_x509_trust_list_t tl)
{
    static const struct {
        enum fx f;
        const char *key;
        const char *sig;
    } keys_expected[] = {
        {F_LEAF, "ECDSA P-256", "ECDSA-SHA256"},
        {F_RSA_INT, "RSA 2048", "ECDSA-SHA256"},
        {F_RSA_LEAF, "ECDSA P-256", "RSA-SHA256"},
        {F_PSS_SIG, "ECDSA P-256", "RSA-PSS-SHA256"},
        {F_P384_LEAF, "ECDSA P-384", "ECDSA-SHA256"},
        {F_P521_LEAF, "ECDSA SECP521R1", "ECDSA-SHA256"},
        {F_PSS_KEY, "RSA-PSS", "ECDSA-SHA256"},
        {F_UNDER_ED, "ECDSA P-256", "EdDSA-Ed25519"},
    };
    struct obs_cert store[4];
    struct obs_tls t;
    struct chain_report r;
    int list[4] = {F_LEAF, F_INT2, F_INT1, F_ROOT};
    char hex[65];
    size_t i;

    unit_set_case("node details: leaf, int2, int1, root");
    set_chain(&t, store, list, 4);
    chain_analyse(&t, tl, NOW, &r);
    if (r.nnodes == 4) {
        CHECK_STR("leaf subject", "CN=leaf.example.com", r.nodes[0].subject);
        CHECK_STR("leaf issuer", "CN=Test Intermediate 2", r.nodes[0].issuer);
        CHECK_STR("root subject", ROOT_DN, r.nodes[3].subject);
        CHECK_STR("root issuer", ROOT_DN, r.nodes[3].issuer);
        CHECK_INT("leaf not_before", NOW - 30 * DAY, r.nodes[0].not_before);
        CHECK_INT("leaf not_after", NOW + 90 * DAY, r.nodes[0].not_after);
        CHECK_INT("leaf days_left", 90, r.nodes[0].days_left);
        CHECK_INT("leaf is_ca", 0, r.nodes[0].is_ca);
        CHECK_INT("int2 is_ca", 1, r.nodes[1].is_ca);
        CHECK_INT("root is_ca", 1, r.nodes[3].is_ca);
        CHECK_INT("leaf issuer_index", 1, r.nodes[0].issuer_index);
        CHECK_INT("int2 issuer_index", 2, r.nodes[1].issuer_index);
        CHECK_INT("int1 issuer_index", 3, r.nodes[2].issuer_index);
        CHECK_INT("root issuer_index (itself is not counted)", -1, r.nodes[3].issuer_index);
        for (i = 0; i < 4; i++) {
            sha256_hex(&store[i], hex);
            CHECK_STR("sha256", hex, r.nodes[i].sha256);
            CHECK_INT("index", i, r.nodes[i].index);
        }
    }
    chain_clear(&r);

    for (i = 0; i < sizeof keys_expected / sizeof *keys_expected; i++) {
        int one[1] = {(int)keys_expected[i].f};
        char name[96];
        snprintf(name, sizeof name, "key and signature of %s", specs[keys_expected[i].f].cn);
        unit_set_case(name);
        set_chain(&t, store, one, 1);
        chain_analyse(&t, tl, NOW, &r);
        if (r.nnodes == 1) {
            CHECK_STR("key", keys_expected[i].key, r.nodes[0].key);
            CHECK_STR("sig", keys_expected[i].sig, r.nodes[0].sig);
        }
        chain_clear(&r);
    }

    /* GnuTLS names the key "EdDSA (Ed25519)"; chain.h's example says
     * "Ed25519": hold it to the part both agree on. */
    unit_set_case("key of an Ed25519 leaf");
    {
        int one[1] = {F_ED_LEAF};
        set_chain(&t, store, one, 1);
        chain_analyse(&t, tl, NOW, &r);
        if (r.nnodes == 1)
            CHECK_MSG(strstr(r.nodes[0].key, "Ed25519") != NULL, "key %s",
                      unit_show(r.nodes[0].key));
        chain_clear(&r);
    }

    /* days_left: whole days, negative once expired. */
    {
        static const struct {
            enum fx f;
            long days;
        } days[] = {
            {F_LEAF_EXPIRED, -1}, {F_LEAF_29D, 29},  {F_LEAF_30D, 30},
            {F_LEAF_31D, 31},     {F_LEAF_NYV, 400}, {F_INT2_EXPIRED, -10},
        };
        for (i = 0; i < sizeof days / sizeof *days; i++) {
            int one[1] = {(int)days[i].f};
            char name[96];
            snprintf(name, sizeof name, "days_left of fixture %d", (int)days[i].f);
            unit_set_case(name);
            set_chain(&t, store, one, 1);
            chain_analyse(&t, tl, NOW, &r);
            if (r.nnodes == 1)
                CHECK_INT("days_left", days[i].days, r.nodes[0].days_left);
            chain_clear(&r);
        }
    }
    unit_set_case("days_left of a leaf that expired an hour ago");
    {
        int one[1] = {F_LEAF_EXPIRED_1H};
        set_chain(&t, store, one, 1);
        chain_analyse(&t, tl, NOW, &r);
        if (r.nnodes == 1) {
            CHECK_INT("problems & EXPIRED", P_EXP, r.nodes[0].problems & P_EXP);
            CHECK_MSG(r.nodes[0].days_left < 0,
                      "days_left must be negative once expired (chain.h), got %ld",
                      r.nodes[0].days_left);
        }
        chain_clear(&r);
    }

    /* Unparsable nodes keep no strings. */
    unit_set_case("garbage node details");
    {
        int one[1] = {J_GARBAGE};
        set_chain(&t, store, one, 1);
        chain_analyse(&t, tl, NOW, &r);
        if (r.nnodes == 1) {
            CHECK(r.nodes[0].subject == NULL);
            CHECK(r.nodes[0].issuer == NULL);
            CHECK_INT("issuer_index", -1, r.nodes[0].issuer_index);
        }
        chain_clear(&r);
    }

    /* No certificate at all: an empty report, nothing to free. */
    unit_set_case("no certificates");
    memset(&t, 0, sizeof t);
    chain_analyse(&t, tl, NOW, &r);
    CHECK_INT("nnodes", 0, r.nnodes);
    CHECK_INT("npath", 0, r.npath);
    CHECK_INT("anchored", 0, r.anchored);
    chain_clear(&r);
}

/* 50 certificates, junk between the real ones and many copies of the same
 * intermediate: no crash, the path is found, every junk entry is flagged,
 * and it takes well under a second's worth of work. */
static void
check_long_junk_chain(gnutls_x509_trust_list_t tl)
{
    enum { N = 50 };
    struct obs_cert store[N];
    struct obs_tls t;
    struct chain_report r;
    static const int junk[] = {J_GARBAGE, J_TRUNCATED, J_OVERSIZE, J_EMPTY};
    struct timespec t0, t1;
    double secs;
    size_t i;

    unit_set_case("50 certificates, alternating junk");
    memset(&t, 0, sizeof t);
    store[0] = ders[F_LEAF];
    for (i = 1; i < N; i++) {
        if (i % 2)
            store[i] = ders[junk[(i / 2) % 4]];
        else if (i == 2)
            store[i] = ders[F_INT2];
        else if (i == 4)
            store[i] = ders[F_INT1];
        else
            store[i] = ders[(i / 2) % 3 ? F_INT2 : F_OTHER];
    }
    t.certs = store;
    t.ncerts = N;
    t.certs_received = N;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    chain_analyse(&t, tl, NOW, &r);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

    CHECK_INT("nnodes", N, r.nnodes);
    CHECK_INT("npath", 3, r.npath);
    if (r.npath == 3) {
        CHECK_INT("path[0]", 0, r.path[0]);
        CHECK_INT("path[1]", 2, r.path[1]);
        CHECK_INT("path[2]", 4, r.path[2]);
    }
    CHECK_INT("anchored", 1, r.anchored);
    CHECK_INT("in_order", 0, r.in_order);
    for (i = 1; i < r.nnodes; i += 2)
        CHECK_MSG((r.nodes[i].problems & (P_UNPARSABLE | P_UNREL)) == (P_UNPARSABLE | P_UNREL),
                  "junk at %zu: problems %#x", i, r.nodes[i].problems);
    for (i = 6; i < r.nnodes; i += 2)
        CHECK_MSG(r.nodes[i].problems & P_UNREL, "copy at %zu not UNRELATED: %#x", i,
                  r.nodes[i].problems);
    /* Generous bound: a few hundred milliseconds even under sanitizers. */
    CHECK_MSG(secs < 10.0, "took %.3f s", secs);
    chain_clear(&r);
}

/* cert_parse: one parse per certificate, shared.  The same bytes (from any
 * buffer) give the same object; other bytes, even one, a different one; a
 * certificate that does not parse is not kept; the cache holds CERT_CACHE
 * and a reference taken before an eviction stays valid. */
static void
check_parse_cache(void)
{
    const struct obs_cert *leaf = &ders[F_LEAF];
    unsigned char *copy = xmalloc(leaf->size), *var[CERT_CACHE];
    struct cert_parsed *a, *b, *c, *j1, *j2, *p[CERT_CACHE];
    char hex[65];
    size_t i;

    unit_set_case("cert_parse cache");
    cert_cache_clear();
    memcpy(copy, leaf->der, leaf->size);
    a = cert_parse(leaf->der, leaf->size);
    b = cert_parse(copy, leaf->size);
    CHECK(a->crt != NULL);
    CHECK_MSG(a == b, "the same bytes were parsed twice");
    CHECK_STR("subject", "CN=leaf.example.com", a->subject);
    cert_sha256_hex(leaf->der, leaf->size, hex);
    CHECK_STR("sha256", hex, a->sha256);
    CHECK_INT("pk", GNUTLS_PK_ECDSA, a->pk);
    CHECK_INT("curve", GNUTLS_ECC_CURVE_SECP256R1, (int)a->curve);
    cert_unref(b);

    /* One byte of the signature changed: still parses, another object. */
    copy[leaf->size - 1] ^= 1;
    c = cert_parse(copy, leaf->size);
    CHECK(c->crt != NULL);
    CHECK_MSG(c != a, "a certificate with another signature was served from the cache");
    cert_unref(c);

    j1 = cert_parse(ders[J_GARBAGE].der, ders[J_GARBAGE].size);
    j2 = cert_parse(ders[J_GARBAGE].der, ders[J_GARBAGE].size);
    CHECK(j1->crt == NULL && j2->crt == NULL);
    CHECK_MSG(j1 != j2, "a certificate that does not parse was kept");
    cert_unref(j1);
    cert_unref(j2);

    /* CERT_CACHE other certificates push the leaf out; a's reference
     * still holds it, and the next parse of the leaf is a new object. */
    for (i = 0; i < CERT_CACHE; i++) {
        var[i] = xmalloc(leaf->size);
        memcpy(var[i], leaf->der, leaf->size);
        var[i][leaf->size - 2] ^= (unsigned char)(i + 1);
        p[i] = cert_parse(var[i], leaf->size);
        CHECK(p[i]->crt != NULL && p[i] != a);
    }
    b = cert_parse(leaf->der, leaf->size);
    CHECK_MSG(b != a, "the cache kept more than CERT_CACHE certificates");
    CHECK_STR("subject after eviction", "CN=leaf.example.com", a->subject);
    {
        gnutls_datum_t dn = {NULL, 0};
        CHECK(gnutls_x509_crt_get_dn3(a->crt, &dn, 0) >= 0);
        gnutls_free(dn.data);
    }
    cert_unref(a);
    cert_unref(b);
    for (i = 0; i < CERT_CACHE; i++) {
        cert_unref(p[i]);
        free(var[i]);
    }
    free(copy);
    cert_cache_clear();
}

int
main(void)
{
    gnutls_x509_trust_list_t root_tl, self_tl;
    size_t i;

    if (gnutls_global_init() < 0)
        return 77;
    make_fixtures();
    root_tl = trust_of(F_ROOT, F_ROOT);
    self_tl = trust_of(F_SELF, F_ROOT);

    for (i = 0; i < sizeof cases / sizeof *cases; i++)
        run_case(&cases[i], root_tl, self_tl);
    check_node_details(root_tl);
    check_long_junk_chain(root_tl);
    check_parse_cache();

    gnutls_x509_trust_list_deinit(root_tl, 1);
    gnutls_x509_trust_list_deinit(self_tl, 1);
    free_fixtures();
    cert_cache_clear();
    gnutls_global_deinit();
    return unit_result();
}
