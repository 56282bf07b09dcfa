/* Path validation beside chain.c: GnuTLS's verdict (the floor) and the
 * strict checks GnuTLS does not make. */
#include "config.h"

#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509-ext.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "sanitize.h"
#include "validate.h"
#include "xmalloc.h"

#define OID_AIA "1.3.6.1.5.5.7.1.1"
#define OID_EKU "2.5.29.37"
#define OID_NC "2.5.29.30"
#define OID_ANY_EKU "2.5.29.37.0"

/* --- GnuTLS's clock, set to the judged time ------------------------------ */

static time_t judged_now;

static time_t
judged_time(time_t *t)
{
    if (t)
        *t = judged_now;
    return judged_now;
}

/* --- small helpers --------------------------------------------------------- */

static void
vadd(struct validation *v, enum finding_id id, char *detail)
{
    v->findings = xreallocarray(v->findings, v->nfindings + 1, sizeof *v->findings);
    v->findings[v->nfindings].id = id;
    v->findings[v->nfindings].detail = detail;
    v->nfindings++;
}

/* "CN=x (position 2)": a certificate of the path, by its place as received. */
static char *
where(const struct chain_report *c, size_t k)
{
    const struct chain_node *n = &c->nodes[c->path[k]];
    char *s = sanitize(n->subject && *n->subject ? n->subject : _("(empty subject)"));
    char *out = xasprintf(_("%s (position %zu)"), s, c->path[k]);
    free(s);
    return out;
}

static char *
dn_of(gnutls_x509_crt_t crt)
{
    gnutls_datum_t dn = {NULL, 0};
    char *s, *out;

    if (gnutls_x509_crt_get_dn3(crt, &dn, 0) < 0 || !dn.size) {
        gnutls_free(dn.data);
        return xstrdup(_("(empty subject)"));
    }
    s = xstrndup((const char *)dn.data, dn.size);
    gnutls_free(dn.data);
    out = sanitize(s);
    free(s);
    return out;
}

static bool
has_ext(gnutls_x509_crt_t crt, const char *oid, unsigned *critical)
{
    char buf[1];
    size_t size = 0;
    int r = gnutls_x509_crt_get_extension_by_oid(crt, oid, 0, NULL, &size, critical);
    (void)buf;
    return r >= 0 || r == GNUTLS_E_SHORT_MEMORY_BUFFER;
}

static bool
is_ca(gnutls_x509_crt_t crt, int *pathlen)
{
    unsigned ca = 0, crit = 0;
    int pl = -1;

    if (gnutls_x509_crt_get_basic_constraints(crt, &crit, &ca, &pl) < 0)
        return false;
    if (pathlen)
        *pathlen = pl;
    return ca != 0;
}

/* Critical extensions RFC 5280 and the Web PKI define; any other critical
 * one is "unknown" to a validator and makes it reject the certificate. */
static bool
known_critical(const char *oid)
{
    static const char *const known[] = {
        "2.5.29.15", "2.5.29.17", "2.5.29.19",         "2.5.29.30",
        "2.5.29.32", "2.5.29.33", "2.5.29.36",         "2.5.29.37",
        "2.5.29.54", "2.5.29.14", "2.5.29.35",         "2.5.29.18",
        "2.5.29.31", "2.5.29.46", "1.3.6.1.5.5.7.1.1", "1.3.6.1.5.5.7.1.24"};
    size_t i;

    for (i = 0; i < sizeof known / sizeof *known; i++)
        if (strcmp(oid, known[i]) == 0)
            return true;
    return false;
}

/* The unknown critical extensions of crt, "," separated, into buf. */
static bool
unknown_critical(gnutls_x509_crt_t crt, char *buf, size_t size)
{
    unsigned i, crit;
    bool any = false;

    buf[0] = '\0';
    for (i = 0; i < 64; i++) {
        char oid[128];
        size_t osize = sizeof oid;
        crit = 0;
        if (gnutls_x509_crt_get_extension_info(crt, i, oid, &osize, &crit) < 0)
            break;
        if (crit && !known_critical(oid)) {
            size_t l = strlen(buf);
            snprintf(buf + l, size - l, "%s%s", l ? ", " : "", oid);
            any = true;
        }
    }
    return any;
}

