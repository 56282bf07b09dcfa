/* Small read-only views of a DER certificate for presenters.  Returned
 * strings are raw (they came from the network): sanitize before showing.
 * Caller frees. */
#ifndef CERT_H
#define CERT_H

#include <gnutls/x509.h>
#include <stdbool.h>
#include <stddef.h>

#include "obs.h"

/* RFC 4514 subject / issuer, or NULL when the DER does not parse. */
char *cert_subject(const unsigned char *der, size_t len);
char *cert_issuer(const unsigned char *der, size_t len);
/* Lower-case hex SHA-256 of the DER into out (65 bytes). */
void cert_sha256_hex(const unsigned char *der, size_t len, char out[65]);

/* The dNSName SANs (or, without any, the CNs) of a certificate, raw; at
 * most max.  *out is a fresh array of fresh strings; returns the count. */
size_t cert_dns_names(const unsigned char *der, size_t len, char ***out, size_t max);

/* One certificate, parsed once and shared: by the probe's check of the
 * names it covers, the analyses (chain.c, validate.c, names.c) of each
 * chain that holds it, and the writers.  Counted references; the last
 * CERT_CACHE certificates parsed stay in a small cache keyed by their
 * DER, so that a certificate seen again (the leaf the probe checked, the
 * intermediate every origin behind one load balancer sends) is not parsed
 * again.  The cache is bounded: a run of 10,000 distinct chains keeps at
 * most CERT_CACHE parsed.  Not thread-safe (the program has one thread). */
#define CERT_CACHE 32

struct cert_parsed {
    gnutls_x509_crt_t crt;     /* NULL: no DER kept, or it does not parse */
    gnutls_datum_t raw_dn;     /* DER of the subject and issuer Names */
    gnutls_datum_t raw_issuer; /* (empty when crt is NULL) */
    char *subject, *issuer;    /* RFC 4514, as cert_subject gives it; raw */
    int pk;                    /* gnutls_x509_crt_get_pk_algorithm, and its */
    unsigned bits;             /* bits; for ECDSA the curve (else INVALID) */
    gnutls_ecc_curve_t curve;
    char sha256[65]; /* hex of the DER's SHA-256 ("" without DER) */
    /* private */
    unsigned char *der;
    size_t size;
    unsigned refs;
};

/* A reference to der parsed (never NULL; crt NULL when der is NULL or does
 * not parse).  Release with cert_unref. */
struct cert_parsed *cert_parse(const unsigned char *der, size_t len);
void cert_unref(struct cert_parsed *p);
/* Drops the cache's references (at exit, before gnutls_global_deinit). */
void cert_cache_clear(void);

struct cert_chain {
    struct cert_parsed **c; /* n references, none NULL */
    size_t n;
};

/* The n certificates, each through cert_parse, into *out (free with
 * cert_chain_free). */
void cert_chain_parse(const struct obs_cert *certs, size_t n, struct cert_chain *out);
void cert_chain_free(struct cert_chain *pc);
/* gnutls_x509_crt_check_issuer(a->crt, b->crt), without its cost when the
 * names plainly differ: when neither the issuer's Name bytes nor their
 * RFC 4514 text are the same, GnuTLS would not match them either (it
 * compares the bytes, then the text). */
bool cert_check_issuer(const struct cert_parsed *a, const struct cert_parsed *b);

/* The anchor of trust that issued crt (by name and key identifier, as
 * GnuTLS looks it up), or NULL.  Borrowed from the list, not copied (a copy
 * is an export and a parse): valid while the list is, never deinit. */
gnutls_x509_crt_t cert_anchor(gnutls_x509_trust_list_t trust, gnutls_x509_crt_t crt);

#endif
