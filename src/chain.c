/* Chain analysis of the certificate list exactly as the server sent it. */
#include "config.h"

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "cert.h"
#include "i18n.h"
#include "xmalloc.h"

#define DAY 86400
#define EXPIRING_DAYS 30

static const struct chain_problem_def problem_defs[] = {
#define X_DEF(id, bit, name, word, sev) {id, name, word, sev},
    CHAIN_PROBLEM_TABLE(X_DEF)
#undef X_DEF
};

const struct chain_problem_def *
chain_problem_at(size_t i)
{
    return i < sizeof problem_defs / sizeof *problem_defs ? &problem_defs[i] : NULL;
}

const char *
chain_problem_words(unsigned problems, char *buf, size_t size)
{
    const struct chain_problem_def *p;
    size_t i, l;

    if (size)
        buf[0] = '\0';
    for (i = 0; (p = chain_problem_at(i)); i++)
        if (problems & p->bit) {
            l = strlen(buf);
            snprintf(buf + l, size - l, "%s%s", l ? ", " : "", _(p->word));
        }
    return buf;
}

/* Does crt b verify crt a's signature?  Time is ours to judge. */
static bool
signed_by(gnutls_x509_crt_t a, gnutls_x509_crt_t b)
{
    unsigned status = 0;

    if (gnutls_x509_crt_verify(a, &b, 1,
                               GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
                                   GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS |
                                   GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1 | GNUTLS_VERIFY_ALLOW_BROKEN |
                                   GNUTLS_VERIFY_ALLOW_ANY_X509_V1_CA_CRT,
                               &status) < 0)
        return false;
    return !(status & (GNUTLS_CERT_SIGNATURE_FAILURE | GNUTLS_CERT_SIGNER_NOT_FOUND));
}

/* Is a issued and signed by b (both of the chain)?  Names and signature.
 * With sigs false, a link between two certificates is made by the names
 * alone (see chain_analyse_by_name); a self-signature is always checked. */
static bool
issued_by(const struct cert_parsed *a, const struct cert_parsed *b, bool sigs)
{
    if (!cert_check_issuer(a, b))
        return false;
    if (!sigs && a != b)
        return true;
    return signed_by(a->crt, b->crt);
}

/* The same for a trust-store anchor b. */
static bool
issued_by_anchor(gnutls_x509_crt_t a, gnutls_x509_crt_t b, bool sigs)
{
    if (!gnutls_x509_crt_check_issuer(a, b))
        return false;
    return !sigs || signed_by(a, b);
}

static void
describe_key(const struct cert_parsed *p, struct chain_node *n)
{
    unsigned bits = p->bits;
    int pk = p->pk;
    int sa = gnutls_x509_crt_get_signature_algorithm(p->crt);
    const char *sname = gnutls_sign_get_name((gnutls_sign_algorithm_t)sa);

    snprintf(n->sig, sizeof n->sig, "%s", sname ? sname : "unknown");
    switch (pk) {
    case GNUTLS_PK_RSA:
        snprintf(n->key, sizeof n->key, "RSA %u", bits);
        if (bits < 1024 || bits > 4096)
            n->problems |= CHAIN_P_BAD_KEY;
        break;
    case GNUTLS_PK_ECDSA: {
        gnutls_ecc_curve_t curve = p->curve;
        if (curve == GNUTLS_ECC_CURVE_SECP256R1)
            snprintf(n->key, sizeof n->key, "ECDSA P-256");
        else if (curve == GNUTLS_ECC_CURVE_SECP384R1)
            snprintf(n->key, sizeof n->key, "ECDSA P-384");
        else {
            snprintf(n->key, sizeof n->key, "ECDSA %s",
                     gnutls_ecc_curve_get_name(curve) ? gnutls_ecc_curve_get_name(curve) : "?");
            n->problems |= CHAIN_P_BAD_KEY;
        }
        break;
    }
    default: {
        const char *name = gnutls_pk_get_name((gnutls_pk_algorithm_t)pk);
        snprintf(n->key, sizeof n->key, "%s", name ? name : "unknown");
        n->problems |= CHAIN_P_BAD_KEY; /* RSA-PSS, EdDSA, DSA... */
    }
    }
    if (sa == GNUTLS_SIGN_RSA_PSS_SHA256 || sa == GNUTLS_SIGN_RSA_PSS_SHA384 ||
        sa == GNUTLS_SIGN_RSA_PSS_SHA512 || sa == GNUTLS_SIGN_RSA_PSS_RSAE_SHA256 ||
        sa == GNUTLS_SIGN_RSA_PSS_RSAE_SHA384 || sa == GNUTLS_SIGN_RSA_PSS_RSAE_SHA512 ||
        sa == GNUTLS_SIGN_EDDSA_ED25519 || sa == GNUTLS_SIGN_EDDSA_ED448)
        n->problems |= CHAIN_P_BAD_SIG;
}

void
chain_analyse_parsed(const struct obs_tls *t, const struct cert_chain *pc,
                     gnutls_x509_trust_list_t trust, time_t now, bool by_name,
                     struct chain_report *out)
{
    size_t n = t->ncerts, i, j;
    struct cert_parsed *const *p = pc->c;
    bool *used, *self, sigs = !by_name;

    memset(out, 0, sizeof *out);
    if (n == 0)
        return;
    used = xcalloc(n, sizeof *used);
    self = xcalloc(n, sizeof *self);
    out->nodes = xcalloc(n, sizeof *out->nodes);
    out->nnodes = n;
    out->path = xcalloc(n, sizeof *out->path);