/* Does crt carry an EKU that does not allow TLS server authentication?
 * *empty: the extension is there with no purpose in it. */
static bool
bad_purpose(gnutls_x509_crt_t crt, bool leaf, bool *empty)
{
    unsigned i;
    int r;

    *empty = false;
    if (!has_ext(crt, OID_EKU, NULL))
        return false;
    for (i = 0;; i++) {
        char oid[128];
        size_t size = sizeof oid;
        r = gnutls_x509_crt_get_key_purpose_oid(crt, i, oid, &size, NULL);
        if (r < 0)
            break;
        if (strcmp(oid, GNUTLS_KP_TLS_WWW_SERVER) == 0 ||
            (!leaf && (strcmp(oid, OID_ANY_EKU) == 0)))
            return false;
    }
    *empty = i == 0;
    return true;
}

bool
validate_is_public_suffix(const char *name)
{
    /* Common multi-label public suffixes (ICANN section); a single label
     * is always one.  Not the whole Public Suffix List. */
    static const char *const list[] = {
        "co.uk",  "org.uk", "ac.uk",  "gov.uk", "me.uk",  "ltd.uk", "plc.uk", "net.uk",
        "com.au", "net.au", "org.au", "edu.au", "gov.au", "co.jp",  "ne.jp",  "or.jp",
        "ac.jp",  "go.jp",  "co.nz",  "net.nz", "org.nz", "com.br", "net.br", "org.br",
        "com.cn", "net.cn", "org.cn", "gov.cn", "co.in",  "net.in", "org.in", "co.kr",
        "or.kr",  "com.tw", "org.tw", "com.mx", "com.ar", "com.sg", "com.hk", "co.za",
        "com.tr", "co.il",  "com.my", "co.id",  "com.ph", "com.vn", "com.ua", "com.pl",
        "co.th",  "gov.in", "edu.cn", "ac.in",  "com.co", "com.pe", "com.es", "co.at"};
    size_t i;

    if (!name || !*name)
        return false;
    if (!strchr(name, '.'))
        return true;
    for (i = 0; i < sizeof list / sizeof *list; i++)
        if (strcasecmp(name, list[i]) == 0)
            return true;
    return false;
}

static bool
is_ip_literal(const char *s)
{
    unsigned char buf[16];
    return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

/* --- GnuTLS's verification, as a finding per status bit ------------------ */

static char *
owner_rejected(const struct name_table *names)
{
    char *n = sanitize(names->checked ? names->checked : "?"), *s;
    s = xasprintf(_("GnuTLS's host name check rejects %s for this certificate"), n);
    free(n);
    return s;
}

unsigned
validate_name(const struct validation *path, const struct name_table *names, char **detail)
{
    *detail = NULL;
    /* What verify_from adds for the leaf when given the name: GnuTLS's
     * gnutls_x509_crt_check_hostname2 with the same flags (0), which
     * names_check ran as gnutls_match. */
    if (!path->verified || !names->checked || !*names->checked || names->gnutls_match)
        return 0;
    if (names->match)
        *detail = owner_rejected(names);
    return GNUTLS_CERT_UNEXPECTED_OWNER | GNUTLS_CERT_INVALID;
}

static unsigned
verify_from(gnutls_x509_trust_list_t trust, gnutls_x509_crt_t *crts, size_t n, const char *name)
{
    gnutls_typed_vdata_st data[2];
    unsigned nd = 0, status = 0;

    data[nd].type = GNUTLS_DT_KEY_PURPOSE_OID;
    data[nd].data = (void *)GNUTLS_KP_TLS_WWW_SERVER;
    data[nd].size = 0;
    nd++;
    if (name && *name) {
        data[nd].type = GNUTLS_DT_DNS_HOSTNAME;
        data[nd].data = (void *)name;
        data[nd].size = 0;
        nd++;
    }
    if (gnutls_x509_trust_list_verify_crt2(trust, crts, (unsigned)n, data, nd, 0, &status, NULL) <
        0)
        return GNUTLS_CERT_INVALID;
    return status;
}

static void
gnutls_findings(struct validation *v, const struct chain_report *c, const struct name_table *names,
                gnutls_x509_crt_t *crts, size_t np, gnutls_x509_trust_list_t trust)
{
    unsigned st[64];
    unsigned all = 0, done = 0;
    size_t k, j;
    int top[32];
    gnutls_x509_crt_t anchor = NULL;
    bool sent_time = false, no_signer_explained = c->cut;
    char buf[512];

    if (np > 64)
        np = 64;
    st[0] = verify_from(trust, crts, np, names->checked);
    v->verified = true;
    v->status = st[0];
    if (st[0] == 0)
        return;
    /* Rejected: each suffix of the path verified too (without the name,
     * which only the leaf carries) to find where each reason lies.  A path
     * GnuTLS accepts needs none of that: its signatures were verified once. */
    for (k = 1; k < np; k++)
        st[k] = verify_from(trust, crts + k, np - k, NULL);
    {
        gnutls_datum_t out = {NULL, 0};
        if (gnutls_certificate_verification_status_print(st[0], GNUTLS_CRT_X509, &out, 0) >= 0) {
            v->status_text = xstrndup((const char *)out.data, out.size);
            gnutls_free(out.data);
        }
    }
    /* Where each bit shows first, walking up from the root end: the
     * deepest suffix that still has it is where it lies. */
    for (j = 0; j < 32; j++) {
        top[j] = -1;
        for (k = 0; k < np; k++)
            if (st[k] & (1u << j))
                top[j] = (int)k;
    }
    for (k = 0; k < np; k++)
        all |= st[k];
    anchor = cert_anchor(trust, crts[np - 1]); /* borrowed */
    for (k = 0; k < c->nnodes; k++) {
        unsigned p = c->nodes[k].problems;
        if (p & (CHAIN_P_NO_ISSUER | CHAIN_P_UNTRUSTED | CHAIN_P_SELF_SIGNED | CHAIN_P_UNPARSABLE))
            no_signer_explained = true;
    }
    for (k = 0; k < np; k++)
        if (c->nodes[c->path[k]].problems & (CHAIN_P_EXPIRED | CHAIN_P_NOT_YET_VALID))
            sent_time = true;

    if (all & GNUTLS_CERT_SIGNER_NOT_FOUND) {
        done |= GNUTLS_CERT_SIGNER_NOT_FOUND;
        if (!no_signer_explained) {
            char *w = where(c, np - 1);
            vadd(v, F_CERT_REJECTED, xasprintf(_("GnuTLS finds no trusted issuer for %s"), w));
            free(w);
        }
    }
    if (all & (GNUTLS_CERT_EXPIRED | GNUTLS_CERT_NOT_ACTIVATED)) {
        done |= GNUTLS_CERT_EXPIRED | GNUTLS_CERT_NOT_ACTIVATED;
        if (anchor) {
            time_t nb = gnutls_x509_crt_get_activation_time(anchor);
            time_t na = gnutls_x509_crt_get_expiration_time(anchor);
            char *s = dn_of(anchor);
            if (judged_now > na)
                vadd(v, F_CHAIN_EXPIRED, xasprintf(_("the trusted root %s has expired"), s));
            else if (judged_now < nb)
                vadd(v, F_CHAIN_EXPIRED, xasprintf(_("the trusted root %s is not valid yet"), s));
            else if (!sent_time)
                vadd(v, F_CERT_REJECTED,
                     xasprintf(_("GnuTLS finds a certificate of the path outside its validity")));
            free(s);
        } else if (!sent_time) {
            vadd(v, F_CERT_REJECTED,
                 xasprintf(_("GnuTLS finds a certificate of the path outside its validity")));
        }
    }
    if (all & GNUTLS_CERT_SIGNER_NOT_CA) {
        int t = top[7];
        done |= GNUTLS_CERT_SIGNER_NOT_CA;
        if (t >= 0) {
            char *sub = where(c, (size_t)t);
            char *sig = (size_t)t + 1 < np ? where(c, (size_t)t + 1)
                        : anchor           ? dn_of(anchor)
                                           : xstrdup("?");
            vadd(v, F_CHAIN_SIGNER_NOT_CA,
                 xasprintf(_("%s is signed by %s, which is not a CA (no basicConstraints "
                             "CA:TRUE, or a version 1 certificate)"),
                           sub, sig));
            free(sub);
            free(sig);
        }
    }
    if (all & GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE) {
        bool named = false;
        done |= GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE;
        /* Path length: a CA at path position j has j - 1 CAs below it. */
        for (j = 1; j <= np; j++) {
            gnutls_x509_crt_t ca = j < np ? crts[j] : anchor;
            int pl = -1;
            if (!ca || !is_ca(ca, &pl) || pl < 0 || (long)(j - 1) <= pl)
                continue;
            {
                char *w = j < np ? where(c, j) : dn_of(ca);
                vadd(v, F_CHAIN_PATH_LENGTH,
                     xasprintf(
                         _("%s allows %d intermediate certificates below it (pathLenConstraint); "
                           "the path has %zu"),
                         w, pl, j - 1));
                free(w);
            }
            named = true;
        }
        /* Name constraints: the CAs that carry them, and what they exclude. */
        for (j = 1; j <= np; j++) {
            gnutls_x509_crt_t ca = j < np ? crts[j] : anchor;
            gnutls_x509_name_constraints_t nc;
            if (!ca || !has_ext(ca, OID_NC, NULL) || gnutls_x509_name_constraints_init(&nc) < 0)
                continue;
            if (gnutls_x509_crt_get_name_constraints(ca, nc, 0, NULL) >= 0) {
                size_t m;
                for (m = 0; m < j; m++)
                    if (!gnutls_x509_name_constraints_check_crt(nc, GNUTLS_SAN_DNSNAME, crts[m])) {
                        char *w = j < np ? where(c, j) : dn_of(ca);
                        char *u = where(c, m);
                        vadd(v, F_CHAIN_NAME_CONSTRAINTS,
                             xasprintf(_("the name constraints of %s exclude the names of %s"), w,
                                       u));
                        free(w);
                        free(u);
                        named = true;
                        break;
                    }
            }
            gnutls_x509_name_constraints_deinit(nc);
        }
        /* A CA whose key usage does not allow signing certificates. */
        for (j = 1; j < np && !named; j++) {
            unsigned usage = 0;
            if (gnutls_x509_crt_get_key_usage(crts[j], &usage, NULL) >= 0 &&
                !(usage & GNUTLS_KEY_KEY_CERT_SIGN)) {
                char *w = where(c, j);
                vadd(v, F_CERT_REJECTED,
                     xasprintf(_("%s signs certificates, but its key usage does not allow it "
                                 "(no keyCertSign)"),
                               w));
                free(w);
                named = true;
            }
        }
        if (!named) {
            char *w = where(c, (size_t)(top[16] >= 0 ? top[16] : 0));
            vadd(v, F_CERT_REJECTED,
                 xasprintf(_("GnuTLS finds a constraint of an issuer violated at %s"), w));
            free(w);
        }
    }
    if (all & GNUTLS_CERT_PURPOSE_MISMATCH) {
        bool named = false;
        done |= GNUTLS_CERT_PURPOSE_MISMATCH;
        for (k = 0; k < np; k++) {
            bool empty;
            if (bad_purpose(crts[k], k == 0, &empty))
                named = true; /* strict_findings names it */
        }
        for (k = 0; k < np && !named; k++) {
            bool empty;
            if (bad_purpose(crts[k], k == 0, &empty)) {
                char *w = where(c, k);
                vadd(v, F_CERT_PURPOSE,
                     empty ? xasprintf(_("%s has an empty extended key usage"), w)
                           : xasprintf(_("the extended key usage of %s does not include "
                                         "serverAuth"),
                                       w));
                free(w);
                named = true;
            }
        }
        if (!named) {
            char *w = where(c, (size_t)(top[18] >= 0 ? top[18] : 0));
            vadd(v, F_CERT_PURPOSE,
                 xasprintf(_("GnuTLS finds %s not allowed for TLS server authentication"), w));
            free(w);
        }
    }
    if (all & GNUTLS_CERT_INSECURE_ALGORITHM) {
        bool named = false;
        done |= GNUTLS_CERT_INSECURE_ALGORITHM;
        for (k = 0; k < np; k++) {
            int sa = gnutls_x509_crt_get_signature_algorithm(crts[k]);
            if (sa >= 0 && !gnutls_sign_is_secure2((gnutls_sign_algorithm_t)sa,
                                                   GNUTLS_SIGN_FLAG_SECURE_FOR_CERTS)) {
                const char *sn = gnutls_sign_get_name((gnutls_sign_algorithm_t)sa);
                char *w = where(c, k);
                vadd(v, F_CERT_INSECURE_ALGORITHM,
                     xasprintf(_("%s is signed with %s, which validators no longer accept"), w,
                               sn ? sn : "?"));
                free(w);
                named = true;
            }
        }
        if (!named) {
            char *w = where(c, (size_t)(top[8] >= 0 ? top[8] : 0));
            vadd(v, F_CERT_INSECURE_ALGORITHM,
                 xasprintf(_("GnuTLS finds an insecure algorithm or key at %s"), w));
            free(w);
        }
    }
    if (all & GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS) {
        bool named = false;
        done |= GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS;
        for (k = 0; k < np; k++)
            if (unknown_critical(crts[k], buf, sizeof buf)) {
                char *w = where(c, k);
                vadd(v, F_CERT_CRITICAL_EXTENSION,
                     xasprintf(_("%s has a critical extension validators do not know (%s)"), w,
                               buf));
                free(w);
                named = true;
            }
        if (!named) {
            char *w = where(c, (size_t)(top[21] >= 0 ? top[21] : 0));
            vadd(v, F_CERT_CRITICAL_EXTENSION,
                 xasprintf(_("GnuTLS finds an unknown critical extension at %s"), w));
            free(w);
        }
    }
    if (all & GNUTLS_CERT_UNEXPECTED_OWNER) {
        done |= GNUTLS_CERT_UNEXPECTED_OWNER;
        if (names->match)
            vadd(v, F_CERT_REJECTED, owner_rejected(names));
    }
    if (all & GNUTLS_CERT_REVOKED) {
        char *w = where(c, (size_t)(top[5] >= 0 ? top[5] : 0));
        done |= GNUTLS_CERT_REVOKED;
        vadd(v, F_CERT_REVOKED, xasprintf(_("%s is revoked by a CRL given with --crl-file"), w));
        free(w);
    }
    if (all & GNUTLS_CERT_SIGNATURE_FAILURE) {
        char *w = where(c, (size_t)(top[11] >= 0 ? top[11] : 0));
        done |= GNUTLS_CERT_SIGNATURE_FAILURE;
        vadd(v, F_CERT_REJECTED, xasprintf(_("the signature on %s does not verify"), w));
        free(w);
    }
    /* Anything else GnuTLS rejects for: named by GnuTLS itself. */
    if ((all & ~(done | GNUTLS_CERT_INVALID)) != 0) {
        gnutls_datum_t out = {NULL, 0};
        char *s = NULL;
        if (gnutls_certificate_verification_status_print(all & ~done, GNUTLS_CRT_X509, &out, 0) >=
            0) {
            s = sanitize_n(out.data, out.size);
            gnutls_free(out.data);
        }
        vadd(v, F_CERT_REJECTED, xasprintf(_("GnuTLS rejects the path: %s"), s ? s : "?"));
        free(s);
    }
}

/* --- the strict checks GnuTLS does not make ------------------------------- */

static void
strict_findings(struct validation *v, const struct chain_report *c, const struct name_table *names,
                struct cert_parsed *const *ps, size_t np)
{
    size_t k, i;

    for (k = 0; k < np; k++) {
        gnutls_x509_crt_t crt = ps[k] ? ps[k]->crt : NULL;
        bool leaf = k == 0;
        unsigned bits = 0, usage = 0;
        int pk;
        char *w;

        if (!crt)
            continue;
        w = where(c, k);
        {
            bool empty;
            if (bad_purpose(crt, leaf, &empty))
                vadd(v, F_CERT_PURPOSE,
                     empty ? xasprintf(_("%s has an empty extended key usage"), w)
                           : xasprintf(_("the extended key usage of %s does not include "
                                         "serverAuth"),
                                       w));
        }
        if (!leaf && gnutls_x509_crt_get_version(crt) == 1)
            vadd(v, F_CERT_V1_CA, xasprintf(_("%s is a version 1 certificate used as a CA"), w));
        if (leaf) {
            bool ca = is_ca(crt, NULL);
            bool kcs = gnutls_x509_crt_get_key_usage(crt, &usage, NULL) >= 0 &&
                       (usage & GNUTLS_KEY_KEY_CERT_SIGN);
            if (ca || kcs)
                vadd(v, F_CERT_LEAF_CA,
                     xasprintf(ca && kcs ? _("the leaf %s has basicConstraints CA:TRUE and key "
                                             "usage keyCertSign")
                               : ca      ? _("the leaf %s has basicConstraints CA:TRUE")
                                         : _("the leaf %s has key usage keyCertSign"),
                               w));
        }
        {
            unsigned char serial[64];
            size_t size = sizeof serial;
            int r = gnutls_x509_crt_get_serial(crt, serial, &size);
            if (r == GNUTLS_E_SHORT_MEMORY_BUFFER || (r >= 0 && size > 20))
                vadd(v, F_CERT_SERIAL,
                     xasprintf(_("%s has a serial number longer than 20 bytes"), w));
            else if (r >= 0) {
                bool zero = true;
                for (i = 0; i < size; i++)
                    zero = zero && serial[i] == 0;
                if (zero)
                    vadd(v, F_CERT_SERIAL, xasprintf(_("%s has serial number zero"), w));
            }
        }
        {
            gnutls_datum_t ext = {NULL, 0};
            unsigned crit = 0;
            if (gnutls_x509_crt_get_extension_by_oid2(crt, OID_AIA, 0, &ext, &crit) >= 0) {
                gnutls_x509_aia_t aia;
                bool bad = false;
                if (gnutls_x509_aia_init(&aia) < 0)
                    bad = false;
                else {
                    if (gnutls_x509_ext_import_aia(&ext, aia, 0) < 0)
                        bad = true;
                    for (i = 0; !bad; i++) {
                        gnutls_datum_t oid = {NULL, 0}, san = {NULL, 0};
                        unsigned type = 0;
                        int r = gnutls_x509_aia_get(aia, (unsigned)i, &oid, &type, &san);
                        if (r < 0)
                            break;
                        if (type != GNUTLS_SAN_URI || !san.data ||
                            !memmem(san.data, san.size, "://", 3))
                            bad = true;
                    }
                    gnutls_x509_aia_deinit(aia);
                }
                if (bad)
                    vadd(v, F_CERT_AIA,
                         xasprintf(_("%s has an Authority Information Access extension that "
                                     "does not parse as URIs"),
                                   w));
                gnutls_free(ext.data);
            }
        }
        pk = ps[k]->pk; /* read when parsed */
        bits = ps[k]->bits;
        if (pk == GNUTLS_PK_RSA && bits % 8)
            vadd(v, F_CERT_RSA_MODULUS,
                 xasprintf(_("%s has an RSA modulus of %u bits, not a multiple of 8"), w, bits));
        if (pk == GNUTLS_PK_RSA && bits >= 1024 && bits < 2048)
            vadd(v, F_CERT_RSA_1024, xasprintf(_("%s has an RSA key of %u bits"), w, bits));
        if (pk == GNUTLS_PK_DSA)
            vadd(v, F_CERT_WEAK_KEY, xasprintf(_("%s has a DSA key"), w));
        if (pk == GNUTLS_PK_ECDSA && ps[k]->curve == GNUTLS_ECC_CURVE_SECP192R1)
            vadd(v, F_CERT_WEAK_KEY, xasprintf(_("%s has an ECDSA P-192 key"), w));
        if (!leaf) {
            gnutls_datum_t raw = {NULL, 0};
            /* An empty Name is the DER SEQUENCE 30 00. */
            if (gnutls_x509_crt_get_raw_dn(crt, &raw) >= 0 && raw.size <= 2)
                vadd(v, F_CERT_CA_EMPTY_SUBJECT,
                     xasprintf(_("the CA certificate at position %zu has an empty subject"),
                               c->path[k]));
            gnutls_free(raw.data);
        }
        free(w);
    }

    /* The leaf's dNSNames. */
    for (i = 0; i < names->nrows; i++) {
        const struct name_row *r = &names->rows[i];
        char *n;
        if (r->kind != NAME_SAN_DNS || !r->name)
            continue;
        n = sanitize(r->name);
        if (strchr(r->name, '_'))
            vadd(v, F_CERT_SAN_SYNTAX,
                 xasprintf(_("the SAN %s contains an underscore, which is not allowed in a host "
                             "name"),
                           n));
        else if (is_ip_literal(r->name))
            vadd(v, F_CERT_SAN_SYNTAX,
                 xasprintf(_("the SAN %s is an IP address written as a DNS name"), n));
        if (strncmp(r->name, "*.", 2) == 0 && validate_is_public_suffix(r->name + 2))
            vadd(v, F_CERT_WILDCARD_SUFFIX,
                 xasprintf(_("the SAN %s is a wildcard directly on the public suffix %s"), n,
                           n + 2));
        free(n);
    }
}

void
validate_chain_parsed(const struct chain_report *c, const struct cert_chain *pc,
                      const struct name_table *names, gnutls_x509_trust_list_t trust, time_t now,
                      struct validation *out)
{
    size_t np = c->npath, k;
    gnutls_x509_crt_t *crts;
    struct cert_parsed **ps;
    bool all_ok = np > 0;

    memset(out, 0, sizeof *out);
    if (!np)
        return;
    crts = xcalloc(np, sizeof *crts); /* borrowed from pc, in path order */
    ps = xcalloc(np, sizeof *ps);
    for (k = 0; k < np; k++) {
        ps[k] = c->path[k] < pc->n ? pc->c[c->path[k]] : NULL;
        crts[k] = ps[k] ? ps[k]->crt : NULL;
        if (!crts[k])
            all_ok = false;
    }
    judged_now = now;
    if (all_ok && trust) {
        gnutls_global_set_time_function(judged_time);
        gnutls_findings(out, c, names, crts, np, trust);
        gnutls_global_set_time_function(time);
    }
    strict_findings(out, c, names, ps, np);
    free(crts);
    free(ps);
}

void
validate_chain(const struct obs_tls *t, const struct chain_report *c,
               const struct name_table *names, gnutls_x509_trust_list_t trust, time_t now,
               struct validation *out)
{
    struct cert_chain pc;

    cert_chain_parse(t->certs, t->ncerts, &pc);
    validate_chain_parsed(c, &pc, names, trust, now, out);
    cert_chain_free(&pc);
}

bool
validate_analyse_parsed(const struct obs_tls *t, const struct cert_chain *pc,
                        const struct name_table *names, gnutls_x509_trust_list_t trust, time_t now,
                        struct chain_report *c, struct validation *v)
{
    bool judged;

    chain_analyse_parsed(t, pc, trust, now, true, c);
    judged = !c->nnodes || !(c->nodes[0].problems & CHAIN_P_UNPARSABLE);
    memset(v, 0, sizeof *v);
    if (judged)
        validate_chain_parsed(c, pc, names, trust, now, v);
    /* GnuTLS verified every signature of the path built by names, up to a
     * trusted anchor, and every certificate sent is on it: each link
     * chain_analyse would verify has been, so its report is this one. */
    if (judged && v->verified && v->status == 0 && c->anchored && !c->cut && c->npath == c->nnodes)
        return true;
    validate_clear(v);
    chain_clear(c);
    chain_analyse_parsed(t, pc, trust, now, false, c);
    judged = !c->nnodes || !(c->nodes[0].problems & CHAIN_P_UNPARSABLE);
    if (judged)
        validate_chain_parsed(c, pc, names, trust, now, v);
    return judged;
}

bool
validate_analyse(const struct obs_tls *t, const struct name_table *names,
                 gnutls_x509_trust_list_t trust, time_t now, struct chain_report *c,
                 struct validation *v)
{
    struct cert_chain pc;
    bool judged;

    cert_chain_parse(t->certs, t->ncerts, &pc);
    judged = validate_analyse_parsed(t, &pc, names, trust, now, c, v);
    cert_chain_free(&pc);
    return judged;
}

void
validate_clear(struct validation *v)
{
    size_t i;

    for (i = 0; i < v->nfindings; i++)
        free(v->findings[i].detail);
    free(v->findings);
    free(v->status_text);
    memset(v, 0, sizeof *v);
}