    for (i = 0; i < n; i++) {
        struct chain_node *nd = &out->nodes[i];
        gnutls_x509_crt_t crt = p[i]->crt;
        unsigned ca = 0;

        nd->index = i;
        nd->issuer_index = -1;
        if (!crt) {
            nd->problems |= CHAIN_P_UNPARSABLE;
            continue;
        }
        nd->subject = p[i]->subject ? xstrdup(p[i]->subject) : NULL;
        nd->issuer = p[i]->issuer ? xstrdup(p[i]->issuer) : NULL;
        memcpy(nd->sha256, p[i]->sha256, sizeof nd->sha256);
        nd->not_before = gnutls_x509_crt_get_activation_time(crt);
        nd->not_after = gnutls_x509_crt_get_expiration_time(crt);
        /* Whole days, rounded down: an hour past expiry is day -1. */
        {
            time_t diff = nd->not_after - now;
            nd->days_left = (long)(diff >= 0 ? diff / DAY : -((-diff + DAY - 1) / DAY));
        }
        if (now < nd->not_before)
            nd->problems |= CHAIN_P_NOT_YET_VALID;
        else if (now > nd->not_after)
            nd->problems |= CHAIN_P_EXPIRED;
        else if (nd->not_after - now <= (time_t)EXPIRING_DAYS * DAY)
            nd->problems |= CHAIN_P_EXPIRING;
        nd->is_ca = gnutls_x509_crt_get_basic_constraints(crt, NULL, &ca, NULL) >= 0 && ca;
        describe_key(p[i], nd);
    }

    /* Each certificate's issuer among those sent (any position); a
     * self-signed one is its own issuer, even when a copy is sent too. */
    for (i = 0; i < n; i++)
        self[i] = p[i]->crt && issued_by(p[i], p[i], sigs);
    for (i = 0; i < n; i++)
        for (j = 0; j < n && p[i]->crt && !self[i]; j++)
            if (j != i && issued_by(p[i], p[j], sigs)) {
                out->nodes[i].issuer_index = (int)j;
                break;
            }

    /* The path as it should be: leaf, then each issuer in turn. */
    if (p[0]->crt) {
        size_t cur = 0;
        out->path[out->npath++] = 0;
        used[0] = true;
        while (out->nodes[cur].issuer_index >= 0 && !used[out->nodes[cur].issuer_index]) {
            cur = (size_t)out->nodes[cur].issuer_index;
            used[cur] = true;
            out->path[out->npath++] = cur;
        }
        if (self[0] && out->npath == 1)
            out->nodes[0].problems |= CHAIN_P_SELF_SIGNED;
    }
    /* In order when the path occupies positions 0, 1, 2... as sent. */
    out->in_order = true;
    for (i = 0; i < out->npath; i++)
        if (out->path[i] != i) {
            out->in_order = false;
            out->nodes[out->path[i]].problems |= CHAIN_P_OUT_OF_ORDER;
        }
    for (i = 0; i < n; i++)
        if (!used[i])
            out->nodes[i].problems |= CHAIN_P_UNRELATED;

    /* Trust: the last certificate of the path is an anchor itself, or is
     * issued by one.  CloudFront fetches nothing (no AIA). */
    if (out->npath) {
        size_t last = out->path[out->npath - 1];
        gnutls_x509_crt_t anchor = cert_anchor(trust, p[last]->crt);
        bool last_self = self[last];

        if (last_self && out->npath > 1)
            out->nodes[last].problems |= CHAIN_P_ROOT;
        if (anchor && issued_by_anchor(p[last]->crt, anchor, sigs)) {
            gnutls_datum_t dn = {NULL, 0};
            out->anchored = true;
            if (gnutls_x509_crt_get_dn3(anchor, &dn, 0) >= 0) {
                out->anchor = xstrndup((const char *)dn.data, dn.size);
                gnutls_free(dn.data);
            }
        }
        out->complete = out->anchored || last_self;
        /* When the list was longer than we keep, or a certificate in it
         * cannot be parsed, the missing issuer may be among those: say
         * nothing rather than guess (the broken one has its own finding). */
        bool broken = false, dropped = false;
        for (i = 1; i < n; i++) {
            broken = broken || (out->nodes[i].problems & CHAIN_P_UNPARSABLE);
            dropped = dropped || !t->certs[i].der;
        }
        out->cut = !out->anchored && (t->certs_received > t->ncerts || dropped);
        if (!out->anchored && t->certs_received <= t->ncerts && !broken) {
            if (last_self && out->npath > 1)
                out->nodes[last].problems |= CHAIN_P_UNTRUSTED;
            else if (!last_self)
                out->nodes[last].problems |= CHAIN_P_NO_ISSUER;
        }
    }

    free(used);
    free(self);
}

static void
analyse(const struct obs_tls *t, gnutls_x509_trust_list_t trust, time_t now, bool by_name,
        struct chain_report *out)
{
    struct cert_chain pc;

    cert_chain_parse(t->certs, t->ncerts, &pc);
    chain_analyse_parsed(t, &pc, trust, now, by_name, out);
    cert_chain_free(&pc);
}

void
chain_analyse(const struct obs_tls *t, gnutls_x509_trust_list_t trust, time_t now,
              struct chain_report *out)
{
    analyse(t, trust, now, false, out);
}

void
chain_analyse_by_name(const struct obs_tls *t, gnutls_x509_trust_list_t trust, time_t now,
                      struct chain_report *out)
{
    analyse(t, trust, now, true, out);
}

void
chain_clear(struct chain_report *c)
{
    size_t i;

    for (i = 0; i < c->nnodes; i++) {
        free(c->nodes[i].subject);
        free(c->nodes[i].issuer);
    }
    free(c->nodes);
    free(c->path);
    free(c->anchor);
    memset(c, 0, sizeof *c);
}
